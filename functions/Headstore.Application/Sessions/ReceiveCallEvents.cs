using Headstore.Domain.Common;
using Headstore.Domain.Sessions;
using Microsoft.Extensions.Logging;

namespace Headstore.Application.Sessions;

/// <summary>What a callback delivery did: events received, applied to a session, and ignored (unknown session, duplicate, not relevant).</summary>
public sealed record CallEventsReceipt(int Received, int Applied, int Ignored);

/// <summary>Event Grid's subscription handshake answer.</summary>
public sealed record CallValidationResponse(string ValidationResponse);

/// <summary>
/// <c>POST /api/calls/events</c>: a callback from the calling service, authenticated by the reader (a valid signed
/// token for our resource and the secret in the URL), then either Event Grid's validation handshake or call events
/// handed to <see cref="HandleCallEventsHandler"/>.
/// </summary>
public sealed class ReceiveCallEventsHandler(ICallEventReader reader, HandleCallEventsHandler events)
{
    public async Task<Result<object>> HandleAsync(CallCallbackRequest request, CancellationToken cancellationToken)
    {
        var read = await reader.ReadAsync(request, cancellationToken);
        if (!read.IsSuccess)
        {
            return read.Error!;
        }

        if (read.Value.ValidationCode is { } code)
        {
            return new CallValidationResponse(code);
        }

        var receipt = await events.HandleAsync(read.Value.Events, cancellationToken);
        return receipt.IsSuccess ? receipt.Value : receipt.Error!;
    }
}

/// <summary>
/// The one handler of call events, from ACS callbacks and the local sandbox alike, so metering and the lifecycle run the
/// same code. Events are grouped per session and applied in one step each; a repeated event id or presence report
/// changes nothing and writes nothing. Presence reports become "who of the two is on the call", matched by the calling
/// identities the session was given.
/// </summary>
public sealed class HandleCallEventsHandler(SessionRunner runner, CallEventQueue queue, TimeProvider clock, ILogger<HandleCallEventsHandler> logger)
{
    public async Task<Result<CallEventsReceipt>> HandleAsync(IReadOnlyList<CallEvent> events, CancellationToken cancellationToken)
    {
        var applied = 0;
        var ignored = events.Count(e => e.SessionId is null || e.Kind == CallEventKind.Other);
        foreach (var group in events.Where(e => e.SessionId is not null && e.Kind != CallEventKind.Other).GroupBy(e => e.SessionId!.Value))
        {
            var batch = group.ToArray();
            var step = await ApplyAsync(group.Key, batch, cancellationToken);
            if (!step.IsSuccess)
            {
                if (step.Error!.Kind == ErrorKind.NotFound)
                {
                    logger.LogWarning("Call events for unknown session {SessionId} were ignored", group.Key);
                    ignored += batch.Length;
                    continue;
                }

                return step.Error;
            }

            if (step.Value.Changed)
            {
                applied += batch.Length;
            }
            else
            {
                ignored += batch.Length;
            }
        }

        return new CallEventsReceipt(events.Count, applied, ignored);
    }

    /// <summary>Applies one session's events in one step, written together with whatever other events are waiting.</summary>
    public async Task<Result<SessionRunner.Step>> ApplyAsync(SessionId session, IReadOnlyList<CallEvent> batch, CancellationToken cancellationToken)
    {
        var pending = new CallEventQueue.Pending(session, batch, new TaskCompletionSource<Result<SessionRunner.Step>>(TaskCreationOptions.RunContinuationsAsynchronously));
        queue.Waiting.Enqueue(pending);
        while (!pending.Done.Task.IsCompleted)
        {
            if (queue.TryBecomeWriter())
            {
                try
                {
                    await WriteWaitingAsync();
                }
                finally
                {
                    queue.StopWriting();
                }
            }
            else
            {
                // Another request is writing; it will take ours too. Look again shortly in case it finished just before
                // ours was queued.
                await Task.WhenAny(pending.Done.Task, Task.Delay(1, CancellationToken.None));
            }
        }

        return await pending.Done.Task;
    }

    /// <summary>Writes everything queued, in batches; never throws into other requests' results but completes them with it.</summary>
    private async Task WriteWaitingAsync()
    {
        var batch = new List<CallEventQueue.Pending>(CallEventQueue.MaxBatch);
        while (true)
        {
            batch.Clear();
            while (batch.Count < CallEventQueue.MaxBatch && queue.Waiting.TryDequeue(out var next))
            {
                batch.Add(next);
            }

            if (batch.Count == 0)
            {
                return;
            }

            try
            {
                // One step per session: several deliveries for the same session are applied in the order they came.
                var bySession = batch.GroupBy(p => p.Session).Select(g => (g.Key, Events: g.SelectMany(p => p.Events).ToArray(), Waiters: g.ToArray())).ToArray();
                var results = await runner.CommitManyAsync(
                    bySession.Select(g => (g.Key, (Func<Session, Result<IReadOnlyList<SessionSignal>>>)(current =>
                        Result<IReadOnlyList<SessionSignal>>.Success(g.Events.Select(e => ToSignal(current, e)).OfType<SessionSignal>().ToArray())))).ToArray(),
                    CancellationToken.None);
                for (var i = 0; i < bySession.Length; i++)
                {
                    foreach (var waiter in bySession[i].Waiters)
                    {
                        waiter.Done.TrySetResult(results[i]);
                    }
                }
            }
            catch (Exception exception)
            {
                foreach (var waiter in batch)
                {
                    waiter.Done.TrySetException(exception);
                }
            }
        }
    }

    /// <summary>One call event as the signal the session's lifecycle understands, or null when it means nothing to it.</summary>
    public SessionSignal? ToSignal(Session session, CallEvent e)
    {
        var at = e.OccurredAt ?? clock.GetUtcNow();
        return e.Kind switch
        {
            CallEventKind.Connected => new SessionSignal.CallConnected(e.EventId, e.ConnectionId),
            CallEventKind.ConnectFailed => new SessionSignal.CallConnectFailed(e.EventId, e.ConnectionId),
            CallEventKind.Disconnected => new SessionSignal.CallEnded(e.EventId, e.ConnectionId, at),
            CallEventKind.ParticipantsUpdated when session.Call is { } call => new SessionSignal.ParticipantsChanged(
                e.EventId, e.ConnectionId, e.Sequence, at,
                e.ParticipantIds.Contains(call.Customer.ParticipantId, StringComparer.Ordinal),
                e.ParticipantIds.Contains(call.Expert.ParticipantId, StringComparer.Ordinal)),
            _ => null,
        };
    }
}

/// <summary>
/// Call events waiting to be written, from every request of this host. Concurrent deliveries are not each given their
/// own transaction (they would queue on the store's write lock, whose waits back off by sleeping): whoever finds no
/// writer running becomes it, takes everything queued and writes it with one group commit per batch
/// (<see cref="SessionRunner.CommitManyAsync"/>), while the others wait for their own result. One per host (a singleton).
/// </summary>
public sealed class CallEventQueue
{
    /// <summary>The most session steps one group commit carries.</summary>
    public const int MaxBatch = 64;

    private int writing;

    public System.Collections.Concurrent.ConcurrentQueue<Pending> Waiting { get; } = new();

    public bool TryBecomeWriter() => Interlocked.CompareExchange(ref writing, 1, 0) == 0;

    public void StopWriting() => Volatile.Write(ref writing, 0);

    public sealed record Pending(SessionId Session, IReadOnlyList<CallEvent> Events, TaskCompletionSource<Result<SessionRunner.Step>> Done);
}
