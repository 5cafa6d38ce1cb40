using System.Net;
using System.Text.Json;
using Headstore.Api.Tests.Support;
using Headstore.Domain.Experts;

namespace Headstore.Api.Tests.SupportPlans;

/// <summary>Premium support: SLA clocks, the experts' queue, qualified experts, breaches, and the SLA report beside Standard.</summary>
public sealed class SupportPlanTests : IDisposable
{
    private static readonly string LongAnswer = string.Concat(Enumerable.Repeat("Keep every receipt for the home office: rent, utilities, broadband, insurance and repairs. ", 16));
    private readonly ApiFactory api = new();
    private readonly TestUser carol = TestUser.Customer();
    private readonly TestUser dan = TestUser.Customer("dan");
    private readonly TestUser erica = TestUser.Customer("erica");
    private readonly TestUser alice = TestUser.Expert();
    private readonly TestUser bob = TestUser.Expert("bob");
    private readonly TestUser ada = TestUser.Admin();

    [Fact]
    public async Task TheQueue_PutsTheEarliestDeadlineFirst_SoPremiumLeadsWithoutStarvingStandard()
    {
        await PlansAsync();
        await RatedExpertAsync(alice);
        var start = api.Clock.GetUtcNow();
        var s1 = await AskAsync(carol, "Standard question one about VAT");
        api.Clock.Advance(TimeSpan.FromHours(1));
        var s2 = await AskAsync(carol, "Standard question two about VAT");
        api.Clock.Advance(TimeSpan.FromHours(1));
        var b1 = await AskAsync(erica, "Business question about payroll");
        api.Clock.Advance(TimeSpan.FromHours(1));
        var p1 = await AskAsync(dan, "Priority question about pensions");

        var queue = await QueueAsync(alice);
        Assert.Equal([b1, p1, s1, s2], queue.Select(Id).ToArray());
        Assert.Equal(start.AddHours(2 + 4), queue[0].GetProperty("dueAt").GetDateTimeOffset());
        Assert.Equal("business", queue[0].GetProperty("supportLevel").GetString());
        Assert.Equal(1200, queue[0].GetProperty("minimumAnswerLength").GetInt32());

        // 40 hours on: the standard questions near their deadline come before a fresh priority question.
        api.Clock.Set(start.AddHours(40));
        var p2 = await AskAsync(dan, "Priority question about dividends");
        queue = await QueueAsync(alice);
        Assert.Equal([b1, p1, s1, s2, p2], queue.Select(Id).ToArray());
        Assert.True(queue[0].GetProperty("overdue").GetBoolean());
        Assert.False(queue[2].GetProperty("overdue").GetBoolean());

        var page = await (await api.ClientFor(alice).GetAsync("/api/experts/me/queue?limit=2")).Json(HttpStatusCode.OK);
        Assert.Equal([b1, p1], page.GetProperty("items").EnumerateArray().Select(Id).ToArray());
        var next = await (await api.ClientFor(alice).GetAsync($"/api/experts/me/queue?limit=2&cursor={page.GetProperty("nextCursor").GetString()}")).Json(HttpStatusCode.OK);
        Assert.Equal([s1, s2], next.GetProperty("items").EnumerateArray().Select(Id).ToArray());

        await Scenario.AnswerAsync(api, alice, s1);
        await api.DrainOutboxAsync();
        Assert.DoesNotContain(s1, (await QueueAsync(alice)).Select(Id));
    }

    [Fact]
    public async Task PremiumQuestions_GoToQualifiedExpertsInTheirLanguage_UntilTheDeadline_AndExpectLongerAnswers()
    {
        await PlansAsync();
        await RatedExpertAsync(alice);
        await Scenario.CreateExpertAsync(api, bob, Scenario.ExpertProfile(bob.Name, languages: ["en", "de"]));
        var business = await AskAsync(erica, "Business question about payroll");
        var german = await AskAsync(erica, "Frage zur Lohnabrechnung im Ausland", language: "de");
        var standard = await AskAsync(carol, "Standard question about VAT");

        Assert.Equal([standard], (await QueueAsync(bob)).Select(Id).ToArray());
        Assert.Equal([business, standard], (await QueueAsync(alice)).Select(Id).ToArray());
        var refused = await api.ClientFor(bob).PostJson($"/api/questions/{business}/answers", new { body = LongAnswer });
        Assert.Equal("plan-requires-rating", (await refused.Problem(HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString());
        await (await api.ClientFor(alice).PostJson($"/api/questions/{business}/answers", new { body = "Keep the receipts." })).Problem(HttpStatusCode.BadRequest, "body");
        await (await api.ClientFor(alice).PostJson($"/api/questions/{german}/answers", new { body = LongAnswer })).Problem(HttpStatusCode.UnprocessableEntity);
        await (await api.ClientFor(alice).PostJson($"/api/questions/{business}/answers", new { body = LongAnswer })).Json(HttpStatusCode.Created);
        await (await api.ClientFor(bob).PostJson($"/api/questions/{standard}/answers", new { body = "Short is fine on Standard." })).Json(HttpStatusCode.Created);
        await api.DrainOutboxAsync();

        // Past its deadline the German question opens to every expert in the category who speaks German.
        api.Clock.Advance(TimeSpan.FromHours(4) + TimeSpan.FromMinutes(1));
        Assert.Equal([german], (await QueueAsync(bob)).Select(Id).ToArray());
        await (await api.ClientFor(bob).PostJson($"/api/questions/{german}/answers", new { body = LongAnswer })).Json(HttpStatusCode.Created);
    }

    [Fact]
    public async Task ABreach_IsDetectedOnce_AndToldToAdminsAndTheBusinessAccountManager()
    {
        await PlansAsync();
        var mySupport = await (await api.ClientFor(erica).GetAsync("/api/me/support")).Json(HttpStatusCode.OK);
        Assert.Equal("business", mySupport.GetProperty("planId").GetString());
        Assert.Equal(4, mySupport.GetProperty("terms").GetProperty("firstResponseTargetHours").GetDouble());
        Assert.Equal("accounts@headstore.local", mySupport.GetProperty("accountManager").GetProperty("email").GetString());
        Assert.Equal(JsonValueKind.Null, (await (await api.ClientFor(carol).GetAsync("/api/me/support")).Json(HttpStatusCode.OK)).GetProperty("accountManager").ValueKind);

        await AskAsync(erica, "Business question about payroll");
        await AskAsync(carol, "Standard question about VAT");
        api.Clock.Advance(TimeSpan.FromHours(3));
        await RunJobsAsync();
        Assert.DoesNotContain(api.MailFiles(), m => m.Contains("SLA breach", StringComparison.Ordinal));

        api.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        await RunJobsAsync();
        api.Clock.Advance(TimeSpan.FromMinutes(5));
        await RunJobsAsync();
        Assert.Single(api.MailFiles(), m => m.Contains("Subject: SLA breach: Business question unanswered", StringComparison.Ordinal) && m.Contains("support@headstore.local", StringComparison.Ordinal));
        Assert.Single(api.MailFiles(), m => m.Contains("To: Headstore account management <accounts@headstore.local>", StringComparison.Ordinal));

        api.Clock.Advance(TimeSpan.FromHours(45));
        await RunJobsAsync();
        Assert.Equal(2, api.MailFiles().Count(m => m.Contains("Subject: SLA breach:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task TheSlaReport_GivesEachPlanPerWeek_ShareWithinTarget_MedianP90AndBreaches_WithStandardBeside()
    {
        await PlansAsync();
        await RatedExpertAsync(alice);
        var start = api.Clock.GetUtcNow();
        var standard = new[] { await AskAsync(carol, "Standard question one about VAT"), await AskAsync(carol, "Standard question two about VAT"), await AskAsync(carol, "Standard question three about VAT") };
        var business = new[] { await AskAsync(erica, "Business question one on payroll"), await AskAsync(erica, "Business question two on payroll") };
        await AnswerAtAsync(start.AddHours(1), standard[0], business[0]);
        await AnswerAtAsync(start.AddHours(2), standard[1]);
        await AnswerAtAsync(start.AddHours(5), business[1]);
        await AnswerAtAsync(start.AddHours(50), standard[2]);

        // The week after: only premium questions; Standard still has its row.
        api.Clock.Set(start.AddDays(7));
        await AskAsync(dan, "Priority question about pensions");
        await (await api.ClientFor(alice).GetAsync("/api/admin/sla")).Problem(HttpStatusCode.Forbidden);
        var report = await (await api.ClientFor(ada).GetAsync("/api/admin/sla")).Json(HttpStatusCode.OK);

        var rows = report.GetProperty("rows").EnumerateArray().ToArray();
        var standardRow = rows.Single(r => r.GetProperty("week").GetString() == "2026-W45" && r.GetProperty("planId").GetString() == "standard");
        Assert.Equal(3, standardRow.GetProperty("asked").GetInt32());
        Assert.Equal(2, standardRow.GetProperty("answeredWithinTarget").GetInt32());
        Assert.Equal(1, standardRow.GetProperty("breaches").GetInt32());
        Assert.Equal(0.6667, standardRow.GetProperty("shareWithinTarget").GetDouble());
        Assert.Equal(2, standardRow.GetProperty("medianHoursToFirstAnswer").GetDouble());
        Assert.Equal(50, standardRow.GetProperty("p90HoursToFirstAnswer").GetDouble());
        var businessRow = rows.Single(r => r.GetProperty("week").GetString() == "2026-W45" && r.GetProperty("planId").GetString() == "business");
        Assert.Equal(0.5, businessRow.GetProperty("shareWithinTarget").GetDouble());
        Assert.Equal(1, businessRow.GetProperty("medianHoursToFirstAnswer").GetDouble());
        Assert.Equal(5, businessRow.GetProperty("p90HoursToFirstAnswer").GetDouble());
        Assert.Equal(4, businessRow.GetProperty("targetHours").GetDouble());
        var nextWeek = rows.Where(r => r.GetProperty("week").GetString() == "2026-W46").Select(r => r.GetProperty("planId").GetString()!).ToArray();
        Assert.Equal(["standard", "priority"], nextWeek);
        Assert.Equal(4, report.GetProperty("plans").GetArrayLength());
        Assert.Equal(3, report.GetProperty("totals").EnumerateArray().Single(t => t.GetProperty("planId").GetString() == "standard").GetProperty("asked").GetInt32());
    }

    /// <summary>
    /// A day of traffic with premium questions mixed in, worked by one expert who always takes the head of the queue:
    /// every standard question is still answered in the order it was asked and within its 48 hours, and the report
    /// shows the standard queue's figures beside the premium plans'.
    /// </summary>
    [Fact]
    public async Task WithPremiumQuestionsPresent_StandardQuestionsAreStillAnsweredInOrder_AndWithinTarget()
    {
        await PlansAsync();
        await RatedExpertAsync(alice);
        var standardAsked = new List<string>();
        var standardAnswered = new List<string>();
        for (var hour = 0; hour < 24; hour++)
        {
            standardAsked.Add(await AskAsync(carol, $"Standard question number {hour} about VAT"));
            if (hour % 3 == 0)
            {
                await AskAsync(erica, $"Business question number {hour} on payroll");
            }

            if (hour % 4 == 1)
            {
                await AskAsync(dan, $"Priority question number {hour} on pensions");
            }

            // The expert answers two questions an hour, always the head of the queue.
            for (var answer = 0; answer < 2; answer++)
            {
                api.Clock.Advance(TimeSpan.FromMinutes(30));
                await AnswerHeadAsync(standardAsked, standardAnswered);
            }
        }

        while (await AnswerHeadAsync(standardAsked, standardAnswered))
        {
            api.Clock.Advance(TimeSpan.FromMinutes(30));
        }

        Assert.Equal(standardAsked, standardAnswered);
        var report = await (await api.ClientFor(ada).GetAsync("/api/admin/sla")).Json(HttpStatusCode.OK);
        var totals = report.GetProperty("totals").EnumerateArray().ToDictionary(t => t.GetProperty("planId").GetString()!);
        Assert.Equal(24, totals["standard"].GetProperty("asked").GetInt32());
        Assert.Equal(1.0, totals["standard"].GetProperty("shareWithinTarget").GetDouble());
        Assert.Equal(1.0, totals["business"].GetProperty("shareWithinTarget").GetDouble());
        Assert.Equal(1.0, totals["priority"].GetProperty("shareWithinTarget").GetDouble());
        Assert.True(totals["standard"].GetProperty("p90HoursToFirstAnswer").GetDouble() < 48);
    }

    private async Task<bool> AnswerHeadAsync(List<string> standardAsked, List<string> standardAnswered)
    {
        var head = (await QueueAsync(alice)).FirstOrDefault();
        if (head.ValueKind == JsonValueKind.Undefined)
        {
            return false;
        }

        var id = Id(head);
        await (await api.ClientFor(alice).PostJson($"/api/questions/{id}/answers", new { body = LongAnswer })).Json(HttpStatusCode.Created);
        await api.DrainOutboxAsync();
        if (standardAsked.Contains(id))
        {
            standardAnswered.Add(id);
        }

        return true;
    }

    /// <summary>Carol stays on Standard, Dan buys Priority, Erica buys Business.</summary>
    private async Task PlansAsync()
    {
        foreach (var (customer, plan) in new[] { (dan, "priority"), (erica, "business") })
        {
            await MoneyScenario.SaveCardAsync(api, customer);
            await (await api.ClientFor(customer).PutJson("/api/me/plan", new { planId = plan })).Json(HttpStatusCode.OK);
        }

        await api.DrainOutboxAsync();
    }

    private async Task RatedExpertAsync(TestUser expert)
    {
        await Scenario.CreateExpertAsync(api, expert, Scenario.ExpertProfile(expert.Name));
        await MoneyScenario.UpdateAsync<ExpertProfile>(api, expert.Subject, p => p.AddRating(5));
    }

    private async Task<string> AskAsync(TestUser customer, string title, string language = "en")
    {
        var response = await api.ClientFor(customer).PostJson("/api/questions", new { categoryId = "tax-accounting", title, body = "What should I do, and by when?", language });
        var id = (await response.Json(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        await api.DrainOutboxAsync();
        return id;
    }

    private async Task AnswerAtAsync(DateTimeOffset at, params string[] questions)
    {
        api.Clock.Set(at);
        foreach (var question in questions)
        {
            await (await api.ClientFor(alice).PostJson($"/api/questions/{question}/answers", new { body = LongAnswer })).Json(HttpStatusCode.Created);
        }

        await api.DrainOutboxAsync();
    }

    private async Task<JsonElement[]> QueueAsync(TestUser expert) =>
        (await (await api.ClientFor(expert).GetAsync("/api/experts/me/queue?limit=100")).Json(HttpStatusCode.OK)).GetProperty("items").EnumerateArray().ToArray();

    private async Task RunJobsAsync()
    {
        await api.RunDueJobsAsync();
        await api.DrainOutboxAsync();
    }

    private static string Id(JsonElement item) => item.GetProperty("questionId").GetString()!;

    public void Dispose() => api.Dispose();
}
