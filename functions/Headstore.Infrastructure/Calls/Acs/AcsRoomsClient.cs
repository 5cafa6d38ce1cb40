using Headstore.Domain.Common;

namespace Headstore.Infrastructure.Calls.Acs;

public enum AcsRoomRole
{
    Presenter,
    Attendee,
    Consumer,
    Collaborator,
}

/// <summary>A new room: open for joining between the two instants; participants keyed by their raw ACS id.</summary>
public sealed record AcsCreateRoom(
    DateTimeOffset ValidFrom,
    DateTimeOffset ValidUntil,
    IReadOnlyDictionary<string, AcsRoomRole> Participants,
    bool PstnDialOutEnabled = false);

/// <summary>Only the values given are changed.</summary>
public sealed record AcsUpdateRoom(DateTimeOffset? ValidFrom = null, DateTimeOffset? ValidUntil = null, bool? PstnDialOutEnabled = null);

public sealed record AcsRoom(string Id, DateTimeOffset CreatedAt, DateTimeOffset ValidFrom, DateTimeOffset ValidUntil, bool PstnDialOutEnabled);

public sealed record AcsRoomParticipant(string RawId, AcsRoomRole Role);

/// <summary>
/// Rooms: a paid session's call happens in a room whose validity window and participant list ACS enforces,
/// so nobody but the expert and the customer can join, and only while the session is booked.
/// </summary>
public sealed class AcsRoomsClient(HttpClient http)
{
    public const string ApiVersion = "2025-03-13";

    /// <summary>Updates of rooms and of their participants are JSON merge patches (RFC 7396).</summary>
    private const string MergePatch = "application/merge-patch+json";

    public async Task<Result<AcsRoom>> CreateRoomAsync(AcsCreateRoom room, RepeatableRequest? repeatable = null, CancellationToken cancellationToken = default)
    {
        var body = new CreateRoomRequest(
            room.ValidFrom,
            room.ValidUntil,
            room.PstnDialOutEnabled,
            room.Participants.ToDictionary(p => p.Key, p => new ParticipantProperties(p.Value), StringComparer.Ordinal));
        using var request = AcsHttp.Request(HttpMethod.Post, "rooms", ApiVersion, body);
        AcsHttp.AddRepeatability(request, repeatable);
        using var response = await http.SendAsync(request, cancellationToken);
        return await AcsHttp.ReadAsync<AcsRoom>(response, "create room", cancellationToken);
    }

    public async Task<Result<AcsRoom>> GetRoomAsync(string roomId, CancellationToken cancellationToken = default)
    {
        using var request = AcsHttp.Request(HttpMethod.Get, $"rooms/{AcsHttp.Segment(roomId)}", ApiVersion);
        using var response = await http.SendAsync(request, cancellationToken);
        return await AcsHttp.ReadAsync<AcsRoom>(response, "get room", cancellationToken);
    }

    public async Task<Result<AcsRoom>> UpdateRoomAsync(string roomId, AcsUpdateRoom update, CancellationToken cancellationToken = default)
    {
        using var request = AcsHttp.Request(HttpMethod.Patch, $"rooms/{AcsHttp.Segment(roomId)}", ApiVersion, update, MergePatch);
        using var response = await http.SendAsync(request, cancellationToken);
        return await AcsHttp.ReadAsync<AcsRoom>(response, "update room", cancellationToken);
    }

    public async Task<Result<Unit>> DeleteRoomAsync(string roomId, CancellationToken cancellationToken = default)
    {
        using var request = AcsHttp.Request(HttpMethod.Delete, $"rooms/{AcsHttp.Segment(roomId)}", ApiVersion);
        using var response = await http.SendAsync(request, cancellationToken);
        return await AcsHttp.ExpectSuccessAsync(response, "delete room", cancellationToken);
    }

    /// <summary>Adds participants, or changes the role of those already in the room.</summary>
    public Task<Result<Unit>> AddOrUpdateParticipantsAsync(
        string roomId,
        IReadOnlyDictionary<string, AcsRoomRole> participants,
        CancellationToken cancellationToken = default) =>
        PatchParticipantsAsync(
            roomId,
            participants.ToDictionary(p => p.Key, p => (ParticipantProperties?)new ParticipantProperties(p.Value), StringComparer.Ordinal),
            "update participants",
            cancellationToken);

    /// <summary>In a merge patch a participant mapped to null is removed.</summary>
    public Task<Result<Unit>> RemoveParticipantsAsync(string roomId, IEnumerable<string> rawIds, CancellationToken cancellationToken = default) =>
        PatchParticipantsAsync(
            roomId,
            rawIds.ToDictionary(id => id, _ => (ParticipantProperties?)null, StringComparer.Ordinal),
            "remove participants",
            cancellationToken);

    /// <summary>Every participant, following the service's next links.</summary>
    public Task<Result<IReadOnlyList<AcsRoomParticipant>>> ListParticipantsAsync(string roomId, CancellationToken cancellationToken = default) =>
        AcsHttp.ReadAllPagesAsync<AcsRoomParticipant>(http, AcsHttp.WithApiVersion($"rooms/{AcsHttp.Segment(roomId)}/participants", ApiVersion), "list room participants", cancellationToken);

    private async Task<Result<Unit>> PatchParticipantsAsync(
        string roomId,
        Dictionary<string, ParticipantProperties?> participants,
        string operation,
        CancellationToken cancellationToken)
    {
        using var request = AcsHttp.Request(
            HttpMethod.Patch,
            $"rooms/{AcsHttp.Segment(roomId)}/participants",
            ApiVersion,
            new UpdateParticipantsRequest(participants),
            MergePatch);
        using var response = await http.SendAsync(request, cancellationToken);
        return await AcsHttp.ExpectSuccessAsync(response, operation, cancellationToken);
    }

    private sealed record ParticipantProperties(AcsRoomRole Role);

    private sealed record CreateRoomRequest(
        DateTimeOffset ValidFrom,
        DateTimeOffset ValidUntil,
        bool PstnDialOutEnabled,
        IReadOnlyDictionary<string, ParticipantProperties> Participants);

    private sealed record UpdateParticipantsRequest(IReadOnlyDictionary<string, ParticipantProperties?> Participants);

}
