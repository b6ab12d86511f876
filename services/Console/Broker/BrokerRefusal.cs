using Grpc.Core;
using GrpcStatusCode = Grpc.Core.StatusCode;

namespace DataBroker.WebConsole.Broker;

/// <summary>What the broker's refusal means to the person on the page, and which form field it concerns.</summary>
public sealed record BrokerRefusal(StatusCode Code, string Message, string? Field)
{
    // The broker's INVALID_ARGUMENT messages start with the field at fault ("subject.nid must be ...").
    private static readonly string[] KnownFields =
        ["case_reference", "legal_basis", "justification", "subject.nid", "subject.msisdn", "subject", "categories", "cdr_window", "urgency", "note"];

    /// <summary>
    /// Runs a broker call and returns its refusal in words, or null when it went through. An expired session is not a
    /// refusal: it propagates, so the person is sent to sign in again.
    /// </summary>
    public static async Task<BrokerRefusal?> OfAsync(Func<Task> call)
    {
        try
        {
            await call();
            return null;
        }
        catch (RpcException e) when (e.StatusCode != StatusCode.Unauthenticated)
        {
            return From(e);
        }
    }

    public static BrokerRefusal From(RpcException e)
    {
        var message = e.Status.Detail;
        string? field = null;
        if (e.StatusCode == StatusCode.InvalidArgument)
            field = KnownFields.FirstOrDefault(f => message.StartsWith(f + " ", StringComparison.Ordinal) || message.StartsWith(f + ":", StringComparison.Ordinal));
        return new BrokerRefusal(e.StatusCode, Plain(e), field);
    }

    /// <summary>Races and refusals in words; never a stack trace, never an error page.</summary>
    private static string Plain(RpcException e) => e.StatusCode switch
    {
        StatusCode.Aborted => "Someone else decided first, or the request changed while you looked. It has been reloaded below.",
        StatusCode.NotFound => "There is no such request, or it is not yours to see.",
        StatusCode.Unavailable => "The broker is unavailable right now; nothing was changed. Try again shortly.",
        StatusCode.DeadlineExceeded => "The broker did not answer in time; nothing may have changed. Reload to see.",
        _ => e.Status.Detail,
    };
}
