using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Offers;
using Headstore.Domain.Payments;
using Headstore.Domain.Questions;

namespace Headstore.Application.Offers;

/// <summary>An offer, for its customer, its expert and admins; while open, with what accepting it would charge now.</summary>
public sealed class GetOfferHandler(IDocumentStore store)
{
    public async Task<Result<OfferView>> HandleAsync(Actor actor, string offerId, CancellationToken cancellationToken)
    {
        var found = await OfferAccess.FindVisibleAsync(store, actor, offerId, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }

        var offer = found.Value;
        var view = OfferView.From(offer, actor);
        if (offer.State != OfferState.Open)
        {
            return view;
        }

        var question = await store.FindAsync<Question>(offer.QuestionId.Value, cancellationToken);
        var questionPrice = (await AcceptOfferHandler.QuestionPriceDueAsync(store, question, cancellationToken))?.Price;
        return view with { ChargedOnAcceptance = questionPrice is { } price ? [price, offer.Price] : [offer.Price] };
    }
}
