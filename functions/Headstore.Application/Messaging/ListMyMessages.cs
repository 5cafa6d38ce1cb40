using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Messaging;

namespace Headstore.Application.Messaging;

public sealed record ListMineQuery(int? Limit, string? Cursor);

public sealed class ListMyMessagesHandler(IMessagingQueries queries)
{
    public async Task<Result<Page<MessageThreadView>>> HandleAsync(Actor actor, ListMineQuery query, CancellationToken cancellationToken)
    {
        if (actor.RequireSignedIn() is { } denied)
        {
            return denied;
        }

        var page = PageRequest.Create(query.Limit, query.Cursor);
        if (!page.IsSuccess)
        {
            return page.Error!;
        }

        var threads = await queries.ThreadsForAsync(actor.UserId, page.Value, cancellationToken);
        return new Page<MessageThreadView>(threads.Items.Select(MessageThreadView.From).ToArray(), threads.NextCursor);
    }
}

public sealed class GetMessageThreadHandler(IDocumentStore store)
{
    public async Task<Result<MessageThreadView>> HandleAsync(Actor actor, string threadId, CancellationToken cancellationToken)
    {
        if (actor.RequireSignedIn() is { } denied)
        {
            return denied;
        }

        var thread = await store.FindAsync<MessageThread>(threadId, cancellationToken);
        return thread is not null && (thread.IsParty(actor.UserId) || actor.IsAdmin) ? MessageThreadView.From(thread) : Error.NotFound("Conversation");
    }
}

public sealed class ListMyAppointmentsHandler(IMessagingQueries queries)
{
    public async Task<Result<Page<AppointmentView>>> HandleAsync(Actor actor, ListMineQuery query, CancellationToken cancellationToken)
    {
        if (actor.RequireSignedIn() is { } denied)
        {
            return denied;
        }

        var page = PageRequest.Create(query.Limit, query.Cursor);
        if (!page.IsSuccess)
        {
            return page.Error!;
        }

        var appointments = await queries.AppointmentsForAsync(actor.UserId, page.Value, cancellationToken);
        return new Page<AppointmentView>(appointments.Items.Select(AppointmentView.From).ToArray(), appointments.NextCursor);
    }
}
