using Headstore.Application.Common;
using Headstore.Application.Reputation;
using Headstore.Application.Tests.Support;
using Headstore.Domain.Common;
using Headstore.Domain.Experts;
using Headstore.Domain.Questions;

namespace Headstore.Application.Tests.Reputation;

public sealed class ReputationRecorderTests
{
    private static readonly Actor Admin = new(new UserId("admin-ada"), "Ada", null, new HashSet<string> { Roles.Admin });
    private static readonly ExpertId Alice = new("expert-alice");

    private static async Task SeedExpertAsync(AppHost host)
    {
        var details = new ExpertProfileDetails("Alice", "Accountant", null, "Tax", [new CategoryId("law")], ["en"], "Desc", Currency.USD, 300, 0, null);
        var work = host.Get<IDocumentStore>().BeginWork();
        work.Add(ExpertProfile.Create(Alice, details, host.Clock.GetUtcNow()));
        await work.CommitAsync(CancellationToken.None);
    }

    [Fact]
    public async Task SameEvent_DeliveredTwiceOrConcurrently_CountsOnce()
    {
        await using var host = await AppHost.StartAsync();
        await SeedExpertAsync(host);
        var posted = new AnswerPosted(new QuestionId("q_1"), new AnswerId("q_1.a1"), Alice, new UserId("customer-carol")) { OccurredAt = host.Clock.GetUtcNow() };
        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => host.Create<ReputationRecorder>().HandleAsync(posted, CancellationToken.None))));
        await host.Create<ReputationRecorder>().HandleAsync(posted, CancellationToken.None);

        var profile = (await host.Get<IDocumentStore>().FindAsync<ExpertProfile>(Alice.Value, CancellationToken.None))!;
        Assert.Equal(2, profile.Reputation);
        Assert.Equal(1, profile.Counters.Answers);
    }

    [Fact]
    public async Task Upvotes_StopAtTheDailyCap_AndResumeTheNextDay()
    {
        await using var host = await AppHost.StartAsync();
        await SeedExpertAsync(host);
        var recorder = host.Create<ReputationRecorder>();
        for (var i = 0; i < 25; i++)
        {
            await recorder.HandleAsync(new AnswerVoteChanged(new QuestionId("q_1"), new AnswerId("q_1.a1"), Alice, new UserId($"u{i}"), VoteDirection.None, VoteDirection.Up) { OccurredAt = host.Clock.GetUtcNow() }, CancellationToken.None);
        }

        host.Clock.Advance(TimeSpan.FromDays(1));
        await recorder.HandleAsync(new AnswerVoteChanged(new QuestionId("q_1"), new AnswerId("q_1.a1"), Alice, new UserId("late"), VoteDirection.None, VoteDirection.Up) { OccurredAt = host.Clock.GetUtcNow() }, CancellationToken.None);
        var profile = (await host.Get<IDocumentStore>().FindAsync<ExpertProfile>(Alice.Value, CancellationToken.None))!;
        Assert.Equal(200 + 10, profile.Reputation);
    }

    [Fact]
    public async Task Recompute_FindsAndRepairsATotalThatDriftedFromItsHistory()
    {
        await using var host = await AppHost.StartAsync();
        await SeedExpertAsync(host);
        await host.Create<ReputationRecorder>().HandleAsync(new ArticlePublished(new ArticleId("art_1"), Alice) { OccurredAt = host.Clock.GetUtcNow() }, CancellationToken.None);
        var store = host.Get<IDocumentStore>();
        var profile = (await store.FindAsync<ExpertProfile>(Alice.Value, CancellationToken.None))!;
        var tamper = store.BeginWork();
        tamper.Update(profile.WithReputation(999));
        await tamper.CommitAsync(CancellationToken.None);

        var report = (await host.Get<RecomputeReputationHandler>().HandleAsync(Admin, new RecomputeReputationCommand(Apply: true), CancellationToken.None)).Value;
        var difference = Assert.Single(report.Differences);
        Assert.Equal(999, difference.Stored);
        Assert.Equal(20, difference.Recomputed);
        Assert.Equal(20, (await store.FindAsync<ExpertProfile>(Alice.Value, CancellationToken.None))!.Reputation);
    }
}
