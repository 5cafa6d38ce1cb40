using System.Text;
using System.Text.Json;
using Headstore.Application.Common;
using Headstore.Application.Payments;
using Headstore.Domain.Common;
using Headstore.Infrastructure.Payments.Sandbox;
using Headstore.Infrastructure.Persistence.Sqlite;
using Headstore.Infrastructure.Tests.Testing;

namespace Headstore.Infrastructure.Tests.Payments.Sandbox;

/// <summary>The local payment sandbox answers as Stripe does, keeps its state in SQLite, and raises Stripe-shaped events.</summary>
public sealed class SandboxPaymentGatewayTests : IAsyncLifetime
{
    private static readonly Money Fifty = new(5000, Currency.USD);
    private SqliteHost host = null!;
    private IPaymentGateway gateway = null!;
    private string customer = null!;

    public async Task InitializeAsync()
    {
        host = await SqliteHost.StartAsync();
        gateway = host.Get<IPaymentGateway>();
        customer = (await gateway.EnsureCustomerAsync(new EnsureCustomerRequest(new UserId("u1"), "u1@example.com", "U", null, "customer:u1"), default)).Value.CustomerId;
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        SqliteHost.Delete(host.Folder);
    }

    private Task<Result<CardPayment>> AuthoriseAsync(string card = "pm_card_visa", string key = "authorise:1", Money? amount = null) =>
        gateway.AuthoriseAsync(new AuthoriseRequest(customer, card, amount ?? Fifty, key), default);

    [Fact]
    public void WithoutAStripeKey_TheSandboxIsTheGateway() => Assert.IsType<SandboxPaymentGateway>(gateway);

    [Theory]
    [InlineData("pm_card_visa", true, null)]
    [InlineData("pm_card_mastercard", true, null)]
    [InlineData("pm_card_chargeCustomerFail", true, null)]
    [InlineData("pm_card_chargeDeclined", false, "generic-decline")]
    [InlineData("pm_card_chargeDeclinedInsufficientFunds", false, "insufficient-funds")]
    [InlineData("pm_card_chargeDeclinedExpiredCard", false, "expired-card")]
    public async Task SavingACard_VerifiesItAsStripeDoes(string card, bool saved, string? declineCode)
    {
        var setup = await gateway.CreateCardSetupAsync(new CardSetupRequest(customer, $"setup:{card}", card), default);
        Assert.Equal(saved, setup.IsSuccess);
        if (!saved)
        {
            Assert.Equal((ErrorKind.PaymentRequired, declineCode), (setup.Error!.Kind, setup.Error.Code));
        }
        else
        {
            Assert.Equal(card, setup.Value.PaymentMethodId);
        }
    }

    [Theory]
    [InlineData("pm_card_visa", null)]
    [InlineData("pm_card_chargeDeclined", "generic-decline")]
    [InlineData("pm_card_chargeDeclinedInsufficientFunds", "insufficient-funds")]
    [InlineData("pm_card_chargeDeclinedFraudulent", "fraudulent")]
    [InlineData("pm_card_chargeCustomerFail", "generic-decline")]
    public async Task Authorising_SucceedsDeclinesOrLacksFunds_ByTestCard(string card, string? declineCode)
    {
        var result = await AuthoriseAsync(card);
        if (declineCode is null)
        {
            Assert.Equal(PaymentStatus.RequiresCapture, result.Value.Status);
            Assert.Equal(Fifty, result.Value.Capturable);
        }
        else
        {
            Assert.Equal((ErrorKind.PaymentRequired, declineCode), (result.Error!.Kind, result.Error.Code));
            Assert.Contains("payment_intent.payment_failed", await RaisedTypesAsync());
        }
    }

    [Fact]
    public async Task AnUnknownPaymentMethod_IsABadRequestNamingTheParameter()
    {
        var result = await AuthoriseAsync("pm_card_madeup");
        Assert.Equal(ErrorKind.Validation, result.Error!.Kind);
        Assert.True(result.Error.FieldErrors!.ContainsKey("payment_method"));
    }

    [Fact]
    public async Task Capture_CanTakeLess_ThenNothingMore()
    {
        var authorised = (await AuthoriseAsync()).Value;
        var captured = await gateway.CaptureAsync(new CaptureRequest(authorised.PaymentId, new Money(3000, Currency.USD), "capture:1"), default);
        Assert.Equal((PaymentStatus.Succeeded, 3000L, 0L), (captured.Value.Status, captured.Value.Received.Minor, captured.Value.Capturable.Minor));

        var again = await gateway.CaptureAsync(new CaptureRequest(authorised.PaymentId, null, "capture:2"), default);
        Assert.Equal((ErrorKind.Conflict, "payment-intent-unexpected-state"), (again.Error!.Kind, again.Error.Code));
        var tooMuch = await gateway.CaptureAsync(new CaptureRequest((await AuthoriseAsync(key: "authorise:2")).Value.PaymentId, new Money(6000, Currency.USD), "capture:3"), default);
        Assert.Equal(ErrorKind.Validation, tooMuch.Error!.Kind);
    }

    [Fact]
    public async Task AnAuthorisation_LapsesAfterSevenDays_AsCardNetworksDo()
    {
        var authorised = (await AuthoriseAsync()).Value;
        host.Clock.Advance(TimeSpan.FromDays(7));
        var capture = await gateway.CaptureAsync(new CaptureRequest(authorised.PaymentId, null, "capture:late"), default);
        Assert.Equal((ErrorKind.Conflict, "charge-expired-for-capture"), (capture.Error!.Kind, capture.Error.Code));
        Assert.Equal(PaymentStatus.Canceled, (await gateway.GetPaymentAsync(authorised.PaymentId, default)).Value.Status);
        Assert.Contains("payment_intent.canceled", await RaisedTypesAsync());
    }

    [Fact]
    public async Task TheSandboxClock_LapsesAuthorisationsNobodyTouches()
    {
        var authorised = (await AuthoriseAsync()).Value;
        host.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        await host.Get<IEnumerable<IPeriodicJob>>().OfType<PaymentSandboxClock>().Single().RunAsync(default);
        Assert.Equal(PaymentStatus.Canceled, (await gateway.GetPaymentAsync(authorised.PaymentId, default)).Value.Status);
    }

    [Fact]
    public async Task Refunds_FullOrPartial_NeverMoreThanWasTaken()
    {
        var charged = (await gateway.ChargeAsync(new ChargeRequest(customer, "pm_card_visa", Fifty, "charge:1"), default)).Value;
        Assert.Equal(PaymentStatus.Succeeded, charged.Status);
        Assert.Equal(2000, (await gateway.RefundAsync(new RefundRequest(charged.PaymentId, new Money(2000, Currency.USD), "refund:1"), default)).Value.Amount.Minor);
        var over = await gateway.RefundAsync(new RefundRequest(charged.PaymentId, new Money(3001, Currency.USD), "refund:2"), default);
        Assert.Equal(ErrorKind.Validation, over.Error!.Kind);
        Assert.Equal(3000, (await gateway.RefundAsync(new RefundRequest(charged.PaymentId, null, "refund:3"), default)).Value.Amount.Minor);
        var nothingLeft = await gateway.RefundAsync(new RefundRequest(charged.PaymentId, null, "refund:4"), default);
        Assert.Equal((ErrorKind.Conflict, "charge-already-refunded"), (nothingLeft.Error!.Kind, nothingLeft.Error.Code));

        var uncaptured = (await AuthoriseAsync(key: "authorise:u")).Value;
        Assert.Equal(ErrorKind.Conflict, (await gateway.RefundAsync(new RefundRequest(uncaptured.PaymentId, null, "refund:5"), default)).Error!.Kind);
    }

    [Fact]
    public async Task IdempotencyKeys_ReplayTheSameAnswer_AndRefuseADifferentRequest()
    {
        var first = await AuthoriseAsync(key: "authorise:same");
        var second = await AuthoriseAsync(key: "authorise:same");
        Assert.Equal(first.Value.PaymentId, second.Value.PaymentId);
        var different = await AuthoriseAsync(key: "authorise:same", amount: new Money(5001, Currency.USD));
        Assert.Equal((ErrorKind.Conflict, "idempotency-key-reused"), (different.Error!.Kind, different.Error.Code));

        var declined = await AuthoriseAsync("pm_card_chargeDeclined", key: "authorise:declined");
        var declinedAgain = await AuthoriseAsync("pm_card_chargeDeclined", key: "authorise:declined");
        Assert.Equal(declined.Error, declinedAgain.Error);
    }

    [Fact]
    public async Task ConnectedAccounts_BecomePayoutReadyThroughOnboarding_AndTransfersCanBeReversedOnlyBeforeThePayout()
    {
        var unsupported = await gateway.CreateConnectedAccountAsync(new CreateConnectedAccountRequest(new ExpertId("e1"), "IN", null, "acct:in"), default);
        Assert.Equal(ErrorKind.Validation, unsupported.Error!.Kind);
        var account = (await gateway.CreateConnectedAccountAsync(new CreateConnectedAccountRequest(new ExpertId("e1"), "GB", null, "acct:e1"), default)).Value;
        Assert.False(account.Readiness.CanReceivePayouts);
        var early = await gateway.TransferAsync(new TransferRequest(account.AccountId, Fifty, "payouts-2026-W45", "transfer:0"), default);
        Assert.Equal((ErrorKind.Conflict, "transfers-not-allowed"), (early.Error!.Kind, early.Error.Code));

        var link = (await gateway.CreateOnboardingLinkAsync(new OnboardingLinkRequest(account.AccountId, new Uri("http://x/refresh"), new Uri("http://x/return"), "link:1"), default)).Value;
        var token = link.Url.Query.Split("token=")[1];
        var control = host.Get<IPaymentSandboxControl>();
        Assert.Equal(ErrorKind.NotFound, (await control.CompleteOnboardingAsync(account.AccountId, "forged", default)).Error!.Kind);
        Assert.True((await control.CompleteOnboardingAsync(account.AccountId, token, default)).Value.CanReceivePayouts);
        Assert.True((await gateway.GetPayoutReadinessAsync(account.AccountId, default)).Value.CanReceivePayouts);

        var transfer = (await gateway.TransferAsync(new TransferRequest(account.AccountId, Fifty, "payouts-2026-W45", "transfer:1"), default)).Value;
        Assert.Equal(2000, (await gateway.ReverseTransferAsync(new ReverseTransferRequest(transfer.TransferId, new Money(2000, Currency.USD), "reverse:1"), default)).Value.Amount.Minor);

        host.Clock.Advance(PaymentSandboxClock.PayoutDelay + TimeSpan.FromMinutes(1));
        await host.Get<IEnumerable<IPeriodicJob>>().OfType<PaymentSandboxClock>().Single().RunAsync(default);
        Assert.Contains("payout.paid", await RaisedTypesAsync());
        var late = await gateway.ReverseTransferAsync(new ReverseTransferRequest(transfer.TransferId, new Money(1000, Currency.USD), "reverse:2"), default);
        Assert.Equal((ErrorKind.Conflict, "balance-insufficient"), (late.Error!.Kind, late.Error.Code));
    }

    [Fact]
    public async Task ItsState_SurvivesARestart()
    {
        var authorised = (await AuthoriseAsync()).Value;
        var folder = host.Folder;
        await host.DisposeAsync();
        host = await SqliteHost.StartAsync(folder, host.Clock);
        gateway = host.Get<IPaymentGateway>();

        var read = await gateway.GetPaymentAsync(authorised.PaymentId, default);
        Assert.Equal(PaymentStatus.RequiresCapture, read.Value.Status);
        Assert.Equal(authorised.PaymentId, (await AuthoriseAsync()).Value.PaymentId);
    }

    [Fact]
    public async Task ItsEvents_AreStripeShaped_AndReadByTheStripeEventReader()
    {
        var authorised = (await AuthoriseAsync()).Value;
        await gateway.CaptureAsync(new CaptureRequest(authorised.PaymentId, null, "capture:1"), default);
        await gateway.RefundAsync(new RefundRequest(authorised.PaymentId, new Money(1000, Currency.USD), "refund:1"), default);

        var events = await RaisedAsync();
        var refunded = Assert.IsType<ChargeRefunded>(events.Single(e => e.Type == "charge.refunded"));
        Assert.Equal((authorised.PaymentId, 5000L, 1000L, 0L), (refunded.PaymentId, refunded.Captured.Minor, refunded.Refunded.Minor, refunded.RefundedBefore!.Value.Minor));
        var succeeded = Assert.IsType<PaymentIntentChanged>(events.Single(e => e.Type == "payment_intent.succeeded"));
        Assert.Equal(5000, succeeded.Received.Minor);
    }

    private async Task<IReadOnlyList<string>> RaisedTypesAsync() => (await RaisedAsync()).Select(e => e.Type).ToArray();

    private async Task<IReadOnlyList<PaymentProviderEvent>> RaisedAsync()
    {
        var reader = host.Get<IPaymentEventReader>();
        await using var connection = await host.Get<SqliteDatabase>().OpenAsync(default);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT payload FROM outbox WHERE type = 'PaymentProviderEventRaised' ORDER BY seq";
        var events = new List<PaymentProviderEvent>();
        await using var rows = await command.ExecuteReaderAsync();
        while (await rows.ReadAsync())
        {
            var payload = JsonDocument.Parse(rows.GetString(0)).RootElement.GetProperty("payload").GetString()!;
            events.Add(reader.Read(Encoding.UTF8.GetBytes(payload)).Value);
        }

        return events;
    }
}
