using System.Text;
using Headstore.Domain.Common;
using Headstore.Infrastructure.Calls.Acs;

namespace Headstore.Infrastructure.Tests.Calls.Acs;

public sealed class AcsCallEventsTests
{
    [Fact]
    public void Parse_ArrayOfCloudEvents_GivesTypedEvents()
    {
        const string body = """
            [
              {"id":"e1","source":"calling/callConnections/c1","type":"Microsoft.Communication.CallConnected","specversion":"1.0","time":"2026-11-20T10:00:00Z",
               "data":{"callConnectionId":"c1","serverCallId":"s1","correlationId":"k1","operationContext":"session:s_1"}},
              {"id":"e2","source":"calling/callConnections/c1","type":"Microsoft.Communication.ParticipantsUpdated","specversion":"1.0",
               "data":{"callConnectionId":"c1","sequenceNumber":3,"participants":[{"identifier":{"rawId":"8:acs:x","kind":"communicationUser"},"isMuted":false,"isOnHold":false}]}},
              {"id":"e3","source":"calling/callConnections/c1","type":"Microsoft.Communication.PlayFailed","specversion":"1.0",
               "data":{"callConnectionId":"c1","failedPlaySourceIndex":0,"resultInformation":{"code":400,"subCode":8535,"message":"Unsupported file format."}}},
              {"id":"e4","source":"calling/callConnections/c1","type":"Microsoft.Communication.CallDisconnected","specversion":"1.0","data":{"callConnectionId":"c1"}},
              {"id":"e5","source":"calling/callConnections/c1","type":"Microsoft.Communication.RecognizeCompleted","specversion":"1.0","data":{"callConnectionId":"c1"}}
            ]
            """;

        var events = AcsCallEvents.Parse(Encoding.UTF8.GetBytes(body)).Value;

        var connected = Assert.IsType<AcsCallConnected>(events[0]);
        Assert.Equal(("e1", "c1", "s1", "session:s_1"), (connected.EventId, connected.CallConnectionId, connected.ServerCallId, connected.OperationContext));
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero), connected.Time);
        var updated = Assert.IsType<AcsParticipantsUpdated>(events[1]);
        Assert.Equal(3, updated.SequenceNumber);
        Assert.Equal("8:acs:x", Assert.Single(updated.Participants).Identifier!.RawId);
        var failed = Assert.IsType<AcsPlayFailed>(events[2]);
        Assert.Equal(0, failed.FailedPlaySourceIndex);
        Assert.Equal(8535, failed.ResultInformation!.SubCode);
        Assert.IsType<AcsCallDisconnected>(events[3]);
        Assert.Equal("Microsoft.Communication.RecognizeCompleted", Assert.IsType<AcsUnrecognizedCallEvent>(events[4]).Type);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""[{"id":"e1","type":"Microsoft.Communication.CallConnected"}]""")]
    [InlineData("""[{"id":"e1","type":"Microsoft.Communication.CallConnected","data":{"serverCallId":"s1"}}]""")]
    public void Parse_MalformedBody_IsAValidationError(string body) =>
        Assert.Equal(ErrorKind.Validation, AcsCallEvents.Parse(Encoding.UTF8.GetBytes(body)).Error!.Kind);
}
