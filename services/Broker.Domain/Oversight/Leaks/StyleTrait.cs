namespace DataBroker.Broker.Domain.Oversight.Leaks;

/// <summary>One wording choice a release style made: every option's words ("h# 12", "house no 12", ...) and which was taken.</summary>
public sealed record StyleTrait(IReadOnlyList<string> Options, int Chosen);
