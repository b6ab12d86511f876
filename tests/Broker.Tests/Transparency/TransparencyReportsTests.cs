using System.Security.Cryptography;
using DataBroker.Broker.Domain;
using DataBroker.Broker.Domain.Audit;
using DataBroker.Broker.Domain.Organisation;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Domain.Transparency;

namespace DataBroker.Broker.Tests.Transparency;

/// <summary>The use case fails closed: no report from a chain that does not verify, and none for anyone but oversight staff.</summary>
public sealed class TransparencyReportsTests
{
    private static readonly Officer Auditor = new("oversight-auditor-1", Role.Auditor, null, null);

    [Fact]
    public async Task An_edited_chain_entry_yields_no_report()
    {
        var (reports, store) = Reports();
        Assert.NotNull(await reports.BuildAsync(Auditor, TransparencyChains.November, TransparencyChains.November.AddMonths(1), default));

        store.Edit("unit:ATU", 2, text => text.Replace("request.approved", "request.rejected", StringComparison.Ordinal));
        var error = await Assert.ThrowsAsync<DomainException>(() =>
            reports.BuildAsync(Auditor, TransparencyChains.November, TransparencyChains.November.AddMonths(1), default));
        Assert.Equal(DomainErrorKind.FailedPrecondition, error.Kind);
        Assert.Contains("unit:ATU does not verify at 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_officer_or_approver_is_refused()
    {
        var (reports, _) = Reports();
        foreach (var caller in new[] { new Officer("atu-officer-1", Role.Officer, "ATU", null), new Officer("phq-approver-1", Role.Approver, null, "POLICE-HQ") })
        {
            var error = await Assert.ThrowsAsync<DomainException>(() =>
                reports.BuildAsync(caller, TransparencyChains.November, TransparencyChains.November.AddMonths(1), default));
            Assert.Equal(DomainErrorKind.PermissionDenied, error.Kind);
        }
    }

    private static (TransparencyReports Reports, StoredChains Store) Reports()
    {
        var sample = new TransparencyChains();
        var id = sample.Request("ATU", "POLICE-HQ", TransparencyChains.November.AddDays(1), "request.approved", TimeSpan.FromMinutes(5));
        sample.Disclosed("ATU", "POLICE-HQ", id, TransparencyChains.November.AddDays(1).AddHours(1));
        var store = new StoredChains(sample.Link(), sample.Seal);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return (new TransparencyReports(store, sample.Seal, new SealedChains(OrganisationChart.Default), new ReportSigner(key.ExportPkcs8PrivateKeyPem()), 5), store);
    }

    /// <summary>Chains as a store holds them (texts and sealed heads), with a way to edit one stored entry.</summary>
    private sealed class StoredChains(Dictionary<string, IReadOnlyList<ChainEntry>> chains, AuditSeal seal) : IAuditChainStore
    {
        private readonly Dictionary<string, List<string>> _texts = chains.ToDictionary(c => c.Key, c => c.Value.Select(e => e.Text).ToList());

        public void Edit(string chain, long seq, Func<string, string> edit) => _texts[chain][(int)seq - 1] = edit(_texts[chain][(int)seq - 1]);

        public Task<IReadOnlyList<string>> ReadAsync(string chain, long fromSeq, int count, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<string>>(_texts.TryGetValue(chain, out var texts) ? [.. texts.Skip((int)fromSeq - 1).Take(count)] : []);

        public Task<string?> HeadAsync(string chain, CancellationToken cancellationToken) =>
            Task.FromResult(chains.TryGetValue(chain, out var entries) ? seal.Head(chain, entries.Count, entries[^1].Hash).Text : null);

        public Task<IReadOnlyList<string>> CheckpointsAsync(long fromNumber, int count, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<string>>([]);

        public Task<int> AnnounceAsync(string holder, TimeSpan ttl, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task ReleaseLeaseAsync(string chain, string holder, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> TryHoldLeaseAsync(string chain, string holder, TimeSpan ttl, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<ChainState> StateAsync(string chain, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<bool> TryAppendAsync(ChainAppend append, string holder, DateTimeOffset releaseSourceBefore, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<IReadOnlyList<long>> PositionsOfSubjectAsync(string chain, string subjectHmac, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<bool> TryHoldCheckpointLeaseAsync(string holder, TimeSpan ttl, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<string?> LastCheckpointAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<bool> TryAddCheckpointAsync(Checkpoint checkpoint, string holder, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
