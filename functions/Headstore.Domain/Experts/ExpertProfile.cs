using Headstore.Domain.Common;

namespace Headstore.Domain.Experts;

public enum ExpertStatus
{
    Offline,
    Online,
    Busy,
}

/// <summary>What an expert writes about themselves. Validated by <see cref="ExpertProfile.Validate"/>.</summary>
public sealed record ExpertProfileDetails(
    string Name,
    string JobTitle,
    string? Company,
    string Offering,
    IReadOnlyList<CategoryId> Categories,
    IReadOnlyList<string> Languages,
    string Description,
    Currency Currency,
    long RatePerMinuteMinor,
    int FreeMinutes,
    string? PhotoReference);

/// <summary>An expert's public profile with the figures derived from their work (rating, reputation).</summary>
public sealed record ExpertProfile(
    ExpertId Id,
    ExpertProfileDetails Details,
    ExpertStatus Status,
    int RatingCount,
    long RatingTotal,
    long Reputation,
    ExpertCounters Counters,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long Version) : IAggregate
{
    public const int MaxOfferingLength = 500;
    public const int MaxDescriptionLength = 500;
    public const int MaxFreeMinutes = 30;
    public const int MaxCategories = 5;
    public const int MaxLanguages = 8;

    /// <summary>Rates are bounded per minute in the profile's currency: 0.50 to 50.00.</summary>
    public const long MinRateMinor = 50;
    public const long MaxRateMinor = 5000;

    string IAggregate.Id => Id.Value;

    /// <summary>Average stars to one decimal, or null before the first rating.</summary>
    public decimal? Rating => RatingCount == 0 ? null : Math.Round((decimal)RatingTotal / RatingCount, 1);

    public Money RatePerMinute => new(Details.RatePerMinuteMinor, Details.Currency);

    public static ExpertProfile Create(ExpertId id, ExpertProfileDetails details, DateTimeOffset now) =>
        new(id, Normalize(details), ExpertStatus.Offline, 0, 0, 0, new ExpertCounters(0, 0, 0), now, now, 0);

    public ExpertProfile Update(ExpertProfileDetails details, DateTimeOffset now) =>
        this with { Details = Normalize(details), UpdatedAt = now };

    public Result<ExpertProfile> SetStatus(ExpertStatus status, DateTimeOffset now)
    {
        if (status == ExpertStatus.Busy)
        {
            return Error.Validation("status", "Busy is set automatically while a session runs; choose online or offline.");
        }

        if (Status == ExpertStatus.Busy && status == ExpertStatus.Online)
        {
            return Error.Conflict("expert-busy", "You are in a session; you become online when it ends.");
        }

        return this with { Status = status, UpdatedAt = now };
    }

    public ExpertProfile AddRating(int stars) => this with { RatingCount = RatingCount + 1, RatingTotal = RatingTotal + stars };

    public ExpertProfile WithReputation(long reputation) => this with { Reputation = reputation };

    /// <summary>Checks every field; contact details anywhere in the text are rejected with the field's name.</summary>
    public static Validator Validate(ExpertProfileDetails? details, Func<CategoryId, bool> categoryExists)
    {
        var validator = new Validator();
        if (details is null)
        {
            validator.Add("body", "A profile is required.");
            return validator;
        }

        validator.RequireText(details.Name, "name", 100)
            .RequireText(details.JobTitle, "jobTitle", 100)
            .OptionalText(details.Company, "company", 100)
            .RequireText(details.Offering, "offering", MaxOfferingLength)
            .RequireText(details.Description, "description", MaxDescriptionLength)
            .OptionalText(details.PhotoReference, "photoReference", 300)
            .Require(details.Categories is { Count: > 0 and <= MaxCategories }, "categories", $"Choose 1 to {MaxCategories} categories.")
            .Require(details.Languages is { Count: > 0 and <= MaxLanguages }, "languages", $"Choose 1 to {MaxLanguages} languages.")
            .Require(details.RatePerMinuteMinor is >= MinRateMinor and <= MaxRateMinor, "ratePerMinute", "The rate is between 0.50 and 50.00 per minute.")
            .Require(details.FreeMinutes is >= 0 and <= MaxFreeMinutes, "freeMinutes", $"Free minutes are between 0 and {MaxFreeMinutes}.")
            .Require(details.Currency.Code is not null, "currency", $"Use one of {string.Join(", ", Currency.Supported)}.");

        foreach (var category in details.Categories ?? [])
        {
            validator.Require(categoryExists(category), "categories", $"Unknown category '{category.Value}'.");
        }

        foreach (var language in details.Languages ?? [])
        {
            validator.Require(Common.Languages.IsKnown(Common.Languages.Normalize(language ?? "")), "languages", $"Unknown language '{language}'; use ISO 639-1 codes such as 'en'.");
        }

        foreach (var (field, value) in new[]
                 {
                     ("name", details.Name), ("jobTitle", details.JobTitle), ("company", details.Company),
                     ("offering", details.Offering), ("description", details.Description),
                 })
        {
            validator.Require(!ContactDetails.Contains(value), field, "Contact details (e-mail addresses, phone numbers, messenger handles or links) are not allowed in a profile.");
        }

        if (details.PhotoReference is { Length: > 0 } photo)
        {
            validator.Require(photo.StartsWith("blob:", StringComparison.Ordinal) || photo.StartsWith("https://", StringComparison.Ordinal), "photoReference", "Use a reference returned by the upload endpoint or an https URL.");
        }

        return validator;
    }

    private static ExpertProfileDetails Normalize(ExpertProfileDetails details) => details with
    {
        Name = details.Name.Trim(),
        JobTitle = details.JobTitle.Trim(),
        Company = string.IsNullOrWhiteSpace(details.Company) ? null : details.Company.Trim(),
        Offering = details.Offering.Trim(),
        Description = details.Description.Trim(),
        Categories = details.Categories.Distinct().ToArray(),
        Languages = details.Languages.Select(Common.Languages.Normalize).Distinct().ToArray(),
    };
}

/// <summary>Counts kept with the profile, updated by the same idempotent step that records reputation.</summary>
public sealed record ExpertCounters(int Answers, int Articles, int Documents);

public sealed record Category(CategoryId Id, string Name, string Description, long Version = 0) : IAggregate
{
    string IAggregate.Id => Id.Value;
}
