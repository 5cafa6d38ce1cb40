using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Offers;

namespace Headstore.Application.Offers;

/// <param name="Reason">Required: why the expert cannot deliver (for the customer and care); contact details in it are masked.</param>
public sealed record CannotCompleteOfferCommand(string? Reason);

/// <summary>
/// The expert says they cannot complete an accepted offer: the customer is refunded in full (the offer price and the
/// question's price if the acceptance charged it), the ledger reversed, the customer and customer care told.
/// </summary>
public sealed class ReportOfferCannotBeCompletedHandler(IDocumentStore store, OfferWorkflow workflow)
{
    public async Task<Result<OfferView>> HandleAsync(Actor actor, string offerId, CannotCompleteOfferCommand command, CancellationToken cancellationToken)
    {
        var found = await OfferAccess.FindAsExpertAsync(store, actor, offerId, "give up", cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }

        var given = await workflow.ApplyAsync(found.Value.Id, _ => new OfferSignal.CannotComplete(actor.UserId, command.Reason), cancellationToken);
        return given.Map(o => OfferView.From(o, actor));
    }
}
