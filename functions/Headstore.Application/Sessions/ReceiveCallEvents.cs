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
public sealed class HandleCallEventsHandler(SessionRunner runner, TimeProvider clock, ILogger<HandleCallEventsHandler> logger)
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

    /// <summary>Applies one session's events in one step.</summary>
    public Task<Result<SessionRunner.Step>> ApplyAsync(SessionId session, IReadOnlyList<CallEvent> batch, CancellationToken cancellationToken) =>
        runner.ApplyAsync(session, current => Result<IReadOnlyList<SessionSignal>>.Success(batch.Select(e => ToSignal(current, e)).OfType<SessionSignal>().ToArray()), cancellationToken);

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
