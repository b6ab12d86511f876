namespace DataBroker.Broker.Domain.Requests;

public static class RequestStates
{
    public static bool IsFinal(this RequestState state) =>
        state is RequestState.Disclosed or RequestState.Rejected or RequestState.Cancelled or RequestState.Expired;
}
