using DataBroker.Records.Synthetic;

namespace DataBroker.Records.Tests.Synthetic;

public sealed class SyntheticPopulationTests
{
    private const ulong Seed = 20240607;
    private static readonly DateTimeOffset WindowStart = new(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(100_000L)]
    [InlineData(50_000_000L)]
    public void Nid_and_msisdn_invert_to_the_same_citizen(long citizens)
    {
        var population = new SyntheticPopulation(Seed, citizens);
        foreach (var index in SampleIndices(citizens))
        {
            var nid = population.NidOf(index);
            Assert.Matches("^[0-9]{10}$", nid);
            Assert.Equal(index, population.IndexOfNid(nid));

            for (var slot = 0; slot < population.SimCountOf(index); slot++)
            {
                var msisdn = population.MsisdnOf(new SimSlot(index, slot));
                Assert.Matches("^8801[3-9][0-9]{8}$", msisdn);
                Assert.Equal(new SimSlot(index, slot), population.ResolveMsisdn(msisdn));
            }
        }
    }

    [Fact]
    public void No_two_citizens_share_a_nid_or_an_msisdn()
    {
        var population = new SyntheticPopulation(Seed, 200_000);
        var nids = new HashSet<string>();
        var msisdns = new HashSet<string>();
        for (long index = 0; index < population.CitizenCount; index++)
        {
            Assert.True(nids.Add(population.NidOf(index)));
            for (var slot = 0; slot < population.SimCountOf(index); slot++)
                Assert.True(msisdns.Add(population.MsisdnOf(new SimSlot(index, slot))));
        }
    }

    [Fact]
    public void Identifiers_outside_the_population_are_not_found()
    {
        var small = new SyntheticPopulation(Seed, 1_000);
        var large = new SyntheticPopulation(Seed, 1_000_000);
        // Same seed, same permutation: citizens of the larger population beyond 1,000 are strangers to the smaller.
        var strangers = Enumerable.Range(500_000, 200).Select(i => (long)i).ToList();
        Assert.All(strangers, i => Assert.Null(small.IndexOfNid(large.NidOf(i))));
        Assert.All(strangers, i => Assert.Null(small.ResolveMsisdn(large.PrimaryMsisdnOf(i))));
        Assert.Null(small.IndexOfNid("12345"));
        Assert.Null(small.ResolveMsisdn("8801212345678"));
    }

    [Fact]
    public void Same_seed_gives_identical_records_and_another_seed_different_ones()
    {
        var first = new SyntheticPopulation(Seed, 100_000);
        var second = new SyntheticPopulation(Seed, 100_000);
        var other = new SyntheticPopulation(Seed + 1, 100_000);
        const long index = 4242;

        Assert.Equal(first.NidDetailsOf(index), second.NidDetailsOf(index));
        Assert.Equal(first.SimRegistrationsOf(index), second.SimRegistrationsOf(index));
        Assert.Equal(first.CriminalRecordOf(index), second.CriminalRecordOf(index));
        Assert.NotEqual(first.NidDetailsOf(index), other.NidDetailsOf(index));
        Assert.NotEqual(first.PrimaryMsisdnOf(index), other.PrimaryMsisdnOf(index));
    }

    [Fact]
    public void Nid_details_are_plausible()
    {
        var population = new SyntheticPopulation(Seed, 100_000);
        var bloodGroups = new[] { "A+", "A-", "B+", "B-", "O+", "O-", "AB+", "AB-" };
        foreach (var index in SampleIndices(100_000))
        {
            var details = population.NidDetailsOf(index);
            var born = DateOnly.ParseExact(details.DateOfBirth, "yyyy-MM-dd", null);
            var age = new DateOnly(2025, 1, 1).Year - born.Year;
            Assert.InRange(age, 18, 81);
            Assert.Contains(details.BloodGroup, bloodGroups);
            Assert.Matches("^[0-9a-f]{64}$", details.PhotoSha256);
            Assert.False(string.IsNullOrWhiteSpace(details.FullName));
            Assert.False(string.IsNullOrWhiteSpace(details.PermanentAddress));
        }
    }

    [Fact]
    public void Call_records_are_identical_across_instances_and_sorted_by_start()
    {
        var first = new SyntheticPopulation(Seed, 100_000);
        var second = new SyntheticPopulation(Seed, 100_000);
        var sim = new SimSlot(77, 0);
        var to = WindowStart.AddDays(30);

        var calls = first.CallRecordsOf(sim, WindowStart, to);
        Assert.Equal(calls, second.CallRecordsOf(sim, WindowStart, to));
        Assert.InRange(calls.Count, 30 * 3, 30 * 12);
        Assert.Equal(calls.OrderBy(c => c.Start).ToList(), calls);
        Assert.All(calls, c =>
        {
            Assert.Equal(first.MsisdnOf(sim), c.Caller);
            Assert.NotNull(first.ResolveMsisdn(c.Callee));
            Assert.InRange(c.Start.ToDateTimeOffset(), WindowStart, to.AddTicks(-1));
            Assert.Matches("^470-0[1-7]-[0-9]{4}-[0-9]{5}$", c.CellId);
        });
    }

    [Fact]
    public void A_window_split_in_two_gives_the_concatenation()
    {
        var population = new SyntheticPopulation(Seed, 100_000);
        var index = Enumerable.Range(0, 1000).First(i => population.SimCountOf(i) > 1);
        var split = WindowStart.AddDays(5).AddHours(13).AddMinutes(7);
        var to = WindowStart.AddDays(11);

        var whole = population.CallRecordsOfCitizen(index, WindowStart, to);
        var halves = population.CallRecordsOfCitizen(index, WindowStart, split)
            .Concat(population.CallRecordsOfCitizen(index, split, to));

        Assert.Equal(whole, halves);
        Assert.True(whole.Select(c => c.Caller).Distinct().Count() > 1);
    }

    [Fact]
    public void A_few_percent_have_a_criminal_record_of_one_to_three_cases()
    {
        var population = new SyntheticPopulation(Seed, 100_000);
        var offenders = Enumerable.Range(0, 20_000).Where(i => population.HasCriminalRecord(i)).ToList();

        Assert.InRange(offenders.Count, 20_000 * 0.02, 20_000 * 0.04);
        Assert.All(offenders.Take(200), i => Assert.InRange(population.CriminalRecordOf(i).Cases.Count, 1, 3));
        var clean = Enumerable.Range(0, 100).First(i => !population.HasCriminalRecord(i));
        Assert.Empty(population.CriminalRecordOf(clean).Cases);
        Assert.Equal(population.NidOf(clean), population.CriminalRecordOf(clean).Nid);
    }

    [Fact]
    public void No_case_is_filed_before_its_law_or_the_subjects_eighteenth_birthday()
    {
        var population = new SyntheticPopulation(Seed, 100_000);
        foreach (var index in Enumerable.Range(0, 20_000).Where(i => population.HasCriminalRecord(i)))
        {
            var adult = DateOnly.ParseExact(population.NidDetailsOf(index).DateOfBirth, "yyyy-MM-dd", null).AddYears(18);
            var cases = population.CriminalRecordOf(index).Cases;
            Assert.Equal(cases.OrderBy(c => c.FiledOn, StringComparer.Ordinal), cases);
            foreach (var filed in cases)
            {
                var filedOn = DateOnly.ParseExact(filed.FiledOn, "yyyy-MM-dd", null);
                var enacted = int.Parse(System.Text.RegularExpressions.Regex.Match(filed.Offence, "[0-9]{4}").Value, null);
                Assert.True(filedOn >= adult, $"{filed.FiledOn} precedes adulthood {adult}");
                Assert.True(filedOn.Year >= enacted, $"{filed.FiledOn} precedes {filed.Offence}");
            }
        }
    }

    private static IEnumerable<long> SampleIndices(long citizens) =>
        Enumerable.Range(0, 2_000).Select(i => i * (citizens / 2_000)).Append(citizens - 1).Append(0);
}
