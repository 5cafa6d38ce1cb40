using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Questions;

namespace Headstore.Application.Questions;

public sealed record AnswerView(AnswerId Id, ExpertId ExpertId, string ExpertName, string Body, DateTimeOffset AnsweredAt, int? Stars, int Upvotes, int Downvotes, string MyVote);

public sealed record QuestionView(
    QuestionId Id,
    UserId AskerId,
    string AskerName,
    CategoryId CategoryId,
    string Title,
    string Body,
    string Language,
    string Status,
    DateTimeOffset AskedAt,
    DateTimeOffset? FirstAnsweredAt,
    bool ContactDetailsMasked,
    IReadOnlyList<AnswerView> Answers)
{
    /// <summary>The price of a paid question (pay-per-question); null when free or covered by the asker's plan.</summary>
    public Money? Price { get; init; }

    /// <summary>Asked by a member: no per-question charge.</summary>
    public bool CoveredByPlan { get; init; }

    /// <summary>Who voted how is private: the view carries counts and only the viewer's own vote.</summary>
    public static QuestionView From(Question question, UserId? viewer) => new(
        question.Id,
        question.AskerId,
        question.AskerName,
        question.CategoryId,
        question.Title,
        question.Body,
        question.Language,
        question.Status.ToString().ToLowerInvariant(),
        question.AskedAt,
        question.FirstAnsweredAt,
        question.ContainedContactDetails,
        question.Answers.Select(a => new AnswerView(
            a.Id,
            a.ExpertId,
            a.ExpertName,
            a.Body,
            a.AnsweredAt,
            a.Stars,
            a.Upvotes,
            a.Downvotes,
            viewer is { } v && a.Votes.TryGetValue(v.Value, out var mine) ? mine.ToString().ToLowerInvariant() : "none")).ToArray())
    {
        Price = question.Price,
        CoveredByPlan = question.CoveredByPlan,
    };
}

public sealed record QuestionSummary(QuestionId Id, CategoryId CategoryId, string Title, string Snippet, int AnswerCount, DateTimeOffset AskedAt, double Relevance);

public sealed record QuestionListFilter(CategoryId? Category, QuestionStatus? Status, UserId? Asker);

/// <summary>Full-text search and lists over questions. Locally SQLite FTS5 with BM25 ranking.</summary>
public interface IQuestionSearch
{
    /// <summary>Answered questions like the text, best first, each with a snippet around the matching words.</summary>
    Task<IReadOnlyList<QuestionSummary>> FindSimilarAsync(string text, int limit, CancellationToken cancellationToken);

    Task<Page<QuestionSummary>> ListAsync(QuestionListFilter filter, PageRequest page, CancellationToken cancellationToken);
}
