using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Headstore.Infrastructure.Calls.Acs;
using Headstore.Infrastructure.Tests.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Headstore.Infrastructure.Tests.Calls.Acs;

/// <summary>
/// Stands in for an ACS resource: recomputes the HMAC signature of every request, checks it against the published
/// Swagger of the API it targets (Identity, Rooms, Call Automation) and answers with a body built from the
/// documented response schema. E-mail has no description in the shared specs, so its shape is checked by hand.
/// Whatever is wrong is answered with 401 or 400 and kept in <see cref="Violations"/>.
/// </summary>
public sealed class FakeAcsServer : IAsyncDisposable
{
    /// <summary>Base64 of the bytes 1..32, the access key of the signing test vectors.</summary>
    public const string AccessKey = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=";

    public const string EmailApiVersion = "2025-09-01";

    private static readonly TimeSpan AllowedClockSkew = TimeSpan.FromMinutes(15);
    private static readonly string[] EmailProperties = ["senderAddress", "content", "recipients", "attachments", "replyTo", "headers", "userEngagementTrackingDisabled"];

    private static readonly Lazy<IReadOnlyList<SwaggerContract>> Contracts = new(() =>
    [
        SwaggerContract.Load("acs-identity-2026-09-23.subset.json"),
        SwaggerContract.Load("acs-rooms-2025-03-13.subset.json"),
        SwaggerContract.Load("acs-callautomation-2025-06-15.subset.json"),
    ]);

    private readonly LocalHttpServer server;
    private readonly byte[] key = Convert.FromBase64String(AccessKey);

    private FakeAcsServer(LocalHttpServer server) => this.server = server;


    public Uri BaseAddress => server.BaseAddress;

    public string ConnectionString => $"endpoint={BaseAddress};accesskey={AccessKey}";

    public ConcurrentQueue<string> Violations { get; } = new();

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Replaces the generated body of an operation's answer, e.g. to echo what was asked for.</summary>
    public ConcurrentDictionary<string, Func<RecordedRequest, JsonNode?, JsonNode?>> Responses { get; } = new();

    public static async Task<FakeAcsServer> StartAsync()
    {
        _ = Contracts.Value;
        FakeAcsServer? fake = null;
        var server = await LocalHttpServer.StartAsync(context => fake!.HandleAsync(context));
        fake = new FakeAcsServer(server);
        return fake;
    }

    public ValueTask DisposeAsync() => server.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var rawTarget = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var query = request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
        var path = rawTarget.Split('?')[0];

        var signatureProblem = CheckSignature(request, rawTarget, body);
        if (signatureProblem is not null)
        {
            await RejectAsync(context, StatusCodes.Status401Unauthorized, "Denied", signatureProblem);
            return;
        }

        if (path.StartsWith("/emails", StringComparison.Ordinal))
        {
            await HandleEmailAsync(context, path, query, body);
            return;
        }

        foreach (var contract in Contracts.Value)
        {
            var operation = contract.Match(request.Method, path, out var pathValues);
            if (operation is null)
            {
                continue;
            }

            var errors = contract.Validate(operation, pathValues, query, name => request.Headers[name].FirstOrDefault(), request.ContentType, body);
            if (errors.Count > 0)
            {
                await RejectAsync(context, StatusCodes.Status400BadRequest, "ContractViolation", $"{operation.Id}: {string.Join(" ", errors)}");
                return;
            }

            var recorded = new RecordedRequest(operation.Id, request.Method, rawTarget, pathValues, body.Length == 0 ? null : JsonNode.Parse(body), request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase));
            Requests.Enqueue(recorded);
            var (status, generated) = contract.SuccessResponse(operation);
            var responseBody = Responses.TryGetValue(operation.Id, out var customise) ? customise(recorded, generated) : generated;
            await RespondAsync(context, status, responseBody);
            return;
        }

        await RejectAsync(context, StatusCodes.Status404NotFound, "UnknownOperation", $"No documented operation is {request.Method} {path}.");
    }

    private string? CheckSignature(HttpRequest request, string rawTarget, byte[] body)
    {
        var date = request.Headers[AcsHmacSigningHandler.DateHeader].ToString();
        var contentHash = request.Headers[AcsHmacSigningHandler.ContentHashHeader].ToString();
        var authorization = request.Headers.Authorization.ToString();
        if (date.Length == 0 || contentHash.Length == 0 || authorization.Length == 0)
        {
            return "x-ms-date, x-ms-content-sha256 and Authorization are all required.";
        }

        if (!DateTimeOffset.TryParseExact(date, "R", CultureInfo.InvariantCulture, DateTimeStyles.None, out var sent)
            || (sent - DateTimeOffset.UtcNow).Duration() > AllowedClockSkew)
        {
            return $"x-ms-date '{date}' is not a current RFC 1123 date.";
        }

        if (contentHash != Convert.ToBase64String(SHA256.HashData(body)))
        {
            return "x-ms-content-sha256 does not match the body.";
        }

        var expected = AcsHmacSigningHandler.Authorization(key, request.Method, rawTarget, date, request.Host.Value!, contentHash);
        return CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(expected), System.Text.Encoding.UTF8.GetBytes(authorization))
            ? null
            : "The HMAC signature does not match.";
    }

    private async Task HandleEmailAsync(HttpContext context, string path, IReadOnlyDictionary<string, string> query, byte[] body)
    {
        var errors = new List<string>();
        if (!query.TryGetValue("api-version", out var version) || version != EmailApiVersion)
        {
            errors.Add($"api-version must be {EmailApiVersion}.");
        }

        var request = context.Request;
        if (request.Method == "POST" && path == "/emails:send")
        {
            var json = request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) == true && body.Length > 0 ? JsonNode.Parse(body) as JsonObject : null;
            if (json is null)
            {
                errors.Add("The send request needs a JSON object body.");
            }
            else
            {
                errors.AddRange(json.Select(p => p.Key).Where(k => !EmailProperties.Contains(k)).Select(k => $"body.{k} is not a property of the send request."));
                if (json["senderAddress"]?.GetValueKind() != System.Text.Json.JsonValueKind.String)
                {
                    errors.Add("body.senderAddress is required.");
                }

                if (json["content"]?["subject"]?.GetValueKind() != System.Text.Json.JsonValueKind.String)
                {
                    errors.Add("body.content.subject is required.");
                }

                if (json["content"] is JsonObject content && content["plainText"] is null && content["html"] is null)
                {
                    errors.Add("body.content needs plainText or html.");
                }

                if (json["recipients"]?["to"] is not JsonArray { Count: > 0 } to || to.Any(r => r?["address"]?.GetValueKind() != System.Text.Json.JsonValueKind.String))
                {
                    errors.Add("body.recipients.to needs at least one {address}.");
                }
            }

            if (errors.Count > 0)
            {
                await RejectAsync(context, StatusCodes.Status400BadRequest, "ContractViolation", $"Email_Send: {string.Join(" ", errors)}");
                return;
            }

            var operationId = request.Headers["Operation-Id"].FirstOrDefault() ?? Guid.NewGuid().ToString();
            Requests.Enqueue(new RecordedRequest("Email_Send", "POST", path, new Dictionary<string, string>(), json, request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
            context.Response.Headers["Operation-Location"] = new Uri(BaseAddress, $"emails/operations/{operationId}?api-version={EmailApiVersion}").AbsoluteUri;
            await RespondAsync(context, StatusCodes.Status202Accepted, new JsonObject { ["id"] = operationId, ["status"] = "Running" });
            return;
        }

        const string operationsPrefix = "/emails/operations/";
        if (request.Method == "GET" && path.StartsWith(operationsPrefix, StringComparison.Ordinal) && errors.Count == 0 && body.Length == 0)
        {
            var operationId = Uri.UnescapeDataString(path[operationsPrefix.Length..]);
            Requests.Enqueue(new RecordedRequest("Email_GetSendResult", "GET", path, new Dictionary<string, string> { ["operationId"] = operationId }, null, new Dictionary<string, string>()));
            await RespondAsync(context, StatusCodes.Status200OK, new JsonObject { ["id"] = operationId, ["status"] = "Succeeded" });
            return;
        }

        await RejectAsync(context, StatusCodes.Status400BadRequest, "ContractViolation", $"E-mail: {request.Method} {path} {string.Join(" ", errors)}");
    }

    private async Task RejectAsync(HttpContext context, int status, string code, string message)
    {
        Violations.Enqueue(message);
        await RespondAsync(context, status, new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } });
    }

    private static async Task RespondAsync(HttpContext context, int status, JsonNode? body)
    {
        context.Response.StatusCode = status;
        if (body is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body.ToJsonString());
        }
    }
}

public sealed record RecordedRequest(
    string OperationId,
    string Method,
    string RawTarget,
    IReadOnlyDictionary<string, string> PathValues,
    JsonNode? Body,
    IReadOnlyDictionary<string, string> Headers);
