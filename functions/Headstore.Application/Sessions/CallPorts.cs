using Headstore.Domain.Common;
using Headstore.Domain.Sessions;

namespace Headstore.Application.Sessions;

/// <summary>
/// The calling service, seen from sessions: identities and tokens for both sides, a room valid for the session's window,
/// the server's own connection to the room's call (to hear its events, speak prompts and end it), and closing it all.
/// Azure Communication Services in Azure; the local call sandbox otherwise (docs/sessions.md, "Calls").
/// </summary>
public interface ICallService
{
    /// <summary>"acs" or "sandbox"; stored with each call.</summary>
    string Provider { get; }

    /// <summary>Creates an identity and a calling token for each side and a room they alone may join between the two times.</summary>
    Task<Result<CallDetails>> PrepareAsync(SessionId session, DateTimeOffset validFrom, DateTimeOffset validUntil, CancellationToken cancellationToken);

    /// <summary>Connects the server to the room's call; its events then arrive at <c>POST /api/calls/events</c>. Returns the connection id.</summary>
    Task<Result<string>> ConnectAsync(SessionId session, CallDetails call, CancellationToken cancellationToken);

    /// <summary>Speaks a short text to everyone on the call.</summary>
    Task<Result<Unit>> PlayAsync(SessionId session, string connectionId, string text, CancellationToken cancellationToken);

    /// <summary>Ends the call for everyone (when connected) and closes the room and both identities, so nobody can join again.</summary>
    Task<Result<Unit>> EndAsync(SessionId session, string? connectionId, CallDetails call, CancellationToken cancellationToken);
}

public enum CallEventKind
{
    /// <summary>The server's connection to the call is up.</summary>
    Connected,

    /// <summary>The server could not connect (for a room, usually: nobody has started its call yet).</summary>
    ConnectFailed,

    /// <summary>The full list of who is on the call now, with a sequence number.</summary>
    ParticipantsUpdated,

    /// <summary>The server's connection ended: the call ended for everyone.</summary>
    Disconnected,

    /// <summary>Anything else (prompt outcomes and the like): acknowledged, not acted on.</summary>
    Other,
}

/// <summary>
/// One call event in the application's terms, whether it came from an ACS callback or the local sandbox. The session
/// is named by the callback URL (ACS) or by the sandbox; <see cref="ParticipantIds"/> are raw calling identities.
/// </summary>
public sealed record CallEvent(
    string EventId,
    CallEventKind Kind,
    SessionId? SessionId,
    string ConnectionId,
    DateTimeOffset? OccurredAt,
    long Sequence,
    IReadOnlyList<string> ParticipantIds);

/// <summary>What a callback delivery carried: Event Grid's subscription validation (answer its code), or call events.</summary>
public sealed record CallCallback(string? ValidationCode, IReadOnlyList<CallEvent> Events);

/// <param name="Authorization">The Authorization header (ACS signs each callback with a bearer JWT).</param>
/// <param name="Secret">The <c>secret</c> query parameter of the callback URL.</param>
/// <param name="SessionId">The <c>session</c> query parameter the server put in the callback URL when it connected.</param>
public sealed record CallCallbackRequest(string? Authorization, string? Secret, string? SessionId, ReadOnlyMemory<byte> Body);

/// <summary>Authenticates and reads a callback delivery. Without ACS configured every delivery is refused.</summary>
public interface ICallEventReader
{
    Task<Result<CallCallback>> ReadAsync(CallCallbackRequest request, CancellationToken cancellationToken);
}

/// <summary>What the local call sandbox knows of a session's room: who is on it, what it said, whether it was ended.</summary>
public sealed record SandboxRoomView(SessionId SessionId, string RoomId, IReadOnlyList<string> OnCall, IReadOnlyList<string> PromptsPlayed, bool Ended, long Sequence);

/// <summary>
/// The local call sandbox's controls: a participant joins or leaves a session's room, and the sandbox answers with the
/// event ACS would have sent (the full list of who is on the call), which goes through the same handler as ACS's.
/// </summary>
public interface ICallSandbox
{
    Result<CallEvent> Move(SessionId session, CallDetails call, string participantId, bool onCall);

    SandboxRoomView? Describe(SessionId session);
}
