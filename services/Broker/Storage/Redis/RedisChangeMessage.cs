using System.Globalization;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Domain.Requests;

namespace DataBroker.Broker.Storage.Redis;

/// <summary>The pub/sub message announcing a commit: <c>id|version|state</c>; the channel names the unit.</summary>
internal static class RedisChangeMessage
{
    public static string Format(DataRequest request) =>
        string.Create(CultureInfo.InvariantCulture, $"{request.Id}|{request.Version}|{request.State}");

    /// <summary>Null for a message this broker did not write (another version, a stray publish).</summary>
    public static RequestChange? Parse(string unit, string message)
    {
        // Split from the right: the id is the one part not of our making.
        var stateBar = message.LastIndexOf('|');
        var versionBar = stateBar > 0 ? message.LastIndexOf('|', stateBar - 1) : -1;
        if (versionBar <= 0
            || !long.TryParse(message.AsSpan(versionBar + 1, stateBar - versionBar - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            || !Enum.TryParse<RequestState>(message.AsSpan(stateBar + 1), out var state)
            || !Enum.IsDefined(state))
            return null;
        return new RequestChange(unit, message[..versionBar], version, state);
    }
}
