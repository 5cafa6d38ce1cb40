using Headstore.Domain.Common;
using Headstore.Domain.Sessions;

namespace Headstore.Application.Sessions;

/// <summary>The rung expert declines: the card authorisation is released at once and the expert is online again.</summary>
public sealed class DeclineSessionHandler(SessionRunner runner, TimeProvider clock) : SessionActionHandler(runner, clock)
{
    public Task<Result<SessionView>> HandleAsync(Actor actor, string sessionId, CancellationToken cancellationToken) =>
        ActAsync(actor, sessionId, party => new SessionSignal.Decline(party), cancellationToken);
}
