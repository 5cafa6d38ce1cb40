using System.Net;
using Headstore.Api.Tests.Support;
using Headstore.Domain.Experts;
using Headstore.Domain.Payments;

namespace Headstore.Api.Tests.Ambassadors;

/// <summary>Referral codes, accepted referrals, the ambassador's share of commission on sessions, earnings and payouts.</summary>
public sealed class AmbassadorTests : IDisposable
{
    private readonly ApiFactory api = new();
    private readonly TestUser carol = TestUser.Customer();
    private readonly TestUser erin = new("expert-erin", "Erin Walsh", "erin@example.com", "expert", "ambassador");
    private readonly TestUser bob = TestUser.Expert("bob");

    [Fact]
    public async Task AReferredExpert_OnceAccepted_EarnsTheAmbassadorAShareOfCommissionOnSessions_OnlyOnSessions()
    {
        var code = await CodeAsync("Conference in Leeds");
        await Scenario.CreateExpertAsync(api, bob, Scenario.ExpertProfile(bob.Name));
        var claimed = await (await api.ClientFor(bob).PostJson("/api/experts/me/referral", new { code = code.ToLowerInvariant() })).Json(HttpStatusCode.OK);
        Assert.Equal("claimed", claimed.GetProperty("status").GetString());
        await MoneyScenario.SaveCardAsync(api, carol);

        // Not accepted yet (bob has not activated payouts): no share.
        await MoneyScenario.CapturedPaymentAsync(api, carol, bob, PaymentPurpose.Session);
        Assert.False((await MoneyScenario.TrialBalanceAsync(api)).ContainsKey("ambassador-payable:expert-erin/USD"));

        await MoneyScenario.ActivatePayoutsAsync(api, bob);
        Assert.Contains(api.MailFiles(), m => m.Contains("Subject: Bob Expert joined Headstore through you", StringComparison.Ordinal));
        await MoneyScenario.CapturedPaymentAsync(api, carol, bob, PaymentPurpose.Session);
        await MoneyScenario.CapturedPaymentAsync(api, carol, bob, PaymentPurpose.Offer);
        await MoneyScenario.PaidQuestionAcceptedAsync(api, carol, bob);

        // 90.00 session: bob 81.00, commission 9.00 = platform 7.20 + erin 1.80 (20% of the commission); the offer and the question share nothing.
        var trial = await MoneyScenario.TrialBalanceAsync(api);
        Assert.Equal(-180, trial["ambassador-payable:expert-erin/USD"]);
        Assert.Equal(-(900 + 720 + 900 + 900), trial["platform-commission/USD"]);
        Assert.Equal(4 * 8100, await MoneyScenario.OwedAsync(api, bob));

        var earnings = await (await api.ClientFor(erin).GetAsync("/api/ambassadors/me/earnings")).Json(HttpStatusCode.OK);
        Assert.Equal(180, Assert.Single(earnings.GetProperty("owed").EnumerateArray()).GetProperty("amount").GetInt64());
        Assert.Equal(180, Assert.Single(earnings.GetProperty("earned").EnumerateArray()).GetProperty("amount").GetInt64());
        Assert.Equal(2000, earnings.GetProperty("shareBasisPoints").GetInt32());
        var referred = Assert.Single(earnings.GetProperty("experts").EnumerateArray());
        Assert.Equal("expert-bob", referred.GetProperty("expertId").GetString());
        Assert.Equal("Bob Expert", referred.GetProperty("name").GetString());
        Assert.Equal("accepted", referred.GetProperty("status").GetString());
        Assert.Equal(180, Assert.Single(referred.GetProperty("earned").EnumerateArray()).GetProperty("amount").GetInt64());

        var referrals = await (await api.ClientFor(erin).GetAsync("/api/ambassadors/me/referrals")).Json(HttpStatusCode.OK);
        Assert.Equal(1, Assert.Single(referrals.GetProperty("codes").EnumerateArray()).GetProperty("expertsReferred").GetInt32());
        Assert.Equal("accepted", Assert.Single(referrals.GetProperty("experts").EnumerateArray()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task AmbassadorEarnings_ArePaidInTheWeeklyPayout_AndARefundTakesTheShareBack()
    {
        await Scenario.CreateExpertAsync(api, erin, Scenario.ExpertProfile(erin.Name, currency: "GBP", languages: ["en"]));
        var code = await CodeAsync(null);
        await Scenario.CreateExpertAsync(api, bob, Scenario.ExpertProfile(bob.Name));
        await MoneyScenario.ActivatePayoutsAsync(api, bob);
        await (await api.ClientFor(bob).PostJson("/api/experts/me/referral", new { code })).Json(HttpStatusCode.OK); // accepted at once: payouts are active
        await MoneyScenario.SaveCardAsync(api, carol);
        await MoneyScenario.CapturedPaymentAsync(api, carol, bob, PaymentPurpose.Session, 50000);
        var refunded = await MoneyScenario.CapturedPaymentAsync(api, carol, bob, PaymentPurpose.Session, 10000);
        await (await api.ClientFor(TestUser.Admin()).PostJson("/api/admin/refunds", new { paymentId = refunded })).Json(HttpStatusCode.OK);
        await api.DrainOutboxAsync();
        Assert.Equal(-1000, (await MoneyScenario.TrialBalanceAsync(api))["ambassador-payable:expert-erin/USD"]);

        await MoneyScenario.ActivatePayoutsAsync(api, erin, "IE");
        api.Clock.Advance(TimeSpan.FromDays(7));
        await api.RunDueJobsAsync();
        await api.DrainOutboxAsync();

        var payout = Assert.Single((await (await api.ClientFor(erin).GetAsync("/api/experts/me/payouts")).Json(HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
        Assert.Equal(1000, payout.GetProperty("amount").GetProperty("amount").GetInt64());
        Assert.Equal("USD", payout.GetProperty("amount").GetProperty("currency").GetString());
        var trial = await MoneyScenario.TrialBalanceAsync(api);
        Assert.False(trial.ContainsKey("ambassador-payable:expert-erin/USD"));
        var earnings = await (await api.ClientFor(erin).GetAsync("/api/ambassadors/me/earnings")).Json(HttpStatusCode.OK);
        Assert.Empty(earnings.GetProperty("owed").EnumerateArray());
        Assert.Equal(1000, Assert.Single(earnings.GetProperty("paidOut").EnumerateArray()).GetProperty("amount").GetInt64());
        Assert.Equal(1000, Assert.Single(earnings.GetProperty("earned").EnumerateArray()).GetProperty("amount").GetInt64());

        // The ambassador's monthly report shows the share and its payout.
        var report = await (await api.ClientFor(erin).GetAsync("/api/experts/me/reports/2026-11.json")).Json(HttpStatusCode.OK);
        var totals = Assert.Single(report.GetProperty("currencies").EnumerateArray()).GetProperty("totals");
        Assert.Equal(1000, totals.GetProperty("ambassadorShare").GetProperty("amount").GetInt64());
        Assert.Equal(-1000, totals.GetProperty("payouts").GetProperty("amount").GetInt64());
    }

    [Fact]
    public async Task ReferralRules_AreEnforced()
    {
        await (await api.ClientFor(carol).PostJson("/api/ambassadors/me/referrals", new { })).Problem(HttpStatusCode.Forbidden);
        await (await api.ClientFor(bob).PostJson("/api/ambassadors/me/referrals", new { })).Problem(HttpStatusCode.Forbidden);
        await (await api.ClientFor(erin).PostJson("/api/ambassadors/me/referrals", new { label = "call me on +44 7700 900123" })).Problem(HttpStatusCode.BadRequest, "label");
        await (await api.ClientFor(bob).GetAsync("/api/ambassadors/me/earnings")).Problem(HttpStatusCode.Forbidden);
        var code = await CodeAsync("Newsletter");
        var second = await CodeAsync("Podcast");

        await (await api.ClientFor(bob).PostJson("/api/experts/me/referral", new { code })).Problem(HttpStatusCode.UnprocessableEntity);
        await Scenario.CreateExpertAsync(api, bob, Scenario.ExpertProfile(bob.Name));
        await (await api.ClientFor(bob).PostJson("/api/experts/me/referral", new { code = "NOSUCHCODE" })).Problem(HttpStatusCode.BadRequest, "code");
        await (await api.ClientFor(bob).PostJson("/api/experts/me/referral", new { code })).Json(HttpStatusCode.OK);
        await (await api.ClientFor(bob).PostJson("/api/experts/me/referral", new { code })).Json(HttpStatusCode.OK);
        Assert.Equal("already-referred", (await (await api.ClientFor(bob).PostJson("/api/experts/me/referral", new { code = second })).Problem(HttpStatusCode.Conflict)).GetProperty("code").GetString());

        await Scenario.CreateExpertAsync(api, erin, Scenario.ExpertProfile(erin.Name));
        Assert.Equal("own-referral", (await (await api.ClientFor(erin).PostJson("/api/experts/me/referral", new { code })).Problem(HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString());

        var late = TestUser.Expert("lena");
        await Scenario.CreateExpertAsync(api, late, Scenario.ExpertProfile(late.Name));
        api.Clock.Advance(TimeSpan.FromDays(31));
        Assert.Equal("referral-too-late", (await (await api.ClientFor(late).PostJson("/api/experts/me/referral", new { code })).Problem(HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task TheShare_EndsAfterTheConfiguredDuration()
    {
        var code = await CodeAsync(null);
        await Scenario.CreateExpertAsync(api, bob, Scenario.ExpertProfile(bob.Name));
        await MoneyScenario.ActivatePayoutsAsync(api, bob);
        await (await api.ClientFor(bob).PostJson("/api/experts/me/referral", new { code })).Json(HttpStatusCode.OK);
        await MoneyScenario.SaveCardAsync(api, carol);
        api.Clock.Advance(TimeSpan.FromDays(366));
        await MoneyScenario.CapturedPaymentAsync(api, carol, bob, PaymentPurpose.Session);
        Assert.False((await MoneyScenario.TrialBalanceAsync(api)).ContainsKey("ambassador-payable:expert-erin/USD"));
        Assert.NotNull((await MoneyScenario.Store(api).FindAsync<ExpertProfile>(bob.Subject, default))?.Details);
    }

    private async Task<string> CodeAsync(string? label)
    {
        var created = await (await api.ClientFor(erin).PostJson("/api/ambassadors/me/referrals", new { label })).Json(HttpStatusCode.Created);
        var code = created.GetProperty("code").GetString()!;
        Assert.Matches("^[A-HJ-NP-Z2-9]{10}$", code);
        Assert.EndsWith($"/join?referral={code}", created.GetProperty("link").GetString(), StringComparison.Ordinal);
        return code;
    }

    public void Dispose() => api.Dispose();
}
