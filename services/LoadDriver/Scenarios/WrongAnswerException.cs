namespace DataBroker.LoadDriver.Scenarios;

/// <summary>A call that returned OK with an answer that is not the right one: counted apart from errors.</summary>
internal sealed class WrongAnswerException(string message) : Exception(message);
