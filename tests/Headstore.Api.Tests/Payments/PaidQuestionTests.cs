using System.Net;
using System.Text.Json;
using Headstore.Api.Tests.Support;
using Headstore.Domain.Payments;

namespace Headstore.Api.Tests.Payments;

/// <summary>Pay-per-question: authorised when asked, captured when the asker accepts an answer, released when withdrawn.</summary>
public sealed class PaidQuestionTests : IDisposable
{
    private readonly ApiFactory api = new();
    private readonly TestUser carol = TestUser.Customer();
    private readonly TestUser alice = TestUser.Expert();

    [Fact]
    public async Task PaidQuestion_CapturedWhenTheAskerRatesTheAnswer_Pays81ToTheExpertAnd9ToThePlatform()
    {
        await Scenario.CreateExpertAsync(api, alice);
        await MoneyScenario.SaveCardAsync(api, carol);

        var (questionId, _) = await MoneyScenario.PaidQuestionAcceptedAsync(api, carol, alice, 9000);

        var receipt = Assert.Single((await MoneyScenario.ReceiptsAsync(api, carol)).EnumerateArray());
        Assert.Equal(questionId, receipt.GetProperty("referenceId").GetString());
        Assert.Equal(9000, receipt.GetProperty("amount").GetProperty("amount").GetInt64());
        Assert.Equal("paid", receipt.GetProperty("status").GetString());
        var breakdown = receipt.GetProperty("breakdown").EnumerateArray().ToDictionary(l => l.GetProperty("label").GetString()!, l => l.GetProperty("amount").GetProperty("amount").GetInt64());
        Assert.Equal(8100, breakdown["Expert's earnings"]);
        Assert.Equal(900, breakdown["Headstore commission (10%)"]);

        var ledger = await MoneyScenario.LedgerAsync(api, alice);
        var lines = ledger.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal([9000, -900], lines.Select(l => l.GetProperty("amount").GetProperty("amount").GetInt64()).ToArray());
        Assert.Contains("Price paid by the customer", lines[0].GetProperty("memo").GetString());
        Assert.Equal("Headstore commission 10%", lines[1].GetProperty("memo").GetString());
        Assert.Equal(questionId, lines[0].GetProperty("references").GetProperty("questionId").GetString());
        Assert.Equal(8100, await MoneyScenario.OwedAsync(api, alice));

        var trial = await MoneyScenario.TrialBalanceAsync(api);
        Assert.Equal(9000, trial["customer-funds/USD"]);
        Assert.Equal(-900, trial["platform-commission/USD"]);
        Assert.Equal(0, trial.Values.Sum());

        var mail = api.MailFiles();
        Assert.Contains(mail, m => m.Contains("Subject: Your receipt: 90.00 USD", StringComparison.Ordinal) && m.Contains("Expert's earnings: 81.00 USD", StringComparison.Ordinal)
            && m.Contains("Headstore commission (10%): 9.00 USD", StringComparison.Ordinal));
        Assert.Contains(mail, m => m.Contains("Subject: You earned 81.00 USD", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RatingTwice_OrDeliveringTheEventAgain_CapturesOnce()
    {
        await Scenario.CreateExpertAsync(api, alice);
        await Scenario.CreateExpertAsync(api, TestUser.Expert("bob"));
        await MoneyScenario.SaveCardAsync(api, carol);
        var (questionId, _) = await MoneyScenario.PaidQuestionAcceptedAsync(api, carol, alice);
        var second = await Scenario.AnswerAsync(api, TestUser.Expert("bob"), questionId);
        await api.ClientFor(carol).PostJson($"/api/answers/{second.GetProperty("id").GetString()}/rating", new { stars = 4 });
        await api.DrainOutboxAsync();

        Assert.Equal(8100, await MoneyScenario.OwedAsync(api, alice));
        Assert.Equal(0, await MoneyScenario.OwedAsync(api, TestUser.Expert("bob")));
        Assert.Single((await MoneyScenario.ReceiptsAsync(api, carol)).EnumerateArray());
    }

    [Fact]
    public async Task AskingPaid_WithoutACard_IsRefused_AndNothingIsWritten()
    {
        var response = await api.ClientFor(carol).PostJson("/api/questions", new
        {
            categoryId = "tax-accounting", title = "How do I claim my home office as a freelancer?", body = "Spare bedroom.", price = new { amount = 9000, currency = "USD" },
        });
        var problem = await response.Problem(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("payment-method-required", problem.GetProperty("code").GetString());
        var mine = await (await api.ClientFor(carol).GetAsync("/api/questions?mine=true")).Json(HttpStatusCode.OK);
        Assert.Empty(mine.GetProperty("items").EnumerateArray());
    }

    [Theory]
    [InlineData(9000, "JPY")]
    [InlineData(9000, "usdx")]
    [InlineData(0, "USD")]
    [InlineData(-100, "USD")]
    [InlineData(10, "USD")]
    [InlineData(100_000_000, "USD")]
    public async Task AskingPaid_WithABadPrice_IsAClearProblem_AndChargesNothing(long amount, string currency)
    {
        await MoneyScenario.SaveCardAsync(api, carol);
        var response = await api.ClientFor(carol).PostJson("/api/questions", new
        {
            categoryId = "tax-accounting", title = "How do I claim my home office as a freelancer?", body = "Spare bedroom.", price = new { amount, currency },
        });
        var problem = await response.Problem(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").EnumerateObject().Any(e => e.Name.StartsWith("price", StringComparison.Ordinal)), problem.ToString());
        Assert.Empty(await MoneyScenario.TrialBalanceAsync(api));
        Assert.Empty((await api.ClientFor(carol).GetAsync("/api/questions?mine=true").ContinueWith(t => t.Result.Json(HttpStatusCode.OK)).Unwrap()).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task ADeclinedCard_IsRefusedWhenSaved_AndACardThatFailsCharges_RefusesThePaidQuestion()
    {
        var declined = await api.ClientFor(carol).PostJson("/api/me/payment-methods", new { paymentMethodId = "pm_card_chargeDeclined" });
        var problem = await declined.Problem(HttpStatusCode.PaymentRequired);
        Assert.Equal("generic-decline", problem.GetProperty("code").GetString());

        await MoneyScenario.SaveCardAsync(api, carol, "pm_card_chargeCustomerFail");
        var response = await api.ClientFor(carol).PostJson("/api/questions", new
        {
            categoryId = "tax-accounting", title = "How do I claim my home office as a freelancer?", body = "Spare bedroom.", price = new { amount = 9000, currency = "USD" },
        });
        Assert.Equal("generic-decline", (await response.Problem(HttpStatusCode.PaymentRequired)).GetProperty("code").GetString());
        await api.DrainOutboxAsync();
        Assert.Empty((await (await api.ClientFor(carol).GetAsync("/api/questions?mine=true")).Json(HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
        Assert.Empty(await MoneyScenario.TrialBalanceAsync(api));
    }

    [Fact]
    public async Task UnknownPaymentMethod_IsABadRequestNamingTheField()
    {
        var response = await api.ClientFor(carol).PostJson("/api/me/payment-methods", new { paymentMethodId = "pm_card_nonsense" });
        await response.Problem(HttpStatusCode.BadRequest, "paymentMethodId");
        await (await api.ClientFor(carol).PostJson("/api/me/payment-methods", new { paymentMethodId = "4242 4242 4242 4242" })).Problem(HttpStatusCode.BadRequest, "paymentMethodId");
    }

    [Fact]
    public async Task TheBrowserCardFlow_ReturnsAClientSecret_ThatNeverReachesTheLogs()
    {
        var setup = await (await api.ClientFor(carol).PostJson("/api/me/payment-methods", new { })).Json(HttpStatusCode.OK);
        var secret = setup.GetProperty("clientSecret").GetString()!;
        Assert.StartsWith("seti_", secret, StringComparison.Ordinal);
        Assert.Equal("requires_payment_method", setup.GetProperty("status").GetString());
        await api.DrainOutboxAsync();
        Assert.DoesNotContain(api.Logs.Lines, l => l.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithdrawingBeforeAcceptance_ReleasesTheHold_ClosesTheQuestion_AndChargesNothing()
    {
        await Scenario.CreateExpertAsync(api, alice);
        await MoneyScenario.SaveCardAsync(api, carol);
        var question = await MoneyScenario.AskPaidAsync(api, carol);
        var questionId = question.GetProperty("id").GetString()!;
        await Scenario.AnswerAsync(api, alice, questionId);

        await (await api.ClientFor(alice).PostAsync($"/api/questions/{questionId}/refund-request", null)).Problem(HttpStatusCode.Forbidden);
        var withdrawn = await (await api.ClientFor(carol).PostAsync($"/api/questions/{questionId}/refund-request", null)).Json(HttpStatusCode.OK);
        Assert.Equal("released", withdrawn.GetProperty("status").GetString());
        await api.DrainOutboxAsync();

        var read = await (await api.ClientFor(carol).GetAsync($"/api/questions/{questionId}")).Json(HttpStatusCode.OK);
        Assert.Equal("closed", read.GetProperty("status").GetString());
        Assert.Empty((await MoneyScenario.ReceiptsAsync(api, carol)).EnumerateArray());
        Assert.Empty(await MoneyScenario.TrialBalanceAsync(api));
        Assert.Contains(api.MailFiles(), m => m.Contains("You were not charged", StringComparison.Ordinal));

        // Withdrawing again changes nothing; a rating now captures nothing.
        await (await api.ClientFor(carol).PostAsync($"/api/questions/{questionId}/refund-request", null)).Json(HttpStatusCode.OK);
    }

    [Fact]
    public async Task WithdrawingAfterAcceptance_IsForSupport()
    {
        await Scenario.CreateExpertAsync(api, alice);
        await MoneyScenario.SaveCardAsync(api, carol);
        var (questionId, _) = await MoneyScenario.PaidQuestionAcceptedAsync(api, carol, alice);
        var problem = await (await api.ClientFor(carol).PostAsync($"/api/questions/{questionId}/refund-request", null)).Problem(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("already-charged", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task AnAnsweredQuestionNobodyRated_IsAcceptedAutomatically_ThreeDaysAfterTheAnswer()
    {
        await Scenario.CreateExpertAsync(api, alice);
        await MoneyScenario.SaveCardAsync(api, carol);
        var question = await MoneyScenario.AskPaidAsync(api, carol);
        await Scenario.AnswerAsync(api, alice, question.GetProperty("id").GetString()!);
        await api.DrainOutboxAsync();

        api.Clock.Advance(TimeSpan.FromDays(2));
        await api.RunDueJobsAsync();
        Assert.Equal(0, await MoneyScenario.OwedAsync(api, alice));

        api.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(20));
        await api.RunDueJobsAsync();
        await api.DrainOutboxAsync();
        Assert.Equal(8100, await MoneyScenario.OwedAsync(api, alice));
    }

    [Fact]
    public async Task AnUnansweredPaidQuestion_IsRenewedBeforeTheHoldLapses_AndReleasedAfterFourteenDays()
    {
        await MoneyScenario.SaveCardAsync(api, carol);
        var question = await MoneyScenario.AskPaidAsync(api, carol);
        var questionId = question.GetProperty("id").GetString()!;
        var paymentId = (await MoneyScenario.Store(api).FindAsync<Headstore.Domain.Questions.Question>(questionId, default))!.PaymentId!;
        async Task<CustomerPayment> Payment() => (await MoneyScenario.Store(api).FindAsync<CustomerPayment>(paymentId, default))!;
        var original = (await Payment()).ProviderPaymentId;

        for (var day = 1; day <= 13; day++)
        {
            api.Clock.Advance(TimeSpan.FromDays(1));
            await api.RunDueJobsAsync();
            await api.DrainOutboxAsync();
            Assert.Equal(PaymentState.Authorised, (await Payment()).State);
        }

        var renewed = await Payment();
        Assert.Equal(2, renewed.Renewals);
        Assert.Contains(original, renewed.PreviousProviderPaymentIds);

        api.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(20));
        await api.RunDueJobsAsync();
        await api.DrainOutboxAsync();
        Assert.Equal(PaymentState.Released, (await Payment()).State);
        Assert.Equal("closed", (await (await api.ClientFor(carol).GetAsync($"/api/questions/{questionId}")).Json(HttpStatusCode.OK)).GetProperty("status").GetString());
        Assert.Empty(await MoneyScenario.TrialBalanceAsync(api));
    }

    public void Dispose() => api.Dispose();
}
