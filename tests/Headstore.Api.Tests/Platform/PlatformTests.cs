using System.Net;
using System.Text;
using Headstore.Api.Tests.Support;

namespace Headstore.Api.Tests.Platform;

public sealed class PlatformTests : IDisposable
{
    private readonly ApiFactory api = new();

    [Fact]
    public async Task Health_OpenApi_AndSwagger_Answer()
    {
        var client = api.ClientFor(null);
        Assert.Equal("Healthy", await (await client.GetAsync("/health")).Content.ReadAsStringAsync());
        var openApi = await (await client.GetAsync("/openapi/v1.json")).Json(HttpStatusCode.OK);
        Assert.True(openApi.GetProperty("paths").TryGetProperty("/api/questions/{questionId}", out _));
        Assert.True(openApi.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("Bearer", out _));
        var swagger = await client.GetAsync("/swagger/index.html");
        Assert.Equal(HttpStatusCode.OK, swagger.StatusCode);
    }

    [Fact]
    public async Task MalformedJson_IsA400Problem_NamingTheBody()
    {
        var client = api.ClientFor(TestUser.Customer());
        var response = await client.PostAsync("/api/questions", new StringContent("this is not json", Encoding.UTF8, "application/json"));
        await response.Problem(HttpStatusCode.BadRequest, "body");
        var wrongType = await client.PostAsync("/api/questions", new StringContent("{\"title\": 42}", Encoding.UTF8, "application/json"));
        await wrongType.Problem(HttpStatusCode.BadRequest, "title");
    }

    [Fact]
    public async Task DevTokens_AreIssuedForKnownRolesOnly()
    {
        var client = api.ClientFor(null);
        var token = await (await client.PostJson("/api/dev/tokens", new { subject = "customer-zoe", name = "Zoe", roles = new[] { "customer" } })).Json(HttpStatusCode.OK);
        Assert.False(string.IsNullOrEmpty(token.GetProperty("accessToken").GetString()));
        await (await client.PostJson("/api/dev/tokens", new { subject = "x", roles = new[] { "superuser" } })).Problem(HttpStatusCode.BadRequest, "roles");
    }

    [Fact]
    public async Task ExpiredOrForgedTokens_AreUnauthorized()
    {
        var client = api.ClientFor(null);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.forged");
        await (await client.GetAsync("/api/me/messages")).Problem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task IdempotencyKey_ReplaysTheFirstResponse_AndRejectsADifferentBody()
    {
        using var seeded = new ApiFactory();
        var client = seeded.ClientFor(TestUser.Customer());
        var body = new { categoryId = "tax-accounting", title = "Is my bicycle a business expense?", body = "I cycle to clients.", language = "en" };
        var request1 = new HttpRequestMessage(HttpMethod.Post, "/api/questions") { Content = System.Net.Http.Json.JsonContent.Create(body) };
        request1.Headers.Add("Idempotency-Key", "ask-1");
        var first = await (await client.SendAsync(request1)).Json(HttpStatusCode.Created);
        var request2 = new HttpRequestMessage(HttpMethod.Post, "/api/questions") { Content = System.Net.Http.Json.JsonContent.Create(body) };
        request2.Headers.Add("Idempotency-Key", "ask-1");
        var replay = await client.SendAsync(request2);
        var second = await replay.Json(HttpStatusCode.Created);
        Assert.Equal(first.GetProperty("id").GetString(), second.GetProperty("id").GetString());
        Assert.True(replay.Headers.Contains("Idempotent-Replayed"));

        var mine = await (await client.GetAsync("/api/questions?mine=true")).Json(HttpStatusCode.OK);
        Assert.Equal(1, mine.GetProperty("items").GetArrayLength());

        var request3 = new HttpRequestMessage(HttpMethod.Post, "/api/questions") { };
        request3.Content = System.Net.Http.Json.JsonContent.Create(new { categoryId = "tax-accounting", title = "A different question entirely", body = "x", language = "en" });
        request3.Headers.Add("Idempotency-Key", "ask-1");
        await (await client.SendAsync(request3)).Problem(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task IdempotencyKey_UnderConcurrency_CreatesOnce()
    {
        var client = api.ClientFor(TestUser.Customer("dan"));
        var body = new { categoryId = "tax-accounting", title = "Concurrent retries of one question", body = "Same key many times.", language = "en" };
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/questions") { Content = System.Net.Http.Json.JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", "same-key");
            return await client.SendAsync(request);
        }));
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
        var mine = await (await client.GetAsync("/api/questions?mine=true")).Json(HttpStatusCode.OK);
        Assert.Equal(1, mine.GetProperty("items").GetArrayLength());
    }

    public void Dispose() => api.Dispose();
}

public sealed class RateLimitTests : IDisposable
{
    private readonly ApiFactory api = new(extraSettings: new Dictionary<string, string?> { ["RateLimits:AnonymousReadsPerMinute"] = "3" });

    [Fact]
    public async Task AnonymousReads_BeyondTheLimit_Get429WithRetryAfter()
    {
        var client = api.ClientFor(null);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/categories")).StatusCode);
        }

        var limited = await client.GetAsync("/api/categories");
        await limited.Problem(HttpStatusCode.TooManyRequests);
        Assert.NotNull(limited.Headers.RetryAfter);
    }

    public void Dispose() => api.Dispose();
}
