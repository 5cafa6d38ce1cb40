using Headstore.Domain.Common;
using Headstore.Domain.Sessions;

namespace Headstore.Application.Sessions;

/// <summary>The rung expert accepts: the call opens and the server connects to it; billing starts when both are on it.</summary>
public sealed class AcceptSessionHandler(SessionRunner runner, TimeProvider clock) : SessionActionHandler(runner, clock)
{
    public Task<Result<SessionView>> HandleAsync(Actor actor, string sessionId, CancellationToken cancellationToken) =>
        ActAsync(actor, sessionId, party => new SessionSignal.Accept(party), cancellationToken);
}
