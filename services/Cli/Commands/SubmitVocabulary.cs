using DataBroker.Broker.V1;
using DataBroker.Records.V1;

namespace DataBroker.Cli.Commands;

/// <summary>The words an officer types for categories and legal bases, and what they mean on the wire.</summary>
internal static class SubmitVocabulary
{
    public static readonly IReadOnlyDictionary<string, Category> Categories = new Dictionary<string, Category>(StringComparer.OrdinalIgnoreCase)
    {
        ["nid"] = Category.NidDetails,
        ["sim"] = Category.SimRegistrations,
        ["cdr"] = Category.CallRecords,
        ["criminal"] = Category.CriminalRecord,
    };

    public static readonly IReadOnlyDictionary<string, LegalBasis> Bases = new Dictionary<string, LegalBasis>(StringComparer.OrdinalIgnoreCase)
    {
        ["anti-terrorism"] = LegalBasis.AntiTerrorismAct,
        ["telecom-97a"] = LegalBasis.TelecomAct97A,
        ["crpc-94"] = LegalBasis.Crpc94,
        ["court-order"] = LegalBasis.CourtOrder,
        ["narcotics"] = LegalBasis.NarcoticsControlAct,
    };

    /// <summary>Reads <paramref name="text"/> from <paramref name="words"/>, or fails naming <paramref name="option"/> and the choices.</summary>
    public static T Read<T>(IReadOnlyDictionary<string, T> words, string option, string text) =>
        words.TryGetValue(text.Trim(), out var value)
            ? value
            : throw new UsageException($"{option}: unknown value '{text}'; expected one of {string.Join(", ", words.Keys)}.");
}
