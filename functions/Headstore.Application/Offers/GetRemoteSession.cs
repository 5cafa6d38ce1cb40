using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Offers;

namespace Headstore.Application.Offers;

/// <summary>One remote session's record, for the parties and admins (disputes).</summary>
public sealed class GetRemoteSessionHandler(IDocumentStore store)
{
    public async Task<Result<RemoteSessionView>> HandleAsync(Actor actor, string remoteSessionId, CancellationToken cancellationToken)
    {
        if (actor.RequireSignedIn() is { } denied)
        {
            return denied;
        }

        var session = await store.FindAsync<RemoteSession>(remoteSessionId, cancellationToken);
        return session is not null && (session.IsParty(actor.UserId) || actor.IsAdmin) ? RemoteSessionView.From(session) : Error.NotFound("Remote session");
    }
}
