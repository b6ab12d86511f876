namespace DataBroker.Broker.Domain.Requests;

public enum LegalBasis
{
    AntiTerrorismAct = 1,
    TelecomAct97A = 2,
    CrPc94 = 3,
    CourtOrder = 4,
    NarcoticsControlAct = 5,
}
