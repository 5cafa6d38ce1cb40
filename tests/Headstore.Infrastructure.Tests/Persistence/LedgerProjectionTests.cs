using Headstore.Application.Common;
using Headstore.Application.Ledger;
using Headstore.Domain.Common;
using Headstore.Domain.Ledger;
using Headstore.Infrastructure.Persistence.Sqlite;
using Headstore.Infrastructure.Tests.Testing;

namespace Headstore.Infrastructure.Tests.Persistence;

/// <summary>The ledger's entries projection: written with each transaction, never twice, and rebuildable to the same balances.</summary>
public sealed class LedgerProjectionTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private SqliteHost host = null!;

    public async Task InitializeAsync() => host = await SqliteHost.StartAsync();

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        SqliteHost.Delete(host.Folder);
    }

    private async Task PostAsync(params LedgerTransaction[] transactions)
    {
        var work = host.Get<IDocumentStore>().BeginWork();
        foreach (var transaction in transactions)
        {
            work.Add(transaction);
        }

        Assert.True((await work.CommitAsync(default)).IsSuccess);
    }

    private async Task<IReadOnlyList<(LedgerAccount Account, Money Balance)>> TrialAsync() => await host.Get<ILedgerQueries>().TrialBalanceAsync(default);

    [Fact]
    public async Task Rebuild_GivesIdenticalBalancesAndLines()
    {
        var random = new Random(7);
        var experts = Enumerable.Range(0, 5).Select(i => new ExpertId($"expert-{i}")).ToArray();
        for (var i = 0; i < 200; i++)
        {
            var expert = experts[random.Next(experts.Length)];
            var currency = Currency.Parse(Currency.Supported[random.Next(5)]);
            var amount = new Money(random.Next(1, 100_000), currency);
            var earner = Earner.ForExpert(expert, new RevenueSplit(1000, new UserId("amby"), 2500));
            await PostAsync(LedgerPostings.CustomerCharge($"charge:{i}", earner, amount, $"item {i}", Now.AddMinutes(i), new LedgerReferences(PaymentId: $"p{i}")));
            if (i % 4 == 0)
            {
                await PostAsync(LedgerPostings.Refund($"refund:{i}", earner, Money.Zero(currency), new Money(amount.Minor / 2, currency) is { Minor: > 0 } half ? half : amount, $"item {i}", Now.AddMinutes(i + 1), new LedgerReferences()));
            }
        }

        var before = await TrialAsync();
        var linesBefore = await host.Get<ILedgerQueries>().LinesAsync([LedgerAccount.ExpertPayable(experts[0])], Now, Now.AddDays(1), new PageRequest(100, null), default);

        await using (var connection = await host.Get<SqliteDatabase>().OpenAsync(default))
        await using (var damage = connection.CreateCommand())
        {
            damage.CommandText = "DELETE FROM ledger_entries WHERE seq = 0";
            await damage.ExecuteNonQueryAsync();
        }

        Assert.NotEqual(before, await TrialAsync());
        Assert.Equal(250, await LedgerProjection.RebuildAsync(host.Get<SqliteDatabase>(), default));
        Assert.Equal(before, await TrialAsync());
        var linesAfter = await host.Get<ILedgerQueries>().LinesAsync([LedgerAccount.ExpertPayable(experts[0])], Now, Now.AddDays(1), new PageRequest(100, null), default);
        Assert.Equal(linesBefore.Items.Select(l => (l.TransactionId, l.Sequence, l.Amount)), linesAfter.Items.Select(l => (l.TransactionId, l.Sequence, l.Amount)));
        foreach (var currency in Currency.Supported)
        {
            Assert.Equal(0, before.Where(b => b.Balance.Currency.Code == currency).Sum(b => b.Balance.Minor));
        }
    }

    [Fact]
    public async Task PostingTheSameTransactionTwice_IsADuplicate_AndLeavesOneSetOfEntries()
    {
        var charge = LedgerPostings.CustomerCharge("charge:p1", Earner.ForExpert(new ExpertId("alice"), RevenueSplit.Commission(1000)), new Money(9000, Currency.USD), "Paid question", Now, new LedgerReferences());
        await PostAsync(charge);
        var work = host.Get<IDocumentStore>().BeginWork();
        work.Add(charge);
        Assert.Equal("duplicate", (await work.CommitAsync(default)).Error!.Code);
        var again = host.Get<IDocumentStore>().BeginWork();
        again.AddIfAbsent(charge);
        Assert.True((await again.CommitAsync(default)).IsSuccess);

        var balances = await host.Get<ILedgerQueries>().BalancesAsync(LedgerAccount.ExpertPayable(new ExpertId("alice")), null, default);
        Assert.Equal(new Money(-8100, Currency.USD), Assert.Single(balances));
    }

    [Fact]
    public async Task ATransactionAndTheBusinessChange_CommitTogether_OrNotAtAll()
    {
        var charge = LedgerPostings.CustomerCharge("charge:p2", Earner.Subscription, new Money(1900, Currency.EUR), "Membership", Now, new LedgerReferences());
        var work = host.Get<IDocumentStore>().BeginWork();
        work.Add(charge);
        work.Update(new Headstore.Application.Users.UserAccount(new UserId("ghost"), "Ghost", null, [], Now, Now, 3));
        Assert.False((await work.CommitAsync(default)).IsSuccess);
        Assert.Empty(await TrialAsync());
        Assert.Null(await host.Get<IDocumentStore>().FindAsync<LedgerTransaction>("charge:p2", default));
    }

    [Fact]
    public async Task UpdatingALedgerTransaction_IsABug()
    {
        var charge = LedgerPostings.CustomerCharge("charge:p3", Earner.Subscription, new Money(1900, Currency.EUR), "Membership", Now, new LedgerReferences());
        await PostAsync(charge);
        var work = host.Get<IDocumentStore>().BeginWork();
        work.Update(charge);
        await Assert.ThrowsAsync<InvalidOperationException>(() => work.CommitAsync(default));
    }
}
