using Headstore.Domain.Common;

namespace Headstore.Domain.Scheduling;

/// <summary>
/// One run of a scheduled job for one slot (the weekly payouts of "2026-W45", the reports of "2026-10"): the job only
/// enumerates the people concerned and hands each one to its own unit of work (an integration event), checkpointing
/// how far it got in the same commit as the events of each page. A run killed half way resumes at its cursor; a page
/// committed twice is impossible (the version guards it) and harmless anyway (event ids derive from the slot, the
/// attempt and the person). An admin's re-run starts a new <see cref="Attempt"/> over the same slot; the work per
/// person is idempotent per slot, so nobody is paid or reported twice.
/// </summary>
public sealed record ScheduledRun(
    string Id,
    string Job,
    string Slot,
    DateTimeOffset DueAt,
    int Attempt,
    string? Cursor,
    int Enumerated,
    DateTimeOffset StartedAt,
    DateTimeOffset? EnumeratedAt,
    string? RequestedBy,
    long Version) : IAggregate
{
    public static string IdFor(string job, string slot) => $"{job}:{slot}";

    public bool IsEnumerated => EnumeratedAt is not null;

    public static ScheduledRun Start(string job, string slot, DateTimeOffset dueAt, DateTimeOffset now, string? requestedBy = null) =>
        new(IdFor(job, slot), job, slot, dueAt, 1, null, 0, now, null, requestedBy, 0);

    /// <summary>Enumerate the slot again from the start, as a new attempt (an admin's re-run).</summary>
    public ScheduledRun Rerun(DateTimeOffset now, string requestedBy) =>
        this with { Attempt = Attempt + 1, Cursor = null, Enumerated = 0, StartedAt = now, EnumeratedAt = null, RequestedBy = requestedBy };

    /// <summary>One more page handed out; <paramref name="last"/> says the enumeration is complete.</summary>
    public ScheduledRun Advanced(string? cursor, int count, bool last, DateTimeOffset now) =>
        this with { Cursor = cursor ?? Cursor, Enumerated = Enumerated + count, EnumeratedAt = last ? now : null };
}
