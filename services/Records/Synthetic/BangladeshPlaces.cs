namespace DataBroker.Records.Synthetic;

/// <summary>Real districts with some of their upazilas or thanas, and common village names.</summary>
internal static class BangladeshPlaces
{
    public sealed record District(string Name, IReadOnlyList<string> Upazilas);

    public static readonly IReadOnlyList<District> Districts =
    [
        new("Dhaka", ["Mirpur", "Mohammadpur", "Gulshan", "Dhanmondi", "Savar", "Keraniganj", "Dhamrai", "Uttara"]),
        new("Chattogram", ["Kotwali", "Panchlaish", "Double Mooring", "Hathazari", "Patiya", "Sitakunda", "Raozan"]),
        new("Gazipur", ["Tongi", "Kaliakair", "Sreepur", "Kapasia"]),
        new("Narayanganj", ["Fatullah", "Siddhirganj", "Rupganj", "Sonargaon"]),
        new("Rajshahi", ["Boalia", "Paba", "Godagari", "Bagha"]),
        new("Khulna", ["Sonadanga", "Khalishpur", "Dumuria", "Batiaghata"]),
        new("Sylhet", ["Kotwali", "Beanibazar", "Golapganj", "Companiganj"]),
        new("Barishal", ["Kotwali", "Bakerganj", "Babuganj", "Gournadi"]),
        new("Rangpur", ["Kotwali", "Mithapukur", "Pirganj", "Badarganj"]),
        new("Mymensingh", ["Kotwali", "Trishal", "Muktagachha", "Bhaluka"]),
        new("Cumilla", ["Kotwali", "Daudkandi", "Chauddagram", "Laksam"]),
        new("Bogura", ["Bogura Sadar", "Sherpur", "Shibganj", "Dhunat"]),
        new("Cox's Bazar", ["Cox's Bazar Sadar", "Teknaf", "Ukhia", "Ramu", "Chakaria"]),
        new("Jashore", ["Kotwali", "Jhikargachha", "Chaugachha", "Manirampur"]),
        new("Noakhali", ["Sudharam", "Begumganj", "Companiganj", "Hatiya"]),
        new("Tangail", ["Tangail Sadar", "Mirzapur", "Madhupur", "Ghatail"]),
        new("Dinajpur", ["Kotwali", "Birganj", "Parbatipur", "Fulbari"]),
        new("Feni", ["Feni Sadar", "Chhagalnaiya", "Daganbhuiyan", "Sonagazi"]),
        new("Kushtia", ["Kushtia Sadar", "Kumarkhali", "Bheramara", "Mirpur"]),
        new("Pabna", ["Pabna Sadar", "Ishwardi", "Sujanagar", "Bera"]),
        new("Brahmanbaria", ["Brahmanbaria Sadar", "Ashuganj", "Sarail", "Nabinagar"]),
        new("Sirajganj", ["Sirajganj Sadar", "Shahjadpur", "Ullahpara", "Belkuchi"]),
        new("Faridpur", ["Kotwali", "Boalmari", "Bhanga", "Madhukhali"]),
        new("Habiganj", ["Habiganj Sadar", "Chunarughat", "Madhabpur", "Nabiganj"]),
        new("Sunamganj", ["Sunamganj Sadar", "Chhatak", "Jagannathpur", "Derai"]),
        new("Moulvibazar", ["Moulvibazar Sadar", "Sreemangal", "Kulaura", "Kamalganj"]),
        new("Patuakhali", ["Patuakhali Sadar", "Kalapara", "Galachipa", "Bauphal"]),
        new("Bhola", ["Bhola Sadar", "Char Fasson", "Lalmohan", "Borhanuddin"]),
        new("Chandpur", ["Chandpur Sadar", "Hajiganj", "Matlab Dakshin", "Kachua"]),
        new("Lakshmipur", ["Lakshmipur Sadar", "Ramganj", "Raipur", "Ramgati"]),
        new("Satkhira", ["Satkhira Sadar", "Shyamnagar", "Kalaroa", "Assasuni"]),
        new("Narsingdi", ["Narsingdi Sadar", "Raipura", "Shibpur", "Belabo"]),
        new("Kishoreganj", ["Kishoreganj Sadar", "Bhairab", "Bajitpur", "Itna"]),
    ];

    /// <summary>The first four districts: where people who moved for work mostly live now.</summary>
    public const int UrbanDistrictCount = 4;

    public static readonly IReadOnlyList<string> Villages =
    [
        "Uttar Para", "Dakshin Para", "Purba Para", "Paschim Para", "Madhya Para", "Notun Bazar",
        "Kazir Hat", "Haji Para", "Char Kukri", "Kalikapur", "Rampur", "Krishnapur", "Chandpur",
        "Shibrampur", "Gopalpur", "Nayapara", "Borobari", "Moddhopara", "Fulbari", "Hatkhola",
    ];
}
