using Headstore.Domain.Common;

namespace Headstore.Application.Questions;

public sealed record FindSimilarQuestionsQuery(string? Q, int? Limit);

/// <summary>Before a customer posts, shows answered questions like theirs.</summary>
public sealed class FindSimilarQuestionsHandler(IQuestionSearch search)
{
    public async Task<Result<IReadOnlyList<QuestionSummary>>> HandleAsync(FindSimilarQuestionsQuery query, CancellationToken cancellationToken)
    {
        var validator = new Validator()
            .RequireText(query.Q, "q", 500, minLength: 3)
            .Require(query.Limit is null or (>= 1 and <= 20), "limit", "The limit is between 1 and 20.");
        if (!validator.IsValid)
        {
            return validator.ToError();
        }

        return Result<IReadOnlyList<QuestionSummary>>.Success(await search.FindSimilarAsync(query.Q!, query.Limit ?? 5, cancellationToken));
    }
}
