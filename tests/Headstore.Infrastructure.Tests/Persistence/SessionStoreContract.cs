using Headstore.Application.Common;
using Headstore.Application.Sessions;
using Headstore.Domain.Common;
using Headstore.Domain.Experts;
using Headstore.Domain.Messaging;
using Headstore.Domain.Sessions;
using Xunit.Abstractions;

namespace Headstore.Infrastructure.Tests.Persistence;

/// <summary>
/// The session read port (<see cref="ISessionQueries"/>) and the session commits, run against SQLite and against the
/// Cosmos-protocol test server. Sessions are written as the application writes them: created with the expert marked
/// busy (and a free link used) in one commit, then updated one step at a time.
/// </summary>
public abstract class SessionStoreContract(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly ExpertId Alice = new("expert-alice");
    private static readonly ExpertId Bob = new("expert-bob");
    private static readonly UserId Carol = new("customer-carol");
    private static readonly UserId Dave = new("customer-dave");
    private static readonly Money Rate = new(300, Currency.USD);

    protected StoreUnderTest Subject { get; private set; } = null!;

    protected ITestOutputHelper Output { get; } = output;

    private IDocumentStore Store => Subject.Store;

    private ISessionQueries Queries => Subject.Get<ISessionQueries>();

    public async Task InitializeAsync() => Subject = await CreateAsync();

    public async Task DisposeAsync() => await Subject.DisposeAsync();

    protected abstract Task<StoreUnderTest> CreateAsync();

    [Fact]
    public async Task Sessions_AreListedForEachParty_NewestFirst_PagedAcrossBothRoles_AndFilteredToOpenOnes()
    {
        var oldest = await StartedAsync("ses_01", Carol, Alice, Build.Now);
        await StartedAsync("ses_02", Dave, Alice, Build.Now.AddMinutes(1));
        await StartedAsync("ses_03", Carol, Bob, Build.Now.AddMinutes(2));

        // Alice is a customer too: her list holds the sessions she gave and the one she bought, in one order.
        await StartedAsync("ses_04", Alice.User, Bob, Build.Now.AddMinutes(3));

        // A booked session sorts by its booked time, not its creation.
        await StartedAsync("ses_00", Carol, Alice, Build.Now.AddMinutes(4), scheduledAt: Build.Now.AddDays(2));
        await UpdateAsync(oldest with { State = SessionState.Ended, EndedAt = Build.Now.AddMinutes(30), EndReason = "customer-ended" });

        Assert.Equal(["ses_00", "ses_04", "ses_02", "ses_01"], await AllPagesAsync(Alice.User, activeOnly: false, limit: 3));
        Assert.Equal(["ses_00", "ses_04", "ses_02", "ses_01"], await AllPagesAsync(Alice.User, activeOnly: false, limit: 1));
        Assert.Equal(["ses_00", "ses_03", "ses_01"], await AllPagesAsync(Carol, activeOnly: false, limit: 2));
        Assert.Equal(["ses_00", "ses_03"], await AllPagesAsync(Carol, activeOnly: true, limit: 10));
        Assert.Equal(["ses_00", "ses_04", "ses_02"], await AllPagesAsync(Alice.User, activeOnly: true, limit: 2));
        Assert.Equal(["ses_04", "ses_03"], await AllPagesAsync(Bob.User, activeOnly: false, limit: 10));
        Assert.Empty(await AllPagesAsync(new UserId("customer-nobody"), activeOnly: false, limit: 10));

        // A page is the sessions as they are now, not as the list's index last saw them.
        var listed = (await Queries.ListForUserAsync(Carol, false, new PageRequest(1, null), CancellationToken.None)).Items.Single();
        Assert.Equal(SessionState.Scheduled, listed.State);
    }

    [Fact]
    public async Task AnExpert_IsHeldOnlyByARingingOrOpenCall_OtherThanTheOneAsked()
    {
        var ringing = await StartedAsync("ses_01", Carol, Alice, Build.Now);
        await StartedAsync("ses_02", Dave, Alice, Build.Now.AddMinutes(1), scheduledAt: Build.Now.AddDays(1));

        Assert.False(await Queries.HasOtherActiveSessionAsync(Alice, ringing.Id, CancellationToken.None));
        Assert.True(await Queries.HasOtherActiveSessionAsync(Alice, new SessionId("ses_other"), CancellationToken.None));
        Assert.False(await Queries.HasOtherActiveSessionAsync(Bob, new SessionId("ses_other"), CancellationToken.None));

        var connected = await UpdateAsync(ringing with { State = SessionState.Connected });
        Assert.True(await Queries.HasOtherActiveSessionAsync(Alice, new SessionId("ses_other"), CancellationToken.None));
        await UpdateAsync(connected with { State = SessionState.Ended, EndedAt = Build.Now.AddMinutes(20) });
        Assert.False(await Queries.HasOtherActiveSessionAsync(Alice, new SessionId("ses_other"), CancellationToken.None));
    }

    [Fact]
    public async Task Statistics_CountTheSessionsThatConnected_TheirMinutes_AndEarningsPerCurrency()
    {
        await EndedAsync("ses_01", Carol, Alice, Rate, billableSeconds: 610, earnedMinor: 1620);
        await EndedAsync("ses_02", Dave, Alice, Rate, billableSeconds: 125, earnedMinor: 0);
        await EndedAsync("ses_03", Carol, Alice, new Money(250, Currency.GBP), billableSeconds: 900, earnedMinor: 2250);

        // A late-cancellation fee earns without a connected call; a declined session and another expert's count for nothing here.
        await EndedAsync("ses_04", Dave, Alice, Rate, billableSeconds: 0, earnedMinor: 4050, state: SessionState.Cancelled);
        await EndedAsync("ses_05", Carol, Alice, Rate, billableSeconds: 0, earnedMinor: 0, state: SessionState.Declined);
        await EndedAsync("ses_06", Carol, Bob, Rate, billableSeconds: 3000, earnedMinor: 9999);
        await StartedAsync("ses_07", Dave, Alice, Build.Now);

        var statistics = await Queries.StatisticsAsync(Alice, CancellationToken.None);

        Assert.Equal(3, statistics.Sessions);
        Assert.Equal((610 + 125 + 900) / 60, statistics.Minutes);
        Assert.Equal([new Money(2250, Currency.GBP), new Money(1620 + 4050, Currency.USD)], statistics.Earnings.OrderBy(m => m.Currency.Code, StringComparer.Ordinal).ToArray());
        var nobody = await Queries.StatisticsAsync(new ExpertId("expert-nobody"), CancellationToken.None);
        Assert.Equal((0, 0L), (nobody.Sessions, nobody.Minutes));
        Assert.Empty(nobody.Earnings);
    }

    [Fact]
    public async Task Links_AreFoundByToken_AndListed_PaidFirst_ThenFreeNewestFirst()
    {
        var free1 = SessionLink.Create(Alice, SessionLinkKind.Free, Build.Now);
        var paid = SessionLink.Create(Alice, SessionLinkKind.Paid, Build.Now.AddMinutes(1));
        var free2 = SessionLink.Create(Alice, SessionLinkKind.Free, Build.Now.AddMinutes(2));
        var others = SessionLink.Create(Bob, SessionLinkKind.Paid, Build.Now);
        foreach (var link in new[] { free1, paid, free2, others })
        {
            await CommitAsync(w => w.Add(link));
        }

        Assert.Equal([paid.Id, free2.Id, free1.Id], (await Queries.LinksOfExpertAsync(Alice, CancellationToken.None)).Select(l => l.Id).ToArray());
        Assert.Equal(Alice, (await Store.FindAsync<SessionLink>(free1.Id.Value, CancellationToken.None))?.ExpertId);
        Assert.Null(await Store.FindAsync<SessionLink>(SessionLink.Create(Alice, SessionLinkKind.Free, Build.Now).Id.Value, CancellationToken.None));
    }

    [Fact]
    public async Task StartingASession_MarksTheExpertBusy_AndUsesTheLink_InOneCommit_AndTheLoserOfARaceWritesNothing()
    {
        var profile = Build.Profile(Alice.Value, status: ExpertStatus.Online);
        var link = SessionLink.Create(Alice, SessionLinkKind.Free, Build.Now);
        await CommitAsync(w => w.Add(profile));
        await CommitAsync(w => w.Add(link));
        var online = (await Store.FindAsync<ExpertProfile>(Alice.Value, CancellationToken.None))!;
        var unused = (await Store.FindAsync<SessionLink>(link.Id.Value, CancellationToken.None))!;

        var first = NewSession("ses_01", Carol, Alice, Build.Now) with { State = SessionState.Ringing };
        Assert.True((await TryCommitAsync(w =>
        {
            w.Add(first);
            w.Update(online with { Status = ExpertStatus.Busy });
            w.Update(unused.Use(first.Id, Carol, Build.Now).Value);
            w.Publish(new SessionRinging(first.Id, Alice, Carol) { OccurredAt = Build.Now });
        })).IsSuccess);

        // A second customer read the profile while it was online: the commit conflicts and nothing of it is written.
        var second = NewSession("ses_02", Dave, Alice, Build.Now) with { State = SessionState.Ringing };
        var lost = await TryCommitAsync(w =>
        {
            w.Add(second);
            w.Update(online with { Status = ExpertStatus.Busy });
        });

        Assert.Equal("concurrency-conflict", lost.Error?.Code);
        Assert.Null(await Store.FindAsync<Session>(second.Id.Value, CancellationToken.None));
        Assert.Equal(ExpertStatus.Busy, (await Store.FindAsync<ExpertProfile>(Alice.Value, CancellationToken.None))!.Status);
        Assert.Equal(first.Id, (await Store.FindAsync<SessionLink>(link.Id.Value, CancellationToken.None))!.UsedBySession);
        Assert.Equal(SessionState.Ringing, (await Store.FindAsync<Session>(first.Id.Value, CancellationToken.None))!.State);
        Assert.Equal(["ses_01"], await AllPagesAsync(Carol, activeOnly: true, limit: 10));
    }

    private static Session NewSession(string id, UserId customer, ExpertId expert, DateTimeOffset at, Money? rate = null) =>
        Session.Request(new SessionId(id), customer, "Customer", expert, "Expert", SessionMode.Voice, SessionOrigin.Direct, null,
            new SessionTerms(rate ?? Rate, 5, false, TimeSpan.FromMinutes(90), 1000), null, null, at);

    private async Task<Session> StartedAsync(string id, UserId customer, ExpertId expert, DateTimeOffset at, DateTimeOffset? scheduledAt = null)
    {
        var session = NewSession(id, customer, expert, at) with
        {
            State = scheduledAt is null ? SessionState.Ringing : SessionState.Scheduled,
            ScheduledAt = scheduledAt,
            RingingAt = scheduledAt is null ? at : null,
        };
        await CommitAsync(w => w.Add(session));
        return session with { Version = 1 };
    }

    private async Task EndedAsync(string id, UserId customer, ExpertId expert, Money rate, long billableSeconds, long earnedMinor, SessionState state = SessionState.Ended)
    {
        var started = NewSession(id, customer, expert, Build.Now, rate) with { State = SessionState.Connected };
        await CommitAsync(w => w.Add(started));
        var amount = new Money(earnedMinor * 10 / 9, rate.Currency);
        await UpdateAsync(started with
        {
            Version = 1,
            State = state,
            EndedAt = Build.Now.AddHours(1),
            Bill = new SessionBill(SessionBillKind.Usage, billableSeconds, 5, 0, rate, amount),
        });
        var ended = (await Store.FindAsync<Session>(id, CancellationToken.None))!;
        await UpdateAsync(ended with { Settlement = new SessionSettlement(SessionSettlement.CapturedOutcome, amount, new Money(earnedMinor, rate.Currency), Build.Now.AddHours(1)) });
    }

    private async Task<string[]> AllPagesAsync(UserId user, bool activeOnly, int limit)
    {
        var ids = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await Queries.ListForUserAsync(user, activeOnly, new PageRequest(limit, cursor), CancellationToken.None);
            Assert.True(page.Items.Count <= limit);
            ids.AddRange(page.Items.Select(s => s.Id.Value));
            cursor = page.NextCursor;
            Assert.True(++pages < 20, "The cursor does not move on.");
        }
        while (cursor is not null);

        return [.. ids];
    }

    private async Task<Result<Unit>> TryCommitAsync(Action<IUnitOfWork> changes)
    {
        var work = Store.BeginWork();
        changes(work);
        return await work.CommitAsync(CancellationToken.None);
    }

    private async Task CommitAsync(Action<IUnitOfWork> changes)
    {
        var result = await TryCommitAsync(changes);
        Assert.True(result.IsSuccess, result.Error?.Detail);
    }

    private async Task<Session> UpdateAsync(Session session)
    {
        await CommitAsync(w => w.Update(session));
        return session with { Version = session.Version + 1 };
    }
}

public sealed class SqliteSessionStoreTests(ITestOutputHelper output) : SessionStoreContract(output)
{
    protected override Task<StoreUnderTest> CreateAsync() => StoreUnderTest.SqliteAsync();
}

public sealed class CosmosSessionStoreTests(ITestOutputHelper output) : SessionStoreContract(output)
{
    protected override Task<StoreUnderTest> CreateAsync() => StoreUnderTest.CosmosAsync();
}
