using DataBroker.Broker.V1;
using DataBroker.Records.Synthetic;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using RecordsProto = DataBroker.Records.V1;

namespace DataBroker.LoadDriver.Scenarios;

/// <summary>Well-formed submissions about real synthetic citizens, each with a fresh idempotency key.</summary>
internal sealed class Submissions(LoadTarget target, LoadIdentities identities, SyntheticPopulation population)
{
    private const string Justification = "Subject's phone was found in the safe house raided on 12 November during the load test.";

    public LoadIdentities Identities => identities;

    public SyntheticPopulation Population => population;

    public static SubmitRequest Message(string nid, bool callRecords)
    {
        var message = new SubmitRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(),
            CaseReference = "LOAD-2026-001",
            LegalBasis = LegalBasis.AntiTerrorismAct,
            Justification = Justification,
            Subject = new Subject { Nid = nid },
            Urgency = Urgency.Priority,
        };
        message.Categories.Add(RecordsProto.Category.NidDetails);
        if (callRecords)
        {
            message.Categories.Add(RecordsProto.Category.CallRecords);
            var to = DateTime.SpecifyKind(DateTime.UtcNow.Date, DateTimeKind.Utc);
            message.CdrWindow = new TimeWindow { From = Timestamp.FromDateTime(to.AddDays(-2)), To = Timestamp.FromDateTime(to) };
        }
        return message;
    }

    public string NidFor(long n) => population.NidOf(n % population.CitizenCount);

    /// <summary>Submits as officer <paramref name="n"/> and checks the answer names a new pending request of that officer.</summary>
    public async Task<DataRequest> SubmitAsync(long n, bool callRecords, CancellationToken cancellationToken, Metadata? headers = null)
    {
        var officer = identities.OfficerAt(n);
        var reply = await new RequestService.RequestServiceClient(target.Next())
            .SubmitAsync(Message(NidFor(n), callRecords), headers ?? identities.Officer(n), cancellationToken: cancellationToken);
        var request = reply.Request;
        if (reply.Replayed || request is null || request.State != RequestState.AwaitingApproval
            || request.RequesterId != officer.Id || !request.RequestId.StartsWith(officer.Unit + ".", StringComparison.Ordinal))
            throw new WrongAnswerException("submit returns a new pending request of the caller");
        return request;
    }
}
