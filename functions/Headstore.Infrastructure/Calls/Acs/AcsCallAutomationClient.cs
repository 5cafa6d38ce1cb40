using Headstore.Domain.Common;
using Microsoft.Extensions.Options;

namespace Headstore.Infrastructure.Calls.Acs;

/// <summary>Who is on a call, in ACS's identifier model; <see cref="RawId"/> is the one to compare.</summary>
public sealed record AcsCommunicationIdentifier(string? RawId, string? Kind);

public sealed record AcsCallParticipant(AcsCommunicationIdentifier? Identifier, bool IsMuted, bool IsOnHold);

public sealed record AcsCallConnection(string CallConnectionId, string? ServerCallId, string? CallConnectionState, string? CorrelationId);

/// <summary>What to play: text read by a neural voice, or an audio file (WAV, mono, 16 kHz) at a public URL.</summary>
public sealed record AcsPlaySource
{
    private AcsPlaySource(string kind, string? text, string? locale, string? voiceName, Uri? file)
    {
        Kind = kind;
        Text = text;
        Locale = locale;
        VoiceName = voiceName;
        File = file;
    }

    public string Kind { get; }

    public string? Text { get; }

    public string? Locale { get; }

    public string? VoiceName { get; }

    public Uri? File { get; }

    public static AcsPlaySource TextToSpeech(string text, string locale = "en-US", string? voiceName = null) =>
        new("text", text, locale, voiceName, null);

    public static AcsPlaySource AudioFile(Uri file) => new("file", null, null, null, file);
}

/// <summary>
/// Call Automation: our service joins each session's room call as a bot so it can announce the time left,
/// see who is there and end the call for everyone when the paid time is over.
/// </summary>
public sealed class AcsCallAutomationClient(HttpClient http, IOptions<AcsOptions> options)
{
    public const string ApiVersion = "2025-06-15";

    /// <summary>Connects to the room's call; ACS then reports on it to the callback URL (the configured one unless given).</summary>
    public async Task<Result<AcsCallConnection>> ConnectToRoomAsync(
        string roomId,
        string? operationContext = null,
        RepeatableRequest? repeatable = null,
        CancellationToken cancellationToken = default,
        Uri? callbackUri = null)
    {
        var body = new ConnectRequest(
            new CallLocator(RoomId: roomId, Kind: "roomCallLocator"),
            (callbackUri ?? options.Value.CallbackUri()).AbsoluteUri,
            operationContext);
        using var request = AcsHttp.Request(HttpMethod.Post, "calling/callConnections:connect", ApiVersion, body);
        AcsHttp.AddRepeatability(request, repeatable);
        using var response = await http.SendAsync(request, cancellationToken);
        return await AcsHttp.ReadAsync<AcsCallConnection>(response, "connect to room call", cancellationToken);
    }

    public async Task<Result<AcsCallConnection>> GetCallAsync(string callConnectionId, CancellationToken cancellationToken = default)
    {
        using var request = AcsHttp.Request(HttpMethod.Get, $"calling/callConnections/{AcsHttp.Segment(callConnectionId)}", ApiVersion);
        using var response = await http.SendAsync(request, cancellationToken);
        return await AcsHttp.ReadAsync<AcsCallConnection>(response, "get call", cancellationToken);
    }

    /// <summary>Plays to everyone on the call; the outcome arrives as a PlayCompleted or PlayFailed callback.</summary>
    public async Task<Result<Unit>> PlayToAllAsync(
        string callConnectionId,
        AcsPlaySource source,
        string? operationContext = null,
        CancellationToken cancellationToken = default)
    {
        var playSource = source.Kind == "text"
            ? new PlaySource("text", Text: new TextSource(source.Text!, source.Locale, source.VoiceName))
            : new PlaySource("file", File: new FileSource(source.File!.AbsoluteUri));
        var body = new PlayRequest([playSource], operationContext);
        using var request = AcsHttp.Request(HttpMethod.Post, $"calling/callConnections/{AcsHttp.Segment(callConnectionId)}:play", ApiVersion, body);
        using var response = await http.SendAsync(request, cancellationToken);
        return await AcsHttp.ExpectSuccessAsync(response, "play", cancellationToken);
    }

    /// <summary>Takes our bot off the call; the other participants stay connected.</summary>
    public async Task<Result<Unit>> HangUpAsync(string callConnectionId, CancellationToken cancellationToken = default)
    {
        using var request = AcsHttp.Request(HttpMethod.Delete, $"calling/callConnections/{AcsHttp.Segment(callConnectionId)}", ApiVersion);
        using var response = await http.SendAsync(request, cancellationToken);
        return await AcsHttp.ExpectSuccessAsync(response, "hang up", cancellationToken);
    }

    /// <summary>Ends the call for everyone, e.g. when the paid time is over.</summary>
    public async Task<Result<Unit>> TerminateForEveryoneAsync(
        string callConnectionId,
        RepeatableRequest? repeatable = null,
        CancellationToken cancellationToken = default)
    {
        using var request = AcsHttp.Request(HttpMethod.Post, $"calling/callConnections/{AcsHttp.Segment(callConnectionId)}:terminate", ApiVersion);
        AcsHttp.AddRepeatability(request, repeatable);
        using var response = await http.SendAsync(request, cancellationToken);
        return await AcsHttp.ExpectSuccessAsync(response, "terminate call", cancellationToken);
    }

    /// <summary>Everyone on the call, following the service's next links.</summary>
    public Task<Result<IReadOnlyList<AcsCallParticipant>>> ListParticipantsAsync(string callConnectionId, CancellationToken cancellationToken = default) =>
        AcsHttp.ReadAllPagesAsync<AcsCallParticipant>(http, AcsHttp.WithApiVersion($"calling/callConnections/{AcsHttp.Segment(callConnectionId)}/participants", ApiVersion), "list call participants", cancellationToken);

    private sealed record CallLocator(string? RoomId, string Kind);

    private sealed record ConnectRequest(CallLocator CallLocator, string CallbackUri, string? OperationContext);

    private sealed record TextSource(string Text, string? SourceLocale, string? VoiceName);

    private sealed record FileSource(string Uri);

    private sealed record PlaySource(string Kind, TextSource? Text = null, FileSource? File = null);

    private sealed record PlayRequest(IReadOnlyList<PlaySource> PlaySources, string? OperationContext);

}
