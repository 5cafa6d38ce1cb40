using System.Net;
using Headstore.Api.Tests.Support;

namespace Headstore.Api.Tests.Plans;

/// <summary>Memberships and support plans: bought with the saved card, renewed monthly with notice, cancelled in one call.</summary>
public sealed class PlanTests : IDisposable
{
    private readonly ApiFactory api = new();
    private readonly TestUser carol = TestUser.Customer();

    [Fact]
    public async Task Plans_AreListedPublicly_WithPricesInEveryCurrency()
    {
        var plans = await (await api.ClientFor(null).GetAsync("/api/plans")).Json(HttpStatusCode.OK);
        var items = plans.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(["standard", "member", "priority", "business"], items.Select(p => p.GetProperty("id").GetString()!).ToArray());
        Assert.Empty(items[0].GetProperty("monthlyPrices").EnumerateArray());
        Assert.Equal(5, items[2].GetProperty("monthlyPrices").GetArrayLength());
    }

    [Fact]
    public async Task BuyingAPlan_ChargesTheFirstMonth_PostsSubscriptionRevenue_AndMembersAskWithoutACharge()
    {
        var noCard = await api.ClientFor(carol).PutJson("/api/me/plan", new { planId = "priority" });
        Assert.Equal("payment-method-required", (await noCard.Problem(HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString());

        await MoneyScenario.SaveCardAsync(api, carol);
        var plan = await (await api.ClientFor(carol).PutJson("/api/me/plan", new { planId = "priority", currency = "GBP" })).Json(HttpStatusCode.OK);
        Assert.Equal("priority", plan.GetProperty("planId").GetString());
        Assert.True(plan.GetProperty("isMember").GetBoolean());
        Assert.Equal(3900, plan.GetProperty("price").GetProperty("amount").GetInt64());
        await api.DrainOutboxAsync();

        var receipt = Assert.Single((await MoneyScenario.ReceiptsAsync(api, carol)).EnumerateArray());
        Assert.Equal("subscription", receipt.GetProperty("purpose").GetString());
        Assert.Equal(3900, receipt.GetProperty("amount").GetProperty("amount").GetInt64());
        Assert.Equal(-3900, (await MoneyScenario.TrialBalanceAsync(api))["platform-subscriptions/GBP"]);
        Assert.Contains(api.MailFiles(), m => m.Contains("Subject: Your receipt: 39.00 GBP for Priority plan", StringComparison.Ordinal));

        var question = await MoneyScenario.AskPaidAsync(api, carol, 9000);
        Assert.True(question.GetProperty("coveredByPlan").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, question.GetProperty("price").ValueKind);
        Assert.Single((await MoneyScenario.ReceiptsAsync(api, carol)).EnumerateArray());
    }

    [Fact]
    public async Task Renewal_IsAnnouncedThreeDaysAhead_ThenChargedOnce_AndCancellingStopsIt()
    {
        await MoneyScenario.SaveCardAsync(api, carol);
        var plan = await (await api.ClientFor(carol).PutJson("/api/me/plan", new { planId = "member" })).Json(HttpStatusCode.OK);
        var periodEnd = plan.GetProperty("periodEnd").GetDateTimeOffset();

        api.Clock.Set(periodEnd - TimeSpan.FromDays(3) + TimeSpan.FromMinutes(1));
        await api.RunDueJobsAsync();
        await api.DrainOutboxAsync();
        Assert.Contains(api.MailFiles(), m => m.Contains("Subject: Your Membership plan renews on", StringComparison.Ordinal) && m.Contains("19.00 USD", StringComparison.Ordinal));
        Assert.Single((await MoneyScenario.ReceiptsAsync(api, carol)).EnumerateArray());

        api.Clock.Set(periodEnd + TimeSpan.FromMinutes(1));
        await api.RunDueJobsAsync();
        api.Clock.Advance(TimeSpan.FromHours(1));
        await api.RunDueJobsAsync();
        await api.DrainOutboxAsync();
        Assert.Equal(2, (await MoneyScenario.ReceiptsAsync(api, carol)).GetArrayLength());
        var renewed = await (await api.ClientFor(carol).GetAsync("/api/me/plan")).Json(HttpStatusCode.OK);
        Assert.Equal(periodEnd, renewed.GetProperty("periodStart").GetDateTimeOffset());

        var cancelled = await (await api.ClientFor(carol).DeleteAsync("/api/me/plan")).Json(HttpStatusCode.OK);
        Assert.True(cancelled.GetProperty("cancelAtPeriodEnd").GetBoolean());
        api.Clock.Set(renewed.GetProperty("periodEnd").GetDateTimeOffset() + TimeSpan.FromMinutes(1));
        await api.RunDueJobsAsync();
        await api.DrainOutboxAsync();
        Assert.Equal(2, (await MoneyScenario.ReceiptsAsync(api, carol)).GetArrayLength());
        var ended = await (await api.ClientFor(carol).GetAsync("/api/me/plan")).Json(HttpStatusCode.OK);
        Assert.Equal("standard", ended.GetProperty("planId").GetString());
        Assert.Equal(-3800, (await MoneyScenario.TrialBalanceAsync(api))["platform-subscriptions/USD"]);
    }

    [Fact]
    public async Task ADeclinedRenewal_IsRetriedDaily_ThenThePlanEnds()
    {
        await MoneyScenario.SaveCardAsync(api, carol);
        var plan = await (await api.ClientFor(carol).PutJson("/api/me/plan", new { planId = "member" })).Json(HttpStatusCode.OK);
        await MoneyScenario.SaveCardAsync(api, carol, "pm_card_chargeCustomerFail");
        var periodEnd = plan.GetProperty("periodEnd").GetDateTimeOffset();
        api.Clock.Set(periodEnd - TimeSpan.FromDays(3) + TimeSpan.FromMinutes(1));
        await api.RunDueJobsAsync();

        api.Clock.Set(periodEnd + TimeSpan.FromMinutes(1));
        await api.RunDueJobsAsync();
        Assert.Equal("past-due", (await (await api.ClientFor(carol).GetAsync("/api/me/plan")).Json(HttpStatusCode.OK)).GetProperty("status").GetString());
        for (var day = 1; day <= 2; day++)
        {
            api.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
            await api.RunDueJobsAsync();
        }

        await api.DrainOutboxAsync();
        Assert.Equal("standard", (await (await api.ClientFor(carol).GetAsync("/api/me/plan")).Json(HttpStatusCode.OK)).GetProperty("planId").GetString());
        Assert.Single((await MoneyScenario.ReceiptsAsync(api, carol)).EnumerateArray());
        Assert.Contains(api.MailFiles(), m => m.Contains("Subject: Your plan has ended", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ChoosingAnotherPaidPlan_SwitchesAtRenewal_WithoutASecondChargeNow()
    {
        await MoneyScenario.SaveCardAsync(api, carol);
        await (await api.ClientFor(carol).PutJson("/api/me/plan", new { planId = "member" })).Json(HttpStatusCode.OK);
        var changed = await (await api.ClientFor(carol).PutJson("/api/me/plan", new { planId = "business" })).Json(HttpStatusCode.OK);
        Assert.Equal("member", changed.GetProperty("planId").GetString());
        Assert.Equal("business", changed.GetProperty("nextPlanId").GetString());
        Assert.Single((await MoneyScenario.ReceiptsAsync(api, carol)).EnumerateArray());

        await (await api.ClientFor(carol).PutJson("/api/me/plan", new { planId = "gold" })).Problem(HttpStatusCode.BadRequest, "planId");
        await (await api.ClientFor(carol).PutJson("/api/me/plan", new { planId = "member", currency = "JPY" })).Problem(HttpStatusCode.BadRequest, "currency");
        await (await api.ClientFor(null).PutJson("/api/me/plan", new { planId = "member" })).Problem(HttpStatusCode.Unauthorized);
    }

    public void Dispose() => api.Dispose();
}
