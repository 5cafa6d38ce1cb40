using System.ComponentModel.DataAnnotations;
using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Headstore.Api.Auth;

/// <summary>
/// How bearer tokens are validated. Production: an external OpenID Connect issuer (Entra External ID or any other),
/// which also owns sign-in, passwords, password reset and social logins. Development: tokens this host signs itself,
/// issued by POST /api/dev/tokens for the demo users. The Azure Functions app links this file, so both hosts validate
/// tokens from the same "Auth" section in the same way (<see cref="ApplyTo"/>).
/// </summary>
public sealed class AuthOptions : IValidatableObject
{
    public const string Section = "Auth";

    /// <summary>"OpenIdConnect" or "Development".</summary>
    public string Mode { get; set; } = "OpenIdConnect";

    /// <summary>The issuer's authority, e.g. https://{tenant}.ciamlogin.com/{tenant-id}/v2.0.</summary>
    public string? Authority { get; set; }

    /// <summary>The API's audience (the app registration's client id or application id URI).</summary>
    public string? Audience { get; set; }

    /// <summary>Claim holding roles; Entra puts app roles in "roles".</summary>
    public string RoleClaim { get; set; } = "roles";

    public string DevIssuer { get; set; } = "https://headstore.local/dev";

    public string? DevSigningKey { get; set; }

    public bool IsDevelopment => string.Equals(Mode, "Development", StringComparison.OrdinalIgnoreCase);

    public SymmetricSecurityKey DevelopmentSigningKey() => new(Encoding.UTF8.GetBytes(DevSigningKey ?? ""));

    /// <summary>How a bearer token is validated: claims as issued (sub, name, roles), this API's audience, and either the
    /// issuer's published keys (OpenID Connect) or the development signing key.</summary>
    public void ApplyTo(JwtBearerOptions options)
    {
        options.MapInboundClaims = false;
        options.TokenValidationParameters.NameClaimType = "name";
        options.TokenValidationParameters.RoleClaimType = RoleClaim;
        options.TokenValidationParameters.ValidAudience = Audience;
        options.TokenValidationParameters.ClockSkew = TimeSpan.FromSeconds(30);
        if (IsDevelopment)
        {
            options.TokenValidationParameters.ValidIssuer = DevIssuer;
            options.TokenValidationParameters.IssuerSigningKey = DevSigningKey is { Length: >= 32 } ? DevelopmentSigningKey() : null;
            options.RequireHttpsMetadata = false;
        }
        else
        {
            options.Authority = Authority;
        }
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (IsDevelopment)
        {
            if (DevSigningKey is not { Length: >= 32 })
            {
                yield return new ValidationResult("Auth:DevSigningKey needs at least 32 characters in Development mode.", [nameof(DevSigningKey)]);
            }
        }
        else if (string.IsNullOrWhiteSpace(Authority) || string.IsNullOrWhiteSpace(Audience))
        {
            yield return new ValidationResult("Auth:Authority and Auth:Audience are required for an OpenID Connect issuer.", [nameof(Authority), nameof(Audience)]);
        }
    }
}
