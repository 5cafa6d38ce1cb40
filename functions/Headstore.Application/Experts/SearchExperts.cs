using Headstore.Application.Common;
using Headstore.Domain.Common;

namespace Headstore.Application.Experts;

public sealed record SearchExpertsQuery(string? Category, string? Language, string? Q, decimal? MinRating, long? MaxRate, bool? Online, int? Limit, string? Cursor);

public sealed class SearchExpertsHandler(IExpertDirectory directory)
{
    public async Task<Result<Page<ExpertProfileView>>> HandleAsync(SearchExpertsQuery query, CancellationToken cancellationToken)
    {
        var page = PageRequest.Create(query.Limit, query.Cursor);
        if (!page.IsSuccess)
        {
            return page.Error!;
        }

        var validator = new Validator()
            .Require(query.MinRating is null or (>= 0 and <= 5), "minRating", "The minimum rating is between 0 and 5.")
            .Require(query.MaxRate is null or > 0, "maxRate", "The maximum rate is a positive amount in minor units.")
            .OptionalText(query.Q, "q", 200)
            .Require(query.Language is null || Languages.IsKnown(Languages.Normalize(query.Language)), "language", "Use an ISO 639-1 code such as 'en'.");
        if (!validator.IsValid)
        {
            return validator.ToError();
        }

        var search = new ExpertSearch(
            string.IsNullOrWhiteSpace(query.Category) ? null : new CategoryId(query.Category),
            query.Language is null ? null : Languages.Normalize(query.Language),
            string.IsNullOrWhiteSpace(query.Q) ? null : query.Q.Trim(),
            query.MinRating,
            query.MaxRate,
            query.Online ?? false);
        var found = await directory.SearchAsync(search, page.Value, cancellationToken);
        return new Page<ExpertProfileView>(found.Items.Select(ExpertProfileView.From).ToArray(), found.NextCursor);
    }
}
