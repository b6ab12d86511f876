namespace DataBroker.Broker.Domain.Oversight;

/// <summary>
/// The mandatory HQ review of one emergency request: due by <see cref="Deadline"/>; <see cref="Justified"/>
/// is null until someone reviews it.
/// </summary>
public sealed record EmergencyReview(
    string RequestId,
    string OfficerId,
    string Unit,
    string Headquarters,
    DateTimeOffset SubmittedAt,
    DateTimeOffset Deadline,
    bool? Justified = null,
    string? ReviewerId = null,
    string? Note = null,
    bool OverdueAlerted = false)
{
    public bool IsOverdue(DateTimeOffset now) => Justified is null && now >= Deadline;
}
