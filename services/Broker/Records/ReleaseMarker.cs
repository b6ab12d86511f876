using DataBroker.Broker.Domain.Oversight;
using DataBroker.Broker.Domain.Oversight.Leaks;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Domain.Requests;
using DataBroker.Records.V1;

namespace DataBroker.Broker.Records;

/// <summary>
/// Marks one release of the records service's answer through a <see cref="ReleaseMarking"/>: which field is
/// reworded, which only watermarked, which is an identifier or a call. Runs before the disclosure commits: if the
/// registry cannot be written, the fetch fails and nothing leaves.
/// </summary>
public sealed class ReleaseMarker(IReleaseRegistry registry, HmacSubjectPseudonymizer keys, TimeProvider time) : IReleaseRecorder<LookupResponse>
{
    public async Task<LookupResponse> RecordAsync(DataRequest disclosed, string releaseId, LookupResponse records,
        CancellationToken cancellationToken)
    {
        var marked = records.Clone();
        var marking = new ReleaseMarking(keys, releaseId);
        if (marked.NidDetails is { } nid)
        {
            marking.Identifier("nid", nid.Nid);
            nid.FullName = marking.Text("full_name", nid.FullName, 2);
            nid.FatherName = marking.Text("father_name", nid.FatherName, 1);
            nid.MotherName = marking.Text("mother_name", nid.MotherName, 1);
            nid.PresentAddress = marking.Text("present_address", nid.PresentAddress, 1);
            nid.PermanentAddress = marking.Text("permanent_address", nid.PermanentAddress, 1);
            marking.Content("date_of_birth", nid.DateOfBirth, 0.5);
        }
        foreach (var sim in marked.SimRegistrations)
        {
            marking.Identifier("msisdn", sim.Msisdn);
            marking.Identifier("nid", sim.Nid);
            sim.Operator = marking.Watermark(sim.Operator);
        }
        foreach (var call in marked.CallRecords)
            marking.Call(CallParties.Of(call), call.Start.ToDateTimeOffset());
        if (marked.CriminalRecord is { } criminal)
        {
            foreach (var criminalCase in criminal.Cases)
            {
                marking.Content("case_number", criminalCase.CaseNumber, 1);
                criminalCase.PoliceStation = marking.Watermark(criminalCase.PoliceStation);
            }
        }
        await registry.RecordAsync(marking.Record(disclosed, time.GetUtcNow(), CallParties.Exposed(marked).Count), cancellationToken);
        return marked;
    }

    public Task ForgetAsync(string releaseId, CancellationToken cancellationToken) => registry.RemoveAsync(releaseId, cancellationToken);
}
