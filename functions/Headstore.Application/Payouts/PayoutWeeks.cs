using Headstore.Application.Common;
using Headstore.Application.Scheduling;
using Headstore.Domain.Common;
using Headstore.Domain.Payments;
using Headstore.Domain.Scheduling;
using Microsoft.Extensions.Options;

namespace Headstore.Application.Payouts;

/// <summary>A week's payout run as an admin sees it: the run's progress and the payouts it made, per state and currency.</summary>
public sealed record PayoutWeekView(
    string Week,
    DateTimeOffset ScheduledAt,
    int Attempt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EnumeratedAt,
    int PayablesHandedOut,
    string? RequestedBy,
    IReadOnlyList<PayoutWeekStateView> Payouts);

public sealed record PayoutWeekStateView(string Status, int Count, Money Total);

/// <summary>
/// An admin re-runs a week's payouts: a new attempt enumerates every payable account again and hands each payee out.
/// Whoever was paid that week is not paid again (one payout per payee, currency and week); whoever was not (their
/// account became ready since, a transfer was refused, the run was cut short) is paid what they are owed now. Only
/// weeks whose slot has come, and no more than <see cref="PayoutOptions.RerunWindowWeeks"/> back.
/// </summary>
public sealed class RunPayoutWeekHandler(ScheduledRuns runs, WeeklyPayoutJob job, GetPayoutWeekHandler status, IOptions<PayoutOptions> options, TimeProvider clock)
{
    public async Task<Result<PayoutWeekView>> HandleAsync(Actor actor, string week, CancellationToken cancellationToken)
    {
        if (actor.RequireAdmin() is { } denied)
        {
            return denied;
        }

        var slot = PayoutWeekSlot.Check(week, options.Value, clock.GetUtcNow());
        if (!slot.IsSuccess)
        {
            return slot.Error!;
        }

        var started = await runs.StartAttemptAsync(WeeklyPayoutJob.JobName, slot.Value.Week, slot.Value.ScheduledAt, actor.UserId.Value, cancellationToken);
        if (!started.IsSuccess)
        {
            return started.Error!;
        }

        await runs.EnumerateAsync(started.Value, job.NextPageAsync, cancellationToken);
        return await status.HandleAsync(actor, slot.Value.Week, cancellationToken);
    }
}

/// <summary>An admin looks at a week's payout run.</summary>
public sealed class GetPayoutWeekHandler(IDocumentStore store, IPayoutQueries payouts, IOptions<PayoutOptions> options)
{
    public async Task<Result<PayoutWeekView>> HandleAsync(Actor actor, string week, CancellationToken cancellationToken)
    {
        if (actor.RequireAdmin() is { } denied)
        {
            return denied;
        }

        if (IsoWeeks.Parse(week) is null)
        {
            return Error.Validation("week", "Use an ISO week such as 2026-W45.");
        }

        var normalized = week.ToUpperInvariant();
        var run = await store.FindAsync<ScheduledRun>(ScheduledRun.IdFor(WeeklyPayoutJob.JobName, normalized), cancellationToken);
        var counts = await payouts.WeekAsync(normalized, cancellationToken);
        if (run is null && counts.Count == 0)
        {
            return Error.NotFound("Payout run");
        }

        return new PayoutWeekView(
            normalized, options.Value.Schedule.OccurrenceIn(normalized), run?.Attempt ?? 0, run?.StartedAt, run?.EnumeratedAt, run?.Enumerated ?? 0, run?.RequestedBy,
            counts.OrderBy(c => c.State).ThenBy(c => c.Currency.Code, StringComparer.Ordinal)
                .Select(c => new PayoutWeekStateView(PayoutView.StatusOf(c.State), c.Count, new Money(c.TotalMinor, c.Currency))).ToArray());
    }
}

internal static class PayoutWeekSlot
{
    public static Result<(string Week, DateTimeOffset ScheduledAt)> Check(string week, PayoutOptions options, DateTimeOffset now)
    {
        if (IsoWeeks.Parse(week) is null)
        {
            return Error.Validation("week", "Use an ISO week such as 2026-W45.");
        }

        var normalized = week.ToUpperInvariant();
        var scheduledAt = options.Schedule.OccurrenceIn(normalized);
        if (scheduledAt > now)
        {
            return Error.Rule("week-not-due", $"The payouts of {normalized} are scheduled for {scheduledAt:yyyy-MM-dd HH:mm} UTC; a week can be run once its time has come.");
        }

        if (scheduledAt < options.Schedule.LatestAtOrBefore(now).AddDays(-7 * options.RerunWindowWeeks))
        {
            return Error.Rule("week-too-old", $"Only the last {options.RerunWindowWeeks} weeks can be run again.");
        }

        return (normalized, scheduledAt);
    }
}
