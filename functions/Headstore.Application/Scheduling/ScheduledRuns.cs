using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Scheduling;
using Microsoft.Extensions.Logging;

namespace Headstore.Application.Scheduling;

/// <summary>One page of a run's enumeration: the events that hand out its work, where it ends, and whether it was the last.</summary>
public sealed record EnumerationPage(IReadOnlyList<IntegrationEvent> Events, string? Cursor, bool IsLast);

/// <summary>Runs of scheduled jobs that were started but not enumerated to the end (a crash, an admin's re-run cut short).</summary>
public interface IScheduledRunQueries
{
    Task<IReadOnlyList<ScheduledRun>> UnfinishedAsync(string job, int limit, CancellationToken cancellationToken);
}

/// <summary>
/// Starts and enumerates <see cref="ScheduledRun"/>s: each page's events are written in the same commit as the run's
/// checkpoint, so a run killed at any point resumes where it stopped and hands nobody out twice or not at all. Two
/// instances enumerating the same run race on its version: the loser reloads and carries on from the winner's cursor.
/// </summary>
public sealed class ScheduledRuns(IDocumentStore store, IScheduledRunQueries queries, TimeProvider clock, ILogger<ScheduledRuns> logger)
{
    /// <summary>
    /// The people one page hands out: the configured size, but never more events than fit one commit with the run's
    /// checkpoint (on Cosmos DB a page is one partition's batch of at most 100 writes).
    /// </summary>
    public int PageSize(int configured) => Math.Clamp(configured, 1, store.MaxWritesPerCommit - 1);

    /// <summary>The run of a slot, started now unless it exists.</summary>
    public async Task<ScheduledRun> EnsureAsync(string job, string slot, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        var id = ScheduledRun.IdFor(job, slot);
        if (await store.FindAsync<ScheduledRun>(id, cancellationToken) is { } existing)
        {
            return existing;
        }

        var work = store.BeginWork();
        work.AddIfAbsent(ScheduledRun.Start(job, slot, dueAt, clock.GetUtcNow()));
        var commit = await work.CommitAsync(cancellationToken);
        if (!commit.IsSuccess)
        {
            throw new InvalidOperationException($"Could not start run {id}: {commit.Error!.Code}");
        }

        return (await store.FindAsync<ScheduledRun>(id, cancellationToken))!;
    }

    /// <summary>Starts a slot's run, or a new attempt of it when it exists (an admin's re-run).</summary>
    public async Task<Result<ScheduledRun>> StartAttemptAsync(string job, string slot, DateTimeOffset dueAt, string requestedBy, CancellationToken cancellationToken) =>
        await Concurrency.RetryOnConflictAsync<ScheduledRun>(async () =>
        {
            var now = clock.GetUtcNow();
            var existing = await store.FindAsync<ScheduledRun>(ScheduledRun.IdFor(job, slot), cancellationToken);
            var run = existing?.Rerun(now, requestedBy) ?? ScheduledRun.Start(job, slot, dueAt, now, requestedBy);
            var work = store.BeginWork();
            if (existing is null)
            {
                work.Add(run);
            }
            else
            {
                work.Update(run);
            }

            var commit = await work.CommitAsync(cancellationToken);
            if (!commit.IsSuccess)
            {
                return commit.Error!.Code == "duplicate" ? Error.ConcurrencyConflict() : commit.Error!;
            }

            return (await store.FindAsync<ScheduledRun>(run.Id, cancellationToken))!;
        });

    /// <summary>Hands out the run's work page by page until its enumeration is complete; returns the run as it ends.</summary>
    public async Task<ScheduledRun> EnumerateAsync(ScheduledRun run, Func<ScheduledRun, CancellationToken, Task<EnumerationPage>> nextPage, CancellationToken cancellationToken)
    {
        var current = run;
        while (!current.IsEnumerated)
        {
            var page = await nextPage(current, cancellationToken);
            var advanced = current.Advanced(page.Cursor, page.Events.Count, page.IsLast, clock.GetUtcNow());
            var work = store.BeginWork();
            foreach (var integrationEvent in page.Events)
            {
                work.Publish(integrationEvent);
            }

            work.Update(advanced);
            var commit = await work.CommitAsync(cancellationToken);
            if (commit.IsSuccess)
            {
                current = advanced with { Version = current.Version + 1 };
                continue;
            }

            if (commit.Error!.Code != "concurrency-conflict")
            {
                throw new InvalidOperationException($"Run {run.Id} could not record its progress: {commit.Error.Code}");
            }

            // Another instance (or an admin's re-run) moved the run on; continue from what it wrote.
            logger.LogInformation("Run {RunId} was advanced elsewhere; continuing from its checkpoint", run.Id);
            current = await store.FindAsync<ScheduledRun>(run.Id, cancellationToken) ?? throw new InvalidOperationException($"Run {run.Id} disappeared.");
        }

        return current;
    }

    /// <summary>Finishes runs of a job whose enumeration was interrupted.</summary>
    public async Task ResumeUnfinishedAsync(string job, Func<ScheduledRun, CancellationToken, Task<EnumerationPage>> nextPage, CancellationToken cancellationToken)
    {
        foreach (var run in await queries.UnfinishedAsync(job, 10, cancellationToken))
        {
            await EnumerateAsync(run, nextPage, cancellationToken);
        }
    }
}
