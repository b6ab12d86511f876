using System.Text;
using DataBroker.Broker.Domain.Oversight;
using DataBroker.Broker.Domain.Oversight.Leaks;

namespace DataBroker.Broker.Tests.Oversight;

/// <summary>How a leaker turns copies into a post: fields kept, retyping, stripping and rewording, all from one seeded random.</summary>
internal sealed class LeakPostWriter(Random random)
{
    private static readonly int[] OptionCounts = [3, 3, 3, 3, 4, 4];

    private static readonly (string From, string To)[] PlainForms =
    [
        ("H# ", "House "), ("House No. ", "House "), ("Holding ", "House "), ("Rd. ", "Road "), ("Road No. ", "Road "),
        ("Sarak ", "Road "), ("Gram ", "Village "), ("Vlg. ", "Village "), ("Vil. ", "Village "), ("Vill. ", "Village "), ("Mohammad ", "Md "),
        ("Muhammad ", "Md "), ("Mohd. ", "Md "), (" Upazila", ""), ("Upazila ", ""), (" Thana", ""), ("P.S. ", ""),
        (" District", ""), ("Dist. ", ""), (" Zila", ""), ("Zila ", ""),
    ];

    /// <summary>How the leaker treats the per-release wording of the copies.</summary>
    public enum Rewording
    {
        /// <summary>Copied as received (retyping may still drop some of it to plain forms).</summary>
        None,

        /// <summary>One or two of the wording choices changed away from the copy.</summary>
        Few,

        /// <summary>Every wording choice changed away from the copy: the attack.</summary>
        All,
    }

    public string Write(IReadOnlyList<LeakWorld.Copy> copies, bool strip, Rewording rewording, double retype)
    {
        var post = new StringBuilder("🔥 fresh NID pack, DM @datashop_bd, 500 tk each 🔥\n\n");
        var n = 1;
        foreach (var copy in copies)
        {
            var choices = (byte[])copy.Choices.Clone();
            var flips = rewording switch
            {
                Rewording.All => Enumerable.Range(0, ReleaseStyle.Slots),
                Rewording.Few => Enumerable.Range(0, ReleaseStyle.Slots).OrderBy(_ => random.Next()).Take(random.Next(1, 3)),
                _ => [],
            };
            foreach (var slot in flips)
            {
                var k = OptionCounts[slot];
                choices[slot] = (byte)((choices[slot] % k + 1 + random.Next(k - 1)) % k);
            }
            var style = new ReleaseStyle(choices);
            var invisible = ReleaseWatermark.Invisible(copy.Watermark);
            string Field(string value)
            {
                var text = style.Render(value, []);
                text = strip ? text : ReleaseWatermark.Embed(text, invisible);
                return random.NextDouble() < retype ? Retype(text) : text;
            }

            var o = copy.Original;
            var lines = new List<string>();
            if (random.NextDouble() < 0.9)
                lines.Add("Name: " + Field(o.FullName));
            if (random.NextDouble() < 0.5)
                lines.Add("NID: " + (random.NextDouble() < 0.3 ? Bangla(o.Nid) : o.Nid));
            if (random.NextDouble() < 0.6)
                lines.Add("Father: " + Field(o.FatherName));
            if (random.NextDouble() < 0.4)
                lines.Add("Mother: " + Field(o.MotherName));
            if (random.NextDouble() < 0.7)
                lines.Add("Address: " + Field(o.PresentAddress));
            if (random.NextDouble() < 0.4)
                lines.Add("Permanent: " + Field(o.PermanentAddress));
            if (random.NextDouble() < 0.3)
                lines.Add("DOB: " + o.DateOfBirth);
            post.Append(n++).Append(") ").AppendJoin("\n   ", lines.OrderBy(_ => random.Next())).Append("\n\n");
        }
        post.Append("Call records also available. No refunds.");
        var result = post.ToString();
        return strip ? new string([.. result.Where(c => !LeakText.IsInvisible(c))]) : result;
    }

    /// <summary>Typed again by hand: some wording dropped to the plain forms, other case, other spacing.</summary>
    private string Retype(string text)
    {
        text = new string([.. text.Where(c => !LeakText.IsInvisible(c))]);
        foreach (var (from, to) in PlainForms)
        {
            if (random.NextDouble() < 0.6)
                text = text.Replace(from, to, StringComparison.Ordinal);
        }
        text = text.Replace(", ", random.NextDouble() < 0.5 ? " , " : ",", StringComparison.Ordinal);
        return random.Next(3) switch
        {
            0 => text.ToUpperInvariant(),
            1 => text.ToLowerInvariant(),
            _ => text,
        };
    }

    private static string Bangla(string digits) => new([.. digits.Select(c => char.IsAsciiDigit(c) ? (char)('০' + (c - '0')) : c)]);
}
