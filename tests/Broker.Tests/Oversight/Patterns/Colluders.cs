namespace DataBroker.Broker.Tests.Oversight.Patterns;

/// <summary>
/// The red team's careful insiders: working-day hours only, never more than two citizens an hour (the hourly rule
/// allows five), a plausible case reference reused for three citizens, a colluding approver who waits 35 s to
/// 2.5 min (past the 30 s rule), a fetch a minute or three later.
/// </summary>
internal static class Colluders
{
    private static readonly TimeSpan Local = TimeSpan.FromHours(6);

    public static List<PlannedRequest> Plan(Random random, string officer, string unit, string approver, DateTimeOffset start, int days,
        int perDay, ref int citizen)
    {
        var plan = new List<PlannedRequest>();
        var n = 0;
        for (var day = 0; day < days; day++)
        {
            var local = new DateTimeOffset(start.ToOffset(Local).Date, Local).AddDays(day);
            if (local.DayOfWeek is DayOfWeek.Friday or DayOfWeek.Saturday)
                continue;
            for (var i = 0; i < perDay; i++)
            {
                var submit = local.AddHours(9).AddMinutes(i * 45 + random.Next(10)).ToUniversalTime();
                var decided = submit.AddSeconds(35 + random.Next(115));
                plan.Add(new PlannedRequest(officer, unit, $"{unit}-GD-{officer.Length}{n++ / 3}", citizen++, false, 0, false, submit,
                    [new PlannedDecision(approver, decided, true)], decided.AddMinutes(1 + random.Next(3))));
            }
        }
        return plan;
    }

    /// <summary>One emergency a working day, never decided by HQ: the broker grants it after 5 minutes.</summary>
    public static List<PlannedRequest> EmergencyDrip(string officer, string unit, DateTimeOffset start, int days, ref int citizen)
    {
        var plan = new List<PlannedRequest>();
        for (var day = 0; day < days; day++)
        {
            var local = new DateTimeOffset(start.ToOffset(Local).Date, Local).AddDays(day);
            if (local.DayOfWeek is DayOfWeek.Friday or DayOfWeek.Saturday)
                continue;
            var submit = local.AddHours(10).ToUniversalTime();
            plan.Add(new PlannedRequest(officer, unit, $"{unit}-EMG-{day}", citizen++, false, 0, true, submit, [], submit.AddMinutes(7)));
        }
        return plan;
    }
}
