using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Headstore.Api.Tests.Support;
using Headstore.Http;

namespace Headstore.Api.Tests.Platform;

/// <summary>
/// Every operation, called by every kind of caller with hostile input, answers with a client error or success —
/// never a 5xx — and every error is a problem document.
/// </summary>
public sealed partial class RobustnessTests : IDisposable
{
    private static readonly string[] Bodies =
    [
        "", "null", "[]", "\"text\"", "42", "{}", "{\"x\":", "{\"title\":{\"nested\":[1,2,{}]}}",
        "{\"stars\":\"five\",\"direction\":7,\"proposedTimes\":\"soon\",\"ratePerMinute\":1e400,\"currency\":null}",
        "{\"categoryId\":\"law\",\"title\":\"" + new string('a', 5000) + "\",\"body\":\"\\u0000\\ud800\"}",
        "{\"time\":\"not-a-date\",\"subject\":null,\"body\":null,\"categories\":[null],\"languages\":[1]}",
    ];

    // With a webhook secret the Stripe endpoint is open and must refuse unsigned input with a 4xx (without one it is closed: 503 by design).
    private readonly ApiFactory api = new(seedDemoData: true, extraSettings: new Dictionary<string, string?> { ["Stripe:WebhookSecret"] = "whsec_robustness_test_secret" });

    [Fact]
    public async Task NoOperation_AnswersWith5xx_WhateverTheInputOrCaller()
    {
        var questionId = (await (await api.ClientFor(null).GetAsync("/api/questions?limit=1")).Json(HttpStatusCode.OK)).GetProperty("items")[0].GetProperty("id").GetString()!;
        // (A NUL in the path is refused by Kestrel itself with 400 before routing; the test host cannot send one.)
        var routeValues = new[] { "does-not-exist", questionId, $"{questionId}.a1", "..%2F..%2Fetc", new string('z', 300) };
        var callers = new TestUser?[] { null, TestUser.Customer(), TestUser.Expert("alice"), TestUser.Admin(), new("nobody-123", "No Roles", "n@example.com") };
        var failures = new List<string>();
        foreach (var operation in HttpOperations.All)
        {
            foreach (var caller in callers)
            {
                var client = api.ClientFor(caller);
                foreach (var value in routeValues)
                {
                    var path = RouteParameter().Replace(operation.Route, value) + "?limit=0&cursor=%%%&minRating=abc&q=%22%20OR%20*&mine=maybe";
                    foreach (var body in operation.Method is "GET" ? [""] : Bodies)
                    {
                        using var request = new HttpRequestMessage(new HttpMethod(operation.Method), path);
                        if (operation.Method != "GET")
                        {
                            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
                        }

                        var response = await client.SendAsync(request);
                        if ((int)response.StatusCode >= 500)
                        {
                            failures.Add($"{operation.Method} {path} as {caller?.Subject ?? "anonymous"} with {body[..Math.Min(body.Length, 40)]} → {(int)response.StatusCode}");
                        }
                        else if ((int)response.StatusCode >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                        {
                            failures.Add($"{operation.Method} {path} → {(int)response.StatusCode} without a problem body");
                        }
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(30)));
        Assert.DoesNotContain(api.Logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"\{[a-zA-Z]+\}")]
    private static partial Regex RouteParameter();

    public void Dispose() => api.Dispose();
}
