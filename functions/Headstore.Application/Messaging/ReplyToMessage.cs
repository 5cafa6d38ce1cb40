using Headstore.Application.Common;
using Headstore.Application.Users;
using Headstore.Domain.Common;
using Headstore.Domain.Messaging;

namespace Headstore.Application.Messaging;

public sealed record ReplyToMessageCommand(string? Body);

public sealed class ReplyToMessageHandler(IDocumentStore store, UserDirectory users, TimeProvider clock)
{
    public async Task<Result<MessageThreadView>> HandleAsync(Actor actor, string threadId, ReplyToMessageCommand command, CancellationToken cancellationToken)
    {
        if (actor.RequireSignedIn() is { } denied)
        {
            return denied;
        }

        return await Concurrency.RetryOnConflictAsync(async () =>
        {
            var thread = await store.FindAsync<MessageThread>(threadId, cancellationToken);
            if (thread is null || !(thread.IsParty(actor.UserId) || actor.IsAdmin))
            {
                // Not a party: the conversation's existence is not revealed.
                return Error.NotFound("Conversation");
            }

            var now = clock.GetUtcNow();
            var replied = thread.Reply(actor, command.Body, now);
            if (!replied.IsSuccess)
            {
                return replied.Error!;
            }

            var (updated, message) = replied.Value;
            var recipient = actor.UserId == thread.CustomerId ? thread.ExpertId.User : thread.CustomerId;
            var work = store.BeginWork();
            await users.EnsureAsync(actor, work, cancellationToken);
            work.Update(updated);
            work.Publish(new MessageSent(updated.Id, message.Sequence, recipient, actor.Name, NewThread: false) { OccurredAt = now });
            return await work.CommitReturningAsync(MessageThreadView.From(updated), cancellationToken);
        });
    }
}
