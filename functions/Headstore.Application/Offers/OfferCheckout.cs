using Headstore.Application.Common;
using Headstore.Application.Payments;
using Headstore.Domain.Common;
using Headstore.Domain.Ledger;
using Headstore.Domain.Offers;
using Headstore.Domain.Payments;
using Headstore.Domain.Questions;
using Microsoft.Extensions.Logging;

namespace Headstore.Application.Offers;

/// <summary>
/// What an acceptance's charge came to: the signal to record (Charged or ChargeFailed) with the writes that go with it,
/// and the error to answer with; or no signal when it is not known whether the charge went through (retry later).
/// </summary>
public sealed record OfferChargeOutcome(OfferSignal? Signal, Error? Error, OfferWorkflow.AlsoWrite? AlsoWrite);

/// <summary>
/// Charges an acceptance (docs/offers.md, "Money"). The offer price is charged at once on the customer's saved card;
/// the question's own price, when it is still only authorised, is captured for the offering expert through
/// <see cref="PaymentProcessor"/>. Then the acceptance is recorded in one commit: the offer in progress, the offer's
/// payment with its ledger posting (<see cref="CustomerPayment.Charged"/>), the answer's automatic five stars and the
/// question's private information opened. Every provider request has a key made of the offer and the attempt, so
/// repeating an attempt (a retry after a crash) repeats the same requests and charges once.
/// </summary>
public sealed class OfferCheckout(
    IDocumentStore store,
    IPaymentGateway gateway,
    PaymentProcessor processor,
    IRevenueSplitPolicy splits,
    TimeProvider clock,
    ILogger<OfferCheckout> logger)
{
    public async Task<OfferChargeOutcome> ChargeAsync(Offer offer, OfferCharge charge, CancellationToken cancellationToken)
    {
        var plan = charge.Plan;
        var key = charge.ProviderKey(offer.Id);
        var charged = await gateway.ChargeAsync(new ChargeRequest(
            plan.ProviderCustomerId, plan.PaymentMethodId, charge.OfferPrice, key, OffSession: false, TransferGroup: offer.QuestionId.Value,
            Description: "Headstore premium service",
            Metadata: new Dictionary<string, string> { ["headstore_payment_id"] = plan.OfferPaymentId.Value, ["offer_id"] = offer.Id.Value }), cancellationToken);
        if (!charged.IsSuccess)
        {
            var error = charged.Error!;
            logger.LogInformation("Accepting offer {OfferId} (attempt {Attempt}): the charge was refused ({Code})", offer.Id, charge.Attempt, error.Code);
            return error.Kind == ErrorKind.Unavailable
                ? new OfferChargeOutcome(null, error, null)
                : new OfferChargeOutcome(new OfferSignal.ChargeFailed(error.Code), error, null);
        }

        if (charged.Value.Status != PaymentStatus.Succeeded)
        {
            // The bank wants the customer to confirm (3-D Secure): nothing was taken; cancel it and let them try again.
            await gateway.ReleaseAsync(new ReleaseRequest(charged.Value.PaymentId, $"{key}:cancel"), cancellationToken);
            var confirm = new Error(ErrorKind.PaymentRequired, "authentication-required", "Your bank asks you to confirm this card; save it again and retry.");
            return new OfferChargeOutcome(new OfferSignal.ChargeFailed(confirm.Code), confirm, null);
        }

        PaymentId? questionCaptured = null;
        if (plan.QuestionPaymentId is { } questionPaymentId)
        {
            var split = await splits.ForAsync(offer.ExpertId, PaymentPurpose.Question, cancellationToken);
            var captured = await processor.CaptureAsync(questionPaymentId, null, Earner.ForExpert(offer.ExpertId, split), cancellationToken);
            if (!captured.IsSuccess)
            {
                if (captured.Error!.Kind == ErrorKind.Unavailable)
                {
                    return new OfferChargeOutcome(null, captured.Error, null);
                }

                // The question's hold was released (withdrawn) or lapsed meanwhile: give the offer charge back before
                // anything is recorded, and leave the offer open. If the refund cannot be made now, the retry does it.
                var undo = await gateway.RefundAsync(new RefundRequest(charged.Value.PaymentId, null, $"{key}:undo"), cancellationToken);
                if (!undo.IsSuccess)
                {
                    logger.LogError("Giving back the charge of offer {OfferId} (attempt {Attempt}) failed ({Code}); the acceptance is retried", offer.Id, charge.Attempt, undo.Error!.Code);
                    return new OfferChargeOutcome(null, undo.Error, null);
                }

                var unavailable = Error.Rule("question-payment-unavailable", "The question's own payment could not be taken (it was withdrawn or has lapsed), so nothing was charged.");
                return new OfferChargeOutcome(new OfferSignal.ChargeFailed(unavailable.Code), unavailable, null);
            }

            // Captured by this acceptance, or just before by the same expert's accepted answer: refunded with the offer.
            questionCaptured = captured.Value.Earner?.Expert == offer.ExpertId ? questionPaymentId : null;
        }

        var offerSplit = await splits.ForAsync(offer.ExpertId, PaymentPurpose.Offer, cancellationToken);
        var received = charged.Value.Received.IsPositive ? charged.Value.Received : charge.OfferPrice;
        return new OfferChargeOutcome(new OfferSignal.Charged(questionCaptured), null,
            (accepted, work) => RecordAcceptanceAsync(accepted, plan, received, charged.Value.PaymentId, Earner.ForExpert(offer.ExpertId, offerSplit), work, cancellationToken));
    }

    private async Task<Result<Unit>> RecordAcceptanceAsync(Offer accepted, OfferChargePlan plan, Money received, string providerPaymentId, Earner earner, IUnitOfWork work, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var (payment, posting) = CustomerPayment.Charged(plan.OfferPaymentId, PaymentPurpose.Offer, accepted.Id.Value, accepted.CustomerId,
            $"Premium service: {accepted.Service.Name}", received, providerPaymentId, earner, now);
        work.Add(payment);
        work.Add(posting);
        work.Publish(new PaymentCaptured(payment.Id, payment.CustomerId, accepted.ExpertId) { OccurredAt = now });

        var question = await store.FindAsync<Question>(accepted.QuestionId.Value, cancellationToken);
        if (question is not null)
        {
            var (rated, changed) = question.RateAutomatically(accepted.AnswerId, now);
            if (changed)
            {
                work.Update(rated);
                work.Publish(new AnswerRated(question.Id, accepted.AnswerId, accepted.ExpertId, 5, Automatic: true) { OccurredAt = now });
            }
        }

        var privateInfo = await store.FindAsync<QuestionPrivateInfo>(accepted.QuestionId.Value, cancellationToken);
        if (privateInfo is null)
        {
            work.Add(QuestionPrivateInfo.Open(accepted.QuestionId, accepted.CustomerId, accepted.ExpertId, now));
        }
        else if (!privateInfo.Experts.Contains(accepted.ExpertId))
        {
            work.Update(privateInfo.Admit(accepted.ExpertId));
        }

        return Unit.Value;
    }
}
