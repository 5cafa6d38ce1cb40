using Headstore.Domain.Common;

namespace Headstore.Domain.Tests.Common;

public sealed class ContactDetailsTests
{
    [Theory]
    [InlineData("Call me at 555-123-4567 tonight")]
    [InlineData("Call me at (555) 123 4567")]
    [InlineData("my number is +44 20 7946 0958")]
    [InlineData("5 5 5 1 2 3 4 5 6 7")]
    [InlineData("555.123.4567")]
    [InlineData("five five five one two three four five six seven")]
    [InlineData("five 5 five one 2 three 4567")]
    [InlineData("FIVE-FIVE-FIVE-ONE-TWO-THREE-FOUR")]
    [InlineData("0 7 7 0 0 / 9 0 0 / 1 2 3")]
    [InlineData("write to john.smith@example.com")]
    [InlineData("write to john.smith @ example . com")]
    [InlineData("john dot smith at gmail dot com")]
    [InlineData("john(at)gmail(dot)com")]
    [InlineData("john [at] gmail [dot] com")]
    [InlineData("whatsapp: john_doe_88")]
    [InlineData("Telegram - @johnny")]
    [InlineData("skype id: live.john")]
    [InlineData("find me @johnny_law")]
    [InlineData("see https://example.org/contact")]
    [InlineData("see www.mysite.net")]
    [InlineData("message me on wa.me/15551234567")]
    [InlineData("visit johnsmithlaw.com")]
    public void Contact_details_are_found_and_masked(string text)
    {
        Assert.True(ContactDetails.Contains(text), text);
        var masked = ContactDetails.MaskIn(text);
        Assert.Contains(ContactDetails.Mask, masked);
        Assert.False(ContactDetails.Contains(masked), $"still contains contact details after masking: {masked}");
    }

    [Theory]
    [InlineData("My printer stopped working after the 2024 update.")]
    [InlineData("I earn 45,000 a year and paid 1,200 in tax.")]
    [InlineData("Is section 21 notice valid after 6 months?")]
    [InlineData("I have one question about two invoices.")]
    [InlineData("I use Facebook and LinkedIn for marketing, is that deductible?")]
    [InlineData("The error code is 0x80070005 on Windows 11.")]
    [InlineData("Meeting at 10:30 on 12/05, room 4.")]
    public void Ordinary_text_is_left_alone(string text)
    {
        Assert.False(ContactDetails.Contains(text), text);
        Assert.Equal(text, ContactDetails.MaskIn(text));
    }

    [Fact]
    public void Masking_keeps_the_surrounding_text()
    {
        Assert.Equal("Call me on XX tonight, thanks", ContactDetails.MaskIn("Call me on 555 123 4567 tonight, thanks"));
        Assert.Equal("Mail XX please", ContactDetails.MaskIn("Mail ann@example.com please"));
    }
}
