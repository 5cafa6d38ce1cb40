using System.Net;
using Headstore.Api.Tests.Support;
using Headstore.Domain.Payments;
using static Headstore.Api.Tests.Support.SessionScenario;

namespace Headstore.Api.Tests.Sessions;

/// <summary>
/// Accepted appointments become booked sessions: authorised the day before, opened at their time, and cancellation and
/// no-show rules (free until 24 hours before, then a 15-minute fee for the customer; nothing when the expert cancels or
/// does not show).
/// </summary>
public sealed class BookedSessionTests : IDisposable
{
    private readonly ApiFactory api = new();
    private readonly TestUser carol = TestUser.Customer();
    private readonly TestUser alice = TestUser.Expert();
    private DateTimeOffset at;

    [Fact]
    public async Task AnAcceptedAppointment_IsAuthorisedTheDayBefore_OpensAtItsTime_AndIsBilledLikeAnyOtherSession()
    {
        var (appointmentId, sessionId) = await BookAsync();
        Assert.Equal($"ses_{appointmentId}", sessionId);
        var booked = await GetAsync(api, carol, sessionId);
        Assert.Equal("scheduled", booked.GetProperty("state").GetString());
        Assert.Equal("appointment", booked.GetProperty("origin").GetString());
        Assert.Null(await PaymentAsync(api, sessionId));

        await AtAsync(at.AddHours(-24));
        Assert.Equal(PaymentState.Authorised, (await PaymentAsync(api, sessionId))!.State);
        Assert.Equal(25500, (await PaymentAsync(api, sessionId))!.Amount.Minor);

        await AtAsync(at);
        var opened = await GetAsync(api, carol, sessionId);
        Assert.Equal("joining", opened.GetProperty("state").GetString());
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, opened.GetProperty("call").ValueKind);
        Assert.Equal("busy", await ExpertStatusAsync(api, alice));
        Assert.Equal(2, api.MailFiles().Count(m => m.Contains("Subject: Your session starts now", StringComparison.Ordinal)));

        await MoveAsync(api, alice, sessionId, "expert", join: true);
        await MoveAsync(api, carol, sessionId, "customer", join: true);
        await PassAsync(api, TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(1));
        var ended = await ActAsync(api, carol, sessionId, "end");

        Assert.Equal(15, ended.GetProperty("bill").GetProperty("chargedMinutes").GetInt32());
        Assert.Equal(4500, (await PaymentAsync(api, sessionId))!.Captured.Minor);
        Assert.Equal("online", await ExpertStatusAsync(api, alice));
    }

    [Fact]
    public async Task CancellingMoreThan24HoursBefore_IsFree_AndNothingIsEverHeld()
    {
        var (appointmentId, sessionId) = await BookAsync();
        await AtAsync(at.AddHours(-48));

        await CancelAsync(carol, appointmentId);

        var session = await GetAsync(api, carol, sessionId);
        Assert.Equal("cancelled", session.GetProperty("state").GetString());
        Assert.Equal("cancelled-by-customer", session.GetProperty("endReason").GetString());
        Assert.Null(await PaymentAsync(api, sessionId));
        await AtAsync(at.AddHours(1));
        Assert.Null(await PaymentAsync(api, sessionId));
    }

    [Fact]
    public async Task TheCustomerCancellingWithin24Hours_PaysTheLateFee_ToTheExpert()
    {
        var (appointmentId, sessionId) = await BookAsync();
        await AtAsync(at.AddHours(-12));

        await CancelAsync(carol, appointmentId);

        var session = await GetAsync(api, carol, sessionId);
        Assert.Equal("cancelled-late-by-customer", session.GetProperty("endReason").GetString());
        Assert.Equal("late-cancellation", session.GetProperty("bill").GetProperty("kind").GetString());
        Assert.Equal(4500, (await PaymentAsync(api, sessionId))!.Captured.Minor);
        Assert.Equal(4050, await MoneyScenario.OwedAsync(api, alice));
        Assert.Contains(api.MailFiles(), m => m.Contains("Late cancellation fee: 15 min × 3.00 USD = 45.00 USD", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheExpertCancellingLate_CostsTheCustomerNothing()
    {
        var (appointmentId, sessionId) = await BookAsync();
        await AtAsync(at.AddHours(-12));

        await CancelAsync(alice, appointmentId);

        Assert.Equal("cancelled-by-expert", (await GetAsync(api, carol, sessionId)).GetProperty("endReason").GetString());
        Assert.Equal(PaymentState.Released, (await PaymentAsync(api, sessionId))!.State);
    }

    [Fact]
    public async Task AnExpertWhoDoesNotShow_CostsTheCustomerNothing()
    {
        var (_, sessionId) = await BookAsync();
        await AtAsync(at);
        await MoveAsync(api, carol, sessionId, "customer", join: true);

        await PassAsync(api, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(1));

        var session = await GetAsync(api, carol, sessionId);
        Assert.Equal("expired", session.GetProperty("state").GetString());
        Assert.Equal("expert-did-not-join", session.GetProperty("endReason").GetString());
        Assert.Equal(PaymentState.Released, (await PaymentAsync(api, sessionId))!.State);
    }

    [Fact]
    public async Task ACustomerWhoDoesNotShow_PaysTheNoShowFee()
    {
        var (_, sessionId) = await BookAsync();
        await AtAsync(at);
        await MoveAsync(api, alice, sessionId, "expert", join: true);

        await PassAsync(api, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(1));

        var session = await GetAsync(api, alice, sessionId);
        Assert.Equal("customer-did-not-join", session.GetProperty("endReason").GetString());
        Assert.Equal("no-show", session.GetProperty("bill").GetProperty("kind").GetString());
        Assert.Equal(4500, (await PaymentAsync(api, sessionId))!.Captured.Minor);
    }

    [Fact]
    public async Task ABookedSessionWhoseCardIsDeclinedTheDayBefore_IsCancelled()
    {
        await Scenario.CreateExpertAsync(api, alice);
        await MoneyScenario.SaveCardAsync(api, carol, "pm_card_chargeCustomerFail");
        var (_, sessionId) = await BookAsync(ready: false);

        await AtAsync(at.AddHours(-24));

        var session = await GetAsync(api, carol, sessionId);
        Assert.Equal("cancelled", session.GetProperty("state").GetString());
        Assert.Equal("payment-declined", session.GetProperty("endReason").GetString());
        Assert.Contains(api.MailFiles(), m => m.Contains("your card was declined", StringComparison.Ordinal));
    }

    public void Dispose() => api.Dispose();

    private async Task<(string AppointmentId, string SessionId)> BookAsync(bool ready = true)
    {
        if (ready)
        {
            await Scenario.CreateExpertAsync(api, alice);
            await MoneyScenario.SaveCardAsync(api, carol);
        }

        at = api.Clock.GetUtcNow().AddDays(3);
        var requested = await (await api.ClientFor(carol).PostJson($"/api/experts/{alice.Subject}/appointments", new { proposedTimes = new[] { at }, mode = "video", note = "Year-end accounts" })).Json(HttpStatusCode.Created);
        var appointmentId = requested.GetProperty("id").GetString()!;
        await (await api.ClientFor(alice).PostJson($"/api/appointments/{appointmentId}/accept", new { time = at })).Json(HttpStatusCode.OK);
        await api.DrainOutboxAsync();
        var mine = await (await api.ClientFor(carol).GetAsync("/api/sessions?active=true")).Json(HttpStatusCode.OK);
        return (appointmentId, Assert.Single(mine.GetProperty("items").EnumerateArray()).GetProperty("id").GetString()!);
    }

    private async Task AtAsync(DateTimeOffset time)
    {
        api.Clock.Set(time);
        await api.DrainOutboxAsync();
        await api.RunDueJobsAsync();
        await api.DrainOutboxAsync();
    }

    private async Task CancelAsync(TestUser who, string appointmentId)
    {
        await (await api.ClientFor(who).PostAsync($"/api/appointments/{appointmentId}/cancel", null)).Json(HttpStatusCode.OK);
        await api.DrainOutboxAsync();
    }
}
