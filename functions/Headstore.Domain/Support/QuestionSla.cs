using Headstore.Domain.Common;
using Headstore.Domain.Experts;
using Headstore.Domain.Plans;
using Headstore.Domain.Questions;

namespace Headstore.Domain.Support;

/// <summary>
/// The SLA clock of one question: started when it is asked, with the first-answer deadline of the asker's plan at that
/// moment; stopped by the first answer (met or late) or when the question closes unanswered (withdrawn, expired). It
/// also carries what routing needs: the queue's rank (plan priority, deadline) and who may take the question.
/// </summary>
public sealed record QuestionSla(
    QuestionId Id,
    UserId AskerId,
    string PlanId,
    SupportTerms Terms,
    CategoryId CategoryId,
    string Language,
    DateTimeOffset AskedAt,
    DateTimeOffset DueAt,
    DateTimeOffset? FirstAnsweredAt,
    ExpertId? FirstAnsweredBy,
    DateTimeOffset? ClosedAt,
    DateTimeOffset? BreachedAt,
    long Version) : IAggregate
{
    string IAggregate.Id => Id.Value;

    /// <summary>Waiting for its first answer.</summary>
    public bool IsWaiting => FirstAnsweredAt is null && ClosedAt is null;

    public TimeSpan? TimeToFirstAnswer => FirstAnsweredAt - AskedAt;

    /// <summary>
    /// Whether the target was met as far as is known at <paramref name="now"/>: true when answered in time, false when
    /// answered late or still waiting past the deadline, null while waiting within it or when the question was
    /// withdrawn before its deadline (it then counts neither way).
    /// </summary>
    public bool? MetTargetAt(DateTimeOffset now) => (FirstAnsweredAt, ClosedAt) switch
    {
        ({ } answered, _) => answered <= DueAt,
        (null, { } closed) => closed <= DueAt ? null : false,
        _ => now > DueAt ? false : null,
    };

    public static QuestionSla Start(Question question, Plan plan, DateTimeOffset now)
    {
        var terms = SupportTerms.For(plan);
        var sla = new QuestionSla(question.Id, question.AskerId, plan.Id, terms, question.CategoryId, question.Language, question.AskedAt,
            question.AskedAt + terms.FirstResponseTarget, null, null, null, null, 0);
        return sla.Follow(question, now);
    }

    /// <summary>Catches up with the question: its first answer, or its closing unanswered. Nothing new returns the same record.</summary>
    public QuestionSla Follow(Question question, DateTimeOffset now)
    {
        if (!IsWaiting)
        {
            return this;
        }

        if (question.FirstAnsweredAt is { } answered && question.Answers.Count > 0)
        {
            return this with { FirstAnsweredAt = answered, FirstAnsweredBy = question.Answers.OrderBy(a => a.AnsweredAt).First().ExpertId };
        }

        return question.Status == QuestionStatus.Closed ? this with { ClosedAt = now } : this;
    }

    /// <summary>The deadline passed without an answer: recorded once, so the breach is reported once.</summary>
    public QuestionSla? Breach(DateTimeOffset now) => IsWaiting && BreachedAt is null && now >= DueAt ? this with { BreachedAt = now } : null;

    /// <summary>
    /// Whether an expert may take this question now. Until the deadline a premium plan's question goes only to experts
    /// with at least its minimum rating who speak its language; once the deadline has passed it is open to every expert
    /// in the category, so a customer on a premium plan is never worse off than on Standard.
    /// </summary>
    public Result<Unit> CheckExpert(ExpertProfile expert, DateTimeOffset now)
    {
        if (now >= DueAt)
        {
            return Unit.Value;
        }

        if (Terms.MinimumExpertRating is { } minimum && (expert.Rating ?? 0) < minimum)
        {
            return Error.Rule("plan-requires-rating", $"This question is on the {Terms.Level} plan: it is answered by experts rated {minimum:0.0} or more until {DueAt:yyyy-MM-dd HH:mm} UTC.");
        }

        if (Terms.LanguageMatch && !expert.Details.Languages.Contains(Language, StringComparer.Ordinal))
        {
            return Error.Rule("plan-requires-language", $"This question is on the {Terms.Level} plan: it is answered by experts who speak '{Language}'.");
        }

        return Unit.Value;
    }

    /// <summary>Premium plans expect longer, more detailed answers.</summary>
    public Result<Unit> CheckAnswer(string? body) =>
        (body?.Trim().Length ?? 0) >= Terms.MinimumAnswerLength
            ? Unit.Value
            : Error.Validation("body", $"This question is on the {Terms.Level} plan: answers have at least {Terms.MinimumAnswerLength} characters.");
}
