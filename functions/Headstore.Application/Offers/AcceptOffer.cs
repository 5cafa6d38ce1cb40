using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Offers;
using Headstore.Domain.Payments;
using Headstore.Domain.Questions;

namespace Headstore.Application.Offers;

/// <summary>
/// The customer accepts an offer, in one consistent step (docs/offers.md): the offer is claimed (so a concurrent
/// decline, withdrawal or second accept is refused), the customer is charged up front the offer price plus the
/// question's own price while it is still due (authorised, not yet paid; a free question or one covered by membership
/// adds nothing), the expert is credited for both less commission, the answer gets five stars automatically, the
/// question's private information opens and the expert is told. A declined card leaves the offer open, nothing charged,
/// and answers 402 with the decline reason.
/// </summary>
public sealed class AcceptOfferHandler(IDocumentStore store, OfferWorkflow workflow, TimeProvider clock)
{
    public async Task<Result<OfferView>> HandleAsync(Actor actor, string offerId, CancellationToken cancellationToken)
    {
        var found = await OfferAccess.FindAsCustomerAsync(store, actor, offerId, "accept", cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }

        var offer = found.Value;
        if (OfferLifecycle.CannotAccept(offer, clock.GetUtcNow()) is { } refused)
        {
            return refused;
        }

        var question = await store.FindAsync<Question>(offer.QuestionId.Value, cancellationToken);
        if (question is null || question.Status == QuestionStatus.Closed)
        {
            return Error.Rule("question-closed", "The question of this offer was closed, so the offer can no longer be accepted.");
        }

        var profile = await store.FindAsync<PaymentProfile>(actor.UserId.Value, cancellationToken);
        if (profile is not { HasCard: true })
        {
            return Error.Rule("payment-method-required", "Save a card first (POST /api/me/payment-methods) to accept an offer.");
        }

        // Worked out before the offer is claimed; the lifecycle refuses the claim if the offer changed meanwhile.
        var due = await QuestionPriceDueAsync(store, question, cancellationToken);
        var plan = new OfferChargePlan(PaymentId.ForQuestion(offer.QuestionId, offer.Id.Value), due?.PaymentId, due?.Price, profile.ProviderCustomerId, profile.DefaultPaymentMethodId!);
        var accepted = await workflow.ApplyAsync(offer.Id, _ => new OfferSignal.Accept(actor.UserId, plan), cancellationToken);
        return accepted.Map(o => OfferView.From(o, actor));
    }

    /// <summary>
    /// The question's own price when accepting must pay it: the question was asked with a price whose card hold is still
    /// only authorised. Already paid (its answer was accepted), covered by a plan, or free: nothing more.
    /// </summary>
    public static async Task<(PaymentId PaymentId, Money Price)?> QuestionPriceDueAsync(IDocumentStore store, Question? question, CancellationToken cancellationToken)
    {
        if (question is not { PaymentId: { } paymentId, Price: { } price, CoveredByPlan: false })
        {
            return null;
        }

        var payment = await store.FindAsync<CustomerPayment>(paymentId, cancellationToken);
        return payment is { State: PaymentState.Authorised } ? (payment.Id, price) : null;
    }
}
