using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Sessions;

namespace Headstore.Application.Sessions;

/// <summary>Who may see and act on a session: its two parties, and admins (who see, but take no part).</summary>
public static class SessionAccess
{
    /// <summary>The caller's side of the session; a stranger gets "not found" so a session's existence does not leak.</summary>
    public static Result<SessionParty> PartyOf(Actor actor, Session? session)
    {
        if (actor.RequireSignedIn() is { } denied)
        {
            return denied;
        }

        return session?.PartyOf(actor.UserId) is { } party ? party : Error.NotFound("Session");
    }

    public static Error? CanSee(Actor actor, Session? session)
    {
        if (actor.RequireSignedIn() is { } denied)
        {
            return denied;
        }

        return session is not null && (session.IsParty(actor.UserId) || actor.IsAdmin) ? null : Error.NotFound("Session");
    }
}

/// <summary>A party's action on a session (accept, decline, end), through the one runner.</summary>
public abstract class SessionActionHandler(SessionRunner runner, TimeProvider clock)
{
    protected async Task<Result<SessionView>> ActAsync(Actor actor, string sessionId, Func<SessionParty, SessionSignal> signal, CancellationToken cancellationToken)
    {
        if (actor.RequireSignedIn() is { } denied)
        {
            return denied;
        }

        var step = await runner.ApplyAsync(new SessionId(sessionId), session =>
        {
            var party = SessionAccess.PartyOf(actor, session);
            return party.IsSuccess ? Result<IReadOnlyList<SessionSignal>>.Success([signal(party.Value)]) : party.Error!;
        }, cancellationToken);
        return step.IsSuccess ? SessionView.For(step.Value.Session, actor, runner.Policy, clock.GetUtcNow()) : step.Error!;
    }
}
