using Headstore.Application.Common;
using Headstore.Application.Users;
using Headstore.Domain.Common;
using Headstore.Domain.Experts;
using Headstore.Domain.Questions;
using Headstore.Domain.Reputation;
using Headstore.Infrastructure.Messaging;
using Headstore.Infrastructure.Persistence.Cosmos;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Headstore.Infrastructure.Tests.Persistence.Cosmos;

/// <summary>A future feature's aggregate, registered with one call, partitioned by something other than its id.</summary>
public sealed record FutureAggregateStub(string Id, string AccountId, long AmountMinor, long Version) : IAggregate;

/// <summary>
/// The Cosmos unit of work with the production committer (TransactionalBatch) against an in-memory container with
/// real batch semantics: what the test server cannot show (it has no TransactionalBatch) is shown here.
/// </summary>
public sealed class CosmosUnitOfWorkTests : IDisposable
{
    private static readonly ExpertId Alice = new("expert-alice");
    private readonly InMemoryCosmos cosmos = new();
    private readonly CosmosDatabase database = new(Options.Create(new CosmosOptions { Endpoint = new Uri("https://127.0.0.1:1/"), Key = "a2V5" }), NullLogger<CosmosDatabase>.Instance);
    private readonly OutboxSignal signal = new();
    private readonly CosmosDocumentStore store;

    static CosmosUnitOfWorkTests() => CosmosDocumentTypes.Register<FutureAggregateStub>("future", o => o.PartitionKey = t => t.AccountId);

    public CosmosUnitOfWorkTests() =>
        store = new CosmosDocumentStore(database, cosmos, new CosmosTransactionalBatchCommitter(cosmos), new CosmosViewWriter(cosmos, NullLogger<CosmosViewWriter>.Instance), signal);

    private static ReputationEvent Line(string cause) => new($"expert-alice:{cause}:0", Alice, ReputationReason.AnswerPosted, 5, 5, "q_1.a1", Build.Now);

    private static QuestionAsked Asked(Question question) => new(question.Id, question.AskerId, question.CategoryId) { OccurredAt = Build.Now };

    private async Task<Result<Unit>> CommitAsync(Action<IUnitOfWork> changes)
    {
        var work = store.BeginWork();
        changes(work);
        return await work.CommitAsync(CancellationToken.None);
    }

    private async Task<ExpertProfile> StoredProfileAsync()
    {
        await CommitAsync(w => w.Add(Build.Profile("expert-alice")));
        return (await store.FindAsync<ExpertProfile>("expert-alice", CancellationToken.None))!;
    }

    [Fact]
    public async Task SeveralDocumentsAndEvents_OfOnePartition_AreOneTransactionalBatch()
    {
        var profile = await StoredProfileAsync();
        cosmos.Requests.Clear();

        var result = await CommitAsync(w =>
        {
            w.Add(Line("answer:q_1.a1"));
            w.Update(profile.WithReputation(5));
            w.Publish(new AnswerPosted(new QuestionId("q_1"), new AnswerId("q_1.a1"), Alice, new UserId("customer-carol")) { OccurredAt = Build.Now });
        });

        Assert.True(result.IsSuccess);
        var batch = Assert.Single(cosmos.Requests, r => r.StartsWith("Batch", StringComparison.Ordinal));
        Assert.Equal("Batch experts/expert-alice [Create, Replace, Create]", batch);
        Assert.DoesNotContain(cosmos.Requests, r => r.StartsWith("Read experts", StringComparison.Ordinal));
        Assert.Contains(cosmos.Keys, k => k is ("experts", "expert-alice", var id) && id.StartsWith("outbox:", StringComparison.Ordinal));
        Assert.Equal(2, (await store.FindAsync<ExpertProfile>("expert-alice", CancellationToken.None))!.Version);
    }

    [Fact]
    public async Task AStaleETag_FailsTheWholeBatch_AndNothingIsWritten()
    {
        var profile = await StoredProfileAsync();
        cosmos.Touch("experts", "expert-alice", "expert-alice");

        var result = await CommitAsync(w =>
        {
            w.Add(Line("answer:q_1.a1"));
            w.Update(profile.WithReputation(5));
            w.Publish(Asked(Build.Question()));
        });

        Assert.Equal("concurrency-conflict", result.Error?.Code);
        Assert.DoesNotContain(cosmos.Keys, k => k.Id != "expert-alice" && k.Container == "experts");
    }

    [Fact]
    public async Task ADuplicateInsert_FailsTheWholeBatch()
    {
        var profile = await StoredProfileAsync();
        await CommitAsync(w => w.Add(Line("answer:q_1.a1")));

        var result = await CommitAsync(w =>
        {
            w.Add(Line("answer:q_1.a1"));
            w.Update(profile.WithReputation(5));
        });

        Assert.Equal("duplicate", result.Error?.Code);
        Assert.Equal(0, (await store.FindAsync<ExpertProfile>("expert-alice", CancellationToken.None))!.Reputation);
    }

    [Fact]
    public async Task AnInsertIfAbsent_ThatIsPresent_IsDropped_AndTheRestOfTheBatchCommits()
    {
        var profile = await StoredProfileAsync();
        await CommitAsync(w => w.Add(Line("answer:q_1.a1")));

        var result = await CommitAsync(w =>
        {
            w.AddIfAbsent(Line("answer:q_1.a1") with { AppliedPoints = 99 });
            w.Update(profile.WithReputation(5));
        });

        // The batch failed on the present line; what is left (one replace) is sent again.
        Assert.True(result.IsSuccess);
        Assert.Single(cosmos.Requests, r => r.StartsWith("Batch", StringComparison.Ordinal));
        Assert.StartsWith("Replace experts/expert-alice/expert-alice", cosmos.Requests.Last(r => !r.StartsWith("Read", StringComparison.Ordinal) && !r.Contains("views", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Equal(5, (await store.FindAsync<ReputationEvent>("expert-alice:answer:q_1.a1:0", CancellationToken.None))!.AppliedPoints);
        Assert.Equal(5, (await store.FindAsync<ExpertProfile>("expert-alice", CancellationToken.None))!.Reputation);
    }

    [Fact]
    public async Task GuardedWrites_InTwoPartitions_AreRefused_BeforeAnythingIsWritten()
    {
        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => CommitAsync(w =>
        {
            w.Add(Build.Question());
            w.Add(Build.Profile("expert-bob"));
        }));

        Assert.Contains("docs/cosmos.md", exception.Message, StringComparison.Ordinal);
        Assert.Empty(cosmos.Keys);
    }

    [Fact]
    public async Task AnIndependentSnapshot_InAnotherPartition_IsWrittenFirst_AndStaysWhenThePrimaryFails()
    {
        var question = Build.Question();
        await CommitAsync(w => w.Add(question));
        var account = new UserAccount(new UserId("customer-carol"), "Carol", null, ["customer"], Build.Now, Build.Now, 0);
        cosmos.Requests.Clear();

        var result = await CommitAsync(w =>
        {
            w.AddIfAbsent(account);
            w.Add(question);
            w.Publish(Asked(question));
        });

        Assert.Equal("duplicate", result.Error?.Code);
        Assert.StartsWith("CreateIfAbsent users/customer-carol", cosmos.Requests[0], StringComparison.Ordinal);
        Assert.NotNull(cosmos.Get("users", "customer-carol", "customer-carol"));
        Assert.DoesNotContain(cosmos.Keys, k => k.Id.StartsWith("outbox:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Events_RideWithTheGuardedWrite_NotWithTheSnapshot()
    {
        var question = Build.Question();
        var asked = Asked(question);

        await CommitAsync(w =>
        {
            w.AddIfAbsent(new UserAccount(question.AskerId, "Carol", null, ["customer"], Build.Now, Build.Now, 0));
            w.Add(question);
            w.Publish(asked);
        });

        Assert.NotNull(cosmos.Get(CosmosDocumentTypes.CommerceContainer, question.Id.Value, CosmosDocuments.OutboxId(asked.EventId)));
    }

    [Fact]
    public async Task EventsAlone_GetAPartitionOfTheirOwn()
    {
        var asked = Asked(Build.Question());
        await CommitAsync(w => w.Publish(asked));
        Assert.NotNull(cosmos.Get(CosmosDocumentTypes.SystemContainer, "outbox:" + asked.EventId, CosmosDocuments.OutboxId(asked.EventId)));
    }

    [Fact]
    public async Task MoreThanABatchHolds_IsRefused()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => CommitAsync(w =>
        {
            for (var i = 0; i < CosmosCommitPlan.MaxBatchOperations + 1; i++)
            {
                w.Add(Line($"vote:e{i}"));
            }
        }));
    }

    [Fact]
    public async Task AnUpdate_WithoutARememberedETag_ReadsTheStoredVersionFirst()
    {
        var profile = await StoredProfileAsync();
        var otherInstance = new CosmosDocumentStore(database, cosmos, new CosmosTransactionalBatchCommitter(cosmos), new CosmosViewWriter(cosmos, NullLogger<CosmosViewWriter>.Instance), signal);
        cosmos.Requests.Clear();

        var work = otherInstance.BeginWork();
        work.Update(profile with { Status = ExpertStatus.Online });
        Assert.True((await work.CommitAsync(CancellationToken.None)).IsSuccess);

        Assert.Equal("Read experts/expert-alice/expert-alice", cosmos.Requests[0]);
        Assert.StartsWith("Replace experts/expert-alice/expert-alice", cosmos.Requests[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANewAggregateType_PlugsInWithOneRegistration()
    {
        Assert.Contains("future", CosmosDocumentTypes.Containers);
        var posting = new FutureAggregateStub("txn:payout:expert-alice:2026-W45", "account-alice", 8100, 0);

        Assert.True((await CommitAsync(w => w.Add(posting))).IsSuccess);
        Assert.Equal("duplicate", (await CommitAsync(w => w.Add(posting))).Error?.Code);
        Assert.NotNull(cosmos.Get("future", "account-alice", "txn:payout:expert-alice:2026-W45"));

        // Its id does not tell its partition, so a point read falls back to a (named) cross-partition query.
        Assert.Null(CosmosDocumentTypes.For(typeof(FutureAggregateStub)).PartitionKeyOfId(posting.Id));
    }

    [Fact]
    public async Task Views_FollowTheCommit_AndNeverMoveBackwards()
    {
        var profile = await StoredProfileAsync();
        var entry = cosmos.Get(CosmosDocumentTypes.ViewsContainer, CosmosDocumentTypes.ExpertDirectoryPartition, "expert-alice");
        Assert.Equal(1, entry!.Value.GetProperty("sourceVersion").GetInt64());

        await CommitAsync(w => w.Update(profile with { Status = ExpertStatus.Online }));
        var writer = new CosmosViewWriter(cosmos, NullLogger<CosmosViewWriter>.Instance);
        await writer.WriteAsync(CosmosDocumentTypes.For(typeof(ExpertProfile)), profile, 1, CancellationToken.None);

        var view = cosmos.Get(CosmosDocumentTypes.ViewsContainer, CosmosDocumentTypes.ExpertDirectoryPartition, "expert-alice")!.Value;
        Assert.Equal(2, view.GetProperty("sourceVersion").GetInt64());
        Assert.Equal("Online", view.GetProperty("idx").GetProperty("status").GetString());
        Assert.Equal(2, view.GetProperty("body").GetProperty("version").GetInt64());
    }

    [Theory]
    [InlineData("expert-alice:answer:q_1.a1:0", "expert-alice")]
    [InlineData("auth0|x:y:vote:0123abcd:1", "auth0|x:y")]
    [InlineData("expert-alice:0", null)]
    [InlineData("nocolons", null)]
    public void ReputationLineIds_TellTheirExpert(string id, string? expert) =>
        Assert.Equal(expert, CosmosDocumentTypes.ExpertOfReputationLine(id));

    [Theory]
    [InlineData("q_01abc", "q_01abc")]
    [InlineData("auth0|123", "auth0|123")]
    [InlineData("a/b", "~YS9i")]
    [InlineData("~tilde", "~fnRpbGRl")]
    public void Ids_AreStoredAsTheyAre_UnlessCosmosWouldRefuseThem(string id, string stored) =>
        Assert.Equal(stored, CosmosDocuments.EncodeId(id));

    [Fact]
    public void Containers_IndexOnlyWhatQueriesUse_AndTheViewsHaveAFullTextIndex()
    {
        var questions = CosmosDatabase.ContainerProperties("questions", CosmosQuestionSearchMode.FullText);
        Assert.Equal("/pk", questions.PartitionKeyPath);
        Assert.Equal(-1, questions.DefaultTimeToLive);
        Assert.Equal(["/pk/?", "/type/?", "/idx/*"], questions.IndexingPolicy.IncludedPaths.Select(p => p.Path));
        Assert.Contains("/*", questions.IndexingPolicy.ExcludedPaths.Select(p => p.Path));
        Assert.Null(questions.FullTextPolicy);

        var views = CosmosDatabase.ContainerProperties(CosmosDocumentTypes.ViewsContainer, CosmosQuestionSearchMode.FullText);
        Assert.Equal("/idx/text", Assert.Single(views.FullTextPolicy.FullTextPaths).Path);
        Assert.Equal("/idx/text", Assert.Single(views.IndexingPolicy.FullTextIndexes).Path);
        Assert.Null(CosmosDatabase.ContainerProperties(CosmosDocumentTypes.ViewsContainer, CosmosQuestionSearchMode.TokenOverlap).FullTextPolicy);
    }

    public void Dispose()
    {
        database.Dispose();
        signal.Dispose();
    }
}
