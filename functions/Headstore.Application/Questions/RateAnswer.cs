using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Questions;

namespace Headstore.Application.Questions;

public sealed record RateAnswerCommand(int? Stars);

public sealed class RateAnswerHandler(IDocumentStore store, TimeProvider clock)
{
    public async Task<Result<AnswerView>> HandleAsync(Actor actor, string answerId, RateAnswerCommand command, CancellationToken cancellationToken)
    {
        if (actor.RequireSignedIn() is { } denied)
        {
            return denied;
        }

        if (command.Stars is null)
        {
            return Error.Validation("stars", "Stars are 1 to 5.");
        }

        var id = new AnswerId(answerId);
        if (!id.TryGetQuestion(out var questionId))
        {
            return Error.NotFound("Answer");
        }

        return await Concurrency.RetryOnConflictAsync(async () =>
        {
            var question = await store.FindAsync<Question>(questionId.Value, cancellationToken);
            if (question is null)
            {
                return Error.NotFound("Answer");
            }

            var now = clock.GetUtcNow();
            var rated = question.Rate(id, actor.UserId, command.Stars.Value, now);
            if (!rated.IsSuccess)
            {
                return rated.Error!;
            }

            var (updated, answer) = rated.Value;
            var work = store.BeginWork();
            work.Update(updated);
            work.Publish(new AnswerRated(updated.Id, answer.Id, answer.ExpertId, answer.Stars!.Value, Automatic: false) { OccurredAt = now });
            return await work.CommitReturningAsync(QuestionView.From(updated, actor.UserId).Answers.Single(a => a.Id == answer.Id), cancellationToken);
        });
    }
}
