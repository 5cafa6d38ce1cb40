using Headstore.Application.Common;
using Headstore.Application.Experts;
using Headstore.Infrastructure.Persistence.Cosmos;
using Microsoft.Extensions.DependencyInjection;

namespace Headstore.Infrastructure.Tests.Persistence.Cosmos;

/// <summary>Against the Cosmos test server: a view whose write was lost after the commit is caught up by the repair job.</summary>
public sealed class CosmosViewRepairTests : IAsyncLifetime
{
    private StoreUnderTest subject = null!;

    public async Task InitializeAsync() => subject = await StoreUnderTest.CosmosAsync();

    public async Task DisposeAsync() => await subject.DisposeAsync();

    [Fact]
    public async Task ALostViewWrite_IsCaughtUpByTheRepairJob()
    {
        var work = subject.Store.BeginWork();
        work.Add(Build.Profile("expert-alice"));
        Assert.True((await work.CommitAsync(CancellationToken.None)).IsSuccess);

        // As if the process had died between the commit and the view write.
        await subject.Get<ICosmosItems>().DeleteAsync(CosmosDocumentTypes.ViewsContainer, CosmosDocumentTypes.ExpertDirectoryPartition, "expert-alice", null, CancellationToken.None);
        var directory = subject.Get<IExpertDirectory>();
        var all = new ExpertSearch(null, null, null, null, null, false);
        Assert.Empty((await directory.SearchAsync(all, new PageRequest(10, null), CancellationToken.None)).Items);

        await subject.Get<CosmosViewRepairJob>().RunAsync(CancellationToken.None);

        Assert.Equal("expert-alice", Assert.Single((await directory.SearchAsync(all, new PageRequest(10, null), CancellationToken.None)).Items).Id.Value);
    }
}
