using Headstore.Application.Common;
using Headstore.Application.Notifications;
using Headstore.Domain.Common;
using Headstore.Domain.Experts;
using Headstore.Domain.Sessions;
using Microsoft.Extensions.Options;

namespace Headstore.Application.Sessions;

/// <summary>The expert's invitation links: the permanent paid link and the free links handed out, used or not.</summary>
public sealed class ListSessionLinksHandler(ISessionQueries queries, IOptions<NotificationOptions> notifications)
{
    public async Task<Result<IReadOnlyList<SessionLinkView>>> HandleAsync(Actor actor, CancellationToken cancellationToken)
    {
        if (actor.RequireRole(Roles.Expert) is { } denied)
        {
            return denied;
        }

        var links = await queries.LinksOfExpertAsync(ExpertId.For(actor.UserId), cancellationToken);
        return links.Select(l => SessionLinkView.From(l, notifications.Value.PublicBaseUrl)).ToArray();
    }
}

public sealed record CreateSessionLinkCommand(string? Kind);

/// <summary>
/// "paid" returns the expert's permanent paid-session link, creating it the first time; "free" creates a new
/// one-time link for a free session (capped like any session), at most <see cref="SessionLink.MaxOpenFreeLinks"/> unused at once.
/// </summary>
public sealed class CreateSessionLinkHandler(IDocumentStore store, ISessionQueries queries, IOptions<NotificationOptions> notifications, TimeProvider clock)
{
    public async Task<Result<SessionLinkView>> HandleAsync(Actor actor, CreateSessionLinkCommand command, CancellationToken cancellationToken)
    {
        if (actor.RequireRole(Roles.Expert) is { } denied)
        {
            return denied;
        }

        var kind = command.Kind?.Trim().ToLowerInvariant() switch
        {
            "paid" => SessionLinkKind.Paid,
            "free" => SessionLinkKind.Free,
            _ => (SessionLinkKind?)null,
        };
        if (kind is null)
        {
            return Error.Validation("kind", "Use 'paid' or 'free'.");
        }

        var expert = ExpertId.For(actor.UserId);
        if (await store.FindAsync<ExpertProfile>(expert.Value, cancellationToken) is null)
        {
            return Error.Rule("profile-required", "Create your expert profile first (PUT /api/experts/me).");
        }

        var links = await queries.LinksOfExpertAsync(expert, cancellationToken);
        if (kind == SessionLinkKind.Paid && links.FirstOrDefault(l => l.Kind == SessionLinkKind.Paid) is { } existing)
        {
            return SessionLinkView.From(existing, notifications.Value.PublicBaseUrl);
        }

        if (kind == SessionLinkKind.Free && links.Count(l => l.Kind == SessionLinkKind.Free && !l.IsUsed) >= SessionLink.MaxOpenFreeLinks)
        {
            return Error.Rule("too-many-free-links", $"You have {SessionLink.MaxOpenFreeLinks} unused free links; hand those out first.");
        }

        var link = SessionLink.Create(expert, kind.Value, clock.GetUtcNow());
        var work = store.BeginWork();
        work.Add(link);
        return await work.CommitReturningAsync(SessionLinkView.From(link, notifications.Value.PublicBaseUrl), cancellationToken);
    }
}
