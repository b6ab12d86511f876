namespace DataBroker.Records.Synthetic;

/// <summary>Offences under real Bangladeshi statutes, and the stages a case goes through.</summary>
internal static class BangladeshLaws
{
    public static readonly IReadOnlyList<string> Offences =
    [
        "Narcotics Control Act 2018 s.36",
        "Penal Code 1860 s.379",
        "Penal Code 1860 s.420",
        "Penal Code 1860 s.323",
        "Penal Code 1860 s.406",
        "Penal Code 1860 s.302",
        "Penal Code 1860 s.395",
        "Arms Act 1878 s.19A",
        "Special Powers Act 1974 s.25B",
        "Nari O Shishu Nirjatan Daman Ain 2000 s.11(c)",
        "Dowry Prohibition Act 2018 s.3",
        "Cyber Security Act 2023 s.25",
        "Money Laundering Prevention Act 2012 s.4(2)",
        "Negotiable Instruments Act 1881 s.138",
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
