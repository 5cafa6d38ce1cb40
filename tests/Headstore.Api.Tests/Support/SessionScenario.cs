using System.Net;
using System.Text.Json;
using Headstore.Application.Common;
using Headstore.Domain.Payments;
using Microsoft.Extensions.DependencyInjection;

namespace Headstore.Api.Tests.Support;

/// <summary>Session steps through the public API and the local call sandbox, so session journeys read as their story.</summary>
public static class SessionScenario
{
    /// <summary>An online expert (3.00 USD a minute, 5 free minutes unless told) and a customer with a saved card.</summary>
    public static async Task ReadyAsync(ApiFactory api, TestUser expert, TestUser customer, long rate = 300, int freeMinutes = 5, string card = "pm_card_visa")
    {
        await Scenario.CreateExpertAsync(api, expert, Scenario.ExpertProfile(expert.Name, rate: rate, freeMinutes: freeMinutes));
        await GoOnlineAsync(api, expert);
        await MoneyScenario.SaveCardAsync(api, customer, card);
    }

    public static async Task GoOnlineAsync(ApiFactory api, TestUser expert) =>
        await (await api.ClientFor(expert).PutJson("/api/experts/me/status", new { status = "online" })).Json(HttpStatusCode.OK);

    public static Task<HttpResponseMessage> StartAsync(ApiFactory api, TestUser customer, object body) => api.ClientFor(customer).PostJson("/api/sessions", body);

    public static async Task<string> StartedAsync(ApiFactory api, TestUser customer, TestUser expert, string mode = "video")
    {
        var session = await (await StartAsync(api, customer, new { expertId = expert.Subject, mode })).Json(HttpStatusCode.Created);
        Assert.Equal("ringing", session.GetProperty("state").GetString());
        await api.DrainOutboxAsync();
        return session.GetProperty("id").GetString()!;
    }

    public static async Task<JsonElement> ActAsync(ApiFactory api, TestUser user, string sessionId, string action, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await api.ClientFor(user).PostAsync($"/api/sessions/{sessionId}/{action}", null);
        var body = expected == HttpStatusCode.OK ? await response.Json(expected) : await response.Problem(expected);
        await api.DrainOutboxAsync();
        return body;
    }

    public static async Task<JsonElement> MoveAsync(ApiFactory api, TestUser user, string sessionId, string participant, bool join)
    {
        var response = await api.ClientFor(user).PostJson($"/api/local-calls/{sessionId}/{(join ? "join" : "leave")}", new { participant });
        var meter = await response.Json(HttpStatusCode.OK);
        await api.DrainOutboxAsync();
        return meter;
    }

    /// <summary>Ringing, accepted, both on the sandbox call: connected.</summary>
    public static async Task<string> ConnectedAsync(ApiFactory api, TestUser customer, TestUser expert)
    {
        var sessionId = await StartedAsync(api, customer, expert);
        await ActAsync(api, expert, sessionId, "accept");
        await MoveAsync(api, customer, sessionId, "customer", join: true);
        var meter = await MoveAsync(api, expert, sessionId, "expert", join: true);
        Assert.Equal("connected", meter.GetProperty("state").GetString());
        return sessionId;
    }

    public static async Task<JsonElement> GetAsync(ApiFactory api, TestUser user, string sessionId) =>
        await (await api.ClientFor(user).GetAsync($"/api/sessions/{sessionId}")).Json(HttpStatusCode.OK);

    public static async Task<JsonElement> MeterAsync(ApiFactory api, TestUser user, string sessionId) =>
        await (await api.ClientFor(user).GetAsync($"/api/sessions/{sessionId}/meter")).Json(HttpStatusCode.OK);

    public static async Task<JsonElement> RoomAsync(ApiFactory api, TestUser user, string sessionId) =>
        await (await api.ClientFor(user).GetAsync($"/api/local-calls/{sessionId}")).Json(HttpStatusCode.OK);

    /// <summary>Moves the test clock in steps no longer than <paramref name="step"/>, delivering events and due timers after each, as the background loops would.</summary>
    public static async Task PassAsync(ApiFactory api, TimeSpan duration, TimeSpan? step = null)
    {
        var each = step ?? TimeSpan.FromSeconds(30);
        var left = duration;
        while (left > TimeSpan.Zero)
        {
            var move = left < each ? left : each;
            api.Clock.Advance(move);
            left -= move;
            await api.DrainOutboxAsync();
            await api.RunDueJobsAsync();
            await api.DrainOutboxAsync();
        }
    }

    public static async Task<string> ExpertStatusAsync(ApiFactory api, TestUser expert) =>
        (await (await api.ClientFor(null).GetAsync($"/api/experts/{expert.Subject}")).Json(HttpStatusCode.OK)).GetProperty("status").GetString()!;

    public static async Task<CustomerPayment?> PaymentAsync(ApiFactory api, string sessionId) =>
        await api.Services.GetRequiredService<IDocumentStore>().FindAsync<CustomerPayment>($"pay_{sessionId}", CancellationToken.None);

    public static long Amount(JsonElement money) => money.GetProperty("amount").GetInt64();
}
