namespace Headstore.Application.Common;

/// <summary>
/// Something that happened to an aggregate with a lifecycle (offers, sessions): a user action, a call or payment event.
/// <see cref="Name"/> is the lifecycle's own signal name ("accepted", "call-connected"…); <see cref="Payload"/> is
/// optional JSON the lifecycle understands. Signals travel through durable storage, so they stay small and serializable.
/// </summary>
public sealed record LifecycleSignal(string Name, string? Payload = null);

/// <summary>
/// What a lifecycle answers after a delivery: when it next wants to be woken with no signal (its next due time, for
/// example an offer's expiry), and whether it reached a final state, after which nothing is delivered any more.
/// </summary>
public sealed record LifecycleStep(DateTimeOffset? NextDueAt, bool IsFinal)
{
    public static LifecycleStep Final { get; } = new(null, true);

    /// <summary>
    /// When the driver (a durable orchestration or the local scheduler) should wake the aggregate if no signal comes
    /// first: its due time, but no later than <paramref name="maxWait"/> from now, so a due time that moved without a
    /// signal is still noticed. Null: wait for a signal only.
    /// </summary>
    public DateTimeOffset? WakeAt(DateTimeOffset now, TimeSpan? maxWait)
    {
        if (IsFinal)
        {
            return null;
        }

        var cap = maxWait is { } wait ? now + wait : (DateTimeOffset?)null;
        return (NextDueAt, cap) switch
        {
            (null, null) => null,
            ({ } due, null) => due,
            (null, { } latest) => latest,
            ({ } due, { } latest) => due < latest ? due : latest,
        };
    }
}

/// <summary>
/// The port a lifecycle implements so that hosts can drive it without deciding anything: deliver a signal (or, with
/// <c>null</c>, "time has passed": apply whatever transition is due now) to one aggregate and say what comes next.
/// An implementation loads the aggregate, runs the domain state machine with the clock's now, commits the new state
/// with its events, and returns the step. It must be idempotent: durable activities and sweeps deliver at least once.
/// </summary>
/// <remarks>
/// In Azure one orchestration per aggregate (instance id = the aggregate's id) calls it from an activity and waits for
/// the next signal or the due time; locally the scheduler calls it for aggregates whose due time has passed.
/// </remarks>
public interface ILifecycleDriver
{
    /// <summary>The aggregate type this driver handles, e.g. "offer" or "session"; lower case, stable (it is stored).</summary>
    string AggregateType { get; }

    Task<LifecycleStep> DeliverAsync(string id, LifecycleSignal? signal, CancellationToken cancellationToken);
}

/// <summary>Delivers to the driver registered for an aggregate type: the one entry point both hosts call.</summary>
public sealed class LifecycleDrivers(IEnumerable<ILifecycleDriver> drivers)
{
    private readonly Dictionary<string, ILifecycleDriver> byType = drivers.ToDictionary(d => d.AggregateType, StringComparer.Ordinal);

    public IReadOnlyCollection<string> AggregateTypes => byType.Keys;

    public Task<LifecycleStep> DeliverAsync(string aggregateType, string id, LifecycleSignal? signal, CancellationToken cancellationToken) =>
        byType.TryGetValue(aggregateType, out var driver)
            ? driver.DeliverAsync(id, signal, cancellationToken)
            : throw new InvalidOperationException($"No lifecycle driver is registered for aggregate type '{aggregateType}'.");
}
