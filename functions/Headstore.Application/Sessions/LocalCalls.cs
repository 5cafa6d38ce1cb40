using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Sessions;

namespace Headstore.Application.Sessions;

/// <param name="Participant">"customer" or "expert": who joins or leaves the room's call.</param>
public sealed record LocalCallCommand(string? Participant);

/// <summary>
/// The local call sandbox (the embedded default without ACS): <c>POST /api/local-calls/{sessionId}/join|leave</c> moves a
/// participant on or off the session's room call; the sandbox answers with the event ACS would send, which goes through
/// <see cref="HandleCallEventsHandler"/> like an ACS callback. Either party of the session (or an admin) may move either
/// participant: it stands in for both calling clients. Refused when ACS is configured (404).
/// </summary>
public sealed class LocalCallHandler(IDocumentStore store, IEnumerable<ICallSandbox> sandboxes, HandleCallEventsHandler events, TimeProvider clock)
{
    public async Task<Result<SessionMeterView>> HandleAsync(Actor actor, string sessionId, LocalCallCommand command, bool join, CancellationToken cancellationToken)
    {
        if (sandboxes.FirstOrDefault() is not { } sandbox)
        {
            return Error.NotFound("The local call sandbox");
        }

        var party = command.Participant?.Trim().ToLowerInvariant() switch
        {
            "customer" => SessionParty.Customer,
            "expert" => SessionParty.Expert,
            _ => (SessionParty?)null,
        };
        if (party is null)
        {
            return Error.Validation("participant", "Use 'customer' or 'expert'.");
        }

        var session = await store.FindAsync<Session>(sessionId, cancellationToken);
        if (SessionAccess.CanSee(actor, session) is { } denied)
        {
            return denied;
        }

        if (session!.Call is not { Provider: "sandbox" } call)
        {
            return Error.Rule("no-call", "This session has no call in the local sandbox.");
        }

        if (!session.State.IsCallOpen())
        {
            return Error.Rule("call-closed", $"The session is {SessionMeterView.Name(session.State)}; its room is not open.");
        }

        var moved = sandbox.Move(session.Id, call, call.For(party.Value).ParticipantId, join);
        if (!moved.IsSuccess)
        {
            return moved.Error!;
        }

        var handled = await events.ApplyAsync(session.Id, [moved.Value], cancellationToken);
        return handled.IsSuccess
            ? SessionMeterView.For(handled.Value.Session, handled.Value.Session.PartyOf(actor.UserId), actor.IsAdmin, clock.GetUtcNow())
            : handled.Error!;
    }

    /// <summary>What the sandbox's room holds: who is on the call, the prompts it spoke, whether the server ended it.</summary>
    public async Task<Result<SandboxRoomView>> DescribeAsync(Actor actor, string sessionId, CancellationToken cancellationToken)
    {
        if (sandboxes.FirstOrDefault() is not { } sandbox)
        {
            return Error.NotFound("The local call sandbox");
        }

        var session = await store.FindAsync<Session>(sessionId, cancellationToken);
        if (SessionAccess.CanSee(actor, session) is { } denied)
        {
            return denied;
        }

        return sandbox.Describe(session!.Id) is { } room ? room : Error.NotFound("Sandbox room");
    }
}
