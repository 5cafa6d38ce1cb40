using FsCheck;
using FsCheck.Fluent;
using Headstore.Domain.Common;

namespace Headstore.Domain.Tests.Common;

public sealed class MoneyTests
{
    [Fact]
    public void Split_ThirtyMinutesAtThreeDollars_GivesExpert81AndPlatform9()
    {
        var total = new Money(300, Currency.USD).Multiply(30);
        var (commission, expert) = total.Split(1000);
        Assert.Equal(new Money(9000, Currency.USD), total);
        Assert.Equal(new Money(900, Currency.USD), commission);
        Assert.Equal(new Money(8100, Currency.USD), expert);
    }

    [Theory]
    [InlineData(1, 0, 1)]
    [InlineData(5, 1, 4)]
    [InlineData(15, 2, 13)]
    [InlineData(14, 1, 13)]
    [InlineData(999, 100, 899)]
    [InlineData(-15, -2, -13)]
    public void Split_RoundsHalfAwayFromZero_AndTheRestTakesTheRemainder(long amount, long share, long rest)
    {
        var (s, r) = new Money(amount, Currency.EUR).Split(1000);
        Assert.Equal(share, s.Minor);
        Assert.Equal(rest, r.Minor);
    }

    [Fact]
    public void Split_NeverLosesOrCreatesACent()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<long>().Filter(v => Math.Abs(v) < 1_000_000_000_000), Gen.Choose(0, 10_000).ToArbitrary(), (amount, basisPoints) =>
        {
            var money = new Money(amount, Currency.GBP);
            var (share, rest) = money.Split(basisPoints);
            return share.Minor + rest.Minor == amount && share.Currency == Currency.GBP && rest.Currency == Currency.GBP;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Adding_DifferentCurrencies_IsAnError()
    {
        Assert.Throws<InvalidOperationException>(() => new Money(100, Currency.USD) + new Money(100, Currency.CHF));
    }

    [Theory]
    [InlineData("usd", true)]
    [InlineData("CHF", true)]
    [InlineData("JPY", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Currency_AcceptsOnlyTheFiveSupported(string? code, bool supported) => Assert.Equal(supported, Currency.TryParse(code, out _));

    [Fact]
    public void Format_IsReadable() => Assert.Equal("81.05 USD", new Money(8105, Currency.USD).Format());

    [Fact]
    public void Json_IsAmountAndCurrency()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(new Money(8100, Currency.USD));
        Assert.Equal("{\"amount\":8100,\"currency\":\"USD\"}", json);
        Assert.Equal(new Money(8100, Currency.USD), System.Text.Json.JsonSerializer.Deserialize<Money>(json));
        Assert.Throws<System.Text.Json.JsonException>(() => System.Text.Json.JsonSerializer.Deserialize<Money>("{\"amount\":1.5,\"currency\":\"USD\"}"));
        Assert.Throws<System.Text.Json.JsonException>(() => System.Text.Json.JsonSerializer.Deserialize<Money>("{\"amount\":1,\"currency\":\"XYZ\"}"));
    }
}
