using System.Net;
using System.Text.Json;
using Headstore.Api.Tests.Support;

namespace Headstore.Api.Tests.Offers;

/// <summary>Premium services on a question: sending, accepting (charged up front), declining, withdrawing, refusals.</summary>
public sealed class OfferJourneyTests : IDisposable
{
    private readonly ApiFactory api = new();
    private readonly TestUser carol = TestUser.Customer("carol");
    private readonly TestUser dan = TestUser.Customer("dan");
    private readonly TestUser alice = TestUser.Expert("alice");
    private readonly TestUser bob = TestUser.Expert("bob");
    private readonly TestUser ada = TestUser.Admin();

    private static string[] Events(JsonElement offer) => offer.GetProperty("history").EnumerateArray().Select(t => t.GetProperty("event").GetString()!).ToArray();

    private static long[] Minor(JsonElement money) => money.EnumerateArray().Select(m => m.GetProperty("amount").GetInt64()).ToArray();

    private static long[] Amounts(JsonElement items) => items.EnumerateArray().Select(i => i.GetProperty("amount").GetProperty("amount").GetInt64()).ToArray();

    [Fact]
    public async Task OnlyTheExpertWhoAnswered_CanSendAnOffer_TheCustomerIsEmailed_AndItStaysOnBothLists()
    {
        await Scenario.CreateExpertAsync(api, alice);
        await Scenario.CreateExpertAsync(api, bob, Scenario.ExpertProfile("Bob Expert"));
        var questionId = (await Scenario.AskAsync(api, carol)).GetProperty("id").GetString()!;

        var notAnswered = await (await OfferScenario.SendAsync(api, alice, questionId)).Problem(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("question-not-answered", notAnswered.GetProperty("code").GetString());
        await Scenario.AnswerAsync(api, alice, questionId);

        await (await OfferScenario.SendAsync(api, bob, questionId)).Problem(HttpStatusCode.Forbidden);
        await (await OfferScenario.SendAsync(api, carol, questionId)).Problem(HttpStatusCode.Forbidden);
        await (await api.ClientFor(null).PostJson($"/api/questions/{questionId}/offers", new { })).Problem(HttpStatusCode.Unauthorized);
        await (await OfferScenario.SendAsync(api, alice, "q_does_not_exist")).Problem(HttpStatusCode.NotFound);

        var response = await OfferScenario.SendAsync(api, alice, questionId);
        var offer = await response.Json(HttpStatusCode.Created);
        var offerId = offer.GetProperty("id").GetString()!;
        Assert.Equal($"/api/offers/{offerId}", response.Headers.Location?.ToString());
        Assert.Equal("open", offer.GetProperty("status").GetString());
        Assert.Equal("phone-call", offer.GetProperty("service").GetProperty("kind").GetString());
        Assert.Equal("Follow-up phone call", offer.GetProperty("service").GetProperty("name").GetString());
        Assert.Equal(4900, offer.GetProperty("price").GetProperty("amount").GetInt64());
        Assert.Equal(api.Clock.GetUtcNow().AddDays(30), offer.GetProperty("expiresAt").GetDateTimeOffset());
        await api.DrainOutboxAsync();

        var mail = Assert.Single(api.MailFiles(), m => m.Contains("To: Carol Customer <carol@example.com>") && m.Contains("offered you"));
        Assert.Contains("Subject: Alice Expert offered you Follow-up phone call", mail);
        Assert.Contains("49.00 USD", mail);
        Assert.Contains(offerId, mail);

        var mine = await (await api.ClientFor(carol).GetAsync("/api/me/offers?status=open")).Json(HttpStatusCode.OK);
        var listed = Assert.Single(mine.GetProperty("items").EnumerateArray());
        Assert.Equal(offerId, listed.GetProperty("id").GetString());
        Assert.Equal("customer", listed.GetProperty("myRole").GetString());
        var sent = await (await api.ClientFor(alice).GetAsync("/api/me/offers")).Json(HttpStatusCode.OK);
        Assert.Equal("expert", Assert.Single(sent.GetProperty("items").EnumerateArray()).GetProperty("myRole").GetString());
        Assert.Empty((await (await api.ClientFor(dan).GetAsync("/api/me/offers")).Json(HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
        await (await api.ClientFor(carol).GetAsync("/api/me/offers?status=accepted-ish")).Problem(HttpStatusCode.BadRequest, "status");

        await (await api.ClientFor(dan).GetAsync($"/api/offers/{offerId}")).Problem(HttpStatusCode.NotFound);
        await (await api.ClientFor(bob).GetAsync($"/api/offers/{offerId}")).Problem(HttpStatusCode.NotFound);
        Assert.Equal("admin", (await OfferScenario.GetAsync(api, ada, offerId)).GetProperty("myRole").GetString());
        var read = await OfferScenario.GetAsync(api, carol, offerId);
        Assert.Equal(4900, Assert.Single(Minor(read.GetProperty("chargedOnAcceptance"))));
    }

    [Fact]
    public async Task SendingAnOffer_WithBadInput_IsAClearProblem_AndSendsNothing()
    {
        var (questionId, _) = await OfferScenario.AnsweredAsync(api, carol, alice);
        var client = api.ClientFor(alice);
        async Task Refused(object body, string field) =>
            await (await client.PostJson($"/api/questions/{questionId}/offers", body)).Problem(HttpStatusCode.BadRequest, field);

        await Refused(new { serviceId = "teleportation", deliverable = "Something useful delivered.", price = new { amount = 4900, currency = "USD" } }, "serviceId");
        await Refused(new { serviceId = "website-work", deliverable = "Law has no website work here.", price = new { amount = 4900, currency = "USD" } }, "serviceId");
        await Refused(new { serviceId = "phone-call", customServiceName = "Both", deliverable = "Something useful delivered.", price = new { amount = 4900, currency = "USD" } }, "serviceId");
        await Refused(new { deliverable = "Something useful delivered.", price = new { amount = 4900, currency = "USD" } }, "serviceId");
        await Refused(new { serviceId = "phone-call", deliverable = "Call me on 020 7946 0958 after six.", price = new { amount = 4900, currency = "USD" } }, "deliverable");
        await Refused(new { serviceId = "phone-call", price = new { amount = 4900, currency = "USD" } }, "deliverable");
        await Refused(new { customServiceName = "Mail alice@example.com", deliverable = "Something useful delivered.", price = new { amount = 4900, currency = "USD" } }, "customServiceName");
        await Refused(new { serviceId = "phone-call", deliverable = "Something useful delivered.", price = new { amount = 4900, currency = "GBP" } }, "price");
        await Refused(new { serviceId = "phone-call", deliverable = "Something useful delivered.", price = new { amount = 10, currency = "USD" } }, "price");
        await Refused(new { serviceId = "phone-call", deliverable = "Something useful delivered.", price = new { amount = 100_000_000, currency = "USD" } }, "price");
        await Refused(new { serviceId = "phone-call", deliverable = "Something useful delivered." }, "price");
        await (await client.PostJson($"/api/questions/{questionId}/offers", new { serviceId = "phone-call", deliverable = "Something.", price = new { amount = 4900, currency = "JPY" } })).Problem(HttpStatusCode.BadRequest);

        await Scenario.CreateExpertAsync(api, bob, Scenario.ExpertProfile("Bob Expert"));
        await api.DrainOutboxAsync();
        Assert.Empty((await (await api.ClientFor(carol).GetAsync("/api/me/offers")).Json(HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
        Assert.DoesNotContain(api.MailFiles(), m => m.Contains("offered you"));

        var noProfile = TestUser.Expert("zed");
        await (await OfferScenario.SendAsync(api, noProfile, questionId)).Problem(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Accepting_OnAPaidQuestionStillHeld_ChargesBothUpFront_CreditsTheExpertLessCommission_RatesTheAnswer_AndTellsTheExpert()
    {
        var (questionId, answerId, offerId) = await OfferScenario.OfferedAsync(api, carol, alice, questionPrice: 9000, amount: 4900);
        var toPay = Minor((await OfferScenario.GetAsync(api, carol, offerId)).GetProperty("chargedOnAcceptance"));
        Assert.Equal([9000, 4900], toPay);

        var accepted = await OfferScenario.AcceptedAsync(api, carol, offerId);
        Assert.Equal(2, accepted.GetProperty("payments").GetArrayLength());
        Assert.Equal(["sent", "accept-requested", "accepted"], Events(accepted));
        var acceptedBy = accepted.GetProperty("history")[2];
        Assert.Equal("customer-carol", acceptedBy.GetProperty("by").GetString());
        Assert.Equal(api.Clock.GetUtcNow(), acceptedBy.GetProperty("at").GetDateTimeOffset());

        var receipts = await MoneyScenario.ReceiptsAsync(api, carol);
        Assert.Equal(2, receipts.GetArrayLength());
        Assert.Equal(["offer", "question"], receipts.EnumerateArray().Select(r => r.GetProperty("purpose").GetString()).Order());
        Assert.Equal(13900, Amounts(receipts).Sum());

        Assert.Equal(8100 + 4410, await MoneyScenario.OwedAsync(api, alice));
        var lines = (await MoneyScenario.LedgerAsync(api, alice)).GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal([-900, -490, 4900, 9000], lines.Select(l => l.GetProperty("amount").GetProperty("amount").GetInt64()).Order());
        Assert.Contains(lines, l => l.GetProperty("memo").GetString()!.Contains("Premium service: Follow-up phone call", StringComparison.Ordinal));
        var trial = await MoneyScenario.TrialBalanceAsync(api);
        Assert.Equal(13900, trial["customer-funds/USD"]);
        Assert.Equal(-1390, trial["platform-commission/USD"]);
        Assert.Equal(0, trial.Values.Sum());

        var question = await (await api.ClientFor(carol).GetAsync($"/api/questions/{questionId}")).Json(HttpStatusCode.OK);
        Assert.Equal(5, question.GetProperty("answers").EnumerateArray().Single(a => a.GetProperty("id").GetString() == answerId).GetProperty("stars").GetInt32());

        var mail = api.MailFiles();
        Assert.Contains(mail, m => m.Contains("To: Alice Expert <alice@example.com>") && m.Contains("Subject: Offer accepted: Follow-up phone call"));
        Assert.Contains(mail, m => m.Contains("Subject: You earned 44.10 USD"));
        Assert.Contains(mail, m => m.Contains("Subject: Your receipt: 49.00 USD"));
        var requests = await (await api.ClientFor(alice).GetAsync("/api/me/offers?status=in-progress")).Json(HttpStatusCode.OK);
        Assert.Equal(offerId, Assert.Single(requests.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());

        // Rating the answer now (already five stars automatically) or delivering the events again charges nothing more.
        await api.DrainOutboxAsync();
        Assert.Equal(13900, (await MoneyScenario.TrialBalanceAsync(api))["customer-funds/USD"]);
    }

    [Fact]
    public async Task TheQuestionsPrice_IsChargedOnlyWhileStillDue_NotWhenFree_AlreadyPaid_OrCoveredByMembership()
    {
        await MoneyScenario.SaveCardAsync(api, carol);

        var (freeQuestion, _) = await OfferScenario.AnsweredAsync(api, carol, alice, title: "A free question about my home office");
        var onFree = await OfferScenario.SentAsync(api, alice, freeQuestion);
        Assert.Equal(1, (await OfferScenario.AcceptedAsync(api, carol, onFree)).GetProperty("payments").GetArrayLength());

        var (paidQuestion, paidAnswer) = await OfferScenario.AnsweredAsync(api, carol, alice, price: 9000, title: "A paid question I rated already");
        await (await api.ClientFor(carol).PostJson($"/api/answers/{paidAnswer}/rating", new { stars = 4 })).Json(HttpStatusCode.OK);
        await api.DrainOutboxAsync();
        var onPaid = await OfferScenario.SentAsync(api, alice, paidQuestion, amount: 2000);
        var toPay = Minor((await OfferScenario.GetAsync(api, carol, onPaid)).GetProperty("chargedOnAcceptance"));
        Assert.Equal([2000], toPay);
        Assert.Equal(1, (await OfferScenario.AcceptedAsync(api, carol, onPaid)).GetProperty("payments").GetArrayLength());
        var rated = await (await api.ClientFor(carol).GetAsync($"/api/questions/{paidQuestion}")).Json(HttpStatusCode.OK);
        Assert.Equal(4, rated.GetProperty("answers")[0].GetProperty("stars").GetInt32());

        await (await api.ClientFor(carol).PutJson("/api/me/plan", new { planId = "member" })).Json(HttpStatusCode.OK);
        var member = await (await api.ClientFor(carol).PostJson("/api/questions", new { categoryId = "tax-accounting", title = "A question my membership covers", body = "Spare room.", price = new { amount = 9000, currency = "USD" } })).Json(HttpStatusCode.Created);
        Assert.True(member.GetProperty("coveredByPlan").GetBoolean());
        var memberQuestion = member.GetProperty("id").GetString()!;
        await Scenario.AnswerAsync(api, alice, memberQuestion);
        var onMember = await OfferScenario.SentAsync(api, alice, memberQuestion, amount: 3000);
        Assert.Equal(1, (await OfferScenario.AcceptedAsync(api, carol, onMember)).GetProperty("payments").GetArrayLength());

        var receipts = await MoneyScenario.ReceiptsAsync(api, carol);
        Assert.Equal([1900, 2000, 3000, 4900, 9000], Amounts(receipts).Order());
        Assert.Equal((9000 - 900) + 4410 + 1800 + 2700, await MoneyScenario.OwedAsync(api, alice));
    }

    [Fact]
    public async Task Accepting_IsRefused_ForTheWrongPeople_WithoutACard_AndWhenNotOpen()
    {
        var (_, _, offerId) = await OfferScenario.OfferedAsync(api, carol, alice);
        await (await OfferScenario.PostAsync(api, null, offerId, "accept")).Problem(HttpStatusCode.Unauthorized);
        await (await OfferScenario.PostAsync(api, dan, offerId, "accept")).Problem(HttpStatusCode.NotFound);
        await (await OfferScenario.PostAsync(api, alice, offerId, "accept")).Problem(HttpStatusCode.Forbidden);
        await (await OfferScenario.PostAsync(api, ada, offerId, "accept")).Problem(HttpStatusCode.Forbidden);
        await (await OfferScenario.PostAsync(api, carol, "off_does_not_exist", "accept")).Problem(HttpStatusCode.NotFound);

        var (_, _, danOffer) = await OfferScenario.OfferedAsync(api, dan, alice);
        await (await api.ClientFor(carol).GetAsync($"/api/offers/{danOffer}")).Problem(HttpStatusCode.NotFound);

        var eve = TestUser.Customer("eve");
        var (eveQuestion, _) = await OfferScenario.AnsweredAsync(api, eve, alice, title: "Eve has no card saved yet");
        var eveOffer = await OfferScenario.SentAsync(api, alice, eveQuestion);
        var noCard = await (await OfferScenario.PostAsync(api, eve, eveOffer, "accept")).Problem(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("payment-method-required", noCard.GetProperty("code").GetString());

        await OfferScenario.AcceptedAsync(api, carol, offerId);
        Assert.Equal("already-accepted", (await (await OfferScenario.PostAsync(api, carol, offerId, "accept")).Problem(HttpStatusCode.Conflict)).GetProperty("code").GetString());
        await (await OfferScenario.PostAsync(api, carol, offerId, "decline")).Problem(HttpStatusCode.Conflict);
        await (await OfferScenario.PostAsync(api, alice, offerId, "withdraw")).Problem(HttpStatusCode.Conflict);

        await (await OfferScenario.PostAsync(api, dan, danOffer, "decline", new { reason = "Not now, thanks" })).Json(HttpStatusCode.OK);
        var notOpen = await (await OfferScenario.PostAsync(api, dan, danOffer, "accept")).Problem(HttpStatusCode.Conflict);
        Assert.Equal("offer-not-open", notOpen.GetProperty("code").GetString());
        Assert.Single(await MoneyScenario.ReceiptsAsync(api, carol).ContinueWith(t => t.Result.EnumerateArray().ToArray()));
    }

    [Fact]
    public async Task Accepting_WithAnIdempotencyKey_ReplaysTheSameAnswer_AndChargesOnce()
    {
        var (_, _, offerId) = await OfferScenario.OfferedAsync(api, carol, alice);
        async Task<HttpResponseMessage> AcceptWithKey()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/offers/{offerId}/accept");
            request.Headers.Add("Idempotency-Key", "accept-once-7f3a");
            return await api.ClientFor(carol).SendAsync(request);
        }

        var first = await (await AcceptWithKey()).Json(HttpStatusCode.OK);
        var again = await AcceptWithKey();
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first.GetProperty("id").GetString(), (await again.Json(HttpStatusCode.OK)).GetProperty("id").GetString());
        await api.DrainOutboxAsync();
        Assert.Equal(1, await OfferScenario.ChargesOfAsync(api, offerId));
        Assert.Equal(4900, (await MoneyScenario.TrialBalanceAsync(api))["customer-funds/USD"]);
    }

    [Fact]
    public async Task AQuestionWhoseHoldTheAskerWithdrew_IsClosed_ItsOffersCannotBeAccepted_AndNoNewOnesSent()
    {
        var (questionId, _, offerId) = await OfferScenario.OfferedAsync(api, carol, alice, questionPrice: 9000);
        await (await api.ClientFor(carol).PostAsync($"/api/questions/{questionId}/refund-request", null)).Json(HttpStatusCode.OK);

        var closed = await (await OfferScenario.PostAsync(api, carol, offerId, "accept")).Problem(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("question-closed", closed.GetProperty("code").GetString());
        Assert.Equal("question-closed", (await (await OfferScenario.SendAsync(api, alice, questionId)).Problem(HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString());
        Assert.Equal("open", (await OfferScenario.GetAsync(api, carol, offerId)).GetProperty("status").GetString());
        Assert.Empty(await MoneyScenario.TrialBalanceAsync(api));
    }

    [Fact]
    public async Task ADeclinedCard_LeavesEverythingAsItWas_AndSaysWhy_ThenAGoodCardAccepts()
    {
        await MoneyScenario.SaveCardAsync(api, carol, "pm_card_chargeCustomerFail");
        var (questionId, answerId) = await OfferScenario.AnsweredAsync(api, carol, alice);
        var offerId = await OfferScenario.SentAsync(api, alice, questionId);
        await api.DrainOutboxAsync();
        var mailBefore = api.MailFiles().Count;

        var declined = await (await OfferScenario.PostAsync(api, carol, offerId, "accept")).Problem(HttpStatusCode.PaymentRequired);
        Assert.Equal("generic-decline", declined.GetProperty("code").GetString());
        Assert.Contains("declined", declined.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        await api.DrainOutboxAsync();

        var offer = await OfferScenario.GetAsync(api, carol, offerId);
        Assert.Equal("open", offer.GetProperty("status").GetString());
        Assert.Equal("generic-decline", offer.GetProperty("lastChargeFailure").GetString());
        Assert.Empty(offer.GetProperty("payments").EnumerateArray());
        Assert.Empty(await MoneyScenario.TrialBalanceAsync(api));
        Assert.Empty((await MoneyScenario.ReceiptsAsync(api, carol)).EnumerateArray());
        var question = await (await api.ClientFor(carol).GetAsync($"/api/questions/{questionId}")).Json(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, question.GetProperty("answers")[0].GetProperty("stars").ValueKind);
        await (await api.ClientFor(carol).GetAsync($"/api/questions/{questionId}/private-info")).Problem(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(mailBefore, api.MailFiles().Count);
        Assert.Equal(0, await MoneyScenario.OwedAsync(api, alice));

        await MoneyScenario.SaveCardAsync(api, carol, "pm_card_visa");
        var accepted = await OfferScenario.AcceptedAsync(api, carol, offerId);
        Assert.Equal(JsonValueKind.Null, accepted.GetProperty("lastChargeFailure").ValueKind);
        Assert.Equal(["sent", "accept-requested", "charge-failed", "accept-requested", "accepted"], Events(accepted));
        Assert.Equal(4900, (await MoneyScenario.TrialBalanceAsync(api))["customer-funds/USD"]);
        _ = answerId;
    }

    [Fact]
    public async Task Declining_AndWithdrawing_AreForTheRightParty_AndTellTheOther()
    {
        var (questionId, _, first) = await OfferScenario.OfferedAsync(api, carol, alice);
        var second = await OfferScenario.SentAsync(api, alice, questionId, "research-report", 15000);

        await (await OfferScenario.PostAsync(api, alice, first, "decline")).Problem(HttpStatusCode.Forbidden);
        await (await OfferScenario.PostAsync(api, carol, second, "withdraw")).Problem(HttpStatusCode.Forbidden);
        await (await OfferScenario.PostAsync(api, carol, first, "decline", new { reason = new string('x', 1001) })).Problem(HttpStatusCode.BadRequest, "reason");

        var declined = await (await OfferScenario.PostAsync(api, carol, first, "decline", new { reason = "I found the answer enough" })).Json(HttpStatusCode.OK);
        Assert.Equal("declined", declined.GetProperty("status").GetString());
        Assert.Equal("I found the answer enough", declined.GetProperty("history").EnumerateArray().Last().GetProperty("reason").GetString());
        var withdrawn = await (await OfferScenario.PostAsync(api, alice, second, "withdraw")).Json(HttpStatusCode.OK);
        Assert.Equal("withdrawn", withdrawn.GetProperty("status").GetString());
        await api.DrainOutboxAsync();

        Assert.Contains(api.MailFiles(), m => m.Contains("To: Alice Expert") && m.Contains("Subject: Offer declined: Follow-up phone call"));
        Assert.Contains(api.MailFiles(), m => m.Contains("To: Carol Customer") && m.Contains("Subject: Offer withdrawn: In-depth research and report"));
        Assert.Empty(await MoneyScenario.TrialBalanceAsync(api));
        Assert.Equal(2, (await (await api.ClientFor(carol).GetAsync("/api/me/offers")).Json(HttpStatusCode.OK)).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task AnOpenOffer_CanBeAcceptedDaysLater_TheCustomerIsRemindedAfter48Hours_AndAnOfferLeftAloneExpires()
    {
        var (questionId, _, later) = await OfferScenario.OfferedAsync(api, carol, alice);
        var leftAlone = await OfferScenario.SentAsync(api, alice, questionId, "research-report", 15000);
        await api.DrainOutboxAsync();

        api.Clock.Advance(TimeSpan.FromHours(47));
        await api.RunDueJobsAsync();
        await api.DrainOutboxAsync();
        Assert.DoesNotContain(api.MailFiles(), m => m.Contains("is waiting"));

        api.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(5));
        await api.RunDueJobsAsync();
        await api.DrainOutboxAsync();
        Assert.Equal(2, api.MailFiles().Count(m => m.Contains("Subject: Your offer from Alice Expert is waiting")));
        Assert.Equal("reminded", Events(await OfferScenario.GetAsync(api, carol, later))[^1]);

        api.Clock.Advance(TimeSpan.FromDays(3));
        await api.RunDueJobsAsync();
        await api.DrainOutboxAsync();
        Assert.Equal(2, api.MailFiles().Count(m => m.Contains("is waiting")));
        await OfferScenario.AcceptedAsync(api, carol, later);

        api.Clock.Advance(TimeSpan.FromDays(27));
        await api.RunDueJobsAsync();
        await api.DrainOutboxAsync();
        Assert.Equal("expired", (await OfferScenario.GetAsync(api, carol, leftAlone)).GetProperty("status").GetString());
        Assert.Contains(api.MailFiles(), m => m.Contains("To: Carol Customer") && m.Contains("Subject: Offer expired"));
        Assert.Contains(api.MailFiles(), m => m.Contains("To: Alice Expert") && m.Contains("Subject: Offer expired"));
        Assert.Equal("offer-not-open", (await (await OfferScenario.PostAsync(api, carol, leftAlone, "accept")).Problem(HttpStatusCode.Conflict)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task AnAcceptanceInterruptedAfterTheClaim_IsFinishedByTheLifecycleTimer_AndChargesOnce()
    {
        var (_, _, offerId) = await OfferScenario.OfferedAsync(api, carol, alice, questionPrice: 9000);
        await OfferInterruption.ClaimAndChargeWithoutRecordingAsync(api, offerId);
        Assert.Equal("accepting", (await OfferScenario.GetAsync(api, carol, offerId)).GetProperty("status").GetString());
        await (await OfferScenario.PostAsync(api, carol, offerId, "decline")).Problem(HttpStatusCode.Conflict);
        await (await OfferScenario.PostAsync(api, alice, offerId, "withdraw")).Problem(HttpStatusCode.Conflict);
        await api.DrainOutboxAsync();

        api.Clock.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));
        await api.RunDueJobsAsync();
        await api.DrainOutboxAsync();

        var offer = await OfferScenario.GetAsync(api, carol, offerId);
        Assert.Equal("in-progress", offer.GetProperty("status").GetString());
        Assert.Equal(2, offer.GetProperty("payments").GetArrayLength());
        Assert.Equal(13900, (await MoneyScenario.TrialBalanceAsync(api))["customer-funds/USD"]);
        Assert.Equal(1, await OfferScenario.ChargesOfAsync(api, offerId));
    }

    public void Dispose() => api.Dispose();
}
