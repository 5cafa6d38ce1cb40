using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Headstore.Application.Sessions;
using Headstore.Domain.Common;
using Headstore.Domain.Sessions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Headstore.Infrastructure.Calls.Acs;

/// <summary>
/// Reads <c>POST /api/calls/events</c> deliveries. Call Automation callbacks (an array of CloudEvents) must carry a
/// valid ACS JWT for our resource and our secret in the URL (<see cref="AcsCallbackAuthenticator"/>); the session is
/// named by the callback URL the server gave when it connected (or the operation context). Event Grid deliveries (the
/// subscription validation handshake, incoming-call notifications) carry no ACS token, so only the URL secret admits
/// them: validation is answered with its code, anything else is acknowledged and ignored.
/// </summary>
public sealed class AcsCallEventReader(AcsCallbackAuthenticator authenticator, IOptions<AcsOptions> options, ILogger<AcsCallEventReader> logger) : ICallEventReader
{
    public const string ValidationEventType = "Microsoft.EventGrid.SubscriptionValidationEvent";

    public async Task<Result<CallCallback>> ReadAsync(CallCallbackRequest request, CancellationToken cancellationToken)
    {
        if (EventGridDelivery(request.Body.Span) is { } eventGrid)
        {
            if (!SecretMatches(request.Secret))
            {
                logger.LogWarning("Rejected an Event Grid delivery: the URL secret does not match.");
                return Error.Unauthorized();
            }

            return new CallCallback(eventGrid.ValidationCode, []);
        }

        var authenticated = await authenticator.AuthenticateAsync(request.Authorization, request.Secret, cancellationToken);
        if (!authenticated.IsSuccess)
        {
            return authenticated.Error!;
        }

        var parsed = AcsCallEvents.Parse(request.Body.Span);
        if (!parsed.IsSuccess)
        {
            return parsed.Error!;
        }

        return new CallCallback(null, parsed.Value.Select(e => ToCallEvent(e, request.SessionId)).ToArray());
    }

    public static CallEvent ToCallEvent(AcsCallEvent e, string? sessionFromUrl)
    {
        var session = !string.IsNullOrEmpty(sessionFromUrl) ? sessionFromUrl
            : e.OperationContext is { } context && context.StartsWith("ses_", StringComparison.Ordinal) ? context : null;
        var kind = e switch
        {
            AcsCallConnected => CallEventKind.Connected,
            AcsConnectFailed => CallEventKind.ConnectFailed,
            AcsParticipantsUpdated => CallEventKind.ParticipantsUpdated,
            AcsCallDisconnected => CallEventKind.Disconnected,
            _ => CallEventKind.Other,
        };
        var participants = e is AcsParticipantsUpdated updated
            ? updated.Participants.Select(p => p.Identifier?.RawId).OfType<string>().ToArray()
            : [];
        var sequence = e is AcsParticipantsUpdated withSequence ? withSequence.SequenceNumber : 0;
        return new CallEvent(e.EventId, kind, session is null ? null : new SessionId(session), e.CallConnectionId, e.Time, sequence, participants);
    }

    private bool SecretMatches(string? secret)
    {
        var expected = options.Value.CallbackSecret;
        return !string.IsNullOrEmpty(secret) && !string.IsNullOrEmpty(expected)
            && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(secret)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
    }

    /// <summary>An Event Grid delivery (events with an "eventType", or CloudEvents of Event Grid's own types); null for Call Automation callbacks.</summary>
    private static EventGridBatch? EventGridDelivery(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            var first = document.RootElement.ValueKind == JsonValueKind.Array
                ? document.RootElement.EnumerateArray().FirstOrDefault()
                : document.RootElement;
            if (first.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var type = first.TryGetProperty("eventType", out var eventType) ? eventType.GetString()
                : first.TryGetProperty("type", out var cloudType) ? cloudType.GetString() : null;
            var isEventGrid = first.TryGetProperty("eventType", out _) || type == ValidationEventType;
            if (!isEventGrid)
            {
                return null;
            }

            var code = type == ValidationEventType && first.TryGetProperty("data", out var data) && data.TryGetProperty("validationCode", out var validation)
                ? validation.GetString()
                : null;
            return new EventGridBatch(code);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record EventGridBatch(string? ValidationCode);
}

/// <summary>Without ACS there are no callbacks to accept: every delivery is refused, like a webhook with no secret configured.</summary>
public sealed class ClosedCallEventReader(ILogger<ClosedCallEventReader> logger) : ICallEventReader
{
    public Task<Result<CallCallback>> ReadAsync(CallCallbackRequest request, CancellationToken cancellationToken)
    {
        logger.LogWarning("Rejected a call callback: Azure Communication Services is not configured (the local call sandbox is in use).");
        return Task.FromResult(Result<CallCallback>.Failure(Error.Unauthorized()));
    }
}
