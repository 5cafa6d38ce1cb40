using Headstore.Infrastructure.Calls.Acs;

namespace Headstore.Infrastructure.Tests.Calls.Acs;

public sealed class AcsIdentityClientTests : AcsContractTest
{
    private const string IdentityId = "8:acs:0b6c4a5e-8f0d-4c8b-9a51-1f2e3d4c5b6a_00000021-1111-2222";

    [Fact]
    public async Task CreateIdentityWithToken_AsksForAVoipToken_AndReadsIdentityAndToken()
    {
        var result = await Client<AcsIdentityClient>().CreateIdentityWithTokenAsync(expiresInMinutes: 120);

        Assert.Empty(Server.Violations);
        Assert.True(result.IsSuccess);
        Assert.Equal("id-sample", result.Value.Identity.Id);
        Assert.Equal("token-sample", result.Value.AccessToken!.Token);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero), result.Value.AccessToken.ExpiresOn);
        var request = Single("IdentityOperations_Create");
        Assert.Equal("""["voip"]""", request.Body!["createTokenWithScopes"]!.ToJsonString());
        Assert.Equal(120, request.Body["expiresInMinutes"]!.GetValue<int>());
    }

    [Fact]
    public async Task IssueToken_AddressesTheIdentityByItsEscapedId()
    {
        var result = await Client<AcsIdentityClient>().IssueTokenAsync(IdentityId, [AcsTokenScopes.Voip, AcsTokenScopes.Chat]);

        Assert.Empty(Server.Violations);
        Assert.Equal("token-sample", result.Value.Token);
        var request = Single("IdentityOperations_IssueAccessToken");
        Assert.Equal(IdentityId, request.PathValues["id"]);
        Assert.Contains("8%3Aacs%3A", request.RawTarget, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokeAndDelete_FollowTheContract()
    {
        var client = Client<AcsIdentityClient>();

        var revoked = await client.RevokeTokensAsync(IdentityId);
        var deleted = await client.DeleteIdentityAsync(IdentityId);

        Assert.Empty(Server.Violations);
        Assert.True(revoked.IsSuccess);
        Assert.True(deleted.IsSuccess);
        Assert.Equal(IdentityId, Single("IdentityOperations_RevokeAccessTokens").PathValues["id"]);
        Assert.Equal(IdentityId, Single("IdentityOperations_Delete").PathValues["id"]);
    }
}
