using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Headstore.Benchmarks;

/// <summary>
/// Sets up the sessions benchmark through the running local host's public API, as real clients would: for each pair an
/// expert with a profile who goes online, a customer with a saved card, a session started, accepted and joined by both
/// on the local call sandbox. Writes "sessionId customerToken expertToken" per line for the wrk scripts, and the set-up
/// figures as JSON.
/// </summary>
public static class SessionsBenchmark
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Usage: sessions-setup &lt;base url&gt; &lt;sessions&gt; &lt;lines file&gt; &lt;result json&gt;</summary>
    public static async Task<int> SetUpAsync(string[] args)
    {
        if (args.Length < 4)
        {
            Console.Error.WriteLine("usage: sessions-setup <base url> <sessions> <lines file> <result json>");
            return 2;
        }

        var baseUrl = new Uri(args[0]);
        var count = int.Parse(args[1], CultureInfo.InvariantCulture);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) };
        var lines = new string[count];
        var watch = Stopwatch.StartNew();
        var requests = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, cancellationToken) =>
        {
            var expert = await TokenAsync(http, $"expert-bench-{i:0000}", $"Bench Expert {i}", ["expert"], cancellationToken);
            var customer = await TokenAsync(http, $"customer-bench-{i:0000}", $"Bench Customer {i}", ["customer"], cancellationToken);
            await SendAsync(http, HttpMethod.Put, "/api/experts/me", expert, new
            {
                name = $"Bench Expert {i}", jobTitle = "Accountant", offering = "Tax returns for freelancers.", categories = new[] { "tax-accounting" },
                languages = new[] { "en" }, description = "Fifteen years of practice.", currency = "USD", ratePerMinute = 300, freeMinutes = 5,
            }, cancellationToken);
            await SendAsync(http, HttpMethod.Put, "/api/experts/me/status", expert, new { status = "online" }, cancellationToken);
            await SendAsync(http, HttpMethod.Post, "/api/me/payment-methods", customer, new { paymentMethodId = "pm_card_visa" }, cancellationToken);
            var session = await SendAsync(http, HttpMethod.Post, "/api/sessions", customer, new { expertId = $"expert-bench-{i:0000}", mode = "video" }, cancellationToken);
            var id = session.GetProperty("id").GetString()!;
            await SendAsync(http, HttpMethod.Post, $"/api/sessions/{id}/accept", expert, null, cancellationToken);
            await SendAsync(http, HttpMethod.Post, $"/api/local-calls/{id}/join", customer, new { participant = "customer" }, cancellationToken);
            var meter = await SendAsync(http, HttpMethod.Post, $"/api/local-calls/{id}/join", expert, new { participant = "expert" }, cancellationToken);
            if (meter.GetProperty("state").GetString() != "connected")
            {
                throw new InvalidOperationException($"Session {id} did not connect: {meter}");
            }

            lines[i] = $"{id} {customer} {expert}";
            Interlocked.Add(ref requests, 10);
        });
        watch.Stop();
        await File.WriteAllLinesAsync(args[2], lines);
        var result = new
        {
            sessions = count,
            setupSeconds = Math.Round(watch.Elapsed.TotalSeconds, 1),
            setupRequests = requests,
            setupRequestsPerSecond = Math.Round(requests / watch.Elapsed.TotalSeconds, 0),
            sessionsStartedPerSecond = Math.Round(count / watch.Elapsed.TotalSeconds, 1),
        };
        await File.WriteAllTextAsync(args[3], JsonSerializer.Serialize(result, Indented));
        Console.WriteLine(JsonSerializer.Serialize(result));
        return 0;
    }

    private static async Task<string> TokenAsync(HttpClient http, string subject, string name, string[] roles, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("/api/dev/tokens", new { subject, name, email = $"{subject}@bench.test", roles }, Json, cancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Json, cancellationToken)).GetProperty("accessToken").GetString()!;
    }

    private static async Task<JsonElement> SendAsync(HttpClient http, HttpMethod method, string path, string token, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body, options: Json) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {text}");
        }

        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
