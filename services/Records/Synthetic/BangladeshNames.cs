namespace DataBroker.Records.Synthetic;

/// <summary>Given names and family names common on Bangladeshi NID cards.</summary>
internal static class BangladeshNames
{
    public static readonly IReadOnlyList<string> MuslimMale =
    [
        "Abdul Karim", "Abdur Rahim", "Mohammad Ali", "Kamal", "Jamal", "Rafiqul", "Shafiqul", "Aminul",
        "Nazrul", "Habibur", "Mizanur", "Mahbub", "Anisur", "Saiful", "Zahid", "Tanvir", "Rakib", "Sohel",
        "Arif", "Imran", "Faruk", "Delwar", "Mostafa", "Shahidul", "Mofizul", "Abul Kalam", "Ruhul Amin",
        "Nurul", "Jahangir", "Alamgir", "Sabbir", "Tareq", "Nasir", "Hasan", "Mehedi", "Rashed", "Masud",
        "Monir", "Sumon", "Shamim",
    ];

    public static readonly IReadOnlyList<string> MuslimFemale =
    [
        "Fatema", "Ayesha", "Nasrin", "Rokeya", "Salma", "Shirin", "Rehana", "Nargis", "Jesmin", "Sharmin",
        "Taslima", "Farzana", "Shahnaz", "Mahmuda", "Rabeya", "Hasina", "Sabina", "Laila", "Moushumi",
        "Tania", "Nusrat", "Sadia", "Sumaiya", "Afroza", "Khadija", "Rumana", "Lovely", "Rina", "Munni",
    ];

    public static readonly IReadOnlyList<string> MuslimMaleFamily =
    [
        "Hossain", "Rahman", "Islam", "Ahmed", "Uddin", "Khan", "Chowdhury", "Miah", "Sheikh", "Sarker",
        "Mollah", "Talukder", "Howlader", "Bhuiyan", "Alam", "Haque",
    ];

    public static readonly IReadOnlyList<string> MuslimFemaleFamily =
        ["Akter", "Begum", "Khatun", "Sultana", "Islam", "Rahman", "Parvin", "Nahar"];

    public static readonly IReadOnlyList<string> HinduMale =
    [
        "Gopal", "Shyamal", "Pradip", "Subrata", "Ashok", "Bimal", "Dipak", "Ratan", "Tapan", "Sujit",
        "Nirmal", "Sanjay", "Uttam", "Biplob", "Krishna", "Haridas",
    ];

    public static readonly IReadOnlyList<string> HinduFemale =
        ["Sabita", "Shikha", "Mita", "Anjali", "Puja", "Lipika", "Sumitra", "Kakoli", "Dipa", "Shampa", "Rupa"];

    public static readonly IReadOnlyList<string> HinduFamily =
    [
        "Das", "Roy", "Saha", "Ghosh", "Sarkar", "Paul", "Dey", "Biswas", "Chakraborty", "Mondal", "Sen",
        "Bhattacharjee", "Dutta",
    ];
}
