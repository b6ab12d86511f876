namespace DataBroker.Broker.Domain.Transparency;

/// <summary>
/// Small-cell suppression over linked tables. Every cell below k is withheld (primary); then, until nothing changes,
/// (1) every sum with exactly one withheld cell (a total or a part) withholds its next smallest published cell, and
/// (2) a linear audit solves the published sums for the withheld cells (exact elimination modulo a large prime over
/// the equations' 0/±1 coefficients): any withheld cell the published values pin down withholds one more cell of a
/// sum it is in. So no withheld cell can be recovered from the published cells and totals by any chain of
/// subtractions, across tables that share totals. Deterministic: ties break by key.
/// </summary>
public static class CellSuppression
{
    private const long Prime = 2_305_843_009_213_693_951; // 2^61 - 1

    /// <returns>The keys of the withheld cells.</returns>
    public static IReadOnlySet<string> Withhold(IReadOnlyDictionary<string, long> cells, IReadOnlyList<CellEquation> equations, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var withheld = new HashSet<string>(cells.Where(c => c.Value < k).Select(c => c.Key), StringComparer.Ordinal);
        // A sum of nothing is zero by definition: it pins its total whatever is withheld, so it is no constraint to protect.
        equations = [.. equations.Where(e => e.Parts.Count > 0)];
        var members = equations.Select(e => e.Parts.Prepend(e.Total).Distinct(StringComparer.Ordinal).ToArray()).ToArray();
        while (true)
        {
            if (WithholdLoneCells(cells, members, withheld))
                continue;
            // A pinned cell whose every sum is withheld whole is pinned through another pinned cell: protect that one.
            var next = Pinned(equations, withheld)
                .Select(pinned => Smallest(cells, members.Where(m => m.Contains(pinned, StringComparer.Ordinal)).SelectMany(m => m)
                    .Where(c => !withheld.Contains(c))))
                .FirstOrDefault(candidate => candidate is not null);
            if (next is null)
                return withheld;
            withheld.Add(next);
        }
    }

    private static bool WithholdLoneCells(IReadOnlyDictionary<string, long> cells, string[][] members, HashSet<string> withheld)
    {
        var changed = false;
        foreach (var member in members)
        {
            if (member.Count(withheld.Contains) != 1)
                continue;
            var next = Smallest(cells, member.Where(c => !withheld.Contains(c)));
            if (next is not null)
            {
                withheld.Add(next);
                changed = true;
            }
        }
        return changed;
    }

    private static string? Smallest(IReadOnlyDictionary<string, long> cells, IEnumerable<string> keys) =>
        keys.Distinct(StringComparer.Ordinal).OrderBy(c => cells[c]).ThenBy(c => c, StringComparer.Ordinal).FirstOrDefault();

    /// <summary>
    /// The withheld cells (by key) that the published cells determine. With the published cells moved to
    /// the right-hand side, a withheld cell is determined exactly when its unit vector lies in the row space of the
    /// withheld cells' coefficients: in reduced row echelon form, a row that is that unit vector.
    /// </summary>
    private static IEnumerable<string> Pinned(IReadOnlyList<CellEquation> equations, HashSet<string> withheld)
    {
        var unknowns = withheld.Order(StringComparer.Ordinal).ToArray();
        var column = unknowns.Select((u, i) => (u, i)).ToDictionary(p => p.u, p => p.i, StringComparer.Ordinal);
        var rows = new List<long[]>();
        foreach (var equation in equations)
        {
            var row = new long[unknowns.Length];
            if (column.TryGetValue(equation.Total, out var t))
                row[t] = Add(row[t], 1);
            foreach (var part in equation.Parts)
            {
                if (column.TryGetValue(part, out var p))
                    row[p] = Add(row[p], Prime - 1);
            }
            if (row.Any(v => v != 0))
                rows.Add(row);
        }
        return Reduce(rows, unknowns.Length).Where(p => p.Row.Count(v => v != 0) == 1).OrderBy(p => p.Pivot).Select(p => unknowns[p.Pivot]);
    }

    private static List<(int Pivot, long[] Row)> Reduce(List<long[]> rows, int width)
    {
        var result = new List<(int, long[])>();
        var r = 0;
        for (var c = 0; c < width && r < rows.Count; c++)
        {
            var found = -1;
            for (var i = r; i < rows.Count; i++)
            {
                if (rows[i][c] != 0)
                {
                    found = i;
                    break;
                }
            }
            if (found < 0)
                continue;
            (rows[r], rows[found]) = (rows[found], rows[r]);
            var inverse = Power(rows[r][c], Prime - 2);
            for (var j = 0; j < width; j++)
                rows[r][j] = Multiply(rows[r][j], inverse);
            for (var i = 0; i < rows.Count; i++)
            {
                if (i == r || rows[i][c] == 0)
                    continue;
                var factor = rows[i][c];
                for (var j = 0; j < width; j++)
                    rows[i][j] = Add(rows[i][j], Prime - Multiply(factor, rows[r][j]));
            }
            result.Add((c, rows[r]));
            r++;
        }
        return result;
    }

    private static long Add(long a, long b) => (long)(((UInt128)(ulong)a + (ulong)b) % Prime);

    private static long Multiply(long a, long b) => (long)((UInt128)(ulong)a * (ulong)b % Prime);

    private static long Power(long value, long exponent)
    {
        long result = 1;
        while (exponent > 0)
        {
            if ((exponent & 1) == 1)
                result = Multiply(result, value);
            value = Multiply(value, value);
            exponent >>= 1;
        }
        return result;
    }
}
