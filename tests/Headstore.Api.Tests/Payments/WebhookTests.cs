using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Headstore.Api.Tests.Support;
using Headstore.Domain.Payments;
using Headstore.Domain.Questions;

namespace Headstore.Api.Tests.Payments;

/// <summary>The Stripe webhook: verified by signature, each event processed once, late or repeated news changes nothing.</summary>
public sealed class WebhookTests : IDisposable
{
    private readonly ApiFactory api = MoneyScenario.WithWebhooks();
    private readonly TestUser carol = TestUser.Customer();
    private readonly TestUser alice = TestUser.Expert();
    private readonly TestUser ada = TestUser.Admin();

    private long Now => api.Clock.GetUtcNow().ToUnixTimeSeconds();

    private async Task<CustomerPayment> PaidAsync(long amount = 9000)
    {
        await Scenario.CreateExpertAsync(api, alice);
        await MoneyScenario.SaveCardAsync(api, carol);
        var (questionId, _) = await MoneyScenario.PaidQuestionAcceptedAsync(api, carol, alice, amount);
        var paymentId = (await MoneyScenario.Store(api).FindAsync<Question>(questionId, default))!.PaymentId!;
        return (await MoneyScenario.Store(api).FindAsync<CustomerPayment>(paymentId, default))!;
    }

    [Fact]
    public async Task BadSignatures_StaleTimestamps_AndGarbage_AreRejected_AndNothingIsProcessed()
    {
        var payment = await PaidAsync();
        var before = await MoneyScenario.TrialBalanceAsync(api);
        var refund = StripeEventJson.Event("evt_bad", "charge.refunded", StripeEventJson.Charge(payment.ProviderPaymentId, 9000, 9000, "usd"), Now);

        var wrongSecret = await MoneyScenario.DeliverAsync(api, refund, secret: "whsec_someone_else");
        Assert.Equal("webhook-signature-invalid", (await wrongSecret.Problem(HttpStatusCode.BadRequest)).GetProperty("code").GetString());
        var stale = await MoneyScenario.DeliverAsync(api, refund, signedAt: api.Clock.GetUtcNow().AddSeconds(-301));
        Assert.Equal("webhook-timestamp-out-of-tolerance", (await stale.Problem(HttpStatusCode.BadRequest)).GetProperty("code").GetString());
        var unsigned = await api.ClientFor(null).PostAsync("/api/webhooks/stripe", new StringContent(refund, Encoding.UTF8, "application/json"));
        await unsigned.Problem(HttpStatusCode.BadRequest);
        var garbage = await MoneyScenario.DeliverAsync(api, "{\"not\":\"an event\"}");
        Assert.Equal("webhook-event-malformed", (await garbage.Problem(HttpStatusCode.BadRequest)).GetProperty("code").GetString());

        Assert.Equal(before, await MoneyScenario.TrialBalanceAsync(api));
        Assert.DoesNotContain(api.Logs.Lines, l => l.Contains(MoneyScenario.WebhookSecret, StringComparison.Ordinal));

        // The same event, properly signed within 300 seconds, is accepted.
        var accepted = await (await MoneyScenario.DeliverAsync(api, refund, signedAt: api.Clock.GetUtcNow().AddSeconds(-299))).Json(HttpStatusCode.OK);
        Assert.Equal("applied", accepted.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task WithoutAWebhookSecret_TheEndpointIsClosed()
    {
        using var closed = new ApiFactory();
        var response = await MoneyScenario.DeliverAsync(closed, StripeEventJson.Event("evt_1", "customer.created", new JsonObject { ["id"] = "cus_1" }, Now));
        Assert.Equal("webhooks-not-configured", (await response.Problem(HttpStatusCode.ServiceUnavailable)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task ARefundMadeInTheDashboard_IsPostedOnce_AndStaleNewsChangesNothing()
    {
        var payment = await PaidAsync();
        var pi = payment.ProviderPaymentId;
        var first = StripeEventJson.Event("evt_r1", "charge.refunded", StripeEventJson.Charge(pi, 9000, 3000, "usd"), Now, new JsonObject { ["amount_refunded"] = 0 });
        var second = StripeEventJson.Event("evt_r2", "charge.refunded", StripeEventJson.Charge(pi, 9000, 5000, "usd"), Now, new JsonObject { ["amount_refunded"] = 3000 });

        Assert.Equal("applied", (await (await MoneyScenario.DeliverAsync(api, second)).Json(HttpStatusCode.OK)).GetProperty("outcome").GetString());
        Assert.Equal("duplicate", (await (await MoneyScenario.DeliverAsync(api, second)).Json(HttpStatusCode.OK)).GetProperty("outcome").GetString());
        Assert.Equal("applied", (await (await MoneyScenario.DeliverAsync(api, first)).Json(HttpStatusCode.OK)).GetProperty("outcome").GetString());

        // A different event id telling old news (cumulative 3000) finds nothing new to post.
        var stale = StripeEventJson.Event("evt_r0", "charge.refunded", StripeEventJson.Charge(pi, 9000, 3000, "usd"), Now);
        Assert.Equal("nothingToDo", (await (await MoneyScenario.DeliverAsync(api, stale)).Json(HttpStatusCode.OK)).GetProperty("outcome").GetString());

        var trial = await MoneyScenario.TrialBalanceAsync(api);
        Assert.Equal(-5000, trial["refunds/USD"]);
        Assert.Equal(8100 - 4500, await MoneyScenario.OwedAsync(api, alice));
    }

    [Fact]
    public async Task ADispute_FreezesTheEarnings_AlertsTheAdmin_AndIsListed_ThenWinningReleasesThem()
    {
        var payment = await PaidAsync();
        var pi = payment.ProviderPaymentId;
        await (await MoneyScenario.DeliverAsync(api, StripeEventJson.Event("evt_d1", "charge.dispute.created", StripeEventJson.Dispute("dp_1", pi, 9000, "usd", "needs_response"), Now))).Json(HttpStatusCode.OK);
        await api.DrainOutboxAsync();

        Assert.Equal(0, await MoneyScenario.OwedAsync(api, alice));
        Assert.Equal(-9000, (await MoneyScenario.TrialBalanceAsync(api))["disputes/USD"]);
        var disputes = await (await api.ClientFor(ada).GetAsync("/api/admin/disputes")).Json(HttpStatusCode.OK);
        var dispute = Assert.Single(disputes.GetProperty("items").EnumerateArray());
        Assert.Equal("dp_1", dispute.GetProperty("disputeId").GetString());
        Assert.Equal("expert-alice", dispute.GetProperty("expertId").GetString());
        Assert.Contains(api.MailFiles(), m => m.Contains("To: Headstore admin <admin@headstore.local>", StringComparison.Ordinal) && m.Contains("Card dispute opened: 90.00 USD", StringComparison.Ordinal));
        await (await api.ClientFor(carol).GetAsync("/api/admin/disputes")).Problem(HttpStatusCode.Forbidden);
        var refund = await api.ClientFor(ada).PostJson("/api/admin/refunds", new { paymentId = payment.Id.Value });
        Assert.Equal("payment-disputed", (await refund.Problem(HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString());

        await (await MoneyScenario.DeliverAsync(api, StripeEventJson.Event("evt_d2", "charge.dispute.closed", StripeEventJson.Dispute("dp_1", pi, 9000, "usd", "won"), Now))).Json(HttpStatusCode.OK);
        Assert.Equal(8100, await MoneyScenario.OwedAsync(api, alice));
        Assert.Empty((await (await api.ClientFor(ada).GetAsync("/api/admin/disputes?status=open")).Json(HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
        Assert.Equal("won", Assert.Single((await (await api.ClientFor(ada).GetAsync("/api/admin/disputes?status=closed")).Json(HttpStatusCode.OK)).GetProperty("items").EnumerateArray()).GetProperty("outcome").GetString());
        await (await api.ClientFor(ada).GetAsync("/api/admin/disputes?status=maybe")).Problem(HttpStatusCode.BadRequest, "status");
    }

    [Fact]
    public async Task ALostDispute_EndsLikeARefund()
    {
        var payment = await PaidAsync();
        await (await MoneyScenario.DeliverAsync(api, StripeEventJson.Event("evt_d2", "charge.dispute.closed", StripeEventJson.Dispute("dp_2", payment.ProviderPaymentId, 9000, "usd", "lost"), Now))).Json(HttpStatusCode.OK);
        var trial = await MoneyScenario.TrialBalanceAsync(api);
        Assert.Equal(0, await MoneyScenario.OwedAsync(api, alice));
        Assert.False(trial.ContainsKey("platform-commission/USD"));
        Assert.False(trial.ContainsKey("disputes/USD"));
        Assert.False(trial.ContainsKey("customer-funds/USD"));
    }

    [Fact]
    public async Task TheSandboxesDisputeCard_RaisesItsDisputeThroughTheSameHandler()
    {
        await Scenario.CreateExpertAsync(api, alice);
        await MoneyScenario.SaveCardAsync(api, carol, "pm_card_createDispute");
        await MoneyScenario.PaidQuestionAcceptedAsync(api, carol, alice);
        await api.DrainOutboxAsync();
        var disputes = await (await api.ClientFor(ada).GetAsync("/api/admin/disputes")).Json(HttpStatusCode.OK);
        Assert.Single(disputes.GetProperty("items").EnumerateArray());
        Assert.Equal(0, await MoneyScenario.OwedAsync(api, alice));
    }

    [Fact]
    public async Task ACaptureMadeInTheDashboard_IsPostedFromItsWebhook()
    {
        await Scenario.CreateExpertAsync(api, alice);
        await MoneyScenario.SaveCardAsync(api, carol);
        var question = await MoneyScenario.AskPaidAsync(api, carol);
        var questionId = question.GetProperty("id").GetString()!;
        await Scenario.AnswerAsync(api, alice, questionId);
        var payment = (await MoneyScenario.Store(api).FindAsync<CustomerPayment>((await MoneyScenario.Store(api).FindAsync<Question>(questionId, default))!.PaymentId!, default))!;

        var captured = StripeEventJson.Event("evt_c1", "payment_intent.succeeded", StripeEventJson.PaymentIntent(payment.ProviderPaymentId, 9000, "usd", "succeeded", received: 7000), Now);
        await (await MoneyScenario.DeliverAsync(api, captured)).Json(HttpStatusCode.OK);
        Assert.Equal(6300, await MoneyScenario.OwedAsync(api, alice));
        Assert.Equal("paid", Assert.Single((await MoneyScenario.ReceiptsAsync(api, carol)).EnumerateArray()).GetProperty("status").GetString());
    }

    public void Dispose() => api.Dispose();
}
