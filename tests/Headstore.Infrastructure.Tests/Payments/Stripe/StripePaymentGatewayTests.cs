using System.Text.Json.Nodes;
using Headstore.Application.Payments;
using Headstore.Domain.Common;
using Headstore.Infrastructure.Payments.Stripe;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Headstore.Infrastructure.Tests.Payments.Stripe;

/// <summary>
/// Every gateway operation against a local server that holds each request to Stripe's published description.
/// Each test ends with <see cref="AssertConformsToStripe"/>: no request or response may depart from the description.
/// </summary>
public sealed class StripePaymentGatewayTests : IAsyncLifetime
{
    private static readonly Money FiftyDollars = new(5000, Currency.USD);

    private FakeStripeServer server = null!;
    private StripePaymentGateway gateway = null!;
    private HttpClient httpClient = null!;

    public async Task InitializeAsync()
    {
        server = await FakeStripeServer.StartAsync();
        httpClient = new HttpClient();
        gateway = CreateGateway(server.BaseUrl, httpClient);
    }

    public async Task DisposeAsync()
    {
        httpClient.Dispose();
        await server.DisposeAsync();
    }

    internal static StripePaymentGateway CreateGateway(Uri baseUrl, HttpClient httpClient, int maxRetries = 2)
    {
        var options = Options.Create(new StripeOptions
        {
            SecretKey = "sk_test_contract",
            WebhookSecret = "whsec_test",
            BaseUrl = baseUrl,
            MaxRetries = maxRetries,
            RetryDelay = TimeSpan.FromMilliseconds(1),
        });
        var client = new StripeClient(httpClient, options, TimeProvider.System, NullLogger<StripeClient>.Instance);
        return new StripePaymentGateway(client, options);
    }

    [Fact]
    public async Task EnsureCustomer_WithoutExistingCustomer_CreatesOneTaggedWithTheUser()
    {
        var result = await gateway.EnsureCustomerAsync(
            new EnsureCustomerRequest(new UserId("u_1"), "ann@example.com", "Ann", null, "customer:u_1"), default);

        Assert.Equal(new PaymentCustomer("cus_new", Created: true), result.Value);
        var request = Assert.Single(server.RequestsTo("PostCustomers"));
        Assert.Equal("u_1", request.FormValue("metadata[user_id]"));
        Assert.Equal("ann@example.com", request.FormValue("email"));
        Assert.Equal("customer:u_1", request.Header("Idempotency-Key"));
        AssertConformsToStripe();
    }

    [Fact]
    public async Task EnsureCustomer_WhenCustomerExists_ReturnsItWithoutCreating()
    {
        var result = await gateway.EnsureCustomerAsync(
            new EnsureCustomerRequest(new UserId("u_1"), null, null, "cus_existing", "customer:u_1"), default);

        Assert.Equal(new PaymentCustomer("cus_existing", Created: false), result.Value);
        Assert.Empty(server.RequestsTo("PostCustomers"));
        AssertConformsToStripe();
    }

    [Fact]
    public async Task EnsureCustomer_WhenExistingCustomerIsGone_CreatesANewOne()
    {
        server.Enqueue("GetCustomersCustomer", StubResponse.Error(404, "invalid_request_error", "resource_missing", param: "id"));

        var result = await gateway.EnsureCustomerAsync(
            new EnsureCustomerRequest(new UserId("u_1"), null, null, "cus_gone", "customer:u_1"), default);

        Assert.Equal(new PaymentCustomer("cus_new", Created: true), result.Value);
        AssertConformsToStripe();
    }

    [Fact]
    public async Task CreateCardSetup_ReturnsTheClientSecretForTheBrowser()
    {
        var result = await gateway.CreateCardSetupAsync(new CardSetupRequest("cus_1", "setup:u_1:1"), default);

        Assert.Equal(new CardSetup("seti_1", "seti_1_secret_abc", "requires_payment_method"), result.Value);
        var request = Assert.Single(server.RequestsTo("PostSetupIntents"));
        Assert.Equal("off_session", request.FormValue("usage"));
        Assert.Equal("card", request.FormValue("payment_method_types[]"));
        AssertConformsToStripe();
    }

    [Fact]
    public async Task CreateCardSetup_WithAPaymentMethod_ConfirmsItAtOnce_SoTheCardIsVerifiedUpFront()
    {
        server.Enqueue("PostSetupIntents", new StubResponse(200, new JsonObject { ["status"] = "succeeded", ["payment_method"] = "pm_card_visa" }));
        var result = await gateway.CreateCardSetupAsync(new CardSetupRequest("cus_1", "card-setup:u_1:pm_card_visa", "pm_card_visa"), default);

        Assert.True(result.Value.Succeeded);
        Assert.Equal("pm_card_visa", result.Value.PaymentMethodId);
        var request = Assert.Single(server.RequestsTo("PostSetupIntents"));
        Assert.Equal("pm_card_visa", request.FormValue("payment_method"));
        Assert.Equal("true", request.FormValue("confirm"));
        AssertConformsToStripe();
    }

    [Fact]
    public async Task Authorise_ConfirmsAManualCaptureIntent_AndReportsWhenItWasMade()
    {
        var result = await gateway.AuthoriseAsync(
            new AuthoriseRequest("cus_1", "pm_1", FiftyDollars, "authorise:s_1", TransferGroup: "s_1",
                Metadata: new Dictionary<string, string> { ["session_id"] = "s_1" }),
            default);

        var payment = result.Value;
        Assert.Equal(PaymentStatus.RequiresCapture, payment.Status);
        Assert.Equal(FiftyDollars, payment.Capturable);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(server.Now), payment.CreatedAt);
        Assert.Equal("s_1", payment.TransferGroup);
        Assert.Null(payment.ClientSecret);
        var request = Assert.Single(server.RequestsTo("PostPaymentIntents"));
        Assert.Equal("manual", request.FormValue("capture_method"));
        Assert.Equal("true", request.FormValue("confirm"));
        Assert.Equal("5000", request.FormValue("amount"));
        Assert.Equal("usd", request.FormValue("currency"));
        Assert.Equal("s_1", request.FormValue("metadata[session_id]"));
        Assert.False(request.HasForm("off_session"));
        AssertConformsToStripe();
    }

    [Fact]
    public async Task Authorise_OffSession_SaysSoSoStripeDeclinesInsteadOfWaitingFor3DSecure()
    {
        await gateway.AuthoriseAsync(new AuthoriseRequest("cus_1", "pm_1", FiftyDollars, "authorise:s_1:renewal:1", OffSession: true), default);

        Assert.Equal("true", Assert.Single(server.RequestsTo("PostPaymentIntents")).FormValue("off_session"));
        AssertConformsToStripe();
    }

    [Fact]
    public async Task Authorise_WhenCustomerMustAuthenticate_HandsOutTheClientSecret()
    {
        server.Enqueue("PostPaymentIntents", new StubResponse(200, new JsonObject { ["status"] = "requires_action" }));

        var result = await gateway.AuthoriseAsync(new AuthoriseRequest("cus_1", "pm_1", FiftyDollars, "authorise:s_1"), default);

        Assert.Equal(PaymentStatus.RequiresAction, result.Value.Status);
        Assert.Equal("pi_1_secret_abc", result.Value.ClientSecret);
        AssertConformsToStripe();
    }

    [Fact]
    public async Task Authorise_WhenCardIsDeclined_IsPaymentRequiredWithTheDeclineReason()
    {
        server.Enqueue("PostPaymentIntents", StubResponse.Error(
            402, "card_error", "card_declined", "insufficient_funds", "Your card has insufficient funds.", "payment_method"));

        var result = await gateway.AuthoriseAsync(new AuthoriseRequest("cus_1", "pm_1", FiftyDollars, "authorise:s_1"), default);

        Assert.Equal(ErrorKind.PaymentRequired, result.Error!.Kind);
        Assert.Equal("insufficient-funds", result.Error.Code);
        Assert.Contains("insufficient funds", result.Error.Detail, StringComparison.Ordinal);
        Assert.Contains("insufficient_funds", result.Error.Detail, StringComparison.Ordinal);
        Assert.Single(server.RequestsTo("PostPaymentIntents"));
        AssertConformsToStripe();
    }

    [Fact]
    public async Task Authorise_WhenDeclinedWithoutReason_IsCardDeclined()
    {
        server.Enqueue("PostPaymentIntents", StubResponse.Error(402, "card_error", "card_declined", message: "Your card was declined."));

        var result = await gateway.AuthoriseAsync(new AuthoriseRequest("cus_1", "pm_1", FiftyDollars, "authorise:s_1"), default);

        Assert.Equal((ErrorKind.PaymentRequired, "card-declined"), (result.Error!.Kind, result.Error.Code));
        AssertConformsToStripe();
    }

    [Fact]
    public async Task Authorise_NonPositiveAmount_IsRejectedWithoutCallingStripe()
    {
        var result = await gateway.AuthoriseAsync(new AuthoriseRequest("cus_1", "pm_1", new Money(0, Currency.USD), "authorise:s_1"), default);

        Assert.Equal(ErrorKind.Validation, result.Error!.Kind);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task GetPayment_ReadsTheAuthorisation_SoTheApplicationCanRenewItInTime()
    {
        server.Overlay("GetPaymentIntentsIntent", new JsonObject { ["created"] = server.Now - (long)TimeSpan.FromDays(6.5).TotalSeconds });

        var result = await gateway.GetPaymentAsync("pi_old", default);

        var payment = result.Value;
        Assert.Equal("pi_old", payment.PaymentId);
        Assert.Equal(PaymentStatus.RequiresCapture, payment.Status);
        Assert.True(AuthorisationLifetime.MustCaptureOrRenew(payment, DateTimeOffset.FromUnixTimeSeconds(server.Now)));
        Assert.False(AuthorisationLifetime.MustCaptureOrRenew(payment, payment.CreatedAt.AddDays(5)));
        AssertConformsToStripe();
    }

    [Fact]
    public async Task Capture_ForLessThanAuthorised_SendsTheAmountToCapture()
    {
        var result = await gateway.CaptureAsync(new CaptureRequest("pi_1", new Money(3000, Currency.USD), "capture:s_1"), default);

        Assert.Equal(PaymentStatus.Succeeded, result.Value.Status);
        Assert.Equal(new Money(3000, Currency.USD), result.Value.Received);
        Assert.Equal("ch_1", result.Value.ChargeId);
        Assert.Equal("3000", Assert.Single(server.RequestsTo("PostPaymentIntentsIntentCapture")).FormValue("amount_to_capture"));
        AssertConformsToStripe();
    }

    [Fact]
    public async Task Capture_WithoutAmount_TakesEverythingCapturable()
    {
        var result = await gateway.CaptureAsync(new CaptureRequest("pi_1", null, "capture:s_1"), default);

        Assert.Equal(FiftyDollars, result.Value.Received);
        Assert.False(Assert.Single(server.RequestsTo("PostPaymentIntentsIntentCapture")).HasForm("amount_to_capture"));
        AssertConformsToStripe();
    }

    [Fact]
    public async Task Capture_AfterTheAuthorisationLapsed_IsAConflict()
    {
        server.Enqueue("PostPaymentIntentsIntentCapture", StubResponse.Error(400, "invalid_request_error", "charge_expired_for_capture"));

        var result = await gateway.CaptureAsync(new CaptureRequest("pi_1", null, "capture:s_1"), default);

        Assert.Equal((ErrorKind.Conflict, "charge-expired-for-capture"), (result.Error!.Kind, result.Error.Code));
        AssertConformsToStripe();
    }

    [Fact]
    public async Task Release_CancelsTheIntent()
    {
        var result = await gateway.ReleaseAsync(new ReleaseRequest("pi_1", "release:s_1"), default);

        Assert.Equal(PaymentStatus.Canceled, result.Value.Status);
        Assert.Equal("abandoned", Assert.Single(server.RequestsTo("PostPaymentIntentsIntentCancel")).FormValue("cancellation_reason"));
        AssertConformsToStripe();
    }

    [Fact]
    public async Task IncrementAuthorisation_SendsTheNewTotal()
    {
        var result = await gateway.IncrementAuthorisationAsync(
            new IncrementAuthorisationRequest("pi_1", new Money(8000, Currency.USD), "increment:s_1:8000"), default);

        Assert.Equal(new Money(8000, Currency.USD), result.Value.Capturable);
        Assert.Equal("8000", Assert.Single(server.RequestsTo("PostPaymentIntentsIntentIncrementAuthorization")).FormValue("amount"));
        AssertConformsToStripe();
    }

    [Fact]
    public async Task Charge_CapturesAtOnce()
    {
        var result = await gateway.ChargeAsync(new ChargeRequest("cus_1", "pm_1", new Money(1999, Currency.EUR), "charge:q_1"), default);

        Assert.Equal(PaymentStatus.Succeeded, result.Value.Status);
        Assert.Equal(new Money(1999, Currency.EUR), result.Value.Received);
        var request = Assert.Single(server.RequestsTo("PostPaymentIntents"));
        Assert.Equal("automatic", request.FormValue("capture_method"));
        Assert.Equal("eur", request.FormValue("currency"));
        AssertConformsToStripe();
    }

    [Fact]
    public async Task Refund_Partly_SendsAmountAndReason()
    {
        var result = await gateway.RefundAsync(new RefundRequest("pi_1", new Money(1500, Currency.USD), "refund:s_1:1"), default);

        Assert.Equal(new PaymentRefund("re_1", new Money(1500, Currency.USD), "succeeded"), result.Value);
        var request = Assert.Single(server.RequestsTo("PostRefunds"));
        Assert.Equal("pi_1", request.FormValue("payment_intent"));
        Assert.Equal("requested_by_customer", request.FormValue("reason"));
        AssertConformsToStripe();
    }

    [Fact]
    public async Task Refund_Fully_SendsNoAmount()
    {
        var result = await gateway.RefundAsync(new RefundRequest("pi_1", null, "refund:s_1:all", RefundReason.Duplicate), default);

        Assert.True(result.IsSuccess);
        var request = Assert.Single(server.RequestsTo("PostRefunds"));
        Assert.False(request.HasForm("amount"));
        Assert.Equal("duplicate", request.FormValue("reason"));
        AssertConformsToStripe();
    }

    [Fact]
    public async Task CreateConnectedAccount_AbroadFromThePlatform_RequestsExpressTransfersUnderTheRecipientAgreement()
    {
        var result = await gateway.CreateConnectedAccountAsync(
            new CreateConnectedAccountRequest(new ExpertId("u_9"), "de", "expert@example.com", "connect:u_9"), default);

        Assert.Equal(new ConnectedAccount("acct_1", "DE", new PayoutReadiness("acct_1", false, false, false)), result.Value);
        var request = Assert.Single(server.RequestsTo("PostAccounts"));
        Assert.Equal("express", request.FormValue("type"));
        Assert.Equal("DE", request.FormValue("country"));
        Assert.Equal("true", request.FormValue("capabilities[transfers][requested]"));
        Assert.Equal("recipient", request.FormValue("tos_acceptance[service_agreement]"));
        Assert.Equal("u_9", request.FormValue("metadata[expert_id]"));
        AssertConformsToStripe();
    }

    [Fact]
    public async Task CreateConnectedAccount_InThePlatformCountry_UsesTheFullAgreement()
    {
        await gateway.CreateConnectedAccountAsync(new CreateConnectedAccountRequest(new ExpertId("u_9"), "US", null, "connect:u_9"), default);

        Assert.False(Assert.Single(server.RequestsTo("PostAccounts")).HasForm("tos_acceptance[service_agreement]"));
        AssertConformsToStripe();
    }

    [Theory]
    [InlineData("IN")]
    [InlineData("ZA")]
    [InlineData("")]
    public async Task CreateConnectedAccount_OutsideThePayoutCountries_IsAValidationErrorWithoutCallingStripe(string country)
    {
        var result = await gateway.CreateConnectedAccountAsync(new CreateConnectedAccountRequest(new ExpertId("u_9"), country, null, "connect:u_9"), default);

        Assert.Equal(ErrorKind.Validation, result.Error!.Kind);
        Assert.Contains("country", result.Error.FieldErrors!.Keys);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task CreateOnboardingLink_ReturnsTheHostedUrlAndItsExpiry()
    {
        var result = await gateway.CreateOnboardingLinkAsync(
            new OnboardingLinkRequest("acct_1", new Uri("https://app.example/onboarding/retry"), new Uri("https://app.example/onboarding/done"), "onboard:u_9:1"),
            default);

        Assert.Equal(new Uri("https://connect.stripe.com/setup/e/acct_1/abc"), result.Value.Url);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(server.Now + 300), result.Value.ExpiresAt);
        var request = Assert.Single(server.RequestsTo("PostAccountLinks"));
        Assert.Equal("account_onboarding", request.FormValue("type"));
        Assert.Equal("https://app.example/onboarding/done", request.FormValue("return_url"));
        AssertConformsToStripe();
    }

    [Fact]
    public async Task GetPayoutReadiness_ReadsTheAccountFlags()
    {
        server.Overlay("GetAccountsAccount", new JsonObject { ["charges_enabled"] = true, ["payouts_enabled"] = true, ["details_submitted"] = true });

        var result = await gateway.GetPayoutReadinessAsync("acct_7", default);

        Assert.Equal(new PayoutReadiness("acct_7", true, true, true), result.Value);
        Assert.True(result.Value.CanReceivePayouts);
        AssertConformsToStripe();
    }

    [Fact]
    public async Task Transfer_SendsDestinationAndTransferGroup()
    {
        var result = await gateway.TransferAsync(
            new TransferRequest("acct_1", new Money(4000, Currency.USD), "s_1", "payout:u_9:2026-W47", SourceChargeId: "ch_1"), default);

        Assert.Equal(new PaymentTransfer("tr_1", "acct_1", new Money(4000, Currency.USD), Money.Zero(Currency.USD), "s_1"), result.Value);
        var request = Assert.Single(server.RequestsTo("PostTransfers"));
        Assert.Equal("acct_1", request.FormValue("destination"));
        Assert.Equal("s_1", request.FormValue("transfer_group"));
        Assert.Equal("ch_1", request.FormValue("source_transaction"));
        Assert.Equal("payout:u_9:2026-W47", request.Header("Idempotency-Key"));
        AssertConformsToStripe();
    }

    [Fact]
    public async Task ReverseTransfer_Partly_SendsTheAmount()
    {
        var result = await gateway.ReverseTransferAsync(new ReverseTransferRequest("tr_1", new Money(1000, Currency.USD), "reverse:tr_1:1"), default);

        Assert.Equal(new TransferReversal("trr_1", "tr_1", new Money(1000, Currency.USD)), result.Value);
        Assert.Equal("1000", Assert.Single(server.RequestsTo("PostTransfersIdReversals")).FormValue("amount"));
        AssertConformsToStripe();
    }

    [Fact]
    public async Task ReverseTransfer_WhenTheExpertWasAlreadyPaidOut_IsAConflict()
    {
        server.Enqueue("PostTransfersIdReversals", StubResponse.Error(400, "invalid_request_error", "balance_insufficient", message: "Insufficient funds in the connected account."));

        var result = await gateway.ReverseTransferAsync(new ReverseTransferRequest("tr_1", null, "reverse:tr_1:all"), default);

        Assert.Equal((ErrorKind.Conflict, "balance-insufficient"), (result.Error!.Kind, result.Error.Code));
        AssertConformsToStripe();
    }

    [Fact]
    public async Task ServerError_ThenSuccess_IsRetriedWithTheSameIdempotencyKey()
    {
        server.Enqueue("PostPaymentIntents", StubResponse.Error(500, "api_error", message: "Something went wrong."));

        var result = await gateway.AuthoriseAsync(new AuthoriseRequest("cus_1", "pm_1", FiftyDollars, "authorise:s_1"), default);

        Assert.True(result.IsSuccess);
        var attempts = server.RequestsTo("PostPaymentIntents");
        Assert.Equal(2, attempts.Count);
        Assert.All(attempts, attempt => Assert.Equal("authorise:s_1", attempt.Header("Idempotency-Key")));
        Assert.Equal(attempts[0].Form, attempts[1].Form);
        AssertConformsToStripe();
    }

    [Fact]
    public async Task RateLimited_Get_IsRetried()
    {
        server.Enqueue("GetAccountsAccount", StubResponse.Error(429, "invalid_request_error", "rate_limit", message: "Too many requests."));

        var result = await gateway.GetPayoutReadinessAsync("acct_7", default);

        Assert.True(result.IsSuccess);
        Assert.Equal(2, server.RequestsTo("GetAccountsAccount").Count);
        AssertConformsToStripe();
    }

    [Fact]
    public async Task BadRequest_IsNotRetried_AndNamesTheField()
    {
        server.Enqueue("PostTransfers", StubResponse.Error(400, "invalid_request_error", "parameter_invalid_integer", message: "Invalid integer.", param: "amount"));

        var result = await gateway.TransferAsync(new TransferRequest("acct_1", new Money(4000, Currency.USD), "s_1", "payout:u_9:w"), default);

        Assert.Equal(ErrorKind.Validation, result.Error!.Kind);
        Assert.Contains("amount", result.Error.FieldErrors!.Keys);
        Assert.Single(server.RequestsTo("PostTransfers"));
        AssertConformsToStripe();
    }

    [Fact]
    public async Task ShouldRetryFalse_StopsARetryOfAServerError()
    {
        server.Enqueue("PostRefunds", StubResponse.Error(500, "api_error", message: "Broken.") with
        {
            Headers = new Dictionary<string, string> { ["Stripe-Should-Retry"] = "false" },
        });

        var result = await gateway.RefundAsync(new RefundRequest("pi_1", null, "refund:s_1"), default);

        Assert.Equal(ErrorKind.Unavailable, result.Error!.Kind);
        Assert.Single(server.RequestsTo("PostRefunds"));
    }

    [Fact]
    public async Task PersistentServerErrors_GiveUpAfterTheRetriesAsUnavailable()
    {
        for (var i = 0; i < 3; i++)
        {
            server.Enqueue("PostRefunds", StubResponse.Error(503, "api_error", message: "Down."));
        }

        var result = await gateway.RefundAsync(new RefundRequest("pi_1", null, "refund:s_1"), default);

        Assert.Equal((ErrorKind.Unavailable, "payment-provider-unavailable"), (result.Error!.Kind, result.Error.Code));
        Assert.Equal(3, server.RequestsTo("PostRefunds").Count);
    }

    [Fact]
    public async Task IdempotencyKeyReusedWithOtherParameters_IsAConflict()
    {
        server.Enqueue("PostRefunds", StubResponse.Error(400, "idempotency_error", message: "Keys for idempotent requests can only be used with the same parameters."));

        var result = await gateway.RefundAsync(new RefundRequest("pi_1", null, "refund:s_1"), default);

        Assert.Equal((ErrorKind.Conflict, "idempotency-key-reused"), (result.Error!.Kind, result.Error.Code));
        Assert.Single(server.RequestsTo("PostRefunds"));
    }

    [Fact]
    public async Task MissingIdempotencyKey_IsRejectedBeforeSending()
    {
        var result = await gateway.RefundAsync(new RefundRequest("pi_1", null, " "), default);

        Assert.Equal(ErrorKind.Validation, result.Error!.Kind);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task UnreachableStripe_IsUnavailableAfterRetries()
    {
        // A port that was just free: nothing listens there, so every attempt is refused.
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var client = new HttpClient();
        var unreachable = CreateGateway(new Uri($"http://127.0.0.1:{port}"), client);

        var result = await unreachable.GetPayoutReadinessAsync("acct_1", default);

        Assert.Equal((ErrorKind.Unavailable, "payment-provider-unreachable"), (result.Error!.Kind, result.Error.Code));
    }

    private void AssertConformsToStripe()
    {
        Assert.NotEmpty(server.Requests);
        Assert.Empty(server.Violations);
    }
}
