using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Experts;

namespace Headstore.Application.Experts;

/// <summary>The public face of an expert profile.</summary>
public sealed record ExpertProfileView(
    ExpertId Id,
    string Name,
    string JobTitle,
    string? Company,
    string Offering,
    IReadOnlyList<CategoryId> Categories,
    IReadOnlyList<string> Languages,
    string Description,
    Money RatePerMinute,
    int FreeMinutes,
    string? PhotoReference,
    string Status,
    decimal? Rating,
    int RatingCount,
    long Reputation,
    DateTimeOffset MemberSince)
{
    public static ExpertProfileView From(ExpertProfile profile) => new(
        profile.Id,
        profile.Details.Name,
        profile.Details.JobTitle,
        profile.Details.Company,
        profile.Details.Offering,
        profile.Details.Categories,
        profile.Details.Languages,
        profile.Details.Description,
        profile.RatePerMinute,
        profile.Details.FreeMinutes,
        profile.Details.PhotoReference,
        profile.Status.ToString().ToLowerInvariant(),
        profile.Rating,
        profile.RatingCount,
        profile.Reputation,
        profile.CreatedAt);
}

public sealed record ExpertSearch(CategoryId? Category, string? Language, string? Text, decimal? MinRating, long? MaxRateMinor, bool OnlineOnly);

/// <summary>Expert discovery. Locally a SQLite query over indexed profile fields; in Cosmos a query on the experts container.</summary>
public interface IExpertDirectory
{
    Task<Page<ExpertProfile>> SearchAsync(ExpertSearch search, PageRequest page, CancellationToken cancellationToken);
}
