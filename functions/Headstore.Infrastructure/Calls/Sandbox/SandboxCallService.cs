using System.Collections.Concurrent;
using System.Security.Cryptography;
using Headstore.Application.Sessions;
using Headstore.Domain.Common;
using Headstore.Domain.Sessions;

namespace Headstore.Infrastructure.Calls.Sandbox;

/// <summary>
/// The local call sandbox, the embedded default without ACS. It behaves like the parts of ACS that sessions use: rooms
/// with two invited identities and a validity window, a server connection to the room's call, prompts, ending the call
/// for everyone; and it turns "this participant joined or left" into the event ACS would send (the full list of who is
/// on the call, with a sequence number), which the application handles exactly like an ACS callback.
/// </summary>
/// <remarks>
/// Rooms live in memory: after a restart a room is rebuilt from the session's call details on first use, and who is on
/// the call starts empty, as if both clients had reconnected. Sequence numbers start from the wall clock's ticks so they
/// keep growing across restarts (a repeated sequence number is a duplicate report to the sessions).
/// </remarks>
public sealed class SandboxCallService(TimeProvider clock) : ICallService, ICallSandbox
{
    public const string ProviderName = "sandbox";

    /// <summary>Ended rooms kept for inspection before the oldest are forgotten.</summary>
    private const int MaxRooms = 20_000;

    private readonly ConcurrentDictionary<string, Room> rooms = new(StringComparer.Ordinal);
    private long sequence = DateTime.UtcNow.Ticks;

    public string Provider => ProviderName;

    public Task<Result<CallDetails>> PrepareAsync(SessionId session, DateTimeOffset validFrom, DateTimeOffset validUntil, CancellationToken cancellationToken)
    {
        var call = new CallDetails(ProviderName, $"sandbox-room-{session.Value}",
            new CallParticipant($"sandbox:{session.Value}:customer", Token(), validUntil),
            new CallParticipant($"sandbox:{session.Value}:expert", Token(), validUntil),
            validUntil);
        Forget();
        rooms[session.Value] = new Room(call, validFrom);
        return Task.FromResult(Result<CallDetails>.Success(call));
    }

    public Task<Result<string>> ConnectAsync(SessionId session, CallDetails call, CancellationToken cancellationToken)
    {
        var room = RoomFor(session, call);
        lock (room)
        {
            return Task.FromResult(room.Ended
                ? Result<string>.Failure(Error.Rule("room-closed", "The room is closed."))
                : Result<string>.Success(ConnectionId(session)));
        }
    }

    public Task<Result<Unit>> PlayAsync(SessionId session, string connectionId, string text, CancellationToken cancellationToken)
    {
        if (!rooms.TryGetValue(session.Value, out var room))
        {
            return Task.FromResult(Result<Unit>.Failure(Error.NotFound("Sandbox call")));
        }

        lock (room)
        {
            room.Prompts.Add(text);
        }

        return Task.FromResult(Result<Unit>.Success(Unit.Value));
    }

    public Task<Result<Unit>> EndAsync(SessionId session, string? connectionId, CallDetails call, CancellationToken cancellationToken)
    {
        var room = RoomFor(session, call);
        lock (room)
        {
            room.Ended = true;
            room.OnCall.Clear();
        }

        return Task.FromResult(Result<Unit>.Success(Unit.Value));
    }

    public Result<CallEvent> Move(SessionId session, CallDetails call, string participantId, bool onCall)
    {
        var room = RoomFor(session, call);
        var now = clock.GetUtcNow();
        lock (room)
        {
            if (room.Ended)
            {
                return Error.Rule("room-closed", "The call was ended and the room closed.");
            }

            if (now < room.ValidFrom || now > call.ValidUntil)
            {
                return Error.Rule("room-not-open", "The room is not open at this time.");
            }

            if (participantId != call.Customer.ParticipantId && participantId != call.Expert.ParticipantId)
            {
                return Error.Forbidden("Only the two invited participants can join this room.");
            }

            if (onCall)
            {
                room.OnCall.Add(participantId);
            }
            else
            {
                room.OnCall.Remove(participantId);
            }

            var number = Interlocked.Increment(ref sequence);
            room.Sequence = number;
            return new CallEvent($"sandbox-{number}", CallEventKind.ParticipantsUpdated, session, ConnectionId(session), now, number, [.. room.OnCall]);
        }
    }

    public SandboxRoomView? Describe(SessionId session)
    {
        if (!rooms.TryGetValue(session.Value, out var room))
        {
            return null;
        }

        lock (room)
        {
            return new SandboxRoomView(session, room.Call.RoomId, [.. room.OnCall], [.. room.Prompts], room.Ended, room.Sequence);
        }
    }

    private static string ConnectionId(SessionId session) => $"sandbox-call-{session.Value}";

    private static string Token() => "sandbox-token-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private Room RoomFor(SessionId session, CallDetails call) => rooms.GetOrAdd(session.Value, _ => new Room(call, DateTimeOffset.MinValue));

    private void Forget()
    {
        if (rooms.Count < MaxRooms)
        {
            return;
        }

        foreach (var ended in rooms.Where(r => r.Value.Ended).Take(MaxRooms / 4).Select(r => r.Key).ToArray())
        {
            rooms.TryRemove(ended, out _);
        }
    }

    private sealed class Room(CallDetails call, DateTimeOffset validFrom)
    {
        public CallDetails Call { get; } = call;

        public DateTimeOffset ValidFrom { get; } = validFrom;

        public HashSet<string> OnCall { get; } = new(StringComparer.Ordinal);

        public List<string> Prompts { get; } = [];

        public bool Ended { get; set; }

        public long Sequence { get; set; }
    }
}
