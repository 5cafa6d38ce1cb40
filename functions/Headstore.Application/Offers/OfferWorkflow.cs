using Headstore.Application.Common;
using Headstore.Application.Payments;
using Headstore.Domain.Common;
using Headstore.Domain.Offers;
using Headstore.Domain.Payments;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Headstore.Application.Offers;

/// <summary>
/// Moves offers through <see cref="OfferLifecycle"/>: applies a signal to the stored offer and commits the new state with
/// what belongs in the same commit (notices, the next due time, a remote session ended with the offer), then carries
/// out the effects that act outside (the acceptance charge, refunds) and feeds their outcome back as signals. Use cases
/// and the lifecycle driver both come here, so a user action and a timer run exactly the same transitions.
/// </summary>
public sealed class OfferWorkflow(
    IDocumentStore store,
    OfferCheckout checkout,
    PaymentProcessor payments,
    IOptions<OffersOptions> options,
    TimeProvider clock,
    ILogger<OfferWorkflow> logger)
{
    /// <summary>Extra writes for the commit of a transition, given the offer after it (called again on every retry).</summary>
    public delegate Task<Result<Unit>> AlsoWrite(Offer offer, IUnitOfWork work);

    public OfferPolicy Policy => options.Value.Policy;

    /// <summary>
    /// Applies the signal chosen for the current offer and carries out its effects. An error from the lifecycle (not
    /// open, already accepted…) changes nothing; a declined card is returned after the offer is open again.
    /// </summary>
    public async Task<Result<Offer>> ApplyAsync(OfferId id, Func<Offer, Result<OfferSignal>> choose, CancellationToken cancellationToken)
    {
        var step = await CommitAsync(id, choose, null, cancellationToken);
        return step.IsSuccess ? await CarryOutAsync(step.Value, cancellationToken) : step.Error!;
    }

    /// <summary>Adds what a new or changed offer publishes to a unit of work: its notices, its next due time, a remote session it ended.</summary>
    public async Task StageAsync(IUnitOfWork work, OfferStep step, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var effect in step.Effects)
        {
            switch (effect)
            {
                case OfferEffect.Notify notify:
                    work.Publish(new OfferNoticeRaised(step.Offer.Id, notify.Notice) { OccurredAt = now });
                    break;
                case OfferEffect.EndRemoteSession end when await store.FindAsync<RemoteSession>(end.Session.Value, cancellationToken) is { IsRunning: true } session:
                    work.Update(session.End(null, RemoteSessionOutcome.OfferClosed, null, now).Value);
                    break;
            }
        }

        work.Publish(new LifecycleScheduled(OfferLifecycle.AggregateType, step.Offer.Id.Value, step.NextDueAt, step.IsFinal) { OccurredAt = now });
    }

    private Task<Result<OfferStep>> CommitAsync(OfferId id, Func<Offer, Result<OfferSignal>> choose, AlsoWrite? alsoWrite, CancellationToken cancellationToken) =>
        Concurrency.RetryOnConflictAsync(async () =>
        {
            var offer = await store.FindAsync<Offer>(id.Value, cancellationToken);
            if (offer is null)
            {
                return Error.NotFound("Offer");
            }

            var signal = choose(offer);
            if (!signal.IsSuccess)
            {
                return signal.Error!;
            }

            var now = clock.GetUtcNow();
            var applied = OfferLifecycle.Apply(offer, signal.Value, now, Policy);
            if (!applied.IsSuccess || !applied.Value.Changed)
            {
                return applied;
            }

            var step = applied.Value;
            var work = store.BeginWork();
            work.Update(step.Offer);
            await StageAsync(work, step, now, cancellationToken);
            if (alsoWrite is not null && await alsoWrite(step.Offer, work) is { IsSuccess: false } also)
            {
                return also.Error!;
            }

            var commit = await work.CommitAsync(cancellationToken);
            if (!commit.IsSuccess)
            {
                // "duplicate": another delivery of the same transition inserted its records first. Look again.
                return commit.Error!.Code == "duplicate" ? Error.ConcurrencyConflict() : commit.Error!;
            }

            return step with { Offer = step.Offer with { Version = step.Offer.Version + 1 } };
        }, attempts: 10);

    private async Task<Result<Offer>> CarryOutAsync(OfferStep step, CancellationToken cancellationToken)
    {
        var offer = step.Offer;
        foreach (var effect in step.Effects)
        {
            switch (effect)
            {
                case OfferEffect.ChargeCustomer charge:
                {
                    var outcome = await checkout.ChargeAsync(offer, charge.Charge, cancellationToken);
                    if (outcome.Signal is null)
                    {
                        // Not known whether the charge went through: the offer stays accepting and the lifecycle repeats it.
                        return outcome.Error!;
                    }

                    var attempt = charge.Charge.Attempt;
                    var recorded = await CommitAsync(offer.Id, current => current is { State: OfferState.Accepting, Charge.Attempt: var a } && a == attempt
                        ? outcome.Signal
                        : Error.Conflict("offer-not-accepting", "This acceptance was already recorded."), outcome.AlsoWrite, cancellationToken);
                    if (outcome.Error is { } failure)
                    {
                        return failure;
                    }

                    if (!recorded.IsSuccess)
                    {
                        // Another delivery of the same attempt (the request and a retry) recorded it first.
                        return recorded.Error!.Code == "offer-not-accepting" ? await CurrentAsync(offer.Id, cancellationToken) : recorded.Error!;
                    }

                    offer = recorded.Value.Offer;
                    break;
                }

                case OfferEffect.RefundCustomer refund:
                {
                    var signal = await RefundAsync(offer, refund.Payments, cancellationToken);
                    if (signal is not null)
                    {
                        var settled = await CommitAsync(offer.Id, _ => signal, null, cancellationToken);
                        offer = settled.IsSuccess ? settled.Value.Offer : offer;
                    }

                    break;
                }
            }
        }

        return offer;
    }

    /// <summary>Refunds every payment in full; null when the provider could not answer now (the lifecycle retries).</summary>
    private async Task<OfferSignal?> RefundAsync(Offer offer, IReadOnlyList<PaymentId> charged, CancellationToken cancellationToken)
    {
        foreach (var paymentId in charged)
        {
            var refunded = await payments.RefundAsync(paymentId, null, RefundReason.RequestedByCustomer, cancellationToken);
            if (refunded.IsSuccess || refunded.Error!.Code == "fully-refunded")
            {
                continue;
            }

            logger.LogWarning("Refunding payment {PaymentId} of offer {OfferId} failed: {Code}", paymentId, offer.Id, refunded.Error.Code);
            if (refunded.Error.Kind is ErrorKind.Unavailable or ErrorKind.Conflict)
            {
                return null;
            }

            return new OfferSignal.RefundsFailed(refunded.Error.Code);
        }

        return new OfferSignal.RefundsSettled();
    }

    private async Task<Result<Offer>> CurrentAsync(OfferId id, CancellationToken cancellationToken) =>
        await store.FindAsync<Offer>(id.Value, cancellationToken) is { } offer ? offer : Error.NotFound("Offer");
}
