using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Offers;

namespace Headstore.Application.Offers;

/// <param name="Reason">Optional, for the customer; contact details in it are masked.</param>
public sealed record WithdrawOfferCommand(string? Reason);

/// <summary>The expert withdraws an offer that is still open; the customer is told.</summary>
public sealed class WithdrawOfferHandler(IDocumentStore store, OfferWorkflow workflow)
{
    public async Task<Result<OfferView>> HandleAsync(Actor actor, string offerId, WithdrawOfferCommand command, CancellationToken cancellationToken)
    {
        var found = await OfferAccess.FindAsExpertAsync(store, actor, offerId, "withdraw", cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }

        var withdrawn = await workflow.ApplyAsync(found.Value.Id, _ => new OfferSignal.Withdraw(actor.UserId, command.Reason), cancellationToken);
        return withdrawn.Map(o => OfferView.From(o, actor));
    }
}
