using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Questions;

namespace Headstore.Application.Questions;

public sealed class GetQuestionHandler(IDocumentStore store)
{
    public async Task<Result<QuestionView>> HandleAsync(Actor actor, string questionId, CancellationToken cancellationToken)
    {
        var question = await store.FindAsync<Question>(questionId, cancellationToken);
        return question is null ? Error.NotFound("Question") : QuestionView.From(question, actor.IsAuthenticated ? actor.UserId : null);
    }
}
