using DataBroker.Broker.Domain.Oversight;
using DataBroker.Broker.Domain.Ports;

namespace DataBroker.Broker.Storage.Embedded;

/// <summary>The releases registry in memory: each release and its index entries under one lock.</summary>
public sealed class EmbeddedReleaseRegistry : IReleaseRegistry
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ReleaseRecord> _releases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _index = new(StringComparer.Ordinal);

    public Task RecordAsync(ReleaseRecord release, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _releases[release.ReleaseId] = release;
            foreach (var key in ReleaseIndex.KeysOf(release))
            {
                if (!_index.TryGetValue(key, out var ids))
                    _index[key] = ids = [];
                ids.Add(release.ReleaseId);
            }
        }
        return Task.CompletedTask;
    }

    public Task RemoveAsync(string releaseId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_releases.Remove(releaseId, out var release))
                return Task.CompletedTask;
            foreach (var key in ReleaseIndex.KeysOf(release))
            {
                if (_index.TryGetValue(key, out var ids) && ids.Remove(releaseId) && ids.Count == 0)
                    _index.Remove(key);
            }
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> FindAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyDictionary<string, IReadOnlyList<string>>>(keys
                .Where(_index.ContainsKey)
                .ToDictionary(k => k, k => (IReadOnlyList<string>)[.. _index[k]], StringComparer.Ordinal));
        }
    }

    public Task<IReadOnlyList<ReleaseRecord>> GetAsync(IReadOnlyCollection<string> releaseIds, CancellationToken cancellationToken)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<ReleaseRecord>>([.. releaseIds.Where(_releases.ContainsKey).Select(id => _releases[id])]);
    }
}
