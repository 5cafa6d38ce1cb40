using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Offers;

namespace Headstore.Application.Offers;

/// <summary>
/// Drives offers for the hosts (the local timer sweep, the Durable Functions orchestration): delivers "time has passed"
/// to the offer through <see cref="OfferWorkflow"/>, so reminders, expiry, completion prompts and retries of an
/// unfinished acceptance or refund run exactly as a use case would run them. Parties' actions go through the use cases;
/// any signal that arrives here is treated as a wake-up. Idempotent: nothing due, nothing changes.
/// </summary>
public sealed class OfferLifecycleDriver(OfferWorkflow workflow, IDocumentStore store) : ILifecycleDriver
{
    public string AggregateType => OfferLifecycle.AggregateType;

    public async Task<LifecycleStep> DeliverAsync(string id, LifecycleSignal? signal, CancellationToken cancellationToken)
    {
        var delivered = await workflow.ApplyAsync(new OfferId(id), _ => OfferSignal.Tick, cancellationToken);
        if (!delivered.IsSuccess && delivered.Error!.Kind == ErrorKind.NotFound)
        {
            return LifecycleStep.Final;
        }

        // A retried charge that the card refused, or a provider that did not answer, is not a failure of the delivery:
        // the offer says what comes next either way.
        var offer = await store.FindAsync<Offer>(id, cancellationToken);
        return offer is null ? LifecycleStep.Final : new LifecycleStep(OfferLifecycle.NextDueAt(offer), OfferLifecycle.IsFinal(offer));
    }
}
