using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Sessions;

namespace Headstore.Application.Sessions;

/// <summary>
/// The running meter: one point read of the session and arithmetic over its presence reports, nothing else, so it
/// stays cheap enough to poll every second for a thousand sessions at once.
/// </summary>
public sealed class GetSessionMeterHandler(IDocumentStore store, TimeProvider clock)
{
    public async Task<Result<SessionMeterView>> HandleAsync(Actor actor, string sessionId, CancellationToken cancellationToken)
    {
        var session = await store.FindAsync<Session>(sessionId, cancellationToken);
        if (SessionAccess.CanSee(actor, session) is { } denied)
        {
            return denied;
        }

        return SessionMeterView.For(session!, session!.PartyOf(actor.UserId), actor.IsAdmin, clock.GetUtcNow());
    }
}
