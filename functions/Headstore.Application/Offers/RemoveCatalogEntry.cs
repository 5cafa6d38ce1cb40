using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Offers;

namespace Headstore.Application.Offers;

/// <summary>The expert removes a service from their catalogue. Offers already sent keep what they said.</summary>
public sealed class RemoveCatalogEntryHandler(IDocumentStore store)
{
    public async Task<Result<Unit>> HandleAsync(Actor actor, string serviceId, CancellationToken cancellationToken)
    {
        if (actor.RequireRole(Roles.Expert) is { } denied)
        {
            return denied;
        }

        return await Concurrency.RetryOnConflictAsync(async () =>
        {
            var catalog = await store.FindAsync<ExpertCatalog>(actor.UserId.Value, cancellationToken);
            if (catalog is null)
            {
                return Error.NotFound("Service");
            }

            var removed = catalog.Remove(new ServiceId(serviceId));
            if (!removed.IsSuccess)
            {
                return removed.Error!;
            }

            var work = store.BeginWork();
            work.Update(removed.Value);
            return await work.CommitReturningAsync(Unit.Value, cancellationToken);
        });
    }
}
