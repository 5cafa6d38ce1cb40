using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Questions;

namespace Headstore.Application.Questions;

public sealed record VoteAnswerCommand(string? Direction);

/// <summary>One vote per user and answer, idempotent: voting the same way twice changes nothing.</summary>
public sealed class VoteAnswerHandler(IDocumentStore store, TimeProvider clock)
{
    public async Task<Result<AnswerView>> HandleAsync(Actor actor, string answerId, VoteAnswerCommand command, CancellationToken cancellationToken)
    {
        if (actor.RequireSignedIn() is { } denied)
        {
            return denied;
        }

        VoteDirection? direction = command.Direction?.ToLowerInvariant() switch
        {
            "up" => VoteDirection.Up,
            "down" => VoteDirection.Down,
            "none" => VoteDirection.None,
            _ => null,
        };
        if (direction is null)
        {
            return Error.Validation("direction", "Use 'up', 'down' or 'none'.");
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

            var voted = question.Vote(id, actor.UserId, direction.Value);
            if (!voted.IsSuccess)
            {
                return voted.Error!;
            }

            var (updated, previous) = voted.Value;
            var view = QuestionView.From(updated, actor.UserId).Answers.Single(a => a.Id == id);
            if (previous == direction)
            {
                return view;
            }

            var now = clock.GetUtcNow();
            var work = store.BeginWork();
            work.Update(updated);
            work.Publish(new AnswerVoteChanged(updated.Id, id, updated.FindAnswer(id)!.ExpertId, actor.UserId, previous, direction.Value) { OccurredAt = now });
            return await work.CommitReturningAsync(view, cancellationToken);
        });
    }
}
