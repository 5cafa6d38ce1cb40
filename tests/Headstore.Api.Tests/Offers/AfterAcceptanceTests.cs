using System.Net;
using Headstore.Api.Tests.Support;

namespace Headstore.Api.Tests.Offers;

/// <summary>After acceptance: completed, prompted, cannot complete (refunded, care told), refunded on request, after a payout.</summary>
public sealed class AfterAcceptanceTests : IDisposable
{
    private readonly ApiFactory api = new();
    private readonly TestUser carol = TestUser.Customer("carol");
    private readonly TestUser alice = TestUser.Expert("alice");

    private async Task<string> AcceptedOfferAsync(long? questionPrice = 9000)
    {
        var (_, _, offerId) = await OfferScenario.OfferedAsync(api, carol, alice, questionPrice);
        await OfferScenario.AcceptedAsync(api, carol, offerId);
        return offerId;
    }

    [Fact]
    public async Task TheExpert_IsPromptedWhenNotCompletedInTime_AndCompleting_TellsTheCustomer()
    {
        var offerId = await AcceptedOfferAsync();
        await (await OfferScenario.PostAsync(api, carol, offerId, "complete")).Problem(HttpStatusCode.Forbidden);

        api.Clock.Advance(TimeSpan.FromDays(6));
        await api.RunDueJobsAsync();
        await api.DrainOutboxAsync();
        Assert.DoesNotContain(api.MailFiles(), m => m.Contains("Please complete"));

        api.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(5));
        await api.RunDueJobsAsync();
        await api.DrainOutboxAsync();
        Assert.Single(api.MailFiles(), m => m.Contains("To: Alice Expert") && m.Contains("Subject: Please complete: Follow-up phone call"));

        var completed = await (await OfferScenario.PostAsync(api, alice, offerId, "complete", new { note = "We spoke for 30 minutes." })).Json(HttpStatusCode.OK);
        Assert.Equal("completed", completed.GetProperty("status").GetString());
        Assert.Equal(api.Clock.GetUtcNow().AddDays(30), completed.GetProperty("refundableUntil").GetDateTimeOffset());
        await api.DrainOutboxAsync();
        Assert.Contains(api.MailFiles(), m => m.Contains("To: Carol Customer") && m.Contains("Subject: Completed: Follow-up phone call"));
        await (await OfferScenario.PostAsync(api, alice, offerId, "complete")).Problem(HttpStatusCode.Conflict);
        await (await OfferScenario.PostAsync(api, alice, offerId, "cannot-complete", new { reason = "Too late" })).Problem(HttpStatusCode.Conflict);
        Assert.Equal(12510, await MoneyScenario.OwedAsync(api, alice));
    }

    [Fact]
    public async Task CannotComplete_RefundsBothAmountsInFull_ReversesTheLedger_AndTellsTheCustomerAndCare()
    {
        var offerId = await AcceptedOfferAsync();
        await (await OfferScenario.PostAsync(api, alice, offerId, "cannot-complete")).Problem(HttpStatusCode.BadRequest, "reason");
        await (await OfferScenario.PostAsync(api, carol, offerId, "cannot-complete", new { reason = "Not me" })).Problem(HttpStatusCode.Forbidden);

        var given = await (await OfferScenario.PostAsync(api, alice, offerId, "cannot-complete", new { reason = "I fell ill and cannot call this week." })).Json(HttpStatusCode.OK);
        Assert.Equal("cannot-complete", given.GetProperty("status").GetString());
        Assert.Equal("refunded", given.GetProperty("refund").GetString());
        await api.DrainOutboxAsync();

        var receipts = await MoneyScenario.ReceiptsAsync(api, carol);
        Assert.All(receipts.EnumerateArray(), r => Assert.Equal("refunded", r.GetProperty("status").GetString()));
        Assert.Equal(0, await MoneyScenario.OwedAsync(api, alice));
        var trial = await MoneyScenario.TrialBalanceAsync(api);
        Assert.Equal(13900, trial["customer-funds/USD"]);
        Assert.Equal(-13900, trial["refunds/USD"]);
        Assert.False(trial.ContainsKey("platform-commission/USD"));
        Assert.Equal(0, trial.Values.Sum());
        var kinds = (await MoneyScenario.LedgerAsync(api, alice)).GetProperty("items").EnumerateArray().Select(l => l.GetProperty("kind").GetString()).ToArray();
        Assert.Equal(4, kinds.Count(k => k == "refund"));

        var mail = api.MailFiles();
        Assert.Contains(mail, m => m.Contains("To: Carol Customer") && m.Contains("cannot complete"));
        var care = Assert.Single(mail, m => m.Contains("care@headstore.local"));
        Assert.Contains(offerId, care);
        Assert.DoesNotContain("fell ill", care);
        Assert.Equal(2, mail.Count(m => m.Contains("To: Carol Customer") && m.Contains("Subject: Refund of")));

        await (await OfferScenario.PostAsync(api, carol, offerId, "refund-request")).Problem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task ARefundRequest_RefundsBothAmounts_WhileInProgress()
    {
        var offerId = await AcceptedOfferAsync();
        await (await OfferScenario.PostAsync(api, alice, offerId, "refund-request")).Problem(HttpStatusCode.Forbidden);
        var refunded = await (await OfferScenario.PostAsync(api, carol, offerId, "refund-request", new { reason = "Changed my mind" })).Json(HttpStatusCode.OK);
        Assert.Equal("refunded", refunded.GetProperty("status").GetString());
        Assert.Equal("refunded", refunded.GetProperty("refund").GetString());
        Assert.Equal(["refund-requested", "refunded"], refunded.GetProperty("history").EnumerateArray().Skip(3).Select(t => t.GetProperty("event").GetString()));
        await api.DrainOutboxAsync();
        Assert.Equal(0, await MoneyScenario.OwedAsync(api, alice));
        Assert.Equal(-13900, (await MoneyScenario.TrialBalanceAsync(api))["refunds/USD"]);
        Assert.Contains(api.MailFiles(), m => m.Contains("To: Alice Expert") && m.Contains("Subject: Refund asked for: Follow-up phone call"));
        await (await OfferScenario.PostAsync(api, carol, offerId, "complete")).Problem(HttpStatusCode.Forbidden);
        await (await OfferScenario.PostAsync(api, alice, offerId, "complete")).Problem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task ARefundRequest_AfterCompletion_IsAllowedWithinTheWindow_AndRefusedAfter()
    {
        var within = await AcceptedOfferAsync(questionPrice: null);
        var after = await AcceptedOfferAsync(questionPrice: null);
        await (await OfferScenario.PostAsync(api, alice, within, "complete")).Json(HttpStatusCode.OK);
        await (await OfferScenario.PostAsync(api, alice, after, "complete")).Json(HttpStatusCode.OK);
        await api.DrainOutboxAsync();

        api.Clock.Advance(TimeSpan.FromDays(29));
        await (await OfferScenario.PostAsync(api, carol, within, "refund-request")).Json(HttpStatusCode.OK);

        api.Clock.Advance(TimeSpan.FromDays(2));
        await api.RunDueJobsAsync();
        var closed = await (await OfferScenario.PostAsync(api, carol, after, "refund-request")).Problem(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("refund-window-closed", closed.GetProperty("code").GetString());
        await api.DrainOutboxAsync();
        Assert.Equal(4410, await MoneyScenario.OwedAsync(api, alice));
    }

    [Fact]
    public async Task ARefundAfterTheExpertWasPaidOut_LeavesThemOwing_NettedFromTheNextPayout()
    {
        var offerId = await AcceptedOfferAsync(questionPrice: null);
        await MoneyScenario.ActivatePayoutsAsync(api, alice);
        await api.RunDueJobsAsync();
        // The next weekly payout slot (Monday 06:00 UTC): the run hands the payee out as an event, its worker pays.
        api.Clock.Set(new DateTimeOffset(2026, 11, 9, 6, 10, 0, TimeSpan.Zero));
        for (var pass = 0; pass < 2; pass++)
        {
            await api.RunDueJobsAsync();
            await api.DrainOutboxAsync();
        }

        Assert.Equal(0, await MoneyScenario.OwedAsync(api, alice));

        // Two days later the transfer has reached the bank (payout.paid): nothing is left in transit to take back from.
        api.Clock.Advance(TimeSpan.FromDays(2) + TimeSpan.FromMinutes(20));
        await api.RunDueJobsAsync();
        await api.DrainOutboxAsync();

        await (await OfferScenario.PostAsync(api, carol, offerId, "refund-request")).Json(HttpStatusCode.OK);
        await api.DrainOutboxAsync();
        Assert.Equal(-4410, await MoneyScenario.OwedAsync(api, alice));
        Assert.Contains(api.MailFiles(), m => m.Contains("deducted from your next payout", StringComparison.Ordinal));
        Assert.Equal(0, (await MoneyScenario.TrialBalanceAsync(api)).Values.Sum());
    }

    public void Dispose() => api.Dispose();
}
