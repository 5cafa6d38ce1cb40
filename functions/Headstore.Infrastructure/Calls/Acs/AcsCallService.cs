using Headstore.Application.Sessions;
using Headstore.Domain.Common;
using Headstore.Domain.Sessions;
using Microsoft.Extensions.Options;

namespace Headstore.Infrastructure.Calls.Acs;

/// <summary>
/// Sessions' calls on Azure Communication Services: an identity with a VoIP token for each side, a Room valid for the
/// session's window with exactly those two (the expert presents, the customer attends), Call Automation connected to the
/// room's call with a callback URL that carries our secret and the session id, text-to-speech prompts, and at the end
/// the call terminated for everyone, the room deleted and both identities deleted (which revokes their tokens).
/// </summary>
public sealed class AcsCallService(
    AcsIdentityClient identities,
    AcsRoomsClient rooms,
    AcsCallAutomationClient automation,
    IOptions<AcsOptions> options,
    TimeProvider clock) : ICallService
{
    public const string ProviderName = "acs";

    /// <summary>ACS issues tokens for 1 to 24 hours.</summary>
    private const int MinimumTokenMinutes = 60;
    private const int MaximumTokenMinutes = 24 * 60;

    public string Provider => ProviderName;

    public async Task<Result<CallDetails>> PrepareAsync(SessionId session, DateTimeOffset validFrom, DateTimeOffset validUntil, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var minutes = (int)Math.Clamp(Math.Ceiling((validUntil - now).TotalMinutes), MinimumTokenMinutes, MaximumTokenMinutes);
        var customer = await identities.CreateIdentityWithTokenAsync([AcsTokenScopes.Voip], minutes, cancellationToken);
        if (!customer.IsSuccess)
        {
            return customer.Error!;
        }

        var expert = await identities.CreateIdentityWithTokenAsync([AcsTokenScopes.Voip], minutes, cancellationToken);
        if (!expert.IsSuccess)
        {
            await identities.DeleteIdentityAsync(customer.Value.Identity.Id, CancellationToken.None);
            return expert.Error!;
        }

        // A room cannot open in the past. A create retried after a failure makes a second room; the first simply expires.
        var room = await rooms.CreateRoomAsync(
            new AcsCreateRoom(validFrom > now ? validFrom : now, validUntil, new Dictionary<string, AcsRoomRole>
            {
                [customer.Value.Identity.Id] = AcsRoomRole.Attendee,
                [expert.Value.Identity.Id] = AcsRoomRole.Presenter,
            }),
            null,
            cancellationToken);
        if (!room.IsSuccess)
        {
            await identities.DeleteIdentityAsync(customer.Value.Identity.Id, CancellationToken.None);
            await identities.DeleteIdentityAsync(expert.Value.Identity.Id, CancellationToken.None);
            return room.Error!;
        }

        return new CallDetails(ProviderName, room.Value.Id, Participant(customer.Value), Participant(expert.Value), room.Value.ValidUntil);
    }

    public async Task<Result<string>> ConnectAsync(SessionId session, CallDetails call, CancellationToken cancellationToken)
    {
        var connected = await automation.ConnectToRoomAsync(call.RoomId, session.Value, null, cancellationToken, options.Value.CallbackUri(session.Value));
        return connected.IsSuccess ? connected.Value.CallConnectionId : connected.Error!;
    }

    public Task<Result<Unit>> PlayAsync(SessionId session, string connectionId, string text, CancellationToken cancellationToken) =>
        automation.PlayToAllAsync(connectionId, AcsPlaySource.TextToSpeech(text), session.Value, cancellationToken);

    /// <summary>Each step is attempted; "already gone" counts as done, so a retry after a partial failure finishes the rest.</summary>
    public async Task<Result<Unit>> EndAsync(SessionId session, string? connectionId, CallDetails call, CancellationToken cancellationToken)
    {
        var outcomes = new List<Result<Unit>>();
        if (connectionId is not null)
        {
            outcomes.Add(await automation.TerminateForEveryoneAsync(connectionId, null, cancellationToken));
        }

        outcomes.Add(await rooms.DeleteRoomAsync(call.RoomId, cancellationToken));
        outcomes.Add(await identities.DeleteIdentityAsync(call.Customer.ParticipantId, cancellationToken));
        outcomes.Add(await identities.DeleteIdentityAsync(call.Expert.ParticipantId, cancellationToken));
        var failure = outcomes.FirstOrDefault(o => !o.IsSuccess && o.Error!.Kind != ErrorKind.NotFound);
        return failure.Error is { } error ? error : Unit.Value;
    }

    private static CallParticipant Participant(AcsIdentityWithToken created) =>
        new(created.Identity.Id, created.AccessToken?.Token ?? "", created.AccessToken?.ExpiresOn ?? DateTimeOffset.MinValue);
}
