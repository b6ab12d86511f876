namespace DataBroker.Broker.Tests.Oversight.Patterns;

/// <summary>What a scenario measured: citizens the colluders obtained before the first alert about them and before a suspension.</summary>
internal sealed record ScenarioResult(string Name, int BeforeFirstAlert, string? FirstAlert, int BeforeFirstPatternAlert, string? FirstPatternAlert,
    int BeforeSuspension, string? Suspended, int Total)
{
    public override string ToString() =>
        $"{Name}: first alert after {BeforeFirstAlert} citizens ({FirstAlert ?? "none"}); first pattern alert after {BeforeFirstPatternAlert} ({FirstPatternAlert ?? "none"}); " +
        $"suspension after {BeforeSuspension} ({Suspended ?? "none"}); {Total} obtained in all";
}
