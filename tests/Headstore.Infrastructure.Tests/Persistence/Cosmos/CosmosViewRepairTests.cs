using Headstore.Application.Common;
using Headstore.Application.Experts;
using Headstore.Application.Ledger;
using Headstore.Domain.Common;
using Headstore.Domain.Ledger;
using Headstore.Domain.Payments;
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

    [Fact]
    public async Task ALostLedgerEntry_IsCaughtUpByTheRepairJob_AndTheBalanceIsWholeAgain()
    {
        var alice = new ExpertId("expert-alice");
        var payment = CustomerPayment.Authorise(new PaymentId("pay_q_1"), PaymentPurpose.Question, "q_1", new UserId("customer-carol"), "Paid question", new Money(9000, Currency.USD), "pi_1", Build.Now, null);
        var (captured, charge) = payment.Capture(payment.Amount, Earner.ForExpert(alice, RevenueSplit.Commission(1000)), Build.Now).Value;
        var work = subject.Store.BeginWork();
        work.Add(captured);
        work.Add(charge!);
        Assert.True((await work.CommitAsync(CancellationToken.None)).IsSuccess);
        var ledger = subject.Get<ILedgerQueries>();
        var payable = LedgerAccount.ExpertPayable(alice);
        Assert.Equal(-8100, Assert.Single(await ledger.BalancesAsync(payable, null, CancellationToken.None)).Minor);

        // As if the process had died after the commit, before writing the commission line of the expert's statement.
        await subject.Get<ICosmosItems>().DeleteAsync(CosmosMoneyTypes.LedgerContainer, payable.Key, "charge:pay_q_1@2", null, CancellationToken.None);
        Assert.Equal(-9000, Assert.Single(await ledger.BalancesAsync(payable, null, CancellationToken.None)).Minor);

        await subject.Get<CosmosViewRepairJob>().RunAsync(CancellationToken.None);

        Assert.Equal(-8100, Assert.Single(await ledger.BalancesAsync(payable, null, CancellationToken.None)).Minor);
        Assert.Equal(0, (await ledger.TrialBalanceAsync(CancellationToken.None)).Sum(b => b.Balance.Minor));
    }
}
