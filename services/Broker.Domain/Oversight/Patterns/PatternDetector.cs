using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DataBroker.Broker.Domain.Audit;
using DataBroker.Broker.Domain.Organisation;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Domain.Workflow;

namespace DataBroker.Broker.Domain.Oversight.Patterns;

/// <summary>
/// Long-horizon, cross-party insider patterns, read from committed audit events (off the request path, after the
/// sequencer chained them): who obtained how many citizens and third-party numbers over days and weeks, who approved
/// whom how quickly and how exclusively, which case references were used once, how often the emergency path was
/// taken. Each party is compared with its own previous weeks and with its peers (the unit's officers, the HQ's
/// approvers); each alert says what was seen, against what norm, over what period.
/// </summary>
public sealed class PatternDetector(PatternRules rules, OrganisationChart organisation)
{
    private const int Week = 7;
    private const int FourWeeks = 28;
    // Decision latency histogram edges (seconds): enough resolution for a median, a fixed size per HQ and day.
    private static readonly int[] LatencyEdges = [30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 14400, 28800, 86400];

    public PatternRules Rules => rules;

    /// <summary>This batch's change to a party (<paramref name="mine"/> against <paramref name="original"/>) onto what another broker wrote since.</summary>
    public PartyHistory Merge(PartyHistory original, PartyHistory mine, PartyHistory theirs) =>
        PartyMerge.Merge(original, mine, theirs, rules.CitizensPerDayCap);

    /// <summary>The events the rules read; every other kind (oversight's own entries, cancellations) is skipped.</summary>
    public static bool Reads(AuditEvent e) => e.Kind is AuditKinds.Submitted or AuditKinds.Approval or AuditKinds.Approved
        or AuditKinds.Rejected or AuditKinds.AutoGranted or AuditKinds.Disclosed;

    /// <summary>
    /// The requests whose stored traces a batch needs: only those of events chained before the events named their
    /// request's requester, submission time and approvers themselves (the traces an earlier version kept expire by
    /// their time to live). A request submitted in the batch itself needs none: its submission tells.
    /// </summary>
    public static IReadOnlyCollection<string> RequestsOf(IEnumerable<AuditEvent> events)
    {
        var read = events.Where(Reads).ToList();
        var submitted = read.Where(e => e.Kind == AuditKinds.Submitted).Select(e => e.RequestId).ToHashSet(StringComparer.Ordinal);
        return read.Where(NeedsTrace).Select(e => e.RequestId).Where(id => id.Length > 0 && !submitted.Contains(id)).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>True for an event that lacks what the rules need of its request (chained before the events carried it).</summary>
    public static bool NeedsTrace(AuditEvent e) => e.Kind switch
    {
        AuditKinds.Approval or AuditKinds.Approved or AuditKinds.Rejected => !e.Details.ContainsKey(ChainDetails.Requester) || SubmittedAtOf(e) is null,
        AuditKinds.AutoGranted => !e.Details.ContainsKey(ChainDetails.Requester),
        AuditKinds.Disclosed => !e.Details.ContainsKey(ChainDetails.Approvers),
        _ => false,
    };

    private static DateTimeOffset? SubmittedAtOf(AuditEvent e) =>
        DateTimeOffset.TryParseExact(e.Details.GetValueOrDefault(ChainDetails.SubmittedAt), "O", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            ? at : null;

    /// <summary>Whose request the event is about: the event says, or (chained before it did) the request's stored trace.</summary>
    private static string? RequesterOf(AuditEvent e, PatternState state) =>
        e.Kind is AuditKinds.Submitted or AuditKinds.Disclosed ? e.ActorId
        : NeedsTrace(e) ? state.Request(e.RequestId)?.Requester : e.Details[ChainDetails.Requester];

    /// <summary>Who approved a disclosed request: the disclosure says, or (chained before it did) the request's stored trace.</summary>
    private static IReadOnlyList<string> ApproversOf(AuditEvent e, PatternState state) =>
        !NeedsTrace(e) ? e.Details[ChainDetails.Approvers].Split(',', StringSplitOptions.RemoveEmptyEntries)
        : state.Request(e.RequestId)?.Approvers ?? [];

    /// <summary>The parties a batch touches or compares with (second load).</summary>
    public IReadOnlyCollection<string> PartiesOf(IEnumerable<AuditEvent> events, PatternState state)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var approversOf = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        // Requests submitted in this batch: their traces are not stored yet, but their later events need the requester.
        var submittedBy = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in events.Where(Reads))
        {
            if (e.Kind == AuditKinds.Submitted)
            {
                submittedBy[e.RequestId] = e.ActorId;
                // A submission outside the emergency path only starts the request's trace: no party's history moves.
                if (!IsEmergency(e))
                    continue;
            }
            keys.Add(PartyKeys.Unit(e.Unit));
            if (organisation.HeadquartersOf(e.Unit) is { } hq)
                keys.Add(PartyKeys.Headquarters(hq));
            var requester = RequesterOf(e, state) ?? submittedBy.GetValueOrDefault(e.RequestId);
            if (requester is not null)
                keys.Add(PartyKeys.Officer(requester));
            if (!approversOf.TryGetValue(e.RequestId, out var approvers))
                approversOf[e.RequestId] = approvers = new HashSet<string>(state.Request(e.RequestId)?.Approvers ?? [], StringComparer.Ordinal);
            if (IsDecision(e.Kind))
                approvers.Add(e.ActorId);
            if (e.Kind == AuditKinds.Disclosed)
                approvers.UnionWith(ApproversOf(e, state));
            if (requester is null)
                continue;
            foreach (var approver in approvers)
            {
                keys.Add(PartyKeys.Approver(approver));
                keys.Add(PartyKeys.Pair(approver, requester));
            }
        }
        return keys;
    }

    /// <summary>Folds the events, in chain order, into the state and returns the alerts they raise.</summary>
    public IReadOnlyList<Alert> Observe(IEnumerable<AuditEvent> events, PatternState state)
    {
        var alerts = new List<Alert>();
        foreach (var e in events.Where(Reads))
        {
            switch (e.Kind)
            {
                case AuditKinds.Submitted:
                    OnSubmitted(e, state, alerts);
                    break;
                case AuditKinds.Approval or AuditKinds.Approved or AuditKinds.Rejected:
                    OnDecided(e, state, alerts);
                    break;
                case AuditKinds.AutoGranted:
                    if (RequesterOf(e, state) is { } granted)
                        state.Party(PartyKeys.Officer(granted)).Day(rules.DayOf(e.At), rules.DaysKept).Add("auto_granted");
                    break;
                case AuditKinds.Disclosed:
                    OnDisclosed(e, state, alerts);
                    break;
            }
        }
        return alerts;
    }

    private static bool IsEmergency(AuditEvent e) => e.Details.GetValueOrDefault("emergency") == "true";

    private static bool IsDecision(string kind) => kind is AuditKinds.Approval or AuditKinds.Approved or AuditKinds.Rejected;

    private void OnSubmitted(AuditEvent e, PatternState state, List<Alert> alerts)
    {
        var emergency = IsEmergency(e);
        // Kept for this batch only: an event chained before the events named their request may follow in it.
        state.Remember(e.RequestId, new RequestTrace(e.ActorId, e.Unit, e.At, emergency, []));
        if (!emergency)
            return;
        // Repeated emergency use: the path that skips HQ's decision is counted per officer and per unit.
        var day = rules.DayOf(e.At);
        var officer = state.Party(PartyKeys.Officer(e.ActorId));
        officer.Day(day, rules.DaysKept).Add("emergency");
        var unit = state.Party(PartyKeys.Unit(e.Unit));
        unit.Day(day, rules.DaysKept).Add("emergency");

        var mine = officer.Sum("emergency", day - FourWeeks + 1, day);
        var granted = officer.Sum("auto_granted", day - FourWeeks + 1, day);
        var severity = mine >= rules.EmergenciesSevere ? AlertSeverity.Severe : mine >= rules.EmergenciesPerFourWeeks ? AlertSeverity.Warning : (AlertSeverity?)null;
        if (severity is { } s && officer.MayFire(PatternRules.EmergencyRepeated, s, day, Week))
            alerts.Add(Raise(PatternRules.EmergencyRepeated, s, e.ActorId, e, Text(
                $"{mine} emergency requests in the last 28 days ({granted} of the earlier ones granted by the broker with no HQ decision); the emergency path skips HQ's review and is meant for rare threats to life (warning at {rules.EmergenciesPerFourWeeks}, suspension at {rules.EmergenciesSevere})")));

        var unitWeek = unit.Sum("emergency", day - Week + 1, day);
        if (unitWeek >= rules.UnitEmergenciesPerWeek && unit.MayFire(PatternRules.UnitEmergencyRepeated, AlertSeverity.Warning, day, Week))
            alerts.Add(Raise(PatternRules.UnitEmergencyRepeated, AlertSeverity.Warning, e.ActorId, e, Text(
                $"unit {e.Unit} made {unitWeek} emergency requests in the last 7 days (warning at {rules.UnitEmergenciesPerWeek}); the latest by {e.ActorId}")));
    }

    private void OnDecided(AuditEvent e, PatternState state, List<Alert> alerts)
    {
        // The decision names its requester and submission; one chained before it did is paired through the request's trace.
        var legacy = NeedsTrace(e);
        var trace = legacy ? state.Request(e.RequestId) : null;
        var requester = legacy ? trace?.Requester : e.Details[ChainDetails.Requester];
        if (requester is null || (legacy ? trace?.SubmittedAt : SubmittedAtOf(e)) is not { } submittedAt)
            return; // chained before the events said, and its trace is past its retention: nothing to pair it with
        var approver = e.ActorId;
        var day = rules.DayOf(e.At);
        var latency = e.At - submittedAt;
        var hq = organisation.HeadquartersOf(e.Unit);
        var quick = QuickCutoff(hq is null ? null : state.Peek(PartyKeys.Headquarters(hq)), day);
        if (hq is not null)
        {
            var hqDay = state.Party(PartyKeys.Headquarters(hq)).Day(day, rules.DaysKept);
            hqDay.AddMember(approver);
            hqDay.Add("lat:" + LatencyBucket(latency).ToString(CultureInfo.InvariantCulture));
        }
        state.Party(PartyKeys.Officer(requester)).Day(day, rules.DaysKept).AddMember(approver);
        var pair = state.Party(PartyKeys.Pair(approver, requester));
        var pairDay = pair.Day(day, rules.DaysKept);
        pairDay.Add("decisions");
        state.Party(PartyKeys.Approver(approver)).Day(day, rules.DaysKept).Add("decisions");
        // Only a trace still needs its approvers kept, for a disclosure chained before disclosures named them.
        if (trace is not null && !trace.Approvers.Contains(approver))
            state.SetRequest(e.RequestId, trace with { Approvers = [.. trace.Approvers, approver] });
        if (e.Kind == AuditKinds.Rejected)
            return;

        if (latency < quick)
        {
            pairDay.Add("quick");
            var quickWeek = pair.Sum("quick", day - Week + 1, day);
            var severity = quickWeek >= rules.QuickApprovalsSevere ? AlertSeverity.Severe
                : quickWeek >= rules.QuickApprovalsPerPair ? AlertSeverity.Warning : (AlertSeverity?)null;
            if (severity is { } s && pair.MayFire(PatternRules.QuickApprovalsForRequester, s, day, Week))
                alerts.Add(Raise(PatternRules.QuickApprovalsForRequester, s, approver, e, Text(
                    $"approved {quickWeek} requests of {requester} within {Minutes(quick)} of submission in the last 7 days (the latest after {Minutes(latency)}); {MedianText(hq, state, day)} (warning at {rules.QuickApprovalsPerPair}, suspension at {rules.QuickApprovalsSevere})")));
        }

        if (hq is not null)
            ShareOfRequester(e, state, hq, approver, requester, day, alerts);
    }

    private void ShareOfRequester(AuditEvent e, PatternState state, string hq, string approver, string requester, long day, List<Alert> alerts)
    {
        var deciders = state.Party(PartyKeys.Officer(requester)).MemberSums(day - FourWeeks + 1, day);
        var n = deciders.Values.Sum();
        var k = deciders.GetValueOrDefault(approver);
        if (n < rules.ShareMinimumDecisions || k < rules.ShareThreshold * n)
            return;
        var hqDecisions = state.Party(PartyKeys.Headquarters(hq)).MemberSums(day - FourWeeks + 1, day);
        var active = hqDecisions.Count(d => d.Value > 0);
        if (active < rules.PeersMinimum)
            return; // with one or two approvers at HQ, deciding most of a requester's requests is the job
        // The approver's share of all the HQ's decisions, at least an even split: a busy approver deciding much is expected.
        var p = Math.Max((double)hqDecisions.GetValueOrDefault(approver) / Math.Max(1, hqDecisions.Values.Sum()), 1.0 / active);
        var chance = RobustStatistics.BinomialTail(k, n, p);
        if (chance >= rules.ShareSignificance || !state.Party(PartyKeys.Pair(approver, requester)).MayFire(PatternRules.ApproverDecidesRequester, AlertSeverity.Warning, day, FourWeeks))
            return;
        alerts.Add(Raise(PatternRules.ApproverDecidesRequester, AlertSeverity.Warning, approver, e, Text(
            $"decided {k} of {requester}'s {n} decisions in the last 28 days; {approver} makes {p:P0} of {hq}'s decisions among {active} approvers, so this happens by chance with probability {chance:0.#####}")));
    }

    private void OnDisclosed(AuditEvent e, PatternState state, List<Alert> alerts)
    {
        var officerId = e.ActorId;
        var day = rules.DayOf(e.At);
        var hour = PatternRules.HourOf(e.At);
        var citizen = Short(e.Details.GetValueOrDefault("subject_hmac") ?? "request:" + e.RequestId);
        var thirdParties = int.TryParse(e.Details.GetValueOrDefault("third_party_numbers"), NumberStyles.None, CultureInfo.InvariantCulture, out var tp) ? tp : 0;
        var offHours = rules.IsOffHours(e.At);
        var approvers = ApproversOf(e, state);

        var officer = state.Party(PartyKeys.Officer(officerId));
        var today = officer.Day(day, rules.DaysKept);
        today.AddCitizen(citizen, rules.CitizensPerDayCap);
        today.Add("disclosures");
        today.Add("third_parties", thirdParties);
        if (offHours)
            today.Add("off_hours");
        officer.Hour(hour, rules.HoursKept).Add("third_parties", thirdParties);
        TrackCase(officer, e.Details.GetValueOrDefault("case_reference") ?? "", day);

        var unit = state.Party(PartyKeys.Unit(e.Unit));
        var unitDay = unit.Day(day, rules.DaysKept);
        unitDay.AddCitizen(citizen, rules.CitizensPerDayCap);
        unitDay.Add("disclosures");
        if (offHours)
            unitDay.Add("off_hours");
        unitDay.Members[officerId] = today.Citizens.Count + today.CitizensOverCap;
        foreach (var approver in approvers)
        {
            state.Party(PartyKeys.Approver(approver)).Day(day, rules.DaysKept).AddCitizen(citizen, rules.CitizensPerDayCap);
            state.Party(PartyKeys.Pair(approver, officerId)).Day(day, rules.DaysKept).AddCitizen(citizen, rules.CitizensPerDayCap);
        }

        ThirdParties(e, officer, thirdParties, day, hour, alerts);
        WeeklyCitizens(e, officer, unit, day, alerts);
        UnitWeeklyCitizens(e, unit, day, alerts);
        OffHoursShare(e, officer, unit, day, alerts);
        SingleUseCases(e, officer, day, alerts);
    }

    private void ThirdParties(AuditEvent e, PartyHistory officer, int released, long day, long hour, List<Alert> alerts)
    {
        if (released > rules.ThirdPartiesPerRelease)
            alerts.Add(Raise(PatternRules.CallRecordsBulk, AlertSeverity.Warning, e.ActorId, e, Text(
                $"one call-records release exposed {released} third-party numbers (threshold {rules.ThirdPartiesPerRelease} per release): each callee is a person whose contacts left the broker")));
        if (released == 0)
            return;
        var lastDay = officer.HourSum("third_parties", hour - 23, hour);
        if (lastDay > rules.ThirdPartiesPerDay && officer.MayFire(PatternRules.ThirdPartiesDay, AlertSeverity.Severe, day, 1))
            alerts.Add(Raise(PatternRules.ThirdPartiesDay, AlertSeverity.Severe, e.ActorId, e, Text(
                $"{lastDay} third-party numbers obtained through call records in the last 24 hours (limit {rules.ThirdPartiesPerDay})")));
        var lastWeek = officer.Sum("third_parties", day - Week + 1, day);
        if (lastWeek > rules.ThirdPartiesPerWeek && officer.MayFire(PatternRules.ThirdPartiesWeek, AlertSeverity.Severe, day, Week))
            alerts.Add(Raise(PatternRules.ThirdPartiesWeek, AlertSeverity.Severe, e.ActorId, e, Text(
                $"{lastWeek} third-party numbers obtained through call records in the last 7 days (limit {rules.ThirdPartiesPerWeek})")));
    }

    private void WeeklyCitizens(AuditEvent e, PartyHistory officer, PartyHistory unit, long day, List<Alert> alerts)
    {
        var week = officer.DistinctCitizens(day - Week + 1, day);
        if (week <= rules.CitizensFloor)
            return;
        // Peers: the unit's other officers active this week (a day's distinct citizens, summed over the week).
        var peers = unit.MemberSums(day - Week + 1, day).Where(m => m.Key != e.ActorId).Select(m => (double)m.Value).ToList();
        var peerNorm = peers.Count >= rules.PeersMinimum ? RobustStatistics.UpperNorm(peers, rules.NormSpread) : (double?)null;
        // Own history: the officer's previous weeks, as far back as the history goes.
        var own = PreviousWeeks(officer, day, (p, from, to) => p.DistinctCitizens(from, to));
        var ownNorm = own.Count >= 1 ? RobustStatistics.UpperNorm(own, rules.NormSpread) : (double?)null;
        var norm = peerNorm is null && ownNorm is null ? rules.CitizensCeiling : Math.Max(peerNorm ?? 0, ownNorm ?? 0);
        var threshold = (int)Math.Floor(Math.Clamp(norm, rules.CitizensFloor, rules.CitizensCeiling));
        if (week <= threshold)
            return;
        var severity = week > rules.CitizensSevere ? AlertSeverity.Severe : AlertSeverity.Warning;
        if (!officer.MayFire(PatternRules.WeeklyCitizens, severity, day, Week))
            return;
        var peerText = peerNorm is null ? $"too few active peers in {e.Unit} to compare with"
            : Text($"{e.Unit}'s other {peers.Count} active officers: median {RobustStatistics.Median(peers):0} a week, spread {RobustStatistics.MadToSigma * RobustStatistics.Mad(peers):0.#}");
        var ownText = ownNorm is null ? "no earlier weeks to compare with" : Text($"own previous weeks: median {RobustStatistics.Median(own):0}");
        alerts.Add(Raise(PatternRules.WeeklyCitizens, severity, e.ActorId, e, Text(
            $"obtained {week} distinct citizens in the last 7 days; the norm allows at most {threshold} ({peerText}; {ownText}; never above {rules.CitizensCeiling}, suspension above {rules.CitizensSevere})")));
    }

    private void UnitWeeklyCitizens(AuditEvent e, PartyHistory unit, long day, List<Alert> alerts)
    {
        var week = unit.DistinctCitizens(day - Week + 1, day);
        if (week <= rules.UnitCitizensFloor)
            return;
        var own = PreviousWeeks(unit, day, (p, from, to) => p.DistinctCitizens(from, to));
        if (own.Count < 2)
            return; // a unit's size sets its volume: without two earlier weeks there is no norm to hold it to
        var threshold = Math.Max(rules.UnitCitizensFloor, RobustStatistics.UpperNorm(own, rules.NormSpread));
        if (week <= threshold || !unit.MayFire(PatternRules.UnitWeeklyCitizens, AlertSeverity.Warning, day, Week))
            return;
        alerts.Add(Raise(PatternRules.UnitWeeklyCitizens, AlertSeverity.Warning, e.ActorId, e, Text(
            $"unit {e.Unit} obtained {week} distinct citizens in the last 7 days; its previous {own.Count} weeks had a median of {RobustStatistics.Median(own):0} (norm at most {threshold:0}); the latest by {e.ActorId}")));
    }

    private void OffHoursShare(AuditEvent e, PartyHistory officer, PartyHistory unit, long day, List<Alert> alerts)
    {
        var from = day - FourWeeks + 1;
        var off = officer.Sum("off_hours", from, day);
        var all = officer.Sum("disclosures", from, day);
        if (off < rules.OffHoursDisclosures || all == 0)
            return;
        var share = (double)off / all;
        var unitShare = (double)unit.Sum("off_hours", from, day) / Math.Max(1, unit.Sum("disclosures", from, day));
        if (share < rules.OffHoursShareThreshold || share < 3 * unitShare || !officer.MayFire(PatternRules.OffHoursShare, AlertSeverity.Warning, day, Week))
            return;
        alerts.Add(Raise(PatternRules.OffHoursShare, AlertSeverity.Warning, e.ActorId, e, Text(
            $"{off} of {all} disclosures in the last 28 days were taken between {rules.OffHoursFrom}:00 and {rules.OffHoursTo}:00 local time ({share:P0}; unit {e.Unit} as a whole {unitShare:P0})")));
    }

    private void SingleUseCases(AuditEvent e, PartyHistory officer, long day, List<Alert> alerts)
    {
        var settled = officer.Cases.Values.Where(c => c.FirstDay > day - FourWeeks && c.LastDay <= day - rules.CaseQuietDays).ToList();
        var once = settled.Count(c => c.Disclosures == 1);
        if (once < rules.SingleUseCasesMinimum || once < rules.SingleUseShare * settled.Count
            || !officer.MayFire(PatternRules.SingleUseCases, AlertSeverity.Warning, day, Week))
            return;
        alerts.Add(Raise(PatternRules.SingleUseCases, AlertSeverity.Warning, e.ActorId, e, Text(
            $"{once} of {settled.Count} case references used in the last 28 days served one disclosure and were not used again within {rules.CaseQuietDays} days: are these real cases?")));
    }

    private void TrackCase(PartyHistory officer, string caseReference, long day)
    {
        var key = Short(caseReference.Trim().ToUpperInvariant());
        if (!officer.Cases.TryGetValue(key, out var use))
        {
            foreach (var stale in officer.Cases.Where(c => c.Value.LastDay <= day - rules.DaysKept).Select(c => c.Key).ToList())
                officer.Cases.Remove(stale);
            if (officer.Cases.Count >= rules.CasesKept)
                officer.Cases.Remove(officer.Cases.MinBy(c => c.Value.LastDay).Key);
            officer.Cases[key] = use = new CaseUse { FirstDay = day };
        }
        use.LastDay = day;
        use.Disclosures++;
    }

    /// <summary>The party's totals for each full week before the current one that its history covers (at most three).</summary>
    private static List<double> PreviousWeeks(PartyHistory party, long day, Func<PartyHistory, long, long, int> total)
    {
        var weeks = new List<double>();
        if (party.Days.Count == 0)
            return weeks;
        var first = party.Days.Min(d => d.Day);
        for (var w = 1; w <= 3; w++)
        {
            var from = day - Week * (w + 1) + 1;
            if (from < first)
                break;
            weeks.Add(total(party, from, from + Week - 1));
        }
        return weeks;
    }

    private TimeSpan QuickCutoff(PartyHistory? hq, long day)
    {
        var median = MedianLatency(hq, day);
        var cutoff = median is { } m ? m * rules.QuickShareOfMedian : rules.QuickApprovalFloor;
        return cutoff < rules.QuickApprovalFloor ? rules.QuickApprovalFloor : cutoff > rules.QuickApprovalCeiling ? rules.QuickApprovalCeiling : cutoff;
    }

    /// <summary>The HQ's median decision time over 28 days (the upper edge of its histogram bucket); null with fewer than 20 decisions.</summary>
    private static TimeSpan? MedianLatency(PartyHistory? hq, long day)
    {
        if (hq is null)
            return null;
        var counts = Enumerable.Range(0, LatencyEdges.Length + 1).Select(i => hq.Sum("lat:" + i.ToString(CultureInfo.InvariantCulture), day - FourWeeks + 1, day)).ToArray();
        var total = counts.Sum();
        if (total < 20)
            return null;
        var seen = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            seen += counts[i];
            if (seen * 2 >= total)
                return TimeSpan.FromSeconds(i < LatencyEdges.Length ? LatencyEdges[i] : 2 * LatencyEdges[^1]);
        }
        return null;
    }

    private static string MedianText(string? hq, PatternState state, long day) =>
        MedianLatency(hq is null ? null : state.Peek(PartyKeys.Headquarters(hq)), day) is { } median
            ? Text($"{hq}'s approvers take a median of {Minutes(median)}")
            : Text($"{hq} has too few decisions in 28 days for a median, so the floor applies");

    private static int LatencyBucket(TimeSpan latency)
    {
        var i = 0;
        while (i < LatencyEdges.Length && latency.TotalSeconds >= LatencyEdges[i])
            i++;
        return i;
    }

    /// <summary>A short digest of a pseudonym or case reference: enough to tell thousands apart, small in the state.</summary>
    private static string Short(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)).AsSpan(0, 8));

    private static string Minutes(TimeSpan span) => span.TotalMinutes >= 1
        ? span.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture) + " min"
        : span.TotalSeconds.ToString("0", CultureInfo.InvariantCulture) + " s";

    private static Alert Raise(string rule, AlertSeverity severity, string subject, AuditEvent e, string detail) =>
        new("alert-" + Guid.NewGuid().ToString("N")[..16], rule, severity, subject, e.Unit, e.At, detail, e.RequestId);

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
