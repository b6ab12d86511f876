using Google.Protobuf.WellKnownTypes;
using BrokerProto = DataBroker.Broker.V1;
using RecordsProto = DataBroker.Records.V1;

namespace DataBroker.Broker.Tests.Support;

/// <summary>Well-formed submissions for the service tests.</summary>
internal static class Requests
{
    public static BrokerProto.SubmitRequest Submit(string nid, params RecordsProto.Category[] categories)
    {
        var message = new BrokerProto.SubmitRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString(),
            CaseReference = "Gulshan PS case 14/2026",
            LegalBasis = BrokerProto.LegalBasis.AntiTerrorismAct,
            Justification = "Subject's phone was found in the safe house raided on 12 November.",
            Subject = new BrokerProto.Subject { Nid = nid },
            Urgency = BrokerProto.Urgency.Priority,
        };
        message.Categories.AddRange(categories.Length == 0 ? [RecordsProto.Category.NidDetails] : categories);
        if (message.Categories.Contains(RecordsProto.Category.CallRecords))
        {
            var to = DateTime.SpecifyKind(DateTime.UtcNow.Date, DateTimeKind.Utc);
            message.CdrWindow = new BrokerProto.TimeWindow
            {
                From = Timestamp.FromDateTime(to.AddDays(-7)),
                To = Timestamp.FromDateTime(to),
            };
        }
        return message;
    }
}
