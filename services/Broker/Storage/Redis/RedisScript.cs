using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;

namespace DataBroker.Broker.Storage.Redis;

/// <summary>
/// One Lua script of the store: its <c>.lua</c> file (an embedded resource) after the library files it uses,
/// called with KEYS and ARGV, always by its SHA-1 (EVALSHA), computed once here. Should the server not hold it
/// (NOSCRIPT: a restart, a SCRIPT FLUSH, a node that joined after <see cref="RedisScripts.LoadAsync"/>), the call
/// is sent again by body, which StackExchange.Redis loads so the next call by SHA finds it.
/// </summary>
/// <remarks>
/// Not <c>ScriptEvaluateAsync(string)</c> on every call: that looks the body up in the multiplexer's script cache
/// by its text, hashing and comparing several kilobytes per call (2.6-4.1% of the broker's CPU on Submit in the
/// profiles in docs/performance.md). A script that fails with NOSCRIPT has not run, so sending it again is safe.
/// </remarks>
internal sealed class RedisScript
{
    private readonly byte[] _sha1;

    // SHA-1 because it is the name Redis gives a script (EVALSHA), not as a safeguard of anything.
#pragma warning disable CA5350
    private RedisScript(string name, string body) =>
        (Name, Body, _sha1) = (name, body, SHA1.HashData(Encoding.UTF8.GetBytes(body)));
#pragma warning restore CA5350

    public string Name { get; }

    public string Body { get; }

    /// <param name="name">The file <c>Lua/NAME.lua</c>.</param>
    /// <param name="libraries">Files <c>Lua/LIB.lib.lua</c> prepended, in order (each defines local functions).</param>
    public static RedisScript Of(string name, params string[] libraries) =>
        new(name, string.Join('\n', [.. libraries.Select(l => Read(l + ".lib.lua")), Read(name + ".lua")]));

    public Task<RedisResult> EvaluateAsync(IDatabase db, RedisKey[] keys, RedisValue[] args, CancellationToken cancellationToken) =>
        EvaluateBySha1Async(db, keys, args).WaitAsync(cancellationToken);

    private async Task<RedisResult> EvaluateBySha1Async(IDatabase db, RedisKey[] keys, RedisValue[] args)
    {
        try
        {
            return await db.ScriptEvaluateAsync(_sha1, keys, args);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            return await db.ScriptEvaluateAsync(Body, keys, args);
        }
    }

    private static string Read(string file)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("lua/" + file)
            ?? throw new InvalidOperationException($"The Lua file {file} is not embedded in the broker.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
