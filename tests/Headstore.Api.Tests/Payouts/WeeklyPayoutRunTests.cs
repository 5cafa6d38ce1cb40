using System.Net;
using System.Text.Json;
using Headstore.Api.Tests.Support;
using Headstore.Domain.Payments;

namespace Headstore.Api.Tests.Payouts;

/// <summary>The weekly run: its slot, one payout per payee, currency and week, the minimum, failures kept apart, admins' re-runs.</summary>
public sealed class WeeklyPayoutRunTests : IDisposable
{
    private static readonly DateTimeOffset MondayBeforeSix = new(2026, 11, 2, 5, 0, 0, TimeSpan.Zero);
    private readonly ApiFactory api = new();
    private readonly TestUser carol = TestUser.Customer();
    private readonly TestUser alice = TestUser.Expert();
    private readonly TestUser bob = TestUser.Expert("bob");
    private readonly TestUser ada = TestUser.Admin();

    public WeeklyPayoutRunTests() => api.Clock.Set(MondayBeforeSix);

    [Fact]
    public async Task TheRun_WaitsForItsWeeklySlot_AndTicksInBetweenPayNobody()
    {
        await ExpertsWithCardAsync();
        await RunJobsAsync(TimeSpan.Zero); // last week's slot (Monday 26 October 06:00) runs now: nobody is owed yet
        await MoneyScenario.PaidQuestionAcceptedAsync(api, carol, alice);
        await MoneyScenario.ActivatePayoutsAsync(api, alice);

        await RunJobsAsync(TimeSpan.FromMinutes(59));
        Assert.Empty(await PayoutsAsync(alice));

        await RunJobsAsync(TimeSpan.FromMinutes(10)); // the first tick after 06:00 (the job ticks every 10 minutes) runs this week's slot
        var payout = Assert.Single(await PayoutsAsync(alice));
        Assert.Equal("2026-W45", payout.GetProperty("week").GetString());
        Assert.Equal(8100, payout.GetProperty("amount").GetProperty("amount").GetInt64());

        await MoneyScenario.PaidQuestionAcceptedAsync(api, carol, alice, 5000);
        for (var tick = 0; tick < 6; tick++)
        {
            await RunJobsAsync(TimeSpan.FromHours(4));
        }

        Assert.Single(await PayoutsAsync(alice));
        Assert.Equal(4500, await MoneyScenario.OwedAsync(api, alice));
    }

    [Fact]
    public async Task EachPayee_IsPaidOncePerCurrency_BelowTheMinimumWaits_AndAFailingPayeeDoesNotStopTheOthers()
    {
        await ExpertsWithCardAsync();
        await MoneyScenario.PaidQuestionAcceptedAsync(api, carol, alice, 9000);
        await MoneyScenario.PaidQuestionAcceptedAsync(api, carol, alice, 2000, "EUR");
        await MoneyScenario.PaidQuestionAcceptedAsync(api, carol, bob, 100); // 0.90 after commission: below the 1.00 minimum
        await MoneyScenario.ActivatePayoutsAsync(api, alice);
        await MoneyScenario.ActivatePayoutsAsync(api, bob, "GB");
        var dan = TestUser.Expert("dan");
        await Scenario.CreateExpertAsync(api, dan);
        await MoneyScenario.PaidQuestionAcceptedAsync(api, carol, dan, 3000);
        await MoneyScenario.ActivatePayoutsAsync(api, dan);
        await DisableTransfersAtTheProviderAsync(dan);

        api.Clock.Set(MondayBeforeSix.AddHours(1));
        await RunJobsAsync(TimeSpan.Zero);
        await RunJobsAsync(TimeSpan.FromMinutes(10));

        var alicePayouts = await PayoutsAsync(alice);
        Assert.Equal(["EUR", "USD"], alicePayouts.Select(p => p.GetProperty("amount").GetProperty("currency").GetString()!).Order(StringComparer.Ordinal).ToArray());
        Assert.All(alicePayouts, p => Assert.Equal("in-transit", p.GetProperty("status").GetString()));
        Assert.Empty(await PayoutsAsync(bob));
        Assert.Equal(90, await MoneyScenario.OwedAsync(api, bob));
        var refused = Assert.Single(await PayoutsAsync(dan));
        Assert.Equal("failed", refused.GetProperty("status").GetString());
        Assert.Equal(2700, await MoneyScenario.OwedAsync(api, dan));
        Assert.Contains(api.MailFiles(), m => m.Contains("Subject: Your payout could not be sent", StringComparison.Ordinal));

        // Next week bob's 0.90 and 2.70 more reach the minimum together.
        await MoneyScenario.PaidQuestionAcceptedAsync(api, carol, bob, 300);
        await RunJobsAsync(TimeSpan.FromDays(7));
        Assert.Equal(360, Assert.Single(await PayoutsAsync(bob)).GetProperty("amount").GetProperty("amount").GetInt64());
        Assert.Equal(1, await TransfersToAsync(await AccountOfAsync(bob)));
        Assert.Equal(2, alicePayouts.Length);
    }

    [Fact]
    public async Task AnAdmin_RerunsAWeek_PayingWhoeverWasMissed_AndNobodyTwice()
    {
        await ExpertsWithCardAsync();
        await MoneyScenario.PaidQuestionAcceptedAsync(api, carol, alice);
        await MoneyScenario.PaidQuestionAcceptedAsync(api, carol, bob, 5000);
        await MoneyScenario.ActivatePayoutsAsync(api, alice);
        api.Clock.Set(MondayBeforeSix.AddHours(2));
        await RunJobsAsync(TimeSpan.Zero);
        Assert.Single(await PayoutsAsync(alice));
        Assert.Empty(await PayoutsAsync(bob));

        await MoneyScenario.ActivatePayoutsAsync(api, bob);
        var admin = api.ClientFor(ada);
        await (await api.ClientFor(alice).PostAsync("/api/admin/payouts/2026-W45/run", null)).Problem(HttpStatusCode.Forbidden);
        await (await admin.PostAsync("/api/admin/payouts/2026-45/run", null)).Problem(HttpStatusCode.BadRequest, "week");
        Assert.Equal("week-not-due", (await (await admin.PostAsync("/api/admin/payouts/2026-W46/run", null)).Problem(HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString());

        var rerun = await (await admin.PostAsync("/api/admin/payouts/2026-W45/run", null)).Json(HttpStatusCode.OK);
        Assert.Equal(2, rerun.GetProperty("attempt").GetInt32());
        Assert.Equal("admin-ada", rerun.GetProperty("requestedBy").GetString());
        await api.DrainOutboxAsync();
        await (await admin.PostAsync("/api/admin/payouts/2026-W45/run", null)).Json(HttpStatusCode.OK);
        await api.DrainOutboxAsync();

        Assert.Equal(4500, Assert.Single(await PayoutsAsync(bob)).GetProperty("amount").GetProperty("amount").GetInt64());
        Assert.Single(await PayoutsAsync(alice));
        Assert.Equal(1, await TransfersToAsync(await AccountOfAsync(alice)));
        var week = await (await admin.GetAsync("/api/admin/payouts/2026-W45")).Json(HttpStatusCode.OK);
        Assert.Equal(3, week.GetProperty("attempt").GetInt32());
        var inTransit = Assert.Single(week.GetProperty("payouts").EnumerateArray());
        Assert.Equal("in-transit", inTransit.GetProperty("status").GetString());
        Assert.Equal(2, inTransit.GetProperty("count").GetInt32());
        Assert.Equal(12600, inTransit.GetProperty("total").GetProperty("amount").GetInt64());
        await (await admin.GetAsync("/api/admin/payouts/2026-W40")).Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task APayoutLeftPending_IsHandedOutAgain_AndSentWithItsOriginalKey()
    {
        await ExpertsWithCardAsync();
        await MoneyScenario.PaidQuestionAcceptedAsync(api, carol, alice);
        await MoneyScenario.ActivatePayoutsAsync(api, alice);

        // As if a host died between reserving the payout and making the transfer, and the queue gave up on the event.
        var now = api.Clock.GetUtcNow();
        var account = (await MoneyScenario.Store(api).FindAsync<PayoutAccount>(alice.Subject, default))!;
        var (payout, posting) = Payout.Reserve(new Headstore.Domain.Common.ExpertId(alice.Subject), "2026-W44",
            [(Headstore.Domain.Ledger.LedgerAccount.ExpertPayable(new Headstore.Domain.Common.ExpertId(alice.Subject)), new Headstore.Domain.Common.Money(8100, Headstore.Domain.Common.Currency.USD))],
            account.ConnectedAccountId, now);
        var work = MoneyScenario.Store(api).BeginWork();
        work.Add(payout);
        work.Add(posting);
        Assert.True((await work.CommitAsync(default)).IsSuccess);

        await RunJobsAsync(TimeSpan.FromMinutes(16));
        var sent = Assert.Single(await PayoutsAsync(alice));
        Assert.Equal("in-transit", sent.GetProperty("status").GetString());
        Assert.Equal(1, await TransfersToAsync(account.ConnectedAccountId));
        Assert.Equal(0, await MoneyScenario.OwedAsync(api, alice));
    }

    private async Task ExpertsWithCardAsync()
    {
        await Scenario.CreateExpertAsync(api, alice);
        await Scenario.CreateExpertAsync(api, bob, Scenario.ExpertProfile(bob.Name));
        await MoneyScenario.SaveCardAsync(api, carol);
    }

    private async Task RunJobsAsync(TimeSpan advance)
    {
        api.Clock.Advance(advance);
        await api.RunDueJobsAsync();
        await api.DrainOutboxAsync();
    }

    private async Task<JsonElement[]> PayoutsAsync(TestUser expert) =>
        (await (await api.ClientFor(expert).GetAsync("/api/experts/me/payouts")).Json(HttpStatusCode.OK)).GetProperty("items").EnumerateArray().ToArray();

    private async Task<string> AccountOfAsync(TestUser expert) => (await MoneyScenario.Store(api).FindAsync<PayoutAccount>(expert.Subject, default))!.ConnectedAccountId;

    /// <summary>The provider's own record: how many transfers reached the connected account (read from either store).</summary>
    private async Task<int> TransfersToAsync(string connectedAccountId) =>
        (await StoreInspection.AllAsync<Headstore.Infrastructure.Payments.Sandbox.SandboxTransfer>(api)).Count(t => t.Destination == connectedAccountId);

    /// <summary>The provider stops accepting transfers to the expert's account (Headstore still believes it can).</summary>
    private async Task DisableTransfersAtTheProviderAsync(TestUser expert)
    {
        var accountId = await AccountOfAsync(expert);
        await MoneyScenario.UpdateAsync<Headstore.Infrastructure.Payments.Sandbox.SandboxAccount>(api, accountId, a => a with { PayoutsEnabled = false });
    }

    public void Dispose() => api.Dispose();
}
