using Headstore.Application.Common;
using Headstore.Application.Ledger;
using Headstore.Application.Payments;
using Headstore.Domain.Common;
using Headstore.Domain.Ledger;
using Headstore.Domain.Payments;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Headstore.Application.Payouts;

/// <summary>
/// Pays experts weekly: for each expert whose payable (plus ambassador earnings) in a currency is at least
/// <see cref="MoneyOptions.MinimumPayoutMinor"/> and whose payout account can receive payouts, reserves the balance
/// (payable → payouts in transit, netting anything they owe after a refund) and transfers it to their connected
/// account with transfer group <c>payouts-{week}</c> and idempotency key <c>payout:{payoutId}</c>. One payout per
/// expert, week and currency, whatever the number of runs; a refused transfer is reversed in the ledger and goes out
/// next week; an unreachable provider leaves it pending, retried with the same key next run.
/// </summary>
public sealed class WeeklyPayoutJob(
    IDocumentStore store,
    ILedgerQueries ledger,
    IPaymentQueries queries,
    IPaymentGateway gateway,
    IOptions<MoneyOptions> options,
    TimeProvider clock,
    ILogger<WeeklyPayoutJob> logger) : IPeriodicJob
{
    public string Name => "weekly-payouts";

    public TimeSpan Interval => TimeSpan.FromHours(1);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        foreach (var pending in await queries.PayoutsAsync(PayoutState.Pending, null, 100, cancellationToken))
        {
            await TryAsync(pending.Id, () => SendAsync(pending, cancellationToken));
        }

        var now = clock.GetUtcNow();
        var week = Payout.WeekOf(now);
        var payables = (await ledger.BalancesOfKindAsync(LedgerAccountKind.ExpertPayable, cancellationToken))
            .Concat(await ledger.BalancesOfKindAsync(LedgerAccountKind.AmbassadorPayable, cancellationToken))
            .Select(b => (b.Account, Owed: b.Account.InNormalDirection(b.Balance)))
            .GroupBy(b => (Owner: b.Account.Owner!, b.Owed.Currency));
        foreach (var group in payables)
        {
            var expert = new ExpertId(group.Key.Owner);
            var id = PayoutId.For(expert, week, group.Key.Currency);
            await TryAsync(id, () => PayAsync(expert, week, group.Select(g => (g.Account, g.Owed)).ToArray(), cancellationToken));
        }
    }

    private async Task PayAsync(ExpertId expert, string week, IReadOnlyList<(LedgerAccount Account, Money Owed)> payables, CancellationToken cancellationToken)
    {
        var currency = payables[0].Owed.Currency;
        var total = payables.Aggregate(Money.Zero(currency), (sum, p) => sum + p.Owed);
        if (total.Minor < options.Value.MinimumPayoutMinor || await store.FindAsync<Payout>(PayoutId.For(expert, week, currency).Value, cancellationToken) is not null)
        {
            return;
        }

        var account = await store.FindAsync<PayoutAccount>(expert.Value, cancellationToken);
        if (account is not { CanReceivePayouts: true })
        {
            return;
        }

        var (payout, posting) = Payout.Reserve(expert, week, payables, account.ConnectedAccountId, clock.GetUtcNow());
        var work = store.BeginWork();
        work.Add(payout);
        work.Add(posting);
        var commit = await work.CommitAsync(cancellationToken);
        if (!commit.IsSuccess)
        {
            // Another run reserved this week's payout first; it sends it.
            return;
        }

        await SendAsync(payout, cancellationToken);
    }

    private async Task SendAsync(Payout payout, CancellationToken cancellationToken)
    {
        var transfer = await gateway.TransferAsync(new TransferRequest(
            payout.ConnectedAccountId, payout.Amount, payout.TransferGroup, $"payout:{payout.Id}", Description: $"Headstore payout {payout.Week}",
            Metadata: new Dictionary<string, string> { ["headstore_payout_id"] = payout.Id.Value }), cancellationToken);
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
            logger.LogWarning("Payout {PayoutId} could not reach the provider; retried next run", payout.Id);
            return;
        }

        logger.LogWarning("Payout {PayoutId} was refused: {Code}", payout.Id, transfer.Error.Code);
        var reservation = await store.FindAsync<LedgerTransaction>(Payout.SentKey(payout.Id), cancellationToken);
        await WriteAsync(payout.Id, current =>
        {
            var (failed, posting) = current.Fail(transfer.Error.Code, reservation!, now);
            return (failed, posting, posting is null ? null : new PayoutNotSent(current.Id, current.ExpertId, current.Amount, transfer.Error.Code) { OccurredAt = now });
        }, cancellationToken);
    }

    private async Task WriteAsync(PayoutId id, Func<Payout, (Payout Payout, LedgerTransaction? Posting, IntegrationEvent? Event)> change, CancellationToken cancellationToken)
    {
        await Concurrency.RetryOnConflictAsync(async () =>
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
    }

    private async Task TryAsync(PayoutId id, Func<Task> step)
    {
        try
        {
            await step();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogError(exception, "Payout {PayoutId} failed; it is looked at again next run", id);
        }
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
        payout.Id, payout.Week, payout.Amount, payout.Reversed, payout.State switch
        {
            PayoutState.InTransit => "in-transit",
            _ => payout.State.ToString().ToLowerInvariant(),
        }, payout.BankPayoutFailed, payout.CreatedAt, payout.SentAt, payout.PaidAt);
}

public sealed record ListPayoutsQuery(int? Limit, string? Cursor);

public sealed class ListPayoutsHandler(IPaymentQueries queries)
{
    public async Task<Result<Page<PayoutView>>> HandleAsync(Actor actor, ListPayoutsQuery query, CancellationToken cancellationToken)
    {
        if (actor.RequireRole(Roles.Expert) is { } denied)
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
