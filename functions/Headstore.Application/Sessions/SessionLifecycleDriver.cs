using Headstore.Application.Common;
using Headstore.Domain.Sessions;

namespace Headstore.Application.Sessions;

/// <summary>
/// Drives sessions for the hosts (the local timer sweep now, the durable orchestration in Azure): every delivery is
/// "time has passed" for the session, applied through <see cref="SessionRunner"/>; it decides nothing itself. Signals
/// from people and calls reach sessions through their use cases directly, which then announce the next due time.
/// </summary>
public sealed class SessionLifecycleDriver(SessionRunner runner) : ILifecycleDriver
{
    public string AggregateType => SessionRunner.AggregateType;

    public Task<LifecycleStep> DeliverAsync(string id, LifecycleSignal? signal, CancellationToken cancellationToken) =>
        runner.TickAsync(new SessionId(id), cancellationToken);
}
