using DataBroker.Broker.Domain.Policy;
using DataBroker.Broker.Hosting;
using DataBroker.Broker.Tests.Storage;
using DataBroker.Broker.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DataBroker.Broker.Tests.Hosting;

/// <summary>"Broker:Policy" is checked at start: a bad entry stops the broker with a message naming it.</summary>
public sealed class PolicyOptionsTests
{
    private static BrokerOptions Bind(IDictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(BrokerOptions.Section).Get<BrokerOptions>() ?? new BrokerOptions();

    private static string[] Failures(IDictionary<string, string?> settings) =>
        new BrokerOptionsValidator(new DevelopmentEnvironment()).Validate(null, Bind(settings)).Failures?.ToArray() ?? [];

    [Fact]
    public void No_policy_configured_is_the_shipped_policy_and_the_shipped_policy_written_as_configuration_reads_back_equal()
    {
        Assert.Same(AuthorisationPolicy.Default, new PolicyOptions().Build([]));
        var failures = new List<string>();
        var read = Bind(PolicySettings.Of(AuthorisationPolicy.Default)).Policy.Build(failures);
        Assert.Empty(failures);
        Assert.Equal(AuthorisationPolicy.Default.Version, read.Version);
        Assert.Equal(Describe(AuthorisationPolicy.Default), Describe(read));
    }

    [Fact]
    public void The_load_profile_s_policy_is_the_shipped_one_with_an_hour_s_grant_under_a_version_of_its_own()
    {
        var settings = new ConfigurationBuilder().AddJsonFile(RepositoryFiles.PathOf("deploy", "ghz", "load-profile.json")).Build()
            .AsEnumerable().ToDictionary(p => p.Key, p => p.Value);
        Assert.Empty(Failures(settings));
        var policy = Bind(settings).Policy.Build([]);
        Assert.Equal((1001, TimeSpan.FromHours(1)), (policy.Version, policy.GrantTtl));
        Assert.Equal(Describe(AuthorisationPolicy.Default), Describe(policy));
    }

    [Theory]
    [InlineData("Approvals:CallRecords:Quorum", "1", "Broker:Policy:Approvals:CallRecords:Ranks names 2 ranks but Quorum is 1")]
    [InlineData("Approvals:CallRecords:Quorum", "6", "Broker:Policy:Approvals:CallRecords:Quorum must be 1 to 5")]
    [InlineData("Approvals:CallRecords:Ranks:1", "supervisor", "Broker:Policy:Approvals:CallRecords:Ranks repeats a rank")]
    [InlineData("Approvals:CallRecords:Ranks:1", "Legal Officer", "Broker:Policy:Approvals:CallRecords:Ranks holds 'Legal Officer'")]
    [InlineData("Approvals:Dna:Quorum", "1", "Broker:Policy:Approvals:Dna: 'Dna' is not one of")]
    [InlineData("Approvals:NidDetails:Urgency:Asap:Quorum", "1", "Broker:Policy:Approvals:NidDetails:Urgency:Asap: 'Asap' is not one of")]
    [InlineData("Approvals:NidDetails:Urgency:Emergency:Quorum", "0", "Broker:Policy:Approvals:NidDetails:Urgency:Emergency:Quorum must be 1 to 5")]
    [InlineData("LegalBases:CrPc94:MaxCdrWindow", "120.00:00:00", "Broker:Policy:LegalBases:CrPc94:MaxCdrWindow must be 1 to 90 days")]
    [InlineData("LegalBases:CrPc94:Categories:0", "Dna", "Broker:Policy:LegalBases:CrPc94:Categories ('Dna')")]
    [InlineData("LegalBases:Vibes:Categories:0", "NidDetails", "Broker:Policy:LegalBases:Vibes: 'Vibes' is not one of")]
    [InlineData("Version", "0", "Broker:Policy:Version must be a positive integer")]
    [InlineData("GrantTtl", "2.00:00:00", "Broker:Policy:GrantTtl must be more than 0 and at most 1 day")]
    public void A_bad_entry_is_refused_naming_it(string key, string value, string expected)
    {
        var settings = PolicySettings.Of(AuthorisationPolicy.Default);
        settings["Broker:Policy:" + key] = value;
        Assert.Contains(Failures(settings), f => f.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_configured_policy_must_give_every_category()
    {
        var settings = PolicySettings.Of(AuthorisationPolicy.Default)
            .Where(p => !p.Key.StartsWith("Broker:Policy:Approvals:CriminalRecord", StringComparison.Ordinal)).ToDictionary();
        Assert.Contains("Broker:Policy:Approvals:CriminalRecord is missing: every category needs an approval rule.", Failures(settings));
    }

    [Theory]
    [InlineData("Broker:Rules:Quorum:CallRecords", "1", "Broker:Rules:Quorum:CallRecords is no longer read")]
    [InlineData("Broker:Rules:GrantTtl", "01:00:00", "Broker:Rules:GrantTtl is no longer read")]
    public void The_keys_the_policy_replaced_are_refused_rather_than_silently_ignored(string key, string value, string expected)
    {
        Assert.Contains(Failures(new Dictionary<string, string?> { [key] = value }), f => f.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_broker_with_a_bad_policy_does_not_start()
    {
        var settings = PolicySettings.Of(AuthorisationPolicy.Default);
        settings["Broker:Policy:Approvals:CallRecords:Quorum"] = "1";
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => SuiteHost.StartAsync(settings: settings));
        Assert.Contains("Broker:Policy:Approvals:CallRecords:Ranks", error.Message, StringComparison.Ordinal);
    }

    private static string[] Describe(AuthorisationPolicy policy) =>
    [
        .. policy.Approvals.OrderBy(r => r.Category).ThenBy(r => r.Urgency).Select(r => $"{r.Category}/{r.Urgency}: {r.Quorum} [{string.Join(",", r.Ranks)}] {r.GrantTtl}"),
        .. policy.LegalBases.OrderBy(b => b.LegalBasis).Select(b => $"{b.LegalBasis}: {string.Join(",", b.Categories.Order())} {b.MaxCdrWindow}"),
    ];

    private sealed class DevelopmentEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = Environments.Development;
        public string ApplicationName { get; set; } = "DataBroker.Broker";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}
