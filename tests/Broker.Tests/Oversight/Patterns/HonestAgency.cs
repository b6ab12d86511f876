namespace DataBroker.Broker.Tests.Oversight.Patterns;

/// <summary>
/// Honest officers and approvers with realistic rhythms, from a fixed seed. Officers work Sunday to Thursday (the
/// Bangladeshi week), mostly 09:00-18:00 local time, some evenings, night-duty officers more; each has their own
/// pace (a median of one citizen a working day, from a fifth to three); citizens come in cases of one to a dozen,
/// a few are asked for again; one request in ten is for call records (a median of 60 callees, at most 400) and needs
/// two approvers. Approvers decide for their HQ with unequal shares; most take tens of minutes, one decision in
/// twelve is taken within three minutes (the approver was watching the queue), night requests wait for the morning.
/// One officer per unit may use the emergency path, about once in eight weeks.
/// </summary>
internal sealed class HonestAgency(Random random, DateTimeOffset start)
{
    private static readonly TimeSpan Local = TimeSpan.FromHours(6);
    private int _nextCitizen = 1;
    private int _nextCase = 1;

    public List<PlannedRequest> Generate(IReadOnlyDictionary<string, string[]> unitsByHq, int officersPerUnit, int approversPerHq, int weeks,
        string prefix = "")
    {
        var plan = new List<PlannedRequest>();
        foreach (var (hq, units) in unitsByHq)
        {
            var approvers = Enumerable.Range(1, approversPerHq).Select(i => $"{prefix}{hq}-approver-{i}").ToArray();
            var weights = approvers.Select(_ => 0.5 + random.NextDouble()).ToArray();
            foreach (var unit in units)
            {
                for (var o = 1; o <= officersPerUnit; o++)
                    plan.AddRange(Officer($"{prefix}{unit}-officer-{o}", unit, emergencyAllowed: o == 1, approvers, weights, weeks));
            }
        }
        return plan;
    }

    private IEnumerable<PlannedRequest> Officer(string officer, string unit, bool emergencyAllowed, string[] approvers, double[] weights, int weeks)
    {
        var pace = Math.Clamp(Math.Exp(Normal() * 0.6), 0.2, 3.0);
        var nightShare = random.NextDouble() < 0.15 ? 0.25 : 0.03;
        var asked = new List<int>();
        var (caseRef, caseLeft) = NewCase(unit);
        for (var day = 0; day < weeks * 7; day++)
        {
            var date = start.AddDays(day);
            var working = date.ToOffset(Local).DayOfWeek is not (DayOfWeek.Friday or DayOfWeek.Saturday);
            var count = Poisson(working ? pace : pace * 0.1);
            for (var i = 0; i < count; i++)
            {
                if (caseLeft-- <= 0)
                    (caseRef, caseLeft) = NewCase(unit);
                var citizen = asked.Count > 0 && random.NextDouble() < 0.1 ? asked[random.Next(asked.Count)] : _nextCitizen++;
                asked.Add(citizen);
                var emergency = emergencyAllowed && working && random.NextDouble() < 1.0 / 40;
                yield return Request(officer, unit, caseRef, citizen, date, nightShare, emergency, approvers, weights);
            }
        }
    }

    private PlannedRequest Request(string officer, string unit, string caseRef, int citizen, DateTimeOffset date, double nightShare,
        bool emergency, string[] approvers, double[] weights)
    {
        var localMidnight = new DateTimeOffset(date.ToOffset(Local).Date, Local);
        var roll = random.NextDouble();
        var hour = roll < nightShare ? (22 + random.NextDouble() * 8) % 24
            : roll < nightShare + 0.1 ? 18 + random.NextDouble() * 4
            : 9 + random.NextDouble() * 9;
        var submit = localMidnight.AddHours(hour).ToUniversalTime();
        var callRecords = !emergency && random.NextDouble() < 0.1;
        var thirdParties = callRecords ? (int)Math.Min(400, Math.Exp(Math.Log(60) + 0.8 * Normal())) : 0;
        if (emergency)
            return new PlannedRequest(officer, unit, caseRef, citizen, false, 0, true, submit, [], submit.AddMinutes(6 + random.Next(30)));

        var decisions = new List<PlannedDecision>();
        var at = submit;
        var approve = random.NextDouble() >= 0.05;
        var quorum = callRecords ? 2 : 1;
        var chosen = new HashSet<string>();
        for (var d = 0; d < quorum; d++)
        {
            string approver;
            do approver = Pick(approvers, weights); while (!chosen.Add(approver));
            at = Decide(at);
            // Call records need a supervisor and then a legal officer (the shipped policy). The simulated approvers are
            // drawn as before and sign with the rank still needed: the patterns read no ranks, and unchanged seeded draws
            // keep the false-positive rate comparable with docs/oversight.md.
            decisions.Add(new PlannedDecision(approver, at, approve, d == 0 ? Supervisor : Legal));
            if (!approve)
                break;
        }
        var fetch = approve && random.NextDouble() > 0.03 ? at.AddMinutes(1 + Math.Exp(Math.Log(10) + Normal())) : (DateTimeOffset?)null;
        if (fetch > at.AddMinutes(14))
            fetch = at.AddMinutes(14); // grants last 15 minutes: an honest officer fetches in time
        return new PlannedRequest(officer, unit, caseRef, citizen, callRecords, thirdParties, false, submit, decisions, fetch);
    }

    /// <summary>When a request waiting since <paramref name="from"/> is decided.</summary>
    private DateTimeOffset Decide(DateTimeOffset from)
    {
        var local = from.ToOffset(Local);
        if (local.Hour is < 8 or >= 20)
        {
            var morning = new DateTimeOffset(local.Date, Local).AddHours(local.Hour >= 20 ? 24 + 9 : 9);
            return morning.AddMinutes(Math.Exp(Math.Log(30) + 0.8 * Normal())).ToUniversalTime();
        }
        if (random.NextDouble() < 1.0 / 12)
            return from.AddSeconds(40 + random.Next(140));
        return from.AddMinutes(Math.Min(600, 1 + Math.Exp(Math.Log(25) + 0.9 * Normal())));
    }

    private (string Case, int Left) NewCase(string unit) => ($"{unit}-2026-{_nextCase++}", 1 + Geometric(0.35));

    private const string Supervisor = "supervisor";
    private const string Legal = "legal";

    private string Pick(string[] items, double[] weights)
    {
        var roll = random.NextDouble() * weights.Sum();
        for (var i = 0; i < items.Length; i++)
        {
            roll -= weights[i];
            if (roll < 0)
                return items[i];
        }
        return items[^1];
    }

    private int Poisson(double mean)
    {
        var limit = Math.Exp(-mean);
        var k = 0;
        var p = random.NextDouble();
        while (p > limit)
        {
            k++;
            p *= random.NextDouble();
        }
        return k;
    }

    private int Geometric(double p) => (int)Math.Min(11, Math.Floor(Math.Log(1 - random.NextDouble()) / Math.Log(1 - p)));

    private double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
