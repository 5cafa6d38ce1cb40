using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Offers;

namespace Headstore.Application.Offers;

/// <param name="Reason">Optional, for the expert; contact details in it are masked.</param>
public sealed record DeclineOfferCommand(string? Reason);

/// <summary>The customer declines an open offer; the expert is told. Nothing is charged.</summary>
public sealed class DeclineOfferHandler(IDocumentStore store, OfferWorkflow workflow)
{
    public async Task<Result<OfferView>> HandleAsync(Actor actor, string offerId, DeclineOfferCommand command, CancellationToken cancellationToken)
    {
        var found = await OfferAccess.FindAsCustomerAsync(store, actor, offerId, "decline", cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }

        var declined = await workflow.ApplyAsync(found.Value.Id, _ => new OfferSignal.Decline(actor.UserId, command.Reason), cancellationToken);
        return declined.Map(o => OfferView.From(o, actor));
    }
}
