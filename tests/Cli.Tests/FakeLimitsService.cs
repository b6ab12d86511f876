using DataBroker.Broker.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace DataBroker.Cli.Tests;

/// <summary>The limits admin service with canned answers, recording what the CLI sent.</summary>
public sealed class FakeLimitsService(FakeLimitsService.Calls calls) : LimitsAdminService.LimitsAdminServiceBase
{
    public override Task<GetUsageResponse> GetUsage(GetUsageRequest request, ServerCallContext context)
    {
        calls.Usage = request;
        return Task.FromResult(new GetUsageResponse
        {
            Counters =
            {
                new CounterUsage
                {
                    Rule = "submit-per-officer", Scope = LimitScope.Officer, Holder = request.Holder, Limit = 45, Burst = 10,
                    Period = Duration.FromTimeSpan(TimeSpan.FromHours(1)), Remaining = 3, FullIn = Duration.FromTimeSpan(TimeSpan.FromMinutes(14)),
                    OverrideExpiresAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 12, 1, 6, 0, 0, TimeSpan.Zero)),
                },
                new CounterUsage
                {
                    Rule = "call-records-per-officer", Scope = LimitScope.Officer, Holder = request.Holder, Category = "CallRecords", Limit = 10,
                    Burst = 0, Period = Duration.FromTimeSpan(TimeSpan.FromDays(1)), Remaining = 10, FullIn = new Duration(), Shadow = true,
                },
            },
        });
    }

    public override Task<SetOverrideResponse> SetOverride(SetOverrideRequest request, ServerCallContext context)
    {
        calls.Override = request;
        return Task.FromResult(new SetOverrideResponse());
    }

    public override Task<ResetCounterResponse> ResetCounter(ResetCounterRequest request, ServerCallContext context)
    {
        calls.Reset = request;
        return Task.FromResult(new ResetCounterResponse());
    }

    public override Task<SetShadowModeResponse> SetShadowMode(SetShadowModeRequest request, ServerCallContext context)
    {
        calls.Shadow = request;
        return Task.FromResult(new SetShadowModeResponse());
    }

    public sealed class Calls
    {
        public GetUsageRequest? Usage { get; set; }
        public SetOverrideRequest? Override { get; set; }
        public ResetCounterRequest? Reset { get; set; }
        public SetShadowModeRequest? Shadow { get; set; }
    }
}
