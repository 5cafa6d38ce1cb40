using Headstore.Application.Common;
using Headstore.Application.Payments;
using Headstore.Domain.Common;
using Headstore.Domain.Payments;
using Headstore.Domain.Sessions;
using Microsoft.Extensions.Logging;

namespace Headstore.Application.Sessions;

/// <summary>
/// Authorises a session's card for the most it can cost (manual capture), keyed by the session so a retry authorises
/// once. The payment's id derives from the session (<c>pay_{sessionId}</c>); the capture and release go through
/// <see cref="PaymentProcessor"/> when the session is settled.
/// </summary>
/// <remarks>
/// The authorisation is recorded in a commit of its own, ahead of the session, not in the session's commit: that one
/// marks the expert busy and uses a free link, which share the expert's partition on Cosmos DB, while money lives in
/// the payment's partition (docs/cosmos.md, "Sessions"). A hold on the card exists from the moment the provider
/// authorised it, so the record is never early: a session that then fails to start gives it back through
/// <see cref="ReleaseUnusedAsync"/>, which releases the record and the hold together.
/// </remarks>
public sealed class SessionCheckout(IDocumentStore store, IPaymentGateway gateway, PaymentProcessor processor, ILogger<SessionCheckout> logger)
{
    /// <summary>When the authorisation sweep looks whether the session of a recorded authorisation was saved.</summary>
    public static readonly TimeSpan OrphanCheckAfter = TimeSpan.FromMinutes(15);

    public static PaymentId PaymentIdFor(SessionId session) => new($"pay_{session.Value}");

    /// <summary>Nothing is written here: the caller records the returned payment (<see cref="RecordAsync"/>) before the session.</summary>
    public async Task<Result<CustomerPayment>> AuthoriseAsync(SessionId session, UserId customer, ExpertId expert, Money amount, string description, bool offSession, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var profile = await store.FindAsync<PaymentProfile>(customer.Value, cancellationToken);
        if (profile is not { HasCard: true })
        {
            return Error.Rule("payment-method-required", "Save a card first (POST /api/me/payment-methods): it is authorised for the most the session can cost before the expert is rung.");
        }

        var paymentId = PaymentIdFor(session);
        var authorised = await gateway.AuthoriseAsync(new AuthoriseRequest(
            profile.ProviderCustomerId, profile.DefaultPaymentMethodId!, amount, $"authorise:{session.Value}", offSession,
            TransferGroup: session.Value, Description: "Headstore session",
            Metadata: new Dictionary<string, string> { ["headstore_payment_id"] = paymentId.Value, ["session_id"] = session.Value }), cancellationToken);
        if (!authorised.IsSuccess)
        {
            return authorised.Error!;
        }

        if (authorised.Value.Status != PaymentStatus.RequiresCapture)
        {
            await ReleaseQuietlyAsync(authorised.Value.PaymentId);
            return new Error(ErrorKind.PaymentRequired, "authentication-required", "Your bank asks you to confirm this card; save it again and retry.");
        }

        // The session's own lifecycle captures or releases it within hours (booked sessions are authorised a day
        // before), well inside the card hold's seven days. The one review, a little later, is for the authorisation
        // whose session was never saved (a crash between the two commits): the sweep then gives the hold back.
        return CustomerPayment.Authorise(paymentId, PaymentPurpose.Session, session.Value, customer, description, amount, authorised.Value.PaymentId, now, reviewAt: now + OrphanCheckAfter, intendedPayee: expert);
    }

    /// <summary>Records an authorisation; idempotent by the payment's id, so a retried step records it once.</summary>
    public async Task<Result<Unit>> RecordAsync(CustomerPayment payment, CancellationToken cancellationToken)
    {
        var work = store.BeginWork();
        work.AddIfAbsent(payment);
        return await work.CommitAsync(cancellationToken);
    }

    /// <summary>Gives back a recorded authorisation whose session was not saved: the record and the hold are released.</summary>
    public async Task ReleaseUnusedAsync(CustomerPayment payment)
    {
        var released = await processor.ReleaseAsync(payment.Id, "session-not-started", null, CancellationToken.None);
        if (!released.IsSuccess)
        {
            logger.LogWarning("Releasing unused session payment {PaymentId} failed ({Code}); the hold lapses by itself", payment.Id, released.Error!.Code);
        }
    }

    /// <summary>Gives back an authorisation that was not recorded.</summary>
    public async Task ReleaseQuietlyAsync(string providerPaymentId)
    {
        var released = await gateway.ReleaseAsync(new ReleaseRequest(providerPaymentId, $"release:{providerPaymentId}"), CancellationToken.None);
        if (!released.IsSuccess)
        {
            logger.LogWarning("Releasing unused session authorisation {ProviderPaymentId} failed ({Code}); it lapses by itself", providerPaymentId, released.Error!.Code);
        }
    }
}
