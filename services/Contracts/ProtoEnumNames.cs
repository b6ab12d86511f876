using System.Collections.Frozen;
using System.Reflection;
using Google.Protobuf.Reflection;

namespace DataBroker;

/// <summary>
/// A protobuf enum value's name as the .proto spells it, without the enum's own prefix: REQUEST_STATE_AWAITING_APPROVAL
/// is AWAITING_APPROVAL. Proto style names the zero value PREFIX_UNSPECIFIED, which tells the prefix to strip. The one
/// copy for every front end (the CLI's text, the console's labels), computed once per enum type rather than by
/// reflection on every value shown.
/// </summary>
public static class ProtoEnumNames
{
    public static string Of<T>(T value) where T : struct, Enum =>
        Names<T>.ByValue.TryGetValue(value, out var name) ? name : value.ToString();

    private static class Names<T> where T : struct, Enum
    {
        public static readonly FrozenDictionary<T, string> ByValue = Build();

        private static FrozenDictionary<T, string> Build()
        {
            const string Unspecified = "UNSPECIFIED";
            var zero = OriginalName(default(T)) ?? "";
            var prefix = zero.EndsWith(Unspecified, StringComparison.Ordinal) ? zero[..^Unspecified.Length] : "";
            var names = new Dictionary<T, string>();
            foreach (var value in Enum.GetValues<T>())
            {
                var name = OriginalName(value) ?? value.ToString();
                names.TryAdd(value, name.StartsWith(prefix, StringComparison.Ordinal) ? name[prefix.Length..] : name);
            }
            return names.ToFrozenDictionary();
        }

        private static string? OriginalName(T value) =>
            typeof(T).GetField(value.ToString(), BindingFlags.Public | BindingFlags.Static)?.GetCustomAttribute<OriginalNameAttribute>()?.Name;
    }
}
