using Headstore.Infrastructure.Calls.Acs;

namespace Headstore.Infrastructure.Tests.Calls.Acs;

public sealed class AcsCallAutomationClientTests : AcsContractTest
{
    [Fact]
    public async Task ConnectToRoom_UsesARoomLocator_AndTheCallbackUrlWithItsSecret()
    {
        var result = await Client<AcsCallAutomationClient>().ConnectToRoomAsync("room-1", "session:s_1", new RepeatableRequest(Guid.NewGuid(), DateTimeOffset.UtcNow));

        Assert.Empty(Server.Violations);
        Assert.Equal("callConnectionId-sample", result.Value.CallConnectionId);
        Assert.Equal("unknown", result.Value.CallConnectionState);
        var body = Single("Connect").Body!;
        Assert.Equal("room-1", body["callLocator"]!["roomId"]!.GetValue<string>());
        Assert.Equal("roomCallLocator", body["callLocator"]!["kind"]!.GetValue<string>());
        Assert.Equal("session:s_1", body["operationContext"]!.GetValue<string>());
        Assert.Equal(
            $"https://api.headstore.test/calls/acs-events?secret={AcsTestHost.CallbackSecret}",
            body["callbackUri"]!.GetValue<string>());
    }

    [Fact]
    public async Task PlayToAll_TextToSpeech_SendsATextSourceAndNoTargets()
    {
        var result = await Client<AcsCallAutomationClient>().PlayToAllAsync("call-1", AcsPlaySource.TextToSpeech("Five minutes left.", "en-GB", "en-GB-SoniaNeural"), "warning");

        Assert.Empty(Server.Violations);
        Assert.True(result.IsSuccess);
        var body = Single("CallMedia_Play").Body!;
        Assert.Null(body["playTo"]);
        var source = body["playSources"]![0]!;
        Assert.Equal("text", source["kind"]!.GetValue<string>());
        Assert.Equal("Five minutes left.", source["text"]!["text"]!.GetValue<string>());
        Assert.Equal("en-GB", source["text"]!["sourceLocale"]!.GetValue<string>());
    }

    [Fact]
    public async Task PlayToAll_AudioFile_SendsAFileSource()
    {
        var result = await Client<AcsCallAutomationClient>().PlayToAllAsync("call-1", AcsPlaySource.AudioFile(new Uri("https://cdn.headstore.test/prompts/ending.wav")));

        Assert.Empty(Server.Violations);
        Assert.True(result.IsSuccess);
        var source = Single("CallMedia_Play").Body!["playSources"]![0]!;
        Assert.Equal("file", source["kind"]!.GetValue<string>());
        Assert.Equal("https://cdn.headstore.test/prompts/ending.wav", source["file"]!["uri"]!.GetValue<string>());
    }

    [Fact]
    public async Task HangUpTerminateGetAndListParticipants_FollowTheContract()
    {
        var client = Client<AcsCallAutomationClient>();

        var call = await client.GetCallAsync("call-1");
        var participants = await client.ListParticipantsAsync("call-1");
        var terminated = await client.TerminateForEveryoneAsync("call-1");
        var hungUp = await client.HangUpAsync("call-1");

        Assert.Empty(Server.Violations);
        Assert.True(call.IsSuccess);
        Assert.Equal("rawId-sample", Assert.Single(participants.Value).Identifier!.RawId);
        Assert.True(terminated.IsSuccess);
        Assert.True(hungUp.IsSuccess);
        Assert.Equal("call-1", Single("CallConnection_TerminateCall").PathValues["callConnectionId"]);
        Assert.Equal("DELETE", Single("CallConnection_HangupCall").Method);
    }
}
