using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Domain.Requests;

namespace DataBroker.Broker.Tests.Storage;

internal static class RequestAssert
{
    /// <summary>Field by field: records compare their lists by reference, so the lists are compared apart.</summary>
    public static void Same(DataRequest expected, DataRequest? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(WithoutLists(expected), WithoutLists(actual));
        Assert.Equal(expected.Categories, actual.Categories);
        Assert.Equal(expected.RanksRequired, actual.RanksRequired);
        Assert.Equal(expected.Approvals, actual.Approvals);
        Assert.Equal(expected.History, actual.History);
    }

    public static void Same(AuditEvent expected, AuditEvent actual)
    {
        Assert.Equal(expected with { Details = EmptyDetails }, actual with { Details = EmptyDetails });
        Assert.Equal(expected.Details.OrderBy(d => d.Key, StringComparer.Ordinal), actual.Details.OrderBy(d => d.Key, StringComparer.Ordinal));
    }

    private static readonly Dictionary<string, string> EmptyDetails = [];

    private static DataRequest WithoutLists(DataRequest request) =>
        request with { Categories = [], Approvals = [], History = [], RanksRequired = [] };
}
