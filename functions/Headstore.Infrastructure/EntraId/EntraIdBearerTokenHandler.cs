using System.Net.Http.Headers;
using Azure.Core;

namespace Headstore.Infrastructure.EntraId;

/// <summary>
/// Adds an Entra ID bearer token (managed identity in production) for one scope, so an adapter can drop its keys.
/// The token is reused until five minutes before it expires; the credential caches too, but asking it costs a lock
/// and sometimes a round trip.
/// </summary>
public sealed class EntraIdBearerTokenHandler(TokenCredential credential, string scope, TimeProvider timeProvider) : DelegatingHandler
{
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim gate = new(1, 1);
    // A reference, so a reader outside the lock never sees a token paired with another token's expiry.
    private volatile CachedToken? current;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = await GetTokenAsync(cancellationToken);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await base.SendAsync(request, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            gate.Dispose();
        }

        base.Dispose(disposing);
    }

    private async Task<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        var token = current;
        if (IsFresh(token))
        {
            return token.Value;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            token = current;
            if (!IsFresh(token))
            {
                var issued = await credential.GetTokenAsync(new TokenRequestContext([scope]), cancellationToken);
                current = token = new CachedToken(issued.Token, issued.ExpiresOn);
            }

            return token.Value;
        }
        finally
        {
            gate.Release();
        }
    }

    private bool IsFresh([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] CachedToken? token) =>
        token is not null && token.ExpiresOn - RefreshMargin > timeProvider.GetUtcNow();

    private sealed record CachedToken(string Value, DateTimeOffset ExpiresOn);
}
