using System.Text.Json;
using Headstore.Domain.Common;

namespace Headstore.Infrastructure.Calls.Acs;

public sealed record AcsResultInformation(int? Code, int? SubCode, string? Message);

/// <summary>A Call Automation callback event: the CloudEvent's id and time plus the data every event carries.</summary>
public abstract record AcsCallEvent
{
    /// <summary>The CloudEvent id: ACS may deliver an event more than once, so handlers de-duplicate on it.</summary>
    public string EventId { get; init; } = "";

    public string Type { get; init; } = "";

    public DateTimeOffset? Time { get; init; }

    public string CallConnectionId { get; init; } = "";

    public string? ServerCallId { get; init; }

    public string? CorrelationId { get; init; }

    public string? OperationContext { get; init; }

    public AcsResultInformation? ResultInformation { get; init; }
}

public sealed record AcsCallConnected : AcsCallEvent;

public sealed record AcsCallDisconnected : AcsCallEvent;

public sealed record AcsConnectFailed : AcsCallEvent;

public sealed record AcsCreateCallFailed : AcsCallEvent;

public sealed record AcsAnswerFailed : AcsCallEvent;

public sealed record AcsParticipantsUpdated : AcsCallEvent
{
    /// <summary>Updates can arrive out of order; the highest sequence number is the current list.</summary>
    public int SequenceNumber { get; init; }

    public IReadOnlyList<AcsCallParticipant> Participants { get; init; } = [];
}

public sealed record AcsPlayStarted : AcsCallEvent;

public sealed record AcsPlayCompleted : AcsCallEvent;

public sealed record AcsPlayFailed : AcsCallEvent
{
    public int? FailedPlaySourceIndex { get; init; }
}

public sealed record AcsPlayCanceled : AcsCallEvent;

/// <summary>An event type we do not act on; kept so it can be logged rather than failing the whole delivery.</summary>
public sealed record AcsUnrecognizedCallEvent : AcsCallEvent;

public static class AcsCallEvents
{
    private const string Prefix = "Microsoft.Communication.";

    /// <summary>Reads a callback body: a JSON array of CloudEvents (a single event object is accepted too).</summary>
    public static Result<IReadOnlyList<AcsCallEvent>> Parse(ReadOnlySpan<byte> body)
    {
        List<CloudEvent>? envelopes;
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            envelopes = document.RootElement.ValueKind == JsonValueKind.Array
                ? document.RootElement.Deserialize<List<CloudEvent>>(AcsHttp.Json)
                : [document.RootElement.Deserialize<CloudEvent>(AcsHttp.Json)!];
        }
        catch (JsonException)
        {
            return Error.Validation("body", "The callback body is not a JSON array of CloudEvents.");
        }

        var events = new List<AcsCallEvent>(envelopes?.Count ?? 0);
        foreach (var envelope in envelopes ?? [])
        {
            if (envelope is not { Id: { Length: > 0 } id, Type: { Length: > 0 } type } || envelope.Data.ValueKind != JsonValueKind.Object)
            {
                return Error.Validation("body", "Each CloudEvent needs an id, a type and an object as data.");
            }

            EventData? data;
            try
            {
                data = envelope.Data.Deserialize<EventData>(AcsHttp.Json);
            }
            catch (JsonException)
            {
                return Error.Validation("body", $"The data of event {id} does not match {type}.");
            }

            if (data is not { CallConnectionId: { Length: > 0 } callConnectionId })
            {
                return Error.Validation("body", $"Event {id} has no callConnectionId.");
            }

            events.Add(Create(type, data) with
            {
                EventId = id,
                Type = type,
                Time = envelope.Time,
                CallConnectionId = callConnectionId,
                ServerCallId = data.ServerCallId,
                CorrelationId = data.CorrelationId,
                OperationContext = data.OperationContext,
                ResultInformation = data.ResultInformation,
            });
        }

        return Result<IReadOnlyList<AcsCallEvent>>.Success(events);
    }

    private static AcsCallEvent Create(string type, EventData data) =>
        type[(type.StartsWith(Prefix, StringComparison.Ordinal) ? Prefix.Length : 0)..] switch
        {
            "CallConnected" => new AcsCallConnected(),
            "CallDisconnected" => new AcsCallDisconnected(),
            "ConnectFailed" => new AcsConnectFailed(),
            "CreateCallFailed" => new AcsCreateCallFailed(),
            "AnswerFailed" => new AcsAnswerFailed(),
            "ParticipantsUpdated" => new AcsParticipantsUpdated
            {
                SequenceNumber = data.SequenceNumber ?? 0,
                Participants = data.Participants ?? [],
            },
            "PlayStarted" => new AcsPlayStarted(),
            "PlayCompleted" => new AcsPlayCompleted(),
            "PlayFailed" => new AcsPlayFailed { FailedPlaySourceIndex = data.FailedPlaySourceIndex },
            "PlayCanceled" => new AcsPlayCanceled(),
            _ => new AcsUnrecognizedCallEvent(),
        };

    private sealed record CloudEvent(string? Id, string? Type, string? Source, string? Subject, DateTimeOffset? Time, JsonElement Data);

    /// <summary>The union of the data fields of the callback events we read.</summary>
    private sealed record EventData(
        string? CallConnectionId,
        string? ServerCallId,
        string? CorrelationId,
        string? OperationContext,
        AcsResultInformation? ResultInformation,
        int? SequenceNumber,
        IReadOnlyList<AcsCallParticipant>? Participants,
        int? FailedPlaySourceIndex);
}
