namespace DataBroker.Records.Synthetic;

/// <summary>A Bangladeshi mobile operator: the digit after "8801", its name and its mobile network code.</summary>
internal sealed record MobileOperator(int PrefixDigit, string Name, int NetworkCode)
{
    /// <summary>Indexed by prefix digit - 3: 013..019, as allocated by the BTRC.</summary>
    public static readonly IReadOnlyList<MobileOperator> ByPrefix =
    [
        new(3, "Grameenphone", 1),
        new(4, "Banglalink", 3),
        new(5, "Teletalk", 4),
        new(6, "Airtel", 7),
        new(7, "Grameenphone", 1),
        new(8, "Robi", 2),
        new(9, "Banglalink", 3),
    ];

    public const int LowestPrefixDigit = 3;
}
