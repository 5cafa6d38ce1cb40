using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Sessions;
using Microsoft.Extensions.Logging;

namespace Headstore.Application.Sessions;

/// <summary>
/// Talks to the calling service for sessions, after the transition that decided it was committed: connects the server to
/// the room's call (its outcome goes back to the session as a signal), speaks the warnings before the limit, and ends the
/// call for everyone and closes the room when the session is over. Connecting and ending are retried by the outbox; a
/// warning that cannot be spoken is only logged (clients get it on the meter anyway), since a late prompt is worse than none.
/// </summary>
public sealed class SessionCallCommands(IDocumentStore store, ICallService calls, SessionRunner runner, ILogger<SessionCallCommands> logger) :
    IEventHandler<SessionCallCommand>,
    IEventHandler<SessionWarningIssued>
{
    public async Task HandleAsync(SessionCallCommand e, CancellationToken cancellationToken)
    {
        var session = await store.FindAsync<Session>(e.SessionId.Value, cancellationToken);
        if (session?.Call is not { } call)
        {
            return;
        }

        if (e.Command == SessionCallCommand.End)
        {
            var ended = await calls.EndAsync(session.Id, session.CallControl.ConnectionId, call, cancellationToken);
            if (!ended.IsSuccess)
            {
                if (ended.Error!.Kind is ErrorKind.Unavailable or ErrorKind.TooManyRequests)
                {
                    throw new InvalidOperationException($"Ending the call of session {session.Id} failed for now: {ended.Error.Code}");
                }

                logger.LogWarning("Ending the call of session {SessionId} failed: {Code}", session.Id, ended.Error.Code);
            }

            return;
        }

        if (session.State.IsFinal() || session.CallControl.ConnectionId is not null)
        {
            return;
        }

        var connected = await calls.ConnectAsync(session.Id, call, cancellationToken);
        SessionSignal outcome = connected.IsSuccess
            ? new SessionSignal.CallConnected($"connect:{e.EventId}", connected.Value)
            : new SessionSignal.CallConnectFailed($"connect:{e.EventId}", null);
        if (!connected.IsSuccess)
        {
            logger.LogInformation("Connecting to the call of session {SessionId} failed ({Code}); it is tried again shortly", session.Id, connected.Error!.Code);
        }

        var applied = await runner.ApplyAsync(session.Id, outcome, cancellationToken);
        if (!applied.IsSuccess && applied.Error!.Kind != ErrorKind.NotFound)
        {
            throw new InvalidOperationException($"Session {session.Id} could not record its call connection: {applied.Error.Code}");
        }
    }

    public async Task HandleAsync(SessionWarningIssued e, CancellationToken cancellationToken)
    {
        var session = await store.FindAsync<Session>(e.SessionId.Value, cancellationToken);
        if (session is null || session.State.IsFinal() || session.CallControl.ConnectionId is not { } connection)
        {
            return;
        }

        var played = await calls.PlayAsync(session.Id, connection, WarningText(e.SecondsLeft), cancellationToken);
        if (!played.IsSuccess)
        {
            logger.LogWarning("The warning for session {SessionId} could not be spoken: {Code}", session.Id, played.Error!.Code);
        }
    }

    public static string WarningText(int secondsLeft)
    {
        var minutes = (int)Math.Round(secondsLeft / 60.0, MidpointRounding.AwayFromZero);
        return minutes <= 1
            ? "This session ends in one minute."
            : $"This session ends in {minutes} minutes.";
    }
}
