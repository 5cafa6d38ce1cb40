using Headstore.Domain.Common;

namespace Headstore.Domain.Questions;

public enum QuestionStatus
{
    Open,
    Answered,
    Closed,
}

public enum VoteDirection
{
    None = 0,
    Up = 1,
    Down = -1,
}

public sealed record Answer(
    AnswerId Id,
    ExpertId ExpertId,
    string ExpertName,
    string Body,
    DateTimeOffset AnsweredAt,
    int? Stars,
    DateTimeOffset? RatedAt,
    bool RatedAutomatically,
    IReadOnlyDictionary<string, VoteDirection> Votes)
{
    public int Upvotes => Votes.Values.Count(v => v == VoteDirection.Up);

    public int Downvotes => Votes.Values.Count(v => v == VoteDirection.Down);

    public int Score => Upvotes - Downvotes;
}

/// <summary>
/// A customer's question with its answers. One document per question: answers and their votes live inside it,
/// so posting, rating and voting are single-document changes guarded by the version.
/// </summary>
public sealed record Question(
    QuestionId Id,
    UserId AskerId,
    string AskerName,
    CategoryId CategoryId,
    string Title,
    string Body,
    string Language,
    QuestionStatus Status,
    IReadOnlyList<Answer> Answers,
    int NextAnswerSequence,
    DateTimeOffset AskedAt,
    DateTimeOffset? FirstAnsweredAt,
    bool ContainedContactDetails,
    long Version) : IAggregate
{
    public const int MaxTitleLength = 200;
    public const int MaxBodyLength = 5000;
    public const int MaxAnswerLength = 10000;
    public const int MaxAnswersPerQuestion = 50;

    string IAggregate.Id => Id.Value;

    /// <summary>What the asker pays when an answer is accepted (pay-per-question); null for a free question.</summary>
    public Money? Price { get; init; }

    /// <summary>The card payment that holds <see cref="Price"/>: authorised when asked, captured when an answer is accepted.</summary>
    public string? PaymentId { get; init; }

    /// <summary>Asked by a member: covered by their plan, no per-question charge.</summary>
    public bool CoveredByPlan { get; init; }

    /// <summary>The answer whose expert is paid for a paid question: the one the asker rated, else the first.</summary>
    public Answer? AcceptedAnswer => Answers.Where(a => a.Stars is not null && !a.RatedAutomatically).OrderBy(a => a.RatedAt).FirstOrDefault()
        ?? Answers.Where(a => a.Stars is not null).OrderBy(a => a.RatedAt).FirstOrDefault()
        ?? (Answers.Count > 0 ? Answers[0] : null);

    /// <summary>Closes the question to new answers (e.g. when the asker withdrew the payment of a paid question).</summary>
    public Question Close() => this with { Status = QuestionStatus.Closed };

    /// <summary>Asks a question; contact details in the text are masked before anything is stored.</summary>
    public static Question Ask(QuestionId id, Actor asker, CategoryId category, string title, string body, string language, DateTimeOffset now)
    {
        var maskedTitle = ContactDetails.MaskIn(title.Trim(), out var titleMasked);
        var maskedBody = ContactDetails.MaskIn(body.Trim(), out var bodyMasked);
        return new Question(id, asker.UserId, asker.Name, category, maskedTitle, maskedBody, Languages.Normalize(language), QuestionStatus.Open, [], 1, now, null, titleMasked || bodyMasked, 0);
    }

    public static Validator Validate(string? title, string? body, string? language)
    {
        var validator = new Validator()
            .RequireText(title, "title", MaxTitleLength, minLength: 10)
            .RequireText(body, "body", MaxBodyLength);
        validator.Require(language is null || Languages.IsKnown(Languages.Normalize(language)), "language", "Use an ISO 639-1 code such as 'en'.");
        return validator;
    }

    public Answer? FindAnswer(AnswerId answerId) => Answers.FirstOrDefault(a => a.Id == answerId);

    public Result<(Question Question, Answer Answer)> AddAnswer(ExpertId expert, string expertName, string body, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(body) || body.Trim().Length > MaxAnswerLength)
        {
            return Error.Validation("body", $"An answer has 1 to {MaxAnswerLength} characters.");
        }

        if (Status == QuestionStatus.Closed)
        {
            return Error.Rule("question-closed", "This question is closed to new answers.");
        }

        if (expert.User == AskerId)
        {
            return Error.Rule("own-question", "You cannot answer your own question.");
        }

        if (Answers.Count >= MaxAnswersPerQuestion)
        {
            return Error.Rule("too-many-answers", $"A question takes at most {MaxAnswersPerQuestion} answers.");
        }

        var answer = new Answer(
            AnswerId.For(Id, NextAnswerSequence),
            expert,
            expertName,
            ContactDetails.MaskIn(body.Trim()),
            now,
            null,
            null,
            false,
            new Dictionary<string, VoteDirection>(StringComparer.Ordinal));
        var question = this with
        {
            Answers = [.. Answers, answer],
            NextAnswerSequence = NextAnswerSequence + 1,
            Status = QuestionStatus.Answered,
            FirstAnsweredAt = FirstAnsweredAt ?? now,
        };
        return (question, answer);
    }

    /// <summary>The asker rates an answer once, 1 to 5 stars.</summary>
    public Result<(Question Question, Answer Answer)> Rate(AnswerId answerId, UserId rater, int stars, DateTimeOffset now)
    {
        if (stars is < 1 or > 5)
        {
            return Error.Validation("stars", "Stars are 1 to 5.");
        }

        if (rater != AskerId)
        {
            return Error.Forbidden("Only the person who asked can rate an answer.");
        }

        var answer = FindAnswer(answerId);
        if (answer is null)
        {
            return Error.NotFound("Answer");
        }

        if (answer.Stars is not null)
        {
            return Error.Conflict("already-rated", "This answer has already been rated.");
        }

        var rated = answer with { Stars = stars, RatedAt = now };
        return (Replace(rated), rated);
    }

    /// <summary>Gives an answer five stars as part of an accepted offer; a no-op if it already has a rating.</summary>
    public (Question Question, bool Changed) RateAutomatically(AnswerId answerId, DateTimeOffset now)
    {
        var answer = FindAnswer(answerId);
        if (answer is null || answer.Stars is not null)
        {
            return (this, false);
        }

        return (Replace(answer with { Stars = 5, RatedAt = now, RatedAutomatically = true }), true);
    }

    /// <summary>One vote per user per answer; changing or withdrawing it is allowed. Returns the previous vote.</summary>
    public Result<(Question Question, VoteDirection Previous)> Vote(AnswerId answerId, UserId voter, VoteDirection direction)
    {
        var answer = FindAnswer(answerId);
        if (answer is null)
        {
            return Error.NotFound("Answer");
        }

        if (answer.ExpertId.User == voter)
        {
            return Error.Rule("own-answer", "You cannot vote on your own answer.");
        }

        var previous = answer.Votes.TryGetValue(voter.Value, out var existing) ? existing : VoteDirection.None;
        var votes = new Dictionary<string, VoteDirection>(answer.Votes, StringComparer.Ordinal);
        if (direction == VoteDirection.None)
        {
            votes.Remove(voter.Value);
        }
        else
        {
            votes[voter.Value] = direction;
        }

        return (Replace(answer with { Votes = votes }), previous);
    }

    private Question Replace(Answer answer) =>
        this with { Answers = Answers.Select(a => a.Id == answer.Id ? answer : a).ToArray() };
}
