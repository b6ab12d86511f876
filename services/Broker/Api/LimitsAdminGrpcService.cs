using DataBroker.Broker.Domain;
using DataBroker.Broker.Domain.Limits;
using DataBroker.Broker.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using LimitScope = DataBroker.Broker.V1.LimitScope;

namespace DataBroker.Broker.Api;

/// <summary>Admins' calls on limits: translate, run one administration use case, translate back.</summary>
[Authorize]
public sealed class LimitsAdminGrpcService(LimitAdministration administration, CallerResolver callers)
    : LimitsAdminService.LimitsAdminServiceBase
{
    public override async Task<GetUsageResponse> GetUsage(GetUsageRequest request, ServerCallContext context)
    {
        var admin = callers.Resolve(context);
        var readings = await administration.UsageAsync(admin, Required(request.Unit, "unit"), request.Holder, context.Budget());
        var response = new GetUsageResponse();
        response.Counters.AddRange(readings.Select(ToMessage));
        return response;
    }

    public override async Task<SetOverrideResponse> SetOverride(SetOverrideRequest request, ServerCallContext context)
    {
        var admin = callers.Resolve(context);
        if (request.ExpiresAt is null)
            throw DomainException.Invalid("expires_at", "expires_at is required: an override is always temporary.");
        var limit = new LimitOverride(request.Limit, request.Burst == 0 ? request.Limit : request.Burst, WireTime.Instant(request.ExpiresAt, "expires_at"));
        await administration.SetOverrideAsync(admin, Required(request.Unit, "unit"), Required(request.Rule, "rule"), request.Holder, limit,
            request.Reason, context.Budget());
        return new SetOverrideResponse();
    }

    public override async Task<ResetCounterResponse> ResetCounter(ResetCounterRequest request, ServerCallContext context)
    {
        var admin = callers.Resolve(context);
        await administration.ResetAsync(admin, Required(request.Unit, "unit"), Required(request.Rule, "rule"), request.Holder, request.Reason,
            context.Budget());
        return new ResetCounterResponse();
    }

    public override async Task<SetShadowModeResponse> SetShadowMode(SetShadowModeRequest request, ServerCallContext context)
    {
        var admin = callers.Resolve(context);
        await administration.SetShadowAsync(admin, Required(request.Rule, "rule"), request.Shadow, request.Reason, context.Budget());
        return new SetShadowModeResponse();
    }

    private static CounterUsage ToMessage(CounterReading reading)
    {
        var rule = reading.Effective;
        var message = new CounterUsage
        {
            Rule = rule.Name,
            Scope = (LimitScope)(int)rule.Scope,
            Holder = reading.Counter.Holder ?? "",
            Category = rule.Category?.ToString() ?? "",
            Limit = rule.Limit,
            Burst = rule.IsWindow ? 0 : rule.Burst,
            Period = Duration.FromTimeSpan(rule.Period),
            Remaining = reading.Remaining,
            FullIn = Duration.FromTimeSpan(reading.FullIn),
            Shadow = reading.Counter.Shadow,
        };
        if (reading.Override is { } limit)
            message.OverrideExpiresAt = Timestamp.FromDateTimeOffset(limit.ExpiresAt);
        return message;
    }

    private static string Required(string value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw DomainException.Invalid(field, $"{field} is required.") : value.Trim();
}
