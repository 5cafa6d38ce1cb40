using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Questions;

namespace Headstore.Application.Questions;

public sealed record ListQuestionsQuery(string? Category, string? Status, bool? Mine, int? Limit, string? Cursor);

/// <summary>Questions newest first, by category and status: the experts' queue and a customer's own list.</summary>
public sealed class ListQuestionsHandler(IQuestionSearch search)
{
    public async Task<Result<Page<QuestionSummary>>> HandleAsync(Actor actor, ListQuestionsQuery query, CancellationToken cancellationToken)
    {
        var page = PageRequest.Create(query.Limit, query.Cursor);
        if (!page.IsSuccess)
        {
            return page.Error!;
        }

        QuestionStatus? status = null;
        if (query.Status is not null)
        {
            if (!Enum.TryParse<QuestionStatus>(query.Status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                return Error.Validation("status", "Use open, answered or closed.");
            }

            status = parsed;
        }

        if (query.Mine == true && actor.RequireSignedIn() is { } denied)
        {
            return denied;
        }

        var filter = new QuestionListFilter(string.IsNullOrWhiteSpace(query.Category) ? null : new CategoryId(query.Category), status, query.Mine == true ? actor.UserId : null);
        return await search.ListAsync(filter, page.Value, cancellationToken);
    }
}
