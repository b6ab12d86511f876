using DataBroker.GrpcEdge;
using DataBroker.Records.Lookup;
using DataBroker.Records.V1;
using Grpc.Core;

namespace DataBroker.Records.Grpc;

/// <summary>Translates Lookup calls to <see cref="RecordsLookup"/> and its refusals to INVALID_ARGUMENT.</summary>
public sealed class RecordsGrpcService(RecordsLookup lookup) : RecordsService.RecordsServiceBase
{
    public override Task<LookupResponse> Lookup(LookupRequest request, ServerCallContext context)
    {
        try
        {
            return Task.FromResult(lookup.Answer(request));
        }
        catch (LookupRejectedException rejected)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, StatusText.Cap(rejected.Message)));
        }
    }
}
