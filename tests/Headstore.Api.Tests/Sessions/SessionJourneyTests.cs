using System.Net;
using Headstore.Api.Tests.Support;
using Headstore.Application.Payments;
using Headstore.Application.Sessions;
using Headstore.Domain.Common;
using Headstore.Domain.Ledger;
using Headstore.Domain.Payments;
using Headstore.Domain.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using static Headstore.Api.Tests.Support.SessionScenario;

namespace Headstore.Api.Tests.Sessions;

/// <summary>Paid sessions end to end through the local host and the local call sandbox, on the test clock.</summary>
public sealed class SessionJourneyTests : IDisposable
{
    private readonly ApiFactory api = new();
    private readonly TestUser carol = TestUser.Customer();
    private readonly TestUser alice = TestUser.Expert();

    [Fact]
    public async Task ASession_FromRingToReceipt_ChargesTheMinutesAfterTheFreeOnes_AndPays81OfEvery90ToTheExpert()
    {
        await ReadyAsync(api, alice, carol);

        var started = await (await StartAsync(api, carol, new { expertId = alice.Subject, mode = "video" })).Json(HttpStatusCode.Created);
        var sessionId = started.GetProperty("id").GetString()!;
        await api.DrainOutboxAsync();
        Assert.Equal("ringing", started.GetProperty("state").GetString());
        Assert.Equal(25500, Amount(started.GetProperty("maximumCharge"))); // (90 - 5) minutes at 3.00
        Assert.Equal("sandbox", started.GetProperty("call").GetProperty("provider").GetString());
        Assert.EndsWith(":customer", started.GetProperty("call").GetProperty("participantId").GetString());
        Assert.Equal(PaymentState.Authorised, (await PaymentAsync(api, sessionId))!.State);
        Assert.Equal("busy", await ExpertStatusAsync(api, alice));
        Assert.Contains(api.MailFiles(), m => m.Contains("Subject: Carol Customer is calling you", StringComparison.Ordinal));

        var ringing = await (await api.ClientFor(alice).GetAsync("/api/sessions?active=true")).Json(HttpStatusCode.OK);
        Assert.Equal(sessionId, Assert.Single(ringing.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
        var accepted = await ActAsync(api, alice, sessionId, "accept");
        Assert.Equal("joining", accepted.GetProperty("state").GetString());
        Assert.EndsWith(":expert", accepted.GetProperty("call").GetProperty("participantId").GetString());
        await MoveAsync(api, carol, sessionId, "customer", join: true);
        await MoveAsync(api, alice, sessionId, "expert", join: true);

        await PassAsync(api, TimeSpan.FromMinutes(35));
        var carolsMeter = await MeterAsync(api, carol, sessionId);
        var alicesMeter = await MeterAsync(api, alice, sessionId);
        Assert.Equal("connected", carolsMeter.GetProperty("state").GetString());
        Assert.Equal(35 * 60, carolsMeter.GetProperty("billableSeconds").GetInt64());
        Assert.Equal(30, carolsMeter.GetProperty("chargedMinutes").GetInt32());
        Assert.Equal(9000, Amount(carolsMeter.GetProperty("amount")));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, carolsMeter.GetProperty("earnings").ValueKind);
        Assert.Equal(8100, Amount(alicesMeter.GetProperty("earnings")));

        var ended = await ActAsync(api, carol, sessionId, "end");
        Assert.Equal("ended", ended.GetProperty("state").GetString());
        Assert.Equal("ended-by-customer", ended.GetProperty("endReason").GetString());
        Assert.Equal(9000, Amount(ended.GetProperty("bill").GetProperty("amount")));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, ended.GetProperty("call").ValueKind);

        var payment = (await PaymentAsync(api, sessionId))!;
        Assert.Equal(PaymentState.Captured, payment.State);
        Assert.Equal(9000, payment.Captured.Minor);
        Assert.Equal(8100, await MoneyScenario.OwedAsync(api, alice));
        var trial = await MoneyScenario.TrialBalanceAsync(api);
        Assert.Equal(9000, trial["customer-funds/USD"]);
        Assert.Equal(-900, trial["platform-commission/USD"]);
        Assert.Equal(0, trial.Values.Sum());
        Assert.Equal("online", await ExpertStatusAsync(api, alice));
        Assert.Equal("captured", (await GetAsync(api, carol, sessionId)).GetProperty("settlement").GetString());
        Assert.True((await RoomAsync(api, carol, sessionId)).GetProperty("ended").GetBoolean());

        var mail = api.MailFiles();
        Assert.Contains(mail, m => m.Contains("Subject: Your session receipt: 90.00 USD", StringComparison.Ordinal)
            && m.Contains("Time on the call together: 35 min 00 s", StringComparison.Ordinal)
            && m.Contains("Free minutes: 5 of 5", StringComparison.Ordinal)
            && m.Contains("Charged: 30 min × 3.00 USD = 90.00 USD", StringComparison.Ordinal)
            && m.Contains("Total: 90.00 USD", StringComparison.Ordinal)
            && m.Contains("the rest of the 255.00 USD held was released", StringComparison.Ordinal));
        Assert.Contains(mail, m => m.Contains("you earned 81.00 USD", StringComparison.Ordinal) && m.Contains("Headstore commission (10%): -9.00 USD", StringComparison.Ordinal));
        Assert.DoesNotContain(mail, m => m.Contains("Subject: Your receipt: 90.00 USD", StringComparison.Ordinal));

        var statistics = await (await api.ClientFor(alice).GetAsync("/api/experts/me/statistics")).Json(HttpStatusCode.OK);
        Assert.Equal(1, statistics.GetProperty("sessions").GetInt32());
        Assert.Equal(35, statistics.GetProperty("sessionMinutes").GetInt64());
        Assert.Equal(8100, Amount(Assert.Single(statistics.GetProperty("sessionEarnings").EnumerateArray())));

        var review = await (await api.ClientFor(carol).PostJson($"/api/sessions/{sessionId}/review", new { stars = 5, text = "Very clear. Text me on 555 123 4567 next time" })).Json(HttpStatusCode.OK);
        Assert.DoesNotContain("4567", review.GetProperty("review").GetProperty("text").GetString());
        await api.DrainOutboxAsync();
        var profile = await (await api.ClientFor(null).GetAsync($"/api/experts/{alice.Subject}")).Json(HttpStatusCode.OK);
        Assert.Equal(5.0m, profile.GetProperty("rating").GetDecimal());
        Assert.Equal(30, profile.GetProperty("reputation").GetInt64());
        var again = await api.ClientFor(carol).PostJson($"/api/sessions/{sessionId}/review", new { stars = 1, text = "changed my mind" });
        Assert.Equal("already-reviewed", (await again.Problem(HttpStatusCode.Conflict)).GetProperty("code").GetString());
        await api.DrainOutboxAsync();
        Assert.Equal(30, (await (await api.ClientFor(null).GetAsync($"/api/experts/{alice.Subject}")).Json(HttpStatusCode.OK)).GetProperty("reputation").GetInt64());
    }

    [Fact]
    public async Task DropsAndRejoins_ContinueTheSameSessionAndBill_AndADropPastTheGrace_EndsIt()
    {
        await ReadyAsync(api, alice, carol, freeMinutes: 0);
        var sessionId = await ConnectedAsync(api, carol, alice);

        await PassAsync(api, TimeSpan.FromMinutes(10));
        var dropped = await MoveAsync(api, carol, sessionId, "customer", join: false);
        Assert.Equal("interrupted", dropped.GetProperty("state").GetString());
        await PassAsync(api, TimeSpan.FromMinutes(2));
        var rejoined = await MoveAsync(api, carol, sessionId, "customer", join: true);
        Assert.Equal("connected", rejoined.GetProperty("state").GetString());
        Assert.Equal(600, rejoined.GetProperty("billableSeconds").GetInt64());
        Assert.Equal(720, rejoined.GetProperty("elapsedSeconds").GetInt64());

        await PassAsync(api, TimeSpan.FromMinutes(5));
        await MoveAsync(api, alice, sessionId, "expert", join: false);
        await PassAsync(api, TimeSpan.FromMinutes(4));

        var session = await GetAsync(api, carol, sessionId);
        Assert.Equal("ended", session.GetProperty("state").GetString());
        Assert.Equal("connection-lost", session.GetProperty("endReason").GetString());
        Assert.Equal(900, session.GetProperty("bill").GetProperty("billableSeconds").GetInt64());
        Assert.Equal(4500, (await PaymentAsync(api, sessionId))!.Captured.Minor);
        Assert.Equal("online", await ExpertStatusAsync(api, alice));
        var rejoin = await api.ClientFor(carol).PostJson($"/api/local-calls/{sessionId}/join", new { participant = "customer" });
        Assert.Equal("call-closed", (await rejoin.Problem(HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task BothAreWarnedBeforeTheLimit_OnTheMeterAndOnTheCall_AndAtNinetyMinutesTheCallIsEnded_ThenANewSessionCanStart()
    {
        await ReadyAsync(api, alice, carol);
        var sessionId = await ConnectedAsync(api, carol, alice);

        await PassAsync(api, TimeSpan.FromMinutes(80), TimeSpan.FromMinutes(5));
        var meter = await MeterAsync(api, carol, sessionId);
        Assert.Equal([600], meter.GetProperty("warningsIssued").EnumerateArray().Select(w => w.GetInt32()).ToArray());
        Assert.Equal(600, meter.GetProperty("secondsLeft").GetInt64());
        Assert.Equal(["This session ends in 10 minutes."], (await RoomAsync(api, carol, sessionId)).GetProperty("promptsPlayed").EnumerateArray().Select(p => p.GetString()!).ToArray());

        await PassAsync(api, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(1));
        Assert.Equal("This session ends in one minute.", (await RoomAsync(api, carol, sessionId)).GetProperty("promptsPlayed")[1].GetString());

        await PassAsync(api, TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(20));
        var session = await GetAsync(api, alice, sessionId);
        Assert.Equal("ended", session.GetProperty("state").GetString());
        Assert.Equal("time-limit", session.GetProperty("endReason").GetString());
        Assert.Equal(5400, session.GetProperty("meter").GetProperty("elapsedSeconds").GetInt64());
        Assert.Equal(25500, Amount(session.GetProperty("bill").GetProperty("amount")));
        var room = await RoomAsync(api, carol, sessionId);
        Assert.True(room.GetProperty("ended").GetBoolean());
        Assert.Empty(room.GetProperty("onCall").EnumerateArray());
        Assert.Equal(25500, (await PaymentAsync(api, sessionId))!.Captured.Minor);

        Assert.Equal("online", await ExpertStatusAsync(api, alice));
        var next = await StartedAsync(api, carol, alice);
        Assert.NotEqual(sessionId, next);
    }

    [Fact]
    public async Task TheExpertEnding_EndsItForBoth_AndChargesUpToThen()
    {
        await ReadyAsync(api, alice, carol);
        var sessionId = await ConnectedAsync(api, carol, alice);
        await PassAsync(api, TimeSpan.FromMinutes(7) + TimeSpan.FromSeconds(10));

        var ended = await ActAsync(api, alice, sessionId, "end");

        Assert.Equal("ended-by-expert", ended.GetProperty("endReason").GetString());
        Assert.Equal(3, ended.GetProperty("bill").GetProperty("chargedMinutes").GetInt32());
        Assert.Equal(900, (await PaymentAsync(api, sessionId))!.Captured.Minor);
        Assert.Equal("ended-by-expert", (await ActAsync(api, carol, sessionId, "end")).GetProperty("endReason").GetString());
    }

    [Fact]
    public async Task ASessionWithinTheFreeMinutes_ChargesNothing_AndReleasesTheHold()
    {
        await ReadyAsync(api, alice, carol);
        var sessionId = await ConnectedAsync(api, carol, alice);
        await PassAsync(api, TimeSpan.FromMinutes(4));

        await ActAsync(api, carol, sessionId, "end");

        Assert.Equal(PaymentState.Released, (await PaymentAsync(api, sessionId))!.State);
        Assert.Empty(await MoneyScenario.TrialBalanceAsync(api));
        Assert.Contains(api.MailFiles(), m => m.Contains("Subject: Your session receipt: 0.00 USD", StringComparison.Ordinal));
        Assert.DoesNotContain(api.MailFiles(), m => m.Contains("withdrew your paid question", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ADecline_ReleasesTheHoldAtOnce_AndTheExpertIsOnlineAgain()
    {
        await ReadyAsync(api, alice, carol);
        var sessionId = await StartedAsync(api, carol, alice);

        var declined = await ActAsync(api, alice, sessionId, "decline");

        Assert.Equal("declined", declined.GetProperty("state").GetString());
        Assert.Equal(PaymentState.Released, (await PaymentAsync(api, sessionId))!.State);
        Assert.Equal("online", await ExpertStatusAsync(api, alice));
        Assert.Contains(api.MailFiles(), m => m.Contains("the expert declined", StringComparison.Ordinal) && m.Contains("you were not charged", StringComparison.Ordinal));
        Assert.Equal("session-not-ringing", (await ActAsync(api, alice, sessionId, "accept", HttpStatusCode.Conflict)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task NoAnswer_ExpiresAfterTheRingTimeout_AndReleasesTheHold()
    {
        await ReadyAsync(api, alice, carol);
        var sessionId = await StartedAsync(api, carol, alice);

        await PassAsync(api, TimeSpan.FromSeconds(61), TimeSpan.FromSeconds(61));

        var session = await GetAsync(api, carol, sessionId);
        Assert.Equal("expired", session.GetProperty("state").GetString());
        Assert.Equal("no-answer", session.GetProperty("endReason").GetString());
        Assert.Equal(PaymentState.Released, (await PaymentAsync(api, sessionId))!.State);
        Assert.Equal("online", await ExpertStatusAsync(api, alice));
    }

    [Fact]
    public async Task ACustomerWhoNeverJoins_ExpiresTheSessionAfterTheJoinTimeout_AndReleasesTheHold()
    {
        await ReadyAsync(api, alice, carol);
        var sessionId = await StartedAsync(api, carol, alice);
        await ActAsync(api, alice, sessionId, "accept");
        await MoveAsync(api, alice, sessionId, "expert", join: true);

        await PassAsync(api, TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(1));

        var session = await GetAsync(api, alice, sessionId);
        Assert.Equal("expired", session.GetProperty("state").GetString());
        Assert.Equal("customer-did-not-join", session.GetProperty("endReason").GetString());
        Assert.Equal(PaymentState.Released, (await PaymentAsync(api, sessionId))!.State);
        Assert.True((await RoomAsync(api, alice, sessionId)).GetProperty("ended").GetBoolean());
    }

    [Fact]
    public async Task TheCustomerHangingUpWhileItRings_CancelsIt_AndReleasesTheHold()
    {
        await ReadyAsync(api, alice, carol);
        var sessionId = await StartedAsync(api, carol, alice);

        var cancelled = await ActAsync(api, carol, sessionId, "end");

        Assert.Equal("cancelled", cancelled.GetProperty("state").GetString());
        Assert.Equal(PaymentState.Released, (await PaymentAsync(api, sessionId))!.State);
        Assert.Equal("online", await ExpertStatusAsync(api, alice));
    }

    [Fact]
    public async Task TheCapture_TakesItsSplitFromThePolicyForSessions_SoAnAmbassadorGetsTheirShare()
    {
        var erin = new UserId("expert-erin");
        using var referred = new ApiFactory(configureServices: services =>
        {
            services.RemoveAll<IRevenueSplitPolicy>();
            services.AddSingleton<IRevenueSplitPolicy>(new SessionsOnlyAmbassador(erin));
        });
        await ReadyAsync(referred, alice, carol);
        var sessionId = await ConnectedAsync(referred, carol, alice);
        await PassAsync(referred, TimeSpan.FromMinutes(35));

        await ActAsync(referred, carol, sessionId, "end");

        var trial = await MoneyScenario.TrialBalanceAsync(referred);
        Assert.Equal(9000, trial["customer-funds/USD"]);
        Assert.Equal(-180, trial["ambassador-payable:expert-erin/USD"]);
        Assert.Equal(-720, trial["platform-commission/USD"]);
        Assert.Equal(8100, await MoneyScenario.OwedAsync(referred, alice));
    }

    [Fact]
    public async Task AnAuthorisationWhoseSessionWasNeverSaved_IsGivenBackByTheSweep_WhileARunningSessionKeepsItsHold()
    {
        await ReadyAsync(api, alice, carol);
        var running = await ConnectedAsync(api, carol, alice);

        // Starting a session records the card's authorisation in a commit of its own, then saves the session: a process
        // that stops between the two leaves an authorisation without its session. The real checkout, stopped there:
        using var scope = api.Services.CreateScope();
        var checkout = scope.ServiceProvider.GetRequiredService<SessionCheckout>();
        var orphan = SessionId.New(api.Clock.GetUtcNow());
        var authorised = await checkout.AuthoriseAsync(orphan, new UserId(carol.Subject), new ExpertId(alice.Subject), new Money(25500, Currency.Parse("USD")), "Session with Alice", offSession: false, api.Clock.GetUtcNow(), CancellationToken.None);
        Assert.True(authorised.IsSuccess, authorised.Error?.Detail);
        Assert.True((await checkout.RecordAsync(authorised.Value, CancellationToken.None)).IsSuccess);

        await PassAsync(api, SessionCheckout.OrphanCheckAfter - TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        Assert.Equal(PaymentState.Authorised, (await PaymentAsync(api, orphan.Value))!.State);

        await PassAsync(api, TimeSpan.FromMinutes(16), TimeSpan.FromMinutes(1));
        var released = (await PaymentAsync(api, orphan.Value))!;
        Assert.Equal(PaymentState.Released, released.State);
        var hold = await scope.ServiceProvider.GetRequiredService<IPaymentGateway>().GetPaymentAsync(released.ProviderPaymentId, CancellationToken.None);
        Assert.Equal(PaymentStatus.Canceled, hold.Value.Status);

        // The session that was saved keeps its hold and is billed as usual.
        Assert.Equal(PaymentState.Authorised, (await PaymentAsync(api, running))!.State);
        Assert.Equal("connected", (await GetAsync(api, carol, running)).GetProperty("state").GetString());
        await ActAsync(api, carol, running, "end");
        await api.DrainOutboxAsync();
        Assert.Equal(PaymentState.Captured, (await PaymentAsync(api, running))!.State);
    }

    public void Dispose() => api.Dispose();

    /// <summary>Stands in for the ambassador rules: 10% commission, a fifth of it to the ambassador, for sessions only.</summary>
    private sealed class SessionsOnlyAmbassador(UserId ambassador) : IRevenueSplitPolicy
    {
        public Task<RevenueSplit> ForAsync(ExpertId expert, PaymentPurpose purpose, CancellationToken cancellationToken) =>
            Task.FromResult(purpose == PaymentPurpose.Session ? new RevenueSplit(1000, ambassador, 2000) : RevenueSplit.Commission(1000));
    }
}
