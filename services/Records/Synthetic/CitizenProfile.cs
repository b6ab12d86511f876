namespace DataBroker.Records.Synthetic;

/// <summary>The facts about one citizen that more than one record category draws on.</summary>
internal sealed record CitizenProfile(
    bool IsFemale,
    string FullName,
    string FatherName,
    string MotherName,
    DateOnly DateOfBirth,
    BangladeshPlaces.District HomeDistrict,
    string HomeUpazila,
    string PermanentAddress,
    BangladeshPlaces.District PresentDistrict,
    string PresentUpazila,
    string PresentAddress,
    string BloodGroup)
{
    /// <summary>The day the synthetic world stands still: ages and dates are relative to it, so they never drift.</summary>
    public static readonly DateOnly ReferenceDate = new(2025, 1, 1);

    private static readonly IReadOnlyList<(string, int)> BloodGroups =
    [
        ("B+", 330), ("O+", 300), ("A+", 240), ("AB+", 90), ("B-", 13), ("O-", 12), ("A-", 10), ("AB-", 5),
    ];

    public DateOnly Adulthood => DateOfBirth.AddYears(18);

    public static CitizenProfile Generate(ulong stream)
    {
        var rng = new SplitMix64(stream);
        var isFemale = rng.Next(2) == 0;
        var isHindu = rng.Next(100) < 9;
        var (fullName, fatherName, motherName) = isHindu ? HinduNames(ref rng, isFemale) : MuslimNames(ref rng, isFemale);

        var oldest = ReferenceDate.AddYears(-80);
        var youngest = ReferenceDate.AddYears(-18);
        var dateOfBirth = oldest.AddDays(rng.Next(youngest.DayNumber - oldest.DayNumber));

        var home = rng.Pick(BangladeshPlaces.Districts);
        var homeUpazila = rng.Pick(home.Upazilas);
        var permanent = $"Vill. {rng.Pick(BangladeshPlaces.Villages)}, {homeUpazila}, {home.Name}";
        var (present, presentUpazila, presentAddress) = rng.Next(100) < 60
            ? (home, homeUpazila, permanent)
            : CityAddress(ref rng);

        return new CitizenProfile(isFemale, fullName, fatherName, motherName, dateOfBirth, home, homeUpazila, permanent,
            present, presentUpazila, presentAddress, rng.PickWeighted(BloodGroups));
    }

    private static (BangladeshPlaces.District, string, string) CityAddress(ref SplitMix64 rng)
    {
        var district = BangladeshPlaces.Districts[rng.Next(BangladeshPlaces.UrbanDistrictCount)];
        var upazila = rng.Pick(district.Upazilas);
        return (district, upazila, $"House {rng.Between(1, 120)}, Road {rng.Between(1, 30)}, {upazila}, {district.Name}");
    }

    private static (string, string, string) MuslimNames(ref SplitMix64 rng, bool isFemale)
    {
        var father = MuslimMaleName(ref rng);
        var mother = $"{rng.Pick(BangladeshNames.MuslimFemale)} {rng.Pick(BangladeshNames.MuslimFemaleFamily)}";
        var self = isFemale
            ? $"{rng.Pick(BangladeshNames.MuslimFemale)} {rng.Pick(BangladeshNames.MuslimFemaleFamily)}"
            : MuslimMaleName(ref rng);
        return (self, father, mother);
    }

    private static string MuslimMaleName(ref SplitMix64 rng)
    {
        // "Md." heads about half the men's names on NID cards.
        var prefix = rng.Next(2) == 0 ? "Md. " : "";
        return $"{prefix}{rng.Pick(BangladeshNames.MuslimMale)} {rng.Pick(BangladeshNames.MuslimMaleFamily)}";
    }

    private static (string, string, string) HinduNames(ref SplitMix64 rng, bool isFemale)
    {
        // Hindu families share the family name; women often carry "Rani" before it.
        var family = rng.Pick(BangladeshNames.HinduFamily);
        var father = $"{rng.Pick(BangladeshNames.HinduMale)} {family}";
        var mother = $"{rng.Pick(BangladeshNames.HinduFemale)} Rani {rng.Pick(BangladeshNames.HinduFamily)}";
        var self = isFemale
            ? $"{rng.Pick(BangladeshNames.HinduFemale)} Rani {family}"
            : $"{rng.Pick(BangladeshNames.HinduMale)} {family}";
        return (self, father, mother);
    }
}
