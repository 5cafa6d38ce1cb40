using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Experts;
using Headstore.Domain.Reputation;
using Headstore.Infrastructure.Messaging;
using Headstore.Infrastructure.Persistence.Cosmos;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Headstore.Infrastructure.Tests.Persistence.Cosmos;

/// <summary>The test-server committer: when a later write of a group fails, the earlier ones are undone.</summary>
public sealed class CosmosSequentialCommitterTests : IDisposable
{
    private readonly InMemoryCosmos cosmos = new();
    private readonly CosmosDatabase database = new(Options.Create(new CosmosOptions { Endpoint = new Uri("https://127.0.0.1:1/"), Key = "a2V5" }), NullLogger<CosmosDatabase>.Instance);
    private readonly OutboxSignal signal = new();
    private readonly CosmosDocumentStore store;

    public CosmosSequentialCommitterTests() =>
        store = new CosmosDocumentStore(database, cosmos, new CosmosSequentialCommitter(cosmos, NullLogger<CosmosSequentialCommitter>.Instance),
            new CosmosViewWriter(cosmos, NullLogger<CosmosViewWriter>.Instance), signal);

    private async Task<Result<Unit>> CommitAsync(Action<IUnitOfWork> changes)
    {
        var work = store.BeginWork();
        changes(work);
        return await work.CommitAsync(CancellationToken.None);
    }

    [Fact]
    public async Task AFailingInsert_AfterAReplace_PutsTheReplacedDocumentBack()
    {
        await CommitAsync(w => w.Add(Build.Profile("expert-alice")));
        var line = new ReputationEvent("expert-alice:answer:q_1.a1:0", new ExpertId("expert-alice"), ReputationReason.AnswerPosted, 5, 5, "q_1.a1", Build.Now);
        await CommitAsync(w => w.Add(line));
        var profile = (await store.FindAsync<ExpertProfile>("expert-alice", CancellationToken.None))!;

        var result = await CommitAsync(w =>
        {
            w.Update(profile.WithReputation(500));
            w.Add(line);
        });

        Assert.Equal("duplicate", result.Error?.Code);
        var stored = (await store.FindAsync<ExpertProfile>("expert-alice", CancellationToken.None))!;
        Assert.Equal((0L, 1L), (stored.Reputation, stored.Version));
        Assert.True((await CommitAsync(w => w.Update(stored.WithReputation(5)))).IsSuccess);
    }

    [Fact]
    public async Task AStaleReplace_AfterAnInsert_DeletesTheInsert()
    {
        await CommitAsync(w => w.Add(Build.Profile("expert-alice")));
        var profile = (await store.FindAsync<ExpertProfile>("expert-alice", CancellationToken.None))!;
        cosmos.Touch("experts", "expert-alice", "expert-alice");

        var result = await CommitAsync(w =>
        {
            w.Add(new ReputationEvent("expert-alice:answer:q_2.a1:0", new ExpertId("expert-alice"), ReputationReason.AnswerPosted, 5, 5, "q_2.a1", Build.Now));
            w.Update(profile.WithReputation(5));
            w.Publish(new AnswerPosted(new QuestionId("q_2"), new AnswerId("q_2.a1"), new ExpertId("expert-alice"), new UserId("customer-carol")) { OccurredAt = Build.Now });
        });

        Assert.Equal("concurrency-conflict", result.Error?.Code);
        Assert.Equal([("experts", "expert-alice", "expert-alice")], cosmos.Keys.Where(k => k.Container == "experts"));
    }

    public void Dispose()
    {
        database.Dispose();
        signal.Dispose();
    }
}
