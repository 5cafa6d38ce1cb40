using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Sessions;

namespace Headstore.Application.Sessions;

public sealed record ReviewSessionCommand(int? Stars, string? Text);

/// <summary>
/// The customer rates (1–5 stars) and reviews a session that connected, once; contact details in the text are masked.
/// The rating feeds the expert's reputation (<c>SessionRated</c>) and their rating.
/// </summary>
public sealed class ReviewSessionHandler(IDocumentStore store, SessionRunner runner, TimeProvider clock)
{
    public async Task<Result<SessionView>> HandleAsync(Actor actor, string sessionId, ReviewSessionCommand command, CancellationToken cancellationToken)
    {
        if (actor.RequireSignedIn() is { } denied)
        {
            return denied;
        }

        if (command.Stars is null)
        {
            return Error.Validation("stars", "Give 1 to 5 stars.");
        }

        return await Concurrency.RetryOnConflictAsync(async () =>
        {
            var session = await store.FindAsync<Session>(sessionId, cancellationToken);
            var party = SessionAccess.PartyOf(actor, session);
            if (!party.IsSuccess)
            {
                return party.Error!;
            }

            var now = clock.GetUtcNow();
            var reviewed = session!.AddReview(actor.UserId, command.Stars.Value, command.Text, now);
            if (!reviewed.IsSuccess)
            {
                return reviewed.Error!;
            }

            var work = store.BeginWork();
            work.Update(reviewed.Value);
            work.Publish(new SessionReviewed(session.Id, session.ExpertId, command.Stars.Value) { OccurredAt = now });
            var view = SessionView.For(reviewed.Value with { Version = reviewed.Value.Version + 1 }, actor, runner.Policy, now);
            return await work.CommitReturningAsync(view, cancellationToken);
        });
    }
}
