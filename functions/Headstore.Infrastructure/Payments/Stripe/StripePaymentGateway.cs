using Headstore.Application.Payments;
using Headstore.Domain.Common;
using Headstore.Domain.Payments;
using Microsoft.Extensions.Options;

namespace Headstore.Infrastructure.Payments.Stripe;

/// <summary>
/// <see cref="IPaymentGateway"/> over Stripe: PaymentIntents with manual capture for bookings, SetupIntents for
/// saved cards, and Express connected accounts paid with separate transfers tied to payments by a transfer group.
/// </summary>
public sealed class StripePaymentGateway(StripeClient stripe, IOptions<StripeOptions> options) : IPaymentGateway
{
    public async Task<Result<PaymentCustomer>> EnsureCustomerAsync(EnsureCustomerRequest request, CancellationToken cancellationToken)
    {
        if (request.ExistingCustomerId is { Length: > 0 } existingId)
        {
            var existing = await stripe.GetAsync<StripeCustomer>($"/v1/customers/{Escape(existingId)}", null, cancellationToken);
            if (existing.IsSuccess && existing.Value.Deleted != true)
            {
                return new PaymentCustomer(existing.Value.Id, Created: false);
            }

            // A customer deleted in the dashboard (or one from the other mode) is replaced; anything else is an outage.
            if (!existing.IsSuccess && existing.Error!.Kind != ErrorKind.NotFound)
            {
                return existing.Error;
            }
        }

        var form = new StripeForm()
            .AddIfNotNull(request.Email, "email")
            .AddIfNotNull(request.Name, "name")
            .Add(request.User.Value, "metadata", "user_id");
        var created = await stripe.PostAsync<StripeCustomer>("/v1/customers", form, request.IdempotencyKey, cancellationToken);
        return created.Map(customer => new PaymentCustomer(customer.Id, Created: true));
    }

    public async Task<Result<CardSetup>> CreateCardSetupAsync(CardSetupRequest request, CancellationToken cancellationToken)
    {
        var form = new StripeForm()
            .Add(request.CustomerId, "customer")
            .Add("off_session", "usage")
            .AddList("payment_method_types", ["card"]);
        if (request.PaymentMethodId is { } paymentMethod)
        {
            // Confirming at once verifies the card now: a card that will not work is declined here, not at the first charge.
            form.Add(paymentMethod, "payment_method").Add(true, "confirm");
        }

        var setup = await stripe.PostAsync<StripeSetupIntent>("/v1/setup_intents", form, request.IdempotencyKey, cancellationToken);
        return setup.IsSuccess && setup.Value.ClientSecret is null
            ? throw new InvalidOperationException($"Stripe returned setup intent {setup.Value.Id} without a client secret.")
            : setup.Map(intent => new CardSetup(intent.Id, intent.ClientSecret!, intent.Status, StripeReference.IdOf(intent.PaymentMethod)));
    }

    public Task<Result<CardPayment>> AuthoriseAsync(AuthoriseRequest request, CancellationToken cancellationToken) =>
        CreatePaymentAsync(
            request.CustomerId, request.PaymentMethodId, request.Amount, request.IdempotencyKey, request.OffSession,
            request.TransferGroup, request.Description, request.Metadata, manualCapture: true, cancellationToken);

    public Task<Result<CardPayment>> ChargeAsync(ChargeRequest request, CancellationToken cancellationToken) =>
        CreatePaymentAsync(
            request.CustomerId, request.PaymentMethodId, request.Amount, request.IdempotencyKey, request.OffSession,
            request.TransferGroup, request.Description, request.Metadata, manualCapture: false, cancellationToken);

    public async Task<Result<CardPayment>> GetPaymentAsync(string paymentId, CancellationToken cancellationToken)
    {
        var intent = await stripe.GetAsync<StripePaymentIntent>($"/v1/payment_intents/{Escape(paymentId)}", null, cancellationToken);
        return intent.Map(ToCardPayment);
    }

    public async Task<Result<CardPayment>> CaptureAsync(CaptureRequest request, CancellationToken cancellationToken)
    {
        var form = new StripeForm();
        if (request.Amount is { } amount)
        {
            if (!amount.IsPositive)
            {
                return Error.Validation("amount", "A capture must be for a positive amount.");
            }

            form.Add(amount.Minor, "amount_to_capture");
        }

        var intent = await stripe.PostAsync<StripePaymentIntent>(
            $"/v1/payment_intents/{Escape(request.PaymentId)}/capture", form, request.IdempotencyKey, cancellationToken);
        return intent.Map(ToCardPayment);
    }

    public async Task<Result<CardPayment>> ReleaseAsync(ReleaseRequest request, CancellationToken cancellationToken)
    {
        var form = new StripeForm().Add("abandoned", "cancellation_reason");
        var intent = await stripe.PostAsync<StripePaymentIntent>(
            $"/v1/payment_intents/{Escape(request.PaymentId)}/cancel", form, request.IdempotencyKey, cancellationToken);
        return intent.Map(ToCardPayment);
    }

    public async Task<Result<CardPayment>> IncrementAuthorisationAsync(IncrementAuthorisationRequest request, CancellationToken cancellationToken)
    {
        if (!request.NewTotal.IsPositive)
        {
            return Error.Validation("newTotal", "The new total must be positive.");
        }

        var form = new StripeForm().Add(request.NewTotal.Minor, "amount");
        var intent = await stripe.PostAsync<StripePaymentIntent>(
            $"/v1/payment_intents/{Escape(request.PaymentId)}/increment_authorization", form, request.IdempotencyKey, cancellationToken);
        return intent.Map(ToCardPayment);
    }

    public async Task<Result<PaymentRefund>> RefundAsync(RefundRequest request, CancellationToken cancellationToken)
    {
        var form = new StripeForm().Add(request.PaymentId, "payment_intent");
        if (request.Amount is { } amount)
        {
            if (!amount.IsPositive)
            {
                return Error.Validation("amount", "A refund must be for a positive amount.");
            }

            form.Add(amount.Minor, "amount");
        }

        form.Add(
            request.Reason switch
            {
                RefundReason.Duplicate => "duplicate",
                RefundReason.Fraudulent => "fraudulent",
                _ => "requested_by_customer",
            },
            "reason");
        var refund = await stripe.PostAsync<StripeRefund>("/v1/refunds", form, request.IdempotencyKey, cancellationToken);
        return refund.Map(value => new PaymentRefund(value.Id, ToMoney(value.Amount, value.Currency), value.Status ?? "pending"));
    }

    public async Task<Result<ConnectedAccount>> CreateConnectedAccountAsync(CreateConnectedAccountRequest request, CancellationToken cancellationToken)
    {
        var country = PayoutCountries.Normalize(request.Country);
        if (country is null)
        {
            return Error.Validation("country", $"Payouts are available in {string.Join(", ", PayoutCountries.All)}.");
        }

        var form = new StripeForm()
            .Add("express", "type")
            .Add(country, "country")
            .AddIfNotNull(request.Email, "email")
            .Add(true, "capabilities", "transfers", "requested")
            .Add(request.Expert.Value, "metadata", "expert_id");
        if (!string.Equals(country, options.Value.PlatformCountry, StringComparison.OrdinalIgnoreCase))
        {
            // Experts abroad only receive transfers; Stripe allows that across borders under the recipient agreement.
            form.Add("recipient", "tos_acceptance", "service_agreement");
        }

        var account = await stripe.PostAsync<StripeAccount>("/v1/accounts", form, request.IdempotencyKey, cancellationToken);
        return account.Map(value => new ConnectedAccount(value.Id, value.Country?.ToUpperInvariant() ?? country, ToReadiness(value)));
    }

    public async Task<Result<OnboardingLink>> CreateOnboardingLinkAsync(OnboardingLinkRequest request, CancellationToken cancellationToken)
    {
        var form = new StripeForm()
            .Add(request.ConnectedAccountId, "account")
            .Add("account_onboarding", "type")
            .Add(request.RefreshUrl.AbsoluteUri, "refresh_url")
            .Add(request.ReturnUrl.AbsoluteUri, "return_url")
            .Add("eventually_due", "collect");
        var link = await stripe.PostAsync<StripeAccountLink>("/v1/account_links", form, request.IdempotencyKey, cancellationToken);
        return link.Map(value => new OnboardingLink(new Uri(value.Url), DateTimeOffset.FromUnixTimeSeconds(value.ExpiresAt)));
    }

    public async Task<Result<PayoutReadiness>> GetPayoutReadinessAsync(string connectedAccountId, CancellationToken cancellationToken)
    {
        var account = await stripe.GetAsync<StripeAccount>($"/v1/accounts/{Escape(connectedAccountId)}", null, cancellationToken);
        return account.Map(ToReadiness);
    }

    public async Task<Result<PaymentTransfer>> TransferAsync(TransferRequest request, CancellationToken cancellationToken)
    {
        if (!request.Amount.IsPositive)
        {
            return Error.Validation("amount", "A transfer must be for a positive amount.");
        }

        var form = new StripeForm()
            .Add(request.Amount.Minor, "amount")
            .Add(CurrencyCode(request.Amount), "currency")
            .Add(request.ConnectedAccountId, "destination")
            .Add(request.TransferGroup, "transfer_group")
            .AddIfNotNull(request.SourceChargeId, "source_transaction")
            .AddIfNotNull(request.Description, "description")
            .AddMetadata(request.Metadata);
        var transfer = await stripe.PostAsync<StripeTransfer>("/v1/transfers", form, request.IdempotencyKey, cancellationToken);
        return transfer.Map(value => new PaymentTransfer(
            value.Id,
            StripeReference.IdOf(value.Destination) ?? request.ConnectedAccountId,
            ToMoney(value.Amount, value.Currency),
            ToMoney(value.AmountReversed, value.Currency),
            value.TransferGroup));
    }

    public async Task<Result<TransferReversal>> ReverseTransferAsync(ReverseTransferRequest request, CancellationToken cancellationToken)
    {
        var form = new StripeForm();
        if (request.Amount is { } amount)
        {
            if (!amount.IsPositive)
            {
                return Error.Validation("amount", "A reversal must be for a positive amount.");
            }

            form.Add(amount.Minor, "amount");
        }

        var reversal = await stripe.PostAsync<StripeTransferReversal>(
            $"/v1/transfers/{Escape(request.TransferId)}/reversals", form, request.IdempotencyKey, cancellationToken);
        return reversal.Map(value => new TransferReversal(
            value.Id, StripeReference.IdOf(value.Transfer) ?? request.TransferId, ToMoney(value.Amount, value.Currency)));
    }

    private async Task<Result<CardPayment>> CreatePaymentAsync(
        string customerId,
        string paymentMethodId,
        Money amount,
        string idempotencyKey,
        bool offSession,
        string? transferGroup,
        string? description,
        IReadOnlyDictionary<string, string>? metadata,
        bool manualCapture,
        CancellationToken cancellationToken)
    {
        if (!amount.IsPositive)
        {
            return Error.Validation("amount", "A payment must be for a positive amount.");
        }

        var form = new StripeForm()
            .Add(amount.Minor, "amount")
            .Add(CurrencyCode(amount), "currency")
            .Add(customerId, "customer")
            .Add(paymentMethodId, "payment_method")
            .Add(manualCapture ? "manual" : "automatic", "capture_method")
            .Add(true, "confirm")
            .AddList("payment_method_types", ["card"])
            .AddIfNotNull(transferGroup, "transfer_group")
            .AddIfNotNull(description, "description")
            .AddMetadata(metadata);
        if (offSession)
        {
            // Off-session, a card that needs 3-D Secure is declined (authentication_required) instead of waiting
            // for a customer who is not there.
            form.Add(true, "off_session");
        }

        var intent = await stripe.PostAsync<StripePaymentIntent>("/v1/payment_intents", form, idempotencyKey, cancellationToken);
        return intent.Map(ToCardPayment);
    }

    private static CardPayment ToCardPayment(StripePaymentIntent intent)
    {
        var status = ToStatus(intent.Status);
        return new CardPayment(
            intent.Id,
            status,
            ToMoney(intent.Amount, intent.Currency),
            ToMoney(intent.AmountCapturable ?? 0, intent.Currency),
            ToMoney(intent.AmountReceived ?? 0, intent.Currency),
            DateTimeOffset.FromUnixTimeSeconds(intent.Created),
            StripeReference.IdOf(intent.LatestCharge),
            intent.TransferGroup,
            // The secret lets a browser complete 3-D Secure; hand it out only when that is what is needed.
            status == PaymentStatus.RequiresAction ? intent.ClientSecret : null);
    }

    private static PaymentStatus ToStatus(string status) => status switch
    {
        "requires_payment_method" => PaymentStatus.RequiresPaymentMethod,
        "requires_confirmation" => PaymentStatus.RequiresConfirmation,
        "requires_action" => PaymentStatus.RequiresAction,
        "processing" => PaymentStatus.Processing,
        "requires_capture" => PaymentStatus.RequiresCapture,
        "canceled" => PaymentStatus.Canceled,
        "succeeded" => PaymentStatus.Succeeded,
        _ => throw new InvalidOperationException($"Unknown payment intent status '{status}'."),
    };

    private static PayoutReadiness ToReadiness(StripeAccount account) =>
        new(account.Id, account.ChargesEnabled ?? false, account.PayoutsEnabled ?? false, account.DetailsSubmitted ?? false);

    // We only ever send currencies we support, so anything else coming back is a bug worth an exception.
    private static Money ToMoney(long minor, string currency) => new(minor, Currency.Parse(currency));

    private static string CurrencyCode(Money amount) => amount.Currency.Code.ToLowerInvariant();

    private static string Escape(string id) => Uri.EscapeDataString(id);
}
