namespace DataBroker.DevIdentityProvider.Personas;

/// <summary>A development identity: who the token says the caller is; an approver also carries their rank.</summary>
public sealed record Persona(string Subject, string Role, string? Unit = null, string? Headquarters = null, string? Rank = null);
