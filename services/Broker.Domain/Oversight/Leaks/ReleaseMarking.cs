using DataBroker.Broker.Domain.Requests;

namespace DataBroker.Broker.Domain.Oversight.Leaks;

/// <summary>
/// One release being marked, whatever the records' format: its mark and wording come from its id (keyed), each
/// text field comes back reworded and watermarked, and every value, call and wording trait is kept as a keyed
/// hash for the releases registry. The records' adapter walks its fields through it and then records it.
/// </summary>
public sealed class ReleaseMarking
{
    private readonly HmacSubjectPseudonymizer _keys;
    private readonly ReleaseStyle _style;
    private readonly string _invisible;
    private readonly Dictionary<string, ReleaseValue> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ReleaseTrait> _traits = new(StringComparer.Ordinal);

    public ReleaseMarking(HmacSubjectPseudonymizer keys, string releaseId)
    {
        _keys = keys;
        ReleaseId = releaseId;
        var derived = Convert.FromHexString(keys.Keyed("release|" + releaseId));
        Mark = Convert.ToHexStringLower(derived.AsSpan(0, 4));
        _style = new ReleaseStyle(derived.AsSpan(4, ReleaseStyle.Slots));
        _invisible = ReleaseWatermark.Invisible(Mark);
    }

    public string ReleaseId { get; }

    /// <summary>The release's watermark, as hex.</summary>
    public string Mark { get; }

    /// <summary>A text field in this release's wording, watermarked; its words and wording traits are kept.</summary>
    public string Text(string field, string value, double weight)
    {
        var traits = new List<StyleTrait>();
        var rendered = _style.Render(value, traits);
        Content(field, rendered, weight);
        foreach (var trait in traits)
        {
            // The same choice in two fields (present and permanent address alike) is one trait.
            var slot = _keys.Keyed(LeakKeys.Slot(trait.Options));
            _traits.TryAdd(slot, new ReleaseTrait(slot, [.. trait.Options.Select(o => _keys.Keyed(LeakKeys.Trait(o)))], trait.Chosen));
        }
        return ReleaseWatermark.Embed(rendered, _invisible);
    }

    /// <summary>A field that keeps its words (an operator, a police station) but carries the watermark.</summary>
    public string Watermark(string value) => ReleaseWatermark.Embed(value, _invisible);

    public void Identifier(string field, string value) => Add(field, LeakKeys.Content(value), LeakRanking.IdentifierWeight);

    /// <summary>A post of call records carries the other party's number and the call's time: together they name the call.</summary>
    public void Call(string number, DateTimeOffset start) => Add("call", LeakKeys.Call(number, start), LeakRanking.IdentifierWeight);

    public void Content(string field, string value, double weight)
    {
        var canonical = LeakText.Canonical(value);
        // One word (a district, a blood group) is shared by too many citizens to say anything.
        if (canonical.Contains(' ', StringComparison.Ordinal))
            Add(field, LeakKeys.Content(canonical), weight);
    }

    /// <summary>What the registry keeps of this release of <paramref name="disclosed"/>, exposing <paramref name="exposedNumbers"/> third parties.</summary>
    public ReleaseRecord Record(DataRequest disclosed, DateTimeOffset at, int exposedNumbers)
    {
        // Last, so a value already named by its field keeps that name.
        Identifier("subject", disclosed.Subject.Value);
        return new ReleaseRecord(ReleaseId, disclosed.Id, disclosed.RequesterId, disclosed.Unit, at, _keys.Pseudonym(disclosed.Subject), Mark,
            [.. _values.Values], [.. _traits.Values], exposedNumbers);
    }

    private void Add(string field, string key, double weight)
    {
        if (key.Length > 2)
            _values.TryAdd(key, new ReleaseValue(_keys.Keyed(key), field, weight));
    }
}
