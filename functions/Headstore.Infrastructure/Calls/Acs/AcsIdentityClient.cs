using Headstore.Domain.Common;

namespace Headstore.Infrastructure.Calls.Acs;

/// <summary>Token scopes of the Identity API.</summary>
public static class AcsTokenScopes
{
    public const string Voip = "voip";
    public const string VoipJoin = "voip.join";
    public const string Chat = "chat";
    public const string ChatJoin = "chat.join";
    public const string ChatJoinLimited = "chat.join.limited";
}

public sealed record AcsIdentity(string Id);

public sealed record AcsAccessToken(string Token, DateTimeOffset ExpiresOn);

public sealed record AcsIdentityWithToken(AcsIdentity Identity, AcsAccessToken? AccessToken);

/// <summary>
/// Communication Identity: each participant of a call gets an ACS identity and a short-lived token for the
/// calling SDK in the browser.
/// </summary>
public sealed class AcsIdentityClient(HttpClient http)
{
    public const string ApiVersion = "2026-09-23";

    /// <summary>Creates an identity and, in the same call, a token with the scopes (VoIP when none are given).</summary>
    public async Task<Result<AcsIdentityWithToken>> CreateIdentityWithTokenAsync(
        IReadOnlyList<string>? scopes = null,
        int? expiresInMinutes = null,
        CancellationToken cancellationToken = default)
    {
        var body = new CreateRequest(scopes ?? [AcsTokenScopes.Voip], expiresInMinutes);
        using var request = AcsHttp.Request(HttpMethod.Post, "identities", ApiVersion, body);
        using var response = await http.SendAsync(request, cancellationToken);
        return await AcsHttp.ReadAsync<AcsIdentityWithToken>(response, "create identity", cancellationToken);
    }

    public async Task<Result<AcsAccessToken>> IssueTokenAsync(
        string identityId,
        IReadOnlyList<string>? scopes = null,
        int? expiresInMinutes = null,
        CancellationToken cancellationToken = default)
    {
        var body = new TokenRequest(scopes ?? [AcsTokenScopes.Voip], expiresInMinutes);
        using var request = AcsHttp.Request(HttpMethod.Post, $"identities/{AcsHttp.Segment(identityId)}/:issueAccessToken", ApiVersion, body);
        using var response = await http.SendAsync(request, cancellationToken);
        return await AcsHttp.ReadAsync<AcsAccessToken>(response, "issue token", cancellationToken);
    }

    /// <summary>Invalidates every token issued so far, e.g. when a session ends early or is refunded.</summary>
    public async Task<Result<Unit>> RevokeTokensAsync(string identityId, CancellationToken cancellationToken = default)
    {
        using var request = AcsHttp.Request(HttpMethod.Post, $"identities/{AcsHttp.Segment(identityId)}/:revokeAccessTokens", ApiVersion);
        using var response = await http.SendAsync(request, cancellationToken);
        return await AcsHttp.ExpectSuccessAsync(response, "revoke tokens", cancellationToken);
    }

    public async Task<Result<Unit>> DeleteIdentityAsync(string identityId, CancellationToken cancellationToken = default)
    {
        using var request = AcsHttp.Request(HttpMethod.Delete, $"identities/{AcsHttp.Segment(identityId)}", ApiVersion);
        using var response = await http.SendAsync(request, cancellationToken);
        return await AcsHttp.ExpectSuccessAsync(response, "delete identity", cancellationToken);
    }

    private sealed record CreateRequest(IReadOnlyList<string> CreateTokenWithScopes, int? ExpiresInMinutes);

    private sealed record TokenRequest(IReadOnlyList<string> Scopes, int? ExpiresInMinutes);
}
