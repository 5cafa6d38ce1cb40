using Headstore.Application.Common;
using Headstore.Domain.Common;

namespace Headstore.Application.Offers;

/// <summary>Every remote session held under an offer, oldest first, for the parties and admins (disputes).</summary>
public sealed class ListRemoteSessionsHandler(IDocumentStore store, IOfferQueries queries)
{
    public async Task<Result<IReadOnlyList<RemoteSessionView>>> HandleAsync(Actor actor, string offerId, CancellationToken cancellationToken)
    {
        var found = await OfferAccess.FindVisibleAsync(store, actor, offerId, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }

        return (await queries.RemoteSessionsOfAsync(found.Value.Id, cancellationToken)).Select(RemoteSessionView.From).ToArray();
    }
}
