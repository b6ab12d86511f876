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
}
