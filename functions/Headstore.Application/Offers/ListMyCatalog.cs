using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Offers;

namespace Headstore.Application.Offers;

/// <summary>The expert's own catalogue of custom services, in the order they were added.</summary>
public sealed class ListMyCatalogHandler(IDocumentStore store)
{
    public async Task<Result<IReadOnlyList<CatalogEntryView>>> HandleAsync(Actor actor, CancellationToken cancellationToken)
    {
        if (actor.RequireRole(Roles.Expert) is { } denied)
        {
            return denied;
        }

        var catalog = await store.FindAsync<ExpertCatalog>(actor.UserId.Value, cancellationToken);
        return (catalog?.Entries ?? []).Select(CatalogEntryView.From).ToArray();
    }
}
