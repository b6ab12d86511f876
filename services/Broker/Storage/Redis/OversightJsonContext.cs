using System.Text.Json.Serialization;
using DataBroker.Broker.Domain.Oversight;

namespace DataBroker.Broker.Storage.Redis;

/// <summary>The stored JSON of oversight records.</summary>
[JsonSourceGenerationOptions(UseStringEnumConverter = true)]
[JsonSerializable(typeof(ReleaseRecord))]
[JsonSerializable(typeof(Alert))]
[JsonSerializable(typeof(EmergencyReview))]
internal sealed partial class OversightJsonContext : JsonSerializerContext;
