using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Ledger;
using Headstore.Domain.Payments;
using Headstore.Domain.Questions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Headstore.Application.Payments;

/// <summary>
/// Moves money on existing payments: capture, release and refund. Each call asks the provider first with an
/// idempotency key derived from the payment's state, then writes the payment, its ledger postings and its events in
/// one commit. Repeating a call (a retry, a parallel duplicate, a webhook echo) posts nothing new: the provider answers
/// the same key with the same result, and the ledger transaction's id is taken already.
/// </summary>
public sealed class PaymentProcessor(
    IDocumentStore store,
    IPaymentGateway gateway,
    IOptions<MoneyOptions> options,
    TimeProvider clock,
    ILogger<PaymentProcessor> logger)
{
    /// <summary>Who earns a payment: the intended payee, the plan, the accepted answer's expert, or nobody yet.</summary>
    public async Task<Earner> EarnerForAsync(CustomerPayment payment, CancellationToken cancellationToken)
    {
        if (payment.Earner is { } earner)
        {
            return earner;
        }

        if (payment.Purpose == PaymentPurpose.Subscription)
        {
            return Earner.Subscription;
        }

        var payee = payment.IntendedPayee;
        if (payee is null && payment.Purpose == PaymentPurpose.Question)
        {
            payee = (await store.FindAsync<Question>(payment.ReferenceId, cancellationToken))?.AcceptedAnswer?.ExpertId;
        }

        return payee is { } expert ? Earner.ForExpert(expert, options.Value.Commission) : Earner.Unattributed;
    }

    /// <summary>Captures an authorised payment (all of it when no amount is given). Capturing a captured payment returns it unchanged.</summary>
    public async Task<Result<CustomerPayment>> CaptureAsync(PaymentId id, Money? amount, Earner? earner, CancellationToken cancellationToken)
    {
        var payment = await store.FindAsync<CustomerPayment>(id.Value, cancellationToken);
        if (payment is null)
        {
            return Error.NotFound("Payment");
        }

        if (payment.State == PaymentState.Captured)
        {
            return payment;
        }

        earner ??= await EarnerForAsync(payment, cancellationToken);
        var check = payment.Capture(amount ?? payment.Amount, earner, clock.GetUtcNow());
        if (!check.IsSuccess)
        {
            return check.Error!;
        }

        // The key names the authorisation, so a renewed authorisation is captured under its own key.
        var captured = await gateway.CaptureAsync(new CaptureRequest(payment.ProviderPaymentId, amount, $"capture:{payment.ProviderPaymentId}"), cancellationToken);
        if (!captured.IsSuccess)
        {
            logger.LogWarning("Capturing payment {PaymentId} failed: {Code}", id, captured.Error!.Code);
            return captured.Error!;
        }

        return await ApplyCaptureAsync(id, captured.Value.Received, earner, cancellationToken);
    }

    /// <summary>Records a capture the provider has made (ours, or one we learn of from a webhook), with its charge posting.</summary>
    public Task<Result<CustomerPayment>> ApplyCaptureAsync(PaymentId id, Money received, Earner earner, CancellationToken cancellationToken) =>
        WriteAsync(id, payment =>
        {
            var captured = payment.Capture(received, earner, clock.GetUtcNow());
            if (!captured.IsSuccess)
            {
                return captured.Error!;
            }

            var (updated, posting) = captured.Value;
            return posting is null
                ? new Change(updated, [], [])
                : new Change(updated, [posting], [new PaymentCaptured(updated.Id, updated.CustomerId, updated.Earner?.Expert) { OccurredAt = clock.GetUtcNow() }]);
        }, cancellationToken);

    /// <summary>Gives an authorisation back. Releasing a released payment returns it unchanged.</summary>
    public async Task<Result<CustomerPayment>> ReleaseAsync(PaymentId id, string reason, Func<IUnitOfWork, Task<Result<Unit>>>? alsoWrite, CancellationToken cancellationToken)
    {
        var payment = await store.FindAsync<CustomerPayment>(id.Value, cancellationToken);
        if (payment is null)
        {
            return Error.NotFound("Payment");
        }

        var check = payment.Release(clock.GetUtcNow());
        if (!check.IsSuccess || payment.State == PaymentState.Released)
        {
            return check;
        }

        var released = await gateway.ReleaseAsync(new ReleaseRequest(payment.ProviderPaymentId, $"release:{payment.ProviderPaymentId}"), cancellationToken);
        if (!released.IsSuccess && released.Error!.Kind != ErrorKind.Conflict)
        {
            return released.Error!;
        }

        // A conflict means the provider had already cancelled it (lapsed): the reservation is gone either way.
        return await WriteAsync(id, current =>
        {
            var result = current.Release(clock.GetUtcNow());
            if (!result.IsSuccess)
            {
                return result.Error!;
            }

            return current.State == PaymentState.Released
                ? new Change(current, [], [])
                : new Change(result.Value, [], [new PaymentReleased(current.Id, current.CustomerId, reason) { OccurredAt = clock.GetUtcNow() }], alsoWrite);
        }, cancellationToken);
    }

    /// <summary>
    /// Refunds all that is left (no amount) or part of a captured payment. The provider key is the slice refunded, so
    /// the same request made twice from the same state refunds once, and a second, later refund gets its own key.
    /// </summary>
    public async Task<Result<CustomerPayment>> RefundAsync(PaymentId id, Money? amount, RefundReason reason, CancellationToken cancellationToken)
    {
        var payment = await store.FindAsync<CustomerPayment>(id.Value, cancellationToken);
        if (payment is null)
        {
            return Error.NotFound("Payment");
        }

        var check = payment.CheckRefund(amount);
        if (!check.IsSuccess)
        {
            return check.Error!;
        }

        var from = payment.Refunds.Select(r => r.To).DefaultIfEmpty(0).Max();
        var to = from + check.Value.Minor;
        var refund = await gateway.RefundAsync(new RefundRequest(payment.ProviderPaymentId, check.Value, $"refund:{payment.Id}:{from}-{to}", reason), cancellationToken);
        if (!refund.IsSuccess)
        {
            logger.LogWarning("Refunding payment {PaymentId} failed: {Code}", id, refund.Error!.Code);
            return refund.Error!;
        }

        return await ApplyRefundAsync(id, from, to, refund.Value.RefundId, cancellationToken);
    }

    /// <summary>Records refunds the provider has made: (before, total) are cumulative amounts refunded.</summary>
    public Task<Result<CustomerPayment>> ApplyRefundAsync(PaymentId id, long? before, long total, string? providerObjectId, CancellationToken cancellationToken) =>
        WriteAsync(id, payment =>
        {
            if (payment.State != PaymentState.Captured)
            {
                return Error.Rule("not-captured", "Refunds apply to captured payments.");
            }

            var (updated, postings) = payment.ApplyRefundTotal(before, total, providerObjectId, clock.GetUtcNow());
            var refunded = postings.Sum(p => -p.AmountOn(LedgerAccount.Refunds, payment.Amount.Currency).Minor);
            return postings.Count == 0
                ? new Change(updated, [], [])
                : new Change(updated, postings, [new PaymentRefunded(updated.Id, updated.CustomerId, updated.Earner?.Expert, new Money(refunded, payment.Amount.Currency)) { OccurredAt = clock.GetUtcNow() }]);
        }, cancellationToken);

    /// <summary>A change to one payment: the new state, what to post, what to publish, anything else to write with it.</summary>
    /// <param name="AlsoWrite">Adds other documents to the same commit; called on every attempt, so it reads what it changes afresh.</param>
    public sealed record Change(CustomerPayment Payment, IReadOnlyList<LedgerTransaction> Postings, IReadOnlyList<IntegrationEvent> Events, Func<IUnitOfWork, Task<Result<Unit>>>? AlsoWrite = null);

    /// <summary>
    /// Reads the payment, applies the change and commits it with its postings and events, retrying when another writer
    /// got there first. A ledger id already taken means that writer posted the same movement: read again and see.
    /// </summary>
    public Task<Result<CustomerPayment>> WriteAsync(PaymentId id, Func<CustomerPayment, Result<Change>> change, CancellationToken cancellationToken) =>
        Concurrency.RetryOnConflictAsync<CustomerPayment>(async () =>
        {
            var payment = await store.FindAsync<CustomerPayment>(id.Value, cancellationToken);
            if (payment is null)
            {
                return Error.NotFound("Payment");
            }

            var result = change(payment);
            if (!result.IsSuccess)
            {
                return result.Error!;
            }

            var (updated, postings, events, alsoWrite) = result.Value;
            if (ReferenceEquals(updated, payment) && postings.Count == 0 && events.Count == 0 && alsoWrite is null)
            {
                return payment;
            }

            var work = store.BeginWork();
            work.Update(updated);
            foreach (var posting in postings)
            {
                work.Add(posting);
            }

            foreach (var integrationEvent in events)
            {
                work.Publish(integrationEvent);
            }

            if (alsoWrite is not null && await alsoWrite(work) is { IsSuccess: false } also)
            {
                return also.Error!;
            }

            var commit = await work.CommitAsync(cancellationToken);
            if (!commit.IsSuccess)
            {
                return commit.Error!.Code == "duplicate" ? Error.ConcurrencyConflict() : commit.Error!;
            }

            return updated with { Version = updated.Version + 1 };
        }, attempts: 10);
}
