using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Headstore.Infrastructure.Tests.Payments.Stripe;

/// <summary>A scripted answer: for 2xx, <see cref="Body"/> is laid over the generated object; otherwise it is the whole body.</summary>
internal sealed record StubResponse(int Status, JsonObject Body, IReadOnlyDictionary<string, string>? Headers = null)
{
    public static StubResponse Error(int status, string type, string? code = null, string? declineCode = null, string message = "Refused.", string? param = null)
    {
        var error = new JsonObject { ["type"] = type, ["message"] = message };
        if (code is not null)
        {
            error["code"] = code;
        }

        if (declineCode is not null)
        {
            error["decline_code"] = declineCode;
        }

        if (param is not null)
        {
            error["param"] = param;
        }

        return new StubResponse(status, new JsonObject { ["error"] = error });
    }
}

/// <summary>
/// A real HTTP server on loopback that plays Stripe: it checks every request against Stripe's published description,
/// records what does not conform, and answers with objects valid by the same description. Tests then assert that
/// <see cref="Violations"/> is empty, so a misspelt parameter or a missing header fails the test.
/// </summary>
internal sealed class FakeStripeServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly StripeContract contract = StripeContract.Load();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<StubResponse>> scripted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, JsonObject> overlays = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<RecordedRequest> requests = new();
    private readonly ConcurrentQueue<string> violations = new();

    private FakeStripeServer(WebApplication app)
    {
        this.app = app;
        app.Run(HandleAsync);
    }

    public Uri BaseUrl { get; private set; } = null!;

    public IReadOnlyList<RecordedRequest> Requests => [.. requests];

    public IReadOnlyList<string> Violations => [.. violations];

    public long Now { get; set; } = 1_763_700_000;

    public static async Task<FakeStripeServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var server = new FakeStripeServer(builder.Build());
        await server.app.StartAsync();
        server.BaseUrl = new Uri(server.app.Urls.Single());
        return server;
    }

    /// <summary>The next request to <paramref name="operationId"/> gets this answer (in order, once each).</summary>
    public void Enqueue(string operationId, StubResponse response) =>
        scripted.GetOrAdd(operationId, _ => new ConcurrentQueue<StubResponse>()).Enqueue(response);

    /// <summary>Every later successful answer of <paramref name="operationId"/> carries these values.</summary>
    public void Overlay(string operationId, JsonObject values) => overlays[operationId] = values;

    public IReadOnlyList<RecordedRequest> RequestsTo(string operationId) =>
        [.. Requests.Where(request => contract.Find(request.Method, request.Path)?.OperationId == operationId)];

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var body = await new StreamReader(context.Request.Body, Encoding.UTF8).ReadToEndAsync();
        var request = new RecordedRequest(
            context.Request.Method,
            context.Request.Path.Value ?? "",
            context.Request.Headers.ToDictionary(header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            ParseForm(context.Request.QueryString.Value?.TrimStart('?')),
            ParseForm(body));
        requests.Enqueue(request);

        var found = contract.ValidateRequest(request, out var operation);
        foreach (var violation in found)
        {
            violations.Enqueue(violation);
        }

        if (operation is null)
        {
            await WriteAsync(context, 404, new JsonObject { ["error"] = new JsonObject { ["type"] = "invalid_request_error", ["message"] = "Unrecognized request URL." } }, null);
            return;
        }

        var stub = scripted.TryGetValue(operation.OperationId, out var queue) && queue.TryDequeue(out var next) ? next : null;
        var status = stub?.Status ?? 200;
        JsonObject answer;
        if (status is >= 200 and < 300)
        {
            answer = contract.Generate(contract.ResponseSchema(operation, status), Now)!.AsObject();
            Merge(answer, DefaultValues(operation, request));
            if (overlays.TryGetValue(operation.OperationId, out var overlay))
            {
                Merge(answer, overlay);
            }

            if (stub is not null)
            {
                Merge(answer, stub.Body);
            }
        }
        else
        {
            answer = stub!.Body;
        }

        // Our own answers must conform too, or the test would prove the client against a Stripe that does not exist.
        foreach (var violation in contract.ValidateResponse(answer, contract.ResponseSchema(operation, status)))
        {
            violations.Enqueue($"{operation.OperationId} response: {violation}");
        }

        await WriteAsync(context, status, answer, stub?.Headers);
    }

    /// <summary>What a real Stripe would echo back, so each scenario need only state what it cares about.</summary>
    private JsonObject DefaultValues(StripeOperation operation, RecordedRequest request)
    {
        long? Number(string key) => long.TryParse(request.FormValue(key), out var value) ? value : null;
        var manual = request.FormValue("capture_method") == "manual";
        return operation.OperationId switch
        {
            "PostCustomers" => new JsonObject { ["id"] = "cus_new" },
            "GetCustomersCustomer" => new JsonObject { ["id"] = operation.PathParameter(request.Path, "customer") },
            "PostSetupIntents" => new JsonObject
            {
                ["id"] = "seti_1", ["client_secret"] = "seti_1_secret_abc", ["status"] = "requires_payment_method",
                ["customer"] = request.FormValue("customer"), ["usage"] = request.FormValue("usage") ?? "off_session",
            },
            "PostPaymentIntents" => new JsonObject
            {
                ["id"] = "pi_1", ["amount"] = Number("amount"), ["currency"] = request.FormValue("currency"),
                ["capture_method"] = request.FormValue("capture_method") ?? "automatic",
                ["status"] = manual ? "requires_capture" : "succeeded",
                ["amount_capturable"] = manual ? Number("amount") : 0, ["amount_received"] = manual ? 0 : Number("amount"),
                ["latest_charge"] = "ch_1", ["transfer_group"] = request.FormValue("transfer_group"),
                ["client_secret"] = "pi_1_secret_abc",
            },
            "GetPaymentIntentsIntent" => PaymentIntent(operation.PathParameter(request.Path, "intent"), "requires_capture", 5000, 5000, 0),
            "PostPaymentIntentsIntentCapture" => PaymentIntent(
                operation.PathParameter(request.Path, "intent"), "succeeded", 5000, 0, Number("amount_to_capture") ?? 5000),
            "PostPaymentIntentsIntentCancel" => PaymentIntent(operation.PathParameter(request.Path, "intent"), "canceled", 5000, 0, 0),
            "PostPaymentIntentsIntentIncrementAuthorization" => PaymentIntent(
                operation.PathParameter(request.Path, "intent"), "requires_capture", Number("amount") ?? 0, Number("amount") ?? 0, 0),
            "PostRefunds" => new JsonObject
            {
                ["id"] = "re_1", ["amount"] = Number("amount") ?? 5000, ["currency"] = "usd", ["status"] = "succeeded",
                ["payment_intent"] = request.FormValue("payment_intent"),
            },
            "PostAccounts" => new JsonObject
            {
                ["id"] = "acct_1", ["country"] = request.FormValue("country"), ["type"] = request.FormValue("type"),
                ["charges_enabled"] = false, ["payouts_enabled"] = false, ["details_submitted"] = false,
            },
            "GetAccountsAccount" => new JsonObject { ["id"] = operation.PathParameter(request.Path, "account") },
            "PostAccountLinks" => new JsonObject { ["url"] = "https://connect.stripe.com/setup/e/acct_1/abc", ["expires_at"] = Now + 300 },
            "PostTransfers" => new JsonObject
            {
                ["id"] = "tr_1", ["amount"] = Number("amount"), ["currency"] = request.FormValue("currency"),
                ["destination"] = request.FormValue("destination"), ["transfer_group"] = request.FormValue("transfer_group"),
            },
            "PostTransfersIdReversals" => new JsonObject
            {
                ["id"] = "trr_1", ["amount"] = Number("amount") ?? 4000, ["currency"] = "usd",
                ["transfer"] = operation.PathParameter(request.Path, "id"),
            },
            _ => [],
        };
    }

    private static JsonObject PaymentIntent(string id, string status, long amount, long capturable, long received) => new()
    {
        ["id"] = id, ["status"] = status, ["amount"] = amount, ["amount_capturable"] = capturable, ["amount_received"] = received,
        ["currency"] = "usd", ["capture_method"] = "manual", ["latest_charge"] = "ch_1",
    };

    private static void Merge(JsonObject target, JsonObject source)
    {
        foreach (var (key, value) in source)
        {
            if (value is JsonObject nested && target[key] is JsonObject existing)
            {
                Merge(existing, nested);
            }
            else
            {
                target[key] = value?.DeepClone();
            }
        }
    }

    private static List<KeyValuePair<string, string>> ParseForm(string? encoded) =>
        string.IsNullOrEmpty(encoded)
            ? []
            : [.. encoded.Split('&').Select(pair =>
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                var key = equals < 0 ? pair : pair[..equals];
                var value = equals < 0 ? "" : pair[(equals + 1)..];
                return new KeyValuePair<string, string>(Decode(key), Decode(value));
            })];

    private static string Decode(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));

    private static async Task WriteAsync(HttpContext context, int status, JsonObject body, IReadOnlyDictionary<string, string>? headers)
    {
        context.Response.StatusCode = status;
        context.Response.Headers["Request-Id"] = $"req_{Guid.NewGuid():N}";
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString());
    }
}
