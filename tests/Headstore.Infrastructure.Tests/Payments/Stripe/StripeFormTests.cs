using Headstore.Infrastructure.Payments.Stripe;

namespace Headstore.Infrastructure.Tests.Payments.Stripe;

public sealed class StripeFormTests
{
    [Fact]
    public void Encode_WritesNestingWithBracketsAndEscapesValues()
    {
        var form = new StripeForm()
            .Add(5000, "amount")
            .Add(true, "capabilities", "transfers", "requested")
            .AddMetadata(new Dictionary<string, string> { ["note"] = "a&b=c d" })
            .Expand("latest_charge", "customer");

        Assert.Equal(
            "amount=5000&capabilities[transfers][requested]=true&metadata[note]=a%26b%3Dc%20d&expand[]=latest_charge&expand[]=customer",
            form.Encode());
    }

    [Fact]
    public void Add_WithAnEmptyNestingLevel_Throws()
    {
        Assert.Throws<ArgumentException>(() => new StripeForm().Add("x", "metadata", ""));
    }
}
