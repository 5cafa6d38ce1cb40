using System.Security.Cryptography;
using System.Text.Json;
using Headstore.Application.Common;
using Headstore.Domain.Common;
using Microsoft.Extensions.DependencyInjection;

namespace Headstore.Http.Common;

/// <summary>
/// Runs an operation for either host: honours Idempotency-Key on POSTs (same key and body → the stored response,
/// a different body → 422, still running → 409), then turns the operation's answer into an HTTP result.
/// </summary>
public static class OperationExecutor
{
    public const string IdempotencyHeader = "Idempotency-Key";

    public static async Task<IResult> ExecuteAsync(HttpOperation operation, HttpContext http)
    {
        var cancellationToken = http.RequestAborted;
        var key = operation.HonoursIdempotencyKey ? http.Request.Headers[IdempotencyHeader].ToString() : "";
        if (string.IsNullOrEmpty(key))
        {
            return ToResult(await operation.Handler(http, cancellationToken), http);
        }

        if (key.Length > 255)
        {
            return ProblemMapping.ToResult(Error.Validation(IdempotencyHeader, "At most 255 characters."), http);
        }

        var store = http.RequestServices.GetRequiredService<IIdempotencyStore>();
        var actor = http.GetActor();
        var scope = $"{(actor.IsAuthenticated ? actor.UserId.Value : "anonymous")}:{operation.Name}";
        var hash = await HashRequestAsync(http, cancellationToken);
        var (claim, stored) = await store.ClaimAsync(scope, key, hash, cancellationToken);
        switch (claim)
        {
            case IdempotencyClaim.Completed:
                http.Response.Headers["Idempotent-Replayed"] = "true";
                return Replay(stored!, http);
            case IdempotencyClaim.InProgress:
                return ProblemMapping.ToResult(Error.Conflict("idempotency-in-progress", "A request with this Idempotency-Key is still being processed; retry shortly."), http);
            case IdempotencyClaim.Mismatch:
                return ProblemMapping.ToResult(Error.Rule("idempotency-key-reused", "This Idempotency-Key was used with a different request."), http);
        }

        ApiResponse response;
        try
        {
            response = await operation.Handler(http, cancellationToken);
        }
        catch
        {
            await store.ReleaseAsync(scope, key, CancellationToken.None);
            throw;
        }

        var toStore = Store(response, http);
        if (toStore is null)
        {
            await store.ReleaseAsync(scope, key, CancellationToken.None);
        }
        else
        {
            await store.CompleteAsync(scope, key, toStore, CancellationToken.None);
        }

        return ToResult(response, http);
    }

    public static IResult ToResult(ApiResponse response, HttpContext http) => response switch
    {
        JsonResponse { StatusCode: StatusCodes.Status204NoContent } => Results.NoContent(),
        JsonResponse json => WithLocation(Results.Json(json.Body, HttpJson.Options, statusCode: json.StatusCode), json.Location, http),
        ProblemResponse problem => ProblemMapping.ToResult(problem.Error, http),
        RawResponse raw => raw.Result,
        _ => throw new InvalidOperationException($"Unknown response {response.GetType().Name}"),
    };

    private static IResult WithLocation(IResult result, string? location, HttpContext http)
    {
        if (location is not null)
        {
            http.Response.Headers.Location = location;
        }

        return result;
    }

    /// <summary>Successes and the caller's own mistakes are stored; conflicts and server trouble are not, so a retry runs again.</summary>
    private static StoredResponse? Store(ApiResponse response, HttpContext http) => response switch
    {
        JsonResponse json => new StoredResponse(json.StatusCode, "application/json", json.Body is null ? "" : JsonSerializer.Serialize(json.Body, HttpJson.Options), json.Location),
        ProblemResponse { Error.Kind: not (ErrorKind.Conflict or ErrorKind.TooManyRequests or ErrorKind.Unavailable) } problem =>
            new StoredResponse(ProblemMapping.StatusFor(problem.Error.Kind), "application/problem+json", JsonSerializer.Serialize(ProblemMapping.ToProblemDetails(problem.Error, http), HttpJson.Options), null),
        _ => null,
    };

    private static IResult Replay(StoredResponse stored, HttpContext http)
    {
        if (stored.Location is not null)
        {
            http.Response.Headers.Location = stored.Location;
        }

        return stored.StatusCode == StatusCodes.Status204NoContent
            ? Results.NoContent()
            : Results.Content(stored.Body, stored.ContentType, statusCode: stored.StatusCode);
    }

    private static async Task<string> HashRequestAsync(HttpContext http, CancellationToken cancellationToken)
    {
        http.Request.EnableBuffering();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(System.Text.Encoding.UTF8.GetBytes($"{http.Request.Method} {http.Request.Path}{http.Request.QueryString}\n"));
        var buffer = new byte[8192];
        int read;
        while ((read = await http.Request.Body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            sha.AppendData(buffer, 0, read);
        }

        http.Request.Body.Position = 0;
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
