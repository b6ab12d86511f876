namespace DataBroker.Broker.Domain.Requests;

/// <summary>The citizen a request is about, named by NID or by phone number.</summary>
public sealed record Subject(SubjectKind Kind, string Value)
{
    /// <summary>10-digit smart-card NID.</summary>
    public static bool IsValidNid(string value) => value.Length == 10 && value.All(char.IsAsciiDigit);

    /// <summary>Bangladeshi mobile number as E.164 without '+': 880 1[3-9] and eight digits.</summary>
    public static bool IsValidMsisdn(string value) =>
        value.Length == 13 && value.StartsWith("8801", StringComparison.Ordinal)
        && value[4] is >= '3' and <= '9' && value.All(char.IsAsciiDigit);

    public override string ToString() => $"{Kind}:{Value}";
}
