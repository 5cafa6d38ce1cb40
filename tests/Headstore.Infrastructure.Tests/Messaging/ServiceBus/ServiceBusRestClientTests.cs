using System.Net;
using System.Text;
using Headstore.Domain.Common;
using Headstore.Infrastructure.Messaging.ServiceBus;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Headstore.Infrastructure.Tests.Messaging.ServiceBus;

public sealed class ServiceBusRestClientTests : IAsyncLifetime
{
    private const string Topic = "session-events";
    private const string Subscription = "billing";
    private const string Queue = "emails";

    private static readonly string SubscriptionPath = ServiceBusEntity.Subscription(Topic, Subscription);

    private FakeServiceBusServer server = null!;
    private ServiceProvider services = null!;

    public async Task InitializeAsync()
    {
        server = await FakeServiceBusServer.StartAsync([Queue], new() { [Topic] = [Subscription, "audit"] });
        services = Build(FakeServiceBusServer.Key);
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        await server.DisposeAsync();
    }

    private ServiceBusRestClient Client => services.GetRequiredService<ServiceBusRestClient>();

    [Fact]
    public async Task Send_ThenPeekLock_DeliversBodyAndBrokerProperties_ToEverySubscription()
    {
        var sent = await Client.SendAsync(Topic, ServiceBusOutgoingMessage.FromJson("session:s_1:ended", new { SessionId = "s_1" }, correlationId: "s_1", subject: "SessionEnded"));

        var received = await Client.PeekLockAsync(SubscriptionPath, TimeSpan.FromSeconds(1));
        var audit = await Client.PeekLockAsync(ServiceBusEntity.Subscription(Topic, "audit"), TimeSpan.FromSeconds(1));

        Assert.Empty(server.Violations);
        Assert.True(sent.IsSuccess);
        var message = received.Value!;
        Assert.Equal("""{"sessionId":"s_1"}""", message.Body);
        Assert.Equal(("session:s_1:ended", "s_1", "SessionEnded", 1), (message.MessageId, message.CorrelationId, message.Subject, message.DeliveryCount));
        Assert.NotNull(message.LockToken);
        Assert.NotNull(message.LockedUntil);
        Assert.Equal("session:s_1:ended", audit.Value!.MessageId);
    }

    [Fact]
    public async Task PeekLock_OnAnEmptySubscription_ReturnsNothing()
    {
        var received = await Client.PeekLockAsync(SubscriptionPath, TimeSpan.Zero);

        Assert.True(received.IsSuccess);
        Assert.Null(received.Value);
    }

    [Fact]
    public async Task Complete_RemovesTheMessage_AndASecondCompleteFindsNoLock()
    {
        await Client.SendAsync(Queue, new ServiceBusOutgoingMessage("m1", "{}"));
        var message = (await Client.PeekLockAsync(Queue, TimeSpan.FromSeconds(1))).Value!;

        var completed = await Client.CompleteAsync(message);
        var again = await Client.CompleteAsync(message);
        var next = await Client.PeekLockAsync(Queue, TimeSpan.Zero);

        Assert.True(completed.IsSuccess);
        Assert.Equal(ErrorKind.NotFound, again.Error!.Kind);
        Assert.Null(next.Value);
    }

    [Fact]
    public async Task Abandon_ReleasesTheLock_SoTheMessageIsDeliveredAgain()
    {
        await Client.SendAsync(Queue, new ServiceBusOutgoingMessage("m1", "{}"));
        var first = (await Client.PeekLockAsync(Queue, TimeSpan.FromSeconds(1))).Value!;
        var whileLocked = await Client.PeekLockAsync(Queue, TimeSpan.Zero);

        await Client.AbandonAsync(first);
        var second = (await Client.PeekLockAsync(Queue, TimeSpan.FromSeconds(1))).Value!;

        Assert.Empty(server.Violations);
        Assert.Null(whileLocked.Value);
        Assert.Equal("m1", second.MessageId);
        Assert.Equal(2, second.DeliveryCount);
    }

    [Fact]
    public async Task SendBatch_EnqueuesEveryMessageInOrder()
    {
        var sent = await Client.SendBatchAsync(Queue, [new ServiceBusOutgoingMessage("a", "\"first\""), new ServiceBusOutgoingMessage("b", "\"second\"", Subject: "Reminder")]);

        var first = (await Client.PeekLockAsync(Queue, TimeSpan.FromSeconds(1))).Value!;
        var second = (await Client.PeekLockAsync(Queue, TimeSpan.FromSeconds(1))).Value!;

        Assert.Empty(server.Violations);
        Assert.True(sent.IsSuccess);
        Assert.Equal(("a", "\"first\""), (first.MessageId, first.Body));
        Assert.Equal(("b", "\"second\"", "Reminder"), (second.MessageId, second.Body, second.Subject));
        Assert.True(second.SequenceNumber > first.SequenceNumber);
    }

    [Fact]
    public async Task Send_Scheduled_IsNotDeliveredBeforeItsTime()
    {
        var sent = await Client.SendAsync(Queue, new ServiceBusOutgoingMessage("later", "{}", ScheduledEnqueueTime: DateTimeOffset.UtcNow.AddHours(1)));

        var received = await Client.PeekLockAsync(Queue, TimeSpan.Zero);

        Assert.Empty(server.Violations);
        Assert.True(sent.IsSuccess);
        Assert.Null(received.Value);
    }

    [Fact]
    public async Task Send_TooLarge_IsRefusedBeforeSending()
    {
        var result = await Client.SendAsync(Queue, new ServiceBusOutgoingMessage("big", new string('x', ServiceBusRestClient.MaximumMessageBytes + 1)));

        Assert.Equal("service-bus-message-too-large", result.Error!.Code);
    }

    [Fact]
    public async Task Send_SignedWithTheWrongKey_IsRejectedByTheServer()
    {
        await using var wrongKey = Build("d3JvbmdrZXk=");

        var result = await wrongKey.GetRequiredService<ServiceBusRestClient>().SendAsync(Queue, new ServiceBusOutgoingMessage("m1", "{}"));

        Assert.Equal(ErrorKind.Unauthorized, result.Error!.Kind);
        Assert.Contains(server.Violations, v => v.Contains("signature does not match", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Send_WithAnUnknownBrokerProperty_IsRejectedByTheServer()
    {
        using var http = SignedHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{Queue}/messages") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("BrokerProperties", """{"MessageId":"m1","Colour":"red"}""");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(server.Violations, v => v.Contains("Colour is not a settable broker property", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SendBatch_WithTheWrongContentType_IsRejectedByTheServer()
    {
        using var http = SignedHttpClient();

        using var response = await http.PostAsync(new Uri($"{Queue}/messages", UriKind.Relative), new StringContent("""[{"Body":"{}","BrokerProperties":{"MessageId":"a"}}]""", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public void AddServiceBusRest_WithKeyNameButNoKey_FailsValidation()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ServiceBus:FullyQualifiedNamespace"] = "headstore.servicebus.windows.net",
            ["ServiceBus:KeyName"] = "send",
        }).Build();
        using var provider = new ServiceCollection().AddLogging().AddServiceBusRest(configuration).BuildServiceProvider();

        var failure = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => provider.GetRequiredService<ServiceBusRestClient>());

        Assert.Contains(failure.Failures, f => f.Contains("KeyName and ServiceBus:Key go together", StringComparison.Ordinal));
    }

    private ServiceProvider Build(string key)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ServiceBus:Endpoint"] = server.BaseAddress.AbsoluteUri,
            ["ServiceBus:KeyName"] = FakeServiceBusServer.KeyName,
            ["ServiceBus:Key"] = key,
        }).Build();
        return new ServiceCollection().AddLogging().AddServiceBusRest(configuration).BuildServiceProvider();
    }

    private HttpClient SignedHttpClient() =>
        new(new ServiceBusSharedAccessSignatureHandler(FakeServiceBusServer.KeyName, FakeServiceBusServer.Key, TimeSpan.FromMinutes(5), TimeProvider.System)
        {
            InnerHandler = new HttpClientHandler(),
        })
        { BaseAddress = server.BaseAddress };
}
