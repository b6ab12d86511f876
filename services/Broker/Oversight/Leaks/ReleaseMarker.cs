using DataBroker.Broker.Domain.Oversight;
using DataBroker.Broker.Domain.Oversight.Leaks;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Domain.Requests;
using DataBroker.Broker.Records;
using DataBroker.Records.V1;

namespace DataBroker.Broker.Oversight.Leaks;

/// <summary>
/// Marks one release's records (per-release wording, then an invisible watermark in the text fields)
/// and registers the release with keyed hashes of what it holds: its values, its wording traits, and each
/// call's third-party number with the call's time. Runs before the disclosure commits: if the registry
/// cannot be written, the fetch fails and nothing leaves.
/// </summary>
public sealed class ReleaseMarker(IReleaseRegistry registry, HmacSubjectPseudonymizer keys, TimeProvider time) : IReleaseRecorder<LookupResponse>
{
    public async Task<LookupResponse> RecordAsync(DataRequest disclosed, string releaseId, LookupResponse records,
        CancellationToken cancellationToken)
    {
        var marked = records.Clone();
        var derived = Convert.FromHexString(keys.Keyed("release|" + releaseId));
        var mark = Convert.ToHexStringLower(derived.AsSpan(0, 4));
        var style = new ReleaseStyle(derived.AsSpan(4, ReleaseStyle.Slots));
        var invisible = ReleaseWatermark.Invisible(mark);
        var values = new ReleaseValues(keys);
        if (marked.NidDetails is { } nid)
        {
            values.Identifier("nid", nid.Nid);
            nid.FullName = Text(values, "full_name", nid.FullName, 2, style, invisible);
            nid.FatherName = Text(values, "father_name", nid.FatherName, 1, style, invisible);
            nid.MotherName = Text(values, "mother_name", nid.MotherName, 1, style, invisible);
            nid.PresentAddress = Text(values, "present_address", nid.PresentAddress, 1, style, invisible);
            nid.PermanentAddress = Text(values, "permanent_address", nid.PermanentAddress, 1, style, invisible);
            values.Content("date_of_birth", nid.DateOfBirth, 0.5);
        }
        foreach (var sim in marked.SimRegistrations)
        {
            values.Identifier("msisdn", sim.Msisdn);
            values.Identifier("nid", sim.Nid);
            sim.Operator = ReleaseWatermark.Embed(sim.Operator, invisible);
        }
        foreach (var call in marked.CallRecords)
        {
            // A post of call records carries the other party's number and the call's time: together they name this call.
            var third = CallParties.Of(call);
            values.Call(third, call.Start.ToDateTimeOffset());
        }
        if (marked.CriminalRecord is { } criminal)
        {
            foreach (var criminalCase in criminal.Cases)
            {
                values.Content("case_number", criminalCase.CaseNumber, 1);
                criminalCase.PoliceStation = ReleaseWatermark.Embed(criminalCase.PoliceStation, invisible);
            }
        }

        // Last, so a value already named by its field keeps that name.
        values.Identifier("subject", disclosed.Subject.Value);
        await registry.RecordAsync(new ReleaseRecord(releaseId, disclosed.Id, disclosed.RequesterId, disclosed.Unit, time.GetUtcNow(),
            keys.Pseudonym(disclosed.Subject), mark, values.All, values.Traits, CallParties.Exposed(marked).Count), cancellationToken);
        return marked;
    }

    public Task ForgetAsync(string releaseId, CancellationToken cancellationToken) => registry.RemoveAsync(releaseId, cancellationToken);

    private static string Text(ReleaseValues values, string field, string value, double weight, ReleaseStyle style, string invisible)
    {
        var traits = new List<StyleTrait>();
        var rendered = style.Render(value, traits);
        values.Content(field, rendered, weight);
        values.AddTraits(traits);
        return ReleaseWatermark.Embed(rendered, invisible);
    }

    /// <summary>The keyed value hashes and wording traits of one release, without repeats.</summary>
    private sealed class ReleaseValues(HmacSubjectPseudonymizer keys)
    {
        private readonly Dictionary<string, ReleaseValue> _values = new(StringComparer.Ordinal);
        private readonly Dictionary<string, ReleaseTrait> _traits = new(StringComparer.Ordinal);

        public IReadOnlyList<ReleaseValue> All => [.. _values.Values];

        public IReadOnlyList<ReleaseTrait> Traits => [.. _traits.Values];

        public void Identifier(string field, string value) => Add(field, LeakKeys.Content(value), LeakRanking.IdentifierWeight);

        public void Call(string number, DateTimeOffset start) => Add("call", LeakKeys.Call(number, start), LeakRanking.IdentifierWeight);

        public void Content(string field, string value, double weight)
        {
            var canonical = LeakText.Canonical(value);
            // One word (a district, a blood group) is shared by too many citizens to say anything.
            if (canonical.Contains(' ', StringComparison.Ordinal))
                Add(field, LeakKeys.Content(canonical), weight);
        }

        public void AddTraits(IEnumerable<StyleTrait> traits)
        {
            foreach (var trait in traits)
            {
                // The same choice in two fields (present and permanent address alike) is one trait.
                var slot = keys.Keyed(LeakKeys.Slot(trait.Options));
                _traits.TryAdd(slot, new ReleaseTrait(slot, [.. trait.Options.Select(o => keys.Keyed(LeakKeys.Trait(o)))], trait.Chosen));
            }
        }

        private void Add(string field, string key, double weight)
        {
            if (key.Length > 2)
                _values.TryAdd(key, new ReleaseValue(keys.Keyed(key), field, weight));
        }
    }
}
