using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Experts;
using Headstore.Domain.Offers;
using Microsoft.Extensions.Options;

namespace Headstore.Application.Offers;

/// <summary>The expert edits a service of their catalogue. Offers already sent keep what they said.</summary>
public sealed class UpdateCatalogEntryHandler(IDocumentStore store, IOptions<OffersOptions> options, TimeProvider clock)
{
    public async Task<Result<CatalogEntryView>> HandleAsync(Actor actor, string serviceId, CatalogEntryCommand command, CancellationToken cancellationToken)
    {
        if (actor.RequireRole(Roles.Expert) is { } denied)
        {
            return denied;
        }

        var profile = await store.FindAsync<ExpertProfile>(actor.UserId.Value, cancellationToken);
        var validator = ExpertCatalog.Validate(command.Name, command.Description);
        options.Value.ValidatePrice(command.Price, profile?.Details.Currency, validator, required: false);
        if (!validator.IsValid)
        {
            return validator.ToError();
        }

        return await Concurrency.RetryOnConflictAsync(async () =>
        {
            var catalog = await store.FindAsync<ExpertCatalog>(actor.UserId.Value, cancellationToken);
            if (catalog is null)
            {
                return Error.NotFound("Service");
            }

            var changed = catalog.Change(new ServiceId(serviceId), command.Name!, command.Description!, command.Price, clock.GetUtcNow());
            if (!changed.IsSuccess)
            {
                return changed.Error!;
            }

            var work = store.BeginWork();
            work.Update(changed.Value.Catalog);
            return await work.CommitReturningAsync(CatalogEntryView.From(changed.Value.Entry), cancellationToken);
        });
    }
}
