using System.ComponentModel.DataAnnotations;
using DataBroker.Broker.Oversight;

namespace DataBroker.Broker.Tests.Oversight.Patterns;

public sealed class PatternOptionsTests
{
    [Fact]
    public void Defaults_are_valid_and_a_floor_above_the_ceiling_is_refused()
    {
        Assert.True(Validate(new PatternOptions()).Count == 0);
        var refused = Validate(new PatternOptions { CitizensFloor = 30, CitizensCeiling = 20 });
        Assert.Contains(refused, r => r.MemberNames.Contains(nameof(PatternOptions.CitizensFloor)));
    }

    private static List<ValidationResult> Validate(PatternOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
