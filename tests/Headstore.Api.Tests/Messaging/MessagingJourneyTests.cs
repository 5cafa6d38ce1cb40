using System.Net;
using Headstore.Api.Tests.Support;

namespace Headstore.Api.Tests.Messaging;

public sealed class MessagingJourneyTests : IDisposable
{
    private readonly ApiFactory api = new();
    private readonly TestUser carol = TestUser.Customer("carol");
    private readonly TestUser eve = TestUser.Customer("eve");
    private readonly TestUser alice = TestUser.Expert("alice");
    private readonly TestUser ada = TestUser.Admin();

    [Fact]
    public async Task Message_Reply_AndMails_WithoutTheMessageText()
    {
        await Scenario.CreateExpertAsync(api, alice);
        await api.ClientFor(alice).GetAsync("/api/me/messages");
        var thread = await (await api.ClientFor(carol).PostJson("/api/experts/expert-alice/messages", new { subject = "Home office", body = "Secret detail: my salary is high" })).Json(HttpStatusCode.Created);
        var threadId = thread.GetProperty("id").GetString()!;
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, thread.GetProperty("replyDueAt").ValueKind);

        var replied = await (await api.ClientFor(alice).PostJson($"/api/messages/{threadId}/replies", new { body = "Happy to help" })).Json(HttpStatusCode.Created);
        Assert.Equal(2, replied.GetProperty("messages").GetArrayLength());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, replied.GetProperty("replyDueAt").ValueKind);

        await (await api.ClientFor(eve).PostJson($"/api/messages/{threadId}/replies", new { body = "butting in" })).Problem(HttpStatusCode.NotFound);
        await (await api.ClientFor(eve).GetAsync($"/api/messages/{threadId}")).Problem(HttpStatusCode.NotFound);
        var mine = await (await api.ClientFor(alice).GetAsync("/api/me/messages")).Json(HttpStatusCode.OK);
        Assert.Equal(threadId, Assert.Single(mine.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
        Assert.Empty((await (await api.ClientFor(eve).GetAsync("/api/me/messages")).Json(HttpStatusCode.OK)).GetProperty("items").EnumerateArray());

        await api.DrainOutboxAsync();
        var mails = api.MailFiles();
        Assert.Contains(mails, m => m.Contains("<carol@example.com>") && m.Contains("replied"));
        Assert.DoesNotContain(mails, m => m.Contains("salary"));
    }

    [Fact]
    public async Task UnansweredRequests_BecomeOverdueAfter24Hours_AndAdminsSeeThem()
    {
        await Scenario.CreateExpertAsync(api, alice);
        var thread = await (await api.ClientFor(carol).PostJson("/api/experts/expert-alice/messages", new { subject = "Urgent", body = "Please answer" })).Json(HttpStatusCode.Created);
        var appointment = await (await api.ClientFor(carol).PostJson("/api/experts/expert-alice/appointments", new
        {
            proposedTimes = new[] { api.Clock.GetUtcNow().AddDays(2), api.Clock.GetUtcNow().AddDays(3) }, mode = "video", note = "Annual accounts",
        })).Json(HttpStatusCode.Created);

        api.Clock.Advance(TimeSpan.FromHours(23));
        await api.RunDueJobsAsync();
        Assert.Empty((await (await api.ClientFor(ada).GetAsync("/api/admin/overdue-requests")).Json(HttpStatusCode.OK)).GetProperty("items").EnumerateArray());

        api.Clock.Advance(TimeSpan.FromHours(2));
        await api.RunDueJobsAsync();
        var overdue = await (await api.ClientFor(ada).GetAsync("/api/admin/overdue-requests")).Json(HttpStatusCode.OK);
        var ids = overdue.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("requestId").GetString()).ToHashSet();
        Assert.Equal(new HashSet<string?> { thread.GetProperty("id").GetString(), appointment.GetProperty("id").GetString() }, ids);
        await (await api.ClientFor(carol).GetAsync("/api/admin/overdue-requests")).Problem(HttpStatusCode.Forbidden);

        await api.DrainOutboxAsync();
        Assert.Contains(api.MailFiles(), m => m.Contains("<alice@example.com>") && m.Contains("waiting for your reply"));

        await (await api.ClientFor(alice).PostJson($"/api/messages/{thread.GetProperty("id").GetString()}/replies", new { body = "Sorry for the delay" })).Json(HttpStatusCode.Created);
        var accepted = await (await api.ClientFor(alice).PostJson($"/api/appointments/{appointment.GetProperty("id").GetString()}/accept", new { time = appointment.GetProperty("proposedTimes")[1].GetDateTimeOffset() })).Json(HttpStatusCode.OK);
        Assert.Equal("accepted", accepted.GetProperty("status").GetString());
        Assert.Empty((await (await api.ClientFor(ada).GetAsync("/api/admin/overdue-requests")).Json(HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Appointments_Refusals()
    {
        await Scenario.CreateExpertAsync(api, alice);
        var now = api.Clock.GetUtcNow();
        await (await api.ClientFor(carol).PostJson("/api/experts/expert-alice/appointments", new { proposedTimes = new[] { now.AddDays(-1) }, mode = "video" })).Problem(HttpStatusCode.BadRequest, "proposedTimes");
        await (await api.ClientFor(carol).PostJson("/api/experts/expert-alice/appointments", new { proposedTimes = new[] { now.AddDays(1) }, mode = "fax" })).Problem(HttpStatusCode.BadRequest, "mode");
        await (await api.ClientFor(carol).PostJson("/api/experts/nobody/appointments", new { proposedTimes = new[] { now.AddDays(1) }, mode = "voice" })).Problem(HttpStatusCode.NotFound);
        var appointment = await (await api.ClientFor(carol).PostJson("/api/experts/expert-alice/appointments", new { proposedTimes = new[] { now.AddDays(1) }, mode = "voice" })).Json(HttpStatusCode.Created);
        var id = appointment.GetProperty("id").GetString();
        await (await api.ClientFor(carol).PostJson($"/api/appointments/{id}/accept", new { time = now.AddDays(1) })).Problem(HttpStatusCode.Forbidden);
        await (await api.ClientFor(eve).PostJson($"/api/appointments/{id}/cancel", new { })).Problem(HttpStatusCode.NotFound);
        var declined = await (await api.ClientFor(alice).PostJson($"/api/appointments/{id}/decline", new { reason = "Fully booked" })).Json(HttpStatusCode.OK);
        Assert.Equal("declined", declined.GetProperty("status").GetString());
        await (await api.ClientFor(carol).PostJson($"/api/appointments/{id}/cancel", new { })).Problem(HttpStatusCode.Conflict);
        await api.DrainOutboxAsync();
        Assert.Contains(api.MailFiles(), m => m.Contains("<carol@example.com>") && m.Contains("Appointment declined"));
    }

    public void Dispose() => api.Dispose();
}
