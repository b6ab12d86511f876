using DataBroker.Broker.Domain;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Domain.Requests;
using DataBroker.Records.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace DataBroker.Broker.Records;

/// <summary>Asks the records service for exactly the approved categories of an approved request.</summary>
public sealed partial class GrpcRecordsReader(
    RecordsService.RecordsServiceClient client,
    ServiceTokenSource token,
    TimeSpan callTimeout,
    ILogger<GrpcRecordsReader> logger) : IRecordsReader<LookupResponse>
{
    public async Task<RecordsRead<LookupResponse>> ReadAsync(DataRequest request, CancellationToken cancellationToken)
    {
        var lookup = new LookupRequest();
        if (request.Subject.Kind == SubjectKind.Nid)
            lookup.Nid = request.Subject.Value;
        else
            lookup.Msisdn = request.Subject.Value;
        lookup.Categories.AddRange(request.Categories.Select(c => (DataBroker.Records.V1.Category)(int)c));
        if (request.CdrWindow is { } window)
        {
            lookup.CdrFrom = Timestamp.FromDateTimeOffset(window.From);
            lookup.CdrTo = Timestamp.FromDateTimeOffset(window.To);
        }

        try
        {
            var headers = new Metadata { { "authorization", "Bearer " + token.Current } };
            // The real clock on purpose: gRPC measures a deadline against DateTime.UtcNow, so one taken from an
            // injected (possibly fake) TimeProvider would be wrong by the fake's offset.
            var response = await client.LookupAsync(lookup, headers, DateTime.UtcNow + callTimeout, cancellationToken);
            return new RecordsRead<LookupResponse>(response.SubjectFound, response, CallParties.Exposed(response));
        }
        catch (RpcException e)
        {
            // The officer learns only that records are unreachable; the grant stays usable.
            LogRecordsFailed(logger, e.StatusCode);
            throw new DomainException(DomainErrorKind.Unavailable,
                "The records service did not answer; nothing was released and your grant is still valid. Try again shortly.");
        }
    }

    [LoggerMessage(EventId = 10, EventName = "RecordsLookupFailed", Level = LogLevel.Warning, Message = "Records lookup failed with {Status}")]
    private static partial void LogRecordsFailed(ILogger logger, StatusCode status);
}
