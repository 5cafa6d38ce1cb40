using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Messaging;
using Microsoft.Extensions.Logging;

namespace Headstore.Application.Messaging;

/// <summary>
/// The periodic sweep that flags messages and appointment requests the expert has not answered within 24 hours.
/// It enumerates a bounded batch per run; each flag is its own small, idempotent write.
/// </summary>
public sealed class OverdueRequestSweep(IDocumentStore store, IMessagingQueries queries, TimeProvider clock, ILogger<OverdueRequestSweep> logger) : IPeriodicJob
{
    public const string Messages = "message";
    public const string Appointments = "appointment";
    private const int BatchSize = 200;

    public string Name => "overdue-requests";

    public TimeSpan Interval => TimeSpan.FromMinutes(5);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var flagged = 0;
        foreach (var id in await queries.DueUnflaggedAsync(Messages, now, BatchSize, cancellationToken))
        {
            flagged += await FlagAsync<MessageThread>(id, t => t.AwaitingExpert && t.DueAt < now && t.OverdueFlaggedAt is null, t => t.FlagOverdue(now),
                t => new RequestOverdue(Messages, t.Id.Value, t.ExpertId, t.DueAt!.Value) { OccurredAt = now }, cancellationToken);
        }

        foreach (var id in await queries.DueUnflaggedAsync(Appointments, now, BatchSize, cancellationToken))
        {
            flagged += await FlagAsync<Appointment>(id, a => a.Status == AppointmentStatus.Requested && a.DueAt < now && a.OverdueFlaggedAt is null, a => a.FlagOverdue(now),
                a => new RequestOverdue(Appointments, a.Id.Value, a.ExpertId, a.DueAt!.Value) { OccurredAt = now }, cancellationToken);
        }

        if (flagged > 0)
        {
            logger.LogInformation("Flagged {Count} overdue requests", flagged);
        }
    }

    private async Task<int> FlagAsync<T>(string id, Func<T, bool> isDue, Func<T, T> flag, Func<T, IntegrationEvent> overdue, CancellationToken cancellationToken)
        where T : class, IAggregate
    {
        var request = await store.FindAsync<T>(id, cancellationToken);
        if (request is null || !isDue(request))
        {
            return 0;
        }

        var work = store.BeginWork();
        work.Update(flag(request));
        work.Publish(overdue(request));

        // A concurrency conflict means the expert just answered or another sweep flagged it: either way nothing to do.
        return (await work.CommitAsync(cancellationToken)).IsSuccess ? 1 : 0;
    }
}

public sealed class ListOverdueRequestsHandler(IMessagingQueries queries)
{
    public async Task<Result<Page<OverdueRequestView>>> HandleAsync(Actor actor, ListMineQuery query, CancellationToken cancellationToken)
    {
        if (actor.RequireAdmin() is { } denied)
        {
            return denied;
        }

        var page = PageRequest.Create(query.Limit, query.Cursor);
        return page.IsSuccess ? await queries.OverdueAsync(page.Value, cancellationToken) : page.Error!;
    }
}
