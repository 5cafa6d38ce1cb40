using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Offers;

namespace Headstore.Application.Offers;

/// <param name="Status">open, accepting, in-progress, completed, declined, withdrawn, expired, cannot-complete or refunded; none for all.</param>
public sealed record ListMyOffersQuery(string? Status, int? Limit, string? Cursor);

/// <summary>
/// Offers where the caller is the customer (offers made to them, which stay here until they answer) or the expert
/// (offers they sent; <c>status=in-progress</c> is their list of accepted requests to deliver), newest first.
/// </summary>
public sealed class ListMyOffersHandler(IOfferQueries queries)
{
    public async Task<Result<Page<OfferView>>> HandleAsync(Actor actor, ListMyOffersQuery query, CancellationToken cancellationToken)
    {
        if (actor.RequireSignedIn() is { } denied)
        {
            return denied;
        }

        OfferState? state = null;
        if (query.Status is not null)
        {
            if (!OfferLifecycle.TryParseWire(query.Status, out var parsed))
            {
                return Error.Validation("status", $"Use one of {string.Join(", ", Enum.GetValues<OfferState>().Select(OfferLifecycle.Wire))}.");
            }

            state = parsed;
        }

        var page = PageRequest.Create(query.Limit, query.Cursor);
        if (!page.IsSuccess)
        {
            return page.Error!;
        }

        var offers = await queries.ListForPartyAsync(actor.UserId, state, page.Value, cancellationToken);
        return new Page<OfferView>(offers.Items.Select(o => OfferView.From(o, actor)).ToArray(), offers.NextCursor);
    }
}
