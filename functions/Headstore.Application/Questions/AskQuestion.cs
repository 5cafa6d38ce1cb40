using Headstore.Application.Categories;
using Headstore.Application.Common;
using Headstore.Application.Users;
using Headstore.Domain.Common;
using Headstore.Domain.Questions;

namespace Headstore.Application.Questions;

/// <param name="Price">Optional: what the asker pays when they accept an answer (pay-per-question); authorised on their saved card now.</param>
public sealed record AskQuestionCommand(string? CategoryId, string? Title, string? Body, string? Language, Money? Price = null);

public sealed class AskQuestionHandler(IDocumentStore store, ICategoryCatalog categories, UserDirectory users, PaidQuestionCheckout checkout, TimeProvider clock)
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
        checkout.Validate(command.Price, validator);
        if (!validator.IsValid)
        {
            return validator.ToError();
        }

        var now = clock.GetUtcNow();
        var asked = Question.Ask(QuestionId.New(now), actor, new CategoryId(command.CategoryId!), command.Title!, command.Body!, command.Language ?? "en", now);
        var prepared = await checkout.PrepareAsync(actor, asked, command.Price, now, cancellationToken);
        if (!prepared.IsSuccess)
        {
            return prepared.Error!;
        }

        var (question, payment) = prepared.Value;
        var work = store.BeginWork();
        await users.EnsureAsync(actor, work, cancellationToken);
        work.Add(question);
        if (payment is not null)
        {
            work.Add(payment);
        }

        work.Publish(new QuestionAsked(question.Id, actor.UserId, question.CategoryId) { OccurredAt = now });
        var result = await work.CommitReturningAsync(QuestionView.From(question, actor.UserId), cancellationToken);
        if (!result.IsSuccess && payment is not null)
        {
            await checkout.ReleaseQuietlyAsync(payment.ProviderPaymentId, cancellationToken);
        }

        return result;
    }
}
