using System.Text;
using System.Text.Json.Nodes;
using Headstore.Application.Sessions;
using Headstore.Domain.Sessions;
using Headstore.Infrastructure.Calls.Acs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Headstore.Infrastructure.Tests.Calls.Acs;

/// <summary>The sessions' ACS adapter against the fake ACS that checks every request against the published contracts.</summary>
public sealed class AcsCallServiceTests : AcsContractTest
{
    private static readonly SessionId Session = new("ses_0test");

    [Fact]
    public async Task Prepare_CreatesAVoipIdentityForEachSide_AndARoomWithBoth_ValidForTheWindow()
    {
        var identities = 0;
        Server.Responses["IdentityOperations_Create"] = (_, generated) =>
        {
            generated!["identity"]!["id"] = $"8:acs:identity-{++identities}";
            return generated;
        };
        var from = DateTimeOffset.UtcNow.AddMinutes(1);
        var until = from.AddHours(2);

        var call = await Service().PrepareAsync(Session, from, until, CancellationToken.None);

        Assert.Empty(Server.Violations);
        Assert.Equal("acs", call.Value.Provider);
        Assert.Equal("8:acs:identity-1", call.Value.Customer.ParticipantId);
        Assert.Equal("8:acs:identity-2", call.Value.Expert.ParticipantId);
        Assert.All(Server.Requests.Where(r => r.OperationId == "IdentityOperations_Create"), r =>
        {
            Assert.Equal("voip", r.Body!["createTokenWithScopes"]![0]!.GetValue<string>());
            Assert.InRange(r.Body!["expiresInMinutes"]!.GetValue<int>(), 60, 1440);
        });
        var room = Single("Rooms_Create").Body!;
        Assert.Equal("Attendee", room["participants"]!["8:acs:identity-1"]!["role"]!.GetValue<string>());
        Assert.Equal("Presenter", room["participants"]!["8:acs:identity-2"]!["role"]!.GetValue<string>());
        Assert.Equal(until, room["validUntil"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task Connect_JoinsTheRoomsCall_WithACallbackUrlNamingTheSession()
    {
        var connection = await Service().ConnectAsync(Session, Call(), CancellationToken.None);

        Assert.Empty(Server.Violations);
        Assert.Equal("callConnectionId-sample", connection.Value);
        var body = Single("Connect").Body!;
        Assert.Equal("room-1", body["callLocator"]!["roomId"]!.GetValue<string>());
        Assert.Equal($"https://api.headstore.test/calls/acs-events?secret={AcsTestHost.CallbackSecret}&session={Session.Value}", body["callbackUri"]!.GetValue<string>());
        Assert.Equal(Session.Value, body["operationContext"]!.GetValue<string>());
    }

    [Fact]
    public async Task Play_SpeaksTheTextToEveryone()
    {
        var played = await Service().PlayAsync(Session, "call-1", "This session ends in 10 minutes.", CancellationToken.None);

        Assert.True(played.IsSuccess);
        Assert.Empty(Server.Violations);
        Assert.Equal("This session ends in 10 minutes.", Single("CallMedia_Play").Body!["playSources"]![0]!["text"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task End_TerminatesForEveryone_DeletesTheRoomAndBothIdentities()
    {
        var ended = await Service().EndAsync(Session, "call-1", Call(), CancellationToken.None);

        Assert.True(ended.IsSuccess);
        Assert.Empty(Server.Violations);
        Assert.Equal("call-1", Single("CallConnection_TerminateCall").PathValues["callConnectionId"]);
        Assert.Equal("room-1", Single("Rooms_Delete").PathValues["roomId"]);
        Assert.Equal(["8:acs:c", "8:acs:e"], Server.Requests.Where(r => r.OperationId == "IdentityOperations_Delete").Select(r => r.PathValues["id"]).Order().ToArray());
    }

    [Fact]
    public void CallbackEvents_BecomeCallEvents_ForTheSessionInTheUrl()
    {
        const string body = """
            [
              {"id":"e1","type":"Microsoft.Communication.CallConnected","time":"2026-11-20T10:00:00Z","data":{"callConnectionId":"c1","operationContext":"ses_other"}},
              {"id":"e2","type":"Microsoft.Communication.ParticipantsUpdated","time":"2026-11-20T10:00:01Z",
               "data":{"callConnectionId":"c1","sequenceNumber":7,"participants":[{"identifier":{"rawId":"8:acs:c","kind":"communicationUser"}},{"identifier":{"rawId":"8:acs:e","kind":"communicationUser"}}]}},
              {"id":"e3","type":"Microsoft.Communication.CallDisconnected","data":{"callConnectionId":"c1"}},
              {"id":"e4","type":"Microsoft.Communication.PlayCompleted","data":{"callConnectionId":"c1"}}
            ]
            """;

        var events = AcsCallEvents.Parse(Encoding.UTF8.GetBytes(body)).Value.Select(e => AcsCallEventReader.ToCallEvent(e, Session.Value)).ToArray();

        Assert.Equal([CallEventKind.Connected, CallEventKind.ParticipantsUpdated, CallEventKind.Disconnected, CallEventKind.Other], events.Select(e => e.Kind).ToArray());
        Assert.All(events, e => Assert.Equal(Session, e.SessionId));
        Assert.Equal(7, events[1].Sequence);
        Assert.Equal(["8:acs:c", "8:acs:e"], events[1].ParticipantIds);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 10, 0, 1, TimeSpan.Zero), events[1].OccurredAt);
        Assert.Equal("ses_other", AcsCallEventReader.ToCallEvent(AcsCallEvents.Parse(Encoding.UTF8.GetBytes(body)).Value[0], null).SessionId!.Value.Value);
    }

    private static CallDetails Call() => new("acs", "room-1",
        new CallParticipant("8:acs:c", "token-c", DateTimeOffset.UtcNow.AddHours(2)), new CallParticipant("8:acs:e", "token-e", DateTimeOffset.UtcNow.AddHours(2)), DateTimeOffset.UtcNow.AddHours(2));

    private AcsCallService Service() => new(
        Client<AcsIdentityClient>(), Client<AcsRoomsClient>(), Client<AcsCallAutomationClient>(), Services.GetRequiredService<IOptions<AcsOptions>>(), TimeProvider.System);
}
