using System.Net;
using System.Text;
using Headstore.Infrastructure.Calls.Acs;

namespace Headstore.Infrastructure.Tests.Calls.Acs;

/// <summary>The fake ACS must refuse what the real one refuses, or the client tests against it prove nothing.</summary>
public sealed class FakeAcsServerTests : IAsyncLifetime
{
    private FakeAcsServer server = null!;

    public async Task InitializeAsync() => server = await FakeAcsServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task Request_SignedWithAnotherKey_IsRejected()
    {
        using var client = Client(Convert.ToBase64String(new byte[32]));

        using var response = await client.GetAsync(new Uri("rooms/1?api-version=2025-03-13", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(server.Violations, v => v.Contains("signature", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Request_WithUnknownBodyProperty_IsRejected()
    {
        using var client = Client(FakeAcsServer.AccessKey);

        using var response = await client.PostAsync(
            new Uri("rooms?api-version=2025-03-13", UriKind.Relative),
            Json("""{"validFrom":"2026-11-20T10:00:00Z","colour":"red"}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(server.Violations, v => v.Contains("body.colour is not a property", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Request_WithWrongApiVersion_IsRejected()
    {
        using var client = Client(FakeAcsServer.AccessKey);

        using var response = await client.DeleteAsync(new Uri("rooms/1?api-version=2023-06-14", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(server.Violations, v => v.Contains("documents 2025-03-13", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Request_MissingARequiredProperty_IsRejected()
    {
        using var client = Client(FakeAcsServer.AccessKey);

        using var response = await client.PostAsync(
            new Uri("calling/callConnections:connect?api-version=2025-06-15", UriKind.Relative),
            Json("""{"callLocator":{"roomId":"r1","kind":"roomCallLocator"}}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(server.Violations, v => v.Contains("body.callbackUri is required", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Request_WithWrongPropertyType_IsRejected()
    {
        using var client = Client(FakeAcsServer.AccessKey);

        using var response = await client.PostAsync(
            new Uri("identities?api-version=2026-09-23", UriKind.Relative),
            Json("""{"createTokenWithScopes":["voip"],"expiresInMinutes":"sixty"}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(server.Violations, v => v.Contains("expiresInMinutes should be an integer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Request_ForAnUndocumentedOperation_IsRejected()
    {
        using var client = Client(FakeAcsServer.AccessKey);

        using var response = await client.PostAsync(new Uri("rooms/1:close?api-version=2025-03-13", UriKind.Relative), Json("{}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private HttpClient Client(string key) =>
        new(new AcsHmacSigningHandler(key, TimeProvider.System) { InnerHandler = new HttpClientHandler() }) { BaseAddress = server.BaseAddress };

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
