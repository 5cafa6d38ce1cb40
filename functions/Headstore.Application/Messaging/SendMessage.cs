using Headstore.Application.Common;
using Headstore.Application.Users;
using Headstore.Domain.Common;
using Headstore.Domain.Experts;
using Headstore.Domain.Messaging;

namespace Headstore.Application.Messaging;

public sealed record SendMessageCommand(string? Subject, string? Body);

/// <summary>A customer writes to an expert; the expert owes a reply within 24 hours.</summary>
public sealed class SendMessageHandler(IDocumentStore store, UserDirectory users, TimeProvider clock)
{
    public async Task<Result<MessageThreadView>> HandleAsync(Actor actor, string expertId, SendMessageCommand command, CancellationToken cancellationToken)
    {
        if (actor.RequireSignedIn() is { } denied)
        {
            return denied;
        }

        var expert = await store.FindAsync<ExpertProfile>(expertId, cancellationToken);
        if (expert is null)
        {
            return Error.NotFound("Expert");
        }

        var now = clock.GetUtcNow();
        var started = MessageThread.Start(MessageThreadId.New(now), actor, expert.Id, command.Subject, command.Body, now);
        if (!started.IsSuccess)
        {
            return started.Error!;
        }

        var thread = started.Value;
        var work = store.BeginWork();
        await users.EnsureAsync(actor, work, cancellationToken);
        work.Add(thread);
        work.Publish(new MessageSent(thread.Id, 1, expert.Id.User, actor.Name, NewThread: true) { OccurredAt = now });
        return await work.CommitReturningAsync(MessageThreadView.From(thread), cancellationToken);
    }
}
