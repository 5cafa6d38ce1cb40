using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Experts;
using Headstore.Domain.Questions;
using Headstore.Domain.Support;

namespace Headstore.Application.Questions;

public sealed record PostAnswerCommand(string? Body);

public sealed class PostAnswerHandler(IDocumentStore store, TimeProvider clock)
{
    public async Task<Result<AnswerView>> HandleAsync(Actor actor, string questionId, PostAnswerCommand command, CancellationToken cancellationToken)
    {
        if (actor.RequireRole(Roles.Expert) is { } denied)
        {
            return denied;
        }

        var profile = await store.FindAsync<ExpertProfile>(actor.UserId.Value, cancellationToken);
        if (profile is null)
        {
            return Error.Rule("profile-required", "Create your expert profile before answering.");
        }

        // A premium support plan's question expects longer answers and, until its deadline, qualified experts.
        if (await store.FindAsync<QuestionSla>(questionId, cancellationToken) is { } sla
            && (sla.CheckAnswer(command.Body).Error ?? sla.CheckExpert(profile, clock.GetUtcNow()).Error) is { } refused)
        {
            return refused;
        }

        return await Concurrency.RetryOnConflictAsync(async () =>
        {
            var question = await store.FindAsync<Question>(questionId, cancellationToken);
            if (question is null)
            {
                return Error.NotFound("Question");
            }

            var now = clock.GetUtcNow();
            var answered = question.AddAnswer(profile.Id, profile.Details.Name, command.Body ?? "", now);
            if (!answered.IsSuccess)
            {
                return answered.Error!;
            }

            var (updated, answer) = answered.Value;
            var work = store.BeginWork();
            work.Update(updated);
            work.Publish(new AnswerPosted(updated.Id, answer.Id, answer.ExpertId, updated.AskerId) { OccurredAt = now });
            return await work.CommitReturningAsync(QuestionView.From(updated, actor.UserId).Answers.Single(a => a.Id == answer.Id), cancellationToken);
        });
    }
}
