using Headstore.Application.Common;
using Headstore.Application.Ledger;
using Headstore.Application.Payments;
using Headstore.Application.Tests.Support;
using Headstore.Domain.Common;
using Headstore.Domain.Ledger;
using Headstore.Domain.Payments;

namespace Headstore.Application.Tests.Payments;

/// <summary>The same money movement asked for many times at once moves money once (real SQLite, the local payment sandbox).</summary>
public sealed class MoneyConcurrencyTests
{
    private static readonly ExpertId Alice = new("expert-alice");

    private static async Task<CustomerPayment> AuthorisedAsync(AppHost host, long amount = 9000)
    {
        var gateway = host.Get<IPaymentGateway>();
        var customer = (await gateway.EnsureCustomerAsync(new EnsureCustomerRequest(new UserId("carol"), null, null, null, "customer:carol"), default)).Value.CustomerId;
        await gateway.CreateCardSetupAsync(new CardSetupRequest(customer, "setup:carol", "pm_card_visa"), default);
        var now = host.Clock.GetUtcNow();
        var id = PaymentId.New(now);
        var authorised = (await gateway.AuthoriseAsync(new AuthoriseRequest(customer, "pm_card_visa", new Money(amount, Currency.USD), $"authorise:{id}"), default)).Value;
        var payment = CustomerPayment.Authorise(id, PaymentPurpose.Session, "s_1", new UserId("carol"), "Session with Alice", new Money(amount, Currency.USD), authorised.PaymentId, now, null, Alice);
        var work = host.Get<IDocumentStore>().BeginWork();
        work.Add(payment);
        Assert.True((await work.CommitAsync(default)).IsSuccess);
        return payment;
    }

    private static async Task<Dictionary<string, long>> TrialAsync(AppHost host) =>
        (await host.Get<ILedgerQueries>().TrialBalanceAsync(default)).ToDictionary(b => $"{b.Account.Key}/{b.Balance.Currency}", b => b.Balance.Minor);

    [Fact]
    public async Task TheSameCapture_Requested50TimesInParallel_PostsOnce()
    {
        await using var host = await AppHost.StartAsync();
        var payment = await AuthorisedAsync(host);

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => host.Get<PaymentProcessor>().CaptureAsync(payment.Id, null, null, default))));

        Assert.All(results, r => Assert.True(r.IsSuccess, r.IsSuccess ? "" : r.Error!.Code));
        var trial = await TrialAsync(host);
        Assert.Equal(9000, trial["customer-funds/USD"]);
        Assert.Equal(-8100, trial["expert-payable:expert-alice/USD"]);
        Assert.Equal(PaymentState.Captured, (await host.Get<IDocumentStore>().FindAsync<CustomerPayment>(payment.Id.Value, default))!.State);
    }

    [Fact]
    public async Task TheSameFullRefund_Requested50TimesInParallel_PostsOnce()
    {
        await using var host = await AppHost.StartAsync();
        var payment = await AuthorisedAsync(host);
        Assert.True((await host.Get<PaymentProcessor>().CaptureAsync(payment.Id, null, null, default)).IsSuccess);

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => host.Get<PaymentProcessor>().RefundAsync(payment.Id, null, RefundReason.RequestedByCustomer, default))));

        Assert.Contains(results, r => r.IsSuccess);
        Assert.All(results.Where(r => !r.IsSuccess), r => Assert.Equal("fully-refunded", r.Error!.Code));
        var trial = await TrialAsync(host);
        Assert.Equal(-9000, trial["refunds/USD"]);
        Assert.False(trial.ContainsKey("expert-payable:expert-alice/USD"));
        Assert.Single((await host.Get<IDocumentStore>().FindAsync<CustomerPayment>(payment.Id.Value, default))!.Refunds);
    }

    [Fact]
    public async Task TheSameProviderEvent_Delivered50TimesConcurrently_IsAppliedOnce()
    {
        await using var host = await AppHost.StartAsync();
        var payment = await AuthorisedAsync(host);
        var refunded = new ChargeRefunded("evt_same", "charge.refunded", host.Clock.GetUtcNow(), payment.ProviderPaymentId, "ch_1",
            new Money(9000, Currency.USD), new Money(4000, Currency.USD), new Money(0, Currency.USD));

        var receipts = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => host.Get<HandlePaymentProviderEventHandler>().HandleAsync(refunded, default))));

        Assert.All(receipts, r => Assert.True(r.IsSuccess));
        Assert.Equal(1, receipts.Count(r => r.Value.Outcome == ProviderEventOutcome.Applied));
        var trial = await TrialAsync(host);
        Assert.Equal(-4000, trial["refunds/USD"]);
        Assert.Equal(9000, trial["customer-funds/USD"]);
    }

    [Fact]
    public async Task AnEventAboutAnUnknownPayment_IsRecordedAndChangesNothing()
    {
        await using var host = await AppHost.StartAsync();
        var handler = host.Get<HandlePaymentProviderEventHandler>();
        var unknown = new PaymentIntentChanged("evt_x", "payment_intent.succeeded", host.Clock.GetUtcNow(), PaymentIntentChange.Succeeded, "pi_unknown",
            new Money(100, Currency.EUR), Money.Zero(Currency.EUR), new Money(100, Currency.EUR), null);
        Assert.Equal(ProviderEventOutcome.NothingToDo, (await handler.HandleAsync(unknown, default)).Value.Outcome);
        Assert.Equal(ProviderEventOutcome.Duplicate, (await handler.HandleAsync(unknown, default)).Value.Outcome);
        Assert.Empty(await TrialAsync(host));
    }
}
