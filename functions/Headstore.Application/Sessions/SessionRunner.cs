using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Experts;
using Headstore.Domain.Payments;
using Headstore.Domain.Sessions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Headstore.Application.Sessions;

/// <summary>
/// The one way a session changes, for every entry point (use cases, call events, the sandbox, timers): load it, run
/// the signals through <see cref="SessionLifecycle"/> with the clock's now, carry out the effects, and commit the
/// session with everything the effects write (the expert's status, a link, a payment) and publish (call commands,
/// settlement, notifications) in one unit of work, retrying when another writer got there first.
/// </summary>
/// <remarks>
/// Two effects have outcomes the session needs before it is saved, so they run first and their outcome is fed back
/// as a signal: authorising a booked session's card (idempotent by the session's key) and preparing its call.
/// Everything else that talks to the outside world is an integration event handled after the commit, retried by the
/// outbox. A step that changes nothing writes nothing. Timers: a <see cref="LifecycleScheduled"/> is published only
/// when the next due time moves earlier than the one already announced (or the session ends); a timer that then fires
/// early finds nothing due and the sweep records the real next time, so timers are never late and call events rarely
/// cost an extra outbox row.
/// </remarks>
public sealed class SessionRunner(
    IDocumentStore store,
    ICallService calls,
    SessionCheckout checkout,
    ISessionQueries queries,
    IOptions<SessionOptions> options,
    TimeProvider clock,
    ILogger<SessionRunner> logger)
{
    public const string AggregateType = "session";

    public SessionPolicy Policy => options.Value.Policy;

    /// <summary>The session after a step, whether it changed, and when it is next due without a signal.</summary>
    public sealed record Step(Session Session, bool Changed, DateTimeOffset? NextDueAt);

    /// <summary>Applies the signals chosen for the current session (none: nothing to do) and commits, retrying on conflict.</summary>
    public Task<Result<Step>> ApplyAsync(SessionId id, Func<Session, Result<IReadOnlyList<SessionSignal>>> signalsFor, CancellationToken cancellationToken, bool fromTimer = false) =>
        Concurrency.RetryOnConflictAsync(async () =>
        {
            var session = await store.FindAsync<Session>(id.Value, cancellationToken);
            if (session is null)
            {
                return Error.NotFound("Session");
            }

            var signals = signalsFor(session);
            if (!signals.IsSuccess)
            {
                return signals.Error!;
            }

            return signals.Value.Count == 0
                ? new Step(session, false, SessionLifecycle.DueAt(session, clock.GetUtcNow(), Policy))
                : await CommitAsync(session, signals.Value, isNew: false, fromTimer, null, null, cancellationToken);
        }, attempts: 10);

    public Task<Result<Step>> ApplyAsync(SessionId id, SessionSignal signal, CancellationToken cancellationToken) =>
        ApplyAsync(id, _ => Result<IReadOnlyList<SessionSignal>>.Success([signal]), cancellationToken);

    /// <summary>"Time has passed": what a timer delivers.</summary>
    public async Task<LifecycleStep> TickAsync(SessionId id, CancellationToken cancellationToken)
    {
        var step = await ApplyAsync(id, _ => Result<IReadOnlyList<SessionSignal>>.Success([new SessionSignal.TimePassed()]), cancellationToken, fromTimer: true);
        if (!step.IsSuccess)
        {
            return step.Error!.Kind == ErrorKind.NotFound
                ? LifecycleStep.Final
                : throw new InvalidOperationException($"Session {id} could not take its timer: {step.Error.Code}");
        }

        return new LifecycleStep(step.Value.NextDueAt, step.Value.Session.State.IsFinal());
    }

    /// <summary>
    /// Applies the signals to a loaded (or, with <paramref name="isNew"/>, new) session and commits one unit of work.
    /// <paramref name="expert"/> is the expert profile as the caller read it, so a concurrent change to it is a conflict.
    /// </summary>
    public async Task<Result<Step>> CommitAsync(
        Session session,
        IReadOnlyList<SessionSignal> signals,
        bool isNew,
        bool fromTimer,
        ExpertProfile? expert,
        Func<IUnitOfWork, Task>? alsoWrite,
        CancellationToken cancellationToken)
    {
        var prepared = await PrepareAsync(session, signals, isNew, fromTimer, cancellationToken);
        if (!prepared.IsSuccess)
        {
            return prepared.Error!;
        }

        var step = prepared.Value;
        if (!step.Changed)
        {
            return new Step(session, false, step.NextDueAt);
        }

        var work = store.BeginWork();
        if (alsoWrite is not null)
        {
            await alsoWrite(work);
        }

        await WriteAsync(work, step, expert, cancellationToken);
        var commit = await work.CommitAsync(cancellationToken);
        if (!commit.IsSuccess)
        {
            return commit.Error!.Code == "duplicate" && !isNew ? Error.ConcurrencyConflict() : commit.Error!;
        }

        return step.Committed();
    }

    /// <summary>
    /// Group commit: applies each session's signals and writes every changed session in one unit of work, which costs
    /// the store one transaction instead of one each. When that commit fails (another writer changed one of them, or two
    /// steps touch the same expert), each session is applied again on its own with the usual retries.
    /// </summary>
    public async Task<IReadOnlyList<Result<Step>>> CommitManyAsync(
        IReadOnlyList<(SessionId Id, Func<Session, Result<IReadOnlyList<SessionSignal>>> SignalsFor)> steps,
        CancellationToken cancellationToken)
    {
        var results = new Result<Step>[steps.Count];
        var pending = new List<(int Index, PreparedStep Step)>();
        for (var i = 0; i < steps.Count; i++)
        {
            var session = await store.FindAsync<Session>(steps[i].Id.Value, cancellationToken);
            if (session is null)
            {
                results[i] = Error.NotFound("Session");
                continue;
            }

            var signals = steps[i].SignalsFor(session);
            if (!signals.IsSuccess || signals.Value.Count == 0)
            {
                results[i] = signals.IsSuccess ? new Step(session, false, SessionLifecycle.DueAt(session, clock.GetUtcNow(), Policy)) : signals.Error!;
                continue;
            }

            var prepared = await PrepareAsync(session, signals.Value, isNew: false, fromTimer: false, cancellationToken);
            if (!prepared.IsSuccess)
            {
                results[i] = prepared.Error!;
            }
            else if (!prepared.Value.Changed)
            {
                results[i] = new Step(session, false, prepared.Value.NextDueAt);
            }
            else
            {
                pending.Add((i, prepared.Value));
            }
        }

        if (pending.Count == 0)
        {
            return results;
        }

        var work = store.BeginWork();
        foreach (var (_, step) in pending)
        {
            await WriteAsync(work, step, null, cancellationToken);
        }

        var commit = await work.CommitAsync(cancellationToken);
        foreach (var (index, step) in pending)
        {
            results[index] = commit.IsSuccess ? step.Committed() : await ApplyAsync(steps[index].Id, steps[index].SignalsFor, cancellationToken);
        }

        return results;
    }

    /// <summary>A step worked out and ready to write: the new session, its effects, and what it announces.</summary>
    private sealed record PreparedStep(
        Session Original,
        Session Current,
        IReadOnlyList<SessionEffect> Effects,
        IReadOnlyList<CustomerPayment> Payments,
        bool IsNew,
        bool PublishTimer,
        DateTimeOffset? AnnounceAt,
        DateTimeOffset? NextDueAt,
        DateTimeOffset Now)
    {
        public bool Changed => IsNew || !ReferenceEquals(Current, Original) || Effects.Count > 0;

        public Step Committed() => new(Current with { Version = IsNew ? 1 : Current.Version + 1 }, true, NextDueAt);
    }

    private async Task<Result<PreparedStep>> PrepareAsync(Session session, IReadOnlyList<SessionSignal> signals, bool isNew, bool fromTimer, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var policy = Policy;
        var current = session;
        var effects = new List<SessionEffect>();
        DateTimeOffset? next = null;
        foreach (var signal in signals)
        {
            var applied = SessionLifecycle.Apply(current, signal, now, policy);
            if (!applied.IsSuccess)
            {
                return applied.Error!;
            }

            current = applied.Value.Session;
            effects.AddRange(applied.Value.Effects);
            next = applied.Value.NextDueAt;
        }

        var payments = new List<CustomerPayment>();
        for (var i = 0; i < effects.Count; i++)
        {
            var outcome = await RunBeforeCommitAsync(current, effects[i], payments, now, cancellationToken);
            if (outcome is null)
            {
                continue;
            }

            var followUp = SessionLifecycle.Apply(current, outcome, now, policy);
            if (!followUp.IsSuccess)
            {
                return followUp.Error!;
            }

            current = followUp.Value.Session;
            effects.AddRange(followUp.Value.Effects);
            next = followUp.Value.NextDueAt;
        }

        var isFinal = current.State.IsFinal();
        var announceAt = isFinal ? null : fromTimer ? next : next is { } due && (current.AnnouncedDueAt is null || due < current.AnnouncedDueAt) ? next : current.AnnouncedDueAt;
        var publishTimer = (isFinal && !session.State.IsFinal()) || (!isFinal && !fromTimer && announceAt != current.AnnouncedDueAt);
        if (announceAt != current.AnnouncedDueAt)
        {
            current = current with { AnnouncedDueAt = announceAt };
        }

        return new PreparedStep(session, current, effects, payments, isNew, publishTimer, announceAt, next, now);
    }

    private async Task WriteAsync(IUnitOfWork work, PreparedStep step, ExpertProfile? expert, CancellationToken cancellationToken)
    {
        var current = step.Current;
        if (step.IsNew)
        {
            work.Add(current);
        }
        else
        {
            work.Update(current);
        }

        foreach (var payment in step.Payments)
        {
            work.Add(payment);
        }

        await WriteEffectsAsync(work, current, step.Effects, expert, step.Now, cancellationToken);
        if (step.PublishTimer)
        {
            var isFinal = current.State.IsFinal();
            work.Publish(new LifecycleScheduled(AggregateType, current.Id.Value, isFinal ? null : step.AnnounceAt, isFinal) { OccurredAt = step.Now });
        }
    }

    /// <summary>Runs an effect whose outcome the session needs before it is saved; returns the signal carrying that outcome.</summary>
    private async Task<SessionSignal?> RunBeforeCommitAsync(Session session, SessionEffect effect, List<CustomerPayment> payments, DateTimeOffset now, CancellationToken cancellationToken)
    {
        switch (effect)
        {
            case SessionEffect.AuthorisePayment authorise:
                var payment = await checkout.AuthoriseAsync(session.Id, session.CustomerId, session.ExpertId, authorise.Amount, Describe(session), offSession: true, now, cancellationToken);
                if (payment.IsSuccess)
                {
                    payments.Add(payment.Value);
                    return new SessionSignal.PaymentAuthorised(payment.Value.Id);
                }

                if (payment.Error!.Kind == ErrorKind.Unavailable)
                {
                    logger.LogWarning("Authorising booked session {SessionId} failed for now ({Code}); it is tried again", session.Id, payment.Error.Code);
                    return null;
                }

                logger.LogInformation("The card for booked session {SessionId} was refused: {Code}", session.Id, payment.Error.Code);
                return new SessionSignal.PaymentDeclined(payment.Error.Code);

            case SessionEffect.PrepareCall prepare:
                var call = await calls.PrepareAsync(session.Id, prepare.ValidFrom, prepare.ValidUntil, cancellationToken);
                return call.IsSuccess
                    ? new SessionSignal.CallPrepared(call.Value)
                    : throw new InvalidOperationException($"The call of session {session.Id} could not be prepared ({call.Error!.Code}); the timer tries again.");

            default:
                return null;
        }
    }

    private async Task WriteEffectsAsync(IUnitOfWork work, Session session, IReadOnlyList<SessionEffect> effects, ExpertProfile? expert, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ExpertStatus? status = null;
        foreach (var effect in effects)
        {
            switch (effect)
            {
                case SessionEffect.MarkExpertBusy:
                    status = ExpertStatus.Busy;
                    break;
                case SessionEffect.MarkExpertAvailable:
                    status = await queries.HasOtherActiveSessionAsync(session.ExpertId, session.Id, cancellationToken) ? ExpertStatus.Busy : ExpertStatus.Online;
                    break;
                case SessionEffect.RingExpert:
                    work.Publish(new SessionRinging(session.Id, session.ExpertId, session.CustomerId) { OccurredAt = now });
                    break;
                case SessionEffect.NotifyOpened:
                    work.Publish(new SessionOpened(session.Id) { OccurredAt = now });
                    break;
                case SessionEffect.ConnectCall:
                    work.Publish(new SessionCallCommand(session.Id, SessionCallCommand.Connect) { OccurredAt = now });
                    break;
                case SessionEffect.Warn warn:
                    work.Publish(new SessionWarningIssued(session.Id, warn.SecondsLeft) { OccurredAt = now });
                    break;
                case SessionEffect.EndCall:
                    work.Publish(new SessionCallCommand(session.Id, SessionCallCommand.End) { OccurredAt = now });
                    break;
                case SessionEffect.Settle:
                    work.Publish(new SessionEnded(session.Id, session.State, session.EndReason) { OccurredAt = now });
                    break;
                case SessionEffect.ReleaseLink release:
                    var link = await store.FindAsync<SessionLink>(release.Link.Value, cancellationToken);
                    if (link is not null && !ReferenceEquals(link.Release(session.Id), link))
                    {
                        work.Update(link.Release(session.Id));
                    }

                    break;
            }
        }

        if (status is null)
        {
            return;
        }

        expert ??= await store.FindAsync<ExpertProfile>(session.ExpertId.Value, cancellationToken);
        if (expert is null)
        {
            return;
        }

        // Back to online only from busy: an expert who went offline during the session stays offline.
        var target = status == ExpertStatus.Online && expert.Status != ExpertStatus.Busy ? expert.Status : status.Value;
        if (target != expert.Status)
        {
            work.Update(expert with { Status = target, UpdatedAt = now });
        }
    }

    public static string Describe(Session session) =>
        $"{(session.Mode == Domain.Messaging.SessionMode.Video ? "Video" : "Voice")} session with {session.ExpertName}";
}
