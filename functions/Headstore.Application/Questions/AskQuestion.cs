using Headstore.Application.Categories;
using Headstore.Application.Common;
using Headstore.Application.Users;
using Headstore.Domain.Common;
using Headstore.Domain.Questions;

namespace Headstore.Application.Questions;

public sealed record AskQuestionCommand(string? CategoryId, string? Title, string? Body, string? Language);

public sealed class AskQuestionHandler(IDocumentStore store, ICategoryCatalog categories, UserDirectory users, TimeProvider clock)
{
    public async Task<Result<QuestionView>> HandleAsync(Actor actor, AskQuestionCommand command, CancellationToken cancellationToken)
    {
        if (actor.RequireRole(Roles.Customer) is { } denied)
        {
            return denied;
        }

        var validator = Question.Validate(command.Title, command.Body, command.Language);
        var exists = await categories.ExistsAsync(cancellationToken);
        validator.Require(!string.IsNullOrWhiteSpace(command.CategoryId) && exists(new CategoryId(command.CategoryId)), "categoryId", "Choose an existing category.");
        if (!validator.IsValid)
        {
            return validator.ToError();
        }

        var now = clock.GetUtcNow();
        var question = Question.Ask(QuestionId.New(now), actor, new CategoryId(command.CategoryId!), command.Title!, command.Body!, command.Language ?? "en", now);
        var work = store.BeginWork();
        await users.EnsureAsync(actor, work, cancellationToken);
        work.Add(question);
        work.Publish(new QuestionAsked(question.Id, actor.UserId, question.CategoryId) { OccurredAt = now });
        return await work.CommitReturningAsync(QuestionView.From(question, actor.UserId), cancellationToken);
    }
}
