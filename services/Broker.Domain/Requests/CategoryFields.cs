namespace DataBroker.Broker.Domain.Requests;

/// <summary>
/// The fields each category discloses, and nothing more. The records service returns one message per
/// category, so a disclosure of one category cannot carry another's fields; this list names them for
/// the audit trail.
/// </summary>
public static class CategoryFields
{
    private static readonly Dictionary<Category, string[]> Fields = new()
    {
        [Category.NidDetails] =
        [
            "nid", "full_name", "father_name", "mother_name", "date_of_birth",
            "present_address", "permanent_address", "blood_group", "photo_sha256",
        ],
        [Category.SimRegistrations] = ["msisdn", "operator", "registered_at", "nid"],
        [Category.CallRecords] = ["caller", "callee", "start", "duration_seconds", "cell_id"],
        [Category.CriminalRecord] = ["case_number", "police_station", "offence", "filed_on", "status"],
    };

    public static IReadOnlyList<string> Of(Category category) => Fields[category];
}
