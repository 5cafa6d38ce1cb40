using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using Headstore.Domain.Common;
using Headstore.Http.Common;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Headstore.Api.Auth;

public sealed record DevTokenRequest(string? Subject, string? Name, string? Email, IReadOnlyList<string>? Roles);

public sealed record DevTokenResponse(string AccessToken, string TokenType, int ExpiresIn);

/// <summary>Development only: signs a token for any demo identity so the API can be tried without an identity provider.</summary>
public static class DevTokenEndpoint
{
    public const string Route = "/api/dev/tokens";

    public static void Map(WebApplication app)
    {
        app.MapPost(Route, async (HttpContext http, IOptions<AuthOptions> options, TimeProvider clock) =>
        {
            var body = await http.ReadJsonAsync<DevTokenRequest>(http.RequestAborted);
            if (!body.IsSuccess)
            {
                return ProblemMapping.ToResult(body.Error!, http);
            }

            var request = body.Value;
            var validator = new Validator()
                .RequireText(request.Subject, "subject", 100)
                .OptionalText(request.Name, "name", 100)
                .Require(request.Roles is { Count: > 0 } && request.Roles.All(r => Roles.All.Contains(r)), "roles", $"Give one or more of {string.Join(", ", Roles.All)}.");
            if (!validator.IsValid)
            {
                return ProblemMapping.ToResult(validator.ToError(), http);
            }

            return Results.Ok(Issue(options.Value, request.Subject!, request.Name ?? request.Subject!, request.Email, request.Roles!, clock.GetUtcNow()));
        })
        .WithTags("Development")
        .WithSummary("Issue a development token (local host in Development only)")
        .Accepts<DevTokenRequest>("application/json")
        .Produces<DevTokenResponse>()
        .AllowAnonymous();
    }

    public static DevTokenResponse Issue(AuthOptions options, string subject, string name, string? email, IEnumerable<string> roles, DateTimeOffset now)
    {
        var claims = new List<Claim> { new("sub", subject), new("name", name) };
        if (email is not null)
        {
            claims.Add(new Claim("email", email));
        }

        claims.AddRange(roles.Select(r => new Claim("roles", r)));
        var lifetime = TimeSpan.FromHours(8);
        var token = new JwtSecurityToken(
            options.DevIssuer,
            options.Audience,
            claims,
            now.UtcDateTime.AddSeconds(-5),
            now.UtcDateTime + lifetime,
            new SigningCredentials(SigningKey(options), SecurityAlgorithms.HmacSha256));
        return new DevTokenResponse(new JwtSecurityTokenHandler().WriteToken(token), "Bearer", (int)lifetime.TotalSeconds);
    }

    public static SymmetricSecurityKey SigningKey(AuthOptions options) => options.DevelopmentSigningKey();
}
