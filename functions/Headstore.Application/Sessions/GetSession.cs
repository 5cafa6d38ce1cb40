using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Sessions;

namespace Headstore.Application.Sessions;

/// <summary>A session as its party (with their own call token while the call is open) or an admin sees it.</summary>
public sealed class GetSessionHandler(IDocumentStore store, SessionRunner runner, TimeProvider clock)
{
    public async Task<Result<SessionView>> HandleAsync(Actor actor, string sessionId, CancellationToken cancellationToken)
    {
        var session = await store.FindAsync<Session>(sessionId, cancellationToken);
        return SessionAccess.CanSee(actor, session) is { } denied ? denied : SessionView.For(session!, actor, runner.Policy, clock.GetUtcNow());
    }
}
