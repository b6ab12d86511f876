namespace DataBroker.Records.Synthetic;

/// <summary>One SIM: its owner's index and its slot (0..2) among that citizen's SIMs.</summary>
public readonly record struct SimSlot(long CitizenIndex, int Slot);
