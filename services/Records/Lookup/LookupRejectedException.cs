namespace DataBroker.Records.Lookup;

/// <summary>A lookup refused for bad input: <see cref="Field"/> names the request field at fault.</summary>
public sealed class LookupRejectedException(string field, string reason) : Exception($"{field}: {reason}")
{
    public string Field { get; } = field;
}
