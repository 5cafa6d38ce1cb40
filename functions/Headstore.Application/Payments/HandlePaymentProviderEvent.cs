using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Ledger;
using Headstore.Domain.Payments;
using Microsoft.Extensions.Logging;

namespace Headstore.Application.Payments;

public enum ProviderEventOutcome
{
    /// <summary>The event changed something.</summary>
    Applied,

    /// <summary>The event was about something Headstore already knew, or does not track: recorded, nothing changed.</summary>
    NothingToDo,

    /// <summary>This event id was processed before; nothing was done again.</summary>
    Duplicate,
}

public sealed record ProviderEventReceipt(string EventId, string Type, ProviderEventOutcome Outcome);

/// <summary>
/// Applies one payment provider event, exactly once: the record of the event id is written in the same commit as its
/// effects, so a redelivery finds it and does nothing, and two concurrent deliveries cannot both commit. State only
/// moves forward (cumulative amounts, one-way states), so late or out-of-order news changes nothing.
/// The webhook endpoint and the local sandbox both come here.
/// </summary>
public sealed class HandlePaymentProviderEventHandler(
    IDocumentStore store,
    IPaymentQueries queries,
    IPaymentGateway gateway,
    PaymentProcessor processor,
    TimeProvider clock,
    ILogger<HandlePaymentProviderEventHandler> logger)
{
    public const string Provider = "stripe";

    public async Task<Result<ProviderEventReceipt>> HandleAsync(PaymentProviderEvent providerEvent, CancellationToken cancellationToken)
    {
        var key = ProcessedProviderEvent.KeyFor(Provider, providerEvent.EventId);
        var outcome = await Concurrency.RetryOnConflictAsync(async () =>
        {
            if (await store.FindAsync<ProcessedProviderEvent>(key, cancellationToken) is not null)
            {
                return Result<ProviderEventOutcome>.Success(ProviderEventOutcome.Duplicate);
            }

            var work = store.BeginWork();
            var applied = await ApplyAsync(providerEvent, work, cancellationToken);
            if (!applied.IsSuccess)
            {
                return applied.Error!;
            }

            work.Add(new ProcessedProviderEvent(key, providerEvent.Type, applied.Value.ToString(), clock.GetUtcNow(), 0));
            var commit = await work.CommitAsync(cancellationToken);
            if (commit.IsSuccess)
            {
                return applied.Value;
            }

            // "duplicate": a concurrent delivery of this event, or another path posting the same movement. Look again.
            return commit.Error!.Code == "duplicate" ? Error.ConcurrencyConflict() : commit.Error!;
        }, attempts: 10);

        if (outcome.IsSuccess)
        {
            logger.LogInformation("Payment provider event {EventId} ({Type}): {Outcome}", providerEvent.EventId, providerEvent.Type, outcome.Value);
        }

        return outcome.Map(o => new ProviderEventReceipt(providerEvent.EventId, providerEvent.Type, o));
    }

    private Task<Result<ProviderEventOutcome>> ApplyAsync(PaymentProviderEvent providerEvent, IUnitOfWork work, CancellationToken cancellationToken) => providerEvent switch
    {
        PaymentIntentChanged e => OnPaymentIntentAsync(e, work, cancellationToken),
        ChargeRefunded e => OnRefundedAsync(e, work, cancellationToken),
        DisputeChanged e => OnDisputeAsync(e, work, cancellationToken),
        ConnectedAccountUpdated e => OnAccountAsync(e, work, cancellationToken),
        TransferReversed e => OnTransferReversedAsync(e, work, cancellationToken),
        ConnectedPayoutChanged e => OnPayoutAsync(e, work, cancellationToken),
        CardSaved e => OnCardSavedAsync(e, work, cancellationToken),
        _ => Task.FromResult(Result<ProviderEventOutcome>.Success(ProviderEventOutcome.NothingToDo)),
    };

    private async Task<Result<ProviderEventOutcome>> OnPaymentIntentAsync(PaymentIntentChanged e, IUnitOfWork work, CancellationToken cancellationToken)
    {
        var payment = await queries.FindByProviderPaymentIdAsync(e.PaymentId, cancellationToken);
        if (payment is null)
        {
            return ProviderEventOutcome.NothingToDo;
        }

        var now = clock.GetUtcNow();
        switch (e.Change)
        {
            case PaymentIntentChange.Succeeded when payment.State == PaymentState.Authorised && e.Received.IsPositive:
                return Write(work, payment, await CatchUpCaptureAsync(payment, e.Received, cancellationToken), []);
            case PaymentIntentChange.Canceled when payment.State == PaymentState.Authorised:
                var released = payment.Release(now).Value;
                work.Update(released);
                work.Publish(new PaymentReleased(payment.Id, payment.CustomerId, "lapsed") { OccurredAt = now });
                return ProviderEventOutcome.Applied;
            default:
                // Authorisations and declines are learnt from the provider's answer to our own call; nothing to add.
                return ProviderEventOutcome.NothingToDo;
        }
    }

    private async Task<Result<ProviderEventOutcome>> OnRefundedAsync(ChargeRefunded e, IUnitOfWork work, CancellationToken cancellationToken)
    {
        var payment = await queries.FindByProviderPaymentIdAsync(e.PaymentId, cancellationToken);
        if (payment is null)
        {
            return ProviderEventOutcome.NothingToDo;
        }

        var change = await CatchUpCaptureAsync(payment, e.Captured, cancellationToken);
        if (change.Payment.State != PaymentState.Captured)
        {
            return ProviderEventOutcome.NothingToDo;
        }

        var (refunded, postings) = change.Payment.ApplyRefundTotal(e.RefundedBefore?.Minor, e.Refunded.Minor, e.ChargeId, clock.GetUtcNow());
        var events = new List<IntegrationEvent>();
        if (postings.Count > 0)
        {
            var amount = postings.Sum(p => -p.AmountOn(LedgerAccount.Refunds, payment.Amount.Currency).Minor);
            events.Add(new PaymentRefunded(payment.Id, payment.CustomerId, refunded.Earner?.Expert, new Money(amount, payment.Amount.Currency)) { OccurredAt = clock.GetUtcNow() });
        }

        return Write(work, payment, change with { Payment = refunded, Postings = [.. change.Postings, .. postings] }, events);
    }

    private async Task<Result<ProviderEventOutcome>> OnDisputeAsync(DisputeChanged e, IUnitOfWork work, CancellationToken cancellationToken)
    {
        var payment = await queries.FindByProviderPaymentIdAsync(e.PaymentId, cancellationToken);
        if (payment is null)
        {
            logger.LogWarning("Dispute {DisputeId} is on a payment Headstore does not know", e.DisputeId);
            return ProviderEventOutcome.NothingToDo;
        }

        var change = payment.State == PaymentState.Authorised ? await CatchUpCaptureFromProviderAsync(payment, cancellationToken) : Plain(payment);
        if (!change.IsSuccess)
        {
            return change.Error!;
        }

        if (change.Value.Payment.State != PaymentState.Captured)
        {
            return ProviderEventOutcome.NothingToDo;
        }

        var now = clock.GetUtcNow();
        var current = change.Value.Payment;
        var postings = new List<LedgerTransaction>(change.Value.Postings);
        var events = new List<IntegrationEvent>();
        var existingCase = await store.FindAsync<DisputeCase>(e.DisputeId, cancellationToken);
        var isNew = !current.Disputes.Any(d => d.DisputeId == e.DisputeId);
        var closedWon = e.Status is "won" or "warning_closed";
        var closed = e.Change == DisputeChange.Closed || e.Status is "won" or "lost" or "warning_closed";
        if (closed)
        {
            var (updated, closing) = current.CloseDispute(e.DisputeId, closedWon, e.Amount, e.Reason, now);
            current = updated;
            postings.AddRange(closing);
        }
        else if (isNew)
        {
            var (updated, freeze) = current.OpenDispute(e.DisputeId, e.Amount, e.Reason, now);
            current = updated;
            if (freeze is not null)
            {
                postings.Add(freeze);
            }
        }

        var disputeCase = existingCase ?? DisputeCase.Open(e.DisputeId, current, e.Amount, e.Reason, e.Status, now);
        disputeCase = closed ? disputeCase.Close(closedWon, e.Status, now) : disputeCase.WithStatus(e.Status);
        if (existingCase is null)
        {
            work.Add(disputeCase);
            events.Add(new DisputeOpened(e.DisputeId, payment.Id, e.Amount, e.Reason) { OccurredAt = now });
        }
        else if (!ReferenceEquals(disputeCase, existingCase))
        {
            work.Update(disputeCase);
        }

        var wrote = Write(work, payment, new PaymentProcessor.Change(current, postings, change.Value.Events), events);
        return existingCase is null || !ReferenceEquals(disputeCase, existingCase) ? ProviderEventOutcome.Applied : wrote;
    }

    private async Task<Result<ProviderEventOutcome>> OnAccountAsync(ConnectedAccountUpdated e, IUnitOfWork work, CancellationToken cancellationToken)
    {
        var account = await queries.FindPayoutAccountAsync(e.AccountId, cancellationToken);
        if (account is null || (account.ReadinessAsOf is { } asOf && asOf > e.Created))
        {
            // Unknown, or older than what we already know: an out-of-order delivery must not undo newer news.
            return ProviderEventOutcome.NothingToDo;
        }

        var updated = account.WithReadiness(e.DetailsSubmitted, e.PayoutsEnabled, e.ChargesEnabled, clock.GetUtcNow()) with { ReadinessAsOf = e.Created };
        work.Update(updated);
        if (updated.CanReceivePayouts && !account.CanReceivePayouts)
        {
            work.Publish(new Payouts.PayoutAccountActivated(account.Id) { OccurredAt = clock.GetUtcNow() });
        }
        return updated.CanReceivePayouts != account.CanReceivePayouts || updated.DetailsSubmitted != account.DetailsSubmitted ? ProviderEventOutcome.Applied : ProviderEventOutcome.NothingToDo;
    }

    private async Task<Result<ProviderEventOutcome>> OnTransferReversedAsync(TransferReversed e, IUnitOfWork work, CancellationToken cancellationToken)
    {
        var payout = await queries.FindPayoutByTransferAsync(e.TransferId, cancellationToken);
        if (payout is null)
        {
            return ProviderEventOutcome.NothingToDo;
        }

        var (updated, postings) = payout.ApplyReversalTotal(e.ReversedBefore?.Minor, e.Reversed.Minor, clock.GetUtcNow());
        if (postings.Count == 0)
        {
            return ProviderEventOutcome.NothingToDo;
        }

        work.Update(updated);
        foreach (var posting in postings)
        {
            work.Add(posting);
        }

        return ProviderEventOutcome.Applied;
    }

    private async Task<Result<ProviderEventOutcome>> OnPayoutAsync(ConnectedPayoutChanged e, IUnitOfWork work, CancellationToken cancellationToken)
    {
        // The provider pays a connected account's whole balance out on its schedule, so a payout covers every transfer
        // made to that account before it was created.
        var inTransit = await queries.PayoutsAsync(PayoutState.InTransit, e.AccountId, 500, cancellationToken);
        var covered = inTransit.Where(p => p.SentAt <= e.PayoutCreated && p.Amount.Currency == e.Amount.Currency).OrderBy(p => p.SentAt).ThenBy(p => p.Id.Value, StringComparer.Ordinal).ToArray();
        var now = clock.GetUtcNow();
        var changed = false;

        // The bank received the provider's payout amount: it is shared out over the covered payouts, oldest first.
        var remaining = e.Amount;
        foreach (var payout in covered)
        {
            if (e.Paid)
            {
                var share = new Money(Math.Min(remaining.Minor, payout.Amount.Minor), remaining.Currency);
                remaining -= share;
                var (paid, posting) = payout.MarkPaid(share, now);
                work.Update(paid);
                if (posting is not null)
                {
                    work.Add(posting);
                    work.Publish(new Payouts.PayoutPaid(payout.Id, payout.ExpertId, share) { OccurredAt = now });
                }

                changed = true;
            }
            else if (!payout.BankPayoutFailed)
            {
                work.Update(payout.MarkBankPayoutFailed(e.FailureCode ?? "payout-failed"));
                changed = true;
            }
        }

        if (!e.Paid && changed)
        {
            work.Publish(new BankPayoutFailed(covered[0].ExpertId, e.FailureCode ?? "payout-failed") { OccurredAt = now });
        }

        return changed ? ProviderEventOutcome.Applied : ProviderEventOutcome.NothingToDo;
    }

    private async Task<Result<ProviderEventOutcome>> OnCardSavedAsync(CardSaved e, IUnitOfWork work, CancellationToken cancellationToken)
    {
        var profile = await queries.FindProfileByProviderCustomerAsync(e.CustomerId, cancellationToken);
        if (profile is null || profile.DefaultPaymentMethodId == e.PaymentMethodId)
        {
            return ProviderEventOutcome.NothingToDo;
        }

        work.Update(profile.WithCard(e.PaymentMethodId, clock.GetUtcNow()));
        return ProviderEventOutcome.Applied;
    }

    /// <summary>News that implies a capture we have not recorded (made in the provider's dashboard, or its echo arrived first).</summary>
    private async Task<PaymentProcessor.Change> CatchUpCaptureAsync(CustomerPayment payment, Money captured, CancellationToken cancellationToken)
    {
        if (payment.State != PaymentState.Authorised || !captured.IsPositive)
        {
            return new PaymentProcessor.Change(payment, [], []);
        }

        var earner = await processor.EarnerForAsync(payment, cancellationToken);
        var result = payment.Capture(new Money(Math.Min(captured.Minor, payment.Amount.Minor), payment.Amount.Currency), earner, clock.GetUtcNow());
        if (!result.IsSuccess)
        {
            return new PaymentProcessor.Change(payment, [], []);
        }

        var (updated, posting) = result.Value;
        return new PaymentProcessor.Change(updated, posting is null ? [] : [posting], posting is null ? [] : [new PaymentCaptured(updated.Id, updated.CustomerId, updated.Earner?.Expert) { OccurredAt = clock.GetUtcNow() }]);
    }

    private async Task<Result<PaymentProcessor.Change>> CatchUpCaptureFromProviderAsync(CustomerPayment payment, CancellationToken cancellationToken)
    {
        var current = await gateway.GetPaymentAsync(payment.ProviderPaymentId, cancellationToken);
        return current.IsSuccess ? await CatchUpCaptureAsync(payment, current.Value.Received, cancellationToken) : current.Error!;
    }

    private static Result<PaymentProcessor.Change> Plain(CustomerPayment payment) => new PaymentProcessor.Change(payment, [], []);

    /// <summary>Adds a payment change to the unit of work: the payment if it changed, its postings and events.</summary>
    private static ProviderEventOutcome Write(IUnitOfWork work, CustomerPayment original, PaymentProcessor.Change change, IReadOnlyList<IntegrationEvent> events)
    {
        var changed = !ReferenceEquals(change.Payment, original);
        if (changed)
        {
            work.Update(change.Payment);
        }

        foreach (var posting in change.Postings)
        {
            work.Add(posting);
        }

        foreach (var integrationEvent in change.Events.Concat(events))
        {
            work.Publish(integrationEvent);
        }

        return changed || change.Postings.Count > 0 || change.Events.Count > 0 || events.Count > 0 ? ProviderEventOutcome.Applied : ProviderEventOutcome.NothingToDo;
    }
}
