namespace DataBroker.Broker.Domain.Limits;

/// <summary>Whose calls a rule counts, and which calls.</summary>
public enum LimitScope
{
    /// <summary>Submissions of one officer (optionally only those asking for one category).</summary>
    Officer = 1,

    /// <summary>Submissions of one unit, all its officers together (optionally one category).</summary>
    Unit = 2,

    /// <summary>Decisions (approve or reject) of one approver, counted per unit decided for.</summary>
    Approver = 3,

    /// <summary>Distinct subjects whose records a unit was released, over a sliding period.</summary>
    ReleasedSubjects = 4,

    /// <summary>Distinct subjects whose records one officer was released, over a sliding period.</summary>
    OfficerReleasedSubjects = 5,

    /// <summary>Distinct third-party numbers (callees) a unit's call-records releases exposed, over a sliding period.</summary>
    ReleasedThirdParties = 6,

    /// <summary>Distinct third-party numbers one officer's call-records releases exposed, over a sliding period.</summary>
    OfficerReleasedThirdParties = 7,
}
