using System.Collections.Concurrent;
using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Infrastructure.Messaging;
using Headstore.Infrastructure.Messaging.ServiceBus;
using Headstore.Infrastructure.Tests.Messaging.ServiceBus;
using Headstore.Infrastructure.Tests.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace Headstore.Infrastructure.Tests.Messaging;

/// <summary>Delayed work: a reminder that should be handled no earlier than <see cref="DeliverAt"/>.</summary>
public sealed record ReminderDue(string What, DateTimeOffset DeliverAt) : IntegrationEvent, IScheduledIntegrationEvent;

public sealed class ReminderLog
{
    public ConcurrentQueue<string> Handled { get; } = new();
}

public sealed class ReminderHandler(ReminderLog log) : IEventHandler<ReminderDue>
{
    public Task HandleAsync(ReminderDue integrationEvent, CancellationToken cancellationToken)
    {
        log.Handled.Enqueue(integrationEvent.What);
        return Task.CompletedTask;
    }
}

/// <summary>The outbox dispatcher with each transport: in-process (local default) and Service Bus (against the fake namespace that checks SAS and the REST protocol).</summary>
public sealed class OutboxTransportTests : IAsyncLifetime
{
    private const string Topic = "integration-events";
    private static readonly string Subscription = ServiceBusEntity.Subscription(Topic, "reputation");

    private FakeServiceBusServer server = null!;

    static OutboxTransportTests() => IntegrationEventEnvelope.RegisterEventType<ReminderDue>();

    public async Task InitializeAsync()
    {
        server = await FakeServiceBusServer.StartAsync([], new() { [Topic] = ["reputation", "notifications"] });
        server.DuplicateDetection = true;
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    private static void Reminders(IServiceCollection services)
    {
        services.AddSingleton<ReminderLog>();
        services.AddScoped<IEventHandler<ReminderDue>, ReminderHandler>();
    }

    private Task<StoreUnderTest> ServiceBusStoreAsync(string topic = Topic) => StoreUnderTest.SqliteAsync(new Dictionary<string, string?>
    {
        ["Events:Transport"] = "ServiceBus",
        ["Events:Topic"] = topic,
        ["ServiceBus:Endpoint"] = server.BaseAddress.AbsoluteUri,
        ["ServiceBus:KeyName"] = FakeServiceBusServer.KeyName,
        ["ServiceBus:Key"] = FakeServiceBusServer.Key,
    }, Reminders);

    private static async Task PublishAsync(StoreUnderTest store, IntegrationEvent integrationEvent)
    {
        var work = store.Store.BeginWork();
        work.Publish(integrationEvent);
        Assert.True((await work.CommitAsync(CancellationToken.None)).IsSuccess);
    }

    private ServiceBusRestClient Client(StoreUnderTest store) => store.Get<ServiceBusRestClient>();

    [Fact]
    public async Task ServiceBus_PublishesToTheTopic_WithTheEventIdAsMessageId_AndTheTypeAsSubject()
    {
        await using var store = await ServiceBusStoreAsync();
        store.Clock.Now = DateTimeOffset.UtcNow;
        var asked = new QuestionAsked(new QuestionId("q_1"), new UserId("customer-carol"), new CategoryId("law")) { OccurredAt = store.Clock.Now };
        await PublishAsync(store, asked);

        Assert.Equal(1, await store.DrainOutboxAsync());
        Assert.Equal(0, await store.DrainOutboxAsync());

        var message = (await Client(store).PeekLockAsync(Subscription, TimeSpan.Zero)).Value!;
        Assert.Empty(server.Violations);
        Assert.Equal((asked.EventId, nameof(QuestionAsked)), (message.MessageId, message.Subject));
        Assert.Equal(asked, ServiceBusOutboxPublisher.EnvelopeOf(message).ToEvent());
        Assert.Empty(store.Delivered.All);
    }

    [Fact]
    public async Task ServiceBus_AReceivedMessage_RunsTheSameHandlers_OnceEvenWhenDeliveredTwice()
    {
        await using var store = await ServiceBusStoreAsync();
        store.Clock.Now = DateTimeOffset.UtcNow;
        await PublishAsync(store, new QuestionAsked(new QuestionId("q_1"), new UserId("customer-carol"), new CategoryId("law")) { OccurredAt = store.Clock.Now });
        await store.DrainOutboxAsync();
        var receiver = store.Get<IntegrationEventReceiver>();

        var first = (await Client(store).PeekLockAsync(Subscription, TimeSpan.Zero)).Value!;
        await receiver.ReceiveAsync(ServiceBusOutboxPublisher.EnvelopeOf(first), CancellationToken.None);
        await Client(store).AbandonAsync(first);
        var again = (await Client(store).PeekLockAsync(Subscription, TimeSpan.Zero)).Value!;
        await receiver.ReceiveAsync(ServiceBusOutboxPublisher.EnvelopeOf(again), CancellationToken.None);
        Assert.True((await Client(store).CompleteAsync(again)).IsSuccess);

        Assert.Equal(2, again.DeliveryCount);
        Assert.Single(store.Delivered.All);
        Assert.Empty(server.Violations);
    }

    [Fact]
    public async Task ServiceBus_ARepublishedEvent_IsDroppedByDuplicateDetection()
    {
        await using var store = await ServiceBusStoreAsync();
        store.Clock.Now = DateTimeOffset.UtcNow;
        var asked = new QuestionAsked(new QuestionId("q_1"), new UserId("customer-carol"), new CategoryId("law")) { OccurredAt = store.Clock.Now };
        var publisher = store.Get<IOutboxPublisher>();

        // As after a crash between sending and marking the outbox row: the dispatcher sends the same event again.
        await publisher.PublishAsync(IntegrationEventEnvelope.From(asked), asked, CancellationToken.None);
        await publisher.PublishAsync(IntegrationEventEnvelope.From(asked), asked, CancellationToken.None);

        Assert.NotNull((await Client(store).PeekLockAsync(Subscription, TimeSpan.Zero)).Value);
        Assert.Null((await Client(store).PeekLockAsync(Subscription, TimeSpan.Zero)).Value);
        Assert.Single(server.Accepted);
    }

    [Fact]
    public async Task ServiceBus_DelayedWork_IsSentAtOnce_WithAScheduledEnqueueTime()
    {
        await using var store = await ServiceBusStoreAsync();
        store.Clock.Now = DateTimeOffset.UtcNow;
        var due = store.Clock.Now.AddDays(2);
        await PublishAsync(store, new ReminderDue("follow-up", due) { OccurredAt = store.Clock.Now });

        Assert.Equal(1, await store.DrainOutboxAsync());

        var (entity, properties) = Assert.Single(server.Accepted);
        Assert.Equal(Topic, entity);
        Assert.Equal(due.ToString("R", System.Globalization.CultureInfo.InvariantCulture), properties["ScheduledEnqueueTimeUtc"]!.GetValue<string>());
        Assert.Null((await Client(store).PeekLockAsync(Subscription, TimeSpan.Zero)).Value);
        Assert.Empty(server.Violations);
    }

    [Fact]
    public async Task ServiceBus_WhenSendingFails_TheEventStaysInTheOutbox_AndIsRetriedAfterABackoff()
    {
        await using var store = await ServiceBusStoreAsync(topic: "no-such-topic");
        store.Clock.Now = DateTimeOffset.UtcNow;
        await PublishAsync(store, new QuestionAsked(new QuestionId("q_1"), new UserId("customer-carol"), new CategoryId("law")) { OccurredAt = store.Clock.Now });

        Assert.Equal(0, await store.DrainOutboxAsync());
        Assert.Equal(0, await store.DrainOutboxAsync());
        Assert.Single(server.Violations);

        store.Clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(0, await store.DrainOutboxAsync());
        Assert.Equal(2, server.Violations.Count);
    }

    [Fact]
    public async Task InProcess_DelayedWork_WaitsInTheOutbox_UntilDue()
    {
        await using var store = await StoreUnderTest.SqliteAsync(configure: Reminders);
        await PublishAsync(store, new ReminderDue("follow-up", store.Clock.Now.AddHours(1)) { OccurredAt = store.Clock.Now });
        var log = store.Get<ReminderLog>();

        Assert.Equal(0, await store.DrainOutboxAsync());
        Assert.Empty(log.Handled);

        store.Clock.Advance(TimeSpan.FromMinutes(61));
        Assert.Equal(1, await store.DrainOutboxAsync());
        Assert.Equal(["follow-up"], log.Handled);
    }

    [Fact]
    public async Task InProcess_DelayedWork_WaitsInTheCosmosOutbox_UntilDue()
    {
        await using var store = await StoreUnderTest.CosmosAsync(configure: Reminders);
        await PublishAsync(store, new ReminderDue("follow-up", store.Clock.Now.AddHours(1)) { OccurredAt = store.Clock.Now });
        var log = store.Get<ReminderLog>();

        Assert.Equal(0, await store.DrainOutboxAsync());
        store.Clock.Advance(TimeSpan.FromMinutes(61));
        Assert.Equal(1, await store.DrainOutboxAsync());
        Assert.Equal(0, await store.DrainOutboxAsync());
        Assert.Equal(["follow-up"], log.Handled);
    }

    [Fact]
    public void Envelope_OfAnUnknownType_Throws_SoTheMessageIsRetriedNotLost() =>
        Assert.Throws<UnknownIntegrationEventException>(() => new IntegrationEventEnvelope("e1", "SomethingNewer", "{}").ToEvent());
}
