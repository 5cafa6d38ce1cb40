using Headstore.Infrastructure.Calls.Acs;

namespace Headstore.Infrastructure.Tests.Calls.Acs;

public sealed class AcsEmailClientTests : AcsContractTest
{
    [Fact]
    public async Task Send_PostsTheMessageFromTheSender_AndReturnsTheOperationToPoll()
    {
        var operationId = Guid.NewGuid();
        var client = Client<AcsEmailClient>();

        var sent = await client.SendAsync(
            new AcsEmailMessage([new AcsEmailAddress("ada@example.test", "Ada")], "Your session starts soon", "See you at 10:00.", "<p>See you at 10:00.</p>"),
            operationId);

        Assert.Empty(Server.Violations);
        Assert.Equal(operationId.ToString(), sent.Value.Id);
        Assert.Equal(AcsEmailStatus.Running, sent.Value.Status);
        Assert.False(sent.Value.IsFinished);
        Assert.Equal(new Uri(Server.BaseAddress, $"emails/operations/{operationId}?api-version=2025-09-01"), sent.Value.OperationLocation);
        var body = Single("Email_Send").Body!;
        Assert.Equal("DoNotReply@mail.headstore.test", body["senderAddress"]!.GetValue<string>());
        Assert.Equal("ada@example.test", body["recipients"]!["to"]![0]!["address"]!.GetValue<string>());
        Assert.Null(body["attachments"]);
    }

    [Fact]
    public async Task GetOperation_PollsTheOperationLocation()
    {
        var client = Client<AcsEmailClient>();
        var sent = await client.SendAsync(new AcsEmailMessage([new AcsEmailAddress("ada@example.test")], "Receipt", "Thank you.", null));

        var polled = await client.GetOperationAsync(sent.Value.OperationLocation!);
        var byId = await client.GetOperationAsync(sent.Value.Id);

        Assert.Empty(Server.Violations);
        Assert.Equal(AcsEmailStatus.Succeeded, polled.Value.Status);
        Assert.True(polled.Value.IsFinished);
        Assert.Equal(sent.Value.Id, byId.Value.Id);
    }
}
