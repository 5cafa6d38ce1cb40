using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Offers;

namespace Headstore.Application.Offers;

/// <param name="Note">Optional, for the customer (what was delivered); contact details in it are masked.</param>
public sealed record CompleteOfferCommand(string? Note);

/// <summary>The expert marks an accepted offer completed; the customer is told and may still ask for a refund within the refund window.</summary>
public sealed class CompleteOfferHandler(IDocumentStore store, OfferWorkflow workflow)
{
    public async Task<Result<OfferView>> HandleAsync(Actor actor, string offerId, CompleteOfferCommand command, CancellationToken cancellationToken)
    {
        var found = await OfferAccess.FindAsExpertAsync(store, actor, offerId, "complete", cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }

        var completed = await workflow.ApplyAsync(found.Value.Id, _ => new OfferSignal.Complete(actor.UserId, command.Note), cancellationToken);
        return completed.Map(o => OfferView.From(o, actor));
    }
}
