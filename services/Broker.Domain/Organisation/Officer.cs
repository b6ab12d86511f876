namespace DataBroker.Broker.Domain.Organisation;

/// <summary>
/// The authenticated caller, built from a validated token and checked against the organisation.
/// <see cref="Unit"/> is set for those who submit; <see cref="Headquarters"/> for those who decide
/// (and, for unit members, the HQ their unit belongs to). <see cref="Rank"/> is an approver's rank (supervisor, legal, ...),
/// which the approval policy counts; it too comes only from the token.
/// </summary>
public sealed record Officer(string Id, Role Roles, string? Unit, string? Headquarters, string? Rank = null)
{
    public bool Has(Role role) => (Roles & role) == role;

    // Separation of duties: each power comes from its own role and no other. An admin administers (limits,
    // reinstatement) and oversees; it neither asks for records nor approves them unless it also holds that role.

    /// <summary>May submit and fetch: an officer who belongs to a unit.</summary>
    public bool CanRequest => Unit is not null && Has(Role.Officer);

    /// <summary>May decide requests of the units under their HQ: an approver of that HQ.</summary>
    public bool CanDecide => Headquarters is not null && Has(Role.Approver);
}
