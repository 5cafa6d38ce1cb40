using Headstore.Domain.Common;
using Headstore.Domain.Sessions;

namespace Headstore.Application.Sessions;

/// <summary>
/// Either party ends the session: the call ends for everyone, the used time is captured and the rest released. While it
/// still rings, the customer hanging up cancels it and the expert's end declines it. Ending an ended session is harmless.
/// </summary>
public sealed class EndSessionHandler(SessionRunner runner, TimeProvider clock) : SessionActionHandler(runner, clock)
{
    public Task<Result<SessionView>> HandleAsync(Actor actor, string sessionId, CancellationToken cancellationToken) =>
        ActAsync(actor, sessionId, party => new SessionSignal.End(party), cancellationToken);
}
