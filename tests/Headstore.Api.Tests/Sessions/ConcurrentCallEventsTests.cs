using System.Net;
using Headstore.Api.Tests.Support;
using static Headstore.Api.Tests.Support.SessionScenario;

namespace Headstore.Api.Tests.Sessions;

/// <summary>Call events for many sessions at once are written together (group commit); every one must land on its own session.</summary>
public sealed class ConcurrentCallEventsTests : IDisposable
{
    private readonly ApiFactory api = new();

    [Fact]
    public async Task EventsForManySessionsAtOnce_AreEachAppliedToTheirOwnSession()
    {
        var pairs = Enumerable.Range(0, 8).Select(i => (Customer: TestUser.Customer($"caller{i}"), Expert: TestUser.Expert($"adviser{i}"))).ToArray();
        var sessions = new List<(string Id, TestUser Customer, TestUser Expert)>();
        foreach (var (customer, expert) in pairs)
        {
            await ReadyAsync(api, expert, customer);
            sessions.Add((await ConnectedAsync(api, customer, expert), customer, expert));
        }

        await PassAsync(api, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(5));

        // Every expert drops at once; then the even ones come back at once.
        await Task.WhenAll(sessions.Select(s => api.ClientFor(s.Expert).PostJson($"/api/local-calls/{s.Id}/leave", new { participant = "expert" })));
        await PassAsync(api, TimeSpan.FromMinutes(1));
        var returns = await Task.WhenAll(sessions.Where((_, i) => i % 2 == 0).Select(s => api.ClientFor(s.Expert).PostJson($"/api/local-calls/{s.Id}/join", new { participant = "expert" })));
        Assert.All(returns, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        await PassAsync(api, TimeSpan.FromMinutes(1));

        for (var i = 0; i < sessions.Count; i++)
        {
            var meter = await MeterAsync(api, sessions[i].Customer, sessions[i].Id);
            Assert.Equal(i % 2 == 0 ? "connected" : "interrupted", meter.GetProperty("state").GetString());
            Assert.Equal(i % 2 == 0 ? 11 * 60 : 10 * 60, meter.GetProperty("billableSeconds").GetInt64());
        }
    }

    public void Dispose() => api.Dispose();
}
