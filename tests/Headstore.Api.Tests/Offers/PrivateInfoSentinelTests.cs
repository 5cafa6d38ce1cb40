using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Headstore.Api.Tests.Support;
using Headstore.Domain.Offers;
using Headstore.Http;

namespace Headstore.Api.Tests.Offers;

/// <summary>
/// The sentinel test: private information carrying a unique marker, then every operation of the API called by every
/// other kind of caller and by the parties (except the private-information operations they are allowed), the lifecycle
/// timers run, and the marker looked for in every response, log line, e-mail and database table. It may appear only in
/// the allowed responses and in the private information's own table.
/// </summary>
public sealed partial class PrivateInfoSentinelTests : IDisposable
{
    private static readonly string Marker = $"SENTINEL{Guid.NewGuid():N}";
    private readonly ApiFactory api = MoneyScenario.WithWebhooks();
    private readonly TestUser carol = TestUser.Customer("carol");
    private readonly TestUser dan = TestUser.Customer("dan");
    private readonly TestUser alice = TestUser.Expert("alice");
    private readonly TestUser bob = TestUser.Expert("bob");
    private readonly TestUser amy = new("expert-amy", "Amy Ambassador", "amy@example.com", "expert", "ambassador");
    private readonly TestUser ada = TestUser.Admin();

    [Fact]
    public async Task PrivateInformation_AppearsNowhere_ButInTheResponsesItsPartiesAndAuditedAdminsAreAllowed()
    {
        // A question with two answering experts; Alice's remote assistance offer is accepted; both parties write the information.
        await Scenario.CreateExpertAsync(api, bob, Scenario.ExpertProfile("Bob Expert"));
        await Scenario.CreateExpertAsync(api, amy, Scenario.ExpertProfile("Amy Ambassador"));
        var (questionId, answerId, offerId) = await OfferScenario.OfferedAsync(api, carol, alice, questionPrice: 9000, serviceId: "remote-assistance", amount: 7500);
        await Scenario.AnswerAsync(api, bob, questionId, "Bob's answer to the same question.");
        await OfferScenario.AcceptedAsync(api, carol, offerId);
        var privateInfo = $"/api/questions/{questionId}/private-info";
        await (await api.ClientFor(carol).PutJson(privateInfo, new { phone = $"+1 555 {Marker[..20]}", messenger = $"@{Marker}", email = $"{Marker}@example.com", notes = $"Door code {Marker}" })).Json(HttpStatusCode.OK);
        await (await api.ClientFor(alice).PutJson(privateInfo, new { phone = "+1 555 0100", messenger = $"@{Marker}", email = $"{Marker}@example.com", notes = $"Expert's notes {Marker}" })).Json(HttpStatusCode.OK);
        var session = await (await api.ClientFor(alice).PostAsync($"/api/offers/{offerId}/remote-sessions", null)).Json(HttpStatusCode.Created);
        var sessionId = session.GetProperty("id").GetString()!;
        var entry = await (await api.ClientFor(alice).PostJson("/api/experts/me/catalog", new { name = "Spreadsheet audit", description = "I check every formula of your workbook." })).Json(HttpStatusCode.Created);

        // The allowed responses do carry it: the test would notice the marker where it must not be.
        Assert.Contains(Marker, await (await api.ClientFor(carol).GetAsync(privateInfo)).Content.ReadAsStringAsync());
        Assert.Contains(Marker, await (await api.ClientFor(alice).GetAsync(privateInfo)).Content.ReadAsStringAsync());
        Assert.Contains(Marker, await (await api.ClientFor(ada).GetAsync($"/api/admin/questions/{questionId}/private-info?reason=Sentinel%20test%20dispute")).Content.ReadAsStringAsync());

        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["questionId"] = questionId, ["offerId"] = offerId, ["answerId"] = answerId, ["expertId"] = alice.Subject, ["categoryId"] = "tax-accounting",
            ["serviceId"] = entry.GetProperty("id").GetString()!, ["remoteSessionId"] = sessionId,
        };
        var allowed = new HashSet<(string Operation, string Caller)>
        {
            ("GetPrivateInfo", carol.Subject), ("GetPrivateInfo", alice.Subject), ("UpdatePrivateInfo", carol.Subject), ("UpdatePrivateInfo", alice.Subject),
            ("ReadPrivateInfoAsAdmin", ada.Subject),
        };
        var callers = new TestUser?[] { null, dan, bob, amy, ada, carol, alice };
        var leaks = new List<string>();
        var calls = 0;
        foreach (var operation in HttpOperations.All)
        {
            var path = RouteParameter().Replace(operation.Route, m => values.GetValueOrDefault(m.Groups[1].Value, "does-not-exist")) + "?reason=Sentinel%20check&limit=5&status=open&q=home%20office";
            foreach (var caller in callers)
            {
                if (allowed.Contains((operation.Name, caller?.Subject ?? "")))
                {
                    continue;
                }

                var client = api.ClientFor(caller);
                foreach (var body in operation.Method == "GET" ? new string?[] { null } : ["{}", ""])
                {
                    using var request = new HttpRequestMessage(new HttpMethod(operation.Method), path);
                    if (body is not null)
                    {
                        request.Content = new StringContent(body, Encoding.UTF8, "application/json");
                    }

                    var response = await client.SendAsync(request);
                    calls++;
                    var text = await response.Content.ReadAsStringAsync();
                    if (text.Contains(Marker, StringComparison.Ordinal) || response.Headers.ToString().Contains(Marker, StringComparison.Ordinal))
                    {
                        leaks.Add($"{operation.Method} {path} as {caller?.Subject ?? "anonymous"} → {(int)response.StatusCode}");
                    }
                }
            }
        }

        // Everything that happens later: e-mails, reminders, prompts, refunds, payouts, reports.
        for (var day = 0; day < 10; day++)
        {
            await api.DrainOutboxAsync();
            api.Clock.Advance(TimeSpan.FromDays(1));
            await api.RunDueJobsAsync();
        }

        await api.DrainOutboxAsync();

        Assert.True(calls > 300, $"Only {calls} calls were made.");
        Assert.True(leaks.Count == 0, "The marker leaked in responses:\n" + string.Join("\n", leaks));
        Assert.DoesNotContain(api.Logs.Lines, l => l.Contains(Marker, StringComparison.Ordinal));
        Assert.NotEmpty(api.MailFiles());
        Assert.DoesNotContain(api.MailFiles(), m => m.Contains(Marker, StringComparison.Ordinal));
        Assert.Equal([ApiFactory.UsesCosmos ? nameof(QuestionPrivateInfo) : "private_info"], await StoreInspection.PlacesHoldingAsync(api, Marker));
    }

    [GeneratedRegex(@"\{([a-zA-Z]+)\}")]
    private static partial Regex RouteParameter();

    public void Dispose() => api.Dispose();
}
