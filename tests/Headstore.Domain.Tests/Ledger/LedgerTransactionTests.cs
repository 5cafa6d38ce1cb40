using System.Text.Json;
using Headstore.Domain.Common;
using Headstore.Domain.Ledger;

namespace Headstore.Domain.Tests.Ledger;

public sealed class LedgerTransactionTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly ExpertId Alice = new("expert-alice");
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static LedgerEntry Entry(LedgerAccount account, long minor, Currency? currency = null) => new(account, new Money(minor, currency ?? Currency.USD), "line");

    [Fact]
    public void Create_WhenEntriesDoNotSumToZero_Throws()
    {
        var exception = Assert.Throws<InvalidOperationException>(() => new LedgerTransaction("t1", LedgerTransactionKind.CustomerCharge, "x",
            [Entry(LedgerAccount.CustomerFunds, 9000), Entry(LedgerAccount.ExpertPayable(Alice), -8999)], Now, new LedgerReferences()));
        Assert.Contains("balance", exception.Message);
    }

    [Fact]
    public void Create_WhenCurrenciesAreMixed_WithoutAConversion_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => new LedgerTransaction("t1", LedgerTransactionKind.CustomerCharge, "x",
            [Entry(LedgerAccount.CustomerFunds, 100), Entry(LedgerAccount.ExpertPayable(Alice), -100), Entry(LedgerAccount.CustomerFunds, 50, Currency.EUR), Entry(LedgerAccount.PlatformCommission, -50, Currency.EUR)],
            Now, new LedgerReferences()));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Create_WithoutTwoNonZeroEntries_Throws(int entries)
    {
        var lines = entries == 0 ? new List<LedgerEntry>() : [Entry(LedgerAccount.CustomerFunds, 0), Entry(LedgerAccount.PlatformCommission, 0)];
        Assert.Throws<InvalidOperationException>(() => new LedgerTransaction("t1", LedgerTransactionKind.CustomerCharge, "x", lines, Now, new LedgerReferences()));
    }

    [Fact]
    public void Conversion_HoldsTwoCurrencies_EachBalanced()
    {
        var conversion = LedgerPostings.Conversion("fx:1", LedgerAccount.ExpertPayable(Alice), new Money(10000, Currency.EUR), new Money(10850, Currency.USD), "EUR to USD", Now, new LedgerReferences());
        var book = new LedgerBook();
        book.Post(conversion);
        Assert.Equal(0, book.Balance(LedgerAccount.ExpertPayable(Alice), Currency.EUR) + 10000);
        Assert.Equal(10850, book.Balance(LedgerAccount.ExpertPayable(Alice), Currency.USD));
        Assert.Equal([Currency.EUR, Currency.USD], conversion.Currencies.OrderBy(c => c.Code).ToArray());
    }

    [Fact]
    public void Json_RoundTrips_WithAccountsAsKeys()
    {
        var charge = LedgerPostings.CustomerCharge("charge:p1", Earner.ForExpert(Alice, RevenueSplit.Commission(1000)), new Money(9000, Currency.USD), "Paid question", Now, new LedgerReferences(PaymentId: "p1"));
        var json = JsonSerializer.Serialize(charge, Json);
        Assert.Contains("\"expert-payable:expert-alice\"", json);
        var read = JsonSerializer.Deserialize<LedgerTransaction>(json, Json)!;
        Assert.Equal(LedgerBook.Describe(charge), LedgerBook.Describe(read));
        Assert.Equal("p1", read.References.PaymentId);
    }

    [Theory]
    [InlineData("customer-funds", true)]
    [InlineData("expert-payable:expert-alice", true)]
    [InlineData("ambassador-payable:u1", true)]
    [InlineData("expert-payable", false)]
    [InlineData("platform-commission:someone", false)]
    [InlineData("petty-cash", false)]
    [InlineData("", false)]
    public void Account_ParsesOnlyKnownKinds_WithOwnersExactlyWhereNeeded(string key, bool valid)
    {
        Assert.Equal(valid, LedgerAccount.TryParse(key, out var account));
        if (valid)
        {
            Assert.Equal(key, account.Key);
        }
    }

    [Fact]
    public void Account_NormalDirection_ShowsWhatIsOwedAsPositive()
    {
        Assert.Equal(new Money(8100, Currency.USD), LedgerAccount.ExpertPayable(Alice).InNormalDirection(new Money(-8100, Currency.USD)));
        Assert.Equal(new Money(9000, Currency.USD), LedgerAccount.CustomerFunds.InNormalDirection(new Money(9000, Currency.USD)));
    }
}
