using DataBroker.Records.Synthetic;
using DataBroker.Records.V1;

namespace DataBroker.Records.Lookup;

/// <summary>
/// Answers a <see cref="LookupRequest"/> from the synthetic population with the requested
/// categories only: data minimisation happens here, at the source.
/// </summary>
public sealed class RecordsLookup(SyntheticPopulation population)
{
    public LookupResponse Answer(LookupRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ValidateSubject(request);
        var categories = ValidateCategories(request);
        var window = categories.Contains(Category.CallRecords) ? ValidateWindow(request) : default;

        var (index, sim) = Resolve(request);
        if (index is not { } citizen)
            return new LookupResponse { SubjectFound = false };

        var response = new LookupResponse { SubjectFound = true };
        foreach (var category in categories)
        {
            switch (category)
            {
                case Category.NidDetails:
                    response.NidDetails = population.NidDetailsOf(citizen);
                    break;
                case Category.SimRegistrations:
                    response.SimRegistrations.AddRange(sim is { } one
                        ? [population.SimRegistrationOf(one)]
                        : population.SimRegistrationsOf(citizen));
                    break;
                case Category.CallRecords:
                    response.CallRecords.AddRange(sim is { } caller
                        ? population.CallRecordsOf(caller, window.From, window.To)
                        : population.CallRecordsOfCitizen(citizen, window.From, window.To));
                    break;
                case Category.CriminalRecord:
                    response.CriminalRecord = population.CriminalRecordOf(citizen);
                    break;
            }
        }
        return response;
    }

    private (long? Index, SimSlot? Sim) Resolve(LookupRequest request)
    {
        if (request.SubjectCase == LookupRequest.SubjectOneofCase.Nid)
            return (population.IndexOfNid(request.Nid), null);
        var sim = population.ResolveMsisdn(request.Msisdn);
        return (sim?.CitizenIndex, sim);
    }

    private static void ValidateSubject(LookupRequest request)
    {
        switch (request.SubjectCase)
        {
            case LookupRequest.SubjectOneofCase.Nid when !SubjectIdentifiers.IsWellFormedNid(request.Nid):
                throw new LookupRejectedException("nid", "must be exactly 10 digits");
            case LookupRequest.SubjectOneofCase.Msisdn when !SubjectIdentifiers.IsWellFormedMsisdn(request.Msisdn):
                throw new LookupRejectedException("msisdn",
                    "must be a Bangladeshi mobile number of 13 digits without '+', e.g. 8801712345678");
            case LookupRequest.SubjectOneofCase.None:
                throw new LookupRejectedException("subject", "set either nid or msisdn");
        }
    }

    private static HashSet<Category> ValidateCategories(LookupRequest request)
    {
        if (request.Categories.Count == 0)
            throw new LookupRejectedException("categories", "request at least one category");
        foreach (var category in request.Categories)
        {
            // An unknown number from a newer client is refused rather than silently ignored.
            if (category == Category.Unspecified || !Enum.IsDefined(category))
                throw new LookupRejectedException("categories", $"{(int)category} is not a category this service knows");
        }
        return [.. request.Categories];
    }

    private static (DateTimeOffset From, DateTimeOffset To) ValidateWindow(LookupRequest request)
    {
        var from = InstantOf(request.CdrFrom, "cdr_from");
        var to = InstantOf(request.CdrTo, "cdr_to");
        if (to <= from)
            throw new LookupRejectedException("cdr_to", "must be after cdr_from");
        if (to - from > SyntheticPopulation.MaxCallRecordWindow)
            throw new LookupRejectedException("cdr_to",
                $"the call record window may span at most {SyntheticPopulation.MaxCallRecordWindow.TotalDays:0} days");
        return (from, to);
    }

    private static DateTimeOffset InstantOf(Google.Protobuf.WellKnownTypes.Timestamp? timestamp, string field)
    {
        if (timestamp is null)
            throw new LookupRejectedException(field, "is required when call records are requested");
        try
        {
            return timestamp.ToDateTimeOffset();
        }
        catch (InvalidOperationException)
        {
            throw new LookupRejectedException(field, "is not a valid timestamp");
        }
    }
}
