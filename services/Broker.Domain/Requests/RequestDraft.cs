using System.Security.Cryptography;
using System.Text;

namespace DataBroker.Broker.Domain.Requests;

/// <summary>What an officer submits, before it becomes a <see cref="DataRequest"/>.</summary>
public sealed record RequestDraft(
    string IdempotencyKey,
    string CaseReference,
    LegalBasis? LegalBasis,
    string Justification,
    Subject? Subject,
    IReadOnlyList<Category> Categories,
    TimeWindow? CdrWindow,
    Urgency Urgency)
{
    /// <summary>Checks every field; the exception names the first bad one by its wire name.</summary>
    public void Validate(RequestRules rules)
    {
        if (string.IsNullOrWhiteSpace(IdempotencyKey) || IdempotencyKey.Length > TextLimits.IdempotencyKey)
            throw DomainException.Invalid("idempotency_key", "idempotency_key is required (1 to 128 characters); use a new UUID per request.");
        if (string.IsNullOrWhiteSpace(CaseReference) || CaseReference.Length > TextLimits.CaseReference)
            throw DomainException.Invalid("case_reference", "case_reference is required (at most 100 characters), e.g. the FIR or GD number.");
        if (LegalBasis is null)
            throw DomainException.Invalid("legal_basis", "legal_basis is required: name the law the request relies on.");
        ValidateJustification(rules);
        ValidateSubject();
        ValidateCategories();
        rules.Policy.EnsureAllows(LegalBasis.Value, Categories, CdrWindow);
    }

    /// <summary>
    /// A hash of everything but the idempotency key: a replayed key must carry the same request. The Redis store
    /// derives a stored request's fingerprint again with this from its stored fields where that gives back what it had.
    /// </summary>
    public string Fingerprint()
    {
        var canonical = string.Join('\n',
            CaseReference, LegalBasis, Justification, Subject, string.Join(',', Categories.Order()),
            CdrWindow?.From.ToUnixTimeMilliseconds(), CdrWindow?.To.ToUnixTimeMilliseconds(), Urgency);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    private void ValidateJustification(RequestRules rules)
    {
        var text = Justification?.Trim() ?? "";
        if (text.Length < rules.MinJustificationLength || Words(text) < rules.MinJustificationWords || !HasDistinctLetters(text, 6))
            throw DomainException.Invalid("justification",
                $"justification must be a real sentence of at least {rules.MinJustificationWords} words and {rules.MinJustificationLength} characters saying why this subject matters to the case.");
        if (text.Length > TextLimits.Justification)
            throw DomainException.Invalid("justification", $"justification must be at most {TextLimits.Justification} characters.");
    }

    /// <summary>
    /// Space-separated words that are not only whitespace: what <c>Split(' ', RemoveEmptyEntries | TrimEntries)</c>
    /// counts, without an array of strings per Submit.
    /// </summary>
    private static int Words(string text)
    {
        var words = 0;
        var inWord = false;
        foreach (var c in text)
        {
            if (c == ' ')
                inWord = false;
            else if (!inWord && !char.IsWhiteSpace(c))
            {
                inWord = true;
                words++;
            }
        }
        return words;
    }

    /// <summary>Whether <paramref name="text"/> holds at least <paramref name="wanted"/> different letters, case aside.</summary>
    private static bool HasDistinctLetters(string text, int wanted)
    {
        Span<char> seen = stackalloc char[wanted];
        var count = 0;
        foreach (var c in text)
        {
            if (!char.IsLetter(c))
                continue;
            var letter = char.ToLowerInvariant(c);
            if (seen[..count].Contains(letter))
                continue;
            seen[count++] = letter;
            if (count == wanted)
                return true;
        }
        return false;
    }

    private void ValidateSubject()
    {
        switch (Subject)
        {
            case null:
                throw DomainException.Invalid("subject", "subject is required: give an NID or an MSISDN.");
            case { Kind: SubjectKind.Nid } when !Requests.Subject.IsValidNid(Subject.Value):
                throw DomainException.Invalid("subject.nid", "subject.nid must be a 10-digit NID number.");
            case { Kind: SubjectKind.Msisdn } when !Requests.Subject.IsValidMsisdn(Subject.Value):
                throw DomainException.Invalid("subject.msisdn", "subject.msisdn must be a Bangladeshi mobile number like 8801712345678.");
        }
    }

    private void ValidateCategories()
    {
        if (Categories.Count == 0)
            throw DomainException.Invalid("categories", "categories must name at least one category.");
        if (Categories.Distinct().Count() != Categories.Count)
            throw DomainException.Invalid("categories", "categories must not repeat a category.");

        var wantsCalls = Categories.Contains(Category.CallRecords);
        if (!wantsCalls)
        {
            if (CdrWindow is not null)
                throw DomainException.Invalid("cdr_window", "cdr_window is only for CALL_RECORDS requests.");
            return;
        }
        if (CdrWindow is null)
            throw DomainException.Invalid("cdr_window", "cdr_window (from and to) is required with CALL_RECORDS.");
        if (CdrWindow.To <= CdrWindow.From)
            throw DomainException.Invalid("cdr_window", "cdr_window.to must be after cdr_window.from.");
    }
}
