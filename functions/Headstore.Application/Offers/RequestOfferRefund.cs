using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Offers;
using Headstore.Domain.Payments;

namespace Headstore.Application.Offers;

/// <param name="Reason">Optional, for the expert; contact details in it are masked.</param>
public sealed record RequestOfferRefundCommand(string? Reason);

/// <summary>
/// The customer asks for a full refund of an accepted offer, while it is in progress or within the refund window after
/// completion: both amounts the acceptance charged are refunded and the ledger reversed (after a payout the expert's
/// share is taken back from the transfer in transit or netted from the next payout, as for every refund).
/// </summary>
public sealed class RequestOfferRefundHandler(IDocumentStore store, OfferWorkflow workflow)
{
    public async Task<Result<OfferView>> HandleAsync(Actor actor, string offerId, RequestOfferRefundCommand command, CancellationToken cancellationToken)
    {
        var found = await OfferAccess.FindAsCustomerAsync(store, actor, offerId, "ask for a refund of", cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }

        // A disputed card payment is the card network's to decide: refuse before anything changes.
        var charged = await store.FindManyAsync<CustomerPayment>(found.Value.ChargedPayments.Select(p => p.Value).ToArray(), cancellationToken);
        if (charged.Any(p => p.HasOpenDispute))
        {
            return Error.Rule("payment-disputed", "You disputed this payment with your card issuer; the card network decides, so it cannot be refunded here.");
        }

        var refunded = await workflow.ApplyAsync(found.Value.Id, _ => new OfferSignal.RequestRefund(actor.UserId, command.Reason), cancellationToken);
        return refunded.Map(o => OfferView.From(o, actor));
    }
}
