using System.Net;
using Headstore.Api.Tests.Support;

namespace Headstore.Api.Tests.Experts;

public sealed class ExpertProfileTests : IDisposable
{
    private readonly ApiFactory api = new();

    [Fact]
    public async Task PutMe_CreatesProfile_ThatIsPublic()
    {
        var created = await Scenario.CreateExpertAsync(api, TestUser.Expert());
        Assert.Equal("expert-alice", created.GetProperty("id").GetString());
        Assert.Equal(300, created.GetProperty("ratePerMinute").GetProperty("amount").GetInt64());
        Assert.Equal("USD", created.GetProperty("ratePerMinute").GetProperty("currency").GetString());

        var read = await (await api.ClientFor(null).GetAsync("/api/experts/expert-alice")).Json(HttpStatusCode.OK);
        Assert.Equal("Alice Expert", read.GetProperty("name").GetString());
        Assert.Equal("offline", read.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("description", "Call me on +44 20 7946 0958 for a quick chat.")]
    [InlineData("description", "Write to alice dot smith at gmail dot com please.")]
    [InlineData("offering", "Find me on WhatsApp: alice_tax_help")]
    [InlineData("offering", "Book at https://calendly.com/alice")]
    [InlineData("name", "Alice @alicetax")]
    public async Task PutMe_WithContactDetails_IsRejectedNamingTheField(string field, string value)
    {
        var profile = new Dictionary<string, object?>
        {
            ["name"] = "Alice Expert", ["jobTitle"] = "Accountant", ["offering"] = "Tax returns.", ["categories"] = new[] { "tax-accounting" },
            ["languages"] = new[] { "en" }, ["description"] = "Experienced.", ["currency"] = "USD", ["ratePerMinute"] = 300, ["freeMinutes"] = 0,
        };
        profile[field] = value;
        var response = await api.ClientFor(TestUser.Expert()).PutJson("/api/experts/me", profile);
        var problem = await response.Problem(HttpStatusCode.BadRequest, field);
        Assert.Contains("Contact details", problem.GetProperty("errors").GetProperty(field)[0].GetString());
        await (await api.ClientFor(null).GetAsync("/api/experts/expert-alice")).Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task PutMe_WithBadFields_NamesEachField()
    {
        var response = await api.ClientFor(TestUser.Expert()).PutJson("/api/experts/me", new
        {
            name = "", jobTitle = "x", offering = new string('a', 501), categories = new[] { "no-such-category" }, languages = new[] { "xx" },
            description = "ok", currency = "JPY", ratePerMinute = 10, freeMinutes = 99,
        });
        var problem = await response.Problem(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "name", "offering", "categories", "languages", "currency", "ratePerMinute", "freeMinutes" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"missing error for {field}: {errors}");
        }
    }

    [Fact]
    public async Task PutMe_AsCustomer_IsForbidden_AndAnonymous_IsUnauthorized()
    {
        await (await api.ClientFor(TestUser.Customer()).PutJson("/api/experts/me", Scenario.ExpertProfile())).Problem(HttpStatusCode.Forbidden);
        await (await api.ClientFor(null).PutJson("/api/experts/me", Scenario.ExpertProfile())).Problem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Status_CanGoOnline_ButNotBusyByHand()
    {
        await Scenario.CreateExpertAsync(api, TestUser.Expert());
        var client = api.ClientFor(TestUser.Expert());
        var online = await (await client.PutJson("/api/experts/me/status", new { status = "online" })).Json(HttpStatusCode.OK);
        Assert.Equal("online", online.GetProperty("status").GetString());
        await (await client.PutJson("/api/experts/me/status", new { status = "busy" })).Problem(HttpStatusCode.BadRequest, "status");
    }

    [Fact]
    public async Task Search_FiltersByCategoryLanguageTextRatingAndPrice_AndPages()
    {
        await Scenario.CreateExpertAsync(api, TestUser.Expert("alice"), Scenario.ExpertProfile("Alice Tax", rate: 300, languages: ["en", "fr"]));
        await Scenario.CreateExpertAsync(api, TestUser.Expert("bob"), Scenario.ExpertProfile("Bob Computers", rate: 150, categories: ["computers-it"]));
        await Scenario.CreateExpertAsync(api, TestUser.Expert("cleo"), Scenario.ExpertProfile("Cleo Tax", rate: 900));
        var client = api.ClientFor(null);

        async Task<string[]> Names(string query) =>
            (await (await client.GetAsync($"/api/experts?{query}")).Json(HttpStatusCode.OK)).GetProperty("items").EnumerateArray().Select(e => e.GetProperty("name").GetString()!).Order().ToArray();

        Assert.Equal(["Alice Tax", "Cleo Tax"], await Names("category=tax-accounting"));
        Assert.Equal(["Alice Tax"], await Names("language=fr"));
        Assert.Equal(["Bob Computers"], await Names("q=computers"));
        Assert.Equal(["Alice Tax", "Bob Computers"], await Names("maxRate=500"));
        Assert.Empty(await Names("minRating=4"));

        var first = await (await client.GetAsync("/api/experts?limit=2")).Json(HttpStatusCode.OK);
        Assert.Equal(2, first.GetProperty("items").GetArrayLength());
        var cursor = first.GetProperty("nextCursor").GetString();
        var second = await (await client.GetAsync($"/api/experts?limit=2&cursor={cursor}")).Json(HttpStatusCode.OK);
        Assert.Equal(1, second.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKindNull, second.GetProperty("nextCursor").ValueKind);

        await (await client.GetAsync("/api/experts?limit=abc")).Problem(HttpStatusCode.BadRequest, "limit");
        await (await client.GetAsync("/api/experts?minRating=9")).Problem(HttpStatusCode.BadRequest, "minRating");
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;

    public void Dispose() => api.Dispose();
}
