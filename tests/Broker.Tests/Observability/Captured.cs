using System.Collections;

namespace DataBroker.Broker.Tests.Observability;

/// <summary>
/// What an in-memory exporter collects, safe to read while background work (the audit sequencer, the
/// samplers) goes on exporting: readers enumerate a snapshot, never the live list.
/// </summary>
internal sealed class Captured<T> : ICollection<T>
{
    private readonly List<T> _items = [];
    private readonly Lock _gate = new();

    public int Count
    {
        get
        {
            lock (_gate)
                return _items.Count;
        }
    }

    public bool IsReadOnly => false;

    public void Add(T item)
    {
        lock (_gate)
            _items.Add(item);
    }

    public void Clear()
    {
        lock (_gate)
            _items.Clear();
    }

    public bool Contains(T item)
    {
        lock (_gate)
            return _items.Contains(item);
    }

    public void CopyTo(T[] array, int arrayIndex)
    {
        lock (_gate)
            _items.CopyTo(array, arrayIndex);
    }

    public bool Remove(T item)
    {
        lock (_gate)
            return _items.Remove(item);
    }

    public T[] Snapshot()
    {
        lock (_gate)
            return [.. _items];
    }

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)Snapshot()).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
