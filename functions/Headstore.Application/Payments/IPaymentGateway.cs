using Headstore.Domain.Common;

namespace Headstore.Application.Payments;

/// <summary>
/// The payment provider, seen from the use cases: customers and saved cards, card authorisations captured later,
/// refunds, and connected accounts that receive experts' payouts through separate transfers.
/// </summary>
/// <remarks>
/// Every mutating call takes an idempotency key that the caller derives from business ids
/// (for example <c>authorise:{sessionId}</c>, <c>payout:{expertId}:{week}</c>), so a retried queue message or
/// orchestration activity repeats the same provider call instead of charging or paying twice. The provider keeps
/// keys for about 24 hours; sending the same key with different parameters is a <see cref="ErrorKind.Conflict"/>.
/// Expected failures come back as <see cref="Error"/> values: a declined card is <see cref="ErrorKind.PaymentRequired"/>
/// with the decline reason as code (<c>card-declined</c>, <c>insufficient-funds</c>…); an outage that outlasts the
/// adapter's retries is <see cref="ErrorKind.Unavailable"/>.
/// </remarks>
public interface IPaymentGateway
{
    /// <summary>Returns the existing customer when <see cref="EnsureCustomerRequest.ExistingCustomerId"/> still exists, otherwise creates one.</summary>
    Task<Result<PaymentCustomer>> EnsureCustomerAsync(EnsureCustomerRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Saves a card for later off-session use. Without a payment method the client confirms it with the returned secret
    /// (the browser flow); with one, it is confirmed at once, which verifies the card up front (a declined card is
    /// <see cref="ErrorKind.PaymentRequired"/>).
    /// </summary>
    Task<Result<CardSetup>> CreateCardSetupAsync(CardSetupRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Reserves an amount on a saved card without taking it (manual capture). Card authorisations lapse after about
    /// seven days: see <see cref="AuthorisationLifetime"/> for when to capture or renew.
    /// </summary>
    Task<Result<CardPayment>> AuthoriseAsync(AuthoriseRequest request, CancellationToken cancellationToken);

    /// <summary>Reads an authorisation again, e.g. to check its status or age before capturing.</summary>
    Task<Result<CardPayment>> GetPaymentAsync(string paymentId, CancellationToken cancellationToken);

    /// <summary>Takes up to the authorised amount; whatever is not captured is released.</summary>
    Task<Result<CardPayment>> CaptureAsync(CaptureRequest request, CancellationToken cancellationToken);

    /// <summary>Gives the whole reservation back without taking anything.</summary>
    Task<Result<CardPayment>> ReleaseAsync(ReleaseRequest request, CancellationToken cancellationToken);

    /// <summary>Raises an uncaptured authorisation to a new total, where the card network allows it.</summary>
    Task<Result<CardPayment>> IncrementAuthorisationAsync(IncrementAuthorisationRequest request, CancellationToken cancellationToken);

    /// <summary>Takes an amount at once from a saved card.</summary>
    Task<Result<CardPayment>> ChargeAsync(ChargeRequest request, CancellationToken cancellationToken);

    /// <summary>Gives back all (no amount) or part of a captured payment.</summary>
    Task<Result<PaymentRefund>> RefundAsync(RefundRequest request, CancellationToken cancellationToken);

    /// <summary>Creates the account an expert is paid into; only in <see cref="Domain.Payments.PayoutCountries"/>.</summary>
    Task<Result<ConnectedAccount>> CreateConnectedAccountAsync(CreateConnectedAccountRequest request, CancellationToken cancellationToken);

    /// <summary>A short-lived, single-use link to the provider's hosted onboarding for a connected account.</summary>
    Task<Result<OnboardingLink>> CreateOnboardingLinkAsync(OnboardingLinkRequest request, CancellationToken cancellationToken);

    Task<Result<PayoutReadiness>> GetPayoutReadinessAsync(string connectedAccountId, CancellationToken cancellationToken);

    /// <summary>Moves platform funds to a connected account; payments and transfers are tied by a transfer group.</summary>
    Task<Result<PaymentTransfer>> TransferAsync(TransferRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Takes all (no amount) or part of a transfer back. Fails with a conflict when the connected account has already
    /// paid the money out and its balance is short.
    /// </summary>
    Task<Result<TransferReversal>> ReverseTransferAsync(ReverseTransferRequest request, CancellationToken cancellationToken);
}

public sealed record EnsureCustomerRequest(
    UserId User,
    string? Email,
    string? Name,
    string? ExistingCustomerId,
    string IdempotencyKey);

public sealed record PaymentCustomer(string CustomerId, bool Created);

public sealed record CardSetupRequest(string CustomerId, string IdempotencyKey, string? PaymentMethodId = null);

/// <summary><see cref="ClientSecret"/> goes to the customer's browser only, never into logs. <see cref="PaymentMethodId"/> is set once confirmed.</summary>
public sealed record CardSetup(string SetupId, string ClientSecret, string Status, string? PaymentMethodId = null)
{
    public bool Succeeded => Status == "succeeded";
}

/// <param name="OffSession">True when the customer is not present (a renewal or a timer); the card must have been saved for that.</param>
/// <param name="TransferGroup">Ties this payment to the transfers that pay the expert, e.g. the session id.</param>
/// <param name="Description">Shown in the provider's dashboard; never put contact details or secrets here.</param>
public sealed record AuthoriseRequest(
    string CustomerId,
    string PaymentMethodId,
    Money Amount,
    string IdempotencyKey,
    bool OffSession = false,
    string? TransferGroup = null,
    string? Description = null,
    IReadOnlyDictionary<string, string>? Metadata = null);

public sealed record ChargeRequest(
    string CustomerId,
    string PaymentMethodId,
    Money Amount,
    string IdempotencyKey,
    bool OffSession = false,
    string? TransferGroup = null,
    string? Description = null,
    IReadOnlyDictionary<string, string>? Metadata = null);

/// <param name="Amount">Null captures everything still capturable.</param>
public sealed record CaptureRequest(string PaymentId, Money? Amount, string IdempotencyKey);

public sealed record ReleaseRequest(string PaymentId, string IdempotencyKey);

/// <param name="NewTotal">The new authorised total, not the difference.</param>
public sealed record IncrementAuthorisationRequest(string PaymentId, Money NewTotal, string IdempotencyKey);

public enum PaymentStatus
{
    RequiresPaymentMethod,
    RequiresConfirmation,
    RequiresAction,
    Processing,
    RequiresCapture,
    Canceled,
    Succeeded,
}

/// <summary>
/// A payment as the provider sees it. <see cref="CreatedAt"/> is when the authorisation was made: the clock for
/// <see cref="AuthorisationLifetime"/>. <see cref="ClientSecret"/> is set when the customer must act (3-D Secure).
/// </summary>
public sealed record CardPayment(
    string PaymentId,
    PaymentStatus Status,
    Money Amount,
    Money Capturable,
    Money Received,
    DateTimeOffset CreatedAt,
    string? ChargeId,
    string? TransferGroup,
    string? ClientSecret);

public enum RefundReason
{
    RequestedByCustomer,
    Duplicate,
    Fraudulent,
}

/// <param name="Amount">Null refunds whatever has not been refunded yet.</param>
public sealed record RefundRequest(string PaymentId, Money? Amount, string IdempotencyKey, RefundReason Reason = RefundReason.RequestedByCustomer);

public sealed record PaymentRefund(string RefundId, Money Amount, string Status);

/// <param name="Country">ISO 3166-1 alpha-2; must be in <see cref="Domain.Payments.PayoutCountries"/>.</param>
public sealed record CreateConnectedAccountRequest(ExpertId Expert, string Country, string? Email, string IdempotencyKey);

public sealed record ConnectedAccount(string AccountId, string Country, PayoutReadiness Readiness);

public sealed record OnboardingLinkRequest(string ConnectedAccountId, Uri RefreshUrl, Uri ReturnUrl, string IdempotencyKey);

public sealed record OnboardingLink(Uri Url, DateTimeOffset ExpiresAt);

public sealed record PayoutReadiness(string AccountId, bool ChargesEnabled, bool PayoutsEnabled, bool DetailsSubmitted)
{
    /// <summary>An expert can be paid once the provider has their details and lets money out.</summary>
    public bool CanReceivePayouts => DetailsSubmitted && PayoutsEnabled;
}

/// <param name="SourceChargeId">When set, the transfer waits for that charge's funds instead of needing an available platform balance.</param>
public sealed record TransferRequest(
    string ConnectedAccountId,
    Money Amount,
    string TransferGroup,
    string IdempotencyKey,
    string? SourceChargeId = null,
    string? Description = null,
    IReadOnlyDictionary<string, string>? Metadata = null);

public sealed record PaymentTransfer(string TransferId, string ConnectedAccountId, Money Amount, Money Reversed, string? TransferGroup);

/// <param name="Amount">Null reverses what has not been reversed yet.</param>
public sealed record ReverseTransferRequest(string TransferId, Money? Amount, string IdempotencyKey);

public sealed record TransferReversal(string ReversalId, string TransferId, Money Amount);
