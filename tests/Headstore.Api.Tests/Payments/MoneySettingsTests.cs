using System.Net;
using System.Text.Json.Nodes;
using Headstore.Api.Tests.Support;

namespace Headstore.Api.Tests.Payments;

public sealed class MoneySettingsTests
{
    [Fact]
    public async Task TheCommission_IsASetting()
    {
        using var api = new ApiFactory(extraSettings: new Dictionary<string, string?> { ["Money:CommissionBasisPoints"] = "1500" });
        await Scenario.CreateExpertAsync(api, TestUser.Expert());
        await MoneyScenario.SaveCardAsync(api, TestUser.Customer());
        await MoneyScenario.PaidQuestionAcceptedAsync(api, TestUser.Customer(), TestUser.Expert(), 9000);
        Assert.Equal(7650, await MoneyScenario.OwedAsync(api, TestUser.Expert()));
        var receipt = Assert.Single((await MoneyScenario.ReceiptsAsync(api, TestUser.Customer())).EnumerateArray());
        Assert.Contains(receipt.GetProperty("breakdown").EnumerateArray(), l => l.GetProperty("label").GetString() == "Headstore commission (15%)" && l.GetProperty("amount").GetProperty("amount").GetInt64() == 1350);
    }

    [Fact]
    public async Task AnotherCustomersMoney_IsNotYours()
    {
        using var api = new ApiFactory();
        var carol = TestUser.Customer();
        var dave = TestUser.Customer("dave");
        await Scenario.CreateExpertAsync(api, TestUser.Expert());
        await MoneyScenario.SaveCardAsync(api, carol);
        var question = await MoneyScenario.AskPaidAsync(api, carol);
        var questionId = question.GetProperty("id").GetString()!;

        await (await api.ClientFor(dave).PostAsync($"/api/questions/{questionId}/refund-request", null)).Problem(HttpStatusCode.Forbidden);
        await (await api.ClientFor(dave).PostAsync("/api/questions/q_nope/refund-request", null)).Problem(HttpStatusCode.NotFound);
        await MoneyScenario.PaidQuestionAcceptedAsync(api, carol, TestUser.Expert());
        Assert.Empty((await MoneyScenario.ReceiptsAsync(api, dave)).EnumerateArray());
        Assert.NotEmpty((await MoneyScenario.ReceiptsAsync(api, carol)).EnumerateArray());
        await (await api.ClientFor(dave).GetAsync("/api/experts/me/ledger")).Problem(HttpStatusCode.Forbidden);
        await (await api.ClientFor(dave).GetAsync("/api/experts/me/payouts")).Problem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ABankThatReturnsAPayout_IsToldToTheExpert_AndTheMoneyStaysInTransit()
    {
        using var api = MoneyScenario.WithWebhooks();
        var alice = TestUser.Expert();
        await Scenario.CreateExpertAsync(api, alice);
        await MoneyScenario.SaveCardAsync(api, TestUser.Customer());
        await MoneyScenario.PaidQuestionAcceptedAsync(api, TestUser.Customer(), alice);
        var account = await MoneyScenario.ActivatePayoutsAsync(api, alice);
        await api.RunDueJobsAsync();
        await api.DrainOutboxAsync();

        var later = api.Clock.GetUtcNow().ToUnixTimeSeconds() + 60;
        var failed = StripeEventJson.Event("evt_pf", "payout.failed", Fail(StripeEventJson.Payout("po_bank", 8100, "usd", "failed", later)), later, account: account);
        Assert.Equal("applied", (await (await MoneyScenario.DeliverAsync(api, failed)).Json(HttpStatusCode.OK)).GetProperty("outcome").GetString());
        await api.DrainOutboxAsync();

        var listed = Assert.Single((await (await api.ClientFor(alice).GetAsync("/api/experts/me/payouts")).Json(HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
        Assert.True(listed.GetProperty("bankPayoutFailed").GetBoolean());
        Assert.Equal("in-transit", listed.GetProperty("status").GetString());
        Assert.Equal(8100, (await MoneyScenario.TrialBalanceAsync(api))["payouts-in-transit/USD"] * -1);
        Assert.Contains(api.MailFiles(), m => m.Contains("Subject: Your bank returned a payout", StringComparison.Ordinal));
    }

    private static JsonObject Fail(JsonObject payout)
    {
        payout["failure_code"] = "account_closed";
        return payout;
    }
}
