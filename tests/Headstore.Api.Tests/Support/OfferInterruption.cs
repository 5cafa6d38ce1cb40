using Headstore.Application.Common;
using Headstore.Application.Offers;
using Headstore.Domain.Offers;
using Headstore.Domain.Payments;
using Microsoft.Extensions.DependencyInjection;

namespace Headstore.Api.Tests.Support;

/// <summary>
/// Simulates an accept request that crashed half-way: the offer was claimed (state accepting, committed with its retry
/// time) and the card was charged at the provider, but nothing of the charge was recorded.
/// </summary>
public static class OfferInterruption
{
    public static async Task ClaimAndChargeWithoutRecordingAsync(ApiFactory api, string offerId)
    {
        using var scope = api.Services.CreateScope();
        var services = scope.ServiceProvider;
        var store = services.GetRequiredService<IDocumentStore>();
        var workflow = services.GetRequiredService<OfferWorkflow>();
        var offer = (await store.FindAsync<Offer>(offerId, CancellationToken.None))!;
        var question = await store.FindAsync<Domain.Questions.Question>(offer.QuestionId.Value, CancellationToken.None);
        var profile = (await store.FindAsync<PaymentProfile>(offer.CustomerId.Value, CancellationToken.None))!;
        var due = await AcceptOfferHandler.QuestionPriceDueAsync(store, question, CancellationToken.None);
        var now = api.Clock.GetUtcNow();
        var plan = new OfferChargePlan(PaymentId.ForQuestion(offer.QuestionId, offer.Id.Value), due?.PaymentId, due?.Price, profile.ProviderCustomerId, profile.DefaultPaymentMethodId!);

        var claimed = OfferLifecycle.Apply(offer, new OfferSignal.Accept(offer.CustomerId, plan), now, workflow.Policy).Value;
        var work = store.BeginWork();
        work.Update(claimed.Offer);
        await workflow.StageAsync(work, claimed, now, CancellationToken.None);
        Assert.True((await work.CommitAsync(CancellationToken.None)).IsSuccess);

        // The provider charged (and the question's hold was captured); then the process died before recording the acceptance.
        var charge = ((OfferEffect.ChargeCustomer)claimed.Effects.Single()).Charge;
        var outcome = await services.GetRequiredService<OfferCheckout>().ChargeAsync(claimed.Offer, charge, CancellationToken.None);
        Assert.IsType<OfferSignal.Charged>(outcome.Signal);
    }
}
