using Headstore.Application.Ambassadors;
using Headstore.Application.Common;
using Headstore.Application.Payouts;
using Headstore.Application.Reports;
using Headstore.Application.Scheduling;
using Headstore.Application.Support;
using Headstore.Domain.Ambassadors;
using Headstore.Domain.Common;
using Headstore.Domain.Ledger;
using Headstore.Domain.Payments;
using Headstore.Domain.Plans;
using Headstore.Domain.Questions;
using Headstore.Domain.Scheduling;
using Headstore.Domain.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Headstore.Infrastructure.Tests.Persistence;

/// <summary>
/// The scheduled work's read ports (runs, the payout run's payables, the report source, referrals, the SLA queue), run
/// against SQLite and against the Cosmos-protocol test server, on data written as the application writes it. Expected
/// results are worked out from what was posted, not from the store.
/// </summary>
public abstract class ScheduledWorkStoreContract(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly ExpertId Alice = new("expert-alice");
    private static readonly ExpertId Bob = new("expert-bob");
    private static readonly ExpertId Dan = new("expert-dan");

    // Zoe is an expert and an ambassador: she owns two payable accounts.
    private static readonly ExpertId Zoe = new("expert-zoe");
    private static readonly UserId Carol = new("customer-carol");

    protected StoreUnderTest Subject { get; private set; } = null!;

    protected ITestOutputHelper Output { get; } = output;

    private IDocumentStore Store => Subject.Store;

    private DateTimeOffset Now => Subject.Clock.GetUtcNow();

    public async Task InitializeAsync() => Subject = await CreateAsync();

    public async Task DisposeAsync() => await Subject.DisposeAsync();

    protected abstract Task<StoreUnderTest> CreateAsync();

    [Fact]
    public async Task ScheduledRuns_UnfinishedAreListedPerJob_AndAPageOfEventsCommitsWithTheCheckpoint()
    {
        using var scope = Subject.Services.CreateScope();
        var runs = scope.ServiceProvider.GetRequiredService<ScheduledRuns>();
        var payouts = await runs.EnsureAsync("weekly-payouts", "2026-W45", Now, CancellationToken.None);
        await runs.EnsureAsync("weekly-payouts", "2026-W44", Now.AddDays(-7), CancellationToken.None);
        await runs.EnsureAsync("monthly-reports", "2026-10", Now, CancellationToken.None);
        Assert.Equal(payouts.Id, (await runs.EnsureAsync("weekly-payouts", "2026-W45", Now, CancellationToken.None)).Id);

        var queries = Subject.Get<IScheduledRunQueries>();
        Assert.Equal(["2026-W44", "2026-W45"], (await queries.UnfinishedAsync("weekly-payouts", 10, CancellationToken.None)).Select(r => r.Slot).ToArray());

        // Two full pages and a short last one; each page is the run's checkpoint plus as many events as one commit holds.
        var pageSize = runs.PageSize(500);
        Output.WriteLine($"Enumeration page size on this store: {pageSize} (configured 500, {Store.MaxWritesPerCommit} writes per commit)");
        Assert.True(pageSize < Store.MaxWritesPerCommit);
        var pages = 0;
        var finished = await runs.EnumerateAsync(payouts, (run, _) =>
        {
            pages++;
            var events = Enumerable.Range(0, pages < 3 ? pageSize : 3)
                .Select(i => (IntegrationEvent)WeeklyPayoutDue.For(new ExpertId($"expert-{pages}-{i}"), Currency.USD, run.Slot, run.Attempt, Now)).ToArray();
            return Task.FromResult(new EnumerationPage(events, $"cursor-{pages}", pages == 3));
        }, CancellationToken.None);

        Assert.Equal((2 * pageSize) + 3, finished.Enumerated);
        Assert.Equal("cursor-3", finished.Cursor);
        Assert.Equal(["2026-W44"], (await queries.UnfinishedAsync("weekly-payouts", 10, CancellationToken.None)).Select(r => r.Slot).ToArray());
        Assert.Equal(["2026-10"], (await queries.UnfinishedAsync("monthly-reports", 10, CancellationToken.None)).Select(r => r.Slot).ToArray());
        Assert.Equal((2 * pageSize) + 3, await Subject.DrainOutboxAsync());
    }

    [Fact]
    public async Task Payouts_OwedAccountsArePagedInKeyOrder_AndWeeksAndPendingPayoutsAreFound()
    {
        var posted = await PostMoneyAsync();
        var expected = Owed(posted);
        Assert.Equal(4, expected.Length);

        var queries = Subject.Get<IPayoutQueries>();
        var read = new List<string>();
        string? cursor = null;
        for (var page = 0; page < 10; page++)
        {
            var (accounts, next) = await queries.OwedAccountsAsync(cursor, 2, CancellationToken.None);
            read.AddRange(accounts.Select(a => $"{a.Account.Key} {a.Owed.Minor} {a.Owed.Currency}"));
            cursor = next;
            if (accounts.Count < 2)
            {
                break;
            }
        }

        Assert.Equal(expected, read);

        var week = await queries.WeekAsync("2026-W45", CancellationToken.None);
        Assert.Equal([(PayoutState.InTransit, "USD", 1, 1000L), (PayoutState.Pending, "USD", 1, 3600L)],
            week.OrderBy(w => w.State.ToString(), StringComparer.Ordinal).Select(w => (w.State, w.Currency.Code, w.Count, w.TotalMinor)).ToArray());
        Assert.Empty(await queries.WeekAsync("2026-W30", CancellationToken.None));
        Assert.Equal(["po_expert-dan_2026-W38_USD", "po_expert-bob_2026-W45_USD"], (await queries.PendingBeforeAsync(Now, 10, CancellationToken.None)).Select(p => p.Id.Value).ToArray());
        Assert.Equal(["po_expert-dan_2026-W38_USD"], (await queries.PendingBeforeAsync(Now, 1, CancellationToken.None)).Select(p => p.Id.Value).ToArray());
        Assert.Equal(["po_expert-dan_2026-W38_USD"], (await queries.PendingBeforeAsync(Now.AddHours(-2), 10, CancellationToken.None)).Select(p => p.Id.Value).ToArray());
        Assert.Empty(await queries.PendingBeforeAsync(Now.AddDays(-39), 10, CancellationToken.None));
    }

    [Fact]
    public async Task Reports_LinesAreTheOwnersEntriesInOrder_WithTheirPurpose_AndTheGroupsAddThemUp()
    {
        var posted = await PostMoneyAsync();
        var source = Subject.Get<IPaymentReportSource>();
        var november = MonthPeriod.Of(Now);
        LedgerAccount[] accounts = [LedgerAccount.ExpertPayable(Zoe), LedgerAccount.AmbassadorPayable(Zoe.User)];
        var purposes = new Dictionary<string, PaymentPurpose> { ["charge:pay_q_1"] = PaymentPurpose.Question, ["charge:pay_q_3"] = PaymentPurpose.Session };
        var expected = posted.Where(t => t.OccurredAt >= november.Start && t.OccurredAt < november.End)
            .SelectMany(t => t.Entries.Select((e, i) => (t, e, i))).Where(x => accounts.Contains(x.e.Account))
            .OrderBy(x => x.t.OccurredAt).ThenBy(x => x.t.Id, StringComparer.Ordinal).ThenBy(x => x.i)
            .Select(x => $"{x.t.Id}#{x.i} {x.e.Account.Key} {x.e.Account.InNormalDirection(x.e.Amount).Minor} {x.e.Amount.Currency} " +
                         $"{(purposes.TryGetValue(x.t.Id, out var p) ? p : null)} {x.e.Memo}")
            .ToArray();
        Assert.True(expected.Length >= 5, "Zoe has lines on both accounts");

        var lines = new List<PaymentReportLine>();
        await foreach (var line in source.LinesAsync(Zoe.User, november.Start, november.End, withText: true, CancellationToken.None))
        {
            lines.Add(line);
        }

        Assert.Equal(expected, lines.Select(l => $"{l.TransactionId}#{l.Sequence} {l.Account.Key} {l.Owed.Minor} {l.Owed.Currency} {l.Purpose} {l.Memo}").ToArray());
        Assert.Contains(lines, l => l.Description.Length > 0);

        var groups = new List<PaymentReportGroup>();
        await foreach (var group in source.GroupsAsync(Zoe.User, november, CancellationToken.None))
        {
            groups.Add(group);
        }

        Assert.Equal(lines.Count, groups.Sum(g => g.Lines));
        Assert.Equal(lines.GroupBy(l => l.Owed.Currency).ToDictionary(g => g.Key, g => g.Sum(l => l.Owed.Minor)), groups.GroupBy(g => g.Currency).ToDictionary(g => g.Key, g => g.Sum(x => x.OwedMinor)));
        Assert.All(groups, g => Assert.Equal(Now.Day - 1, g.DayIndex));
        var charge = Assert.Single(groups, g => g.Kind == LedgerTransactionKind.CustomerCharge && g.Account.Kind == LedgerAccountKind.AmbassadorPayable);
        Assert.True(charge.Raises);
        Assert.Equal(PaymentPurpose.Question, charge.Purpose);
        Assert.All(groups.Where(g => g.Kind == LedgerTransactionKind.CustomerCharge && g.Account.Kind == LedgerAccountKind.ExpertPayable), g => Assert.Equal(PaymentPurpose.Session, g.Purpose));
        Assert.Single(groups, g => g.Kind == LedgerTransactionKind.CustomerCharge && g.Account.Kind == LedgerAccountKind.ExpertPayable && g.Raises);

        // Payees in key order: Zoe's ambassador account, Alice, Bob (paid this month), not Dan (nothing in November, owed nothing), Zoe's expert account.
        var owners = new List<string>();
        string? cursor = null;
        for (var page = 0; page < 10; page++)
        {
            var (found, next, isLast) = await source.OwnersAsync(november, cursor, 2, CancellationToken.None);
            owners.AddRange(found.Select(o => o.Value));
            cursor = next;
            if (isLast)
            {
                break;
            }
        }

        Assert.Equal([Zoe.Value, Alice.Value, Bob.Value, Zoe.Value], owners);
        // October: Bob is owed at its end without a line in it; Dan was paid everything in September.
        var (october, _, _) = await source.OwnersAsync(november.Previous, null, 10, CancellationToken.None);
        Assert.Equal([Bob.Value], october.Select(o => o.Value).ToArray());
        var (september, _, _) = await source.OwnersAsync(november.Previous.Previous, null, 10, CancellationToken.None);
        Assert.Equal([Bob.Value, Dan.Value], september.Select(o => o.Value).ToArray());
    }

    [Fact]
    public async Task Referrals_AreListedPerAmbassador_OneAmbassadorPerExpert_AndEarningsArePerReferredExpert()
    {
        var spring = ReferralCode.Create(Zoe.User, "spring", Now);
        var autumn = ReferralCode.Create(Zoe.User, "autumn", Now.AddMinutes(1));
        var other = ReferralCode.Create(new UserId("ambassador-yan"), null, Now);
        await AddAsync(spring);
        await AddAsync(autumn);
        await AddAsync(other);
        await AddAsync(ExpertReferral.Claim(Alice, Now, spring, TimeSpan.FromDays(30), Now.AddMinutes(5)).Value.Accept(Now.AddMinutes(6), null));
        await AddAsync(ExpertReferral.Claim(Bob, Now, autumn, TimeSpan.FromDays(30), Now.AddMinutes(2)).Value);

        var work = Store.BeginWork();
        work.Add(ExpertReferral.Claim(Alice, Now, other, TimeSpan.FromDays(30), Now.AddMinutes(7)).Value);
        Assert.Equal("duplicate", (await work.CommitAsync(CancellationToken.None)).Error?.Code);

        Assert.Equal(spring.AmbassadorId, (await Store.FindAsync<ReferralCode>(spring.Id, CancellationToken.None))?.AmbassadorId);
        Assert.Equal(spring.Id, (await Store.FindAsync<ExpertReferral>(Alice.Value, CancellationToken.None))?.Code);
        var queries = Subject.Get<IAmbassadorQueries>();
        Assert.Equal([spring.Id, autumn.Id], (await queries.CodesAsync(Zoe.User, CancellationToken.None)).Select(c => c.Id).ToArray());
        Assert.Equal([Bob, Alice], (await queries.ReferralsAsync(Zoe.User, CancellationToken.None)).Select(r => r.Id).ToArray());
        Assert.True((await queries.ReferralsAsync(Zoe.User, CancellationToken.None)).Single(r => r.Id == Alice).IsAccepted);
        Assert.Empty(await queries.ReferralsAsync(new UserId("ambassador-yan"), CancellationToken.None));

        var posted = await PostMoneyAsync();
        var share = LedgerAccount.AmbassadorPayable(Zoe.User);
        var expected = posted.Where(t => t.Kind is not (LedgerTransactionKind.PayoutSent or LedgerTransactionKind.PayoutFailed or LedgerTransactionKind.TransferReversal))
            .SelectMany(t => t.Entries).Where(e => e.Account == share).GroupBy(e => e.Amount.Currency)
            .Select(g => (Alice, new Money(-g.Sum(e => e.Amount.Minor), g.Key))).ToArray();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, await queries.EarningsByExpertAsync(Zoe.User, Now.AddDays(-1), Now.AddDays(1), CancellationToken.None));
        Assert.Empty(await queries.EarningsByExpertAsync(Zoe.User, Now.AddDays(1), Now.AddDays(2), CancellationToken.None));
    }

    [Fact]
    public async Task SupportQueue_IsEarliestDeadlineFirst_ThenHigherPlan_FilteredForTheExpert_AndPaged()
    {
        var asked = new Dictionary<string, QuestionSla>();
        async Task<QuestionSla> AskAsync(string name, Plan plan, DateTimeOffset at, string category = "tax-accounting", string asker = "customer-carol", string language = "en", bool answered = false, bool closed = false)
        {
            var question = Build.Question(title: $"Question {name} about my taxes", category: category, asker: asker, at: at) with { Language = language };
            await AddAsync(question);
            var sla = QuestionSla.Start(question, plan, at);
            if (answered || closed)
            {
                var stored = (await Store.FindAsync<Question>(question.Id.Value, CancellationToken.None))!;
                var changed = answered ? Build.Answered(stored) : stored.Close();
                var work = Store.BeginWork();
                work.Update(changed);
                Assert.True((await work.CommitAsync(CancellationToken.None)).IsSuccess);

                // An answer stops the clock; a question closed a moment ago has a clock that has not caught up yet.
                sla = answered ? sla.Follow(changed, at) : sla;
            }

            await AddAsync(sla);
            asked[name] = sla;
            return sla;
        }

        await AskAsync("h", PlanCatalog.Standard, Now.AddHours(-49));
        await AskAsync("a", PlanCatalog.Standard, Now.AddHours(-47));
        await AskAsync("b", PlanCatalog.Priority, Now.AddHours(-1));
        await AskAsync("c", PlanCatalog.Business, Now);
        await AskAsync("k", PlanCatalog.Business, Now.AddHours(7));
        await AskAsync("d", PlanCatalog.Standard, Now.AddHours(-1), language: "de");
        await AskAsync("e", PlanCatalog.Standard, Now.AddHours(-1), asker: Alice.Value);
        await AskAsync("f", PlanCatalog.Standard, Now.AddHours(-2), answered: true);
        await AskAsync("g", PlanCatalog.Standard, Now.AddHours(-1), category: "law");
        await AskAsync("x", PlanCatalog.Standard, Now.AddHours(-50), closed: true);

        var queries = Subject.Get<ISupportQueries>();
        async Task<string[]> QueueAsync(decimal? rating, DateTimeOffset now, int limit)
        {
            var names = asked.ToDictionary(a => a.Value.Id, a => a.Key);
            var read = new List<string>();
            string? cursor = null;
            do
            {
                var page = await queries.QueueAsync(new ExpertQueueFilter(Alice.User, [new CategoryId("tax-accounting")], ["en"], rating, now), new PageRequest(limit, cursor), CancellationToken.None);
                Assert.True(page.Items.Count <= limit);
                read.AddRange(page.Items.Select(s => names[s.Id]));
                cursor = page.NextCursor;
            }
            while (cursor is not null);
            return read.ToArray();
        }

        // Business (rated 4.5+) and Priority (4.0+) until their deadlines; at the same deadline the higher plan comes first.
        Assert.Equal(["h", "a", "c", "k", "b"], await QueueAsync(4.6m, Now, 2));
        Assert.Equal(["h", "a", "b"], await QueueAsync(4.0m, Now, 10));
        Assert.Equal(["h", "a", "c", "b"], await QueueAsync(4.0m, Now.AddHours(5), 1));
        Assert.Equal(["h", "a"], await QueueAsync(null, Now, 10));
        Assert.Empty((await queries.QueueAsync(new ExpertQueueFilter(Alice.User, [], ["en"], 5m, Now), new PageRequest(10, null), CancellationToken.None)).Items);

        Assert.Equal(["h"], (await queries.DueBreachesAsync(Now, 10, CancellationToken.None)).Select(s => s.Id).ToArray().Select(id => asked.Single(a => a.Value.Id == id).Key));
        Assert.Equal(["h", "a"], (await queries.DueBreachesAsync(Now.AddHours(2), 10, CancellationToken.None)).Select(s => asked.Single(a => a.Value.Id == s.Id).Key));
        var breached = (await Store.FindAsync<QuestionSla>(asked["h"].Id.Value, CancellationToken.None))!.Breach(Now)!;
        var update = Store.BeginWork();
        update.Update(breached);
        Assert.True((await update.CommitAsync(CancellationToken.None)).IsSuccess);
        Assert.Empty(await queries.DueBreachesAsync(Now, 10, CancellationToken.None));
        Assert.Equal(["h", "a", "b"], await QueueAsync(4.0m, Now, 10));

        var samples = new List<SlaSample>();
        await foreach (var sample in queries.SamplesAsync(Now.AddHours(-48), Now.AddHours(1), CancellationToken.None))
        {
            samples.Add(sample);
        }

        var expected = asked.Values.Where(s => s.AskedAt >= Now.AddHours(-48) && s.AskedAt < Now.AddHours(1)).Select(s => $"{s.PlanId} {s.AskedAt:O} {s.FirstAnsweredAt:O}").Order(StringComparer.Ordinal);
        Assert.Equal(expected, samples.Select(s => $"{s.PlanId} {s.AskedAt:O} {s.FirstAnsweredAt:O}").Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// Charges in November (Alice with Zoe as her ambassador, Alice in EUR, Zoe as an expert), a refund, Bob's September
    /// charge reserved as a payout this week, Dan's September charge paid out in September, and Zoe's payout sent.
    /// </summary>
    private async Task<IReadOnlyList<LedgerTransaction>> PostMoneyAsync()
    {
        var referred = new RevenueSplit(1000, Zoe.User, 2000);
        var posted = new List<LedgerTransaction>
        {
            await CapturedAsync("q_1", Alice, new Money(9000, Currency.USD), referred, PaymentPurpose.Question, Now),
            await CapturedAsync("q_2", Alice, new Money(5000, Currency.EUR), RevenueSplit.Commission(1000), PaymentPurpose.Question, Now.AddHours(1)),
            await CapturedAsync("q_3", Zoe, new Money(3000, Currency.USD), RevenueSplit.Commission(1000), PaymentPurpose.Session, Now.AddHours(2)),
            await CapturedAsync("q_4", Bob, new Money(4000, Currency.USD), RevenueSplit.Commission(1000), PaymentPurpose.Question, Now.AddDays(-40)),
            await CapturedAsync("q_5", Dan, new Money(2000, Currency.USD), RevenueSplit.Commission(1000), PaymentPurpose.Question, Now.AddDays(-40)),
        };

        var payment = (await Store.FindAsync<CustomerPayment>("pay_q_1", CancellationToken.None))!;
        var (refunded, refunds) = payment.ApplyRefundTotal(0, 3000, "re_1", Now.AddHours(3));
        var work = Store.BeginWork();
        work.Update(refunded);
        foreach (var refund in refunds)
        {
            work.Add(refund);
        }

        Assert.True((await work.CommitAsync(CancellationToken.None)).IsSuccess);
        posted.AddRange(refunds);

        posted.Add(await ReserveAsync(Dan, "2026-W38", new Money(1800, Currency.USD), Now.AddDays(-39)));
        posted.Add(await ReserveAsync(Bob, "2026-W45", new Money(3600, Currency.USD), Now.AddHours(-1)));
        posted.Add(await ReserveAsync(Zoe, "2026-W45", new Money(1000, Currency.USD), Now.AddHours(4)));
        var sent = (await Store.FindAsync<Payout>("po_expert-zoe_2026-W45_USD", CancellationToken.None))!.Sent("tr_zoe", Now.AddHours(4));
        var send = Store.BeginWork();
        send.Update(sent);
        Assert.True((await send.CommitAsync(CancellationToken.None)).IsSuccess);
        return posted;
    }

    /// <summary>(account, currency) pairs of payables owed money, as "key amount currency" in key order.</summary>
    private static string[] Owed(IEnumerable<LedgerTransaction> posted) =>
        posted.SelectMany(t => t.Entries).Where(e => e.Account.Kind is LedgerAccountKind.ExpertPayable or LedgerAccountKind.AmbassadorPayable)
            .GroupBy(e => (e.Account, e.Amount.Currency)).Select(g => (g.Key.Account, Sum: new Money(g.Sum(e => e.Amount.Minor), g.Key.Currency)))
            .Where(x => x.Sum.Minor < 0).OrderBy(x => x.Account.Key, StringComparer.Ordinal).ThenBy(x => x.Sum.Currency.Code, StringComparer.Ordinal)
            .Select(x => $"{x.Account.Key} {x.Account.InNormalDirection(x.Sum).Minor} {x.Sum.Currency}").ToArray();

    private async Task<LedgerTransaction> CapturedAsync(string question, ExpertId expert, Money amount, RevenueSplit split, PaymentPurpose purpose, DateTimeOffset at)
    {
        var authorised = CustomerPayment.Authorise(PaymentId.ForQuestion(new QuestionId(question)), purpose, question, Carol, $"Paid work {question}", amount, $"pi_{question}", at, null);
        var (captured, charge) = authorised.Capture(amount, Earner.ForExpert(expert, split), at).Value;
        var work = Store.BeginWork();
        work.Add(captured);
        work.Add(charge!);
        Assert.True((await work.CommitAsync(CancellationToken.None)).IsSuccess);
        return charge!;
    }

    private async Task<LedgerTransaction> ReserveAsync(ExpertId payee, string week, Money amount, DateTimeOffset at)
    {
        var (payout, posting) = Payout.Reserve(payee, week, [(LedgerAccount.ExpertPayable(payee), amount)], $"acct_{payee.Value}", at);
        var work = Store.BeginWork();
        work.Add(payout);
        work.Add(posting);
        Assert.True((await work.CommitAsync(CancellationToken.None)).IsSuccess);
        return posting;
    }

    private async Task AddAsync<T>(T aggregate)
        where T : class, IAggregate
    {
        var work = Store.BeginWork();
        work.Add(aggregate);
        var result = await work.CommitAsync(CancellationToken.None);
        Assert.True(result.IsSuccess, result.Error?.Detail);
    }
}

public sealed class SqliteScheduledWorkStoreTests(ITestOutputHelper output) : ScheduledWorkStoreContract(output)
{
    protected override Task<StoreUnderTest> CreateAsync() => StoreUnderTest.SqliteAsync();
}

public sealed class CosmosScheduledWorkStoreTests(ITestOutputHelper output) : ScheduledWorkStoreContract(output)
{
    protected override Task<StoreUnderTest> CreateAsync() => StoreUnderTest.CosmosAsync();
}
