namespace DataBroker.DevIdentityProvider.Personas;

/// <summary>A development identity: who the token says the caller is.</summary>
public sealed record Persona(string Subject, string Role, string? Unit = null, string? Headquarters = null);
