using System.Reflection;
using StackExchange.Redis;

namespace DataBroker.Broker.Storage.Redis;

/// <summary>
/// One Lua script of the store: its <c>.lua</c> file (an embedded resource) after the library files it uses,
/// called with KEYS and ARGV. Once <see cref="RedisScripts.LoadAsync"/> has sent it with SCRIPT LOAD,
/// StackExchange.Redis calls it by SHA (EVALSHA) and, should the server have lost its scripts (NOSCRIPT, after a
/// restart or SCRIPT FLUSH), sends the body again by itself.
/// </summary>
internal sealed class RedisScript
{
    private RedisScript(string name, string body) => (Name, Body) = (name, body);

    public string Name { get; }

    public string Body { get; }

    /// <param name="name">The file <c>Lua/NAME.lua</c>.</param>
    /// <param name="libraries">Files <c>Lua/LIB.lib.lua</c> prepended, in order (each defines local functions).</param>
    public static RedisScript Of(string name, params string[] libraries) =>
        new(name, string.Join('\n', [.. libraries.Select(l => Read(l + ".lib.lua")), Read(name + ".lua")]));

    public Task<RedisResult> EvaluateAsync(IDatabase db, RedisKey[] keys, RedisValue[] args, CancellationToken cancellationToken) =>
        db.ScriptEvaluateAsync(Body, keys, args).WaitAsync(cancellationToken);

    private static string Read(string file)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("lua/" + file)
            ?? throw new InvalidOperationException($"The Lua file {file} is not embedded in the broker.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
