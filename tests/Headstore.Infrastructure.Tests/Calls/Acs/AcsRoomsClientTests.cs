using System.Text.Json.Nodes;
using Headstore.Domain.Common;
using Headstore.Infrastructure.Calls.Acs;

namespace Headstore.Infrastructure.Tests.Calls.Acs;

public sealed class AcsRoomsClientTests : AcsContractTest
{
    private const string Expert = "8:acs:resource_expert";
    private const string Customer = "8:acs:resource_customer";
    private static readonly DateTimeOffset Start = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task CreateRoom_SendsWindowAndRoles_AndReadsTheRoom()
    {
        var repeatable = new RepeatableRequest(Guid.NewGuid(), Start);

        var result = await Client<AcsRoomsClient>().CreateRoomAsync(
            new AcsCreateRoom(Start, Start.AddMinutes(45), new Dictionary<string, AcsRoomRole> { [Expert] = AcsRoomRole.Presenter, [Customer] = AcsRoomRole.Attendee }),
            repeatable);

        Assert.Empty(Server.Violations);
        Assert.Equal("99199690362660524", result.Value.Id);
        var request = Single("Rooms_Create");
        Assert.Equal("Presenter", request.Body!["participants"]![Expert]!["role"]!.GetValue<string>());
        Assert.Equal("Attendee", request.Body["participants"]![Customer]!["role"]!.GetValue<string>());
        Assert.Equal(Start.AddMinutes(45), DateTimeOffset.Parse(request.Body["validUntil"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(repeatable.RequestId.ToString(), request.Headers["Repeatability-Request-ID"]);
    }

    [Fact]
    public async Task GetUpdateDelete_FollowTheContract()
    {
        var client = Client<AcsRoomsClient>();

        var room = await client.GetRoomAsync("99199690362660524");
        var updated = await client.UpdateRoomAsync("99199690362660524", new AcsUpdateRoom(ValidUntil: Start.AddHours(1)));
        var deleted = await client.DeleteRoomAsync("99199690362660524");

        Assert.Empty(Server.Violations);
        Assert.True(room.IsSuccess);
        Assert.True(updated.IsSuccess);
        Assert.True(deleted.IsSuccess);
        var update = Single("Rooms_Update");
        Assert.StartsWith("application/merge-patch+json", update.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.Equal(["validUntil"], update.Body!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task AddOrUpdateParticipants_SendsAMergePatchOfRoles()
    {
        var result = await Client<AcsRoomsClient>().AddOrUpdateParticipantsAsync("r1", new Dictionary<string, AcsRoomRole> { [Expert] = AcsRoomRole.Collaborator });

        Assert.Empty(Server.Violations);
        Assert.True(result.IsSuccess);
        var request = Single("Participants_Update");
        Assert.StartsWith("application/merge-patch+json", request.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.Equal("Collaborator", request.Body!["participants"]![Expert]!["role"]!.GetValue<string>());
    }

    [Fact]
    public async Task RemoveParticipants_MapsEachToNull()
    {
        var result = await Client<AcsRoomsClient>().RemoveParticipantsAsync("r1", [Customer]);

        Assert.Empty(Server.Violations);
        Assert.True(result.IsSuccess);
        var participants = Single("Participants_Update").Body!["participants"]!.AsObject();
        Assert.True(participants.ContainsKey(Customer));
        Assert.Null(participants[Customer]);
    }

    [Fact]
    public async Task ListParticipants_FollowsNextLinks()
    {
        var pages = 0;
        Server.Responses["Participants_List"] = (_, generated) =>
        {
            pages++;
            generated!["nextLink"] = pages == 1 ? new Uri(Server.BaseAddress, "rooms/r1/participants?api-version=2025-03-13&page=2").AbsoluteUri : null;
            return generated;
        };

        var result = await Client<AcsRoomsClient>().ListParticipantsAsync("r1");

        Assert.Empty(Server.Violations);
        Assert.Equal(2, result.Value.Count);
        Assert.All(result.Value, p => Assert.Equal(AcsRoomRole.Presenter, p.Role));
    }

    [Fact]
    public async Task GetRoom_WhenAcsAnswersNotFound_IsANotFoundError()
    {
        using var http = new HttpClient(new NotFoundHandler()) { BaseAddress = new Uri("https://contoso.communication.azure.com/") };

        var result = await new AcsRoomsClient(http).GetRoomAsync("missing");

        Assert.Equal(ErrorKind.NotFound, result.Error!.Kind);
        Assert.Equal("acs-RoomNotFound", result.Error.Code);
    }

    private sealed class NotFoundHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.NotFound)
            {
                Content = new StringContent(new JsonObject { ["error"] = new JsonObject { ["code"] = "RoomNotFound", ["message"] = "No such room." } }.ToJsonString()),
            });
    }
}
