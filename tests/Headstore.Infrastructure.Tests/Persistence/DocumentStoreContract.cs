using Headstore.Application.Categories;
using Headstore.Application.Common;
using Headstore.Application.Experts;
using Headstore.Application.Messaging;
using Headstore.Application.Moderation;
using Headstore.Application.Questions;
using Headstore.Application.Reputation;
using Headstore.Application.Users;
using Headstore.Domain.Common;
using Headstore.Domain.Experts;
using Headstore.Domain.Messaging;
using Headstore.Domain.Moderation;
using Headstore.Domain.Questions;
using Headstore.Domain.Reputation;
using Headstore.Infrastructure.Messaging;
using Headstore.Infrastructure.Seeding;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Headstore.Infrastructure.Tests.Persistence;

/// <summary>Test data for the store contract.</summary>
public static class Build
{
    public static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    public static Actor Customer(string id = "customer-carol") => new(new UserId(id), "Carol Customer", "carol@example.com", new HashSet<string> { Roles.Customer });

    public static Actor Expert(string id = "expert-alice") => new(new UserId(id), "Alice Expert", "alice@example.com", new HashSet<string> { Roles.Expert });

    public static ExpertProfile Profile(string id, string name = "Alice Tax", long rate = 300, string[]? categories = null, string[]? languages = null, long reputation = 0, ExpertStatus status = ExpertStatus.Offline) =>
        ExpertProfile.Create(new ExpertId(id), new ExpertProfileDetails(name, "Chartered accountant", "Example & Co", "Tax returns and bookkeeping.",
                (categories ?? ["tax-accounting"]).Select(c => new CategoryId(c)).ToArray(), languages ?? ["en"], "Fifteen years of practice.", Currency.USD, rate, 5, null), Now)
            .WithReputation(reputation) with { Status = status };

    public static Question Question(string title = "How do I claim my home office?", string body = "I work from a spare bedroom; what can I claim?", string category = "tax-accounting", string asker = "customer-carol", DateTimeOffset? at = null) =>
        Domain.Questions.Question.Ask(QuestionId.New(at ?? Now), Customer(asker), new CategoryId(category), title, body, "en", at ?? Now);

    public static Question Answered(Question question, string answer = "Claim the business share of rent and utilities by floor area.") =>
        question.AddAnswer(new ExpertId("expert-alice"), "Alice Expert", answer, Now).Value.Question;

    public static MessageThread Thread(string customer = "customer-carol", string expert = "expert-alice", DateTimeOffset? at = null) =>
        MessageThread.Start(MessageThreadId.New(at ?? Now), Customer(customer), new ExpertId(expert), "Tax question", "Can you help with my return?", at ?? Now).Value;

    public static Appointment Appointment(string customer = "customer-carol", string expert = "expert-alice", DateTimeOffset? at = null) =>
        Domain.Messaging.Appointment.Request(AppointmentId.New(at ?? Now), Customer(customer), new ExpertId(expert), [(at ?? Now).AddDays(2)], SessionMode.Video, null, at ?? Now).Value;

    public static ContentReport Report(ReportReason reason, DateTimeOffset at) =>
        ContentReport.File(ContentReportId.New(at), new UserId("customer-carol"), ReportTargetType.Question, "q_1", reason, null, at);
}

/// <summary>
/// The contract every document store meets, run against SQLite and against the Cosmos-protocol test server. Where the
/// test server cannot do what the Cosmos design relies on, the Cosmos run says so in the test output and another test
/// covers it (see CosmosUnitOfWorkTests).
/// </summary>
public abstract class DocumentStoreContract(ITestOutputHelper output) : IAsyncLifetime
{
    protected StoreUnderTest Subject { get; private set; } = null!;

    protected ITestOutputHelper Output { get; } = output;

    private IDocumentStore Store => Subject.Store;

    public async Task InitializeAsync() => Subject = await CreateAsync();

    public async Task DisposeAsync() => await Subject.DisposeAsync();

    protected abstract Task<StoreUnderTest> CreateAsync();

    private async Task<Result<Unit>> CommitAsync(Action<IUnitOfWork> changes)
    {
        var work = Store.BeginWork();
        changes(work);
        return await work.CommitAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Add_ThenFind_ReturnsTheAggregate_AtVersionOne()
    {
        var question = Build.Question();
        Assert.True((await CommitAsync(w => w.Add(question))).IsSuccess);

        var found = await Store.FindAsync<Question>(question.Id.Value, CancellationToken.None);
        Assert.NotNull(found);
        Assert.Equal(1, found.Version);
        Assert.Equal(question.Title, found.Title);
        Assert.Equal(question.AskedAt, found.AskedAt);
    }

    [Fact]
    public async Task Find_WhenMissing_IsNull_ForAnyType()
    {
        Assert.Null(await Store.FindAsync<Question>("q_missing", CancellationToken.None));
        Assert.Null(await Store.FindAsync<ExpertProfile>("expert-nobody", CancellationToken.None));
        Assert.Null(await Store.FindAsync<ReputationEvent>("expert-nobody:answer:q_1.a1:0", CancellationToken.None));
        Assert.Null(await Store.FindAsync<Question>("", CancellationToken.None));
    }

    [Fact]
    public async Task Add_WhenTheIdExists_IsADuplicateConflict_AndKeepsTheFirst()
    {
        var question = Build.Question();
        await CommitAsync(w => w.Add(question));

        var again = await CommitAsync(w => w.Add(question with { Title = "Changed" }));

        Assert.Equal("duplicate", again.Error?.Code);
        Assert.Equal(question.Title, (await Store.FindAsync<Question>(question.Id.Value, CancellationToken.None))!.Title);
    }

    [Fact]
    public async Task Update_OfTheVersionRead_Succeeds_AndAStaleVersion_IsAConcurrencyConflict()
    {
        var question = Build.Question();
        await CommitAsync(w => w.Add(question));
        var first = (await Store.FindAsync<Question>(question.Id.Value, CancellationToken.None))!;
        var second = (await Store.FindAsync<Question>(question.Id.Value, CancellationToken.None))!;

        Assert.True((await CommitAsync(w => w.Update(first with { Title = "First writer" }))).IsSuccess);
        var stale = await CommitAsync(w => w.Update(second with { Title = "Second writer" }));

        Assert.Equal("concurrency-conflict", stale.Error?.Code);
        var stored = (await Store.FindAsync<Question>(question.Id.Value, CancellationToken.None))!;
        Assert.Equal(("First writer", 2L), (stored.Title, stored.Version));
        Assert.True((await CommitAsync(w => w.Update(stored with { Title = "Third" }))).IsSuccess);
        Assert.Equal(3, (await Store.FindAsync<Question>(question.Id.Value, CancellationToken.None))!.Version);
    }

    [Fact]
    public async Task Update_ThroughAnotherStoreInstance_UsesTheStoredVersion()
    {
        // A second host (or a restarted one) has not seen the read: the version alone must guard the update.
        var question = Build.Question();
        await CommitAsync(w => w.Add(question));
        var read = (await Store.FindAsync<Question>(question.Id.Value, CancellationToken.None))!;
        var other = ActivatorUtilities.CreateInstance(Subject.Services, Store.GetType()) as IDocumentStore;

        var work = other!.BeginWork();
        work.Update(read with { Title = "From another instance" });
        Assert.True((await work.CommitAsync(CancellationToken.None)).IsSuccess);
        var stale = other.BeginWork();
        stale.Update(read with { Title = "Stale from another instance" });
        Assert.Equal("concurrency-conflict", (await stale.CommitAsync(CancellationToken.None)).Error?.Code);
    }

    [Fact]
    public async Task Update_OfAMissingAggregate_IsAConcurrencyConflict()
    {
        var result = await CommitAsync(w => w.Update(Build.Question() with { Version = 1 }));
        Assert.Equal("concurrency-conflict", result.Error?.Code);
    }

    [Fact]
    public async Task AddIfAbsent_KeepsWhatIsStored_AndSucceeds()
    {
        var account = new UserAccount(new UserId("customer-carol"), "Carol", "carol@example.com", ["customer"], Build.Now, Build.Now, 0);
        Assert.True((await CommitAsync(w => w.AddIfAbsent(account))).IsSuccess);
        Assert.True((await CommitAsync(w => w.AddIfAbsent(account with { Name = "Someone else" }))).IsSuccess);
        Assert.Equal("Carol", (await Store.FindAsync<UserAccount>("customer-carol", CancellationToken.None))!.Name);
    }

    [Fact]
    public async Task Upsert_WritesWhateverIsStored_AndCountsTheVersionOn()
    {
        var account = new UserAccount(new UserId("customer-carol"), "Carol", null, ["customer"], Build.Now, Build.Now, 0);
        Assert.True((await CommitAsync(w => w.Upsert(account))).IsSuccess);
        var stored = (await Store.FindAsync<UserAccount>("customer-carol", CancellationToken.None))!;
        Assert.Equal(1, stored.Version);

        Assert.True((await CommitAsync(w => w.Upsert(stored with { Name = "Carol Renamed" }))).IsSuccess);
        var renamed = (await Store.FindAsync<UserAccount>("customer-carol", CancellationToken.None))!;
        Assert.Equal(("Carol Renamed", 2L), (renamed.Name, renamed.Version));
    }

    [Fact]
    public async Task Ids_WithCharactersCosmosReserves_RoundTrip()
    {
        var account = new UserAccount(new UserId("auth0|abc/def?x#1%"), "Odd", null, ["customer"], Build.Now, Build.Now, 0);
        Assert.True((await CommitAsync(w => w.Add(account))).IsSuccess);
        Assert.Equal(account.Id, (await Store.FindAsync<UserAccount>(account.Id.Value, CancellationToken.None))!.Id);
    }

    [Fact]
    public async Task FindMany_ReturnsThoseThatExist()
    {
        var one = Build.Question(title: "First question here");
        var two = Build.Question(title: "Second question here");
        await CommitAsync(w => w.Add(one));
        await CommitAsync(w => w.Add(two));

        var found = await Store.FindManyAsync<Question>([one.Id.Value, "q_missing", two.Id.Value], CancellationToken.None);

        Assert.Equal(new[] { one.Id.Value, two.Id.Value }.Order(), found.Select(q => q.Id.Value).Order());
        Assert.Empty(await Store.FindManyAsync<Question>([], CancellationToken.None));
    }

    [Fact]
    public async Task Events_CommitWithTheChange_AndTheDispatcherDeliversEachOnce()
    {
        if (Subject.IsCosmos)
        {
            Output.WriteLine("Cosmos: pending outbox documents are found by the OutboxPolling cross-partition query (a batch path). The change feed, the production alternative, never advances on the test server and is not used.");
        }

        var question = Build.Question();
        var asked = new QuestionAsked(question.Id, question.AskerId, question.CategoryId) { OccurredAt = Build.Now };
        await CommitAsync(w =>
        {
            w.Add(question);
            w.Publish(asked);
        });

        Assert.Equal(1, await Subject.DrainOutboxAsync());
        Assert.Equal(0, await Subject.DrainOutboxAsync());
        var delivered = Assert.Single(Subject.Delivered.All);
        Assert.Equal(asked, delivered);
    }

    [Fact]
    public async Task Events_OfAFailedCommit_AreNeverDelivered()
    {
        var question = Build.Question();
        await CommitAsync(w => w.Add(question));
        var stale = question with { Title = "Stale" };
        await CommitAsync(w => w.Update((question with { Version = 1 }) with { Title = "Wins" }));

        var failed = await CommitAsync(w =>
        {
            w.Update(stale with { Version = 1 });
            w.Publish(new QuestionAsked(question.Id, question.AskerId, question.CategoryId) { OccurredAt = Build.Now });
        });

        Assert.Equal("concurrency-conflict", failed.Error?.Code);
        Assert.Equal(0, await Subject.DrainOutboxAsync());
        Assert.Empty(Subject.Delivered.All);
    }

    [Fact]
    public async Task Events_WithoutADocument_AreStillDelivered()
    {
        await CommitAsync(w => w.Publish(new QuestionAsked(new QuestionId("q_1"), new UserId("u"), new CategoryId("law")) { OccurredAt = Build.Now }));
        Assert.Equal(1, await Subject.DrainOutboxAsync());
        Assert.Single(Subject.Delivered.All);
    }

    [Fact]
    public async Task Inbox_SkipsAHandlerThatAlreadyHandledTheEvent()
    {
        var question = Build.Question();
        var asked = new QuestionAsked(question.Id, question.AskerId, question.CategoryId) { OccurredAt = Build.Now };
        var inbox = Subject.Get<IInbox>();
        await CommitAsync(w => w.Publish(asked));

        // As if the recording handler had already handled it in an earlier, partly failed delivery.
        await inbox.MarkHandledAsync(nameof(RecordingQuestionAskedHandler), asked.EventId, CancellationToken.None);
        Assert.Equal(1, await Subject.DrainOutboxAsync());
        Assert.Empty(Subject.Delivered.All);
        Assert.True(await inbox.HasHandledAsync(nameof(RecordingQuestionAskedHandler), asked.EventId, CancellationToken.None));
        Assert.False(await inbox.HasHandledAsync("SomeOtherHandler", asked.EventId, CancellationToken.None));
    }

    [Fact]
    public async Task AUnitOfWork_WithSeveralDocumentsOfOnePartition_CommitsAllOrNothing()
    {
        if (Subject.IsCosmos)
        {
            Output.WriteLine(
                "Cosmos: this unit of work (reputation lines + expert profile, one partition) runs as a TransactionalBatch in production. " +
                "The test server has no TransactionalBatch, so here it ran through CosmosSequentialCommitter (writes one by one, undone on failure). " +
                "Batch atomicity and its error mapping are covered by CosmosUnitOfWorkTests against an in-memory container with batch semantics.");
        }

        var profile = Build.Profile("expert-alice");
        await CommitAsync(w => w.Add(profile));
        var stored = (await Store.FindAsync<ExpertProfile>("expert-alice", CancellationToken.None))!;
        var line = new ReputationEvent("expert-alice:answer:q_1.a1:0", new ExpertId("expert-alice"), ReputationReason.AnswerPosted, 5, 5, "q_1.a1", Build.Now);

        // A stale profile: the line written before it in the same commit must not survive.
        var failed = await CommitAsync(w =>
        {
            w.Add(line);
            w.Update(stored with { Version = 7 });
        });
        Assert.Equal("concurrency-conflict", failed.Error?.Code);
        Assert.Null(await Store.FindAsync<ReputationEvent>(line.Id, CancellationToken.None));

        var succeeded = await CommitAsync(w =>
        {
            w.Add(line);
            w.Update(stored.WithReputation(5));
        });
        Assert.True(succeeded.IsSuccess);
        Assert.NotNull(await Store.FindAsync<ReputationEvent>(line.Id, CancellationToken.None));
        Assert.Equal(5, (await Store.FindAsync<ExpertProfile>("expert-alice", CancellationToken.None))!.Reputation);
    }

    [Fact]
    public async Task ReputationRecorder_RecordsEachCauseOnce_InTheExpertsPartition()
    {
        await CommitAsync(w => w.Add(Build.Profile("expert-alice")));
        var posted = new AnswerPosted(new QuestionId("q_1"), new AnswerId("q_1.a1"), new ExpertId("expert-alice"), new UserId("customer-carol")) { OccurredAt = Build.Now };
        await using var scope = Subject.Services.CreateAsyncScope();
        var recorder = scope.ServiceProvider.GetServices<IEventHandler<AnswerPosted>>().OfType<ReputationRecorder>().Single();

        await recorder.HandleAsync(posted, CancellationToken.None);
        await recorder.HandleAsync(posted, CancellationToken.None);

        var history = await Subject.Get<IReputationQueries>().HistoryAsync(new ExpertId("expert-alice"), CancellationToken.None);
        var line = Assert.Single(history);
        var profile = (await Store.FindAsync<ExpertProfile>("expert-alice", CancellationToken.None))!;
        Assert.Equal(line.AppliedPoints, profile.Reputation);
        Assert.Equal(1, profile.Counters.Answers);
    }

    [Fact]
    public async Task AUserAccount_CommitsWithAChangeInAnotherPartition()
    {
        // UserDirectory adds the actor's account to the same unit of work as the question: two partitions on Cosmos.
        var question = Build.Question();
        var account = new UserAccount(question.AskerId, "Carol", null, ["customer"], Build.Now, Build.Now, 0);
        Assert.True((await CommitAsync(w =>
        {
            w.AddIfAbsent(account);
            w.Add(question);
            w.Publish(new QuestionAsked(question.Id, question.AskerId, question.CategoryId) { OccurredAt = Build.Now });
        })).IsSuccess);

        Assert.NotNull(await Store.FindAsync<UserAccount>(account.Id.Value, CancellationToken.None));
        Assert.NotNull(await Store.FindAsync<Question>(question.Id.Value, CancellationToken.None));
        Assert.Equal(1, await Subject.DrainOutboxAsync());
    }

    [Fact]
    public async Task ExpertDirectory_FiltersByCategoryLanguageTextRatingPriceAndStatus_AndPagesByReputation()
    {
        await CommitAsync(w => w.Add(Build.Profile("expert-alice", "Alice Tax", rate: 300, languages: ["en", "fr"], reputation: 50)));
        await CommitAsync(w => w.Add(Build.Profile("expert-bob", "Bob Computers", rate: 150, categories: ["computers-it"], reputation: 70, status: ExpertStatus.Online)));
        await CommitAsync(w => w.Add(Build.Profile("expert-cleo", "Cleo Tax", rate: 900, reputation: -3)));
        await CommitAsync(w => w.Add(Build.Profile("expert-dan", "Dan Tax", rate: 400, reputation: 50).AddRating(5)));
        var directory = Subject.Get<IExpertDirectory>();

        async Task<string[]> Names(ExpertSearch search) =>
            (await directory.SearchAsync(search, new PageRequest(20, null), CancellationToken.None)).Items.Select(e => e.Details.Name).ToArray();

        Assert.Equal(["Alice Tax", "Dan Tax", "Cleo Tax"], await Names(new ExpertSearch(new CategoryId("tax-accounting"), null, null, null, null, false)));
        Assert.Equal(["Alice Tax"], await Names(new ExpertSearch(null, "fr", null, null, null, false)));
        Assert.Equal(["Bob Computers"], await Names(new ExpertSearch(null, null, "computers", null, null, false)));
        Assert.Equal(["Bob Computers", "Alice Tax", "Dan Tax"], await Names(new ExpertSearch(null, null, null, null, 500, false)));
        Assert.Equal(["Dan Tax"], await Names(new ExpertSearch(null, null, null, 4, null, false)));
        Assert.Equal(["Bob Computers"], await Names(new ExpertSearch(null, null, null, null, null, true)));

        var pages = new List<string>();
        string? cursor = null;
        do
        {
            var page = await directory.SearchAsync(new ExpertSearch(null, null, null, null, null, false), new PageRequest(2, cursor), CancellationToken.None);
            pages.Add(string.Join(",", page.Items.Select(e => e.Id.Value)));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        // Best reputation first, ties by id.
        Assert.Equal(["expert-bob,expert-alice", "expert-dan,expert-cleo"], pages);
    }

    [Fact]
    public async Task ExpertDirectory_FollowsProfileUpdates()
    {
        await CommitAsync(w => w.Add(Build.Profile("expert-alice", "Alice Tax")));
        var stored = (await Store.FindAsync<ExpertProfile>("expert-alice", CancellationToken.None))!;
        await CommitAsync(w => w.Update(stored with { Status = ExpertStatus.Online }));

        var online = await Subject.Get<IExpertDirectory>().SearchAsync(new ExpertSearch(null, null, null, null, null, true), new PageRequest(10, null), CancellationToken.None);

        var found = Assert.Single(online.Items);
        Assert.Equal((ExpertStatus.Online, 2L), (found.Status, found.Version));
    }

    [Fact]
    public async Task QuestionList_FiltersByCategoryStatusAndAsker_NewestFirst_AndPages()
    {
        var questions = new List<Question>();
        for (var i = 0; i < 5; i++)
        {
            var question = Build.Question(title: $"Question number {i}", category: i % 2 == 0 ? "tax-accounting" : "law", asker: i < 3 ? "customer-carol" : "customer-dan", at: Build.Now.AddMinutes(i));
            questions.Add(i == 4 ? Build.Answered(question) : question);
            await CommitAsync(w => w.Add(questions[^1]));
        }

        var search = Subject.Get<IQuestionSearch>();
        async Task<int[]> Numbers(QuestionListFilter filter) =>
            (await search.ListAsync(filter, new PageRequest(20, null), CancellationToken.None)).Items.Select(q => int.Parse(q.Title[^1..], System.Globalization.CultureInfo.InvariantCulture)).ToArray();

        Assert.Equal(new[] { 4, 3, 2, 1, 0 }, await Numbers(new QuestionListFilter(null, null, null)));
        Assert.Equal(new[] { 4, 2, 0 }, await Numbers(new QuestionListFilter(new CategoryId("tax-accounting"), null, null)));
        Assert.Equal(new[] { 4 }, await Numbers(new QuestionListFilter(null, QuestionStatus.Answered, null)));
        Assert.Equal(new[] { 2, 1, 0 }, await Numbers(new QuestionListFilter(null, null, new UserId("customer-carol"))));

        var first = await search.ListAsync(new QuestionListFilter(null, null, null), new PageRequest(3, null), CancellationToken.None);
        var second = await search.ListAsync(new QuestionListFilter(null, null, null), new PageRequest(3, first.NextCursor), CancellationToken.None);
        Assert.Equal(3, first.Items.Count);
        Assert.Equal(["Question number 1", "Question number 0"], second.Items.Select(q => q.Title));
        Assert.Null(second.NextCursor);
        Assert.Equal(1, first.Items[0].AnswerCount);
    }

    [Fact]
    public async Task SimilarQuestions_FindAnsweredOnesSharingWords_BestFirst()
    {
        if (Subject.IsCosmos)
        {
            Output.WriteLine(
                "Cosmos: production uses Cosmos full-text search (FullTextContainsAny + ORDER BY RANK FullTextScore); the test server has none, " +
                "so this run uses the term-list fallback (Cosmos:QuestionSearch=TokenOverlap). The full-text query text is checked by CosmosQuestionViewsTests; " +
                "it has not run against a real account here.");
        }

        await CommitAsync(w => w.Add(Build.Answered(Build.Question("Can I claim my home office as a freelancer?", "I work from a spare bedroom at home."))));
        await CommitAsync(w => w.Add(Build.Answered(Build.Question("Is my bicycle a business expense?", "I cycle to clients."), "Yes, for business journeys.")));
        await CommitAsync(w => w.Add(Build.Question("Home office for employees, unanswered", "Does the home office count?")));

        var found = await Subject.Get<IQuestionSearch>().FindSimilarAsync("home office claims for freelancers", 5, CancellationToken.None);

        var best = found[0];
        Assert.StartsWith("Can I claim my home office", best.Title);
        Assert.DoesNotContain(found, q => q.Title.Contains("unanswered", StringComparison.Ordinal));
        Assert.Empty(await Subject.Get<IQuestionSearch>().FindSimilarAsync("the and of", 5, CancellationToken.None));
    }

    [Fact]
    public async Task Reputation_VoteGainsPerDay_History_AndExpertsWithHistory()
    {
        var alice = new ExpertId("expert-alice");
        var bob = new ExpertId("expert-bob");
        await CommitAsync(w =>
        {
            w.Add(new ReputationEvent("expert-alice:vote:e1:0", alice, ReputationReason.AnswerUpvoted, 10, 10, "q_1.a1", Build.Now));
            w.Add(new ReputationEvent("expert-alice:vote:e2:0", alice, ReputationReason.AnswerUpvoted, 10, 10, "q_1.a1", Build.Now.AddHours(1)));
            w.Add(new ReputationEvent("expert-alice:answer:q_1.a1:0", alice, ReputationReason.AnswerPosted, 5, 5, "q_1.a1", Build.Now.AddHours(2)));
        });
        await CommitAsync(w => w.Add(new ReputationEvent("expert-alice:vote:e3:0", alice, ReputationReason.AnswerUpvoted, 10, 10, "q_1.a1", Build.Now.AddDays(1))));
        await CommitAsync(w => w.Add(new ReputationEvent("expert-bob:answer:q_2.a1:0", bob, ReputationReason.AnswerPosted, 5, 5, "q_2.a1", Build.Now)));
        var queries = Subject.Get<IReputationQueries>();

        Assert.Equal(20, await queries.VoteGainsAppliedAsync(alice, DateOnly.FromDateTime(Build.Now.UtcDateTime), CancellationToken.None));
        Assert.Equal(0, await queries.VoteGainsAppliedAsync(bob, DateOnly.FromDateTime(Build.Now.UtcDateTime), CancellationToken.None));
        Assert.Equal(["expert-alice:vote:e1:0", "expert-alice:vote:e2:0", "expert-alice:answer:q_1.a1:0", "expert-alice:vote:e3:0"],
            (await queries.HistoryAsync(alice, CancellationToken.None)).Select(e => e.Id));
        Assert.Equal([alice, bob], await queries.ExpertsWithHistoryAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Messaging_ListsEachPartysConversationsAndAppointments_NewestFirst_AndPages()
    {
        var older = Build.Thread(at: Build.Now);
        var newer = Build.Thread(at: Build.Now.AddMinutes(5));
        var other = Build.Thread(customer: "customer-dan", expert: "expert-bob", at: Build.Now.AddMinutes(1));
        foreach (var thread in new[] { older, newer, other })
        {
            await CommitAsync(w => w.Add(thread));
        }

        var appointment = Build.Appointment();
        await CommitAsync(w => w.Add(appointment));
        var queries = Subject.Get<IMessagingQueries>();

        var carol = await queries.ThreadsForAsync(new UserId("customer-carol"), new PageRequest(1, null), CancellationToken.None);
        Assert.Equal(newer.Id, Assert.Single(carol.Items).Id);
        var carolNext = await queries.ThreadsForAsync(new UserId("customer-carol"), new PageRequest(1, carol.NextCursor), CancellationToken.None);
        Assert.Equal(older.Id, Assert.Single(carolNext.Items).Id);
        Assert.Null(carolNext.NextCursor);

        var alice = await queries.ThreadsForAsync(new UserId("expert-alice"), new PageRequest(10, null), CancellationToken.None);
        Assert.Equal([newer.Id, older.Id], alice.Items.Select(t => t.Id));
        Assert.Equal(appointment.Id, Assert.Single((await queries.AppointmentsForAsync(new UserId("expert-alice"), new PageRequest(10, null), CancellationToken.None)).Items).Id);
        Assert.Empty((await queries.AppointmentsForAsync(new UserId("expert-bob"), new PageRequest(10, null), CancellationToken.None)).Items);

        // A reply moves the thread to the top and the list shows the stored (latest) thread.
        var read = (await Store.FindAsync<MessageThread>(older.Id.Value, CancellationToken.None))!;
        await CommitAsync(w => w.Update(read with { UpdatedAt = Build.Now.AddMinutes(10), Subject = "Updated subject" }));
        var afterReply = await queries.ThreadsForAsync(new UserId("customer-carol"), new PageRequest(10, null), CancellationToken.None);
        Assert.Equal([older.Id, newer.Id], afterReply.Items.Select(t => t.Id));
        Assert.Equal("Updated subject", afterReply.Items[0].Subject);
    }

    [Fact]
    public async Task Messaging_SweepFindsDueUnflaggedRequests_AndAdminListsFlaggedOnes()
    {
        var thread = Build.Thread(at: Build.Now);
        var appointment = Build.Appointment(at: Build.Now.AddMinutes(1));
        await CommitAsync(w => w.Add(thread));
        await CommitAsync(w => w.Add(appointment));
        var queries = Subject.Get<IMessagingQueries>();
        var later = Build.Now.AddDays(3);

        Assert.Empty(await queries.DueUnflaggedAsync(OverdueRequestSweep.Messages, Build.Now, 10, CancellationToken.None));
        Assert.Equal([thread.Id.Value], await queries.DueUnflaggedAsync(OverdueRequestSweep.Messages, later, 10, CancellationToken.None));
        Assert.Equal([appointment.Id.Value], await queries.DueUnflaggedAsync(OverdueRequestSweep.Appointments, later, 10, CancellationToken.None));

        var storedThread = (await Store.FindAsync<MessageThread>(thread.Id.Value, CancellationToken.None))!;
        var storedAppointment = (await Store.FindAsync<Appointment>(appointment.Id.Value, CancellationToken.None))!;
        await CommitAsync(w => w.Update(storedThread.FlagOverdue(later)));
        await CommitAsync(w => w.Update(storedAppointment.FlagOverdue(later)));

        Assert.Empty(await queries.DueUnflaggedAsync(OverdueRequestSweep.Messages, later, 10, CancellationToken.None));
        var first = await queries.OverdueAsync(new PageRequest(1, null), CancellationToken.None);
        var second = await queries.OverdueAsync(new PageRequest(1, first.NextCursor), CancellationToken.None);
        Assert.Equal((OverdueRequestSweep.Messages, thread.Id.Value), (first.Items[0].RequestType, first.Items[0].RequestId));
        Assert.Equal((OverdueRequestSweep.Appointments, appointment.Id.Value), (second.Items[0].RequestType, second.Items[0].RequestId));
        Assert.Equal(later, second.Items[0].FlaggedAt);
        Assert.Null(second.NextCursor);
    }

    [Fact]
    public async Task Moderation_ListsOpenReports_PersonalInfoFirst_ThenOldest_AndPages()
    {
        var spam = Build.Report(ReportReason.Spam, Build.Now);
        var personal = Build.Report(ReportReason.PersonalInfo, Build.Now.AddMinutes(5));
        var abuse = Build.Report(ReportReason.Abuse, Build.Now.AddMinutes(1));
        var resolved = Build.Report(ReportReason.Other, Build.Now) with { Status = ReportStatus.Resolved };
        foreach (var report in new[] { spam, personal, abuse, resolved })
        {
            await CommitAsync(w => w.Add(report));
        }

        var queries = Subject.Get<IModerationQueries>();
        var first = await queries.OpenReportsAsync(new PageRequest(2, null), CancellationToken.None);
        var second = await queries.OpenReportsAsync(new PageRequest(2, first.NextCursor), CancellationToken.None);

        Assert.Equal([personal.Id, spam.Id, abuse.Id], first.Items.Concat(second.Items).Select(r => r.Id));
        Assert.Null(second.NextCursor);
    }

    [Fact]
    public async Task Categories_AreSeededOnce_AndListedByName()
    {
        await using var scope = Subject.Services.CreateAsyncScope();
        var seeder = scope.ServiceProvider.GetRequiredService<DemoDataSeeder>();
        await seeder.SeedAsync(CancellationToken.None);
        await seeder.SeedAsync(CancellationToken.None);

        var categories = await Subject.Get<ICategoryCatalog>().ListAsync(CancellationToken.None);

        Assert.Equal(DemoDataSeeder.Categories.Select(c => c.Name).Order(StringComparer.Ordinal), categories.Select(c => c.Name));
    }

    [Fact]
    public async Task IdempotencyKeys_ClaimOnce_ReplayTheResponse_AndRejectAnotherRequest()
    {
        var keys = Subject.Get<IIdempotencyStore>();
        var response = new StoredResponse(201, "application/json", "{\"id\":\"q_1\"}", "/api/questions/q_1");

        Assert.Equal(IdempotencyClaim.Claimed, (await keys.ClaimAsync("customer-carol", "k1", "hash-a", CancellationToken.None)).Claim);
        Assert.Equal(IdempotencyClaim.InProgress, (await keys.ClaimAsync("customer-carol", "k1", "hash-a", CancellationToken.None)).Claim);
        Assert.Equal(IdempotencyClaim.Mismatch, (await keys.ClaimAsync("customer-carol", "k1", "hash-b", CancellationToken.None)).Claim);
        Assert.Equal(IdempotencyClaim.Claimed, (await keys.ClaimAsync("customer-dan", "k1", "hash-a", CancellationToken.None)).Claim);

        await keys.CompleteAsync("customer-carol", "k1", response, CancellationToken.None);
        var replay = await keys.ClaimAsync("customer-carol", "k1", "hash-a", CancellationToken.None);
        Assert.Equal((IdempotencyClaim.Completed, response), replay);

        await keys.ReleaseAsync("customer-dan", "k1", CancellationToken.None);
        Assert.Equal(IdempotencyClaim.Claimed, (await keys.ClaimAsync("customer-dan", "k1", "hash-c", CancellationToken.None)).Claim);
    }

    [Fact]
    public async Task IdempotencyKeys_AbandonedClaims_CanRunAgain_AndExpireAfterADay()
    {
        if (Subject.IsCosmos)
        {
            Output.WriteLine("Cosmos: keys expire by TTL (86400 s) in Cosmos DB; the test server does not enforce TTL, so this run shows the claim's own age check, which treats a day-old key as gone.");
        }

        var keys = Subject.Get<IIdempotencyStore>();
        Assert.Equal(IdempotencyClaim.Claimed, (await keys.ClaimAsync("customer-carol", "k2", "hash-a", CancellationToken.None)).Claim);
        Subject.Clock.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(IdempotencyClaim.Claimed, (await keys.ClaimAsync("customer-carol", "k2", "hash-a", CancellationToken.None)).Claim);
        await keys.CompleteAsync("customer-carol", "k2", new StoredResponse(200, "application/json", "{}", null), CancellationToken.None);

        Subject.Clock.Advance(TimeSpan.FromHours(25));
        if (Subject.Services.GetService<Infrastructure.Persistence.Sqlite.SqliteIdempotencyStore>() is { } expiry)
        {
            await expiry.RunAsync(CancellationToken.None);
        }

        Assert.Equal(IdempotencyClaim.Claimed, (await keys.ClaimAsync("customer-carol", "k2", "hash-other", CancellationToken.None)).Claim);
    }

    [Fact]
    public async Task Concurrent_UpdatesOfOneAggregate_ExactlyOneWins()
    {
        var question = Build.Question();
        await CommitAsync(w => w.Add(question));
        var read = (await Store.FindAsync<Question>(question.Id.Value, CancellationToken.None))!;

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => CommitAsync(w => w.Update(read with { Title = $"Writer {i}" }))));

        Assert.Equal(1, results.Count(r => r.IsSuccess));
        Assert.All(results.Where(r => !r.IsSuccess), r => Assert.Equal("concurrency-conflict", r.Error?.Code));
        Assert.Equal(2, (await Store.FindAsync<Question>(question.Id.Value, CancellationToken.None))!.Version);
    }
}

public sealed class SqliteDocumentStoreTests(ITestOutputHelper output) : DocumentStoreContract(output)
{
    protected override Task<StoreUnderTest> CreateAsync() => StoreUnderTest.SqliteAsync();
}

public sealed class CosmosDocumentStoreTests(ITestOutputHelper output) : DocumentStoreContract(output)
{
    protected override Task<StoreUnderTest> CreateAsync() => StoreUnderTest.CosmosAsync();
}
