using CsCheck;
using DataBroker.Broker.Domain.Transparency;

namespace DataBroker.Broker.Tests.Transparency;

/// <summary>
/// Suppression over linked tables as the report builds them: records cross-tabulated by (row, column) in table A, by
/// (another row, column) in table B sharing A's column totals, and A's rows grouped into parent rows in table P.
/// </summary>
public sealed class CellSuppressionTests
{
    private sealed record World(int[][] Records, int RowsA, int RowsB, int Columns, int Parents, int K);

    private static readonly Gen<World> Worlds =
        from rowsA in Gen.Int[1, 6]
        from rowsB in Gen.Int[1, 4]
        from columns in Gen.Int[1, 5]
        from parents in Gen.Int[1, rowsA]
        from k in Gen.Int[2, 8]
        from records in Gen.Select(Gen.Int[0, rowsA - 1], Gen.Int[0, rowsB - 1], Gen.Int[0, columns - 1], (a, b, c) => new[] { a, b, c }).Array[0, 90]
        select new World(records, rowsA, rowsB, columns, parents, k);

    [Fact]
    public void No_withheld_cell_can_be_recovered_from_the_published_cells_and_totals()
    {
        Worlds.Sample(world =>
        {
            var (cells, equations) = Build(world);
            var withheld = CellSuppression.Withhold(cells, equations, world.K);

            // Every small cell is withheld.
            Assert.All(cells.Where(c => c.Value < world.K), c => Assert.Contains(c.Key, withheld));
            // No sum has exactly one withheld member, so no single subtraction gives one back.
            Assert.All(equations, e => Assert.NotEqual(1, e.Parts.Prepend(e.Total).Distinct().Count(withheld.Contains)));
            // Nor does any combination of sums: with the published cells known, the withheld ones are a linear system,
            // and a cell is recoverable exactly when dropping its column lowers the system's rank.
            var unknowns = withheld.Order(StringComparer.Ordinal).ToArray();
            var matrix = equations.Select(e => unknowns.Select(u => (e.Total == u ? 1.0 : 0.0) - e.Parts.Count(p => p == u)).ToArray()).ToArray();
            var rank = Rank(matrix, -1);
            for (var i = 0; i < unknowns.Length; i++)
                Assert.True(Rank(matrix, i) == rank, $"{unknowns[i]} ({cells[unknowns[i]]}) is recoverable from the published cells");
        }, iter: 2000, seed: "0N0XIzNsQ0O2");
    }

    [Fact]
    public void A_lone_small_cell_in_a_row_takes_the_next_smallest_with_it()
    {
        var cells = new Dictionary<string, long> { ["a"] = 2, ["b"] = 9, ["c"] = 7, ["t"] = 18 };
        var withheld = CellSuppression.Withhold(cells, [new CellEquation("t", ["a", "b", "c"])], 5);
        Assert.Equal(["a", "c"], withheld.Order(StringComparer.Ordinal));
    }

    private static (Dictionary<string, long> Cells, List<CellEquation> Equations) Build(World w)
    {
        var cells = new Dictionary<string, long>(StringComparer.Ordinal);
        var equations = new List<CellEquation>();
        void Table(string id, int rows, Func<int[], int> rowOf)
        {
            for (var r = 0; r < rows; r++)
            {
                for (var c = 0; c < w.Columns; c++)
                    cells[$"{id}|{r}|{c}"] = w.Records.Count(x => rowOf(x) == r && x[2] == c);
                cells[$"{id}|{r}|*"] = w.Records.Count(x => rowOf(x) == r);
                equations.Add(new CellEquation($"{id}|{r}|*", [.. Enumerable.Range(0, w.Columns).Select(c => $"{id}|{r}|{c}")]));
            }
            for (var c = 0; c < w.Columns; c++)
                equations.Add(new CellEquation($"*|{c}", [.. Enumerable.Range(0, rows).Select(r => $"{id}|{r}|{c}")]));
            equations.Add(new CellEquation("*|*", [.. Enumerable.Range(0, rows).Select(r => $"{id}|{r}|*")]));
        }
        Table("A", w.RowsA, x => x[0]);
        Table("B", w.RowsB, x => x[1]);
        Table("P", w.Parents, x => x[0] % w.Parents);
        for (var c = 0; c < w.Columns; c++)
            cells[$"*|{c}"] = w.Records.Count(x => x[2] == c);
        cells["*|*"] = w.Records.Length;
        equations.Add(new CellEquation("*|*", [.. Enumerable.Range(0, w.Columns).Select(c => $"*|{c}")]));
        for (var p = 0; p < w.Parents; p++)
        {
            var children = Enumerable.Range(0, w.RowsA).Where(r => r % w.Parents == p).ToArray();
            for (var c = 0; c < w.Columns; c++)
                equations.Add(new CellEquation($"P|{p}|{c}", [.. children.Select(r => $"A|{r}|{c}")]));
            equations.Add(new CellEquation($"P|{p}|*", [.. children.Select(r => $"A|{r}|*")]));
        }
        return (cells, equations);
    }

    /// <summary>Rank by Gaussian elimination with partial pivoting, leaving out column <paramref name="skip"/> (-1: none).</summary>
    private static int Rank(double[][] matrix, int skip)
    {
        var rows = matrix.Select(r => r.Where((_, j) => j != skip).ToArray()).ToArray();
        var width = rows.Length == 0 ? 0 : rows[0].Length;
        var rank = 0;
        for (var c = 0; c < width && rank < rows.Length; c++)
        {
            var pivot = Enumerable.Range(rank, rows.Length - rank).MaxBy(i => Math.Abs(rows[i][c]));
            if (Math.Abs(rows[pivot][c]) < 1e-9)
                continue;
            (rows[rank], rows[pivot]) = (rows[pivot], rows[rank]);
            for (var i = rank + 1; i < rows.Length; i++)
            {
                var factor = rows[i][c] / rows[rank][c];
                for (var j = c; j < width; j++)
                    rows[i][j] -= factor * rows[rank][j];
            }
            rank++;
        }
        return rank;
    }
}
