using DataBroker.Broker.Domain.Ports;

namespace DataBroker.Broker.Domain.Audit;

/// <summary>
/// One chain's positions as the first <c>checkpoints</c> checkpoints name them, read a page of checkpoints at a time and
/// given to a <see cref="ChainWalker"/> just before it reaches them. The positions come in entry order (no verified
/// checkpoint moves a chain back), so at most one page of checkpoints is held.
/// </summary>
public sealed class SignedPositions(IAuditChainStore chains, string chain, long checkpoints, int page)
{
    private readonly Queue<ChainPosition> _ahead = new();
    private long _next = 1;

    /// <summary>Gives <paramref name="walker"/> every position up to entry <paramref name="seq"/>; false once it is known bad.</summary>
    public async Task<bool> GiveThroughAsync(ChainWalker walker, long seq, CancellationToken cancellationToken)
    {
        while (true)
        {
            while (_ahead.TryPeek(out var position) && position.Seq <= seq)
            {
                if (!walker.Witness(_ahead.Dequeue()))
                    return false;
            }
            if (_ahead.Count > 0 || _next > checkpoints)
                return true;
            var texts = await chains.CheckpointsAsync(_next, (int)Math.Min(page, checkpoints - _next + 1), cancellationToken);
            if (texts.Count == 0)
                return true;
            _next += texts.Count;
            foreach (var text in texts)
            {
                if (Checkpoint.Parse(text)?.HeadOf(chain) is { } position)
                    _ahead.Enqueue(position);
            }
        }
    }
}
