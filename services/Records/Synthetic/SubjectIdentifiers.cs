namespace DataBroker.Records.Synthetic;

/// <summary>The shapes of the two subject identifiers, shared by the generator and the request validation.</summary>
public static class SubjectIdentifiers
{
    public const int NidLength = 10;
    public const int MsisdnLength = 13;

    /// <summary>Country code 880, then the mobile prefix 1 and an operator digit 3..9.</summary>
    private const string MobilePrefix = "8801";

    public static bool IsWellFormedNid(string nid) => nid.Length == NidLength && nid.All(char.IsAsciiDigit);

    public static bool IsWellFormedMsisdn(string msisdn) =>
        msisdn.Length == MsisdnLength
        && msisdn.StartsWith(MobilePrefix, StringComparison.Ordinal)
        && msisdn.All(char.IsAsciiDigit)
        && msisdn[4] >= '3';

    /// <summary>The operator digit and the 8-digit subscriber number as one value in [0, 7 * 10^8).</summary>
    internal static long? MobileNumberOf(string msisdn) =>
        IsWellFormedMsisdn(msisdn)
            ? (msisdn[4] - '0' - MobileOperator.LowestPrefixDigit) * SubscriberNumbers + long.Parse(msisdn.AsSpan(5), provider: null)
            : null;

    internal static string MsisdnOf(long mobileNumber) =>
        $"{MobilePrefix}{mobileNumber / SubscriberNumbers + MobileOperator.LowestPrefixDigit}{mobileNumber % SubscriberNumbers:D8}";

    internal static MobileOperator OperatorOf(long mobileNumber) => MobileOperator.ByPrefix[(int)(mobileNumber / SubscriberNumbers)];

    internal const long SubscriberNumbers = 100_000_000;
    internal const long MobileNumbers = 7 * SubscriberNumbers;
    internal const long NidSpace = 10_000_000_000;
}
