using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Offers;
using Headstore.Domain.Questions;

namespace Headstore.Application.Offers;

/// <summary>
/// A question's private information, for its parties only: the customer and the experts whose offers on it were
/// accepted. Before an acceptance it is not open (422 for the asker and answering experts); anyone else is forbidden,
/// admins included (they read it through the audited admin route).
/// </summary>
public sealed class GetPrivateInfoHandler(IDocumentStore store)
{
    public async Task<Result<PrivateInfoView>> HandleAsync(Actor actor, string questionId, CancellationToken cancellationToken)
    {
        var info = await FindForPartyAsync(store, actor, questionId, cancellationToken);
        return info.Map(PrivateInfoView.From);
    }

    public static async Task<Result<QuestionPrivateInfo>> FindForPartyAsync(IDocumentStore store, Actor actor, string questionId, CancellationToken cancellationToken)
    {
        if (actor.RequireSignedIn() is { } denied)
        {
            return denied;
        }

        var question = await store.FindAsync<Question>(questionId, cancellationToken);
        if (question is null)
        {
            return Error.NotFound("Question");
        }

        var info = await store.FindAsync<QuestionPrivateInfo>(questionId, cancellationToken);
        if (info is not null && info.IsParty(actor.UserId))
        {
            return info;
        }

        var concerned = question.AskerId == actor.UserId || question.Answers.Any(a => a.ExpertId.User == actor.UserId);
        return info is null && concerned
            ? Error.Rule("private-info-not-open", "Private information opens for this question when an offer on it is accepted.")
            : Error.Forbidden("Only the customer and the expert of an accepted offer on this question can see its private information.");
    }
}
