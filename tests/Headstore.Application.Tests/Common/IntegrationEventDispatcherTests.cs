using Headstore.Application.Common;
using Headstore.Application.Tests.Support;
using Headstore.Domain.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Headstore.Application.Tests.Common;

public sealed class IntegrationEventDispatcherTests
{
    [Fact]
    public async Task AHandlerThatAlreadyHandledAnEvent_IsNotCalledAgain()
    {
        await using var host = await AppHost.StartAsync();
        var counting = new CountingHandler();
        var services = new ServiceCollection().AddSingleton<IEventHandler<QuestionAsked>>(counting).BuildServiceProvider();
        var dispatcher = new IntegrationEventDispatcher(services, host.Get<IInbox>(), NullLogger<IntegrationEventDispatcher>.Instance);
        var asked = new QuestionAsked(new QuestionId("q_1"), new UserId("customer-carol"), new CategoryId("law")) { OccurredAt = host.Clock.GetUtcNow() };
        await dispatcher.DispatchAsync(asked, CancellationToken.None);
        await dispatcher.DispatchAsync(asked, CancellationToken.None);
        await dispatcher.DispatchAsync(asked with { EventId = "another" }, CancellationToken.None);
        Assert.Equal(2, counting.Calls);
    }

    private sealed class CountingHandler : IEventHandler<QuestionAsked>
    {
        public int Calls { get; private set; }

        public Task HandleAsync(QuestionAsked integrationEvent, CancellationToken cancellationToken)
        {
            Calls++;
            return Task.CompletedTask;
        }
    }
}
