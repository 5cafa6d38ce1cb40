using Azure.Core;
using Headstore.Infrastructure.EntraId;
using Headstore.Infrastructure.Tests.Testing;
using Microsoft.AspNetCore.Http;

namespace Headstore.Infrastructure.Tests.EntraId;

public sealed class EntraIdBearerTokenHandlerTests
{
    [Fact]
    public async Task Send_AddsTheBearerToken_AndReusesItUntilNearExpiry()
    {
        var seen = new List<string>();
        await using var server = await LocalHttpServer.StartAsync(context =>
        {
            lock (seen)
            {
                seen.Add(context.Request.Headers.Authorization.ToString());
            }

            return Task.CompletedTask;
        });
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var credential = new CountingCredential(clock);
        using var handler = new EntraIdBearerTokenHandler(credential, "https://servicebus.azure.net/.default", clock) { InnerHandler = new HttpClientHandler() };
        using var http = new HttpClient(handler) { BaseAddress = server.BaseAddress };

        await http.GetAsync(new Uri("a", UriKind.Relative));
        await http.GetAsync(new Uri("b", UriKind.Relative));
        clock.Advance(TimeSpan.FromMinutes(56));
        await http.GetAsync(new Uri("c", UriKind.Relative));

        Assert.Equal(["Bearer token-1", "Bearer token-1", "Bearer token-2"], seen);
        Assert.Equal(["https://servicebus.azure.net/.default"], credential.Scopes);
    }

    private sealed class CountingCredential(TimeProvider clock) : TokenCredential
    {
        private int issued;

        public IReadOnlyList<string> Scopes { get; private set; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Scopes = requestContext.Scopes;
            return new AccessToken($"token-{Interlocked.Increment(ref issued)}", clock.GetUtcNow().AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
