using System.Net;
using System.Text.Json;
using Headstore.Api.Tests.Support;
using static Headstore.Api.Tests.Support.SessionScenario;

namespace Headstore.Api.Tests.Sessions;

/// <summary>The meter as server-sent events: readings while it runs, warnings before the limit, and the end, then the stream closes.</summary>
public sealed class MeterStreamTests : IDisposable
{
    private readonly ApiFactory api = new(extraSettings: new Dictionary<string, string?> { ["Sessions:MeterStreamInterval"] = "00:00:00.050" });
    private readonly TestUser carol = TestUser.Customer();
    private readonly TestUser alice = TestUser.Expert();

    [Fact]
    public async Task TheStream_SendsReadings_ThenAWarning_ThenTheEnd_AndCloses()
    {
        await ReadyAsync(api, alice, carol);
        var sessionId = await ConnectedAsync(api, carol, alice);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await api.ClientFor(alice).GetAsync($"/api/sessions/{sessionId}/meter/stream", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));

        var first = await NextEventAsync(reader, "meter", timeout.Token);
        Assert.Equal("connected", first.GetProperty("state").GetString());
        Assert.Equal(0, first.GetProperty("earnings").GetProperty("amount").GetInt64());

        await PassAsync(api, TimeSpan.FromMinutes(80), TimeSpan.FromMinutes(10));
        var warning = await NextEventAsync(reader, "warning", timeout.Token);
        Assert.Equal(600, warning.GetProperty("secondsLeft").GetInt64());
        var running = await NextEventAsync(reader, "meter", timeout.Token);
        Assert.Equal(22500, running.GetProperty("amount").GetProperty("amount").GetInt64());
        Assert.Equal(20250, running.GetProperty("earnings").GetProperty("amount").GetInt64());

        await ActAsync(api, carol, sessionId, "end");
        var ended = await NextEventAsync(reader, "ended", timeout.Token);
        Assert.Equal("ended", ended.GetProperty("state").GetString());
        Assert.Null(await ReadToEndOfStreamAsync(reader, timeout.Token));
    }

    [Fact]
    public async Task TheCustomersStream_ShowsTheAmount_NotTheExpertsEarnings()
    {
        await ReadyAsync(api, alice, carol);
        var sessionId = await ConnectedAsync(api, carol, alice);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await api.ClientFor(carol).GetAsync($"/api/sessions/{sessionId}/meter/stream", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));

        var meter = await NextEventAsync(reader, "meter", timeout.Token);

        Assert.Equal(JsonValueKind.Null, meter.GetProperty("earnings").ValueKind);
        Assert.True(meter.TryGetProperty("amount", out _));
    }

    public void Dispose() => api.Dispose();

    /// <summary>Reads events until one with the name comes, and returns its data.</summary>
    private static async Task<JsonElement> NextEventAsync(StreamReader reader, string name, CancellationToken cancellationToken)
    {
        string? current = null;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                current = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && current == name)
            {
                return JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone();
            }
        }

        throw new InvalidOperationException($"The stream closed before a '{name}' event.");
    }

    /// <summary>Null when the server closed the stream after what was already sent.</summary>
    private static async Task<string?> ReadToEndOfStreamAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                return line;
            }
        }

        return null;
    }
}
