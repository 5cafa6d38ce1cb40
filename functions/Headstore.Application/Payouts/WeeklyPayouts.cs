using Headstore.Application.Ambassadors;
using Headstore.Application.Common;
using Headstore.Application.Ledger;
using Headstore.Application.Payments;
using Headstore.Application.Scheduling;
using Headstore.Domain.Common;
using Headstore.Domain.Ledger;
using Headstore.Domain.Payments;
using Headstore.Domain.Scheduling;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Headstore.Application.Payouts;

/// <summary>
/// The weekly payout run. Each tick (locally the scheduler's interval, in Azure a timer) it asks whether the configured
/// weekly slot (<see cref="PayoutOptions.Day"/> at <see cref="PayoutOptions.TimeOfDay"/> UTC, Monday 06:00 by default)
/// has come and, once per slot, enumerates every payable account with money owed into one
/// <see cref="WeeklyPayoutDue"/> event per payee and currency, checkpointed page by page (<see cref="ScheduledRuns"/>).
/// It pays nobody itself: <see cref="WeeklyPayoutWorker"/> does, one payee at a time. It also finishes interrupted
/// runs and hands out again payouts left pending (the provider was unreachable and the queue gave up).
/// </summary>
public sealed class WeeklyPayoutJob(
    ScheduledRuns runs,
    IPayoutQueries payouts,
    IDocumentStore store,
    IOptions<PayoutOptions> options,
    TimeProvider clock,
    ILogger<WeeklyPayoutJob> logger) : IPeriodicJob
{
    public const string JobName = "weekly-payouts";

    public string Name => JobName;

    /// <summary>How often the local scheduler asks; the weekly slot decides whether anything runs.</summary>
    public TimeSpan Interval => TimeSpan.FromMinutes(10);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var due = options.Value.Schedule.LatestAtOrBefore(now);
        var run = await runs.EnsureAsync(JobName, Payout.WeekOf(due), due, cancellationToken);
        if (!run.IsEnumerated)
        {
            run = await runs.EnumerateAsync(run, NextPageAsync, cancellationToken);
            logger.LogInformation("Weekly payouts {Week} (attempt {Attempt}): {Count} payables handed out", run.Slot, run.Attempt, run.Enumerated);
        }

        await runs.ResumeUnfinishedAsync(JobName, NextPageAsync, cancellationToken);
        await RetryStuckAsync(now, cancellationToken);
    }

    /// <summary>The next page of a run: one event per payable account owed money (an owner with two gets the same event id twice, stored once).</summary>
    public async Task<EnumerationPage> NextPageAsync(ScheduledRun run, CancellationToken cancellationToken)
    {
        var pageSize = runs.PageSize(options.Value.PageSize);
        var (accounts, cursor) = await payouts.OwedAccountsAsync(run.Cursor, pageSize, cancellationToken);
        var now = clock.GetUtcNow();
        var events = accounts
            .Select(a => WeeklyPayoutDue.For(new ExpertId(a.Account.Owner!), a.Owed.Currency, run.Slot, run.Attempt, now))
            .DistinctBy(e => e.EventId)
            .ToArray();
        return new EnumerationPage(events, cursor, accounts.Count < pageSize);
    }

    private async Task RetryStuckAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var stuck = await payouts.PendingBeforeAsync(now - options.Value.RetryPendingAfter, Math.Min(500, store.MaxWritesPerCommit), cancellationToken);
        if (stuck.Count == 0)
        {
            return;
        }

        // A new event per retry and tick: the worker finds the pending payout and sends it with its original key.
        var slot = now.ToUnixTimeSeconds() / (long)Interval.TotalSeconds;
        var work = store.BeginWork();
        foreach (var payout in stuck)
        {
            work.Publish(new WeeklyPayoutDue(payout.ExpertId, payout.Amount.Currency, payout.Week, 0) { EventId = $"payout-retry:{payout.Id}:{slot}", OccurredAt = now });
        }

        await work.CommitAsync(cancellationToken);
        logger.LogWarning("{Count} payouts were still pending; handed out again", stuck.Count);
    }
}

/// <summary>
/// Pays one payee's week in one currency, exactly once: the payout id is <c>po_{payee}_{week}_{currency}</c> and the
/// reservation (payout + ledger posting) is committed before the transfer, whose idempotency key is
/// <c>payout:{payoutId}</c>. Killed after the reservation, a redelivery finds the payout pending and makes the same
/// transfer (the provider answers a repeated key with the first transfer); killed after the transfer, the same. When
/// what is owed (expert payable plus ambassador payable, netting a debt) is below <c>Money:MinimumPayoutMinor</c>, or
/// the payout account cannot receive payouts yet, nothing is paid and the balance is carried to a later week. A
/// refused transfer is reversed in the ledger (owed again, paid next week); an unreachable provider throws, so the
/// queue retries, and the job's sweep hands out whatever is still pending later.
/// </summary>
public sealed class WeeklyPayoutWorker(
    IDocumentStore store,
    ILedgerQueries ledger,
    IPaymentGateway gateway,
    IOptions<MoneyOptions> money,
    IOptions<PayoutOptions> options,
    TimeProvider clock,
    ILogger<WeeklyPayoutWorker> logger) : IEventHandler<WeeklyPayoutDue>
{
    public async Task HandleAsync(WeeklyPayoutDue integrationEvent, CancellationToken cancellationToken)
    {
        var (payee, currency, week) = (integrationEvent.Payee, integrationEvent.Currency, integrationEvent.Week);
        var id = PayoutId.For(payee, week, currency);
        var payout = await store.FindAsync<Payout>(id.Value, cancellationToken);
        if (payout is null)
        {
            payout = await ReserveAsync(payee, currency, week, cancellationToken);
            if (payout is null)
            {
                return;
            }

            await PauseAsync(cancellationToken);
        }

        if (payout.State == PayoutState.Pending)
        {
            await SendAsync(payout, cancellationToken);
        }
    }

    /// <summary>Reserves what is owed as this week's payout, or returns null when nothing is to be paid now.</summary>
    private async Task<Payout?> ReserveAsync(ExpertId payee, Currency currency, string week, CancellationToken cancellationToken)
    {
        var payables = new List<(LedgerAccount Account, Money Owed)>();
        foreach (var payable in new[] { LedgerAccount.ExpertPayable(payee), LedgerAccount.AmbassadorPayable(payee.User) })
        {
            var balance = (await ledger.BalancesAsync(payable, null, cancellationToken)).FirstOrDefault(b => b.Currency == currency);
            if (balance.Currency == currency && balance.Minor != 0)
            {
                payables.Add((payable, payable.InNormalDirection(balance)));
            }
        }

        var total = payables.Aggregate(Money.Zero(currency), (sum, p) => sum + p.Owed);
        if (total.Minor < money.Value.MinimumPayoutMinor)
        {
            logger.LogDebug("{Payee} is owed {Owed} in week {Week}: below the minimum payout, carried forward", payee, total, week);
            return null;
        }

        var account = await store.FindAsync<PayoutAccount>(payee.Value, cancellationToken);
        if (account is not { CanReceivePayouts: true })
        {
            logger.LogInformation("{Payee} is owed {Owed} but has no payout account that can receive payouts; carried forward", payee, total);
            return null;
        }

        var (payout, posting) = Payout.Reserve(payee, week, payables, account.ConnectedAccountId, clock.GetUtcNow());
        var work = store.BeginWork();
        work.Add(payout);
        work.Add(posting);
        var commit = await work.CommitAsync(cancellationToken);
        if (commit.IsSuccess)
        {
            return payout with { Version = 1 };
        }

        // Another delivery reserved this week's payout first: carry on with that one.
        return commit.Error!.Code == "duplicate"
            ? await store.FindAsync<Payout>(payout.Id.Value, cancellationToken)
            : throw new InvalidOperationException($"Payout {payout.Id} could not be reserved: {commit.Error.Code}");
    }

    private async Task SendAsync(Payout payout, CancellationToken cancellationToken)
    {
        var transfer = await gateway.TransferAsync(new TransferRequest(
            payout.ConnectedAccountId, payout.Amount, payout.TransferGroup, Payout.SentKey(payout.Id), Description: $"Headstore payout {payout.Week}",
            Metadata: new Dictionary<string, string> { ["headstore_payout_id"] = payout.Id.Value }), cancellationToken);
        await PauseAsync(cancellationToken);
        var now = clock.GetUtcNow();
        if (transfer.IsSuccess)
        {
            await WriteAsync(payout.Id, current => current.State == PayoutState.Pending
                ? (current.Sent(transfer.Value.TransferId, now), null, new PayoutSent(current.Id, current.ExpertId, current.Amount) { OccurredAt = now })
                : (current, null, null), cancellationToken);
            return;
        }

        if (transfer.Error!.Kind == ErrorKind.Unavailable)
        {
            // Thrown, so the queue delivers it again later; the payout stays pending and keeps its transfer key.
            throw new PaymentProviderUnavailableException($"Payout {payout.Id} could not reach the payment provider; it is retried.");
        }

        logger.LogWarning("Payout {PayoutId} was refused: {Code}", payout.Id, transfer.Error.Code);
        var reservation = await store.FindAsync<LedgerTransaction>(Payout.SentKey(payout.Id), cancellationToken);
        await WriteAsync(payout.Id, current =>
        {
            var (failed, posting) = current.Fail(transfer.Error.Code, reservation!, now);
            return (failed, posting, posting is null ? null : new PayoutNotSent(current.Id, current.ExpertId, current.Amount, transfer.Error.Code) { OccurredAt = now });
        }, cancellationToken);
    }

    private Task PauseAsync(CancellationToken cancellationToken) =>
        options.Value.StepDelay > TimeSpan.Zero ? Task.Delay(options.Value.StepDelay, cancellationToken) : Task.CompletedTask;

    private async Task WriteAsync(PayoutId id, Func<Payout, (Payout Payout, LedgerTransaction? Posting, IntegrationEvent? Event)> change, CancellationToken cancellationToken)
    {
        var written = await Concurrency.RetryOnConflictAsync(async () =>
        {
            var current = await store.FindAsync<Payout>(id.Value, cancellationToken);
            var (updated, posting, integrationEvent) = change(current!);
            if (ReferenceEquals(updated, current))
            {
                return Result<Unit>.Success(Unit.Value);
            }

            var work = store.BeginWork();
            work.Update(updated);
            if (posting is not null)
            {
                work.Add(posting);
            }

            if (integrationEvent is not null)
            {
                work.Publish(integrationEvent);
            }

            return await work.CommitAsync(cancellationToken);
        });
        if (!written.IsSuccess)
        {
            throw new InvalidOperationException($"Payout {id} could not be recorded: {written.Error!.Code}");
        }
    }
}

/// <summary>The payment provider could not be reached; the work is retried later with the same idempotency key.</summary>
public sealed class PaymentProviderUnavailableException : Exception
{
    public PaymentProviderUnavailableException()
    {
    }

    public PaymentProviderUnavailableException(string message)
        : base(message)
    {
    }

    public PaymentProviderUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// After a refund or a dispute leaves an expert owing money, tries to take it back from transfers still on their way
/// to the expert's bank (a transfer reversal). When none is left in transit, or the provider refuses because the money
/// was already paid out, the negative payable simply stays and is netted from the expert's next payouts.
/// </summary>
public sealed class TransferRecovery(
    IDocumentStore store,
    ILedgerQueries ledger,
    IPaymentQueries queries,
    IPaymentGateway gateway,
    TimeProvider clock,
    ILogger<TransferRecovery> logger) :
    IEventHandler<PaymentRefunded>,
    IEventHandler<DisputeOpened>
{
    public Task HandleAsync(PaymentRefunded integrationEvent, CancellationToken cancellationToken) =>
        integrationEvent.ExpertId is { } expert ? RecoverAsync(expert, integrationEvent.Amount.Currency, integrationEvent.EventId, cancellationToken) : Task.CompletedTask;

    public async Task HandleAsync(DisputeOpened integrationEvent, CancellationToken cancellationToken)
    {
        var payment = await store.FindAsync<CustomerPayment>(integrationEvent.PaymentId.Value, cancellationToken);
        if (payment?.Earner?.Expert is { } expert)
        {
            await RecoverAsync(expert, integrationEvent.Amount.Currency, integrationEvent.EventId, cancellationToken);
        }
    }

    private async Task RecoverAsync(ExpertId expert, Currency currency, string causeId, CancellationToken cancellationToken)
    {
        var account = LedgerAccount.ExpertPayable(expert);
        var balance = (await ledger.BalancesAsync(account, null, cancellationToken)).FirstOrDefault(b => b.Currency == currency);
        var owed = balance.Currency == currency ? -account.InNormalDirection(balance).Minor : 0;
        foreach (var payout in (await queries.InTransitAsync(expert, cancellationToken)).Where(p => p.Amount.Currency == currency))
        {
            var take = Math.Min(owed, payout.Outstanding.Minor);
            if (take <= 0)
            {
                continue;
            }

            var reversal = await gateway.ReverseTransferAsync(new ReverseTransferRequest(payout.TransferId!, new Money(take, currency), $"recover:{causeId}:{payout.TransferId}"), cancellationToken);
            if (!reversal.IsSuccess)
            {
                logger.LogInformation("Transfer {TransferId} could not be reversed ({Code}); the amount is netted from later payouts", payout.TransferId, reversal.Error!.Code);
                continue;
            }

            var now = clock.GetUtcNow();
            var applied = await Concurrency.RetryOnConflictAsync(async () =>
            {
                var current = await store.FindAsync<Payout>(payout.Id.Value, cancellationToken);
                var before = current!.Reversals.Select(r => r.To).DefaultIfEmpty(0).Max();
                var (updated, postings) = current.ApplyReversalTotal(before, before + reversal.Value.Amount.Minor, now);
                if (postings.Count == 0)
                {
                    return Result<Unit>.Success(Unit.Value);
                }

                var work = store.BeginWork();
                work.Update(updated);
                foreach (var posting in postings)
                {
                    work.Add(posting);
                }

                var commit = await work.CommitAsync(cancellationToken);
                return commit.IsSuccess || commit.Error!.Code != "duplicate" ? commit : Error.ConcurrencyConflict();
            });
            if (applied.IsSuccess)
            {
                owed -= reversal.Value.Amount.Minor;
            }
        }
    }
}

public sealed record PayoutView(PayoutId Id, string Week, Money Amount, Money Reversed, string Status, bool BankPayoutFailed, DateTimeOffset CreatedAt, DateTimeOffset? SentAt, DateTimeOffset? PaidAt)
{
    public static PayoutView From(Payout payout) => new(
        payout.Id, payout.Week, payout.Amount, payout.Reversed, StatusOf(payout.State), payout.BankPayoutFailed, payout.CreatedAt, payout.SentAt, payout.PaidAt);

    public static string StatusOf(PayoutState state) => state switch
    {
        PayoutState.InTransit => "in-transit",
        _ => state.ToString().ToLowerInvariant(),
    };
}

public sealed record ListPayoutsQuery(int? Limit, string? Cursor);

public sealed class ListPayoutsHandler(IPaymentQueries queries)
{
    public async Task<Result<Page<PayoutView>>> HandleAsync(Actor actor, ListPayoutsQuery query, CancellationToken cancellationToken)
    {
        if (actor.RequirePayee() is { } denied)
        {
            return denied;
        }

        var page = PageRequest.Create(query.Limit, query.Cursor);
        if (!page.IsSuccess)
        {
            return page.Error!;
        }

        var payouts = await queries.ListPayoutsAsync(ExpertId.For(actor.UserId), page.Value, cancellationToken);
        return new Page<PayoutView>(payouts.Items.Select(PayoutView.From).ToArray(), payouts.NextCursor);
    }
}
