using Headstore.Application.Common;
using Headstore.Application.Tests.Support;
using Headstore.Domain.Common;
using Headstore.Domain.Experts;
using Headstore.Domain.Questions;

namespace Headstore.Application.Tests.Common;

public sealed class DocumentStoreTests
{
    private static readonly Actor Carol = new(new UserId("customer-carol"), "Carol", null, new HashSet<string> { Roles.Customer });

    [Fact]
    public async Task Update_WithAStaleVersion_IsAConcurrencyConflict_AndWritesNothing()
    {
        await using var host = await AppHost.StartAsync();
        var store = host.Get<IDocumentStore>();
        var now = host.Clock.GetUtcNow();
        var question = Question.Ask(QuestionId.New(now), Carol, new CategoryId("law"), "A question about deposits", "Body", "en", now);
        var create = store.BeginWork();
        create.Add(question);
        Assert.True((await create.CommitAsync(CancellationToken.None)).IsSuccess);

        var read = (await store.FindAsync<Question>(question.Id.Value, CancellationToken.None))!;
        Assert.Equal(1, read.Version);
        var first = store.BeginWork();
        first.Update(read with { Title = "First writer wins" });
        Assert.True((await first.CommitAsync(CancellationToken.None)).IsSuccess);

        var stale = store.BeginWork();
        stale.Update(read with { Title = "Second writer loses" });
        stale.Publish(new QuestionAsked(question.Id, Carol.UserId, question.CategoryId) { OccurredAt = now });
        var conflict = await stale.CommitAsync(CancellationToken.None);
        Assert.Equal("concurrency-conflict", conflict.Error!.Code);

        var stored = (await store.FindAsync<Question>(question.Id.Value, CancellationToken.None))!;
        Assert.Equal("First writer wins", stored.Title);
        Assert.Equal(2, stored.Version);
    }

    [Fact]
    public async Task Commit_IsAllOrNothing_AcrossDocumentsAndOutbox()
    {
        await using var host = await AppHost.StartAsync();
        var store = host.Get<IDocumentStore>();
        var now = host.Clock.GetUtcNow();
        var existing = Question.Ask(QuestionId.New(now), Carol, new CategoryId("law"), "An existing question here", "Body", "en", now);
        var seed = store.BeginWork();
        seed.Add(existing);
        await seed.CommitAsync(CancellationToken.None);

        var fresh = Question.Ask(QuestionId.New(now), Carol, new CategoryId("law"), "A fresh question that must not persist", "Body", "en", now);
        var work = store.BeginWork();
        work.Add(fresh);
        work.Publish(new QuestionAsked(fresh.Id, Carol.UserId, fresh.CategoryId) { OccurredAt = now });
        work.Add(existing);
        Assert.Equal("duplicate", (await work.CommitAsync(CancellationToken.None)).Error!.Code);

        Assert.Null(await store.FindAsync<Question>(fresh.Id.Value, CancellationToken.None));
        Assert.Equal(0, await host.Get<Infrastructure.Messaging.OutboxDispatcher>().DrainAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ConcurrentReadModifyWrite_WithRetry_LosesNoUpdate()
    {
        await using var host = await AppHost.StartAsync();
        var store = host.Get<IDocumentStore>();
        var now = host.Clock.GetUtcNow();
        var details = new ExpertProfileDetails("Alice", "Accountant", null, "Tax", [new CategoryId("law")], ["en"], "Desc", Currency.USD, 300, 0, null);
        var seed = store.BeginWork();
        seed.Add(ExpertProfile.Create(new ExpertId("expert-alice"), details, now));
        await seed.CommitAsync(CancellationToken.None);

        await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(() => Concurrency.RetryOnConflictAsync(async () =>
        {
            var profile = (await store.FindAsync<ExpertProfile>("expert-alice", CancellationToken.None))!;
            var work = store.BeginWork();
            work.Update(profile.AddRating(5));
            return await work.CommitAsync(CancellationToken.None);
        }, attempts: 100))));

        var final = (await store.FindAsync<ExpertProfile>("expert-alice", CancellationToken.None))!;
        Assert.Equal(40, final.RatingCount);
        Assert.Equal(41, final.Version);
    }
}
