using Microsoft.Extensions.Options;

namespace DataBroker.Broker.Limits;

/// <summary>Every rule must make sense before the broker takes traffic: a broken rule is a start failure, not a silent gap.</summary>
public sealed class LimitsOptionsValidator : IValidateOptions<LimitsOptions>
{
    public ValidateOptionsResult Validate(string? name, LimitsOptions options)
    {
        var failures = options.ToRules().Select(rule => rule.Problem()).OfType<string>()
            .Select(problem => $"{LimitsOptions.Section}:Rules: {problem}.")
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
