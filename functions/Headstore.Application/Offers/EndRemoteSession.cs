using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Offers;

namespace Headstore.Application.Offers;

/// <param name="Outcome">resolved, not-resolved or aborted.</param>
/// <param name="Note">Optional, for the record; contact details in it are masked.</param>
public sealed record EndRemoteSessionCommand(string? Outcome, string? Note);

/// <summary>A party ends a running remote session with its outcome; its duration is kept for quality and disputes.</summary>
public sealed class EndRemoteSessionHandler(IDocumentStore store, TimeProvider clock)
{
    public async Task<Result<RemoteSessionView>> HandleAsync(Actor actor, string remoteSessionId, EndRemoteSessionCommand command, CancellationToken cancellationToken)
    {
        if (actor.RequireSignedIn() is { } denied)
        {
            return denied;
        }

        RemoteSessionOutcome outcome;
        switch (command.Outcome)
        {
            case "resolved":
                outcome = RemoteSessionOutcome.Resolved;
                break;
            case "not-resolved":
                outcome = RemoteSessionOutcome.NotResolved;
                break;
            case "aborted":
                outcome = RemoteSessionOutcome.Aborted;
                break;
            default:
                return Error.Validation("outcome", "Use resolved, not-resolved or aborted.");
        }

        return await Concurrency.RetryOnConflictAsync<RemoteSessionView>(async () =>
        {
            var session = await store.FindAsync<RemoteSession>(remoteSessionId, cancellationToken);
            if (session is null || !(session.IsParty(actor.UserId) || actor.IsAdmin))
            {
                return Error.NotFound("Remote session");
            }

            if (!session.IsParty(actor.UserId))
            {
                return Error.Forbidden("Only the customer and the expert can end a remote session.");
            }

            var now = clock.GetUtcNow();
            var ended = session.End(actor.UserId, outcome, command.Note, now);
            if (!ended.IsSuccess)
            {
                return ended.Error!;
            }

            var work = store.BeginWork();
            work.Update(ended.Value);
            if (await store.FindAsync<Offer>(session.OfferId.Value, cancellationToken) is { } offer && offer.RunningRemoteSession == session.Id)
            {
                work.Update(offer.RemoteSessionEnded(session.Id, now));
            }

            return await work.CommitReturningAsync(RemoteSessionView.From(ended.Value), cancellationToken);
        });
    }
}
