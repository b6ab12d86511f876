using DataBroker.Broker.Domain.Limits;
using DataBroker.Broker.Domain.Requests;
using DataBroker.Broker.Limits;
using DataBroker.Broker.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace DataBroker.Broker.Tests.Api;

public sealed class LimitsOptionsTests
{
    [Fact]
    public void One_setting_changes_one_field_of_a_default_rule_and_a_new_name_adds_a_rule()
    {
        var rules = Bind(new()
        {
            ["Broker:Limits:Rules:submit-per-officer:Limit"] = "50",
            ["Broker:Limits:Rules:night-cdr-per-unit:Scope"] = "Unit",
            ["Broker:Limits:Rules:night-cdr-per-unit:Limit"] = "40",
            ["Broker:Limits:Rules:night-cdr-per-unit:Period"] = "1.00:00:00",
            ["Broker:Limits:Rules:night-cdr-per-unit:Category"] = "CallRecords",
        }).ToRules();

        var officer = Assert.Single(rules, r => r.Name == "submit-per-officer");
        Assert.Equal(50, officer.Limit);
        Assert.Equal(TimeSpan.FromHours(1), officer.Period);
        Assert.Equal(10, officer.Burst);
        var added = Assert.Single(rules, r => r.Name == "night-cdr-per-unit");
        Assert.Equal((40, 0, Category.CallRecords), (added.Limit, added.Burst, added.Category));
        Assert.True(added.IsWindow);
        Assert.Equal(LimitDefaults.Rules.Count + 1, rules.Count);
    }

    [Fact]
    public void Disabling_limits_leaves_no_rule()
    {
        Assert.Empty(Bind(new() { ["Broker:Limits:Enabled"] = "false" }).ToRules());
    }

    [Fact]
    public async Task A_rule_that_makes_no_sense_stops_the_broker_at_start()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => SuiteHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Broker:Limits:Rules:submit-per-officer:Limit"] = "0",
        }));
        Assert.Contains("submit-per-officer", error.Message, StringComparison.Ordinal);
    }

    private static LimitsOptions Bind(Dictionary<string, string?> settings)
    {
        var options = new LimitsOptions();
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(LimitsOptions.Section).Bind(options);
        return options;
    }
}
