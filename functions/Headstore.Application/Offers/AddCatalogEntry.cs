using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Experts;
using Headstore.Domain.Offers;
using Microsoft.Extensions.Options;

namespace Headstore.Application.Offers;

/// <param name="Description">What exactly the customer receives.</param>
/// <param name="Price">Optional usual price, in the expert's currency.</param>
public sealed record CatalogEntryCommand(string? Name, string? Description, Money? Price);

/// <summary>The expert adds a custom service to their catalogue (names are unique, case-insensitive).</summary>
public sealed class AddCatalogEntryHandler(IDocumentStore store, IOptions<OffersOptions> options, TimeProvider clock)
{
    public async Task<Result<CatalogEntryView>> HandleAsync(Actor actor, CatalogEntryCommand command, CancellationToken cancellationToken)
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

        return await Concurrency.RetryOnConflictAsync<CatalogEntryView>(async () =>
        {
            var stored = await store.FindAsync<ExpertCatalog>(actor.UserId.Value, cancellationToken);
            var now = clock.GetUtcNow();
            var added = (stored ?? ExpertCatalog.Empty(ExpertId.For(actor.UserId))).Add(ServiceId.NewCustom(now), command.Name!, command.Description!, command.Price, now);
            if (!added.IsSuccess)
            {
                return added.Error!;
            }

            var work = store.BeginWork();
            if (stored is null)
            {
                work.Add(added.Value.Catalog);
            }
            else
            {
                work.Update(added.Value.Catalog);
            }

            var commit = await work.CommitAsync(cancellationToken);
            if (!commit.IsSuccess)
            {
                // "duplicate": the expert's first catalogue was created by another request meanwhile. Look again.
                return commit.Error!.Code == "duplicate" ? Error.ConcurrencyConflict() : commit.Error!;
            }

            return CatalogEntryView.From(added.Value.Entry);
        });
    }
}
