using Headstore.Domain.Common;

namespace Headstore.Domain.Sessions;

public enum SessionLinkKind
{
    /// <summary>The expert's permanent link for paid sessions; one per expert, used any number of times.</summary>
    Paid,

    /// <summary>A one-time link for a free session; used once (given back if that session never connects).</summary>
    Free,
}

/// <summary>An expert's invitation link. Its id is the unguessable token in the URL.</summary>
public sealed record SessionLink(
    SessionLinkId Id,
    ExpertId ExpertId,
    SessionLinkKind Kind,
    DateTimeOffset CreatedAt,
    SessionId? UsedBySession,
    UserId? UsedBy,
    DateTimeOffset? UsedAt,
    long Version) : IAggregate
{
    /// <summary>Unused free links an expert may hold at once, so links are handed out deliberately.</summary>
    public const int MaxOpenFreeLinks = 100;

    string IAggregate.Id => Id.Value;

    public bool IsUsed => UsedBySession is not null;

    public static SessionLink Create(ExpertId expert, SessionLinkKind kind, DateTimeOffset now) =>
        new(SessionLinkId.New(kind), expert, kind, now, null, null, null, 0);

    /// <summary>A free link is taken by the session it starts; a paid link is never used up.</summary>
    public Result<SessionLink> Use(SessionId session, UserId customer, DateTimeOffset now)
    {
        if (Kind == SessionLinkKind.Paid)
        {
            return this;
        }

        if (IsUsed)
        {
            return Error.Conflict("link-used", "This free session link has already been used.");
        }

        return this with { UsedBySession = session, UsedBy = customer, UsedAt = now };
    }

    /// <summary>The session a free link started never connected: the link can be used again.</summary>
    public SessionLink Release(SessionId session) =>
        Kind == SessionLinkKind.Free && UsedBySession == session ? this with { UsedBySession = null, UsedBy = null, UsedAt = null } : this;
}
