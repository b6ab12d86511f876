using System.Text.Json;
using DataBroker.Broker.Domain.Oversight;
using DataBroker.Broker.Domain.Ports;
using StackExchange.Redis;

namespace DataBroker.Broker.Storage.Redis;

/// <summary>
/// The emergency review queue in Redis, on the oversight tag: open reviews in one hash, done ones in
/// another; a completion moves the entry and appends its audit event in one script.
/// </summary>
public sealed class RedisEmergencyReviews(IConnectionMultiplexer redis, AtRestProtector protector) : IEmergencyReviews
{
    private static RedisKey Open => RedisKeys.EmergencyOpen;
    private static RedisKey Done => RedisKeys.EmergencyDone;
    private static RedisKey Alerted => RedisKeys.EmergencyAlerted;

    private IDatabase Db => redis.GetDatabase();

    public async Task EnqueueAsync(EmergencyReview review, CancellationToken cancellationToken) =>
        await Db.HashSetAsync(Open, review.RequestId, Json(review), When.NotExists).WaitAsync(cancellationToken);

    public async Task<EmergencyReview?> GetAsync(string requestId, CancellationToken cancellationToken)
    {
        var db = Db;
        var open = db.HashGetAsync(Open, requestId);
        var done = db.HashGetAsync(Done, requestId);
        await Task.WhenAll(open, done).WaitAsync(cancellationToken);
        var json = open.Result.IsNull ? done.Result : open.Result;
        return json.IsNull ? null : Parse(requestId, json.ToString());
    }

    public async Task<bool> CompleteAsync(EmergencyReview reviewed, AuditEvent audit, CancellationToken cancellationToken) =>
        (long)await RedisScripts.EmergencyComplete.EvaluateAsync(Db, [Open, Done, RedisKeys.OversightAudit],
            [reviewed.RequestId, Json(reviewed), RedisAuditEntry.Seal(audit, protector)], cancellationToken) == 1;

    public async Task<bool> MarkOverdueAlertedAsync(string requestId, CancellationToken cancellationToken) =>
        await Db.SetAddAsync(Alerted, requestId).WaitAsync(cancellationToken);

    public async Task<IReadOnlyList<EmergencyReview>> OpenAsync(CancellationToken cancellationToken)
    {
        var db = Db;
        var open = db.HashGetAllAsync(Open);
        var alerted = db.SetMembersAsync(Alerted);
        await Task.WhenAll(open, alerted).WaitAsync(cancellationToken);
        var flagged = alerted.Result.Select(v => v.ToString()).ToHashSet(StringComparer.Ordinal);
        return [.. open.Result.Select(e => Parse(e.Name.ToString(), e.Value.ToString()))
            .Select(r => flagged.Contains(r.RequestId) ? r with { OverdueAlerted = true } : r)
            .OrderBy(r => r.SubmittedAt)];
    }

    // Sealed whole: the reviewer's note is free text; bound to its request id.
    private string Json(EmergencyReview review) =>
        protector.Protect(JsonSerializer.Serialize(review, OversightJsonContext.Default.EmergencyReview), review.RequestId, "emergency_review");

    private EmergencyReview Parse(string requestId, string sealedJson) =>
        JsonSerializer.Deserialize(protector.Unprotect(sealedJson, requestId, "emergency_review"), OversightJsonContext.Default.EmergencyReview)!;
}
