using System.Text.Json.Serialization;
using DataBroker.Broker.Domain.Oversight.Patterns;

namespace DataBroker.Broker.Storage;

/// <summary>The stored JSON of the pattern detector's state, the same on both stores.</summary>
[JsonSerializable(typeof(PartyHistory))]
[JsonSerializable(typeof(RequestTrace))]
internal sealed partial class PatternJsonContext : JsonSerializerContext;
