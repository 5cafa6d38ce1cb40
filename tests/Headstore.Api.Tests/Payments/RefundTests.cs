using System.Net;
using System.Net.Http.Json;
using Headstore.Api.Tests.Support;
using Headstore.Domain.Payments;
using Headstore.Domain.Questions;

namespace Headstore.Api.Tests.Payments;

/// <summary>Admin refunds: exact reversal of the refunded part's split, clear problems for bad requests, and exactly once.</summary>
public sealed class RefundTests : IDisposable
{
    private readonly ApiFactory api = new();
    private readonly TestUser carol = TestUser.Customer();
    private readonly TestUser alice = TestUser.Expert();
    private readonly TestUser ada = TestUser.Admin();

    private async Task<string> PaidAsync(long amount = 9000, string currency = "USD")
    {
        await Scenario.CreateExpertAsync(api, alice);
        await MoneyScenario.SaveCardAsync(api, carol);
        var (questionId, _) = await MoneyScenario.PaidQuestionAcceptedAsync(api, carol, alice, amount, currency);
        return (await MoneyScenario.Store(api).FindAsync<Question>(questionId, default))!.PaymentId!;
    }

    [Fact]
    public async Task FullRefund_ReversesTheSplit_ItemisedOnTheExpertsLedger_AndTellsBothSides()
    {
        var paymentId = await PaidAsync();
        var refund = await (await api.ClientFor(ada).PostJson("/api/admin/refunds", new { paymentId })).Json(HttpStatusCode.OK);
        Assert.Equal(9000, refund.GetProperty("refunded").GetProperty("amount").GetInt64());
        Assert.Equal(0, refund.GetProperty("refundable").GetProperty("amount").GetInt64());
        await api.DrainOutboxAsync();

        var lines = (await MoneyScenario.LedgerAsync(api, alice)).GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal([9000, -900, -9000, 900], lines.Select(l => l.GetProperty("amount").GetProperty("amount").GetInt64()).ToArray());
        Assert.Equal("refund", lines[2].GetProperty("kind").GetString());
        Assert.Equal("Headstore commission returned on the refund", lines[3].GetProperty("memo").GetString());
        Assert.Equal(0, await MoneyScenario.OwedAsync(api, alice));

        var trial = await MoneyScenario.TrialBalanceAsync(api);
        Assert.Equal(9000, trial["customer-funds/USD"]);
        Assert.Equal(-9000, trial["refunds/USD"]);
        Assert.False(trial.ContainsKey("platform-commission/USD"));
        Assert.Equal("refunded", Assert.Single((await MoneyScenario.ReceiptsAsync(api, carol)).EnumerateArray()).GetProperty("status").GetString());
        Assert.Contains(api.MailFiles(), m => m.Contains("Subject: Refund of 90.00 USD", StringComparison.Ordinal));
        Assert.Contains(api.MailFiles(), m => m.Contains("Subject: A customer was refunded 90.00 USD", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PartialRefunds_OfAnOddAmount_GiveBackExactlyTheCommissionEarned()
    {
        var paymentId = await PaidAsync(1515, "CHF");
        foreach (var part in new[] { 505, 505, 505 })
        {
            await (await api.ClientFor(ada).PostJson("/api/admin/refunds", new { paymentId, amount = new { amount = part, currency = "CHF" } })).Json(HttpStatusCode.OK);
        }

        var trial = await MoneyScenario.TrialBalanceAsync(api);
        Assert.False(trial.ContainsKey("platform-commission/CHF"), string.Join(", ", trial));
        Assert.False(trial.ContainsKey("expert-payable:expert-alice/CHF"));
        Assert.Equal(0, trial.Values.Sum());
        await (await api.ClientFor(ada).PostJson("/api/admin/refunds", new { paymentId })).Problem(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task BadRefunds_AreClearProblems_AndWriteNothing()
    {
        var paymentId = await PaidAsync();
        var before = await MoneyScenario.TrialBalanceAsync(api);
        var admin = api.ClientFor(ada);

        await (await admin.PostJson("/api/admin/refunds", new { paymentId, amount = new { amount = 9001, currency = "USD" } })).Problem(HttpStatusCode.BadRequest, "amount");
        await (await admin.PostJson("/api/admin/refunds", new { paymentId, amount = new { amount = 0, currency = "USD" } })).Problem(HttpStatusCode.BadRequest, "amount");
        await (await admin.PostJson("/api/admin/refunds", new { paymentId, amount = new { amount = -100, currency = "USD" } })).Problem(HttpStatusCode.BadRequest, "amount");
        await (await admin.PostJson("/api/admin/refunds", new { paymentId, amount = new { amount = 100, currency = "EUR" } })).Problem(HttpStatusCode.BadRequest, "amount");
        await (await admin.PostJson("/api/admin/refunds", new { paymentId, amount = new { amount = 100, currency = "XYZ" } })).Problem(HttpStatusCode.BadRequest);
        await (await admin.PostJson("/api/admin/refunds", new { paymentId, reason = "because" })).Problem(HttpStatusCode.BadRequest, "reason");
        await (await admin.PostJson("/api/admin/refunds", new { paymentId = "pay_nope" })).Problem(HttpStatusCode.NotFound);
        await (await admin.PostJson("/api/admin/refunds", new { })).Problem(HttpStatusCode.BadRequest, "paymentId");
        await (await api.ClientFor(carol).PostJson("/api/admin/refunds", new { paymentId })).Problem(HttpStatusCode.Forbidden);
        await (await api.ClientFor(null).PostJson("/api/admin/refunds", new { paymentId })).Problem(HttpStatusCode.Unauthorized);

        Assert.Equal(before, await MoneyScenario.TrialBalanceAsync(api));
    }

    [Fact]
    public async Task TheSameRefund_Requested50TimesInParallel_PostsOnce()
    {
        var paymentId = await PaidAsync();
        var admin = api.ClientFor(ada);
        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => admin.PostJson("/api/admin/refunds", new { paymentId })));
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.UnprocessableEntity or HttpStatusCode.Conflict, r.StatusCode.ToString()));
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.OK);

        var trial = await MoneyScenario.TrialBalanceAsync(api);
        Assert.Equal(-9000, trial["refunds/USD"]);
        Assert.Equal(0, await MoneyScenario.OwedAsync(api, alice));
        var payment = await MoneyScenario.Store(api).FindAsync<CustomerPayment>(paymentId, default);
        Assert.Single(payment!.Refunds);
    }

    [Fact]
    public async Task APartialRefund_Sent50TimesInParallelWithOneIdempotencyKey_PostsOnce()
    {
        var paymentId = await PaidAsync();
        var admin = api.ClientFor(ada);
        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/admin/refunds") { Content = JsonContent.Create(new { paymentId, amount = new { amount = 1000, currency = "USD" } }) };
            request.Headers.Add("Idempotency-Key", "refund-once-please");
            return admin.SendAsync(request);
        }));
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, r.StatusCode.ToString()));
        Assert.Equal(-1000, (await MoneyScenario.TrialBalanceAsync(api))["refunds/USD"]);
    }

    public void Dispose() => api.Dispose();
}
