namespace DataBroker.Records.Synthetic;

/// <summary>Offences under real Bangladeshi statutes, and the stages a case goes through.</summary>
internal static class BangladeshLaws
{
    /// <summary>An offence and the year its statute came into force: no case predates its law.</summary>
    public sealed record Offence(string Citation, int EnactedYear);

    public static readonly IReadOnlyList<Offence> Offences =
    [
        new("Narcotics Control Act 2018 s.36", 2018),
        new("Penal Code 1860 s.379", 1860),
        new("Penal Code 1860 s.420", 1860),
        new("Penal Code 1860 s.323", 1860),
        new("Penal Code 1860 s.406", 1860),
        new("Penal Code 1860 s.302", 1860),
        new("Penal Code 1860 s.395", 1860),
        new("Arms Act 1878 s.19A", 1878),
        new("Special Powers Act 1974 s.25B", 1974),
        new("Nari O Shishu Nirjatan Daman Ain 2000 s.11(c)", 2000),
        new("Dowry Prohibition Act 2018 s.3", 2018),
        new("Cyber Security Act 2023 s.25", 2023),
        new("Money Laundering Prevention Act 2012 s.4(2)", 2012),
        new("Negotiable Instruments Act 1881 s.138", 1881),
    ];

    /// <summary>Statuses with their weights out of 100.</summary>
    public static readonly IReadOnlyList<(string Status, int Weight)> Statuses =
    [
        ("under investigation", 30),
        ("charge-sheeted", 35),
        ("convicted", 20),
        ("acquitted", 15),
    ];
}
