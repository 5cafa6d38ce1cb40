using Headstore.Application.Categories;
using Headstore.Application.Common;
using Headstore.Application.Users;
using Headstore.Domain.Common;
using Headstore.Domain.Experts;

namespace Headstore.Application.Experts;

public sealed record UpsertExpertProfileCommand(
    string? Name,
    string? JobTitle,
    string? Company,
    string? Offering,
    IReadOnlyList<string>? Categories,
    IReadOnlyList<string>? Languages,
    string? Description,
    string? Currency,
    long? RatePerMinute,
    int? FreeMinutes,
    string? PhotoReference);

/// <summary>Creates or updates the calling expert's own profile.</summary>
public sealed class UpsertExpertProfileHandler(IDocumentStore store, ICategoryCatalog categories, UserDirectory users, TimeProvider clock)
{
    public async Task<Result<ExpertProfileView>> HandleAsync(Actor actor, UpsertExpertProfileCommand command, CancellationToken cancellationToken)
    {
        if (actor.RequireRole(Roles.Expert) is { } denied)
        {
            return denied;
        }

        var validator = new Validator();
        if (!Currency.TryParse(command.Currency, out var currency))
        {
            validator.Add("currency", $"Use one of {string.Join(", ", Currency.Supported)}.");
        }

        var details = new ExpertProfileDetails(
            command.Name ?? "",
            command.JobTitle ?? "",
            command.Company,
            command.Offering ?? "",
            (command.Categories ?? []).Select(c => new CategoryId(c ?? "")).ToArray(),
            (command.Languages ?? []).Select(l => l ?? "").ToArray(),
            command.Description ?? "",
            currency,
            command.RatePerMinute ?? 0,
            command.FreeMinutes ?? 0,
            command.PhotoReference);
        var profileValidation = ExpertProfile.Validate(details, await categories.ExistsAsync(cancellationToken));
        if (!validator.IsValid || !profileValidation.IsValid)
        {
            return Merge(validator, profileValidation).ToError();
        }

        return await Concurrency.RetryOnConflictAsync(async () =>
        {
            var id = ExpertId.For(actor.UserId);
            var existing = await store.FindAsync<ExpertProfile>(id.Value, cancellationToken);
            var now = clock.GetUtcNow();
            var work = store.BeginWork();
            await users.EnsureAsync(actor, work, cancellationToken);
            ExpertProfile profile;
            if (existing is null)
            {
                profile = ExpertProfile.Create(id, details, now);
                work.Add(profile);
            }
            else
            {
                profile = existing.Update(details, now);
                work.Update(profile);
            }

            return await work.CommitReturningAsync(ExpertProfileView.From(profile), cancellationToken);
        });
    }

    private static Validator Merge(Validator first, Validator second)
    {
        var merged = new Validator();
        foreach (var (field, messages) in first.ToError().FieldErrors!.Concat(second.ToError().FieldErrors!))
        {
            foreach (var message in messages)
            {
                merged.Add(field, message);
            }
        }

        return merged;
    }
}
