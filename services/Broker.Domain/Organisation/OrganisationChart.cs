namespace DataBroker.Broker.Domain.Organisation;

/// <summary>Which unit belongs to which headquarters. Configuration, not code.</summary>
public sealed class OrganisationChart
{
    private readonly Dictionary<string, string> _headquartersOfUnit;
    private readonly Dictionary<string, IReadOnlyList<string>> _unitsOfHeadquarters;

    public OrganisationChart(IReadOnlyDictionary<string, IReadOnlyList<string>> unitsByHeadquarters)
    {
        _unitsOfHeadquarters = new(StringComparer.Ordinal);
        _headquartersOfUnit = new(StringComparer.Ordinal);
        foreach (var (hq, units) in unitsByHeadquarters)
        {
            _unitsOfHeadquarters[hq] = units.ToArray();
            foreach (var unit in units)
            {
                if (!_headquartersOfUnit.TryAdd(unit, hq))
                    throw new ArgumentException($"Unit {unit} is listed under both {_headquartersOfUnit[unit]} and {hq}.", nameof(unitsByHeadquarters));
            }
        }
    }

    /// <summary>The agency's structure as shipped: police units under Police HQ, RAB battalions under RAB HQ.</summary>
    public static OrganisationChart Default { get; } = new(new Dictionary<string, IReadOnlyList<string>>
    {
        ["POLICE-HQ"] = ["ATU", "CTTC", "DB"],
        ["RAB-HQ"] = ["RAB-1", "RAB-6"],
    });

    public IEnumerable<string> Headquarters => _unitsOfHeadquarters.Keys;

    public string? HeadquartersOf(string unit) => _headquartersOfUnit.GetValueOrDefault(unit);

    public IReadOnlyList<string> UnitsUnder(string headquarters) =>
        _unitsOfHeadquarters.TryGetValue(headquarters, out var units) ? units : [];

    public bool IsHeadquarters(string name) => _unitsOfHeadquarters.ContainsKey(name);

    /// <summary>
    /// The caller as the organisation knows them, or null when the token names a unit or HQ that does
    /// not exist, or a unit and an HQ that do not belong together (fail closed).
    /// </summary>
    public Officer? Recognise(string id, Role roles, string? unit, string? headquarters, string? rank = null)
    {
        if (string.IsNullOrWhiteSpace(id) || roles == Role.None)
            return null;
        if (unit is not null)
        {
            var unitHq = HeadquartersOf(unit);
            if (unitHq is null || (headquarters is not null && headquarters != unitHq))
                return null;
            headquarters = unitHq;
        }
        else if (headquarters is not null && !IsHeadquarters(headquarters))
        {
            return null;
        }
        // A rank means something only to an approver; on anyone else's token it is ignored.
        return new Officer(id, roles, unit, headquarters, (roles & Role.Approver) == Role.Approver ? rank : null);
    }
}
