using Headstore.Application.Common;
using Headstore.Application.Sessions;
using Headstore.Domain.Common;
using Headstore.Domain.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Headstore.Api.Tests.Support;

/// <summary>
/// Sessions have no Cosmos DB read port on this branch (their Cosmos adapter is being built on another branch), so the
/// host on Store=Cosmos could not even be composed and no journey would run. Until it is merged, the Cosmos journeys get
/// this stand-in, which fails every session query loudly (session journeys fail on Cosmos, nothing passes by accident),
/// and the journeys collection prints that it was used. <c>TryAdd</c>: the real adapter, once registered, wins.
/// </summary>
public sealed class SessionsNotOnCosmos : ISessionQueries
{
    private const string Note =
        "NOT ON THIS BRANCH: sessions on Cosmos DB (ISessionQueries, session documents). The journeys ran with a stand-in that " +
        "throws on every session query, so session journeys fail on Cosmos here; their Cosmos adapter comes from the sessions branch.";

    public static void AddIfMissing(IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(ISessionQueries)))
        {
            return;
        }

        services.TryAddSingleton<ISessionQueries, SessionsNotOnCosmos>();
        Headstore.Infrastructure.Tests.Testing.CosmosTestServer.RecordNote(Note);
    }

    public Task<Page<Session>> ListForUserAsync(UserId user, bool activeOnly, PageRequest page, CancellationToken cancellationToken) => throw Missing();

    public Task<bool> HasOtherActiveSessionAsync(ExpertId expert, SessionId except, CancellationToken cancellationToken) => throw Missing();

    public Task<SessionStatistics> StatisticsAsync(ExpertId expert, CancellationToken cancellationToken) => throw Missing();

    public Task<IReadOnlyList<SessionLink>> LinksOfExpertAsync(ExpertId expert, CancellationToken cancellationToken) => throw Missing();

    private static NotSupportedException Missing() => new(Note);
}
