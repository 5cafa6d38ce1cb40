using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Sessions;

namespace Headstore.Application.Sessions;

/// <summary>Reads of sessions and links beyond point reads, each shaped for one index.</summary>
public interface ISessionQueries
{
    /// <summary>The user's sessions as customer or expert, newest first; only those not yet over when <paramref name="activeOnly"/>.</summary>
    Task<Page<Session>> ListForUserAsync(UserId user, bool activeOnly, PageRequest page, CancellationToken cancellationToken);

    /// <summary>Whether the expert holds another session that keeps them busy (ringing or on its call).</summary>
    Task<bool> HasOtherActiveSessionAsync(ExpertId expert, SessionId except, CancellationToken cancellationToken);

    Task<SessionStatistics> StatisticsAsync(ExpertId expert, CancellationToken cancellationToken);

    /// <summary>The expert's links, the paid one first, then free ones newest first.</summary>
    Task<IReadOnlyList<SessionLink>> LinksOfExpertAsync(ExpertId expert, CancellationToken cancellationToken);
}
