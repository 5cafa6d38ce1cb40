using Headstore.Application.Common;
using Headstore.Domain.Common;

namespace Headstore.Application.Sessions;

public sealed record ListMySessionsQuery(bool? Active, int? Limit, string? Cursor);

/// <summary>The caller's sessions as customer or expert, newest first; with active=true, those still ringing or running (how a rung expert finds the call).</summary>
public sealed class ListMySessionsHandler(ISessionQueries queries)
{
    public async Task<Result<Page<SessionSummaryView>>> HandleAsync(Actor actor, ListMySessionsQuery query, CancellationToken cancellationToken)
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

        var sessions = await queries.ListForUserAsync(actor.UserId, query.Active ?? false, page.Value, cancellationToken);
        return new Page<SessionSummaryView>(sessions.Items.Select(SessionSummaryView.From).ToArray(), sessions.NextCursor);
    }
}
