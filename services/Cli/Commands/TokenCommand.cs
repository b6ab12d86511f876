using System.CommandLine;
using DataBroker.Cli.Identity;
using DataBroker.Cli.Output;
using DataBroker.DevIdentityProvider.Personas;
using DataBroker.Identity;

namespace DataBroker.Cli.Commands;

/// <summary>
/// <c>token PERSONA</c>: mints a development token signed with the committed dev key. Prints only the JWT so that
/// <c>export DBROKER_TOKEN=$(dbroker token atu-officer-1)</c> works. The broker accepts it only in Development.
/// </summary>
internal static class TokenCommand
{
    public static Command Create(CliContext context)
    {
        var persona = new Argument<string?>("PERSONA") { Description = "A development persona (see --list).", Arity = ArgumentArity.ZeroOrOne };
        var ttl = new Option<string>("--ttl") { Description = "Lifetime: 90s, 30m, 8h, 2d.", DefaultValueFactory = _ => "8h" };
        var list = new Option<bool>("--list") { Description = "List the development personas." };
        var subject = new Option<string?>("--subject") { Description = "An arbitrary subject instead of a persona." };
        var role = new Option<string?>("--role") { Description = "Role for --subject: officer, approver, auditor or admin." };
        var unit = new Option<string?>("--unit") { Description = "Unit claim for --subject." };
        var hq = new Option<string?>("--hq") { Description = "Headquarters claim for --subject." };
        var rank = new Option<string?>("--rank") { Description = "Approver rank claim for --subject (supervisor, legal, ...), which the approval policy counts." };
        var command = new Command("token", "Print a development bearer token (and nothing else).") { persona, ttl, list, subject, role, unit, hq, rank };

        context.SetAction(command, (invocation, _) =>
        {
            if (invocation.Value(list))
            {
                WritePersonas(invocation.Out);
                return Task.CompletedTask;
            }

            var lifetime = DurationText.Parse(invocation.Value(ttl))
                ?? throw new UsageException($"--ttl: '{invocation.Value(ttl)}' is not a duration such as 30m or 8h.");
            var identity = Resolve(invocation.Value(persona), invocation.Value(subject), invocation.Value(role),
                invocation.Value(unit), invocation.Value(hq), invocation.Value(rank));
            invocation.Out.WriteLine(Mint(identity, lifetime, invocation.Time));
            return Task.CompletedTask;
        });
        return command;
    }

    public static string Mint(Persona persona, TimeSpan lifetime, TimeProvider time) =>
        TokenMinter.DevelopmentIdentityProvider(time).Mint(
            audience: Audiences.Broker,
            lifetime: lifetime,
            subject: persona.Subject,
            roles: [persona.Role],
            unit: persona.Unit,
            headquarters: persona.Headquarters,
            approverRank: persona.Rank);

    private static Persona Resolve(string? name, string? subject, string? role, string? unit, string? hq, string? rank)
    {
        if (name is not null)
        {
            if (subject is not null || role is not null || unit is not null || hq is not null || rank is not null)
                throw new UsageException("--subject/--role/--unit/--hq/--rank: use them instead of a PERSONA, not with one.");
            return DevelopmentPersonas.Find(name)
                ?? throw new UsageException($"PERSONA: unknown persona '{name}'; see `dbroker token --list`.");
        }

        if (subject is null)
            throw new UsageException("PERSONA: name a persona, or give --subject and --role.");
        if (role is null || !Roles.Human.Contains(role))
            throw new UsageException($"--role: give one of {string.Join(", ", Roles.Human)} with --subject.");
        if (rank is not null && role != Roles.Approver)
            throw new UsageException("--rank: only an approver carries a rank.");
        return new Persona(subject, role, unit, hq, rank);
    }

    private static void WritePersonas(TextWriter writer)
    {
        var table = new TextTable("PERSONA", "ROLE", "UNIT", "HQ", "RANK");
        foreach (var p in DevelopmentPersonas.All)
            table.AddRow(p.Subject, p.Role, DisplayText.OrNone(p.Unit), DisplayText.OrNone(p.Headquarters), DisplayText.OrNone(p.Rank));
        table.WriteTo(writer);
    }
}
