using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Headstore.Infrastructure.Messaging.ServiceBus;
using Headstore.Infrastructure.Tests.Testing;
using Microsoft.AspNetCore.Http;

namespace Headstore.Infrastructure.Tests.Messaging.ServiceBus;

/// <summary>
/// Stands in for a Service Bus namespace over REST: checks each request's shared access signature and the
/// protocol (paths, BrokerProperties, content types), keeps queues and topic subscriptions in memory with peek
/// locks, and answers 201/204/200 as the service does. Whatever is wrong is answered with 4xx and kept in
/// <see cref="Violations"/>.
/// </summary>
public sealed class FakeServiceBusServer : IAsyncDisposable
{
    public const string KeyName = "RootManageSharedAccessKey";
    public const string Key = "dGVzdGtleQ==";
    public const string BatchContentType = "application/vnd.microsoft.servicebus.json";

    private static readonly HashSet<string> SettableBrokerProperties =
        ["MessageId", "CorrelationId", "Label", "ScheduledEnqueueTimeUtc", "SessionId", "TimeToLive", "ReplyTo", "To", "PartitionKey", "ContentType"];

    private readonly object gate = new();
    private readonly Dictionary<string, List<string>> topics;
    private readonly Dictionary<string, List<StoredMessage>> entities = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, StoredMessage> locks = new(StringComparer.Ordinal);
    private LocalHttpServer server = null!;
    private long sequence;

    private FakeServiceBusServer(IEnumerable<string> queues, Dictionary<string, List<string>> topics)
    {
        this.topics = topics;
        foreach (var queue in queues)
        {
            entities[queue] = [];
        }

        foreach (var (topic, subscriptions) in topics)
        {
            foreach (var subscription in subscriptions)
            {
                entities[$"{topic}/subscriptions/{subscription}"] = [];
            }
        }
    }

    public Uri BaseAddress => server.BaseAddress;

    public ConcurrentQueue<string> Violations { get; } = new();

    /// <summary>Every message accepted, with the broker properties it was sent with.</summary>
    public ConcurrentQueue<(string Entity, JsonObject Properties)> Accepted { get; } = new();

    /// <summary>Drops a message whose MessageId the entity has already accepted, as an entity with duplicate detection does.</summary>
    public bool DuplicateDetection { get; set; }

    private readonly HashSet<string> seenMessageIds = new(StringComparer.Ordinal);

    public static async Task<FakeServiceBusServer> StartAsync(IEnumerable<string> queues, Dictionary<string, List<string>> topics)
    {
        var fake = new FakeServiceBusServer(queues, topics);
        fake.server = await LocalHttpServer.StartAsync(fake.HandleAsync);
        return fake;
    }

    public ValueTask DisposeAsync() => server.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();

        if (CheckSignature(request) is { } denied)
        {
            await RejectAsync(context, StatusCodes.Status401Unauthorized, denied);
            return;
        }

        var path = Uri.UnescapeDataString(request.Path.Value!.Trim('/'));
        var segments = path.Split('/');
        if (request.Method == "POST" && segments[^1] == "messages")
        {
            await SendAsync(context, string.Join('/', segments[..^1]), body);
        }
        else if (request.Method == "POST" && segments.Length >= 3 && segments[^2] == "messages" && segments[^1] == "head")
        {
            await ReceiveAsync(context, string.Join('/', segments[..^2]));
        }
        else if (request.Method is "DELETE" or "PUT" && segments.Length >= 4 && segments[^3] == "messages")
        {
            await SettleAsync(context, string.Join('/', segments[..^3]), segments[^1], complete: request.Method == "DELETE");
        }
        else
        {
            await RejectAsync(context, StatusCodes.Status400BadRequest, $"{request.Method} {path} is not a Service Bus REST operation.");
        }
    }

    private string? CheckSignature(HttpRequest request)
    {
        const string scheme = "SharedAccessSignature ";
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith(scheme, StringComparison.Ordinal))
        {
            return "Authorization must be a SharedAccessSignature.";
        }

        var fields = header[scheme.Length..].Split('&').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        if (!fields.TryGetValue("sr", out var encodedResource) || !fields.TryGetValue("sig", out var signature)
            || !fields.TryGetValue("se", out var expiresAt) || !fields.TryGetValue("skn", out var keyName))
        {
            return "The signature needs sr, sig, se and skn.";
        }

        if (keyName != KeyName)
        {
            return $"Unknown key name {keyName}.";
        }

        if (!long.TryParse(expiresAt, NumberStyles.None, CultureInfo.InvariantCulture, out var expiry) || expiry <= DateTimeOffset.UtcNow.ToUnixTimeSeconds())
        {
            return "The signature has expired.";
        }

        var requestUrl = $"{request.Scheme}://{request.Host}{request.Path}";
        if (!requestUrl.StartsWith(Uri.UnescapeDataString(encodedResource), StringComparison.OrdinalIgnoreCase))
        {
            return $"The signature is for {Uri.UnescapeDataString(encodedResource)}, not {requestUrl}.";
        }

        return ServiceBusSharedAccessSignature.Sign(encodedResource, expiresAt, Key) == Uri.UnescapeDataString(signature)
            ? null
            : "The signature does not match.";
    }

    private async Task SendAsync(HttpContext context, string entity, byte[] body)
    {
        var contentType = context.Request.ContentType?.Split(';')[0].Trim();
        var errors = new List<string>();
        var messages = new List<(string Body, JsonObject Properties)>();
        if (contentType == "application/json")
        {
            var properties = ParseBrokerProperties(context.Request.Headers[ServiceBusRestClient.BrokerPropertiesHeader].FirstOrDefault(), "BrokerProperties header", errors);
            messages.Add((Encoding.UTF8.GetString(body), properties ?? []));
        }
        else if (contentType == BatchContentType)
        {
            JsonArray? batch = null;
            try
            {
                batch = JsonNode.Parse(body) as JsonArray;
            }
            catch (JsonException)
            {
            }

            if (batch is null)
            {
                errors.Add("A batch is a JSON array.");
            }

            foreach (var item in batch ?? [])
            {
                if (item is not JsonObject entry)
                {
                    errors.Add("Each batched message is an object.");
                    continue;
                }

                errors.AddRange(entry.Select(p => p.Key).Where(k => k is not ("Body" or "BrokerProperties" or "UserProperties")).Select(k => $"Batched message property {k} is unknown."));
                if (entry["Body"]?.GetValueKind() != JsonValueKind.String)
                {
                    errors.Add("Each batched message needs a string Body.");
                    continue;
                }

                var properties = ParseBrokerProperties(entry["BrokerProperties"]?.ToJsonString(), "batched BrokerProperties", errors);
                messages.Add((entry["Body"]!.GetValue<string>(), properties ?? []));
            }
        }
        else
        {
            errors.Add($"Content-Type {contentType ?? "(none)"} is neither application/json nor {BatchContentType}.");
        }

        if (errors.Count > 0)
        {
            await RejectAsync(context, StatusCodes.Status400BadRequest, string.Join(" ", errors));
            return;
        }

        lock (gate)
        {
            var targets = topics.TryGetValue(entity, out var subscriptions)
                ? subscriptions.Select(s => $"{entity}/subscriptions/{s}").ToList()
                : entities.ContainsKey(entity) ? [entity] : null;
            if (targets is null)
            {
                Violations.Enqueue($"No entity {entity}.");
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            foreach (var (text, properties) in messages)
            {
                if (DuplicateDetection && !seenMessageIds.Add($"{entity}\n{properties["MessageId"]}"))
                {
                    continue;
                }

                Accepted.Enqueue((entity, (JsonObject)properties.DeepClone()));
                var scheduled = properties["ScheduledEnqueueTimeUtc"] is { } time
                    ? DateTimeOffset.ParseExact(time.GetValue<string>(), "R", CultureInfo.InvariantCulture)
                    : DateTimeOffset.MinValue;
                foreach (var target in targets)
                {
                    entities[target].Add(new StoredMessage(text, (JsonObject)properties.DeepClone(), ++sequence, scheduled));
                }
            }
        }

        context.Response.StatusCode = StatusCodes.Status201Created;
    }

    private JsonObject? ParseBrokerProperties(string? json, string what, List<string> errors)
    {
        if (json is null)
        {
            errors.Add($"{what} is missing.");
            return null;
        }

        JsonObject? properties = null;
        try
        {
            properties = JsonNode.Parse(json) as JsonObject;
        }
        catch (JsonException)
        {
        }

        if (properties is null)
        {
            errors.Add($"{what} is not a JSON object.");
            return null;
        }

        errors.AddRange(properties.Select(p => p.Key).Where(k => !SettableBrokerProperties.Contains(k)).Select(k => $"{what}: {k} is not a settable broker property."));
        if (properties["MessageId"]?.GetValueKind() != JsonValueKind.String)
        {
            errors.Add($"{what}: MessageId should be set, as a string.");
        }

        if (properties["ScheduledEnqueueTimeUtc"] is { } scheduled
            && !DateTimeOffset.TryParseExact(scheduled.ToString(), "R", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            errors.Add($"{what}: ScheduledEnqueueTimeUtc must be an RFC 1123 date.");
        }

        return properties;
    }

    private async Task ReceiveAsync(HttpContext context, string entity)
    {
        if (!int.TryParse(context.Request.Query["timeout"], NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            await RejectAsync(context, StatusCodes.Status400BadRequest, "Peek-lock needs an integer timeout in seconds.");
            return;
        }

        StoredMessage? message;
        lock (gate)
        {
            if (!entities.TryGetValue(entity, out var messages) || topics.ContainsKey(entity))
            {
                Violations.Enqueue($"Cannot receive from {entity}.");
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            message = messages.FirstOrDefault(m => m.LockToken is null && m.ScheduledFor <= DateTimeOffset.UtcNow);
            if (message is not null)
            {
                message.LockToken = Guid.NewGuid().ToString();
                message.DeliveryCount++;
                locks[message.LockToken] = message;
            }
        }

        if (message is null)
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        var properties = (JsonObject)message.Properties.DeepClone();
        properties["LockToken"] = message.LockToken;
        properties["SequenceNumber"] = message.Sequence;
        properties["DeliveryCount"] = message.DeliveryCount;
        properties["LockedUntilUtc"] = DateTimeOffset.UtcNow.AddMinutes(1).ToString("R", CultureInfo.InvariantCulture);
        context.Response.StatusCode = StatusCodes.Status201Created;
        context.Response.Headers.Location = new Uri(BaseAddress, $"{entity}/messages/{message.Sequence}/{message.LockToken}").AbsoluteUri;
        context.Response.Headers[ServiceBusRestClient.BrokerPropertiesHeader] = properties.ToJsonString();
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(message.Body);
    }

    private async Task SettleAsync(HttpContext context, string entity, string lockToken, bool complete)
    {
        lock (gate)
        {
            if (locks.Remove(lockToken, out var message) && entities.TryGetValue(entity, out var messages))
            {
                if (complete)
                {
                    messages.Remove(message);
                }
                else
                {
                    message.LockToken = null;
                }

                context.Response.StatusCode = StatusCodes.Status200OK;
                return;
            }
        }

        await RejectAsync(context, StatusCodes.Status404NotFound, $"No lock {lockToken} on {entity}.");
    }

    private async Task RejectAsync(HttpContext context, int status, string message)
    {
        Violations.Enqueue(message);
        context.Response.StatusCode = status;
        await context.Response.WriteAsync(message);
    }

    private sealed class StoredMessage(string body, JsonObject properties, long sequence, DateTimeOffset scheduledFor)
    {
        public string Body { get; } = body;

        public JsonObject Properties { get; } = properties;

        public long Sequence { get; } = sequence;

        public DateTimeOffset ScheduledFor { get; } = scheduledFor;

        public string? LockToken { get; set; }

        public int DeliveryCount { get; set; }
    }
}
