using DataBroker.Broker.Domain.Organisation;

namespace DataBroker.Broker.Tests.Domain;

public sealed class OrganisationChartTests
{
    private readonly OrganisationChart _chart = OrganisationChart.Default;

    [Fact]
    public void A_unit_member_gets_the_HQ_of_their_unit()
    {
        var officer = _chart.Recognise("rab6-officer-1", Role.Officer, "RAB-6", null);
        Assert.Equal("RAB-HQ", officer!.Headquarters);
        Assert.True(officer.CanRequest);
        Assert.False(officer.CanDecide);
    }

    [Fact]
    public void Unknown_units_and_mismatched_HQs_are_not_recognised()
    {
        Assert.Null(_chart.Recognise("x", Role.Officer, "NOPE", null));
        Assert.Null(_chart.Recognise("x", Role.Approver, null, "NOPE-HQ"));
        Assert.Null(_chart.Recognise("x", Role.Admin, "ATU", "RAB-HQ"));
        Assert.Null(_chart.Recognise("x", Role.None, "ATU", null));
        Assert.Null(_chart.Recognise("", Role.Officer, "ATU", null));
    }

    [Fact]
    public void An_approver_decides_for_the_units_under_their_HQ()
    {
        var approver = _chart.Recognise("phq-approver-1", Role.Approver, null, "POLICE-HQ");
        Assert.True(approver!.CanDecide);
        Assert.False(approver.CanRequest);
        Assert.Equal(["ATU", "CTTC", "DB"], _chart.UnitsUnder("POLICE-HQ"));
    }

    [Fact]
    public void A_unit_cannot_belong_to_two_HQs()
    {
        Assert.Throws<ArgumentException>(() => new OrganisationChart(new Dictionary<string, IReadOnlyList<string>>
        {
            ["A"] = ["U"],
            ["B"] = ["U"],
        }));
    }
}
