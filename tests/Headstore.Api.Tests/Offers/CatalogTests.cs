using System.Net;
using Headstore.Api.Tests.Support;

namespace Headstore.Api.Tests.Offers;

/// <summary>Each category's predefined services, and the expert's own catalogue of custom services.</summary>
public sealed class CatalogTests : IDisposable
{
    private readonly ApiFactory api = new();
    private readonly TestUser alice = TestUser.Expert("alice");
    private readonly TestUser carol = TestUser.Customer("carol");

    [Fact]
    public async Task EachCategory_ListsItsPredefinedServices_ForAnyone()
    {
        var it = (await (await api.ClientFor(null).GetAsync("/api/categories/computers-it/services")).Json(HttpStatusCode.OK)).GetProperty("items").EnumerateArray().ToArray();
        var remote = Assert.Single(it, s => s.GetProperty("id").GetString() == "remote-assistance");
        Assert.True(remote.GetProperty("allowsRemoteSessions").GetBoolean());
        Assert.Equal("Secure remote assistance", remote.GetProperty("name").GetString());
        Assert.Contains(it, s => s.GetProperty("kind").GetString() == "website-work");

        var law = (await (await api.ClientFor(null).GetAsync("/api/categories/law/services")).Json(HttpStatusCode.OK)).GetProperty("items").EnumerateArray().ToArray();
        Assert.DoesNotContain(law, s => s.GetProperty("id").GetString() is "remote-assistance" or "website-work");
        Assert.Contains(law, s => s.GetProperty("name").GetString() == "Legal letter templates");

        foreach (var category in (await (await api.ClientFor(null).GetAsync("/api/categories")).Json(HttpStatusCode.OK)).GetProperty("items").EnumerateArray())
        {
            var services = await (await api.ClientFor(null).GetAsync($"/api/categories/{category.GetProperty("id").GetString()}/services")).Json(HttpStatusCode.OK);
            Assert.True(services.GetProperty("items").GetArrayLength() >= 3);
        }

        await (await api.ClientFor(null).GetAsync("/api/categories/astrology/services")).Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task TheExpert_AddsEditsAndRemovesCatalogueEntries_AndOthersCannot()
    {
        await Scenario.CreateExpertAsync(api, alice);
        var client = api.ClientFor(alice);
        Assert.Empty((await (await client.GetAsync("/api/experts/me/catalog")).Json(HttpStatusCode.OK)).GetProperty("items").EnumerateArray());

        var created = await client.PostJson("/api/experts/me/catalog", new { name = "Spreadsheet audit", description = "I check every formula of your workbook and explain the errors.", price = new { amount = 6000, currency = "USD" } });
        var entry = await created.Json(HttpStatusCode.Created);
        var id = entry.GetProperty("id").GetString()!;
        Assert.StartsWith("svc_", id, StringComparison.Ordinal);
        Assert.Equal($"/api/experts/me/catalog/{id}", created.Headers.Location?.ToString());

        await (await client.PostJson("/api/experts/me/catalog", new { name = "spreadsheet AUDIT", description = "A second entry with the same name." })).Problem(HttpStatusCode.Conflict);
        await (await client.PostJson("/api/experts/me/catalog", new { name = "Call me", description = "Ring me on 020 7946 0958 to arrange it." })).Problem(HttpStatusCode.BadRequest, "description");
        await (await client.PostJson("/api/experts/me/catalog", new { name = "Priced wrong", description = "A price in another currency.", price = new { amount = 6000, currency = "EUR" } })).Problem(HttpStatusCode.BadRequest, "price");
        await (await api.ClientFor(carol).PostJson("/api/experts/me/catalog", new { name = "Not an expert", description = "Customers have no catalogue." })).Problem(HttpStatusCode.Forbidden);
        await (await api.ClientFor(null).GetAsync("/api/experts/me/catalog")).Problem(HttpStatusCode.Unauthorized);

        var edited = await (await client.PutJson($"/api/experts/me/catalog/{id}", new { name = "Spreadsheet audit and fix", description = "I check and fix every formula of your workbook." })).Json(HttpStatusCode.OK);
        Assert.Equal("Spreadsheet audit and fix", edited.GetProperty("name").GetString());
        await (await client.PutJson("/api/experts/me/catalog/svc_missing", new { name = "Nothing here", description = "No such entry to edit." })).Problem(HttpStatusCode.NotFound);
        await (await api.ClientFor(TestUser.Expert("bob")).DeleteAsync($"/api/experts/me/catalog/{id}")).Problem(HttpStatusCode.NotFound);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/experts/me/catalog/{id}")).StatusCode);
        await (await client.DeleteAsync($"/api/experts/me/catalog/{id}")).Problem(HttpStatusCode.NotFound);
        Assert.Empty((await (await client.GetAsync("/api/experts/me/catalog")).Json(HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task ACustomServiceOfferedOnce_IsSavedToTheCatalogue_AndReusedByIdLater_AndEditingItLeavesTheOfferAsSent()
    {
        var (first, _) = await OfferScenario.AnsweredAsync(api, carol, alice);
        var custom = await (await api.ClientFor(alice).PostJson($"/api/questions/{first}/offers", new
        {
            customServiceName = "Home office floor plan",
            deliverable = "A measured floor plan of your home office with the business share worked out.",
            price = new { amount = 3500, currency = "USD" },
        })).Json(HttpStatusCode.Created);
        Assert.True(custom.GetProperty("service").GetProperty("custom").GetBoolean());
        var serviceId = custom.GetProperty("service").GetProperty("id").GetString()!;

        var catalog = (await (await api.ClientFor(alice).GetAsync("/api/experts/me/catalog")).Json(HttpStatusCode.OK)).GetProperty("items");
        var saved = Assert.Single(catalog.EnumerateArray());
        Assert.Equal(serviceId, saved.GetProperty("id").GetString());
        Assert.Equal(3500, saved.GetProperty("price").GetProperty("amount").GetInt64());

        var (second, _) = await OfferScenario.AnsweredAsync(api, carol, alice, title: "Another question about my home office");
        var reused = await (await OfferScenario.SendAsync(api, alice, second, serviceId, 4000)).Json(HttpStatusCode.Created);
        Assert.Equal("Home office floor plan", reused.GetProperty("service").GetProperty("name").GetString());
        var again = await (await api.ClientFor(alice).PostJson($"/api/questions/{second}/offers", new { customServiceName = "home office FLOOR plan", deliverable = "The same service offered by name again.", price = new { amount = 4200, currency = "USD" } })).Json(HttpStatusCode.Created);
        Assert.Equal(serviceId, again.GetProperty("service").GetProperty("id").GetString());
        Assert.Single((await (await api.ClientFor(alice).GetAsync("/api/experts/me/catalog")).Json(HttpStatusCode.OK)).GetProperty("items").EnumerateArray());

        await (await api.ClientFor(alice).PutJson($"/api/experts/me/catalog/{serviceId}", new { name = "Renamed plan", description = "A renamed service description." })).Json(HttpStatusCode.OK);
        var sent = await OfferScenario.GetAsync(api, carol, custom.GetProperty("id").GetString()!);
        Assert.Equal("Home office floor plan", sent.GetProperty("service").GetProperty("name").GetString());

        // Another expert who answered the same question cannot offer Alice's catalogue service.
        var bob = TestUser.Expert("bob");
        await Scenario.CreateExpertAsync(api, bob, Scenario.ExpertProfile("Bob Expert"));
        await Scenario.AnswerAsync(api, bob, first, "Measure the room and divide by the whole flat.");
        await (await OfferScenario.SendAsync(api, bob, first, serviceId)).Problem(HttpStatusCode.BadRequest, "serviceId");
    }

    public void Dispose() => api.Dispose();
}
