using System.Net;
using Headstore.Api.Tests.Support;
using Headstore.Domain.Payments;
using Headstore.Domain.Questions;

namespace Headstore.Api.Tests.Payouts;

/// <summary>Activate payout, weekly payouts to the connected account, and refunds after an expert was paid.</summary>
public sealed class PayoutTests : IDisposable
{
    private readonly ApiFactory api = new();
    private readonly TestUser carol = TestUser.Customer();
    private readonly TestUser alice = TestUser.Expert();
    private readonly TestUser ada = TestUser.Admin();

    private async Task<string> EarnAsync(long amount = 9000)
    {
        var (questionId, _) = await MoneyScenario.PaidQuestionAcceptedAsync(api, carol, alice, amount);
        return (await MoneyScenario.Store(api).FindAsync<Question>(questionId, default))!.PaymentId!;
    }

    private async Task<System.Text.Json.JsonElement[]> PayoutsAsync() =>
        (await (await api.ClientFor(alice).GetAsync("/api/experts/me/payouts")).Json(HttpStatusCode.OK)).GetProperty("items").EnumerateArray().ToArray();

    [Fact]
    public async Task ActivatePayout_OnlyInSupportedCountries_AndTheOnboardingLinkMakesTheAccountReady()
    {
        await (await api.ClientFor(alice).PostJson("/api/experts/me/payout-account", new { country = "US" })).Problem(HttpStatusCode.UnprocessableEntity);
        await Scenario.CreateExpertAsync(api, alice);
        await (await api.ClientFor(alice).PostJson("/api/experts/me/payout-account", new { country = "IN" })).Problem(HttpStatusCode.BadRequest, "country");
        await (await api.ClientFor(alice).PostJson("/api/experts/me/payout-account", new { })).Problem(HttpStatusCode.BadRequest, "country");
        await (await api.ClientFor(carol).PostJson("/api/experts/me/payout-account", new { country = "US" })).Problem(HttpStatusCode.Forbidden);
        await (await api.ClientFor(alice).GetAsync("/api/experts/me/payout-account")).Problem(HttpStatusCode.NotFound);

        var created = await (await api.ClientFor(alice).PostJson("/api/experts/me/payout-account", new { country = "de" })).Json(HttpStatusCode.OK);
        Assert.Equal("DE", created.GetProperty("country").GetString());
        Assert.False(created.GetProperty("canReceivePayouts").GetBoolean());
        var link = new Uri(created.GetProperty("onboardingUrl").GetString()!);
        Assert.Contains("/api/local-payments/onboarding/", link.AbsolutePath, StringComparison.Ordinal);

        await (await api.ClientFor(null).GetAsync(link.AbsolutePath + "?token=wrong")).Problem(HttpStatusCode.NotFound);
        await (await api.ClientFor(null).GetAsync(link.PathAndQuery)).Json(HttpStatusCode.OK);
        await (await api.ClientFor(null).GetAsync(link.PathAndQuery)).Problem(HttpStatusCode.NotFound);
        await api.DrainOutboxAsync();
        var ready = await (await api.ClientFor(alice).GetAsync("/api/experts/me/payout-account")).Json(HttpStatusCode.OK);
        Assert.True(ready.GetProperty("canReceivePayouts").GetBoolean());
        Assert.Equal(created.GetProperty("accountId").GetString(), ready.GetProperty("accountId").GetString());

        var again = await (await api.ClientFor(alice).PostJson("/api/experts/me/payout-account", new { country = "DE" })).Json(HttpStatusCode.OK);
        Assert.Equal(created.GetProperty("accountId").GetString(), again.GetProperty("accountId").GetString());
        await (await api.ClientFor(alice).PostJson("/api/experts/me/payout-account", new { country = "FR" })).Problem(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task WeeklyPayout_SendsWhatIsOwed_Once_AndTheBankPayoutIsRecorded()
    {
        await Scenario.CreateExpertAsync(api, alice);
        await MoneyScenario.SaveCardAsync(api, carol);
        await EarnAsync();
        await api.RunDueJobsAsync();
        await api.DrainOutboxAsync();
        Assert.Empty(await PayoutsAsync());

        // Payouts activated after this week's run: the money waits for next week's, which pays it once however often the job ticks.
        await MoneyScenario.ActivatePayoutsAsync(api, alice);
        await RunJobsAsync(TimeSpan.FromHours(1));
        Assert.Empty(await PayoutsAsync());
        api.Clock.Set(new DateTimeOffset(2026, 11, 9, 6, 0, 0, TimeSpan.Zero));
        await RunJobsAsync(TimeSpan.Zero);
        await RunJobsAsync(TimeSpan.FromHours(1));

        var payout = Assert.Single(await PayoutsAsync());
        Assert.Equal("in-transit", payout.GetProperty("status").GetString());
        Assert.Equal(8100, payout.GetProperty("amount").GetProperty("amount").GetInt64());
        Assert.Equal(0, await MoneyScenario.OwedAsync(api, alice));
        Assert.Contains(api.MailFiles(), m => m.Contains("Subject: Payout of 81.00 USD on its way", StringComparison.Ordinal));

        api.Clock.Advance(TimeSpan.FromDays(2) + TimeSpan.FromMinutes(20));
        await api.RunDueJobsAsync();
        await api.DrainOutboxAsync();
        Assert.Equal("paid", Assert.Single(await PayoutsAsync()).GetProperty("status").GetString());
        var trial = await MoneyScenario.TrialBalanceAsync(api);
        Assert.False(trial.ContainsKey("payouts-in-transit/USD"));
        Assert.Equal(900, trial["customer-funds/USD"]);
        Assert.Equal(-900, trial["platform-commission/USD"]);
    }

    [Fact]
    public async Task ARefundWhileThePayoutIsInTransit_TakesItBackFromTheTransfer()
    {
        await Scenario.CreateExpertAsync(api, alice);
        await MoneyScenario.SaveCardAsync(api, carol);
        var paymentId = await EarnAsync();
        await MoneyScenario.ActivatePayoutsAsync(api, alice);
        await api.RunDueJobsAsync();
        await api.DrainOutboxAsync();
        Assert.Equal("in-transit", Assert.Single(await PayoutsAsync()).GetProperty("status").GetString());

        await (await api.ClientFor(ada).PostJson("/api/admin/refunds", new { paymentId })).Json(HttpStatusCode.OK);
        await api.DrainOutboxAsync();

        Assert.Equal(0, await MoneyScenario.OwedAsync(api, alice));
        var payout = Assert.Single(await PayoutsAsync());
        Assert.Equal(8100, payout.GetProperty("reversed").GetProperty("amount").GetInt64());
        var lines = (await MoneyScenario.LedgerAsync(api, alice)).GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal("transfer-reversal", lines[^1].GetProperty("kind").GetString());
        var trial = await MoneyScenario.TrialBalanceAsync(api);
        Assert.False(trial.ContainsKey("payouts-in-transit/USD"));
        Assert.False(trial.ContainsKey("expert-payable:expert-alice/USD"));
    }

    [Fact]
    public async Task ARefundAfterThePayoutReachedTheBank_LeavesTheExpertOwing_NettedFromTheNextPayout()
    {
        await Scenario.CreateExpertAsync(api, alice);
        await MoneyScenario.SaveCardAsync(api, carol);
        var paymentId = await EarnAsync();
        await MoneyScenario.ActivatePayoutsAsync(api, alice);
        await api.RunDueJobsAsync();
        await api.DrainOutboxAsync();
        api.Clock.Advance(TimeSpan.FromDays(2) + TimeSpan.FromMinutes(20));
        await api.RunDueJobsAsync();
        await api.DrainOutboxAsync();
        Assert.Equal("paid", Assert.Single(await PayoutsAsync()).GetProperty("status").GetString());

        await (await api.ClientFor(ada).PostJson("/api/admin/refunds", new { paymentId })).Json(HttpStatusCode.OK);
        await api.DrainOutboxAsync();
        Assert.Equal(-8100, await MoneyScenario.OwedAsync(api, alice));
        Assert.Contains(api.MailFiles(), m => m.Contains("deducted from your next payout", StringComparison.Ordinal));

        await EarnAsync(20000);
        Assert.Equal(18000 - 8100, await MoneyScenario.OwedAsync(api, alice));
        api.Clock.Advance(TimeSpan.FromDays(7));
        await api.RunDueJobsAsync();
        await api.DrainOutboxAsync();

        var payouts = await PayoutsAsync();
        Assert.Equal(2, payouts.Length);
        Assert.Equal(9900, payouts[0].GetProperty("amount").GetProperty("amount").GetInt64());
        Assert.Equal(0, await MoneyScenario.OwedAsync(api, alice));
        var store = MoneyScenario.Store(api);
        Assert.Equal(PayoutState.InTransit, (await store.FindAsync<Payout>(payouts[0].GetProperty("id").GetString()!, default))!.State);
    }

    private async Task RunJobsAsync(TimeSpan advance)
    {
        api.Clock.Advance(advance);
        await api.RunDueJobsAsync();
        await api.DrainOutboxAsync();
    }

    public void Dispose() => api.Dispose();
}
