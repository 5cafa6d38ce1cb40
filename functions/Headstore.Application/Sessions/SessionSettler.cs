using Headstore.Application.Common;
using Headstore.Application.Payments;
using Headstore.Domain.Common;
using Headstore.Domain.Ledger;
using Headstore.Domain.Payments;
using Headstore.Domain.Sessions;
using Microsoft.Extensions.Logging;

namespace Headstore.Application.Sessions;

/// <summary>
/// Settles a session's payment once it is over, through <see cref="PaymentProcessor"/>: a bill with an amount is
/// captured for the expert (the split from <see cref="IRevenueSplitPolicy"/> for sessions: commission and any
/// ambassador share) and the provider releases the rest of the hold; a bill of nothing releases it all. The ledger posts
/// the charge with the capture. Then the session records the outcome and <see cref="SessionSettled"/> sends the
/// receipts. Idempotent: a settled session is left alone, and the processor's keys make a repeated capture a no-op.
/// </summary>
public sealed class SessionSettler(
    IDocumentStore store,
    PaymentProcessor processor,
    IRevenueSplitPolicy splits,
    TimeProvider clock,
    ILogger<SessionSettler> logger) : IEventHandler<SessionEnded>
{
    public async Task HandleAsync(SessionEnded integrationEvent, CancellationToken cancellationToken)
    {
        var session = await store.FindAsync<Session>(integrationEvent.SessionId.Value, cancellationToken);
        if (session is null || session.Settlement is not null || !session.State.IsFinal())
        {
            return;
        }

        var bill = session.Bill ?? SessionBill.Nothing(session.Terms.RatePerMinute);
        var zero = Money.Zero(bill.Amount.Currency);
        SessionSettlement outcome;
        if (session.PaymentId is not { } paymentId)
        {
            outcome = new(SessionSettlement.NoPaymentOutcome, zero, zero, clock.GetUtcNow());
        }
        else if (bill.Amount.IsPositive)
        {
            var earner = Earner.ForExpert(session.ExpertId, await splits.ForAsync(session.ExpertId, PaymentPurpose.Session, cancellationToken));
            var captured = await processor.CaptureAsync(paymentId, bill.Amount, earner, cancellationToken);
            if (!captured.IsSuccess)
            {
                if (captured.Error!.Kind == ErrorKind.Unavailable)
                {
                    throw new InvalidOperationException($"The payment provider is unavailable; settling session {session.Id} is retried.");
                }

                logger.LogError("Capturing {Amount} for session {SessionId} failed: {Code}; an admin must collect it", bill.Amount, session.Id, captured.Error.Code);
                outcome = new(SessionSettlement.FailedOutcome, zero, zero, clock.GetUtcNow(), captured.Error.Code);
            }
            else
            {
                var payment = captured.Value;
                var split = payment.Earner?.Split ?? earner.Split!;
                outcome = new(SessionSettlement.CapturedOutcome, payment.Captured, split.Of(payment.Captured).Expert, clock.GetUtcNow());
            }
        }
        else
        {
            var released = await processor.ReleaseAsync(paymentId, $"session-{session.EndReason ?? "ended"}", null, cancellationToken);
            if (!released.IsSuccess && released.Error!.Kind == ErrorKind.Unavailable)
            {
                throw new InvalidOperationException($"The payment provider is unavailable; releasing session {session.Id} is retried.");
            }

            outcome = released.IsSuccess
                ? new(SessionSettlement.ReleasedOutcome, zero, zero, clock.GetUtcNow())
                : new(SessionSettlement.FailedOutcome, zero, zero, clock.GetUtcNow(), released.Error!.Code);
        }

        var recorded = await Concurrency.RetryOnConflictAsync(async () =>
        {
            var current = await store.FindAsync<Session>(session.Id.Value, cancellationToken);
            if (current is null || current.Settlement is not null)
            {
                return Result<Unit>.Success(Unit.Value);
            }

            var work = store.BeginWork();
            work.Update(current with { Settlement = outcome, UpdatedAt = outcome.At });
            work.Publish(new SessionSettled(current.Id) { OccurredAt = outcome.At });
            return await work.CommitAsync(cancellationToken);
        }, attempts: 10);
        if (!recorded.IsSuccess)
        {
            throw new InvalidOperationException($"Settlement of session {session.Id} could not be recorded: {recorded.Error!.Code}");
        }
    }
}
