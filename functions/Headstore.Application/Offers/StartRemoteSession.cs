using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Offers;

namespace Headstore.Application.Offers;

/// <summary>
/// A party starts a secure remote assistance session: only under an accepted offer for that service while it is in
/// progress, one at a time. The session is logged (who, when) until it ends.
/// </summary>
public sealed class StartRemoteSessionHandler(IDocumentStore store, TimeProvider clock)
{
    public async Task<Result<RemoteSessionView>> HandleAsync(Actor actor, string offerId, CancellationToken cancellationToken)
    {
        var found = await OfferAccess.FindVisibleAsync(store, actor, offerId, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }

        if (!found.Value.IsParty(actor.UserId))
        {
            return Error.Forbidden("Only the customer and the expert of the offer can start a remote session.");
        }

        return await Concurrency.RetryOnConflictAsync<RemoteSessionView>(async () =>
        {
            var offer = await store.FindAsync<Offer>(offerId, cancellationToken);
            var now = clock.GetUtcNow();
            var id = RemoteSessionId.New(now);
            var started = offer!.StartRemoteSession(id, now);
            if (!started.IsSuccess)
            {
                return started.Error!;
            }

            var session = RemoteSession.Start(id, offer, actor.UserId, now);
            var work = store.BeginWork();
            work.Update(started.Value);
            work.Add(session);
            return await work.CommitReturningAsync(RemoteSessionView.From(session), cancellationToken);
        });
    }
}
