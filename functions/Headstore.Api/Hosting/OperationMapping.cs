using Headstore.Http;
using Headstore.Http.Common;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;

namespace Headstore.Api.Hosting;

/// <summary>Maps every shared operation to its route. Nothing about an operation is written here but its OpenAPI description.</summary>
public static class OperationMapping
{
    public static void MapHeadstoreOperations(this WebApplication app)
    {
        foreach (var operation in HttpOperations.All)
        {
            var endpoint = app.MapMethods(operation.Route, [operation.Method], (Delegate)((HttpContext http) => OperationExecutor.ExecuteAsync(operation, http)))
                .WithName(operation.Name)
                .WithTags(operation.Tag)
                .WithSummary(operation.Summary)
                .ProducesProblem(StatusCodes.Status400BadRequest)
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status429TooManyRequests);
            if (operation.RequestType is not null)
            {
                endpoint.Accepts(operation.RequestType, "application/json");
            }

            endpoint.Produces(operation.SuccessStatus, operation.ResponseType, operation.ResponseType is null ? null : "application/json");
            if (operation.Access == OperationAccess.SignedIn)
            {
                endpoint.RequireAuthorization().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
            }

            if (operation.RateLimit != RateLimitKind.None)
            {
                endpoint.RequireRateLimiting(operation.RateLimit == RateLimitKind.Write ? RateLimiting.WritePolicy : RateLimiting.ReadPolicy);
            }
        }
    }

    /// <summary>Describes bearer authentication in the OpenAPI document so Swagger UI can send a token.</summary>
    public static IServiceCollection AddHeadstoreOpenApi(this IServiceCollection services)
    {
        services.AddOpenApi("v1", options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Headstore API",
                    Version = "v1",
                    Description = "Expert-advice marketplace. Money is { amount: minor units, currency }. Errors are RFC 9457 problems.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[JwtBearerDefaults.AuthenticationScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "A token from the identity provider (locally: POST /api/dev/tokens).",
                };
                document.Security ??= [];
                document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(JwtBearerDefaults.AuthenticationScheme, document)] = [] });
                return Task.CompletedTask;
            });
        });
        return services;
    }
}

