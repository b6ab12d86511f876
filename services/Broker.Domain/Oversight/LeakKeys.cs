using System.Globalization;

namespace DataBroker.Broker.Domain.Oversight;

/// <summary>
/// The texts the registry's keyed hashes are taken of, one form for the release that registers them and
/// the leak that looks them up: content ("c:"), wording options ("t:"), trait slots ("s:") and calls ("k:").
/// </summary>
public static class LeakKeys
{
    public static string Content(string canonical) => "c:" + canonical;

    public static string Trait(string words) => "t:" + words;

    public static string Slot(IEnumerable<string> options) => "s:" + string.Join('|', options);

    /// <summary>A call by its third-party number and its start to the minute (posts rarely keep seconds), in UTC.</summary>
    public static string Call(string number, DateTimeOffset start) =>
        "k:" + LeakText.Msisdn(number) + "@" + start.UtcDateTime.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture);
}
