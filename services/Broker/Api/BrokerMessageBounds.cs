using DataBroker.Broker.Domain;
using DataBroker.Broker.V1;
using DataBroker.GrpcEdge;
using Google.Protobuf.Reflection;

namespace DataBroker.Broker.Api;

/// <summary>
/// The broker's request bounds: free-text fields get the lengths of <see cref="TextLimits"/>, every other
/// string (ids, units, rules, tokens, subjects) the short default, so a new field is bounded before anyone
/// thinks of it.
/// </summary>
public static class BrokerMessageBounds
{
    /// <summary>UTF-8 of the longest leak text (up to 3 bytes a character) plus room for the rest.</summary>
    public const int MaxMessageBytes = (3 * TextLimits.LeakText) + (64 * 1024);

    public static MessageBounds Create() => new()
    {
        MaxMessageBytes = MaxMessageBytes,
        DefaultTextLength = 256,
        TextLength = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            [Field(SubmitRequest.Descriptor, SubmitRequest.IdempotencyKeyFieldNumber)] = TextLimits.IdempotencyKey,
            [Field(SubmitRequest.Descriptor, SubmitRequest.CaseReferenceFieldNumber)] = TextLimits.CaseReference,
            [Field(SubmitRequest.Descriptor, SubmitRequest.JustificationFieldNumber)] = TextLimits.Justification,
            [Field(DecideRequest.Descriptor, DecideRequest.NoteFieldNumber)] = TextLimits.Note,
            [Field(CancelRequest.Descriptor, CancelRequest.ReasonFieldNumber)] = TextLimits.Note,
            [Field(ReviewEmergencyRequest.Descriptor, ReviewEmergencyRequest.NoteFieldNumber)] = TextLimits.Note,
            [Field(SetOverrideRequest.Descriptor, SetOverrideRequest.ReasonFieldNumber)] = TextLimits.Reason,
            [Field(ResetCounterRequest.Descriptor, ResetCounterRequest.ReasonFieldNumber)] = TextLimits.Reason,
            [Field(SetShadowModeRequest.Descriptor, SetShadowModeRequest.ReasonFieldNumber)] = TextLimits.Reason,
            [Field(SuspendRequest.Descriptor, SuspendRequest.ReasonFieldNumber)] = TextLimits.Reason,
            [Field(ReinstateRequest.Descriptor, ReinstateRequest.ReasonFieldNumber)] = TextLimits.Reason,
            [Field(TraceLeakRequest.Descriptor, TraceLeakRequest.TextFieldNumber)] = TextLimits.LeakText,
        },
    };

    private static string Field(MessageDescriptor message, int number) => message.FindFieldByNumber(number).FullName;
}
