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
public sealed class SessionCheckout(IDocumentStore store, IPaymentGateway gateway, ILogger<SessionCheckout> logger)
{
    public static PaymentId PaymentIdFor(SessionId session) => new($"pay_{session.Value}");

    /// <summary>Nothing is written here: the caller commits the returned payment with the session.</summary>
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

        // No review time: the session's own lifecycle captures or releases it within hours (booked sessions are
        // authorised a day before), well inside the card hold's seven days.
        return CustomerPayment.Authorise(paymentId, PaymentPurpose.Session, session.Value, customer, description, amount, authorised.Value.PaymentId, now, reviewAt: null, intendedPayee: expert);
    }

    /// <summary>Gives back an authorisation whose session was not saved.</summary>
    public async Task ReleaseQuietlyAsync(string providerPaymentId)
    {
        var released = await gateway.ReleaseAsync(new ReleaseRequest(providerPaymentId, $"release:{providerPaymentId}"), CancellationToken.None);
        if (!released.IsSuccess)
        {
            logger.LogWarning("Releasing unused session authorisation {ProviderPaymentId} failed ({Code}); it lapses by itself", providerPaymentId, released.Error!.Code);
        }
    }
}
