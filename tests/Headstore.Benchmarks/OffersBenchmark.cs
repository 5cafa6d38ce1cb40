using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Headstore.Benchmarks;

/// <summary>
/// Accept-an-offer latency through HTTP against a running local host with the payment sandbox: sets up answered
/// questions with an offer each (half of them paid questions whose held price is captured at acceptance), warms up,
/// then accepts offers one per request: back to back with 1 and with 4 concurrent clients (the most the host does), and
/// paced at a fixed rate (open loop: each request's latency counts from when it was due, so a stall is not hidden by
/// the requests it delays), timing each request with a Stopwatch.
/// Usage: offers &lt;base url&gt; &lt;offers per measured run&gt; &lt;result json&gt; [&lt;markdown table&gt;]
/// </summary>
public static class OffersBenchmark
{
    private static readonly JsonSerializerOptions ReportJson = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private const int Warmup = 100;
    private static readonly int[] Concurrency = [1, 4];
    private const int PacedPerSecond = 20;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 3)
        {
            Console.Error.WriteLine("usage: offers <base url> <offers per run> <result json>");
            return 2;
        }

        var baseUrl = new Uri(args[0]);
        var perRun = int.Parse(args[1], CultureInfo.InvariantCulture);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64, PooledConnectionLifetime = TimeSpan.FromMinutes(10) }) { BaseAddress = baseUrl };
        var expert = await SignInAsync(http, "expert-bench", "Bench Expert", "expert");
        await SendAsync(http, expert, HttpMethod.Put, "/api/experts/me", new
        {
            name = "Bench Expert", jobTitle = "Accountant", company = "Bench & Co", offering = "Tax returns for freelancers.", categories = new[] { "tax-accounting" },
            languages = new[] { "en" }, description = "Benchmark expert.", currency = "USD", ratePerMinute = 300, freeMinutes = 0,
        });
        var customers = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var customer = await SignInAsync(http, $"customer-bench-{i}", $"Bench Customer {i}", "customer");
            await SendAsync(http, customer, HttpMethod.Post, "/api/me/payment-methods", new { paymentMethodId = "pm_card_visa" });
            customers.Add(customer);
        }

        var total = Warmup + (perRun * (Concurrency.Length + 1));
        var setup = Stopwatch.StartNew();
        var offers = new List<(string Customer, string OfferId, bool PaidQuestion)>(total);
        for (var i = 0; i < total; i++)
        {
            var customer = customers[i % customers.Count];
            var paid = i % 2 == 1;
            var question = await SendAsync(http, customer, HttpMethod.Post, "/api/questions", paid
                ? new { categoryId = "tax-accounting", title = $"Benchmark question number {i} about my home office", body = "Spare room.", language = "en", price = (object?)new { amount = 9000, currency = "USD" } }
                : new { categoryId = "tax-accounting", title = $"Benchmark question number {i} about my home office", body = "Spare room.", language = "en", price = (object?)null });
            var questionId = question.GetProperty("id").GetString()!;
            await SendAsync(http, expert, HttpMethod.Post, $"/api/questions/{questionId}/answers", new { body = "Claim the business share by floor area." });
            var offer = await SendAsync(http, expert, HttpMethod.Post, $"/api/questions/{questionId}/offers", new { serviceId = "phone-call", deliverable = "A 30 minute call about your expenses.", price = new { amount = 4900, currency = "USD" } });
            offers.Add((customer, offer.GetProperty("id").GetString()!, paid));
        }

        setup.Stop();
        var queue = new Queue<(string Customer, string OfferId, bool PaidQuestion)>(offers);
        await AcceptAllAsync(http, Take(queue, Warmup), 4);

        var runs = new List<Run>();
        foreach (var concurrency in Concurrency)
        {
            var batch = Take(queue, perRun);
            var wall = Stopwatch.StartNew();
            var timings = await AcceptAllAsync(http, batch, concurrency);
            wall.Stop();
            runs.Add(new Run(
                $"{concurrency} client{(concurrency == 1 ? "" : "s")}, back to back",
                timings.Count,
                Math.Round(timings.Count / wall.Elapsed.TotalSeconds, 1),
                Summary(timings.Select(t => t.Milliseconds).ToArray()),
                Summary(timings.Where(t => !t.PaidQuestion).Select(t => t.Milliseconds).ToArray()),
                Summary(timings.Where(t => t.PaidQuestion).Select(t => t.Milliseconds).ToArray())));
        }

        {
            var batch = Take(queue, perRun);
            var wall = Stopwatch.StartNew();
            var timings = await PacedAsync(http, batch, PacedPerSecond);
            wall.Stop();
            runs.Add(new Run(
                $"paced, {PacedPerSecond} accepts/s",
                timings.Count,
                Math.Round(timings.Count / wall.Elapsed.TotalSeconds, 1),
                Summary(timings.Select(t => t.Milliseconds).ToArray()),
                Summary(timings.Where(t => !t.PaidQuestion).Select(t => t.Milliseconds).ToArray()),
                Summary(timings.Where(t => t.PaidQuestion).Select(t => t.Milliseconds).ToArray())));
        }

        var report = new { offersPerRun = perRun, warmup = Warmup, setupSeconds = Math.Round(setup.Elapsed.TotalSeconds, 1), runs };
        var json = JsonSerializer.Serialize(report, ReportJson);
        await File.WriteAllTextAsync(args[2], json);
        Console.WriteLine(json);
        if (args.Length > 3)
        {
            await File.WriteAllLinesAsync(args[3], Table(runs));
        }

        return 0;
    }

    private static IEnumerable<string> Table(List<Run> runs)
    {
        yield return "| run | accepts | accepts/s | which offers | p50 ms | p90 ms | p99 ms | max ms |";
        yield return "|---|---|---|---|---|---|---|---|";
        foreach (var run in runs)
        {
            foreach (var (label, summary) in new[] { ("all", run.All), ("free question: offer charged", run.FreeQuestion), ("paid question held: offer charged + question captured", run.PaidQuestionHeld) })
            {
                yield return string.Create(CultureInfo.InvariantCulture,
                    $"| {run.Name} | {summary.Count} | {(label == "all" ? run.AcceptsPerSecond.ToString(CultureInfo.InvariantCulture) : "")} | {label} | {summary.P50Ms} | {summary.P90Ms} | {summary.P99Ms} | {summary.MaxMs} |");
            }
        }
    }

    private sealed record Latency(int Count, double P50Ms, double P90Ms, double P99Ms, double MaxMs);

    private sealed record Run(string Name, int Accepts, double AcceptsPerSecond, Latency All, Latency FreeQuestion, Latency PaidQuestionHeld);

    private static List<T> Take<T>(Queue<T> queue, int count) => Enumerable.Range(0, count).Select(_ => queue.Dequeue()).ToList();

    /// <summary>Starts one accept every 1/rate seconds whatever the others do; a latency runs from when its request was due.</summary>
    private static async Task<List<(double Milliseconds, bool PaidQuestion)>> PacedAsync(HttpClient http, List<(string Customer, string OfferId, bool PaidQuestion)> offers, int perSecond)
    {
        var clock = Stopwatch.StartNew();
        var requests = new List<Task<(double, bool)>>(offers.Count);
        for (var i = 0; i < offers.Count; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / perSecond);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            var (customer, offerId, paid) = offers[i];
            requests.Add(Task.Run(async () =>
            {
                await AcceptAsync(http, customer, offerId);
                return ((clock.Elapsed - due).TotalMilliseconds, paid);
            }));
        }

        return [.. await Task.WhenAll(requests)];
    }

    private static async Task AcceptAsync(HttpClient http, string customer, string offerId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/offers/{offerId}/accept");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", customer);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Accepting {offerId} answered {(int)response.StatusCode}: {body}");
        }
    }

    private static async Task<List<(double Milliseconds, bool PaidQuestion)>> AcceptAllAsync(HttpClient http, List<(string Customer, string OfferId, bool PaidQuestion)> offers, int concurrency)
    {
        var results = new List<(double, bool)>(offers.Count);
        var next = -1;
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < offers.Count)
            {
                var (customer, offerId, paid) = offers[index];
                var watch = Stopwatch.StartNew();
                await AcceptAsync(http, customer, offerId);
                watch.Stop();

                lock (results)
                {
                    results.Add((watch.Elapsed.TotalMilliseconds, paid));
                }
            }
        });
        await Task.WhenAll(workers);
        return results;
    }

    private static Latency Summary(double[] latencies)
    {
        Array.Sort(latencies);
        double Percentile(double p) => latencies.Length == 0 ? 0 : Math.Round(latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(p * latencies.Length) - 1)], 2);
        return new Latency(latencies.Length, Percentile(0.50), Percentile(0.90), Percentile(0.99), latencies.Length == 0 ? 0 : Math.Round(latencies[^1], 2));
    }

    private static async Task<string> SignInAsync(HttpClient http, string subject, string name, string role)
    {
        var response = await http.PostAsJsonAsync("/api/dev/tokens", new { subject, name, email = $"{subject}@example.com", roles = new[] { role } });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    private static async Task<JsonElement> SendAsync(HttpClient http, string token, HttpMethod method, string path, object body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {text}");
        }

        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
