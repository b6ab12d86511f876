using System.Buffers.Binary;
using System.Security.Cryptography;
using DataBroker.Records.V1;
using Google.Protobuf.WellKnownTypes;

namespace DataBroker.Records.Synthetic;

/// <summary>
/// Citizens derived on demand from (seed, index). NIDs and MSISDNs are keyed permutations of the
/// index, so lookups invert them instead of searching, and memory does not grow with the population.
/// </summary>
public sealed class SyntheticPopulation
{
    public const long MaxCitizens = 200_000_000;
    public const int MaxSimsPerCitizen = 3;
    public static readonly TimeSpan MaxCallRecordWindow = TimeSpan.FromDays(90);

    // Domain tags keep the streams for different facts about one citizen independent.
    private const ulong NidTag = 1, MsisdnTag = 2, SimCountTag = 3, ProfileTag = 4, CriminalTag = 5,
        CasesTag = 6, CallsTag = 7, SimRegistrationTag = 8, HomeCellTag = 9;

    /// <summary>SIM registration became biometric in 2016; no registration predates it.</summary>
    private static readonly DateOnly FirstRegistrationDay = new(2016, 1, 1);

    private readonly FeistelPermutation _nids;
    private readonly FeistelPermutation _mobileNumbers;

    public SyntheticPopulation(ulong seed, long citizenCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(citizenCount, 1L);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(citizenCount, MaxCitizens);
        Seed = seed;
        CitizenCount = citizenCount;
        _nids = new FeistelPermutation(SubjectIdentifiers.NidSpace, DeterministicHash.Of(seed, NidTag));
        _mobileNumbers = new FeistelPermutation(SubjectIdentifiers.MobileNumbers, DeterministicHash.Of(seed, MsisdnTag));
    }

    public ulong Seed { get; }

    public long CitizenCount { get; }

    public string NidOf(long index) => _nids.Forward(CheckIndex(index)).ToString("D10", null);

    /// <summary>The citizen holding <paramref name="nid"/>, or null when it is malformed or nobody's.</summary>
    public long? IndexOfNid(string nid)
    {
        if (!SubjectIdentifiers.IsWellFormedNid(nid))
            return null;
        var index = _nids.Inverse(long.Parse(nid, provider: null));
        return index < CitizenCount ? index : null;
    }

    public int SimCountOf(long index)
    {
        var roll = DeterministicHash.Of(Seed, SimCountTag, (ulong)CheckIndex(index)) % 100;
        return roll < 55 ? 1 : roll < 85 ? 2 : 3;
    }

    public string MsisdnOf(SimSlot sim) => SubjectIdentifiers.MsisdnOf(MobileNumberOf(sim));

    public string PrimaryMsisdnOf(long index) => MsisdnOf(new SimSlot(index, 0));

    /// <summary>The SIM with that number, or null when it is malformed or not issued to anyone.</summary>
    public SimSlot? ResolveMsisdn(string msisdn)
    {
        if (SubjectIdentifiers.MobileNumberOf(msisdn) is not { } number)
            return null;
        var flat = _mobileNumbers.Inverse(number);
        var sim = new SimSlot(flat / MaxSimsPerCitizen, (int)(flat % MaxSimsPerCitizen));
        return sim.CitizenIndex < CitizenCount && sim.Slot < SimCountOf(sim.CitizenIndex) ? sim : null;
    }

    public bool HasCriminalRecord(long index) =>
        DeterministicHash.Of(Seed, CriminalTag, (ulong)CheckIndex(index)) % 1000 < 30;

    public NidDetails NidDetailsOf(long index)
    {
        var profile = ProfileOf(index);
        return new NidDetails
        {
            Nid = NidOf(index),
            FullName = profile.FullName,
            FatherName = profile.FatherName,
            MotherName = profile.MotherName,
            DateOfBirth = profile.DateOfBirth.ToString("yyyy-MM-dd", null),
            PresentAddress = profile.PresentAddress,
            PermanentAddress = profile.PermanentAddress,
            BloodGroup = profile.BloodGroup,
            PhotoSha256 = PhotoHashOf(index),
        };
    }

    public IReadOnlyList<SimRegistration> SimRegistrationsOf(long index) =>
        [.. Enumerable.Range(0, SimCountOf(index)).Select(slot => SimRegistrationOf(new SimSlot(index, slot)))];

    public SimRegistration SimRegistrationOf(SimSlot sim)
    {
        var number = MobileNumberOf(sim);
        var profile = ProfileOf(sim.CitizenIndex);
        var earliest = profile.Adulthood > FirstRegistrationDay ? profile.Adulthood : FirstRegistrationDay;
        var start = new DateTimeOffset(earliest.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var end = new DateTimeOffset(CitizenProfile.ReferenceDate.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var rng = new SplitMix64(DeterministicHash.Of(Seed, SimRegistrationTag, (ulong)number));
        var registeredAt = start.AddSeconds(rng.NextLong(Math.Max(1, (long)(end - start).TotalSeconds)));
        return new SimRegistration
        {
            Msisdn = SubjectIdentifiers.MsisdnOf(number),
            Operator = SubjectIdentifiers.OperatorOf(number).Name,
            RegisteredAt = Timestamp.FromDateTimeOffset(registeredAt),
            Nid = NidOf(sim.CitizenIndex),
        };
    }

    /// <summary>
    /// Calls made from one SIM in [from, to), sorted by start. Each UTC day's calls come from their
    /// own PRNG stream, so any window is answerable and a split window concatenates to the whole.
    /// </summary>
    public IReadOnlyList<CallRecord> CallRecordsOf(SimSlot sim, DateTimeOffset from, DateTimeOffset to)
    {
        CheckWindow(from, to);
        var number = MobileNumberOf(sim);
        var records = new List<CallRecord>();
        var lastDay = DayOf(to.AddTicks(-1));
        for (var day = DayOf(from); day <= lastDay; day++)
        {
            foreach (var call in CallsOnDay(sim, number, day))
            {
                var start = call.Start.ToDateTimeOffset();
                if (start >= from && start < to)
                    records.Add(call);
            }
        }
        return records;
    }

    /// <summary>Calls made from every SIM of one citizen in [from, to), sorted by start, then caller.</summary>
    public IReadOnlyList<CallRecord> CallRecordsOfCitizen(long index, DateTimeOffset from, DateTimeOffset to) =>
        [.. Enumerable.Range(0, SimCountOf(index))
            .SelectMany(slot => CallRecordsOf(new SimSlot(index, slot), from, to))
            .OrderBy(call => call.Start)
            .ThenBy(call => call.Caller, StringComparer.Ordinal)];

    public CriminalRecord CriminalRecordOf(long index)
    {
        var record = new CriminalRecord { Nid = NidOf(index) };
        if (!HasCriminalRecord(index))
            return record;

        var profile = ProfileOf(index);
        var rng = new SplitMix64(DeterministicHash.Of(Seed, CasesTag, (ulong)index));
        var cases = new List<(DateOnly FiledOn, CriminalCase Case)>();
        var count = rng.Between(1, 3);
        for (var i = 0; i < count; i++)
        {
            // Most cases are filed where the person lives now; some where they come from.
            var (district, upazila) = rng.Next(100) < 70
                ? (profile.PresentDistrict, profile.PresentUpazila)
                : (profile.HomeDistrict, profile.HomeUpazila);
            var offence = rng.Pick(BangladeshLaws.Offences);
            var filedOn = CaseFilingDay(ref rng, profile, offence);
            cases.Add((filedOn, new CriminalCase
            {
                CaseNumber = $"{upazila} PS Case No. {rng.Between(1, 60)}({filedOn.Month})/{filedOn.Year}",
                PoliceStation = $"{upazila} Police Station, {district.Name}",
                Offence = offence.Citation,
                FiledOn = filedOn.ToString("yyyy-MM-dd", null),
                Status = rng.PickWeighted(BangladeshLaws.Statuses),
            }));
        }
        record.Cases.AddRange(cases.OrderBy(c => c.FiledOn).Select(c => c.Case));
        return record;
    }

    /// <summary>A day in the last 20 years, once the citizen was an adult and the law in force.</summary>
    private static DateOnly CaseFilingDay(ref SplitMix64 rng, CitizenProfile profile, BangladeshLaws.Offence offence)
    {
        var earliest = new[]
        {
            profile.Adulthood.DayNumber,
            new DateOnly(offence.EnactedYear, 1, 1).DayNumber,
            CitizenProfile.ReferenceDate.AddYears(-20).DayNumber,
        }.Max();
        return DateOnly.FromDayNumber(earliest + rng.Next(Math.Max(1, CitizenProfile.ReferenceDate.DayNumber - earliest)));
    }

    private List<CallRecord> CallsOnDay(SimSlot sim, long number, long day)
    {
        var rng = new SplitMix64(DeterministicHash.Of(Seed, CallsTag, (ulong)number, (ulong)day));
        var caller = SubjectIdentifiers.MsisdnOf(number);
        var networkCode = SubjectIdentifiers.OperatorOf(number).NetworkCode;
        var homeArea = 1000 + (int)(DeterministicHash.Of(Seed, HomeCellTag, (ulong)sim.CitizenIndex) % 9000);
        var dayStart = DateTimeOffset.UnixEpoch.AddDays(day);
        var count = rng.Between(3, 12);
        var calls = new List<(int Second, CallRecord Call)>(count);
        for (var i = 0; i < count; i++)
        {
            var second = rng.Next(86_400);
            var callee = RandomOtherCitizen(ref rng, sim.CitizenIndex);
            var area = rng.Next(100) < 80 ? homeArea : rng.Between(1000, 9999);
            calls.Add((second, new CallRecord
            {
                Caller = caller,
                Callee = MsisdnOf(new SimSlot(callee, rng.Next(SimCountOf(callee)))),
                Start = Timestamp.FromDateTimeOffset(dayStart.AddSeconds(second)),
                DurationSeconds = CallDuration(ref rng),
                CellId = $"470-{networkCode:D2}-{area:D4}-{rng.Next(100_000):D5}",
            }));
        }
        // Stable sort: equal seconds keep generation order, so every window sees the same order.
        return [.. calls.OrderBy(c => c.Second).Select(c => c.Call)];
    }

    private long RandomOtherCitizen(ref SplitMix64 rng, long self)
    {
        if (CitizenCount == 1)
            return self;
        var other = rng.NextLong(CitizenCount - 1);
        return other >= self ? other + 1 : other;
    }

    /// <summary>Mostly short calls, a tail of long ones; integer arithmetic only, so every platform agrees.</summary>
    private static int CallDuration(ref SplitMix64 rng)
    {
        var roll = rng.Next(100);
        return roll < 70 ? rng.Between(5, 180) : roll < 95 ? rng.Between(181, 900) : rng.Between(901, 3600);
    }

    private string PhotoHashOf(long index)
    {
        Span<byte> input = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(input, Seed);
        BinaryPrimitives.WriteInt64LittleEndian(input[8..], index);
        return Convert.ToHexStringLower(SHA256.HashData(input));
    }

    private CitizenProfile ProfileOf(long index) =>
        CitizenProfile.Generate(DeterministicHash.Of(Seed, ProfileTag, (ulong)CheckIndex(index)));

    private long MobileNumberOf(SimSlot sim)
    {
        CheckIndex(sim.CitizenIndex);
        if (sim.Slot < 0 || sim.Slot >= SimCountOf(sim.CitizenIndex))
            throw new ArgumentOutOfRangeException(nameof(sim), "The citizen has no SIM in that slot.");
        return _mobileNumbers.Forward(sim.CitizenIndex * MaxSimsPerCitizen + sim.Slot);
    }

    /// <summary>Whole UTC days since 1970, floored, in integer ticks so no instant lands on the wrong day.</summary>
    private static long DayOf(DateTimeOffset instant)
    {
        var ticks = instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        return ticks >= 0 ? ticks / TimeSpan.TicksPerDay : ((ticks + 1) / TimeSpan.TicksPerDay) - 1;
    }

    private static void CheckWindow(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
            throw new ArgumentException("The window must end after it starts.", nameof(to));
        if (to - from > MaxCallRecordWindow)
            throw new ArgumentException("The window must not exceed 90 days.", nameof(to));
    }

    private long CheckIndex(long index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, CitizenCount);
        return index;
    }
}
