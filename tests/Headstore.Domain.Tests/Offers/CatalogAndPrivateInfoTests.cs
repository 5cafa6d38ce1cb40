using Headstore.Domain.Common;
using Headstore.Domain.Offers;

namespace Headstore.Domain.Tests.Offers;

public sealed class CatalogAndPrivateInfoTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly ExpertId Alice = new("expert-alice");

    [Fact]
    public void PredefinedServices_AreAdjustedPerCategory_AndUnknownCategoriesGetTheGeneralList()
    {
        var law = PredefinedServices.ForCategory(new CategoryId("law"));
        Assert.DoesNotContain(law, s => s.Kind is ServiceKind.RemoteAssistance or ServiceKind.WebsiteWork);
        Assert.Contains(law, s => s.Kind == ServiceKind.LetterTemplates && s.Name == "Legal letter templates");

        var it = PredefinedServices.ForCategory(new CategoryId("computers-it"));
        Assert.Contains(it, s => s.Kind == ServiceKind.RemoteAssistance && s.Id.Value == "remote-assistance");

        var general = PredefinedServices.ForCategory(new CategoryId("astronomy"));
        Assert.Equal(8, general.Count);
        Assert.Equal(Enum.GetValues<ServiceKind>().Where(k => k != ServiceKind.Custom), general.Select(s => s.Kind));
        Assert.Null(PredefinedServices.Find(new CategoryId("law"), new ServiceId("website-work")));
    }

    [Fact]
    public void Catalog_RefusesContactDetails_AndDuplicateNames()
    {
        var validator = ExpertCatalog.Validate("Call me", "Reach me at alice@example.com for the details.");
        Assert.False(validator.IsValid);
        Assert.Contains("description", validator.ToError().FieldErrors!.Keys);

        var (catalog, _) = ExpertCatalog.Empty(Alice).Add(ServiceId.NewCustom(Now), "Spreadsheet audit", "I check every formula of your workbook.", null, Now).Value;
        Assert.Equal("duplicate-service", catalog.Add(ServiceId.NewCustom(Now), "spreadsheet AUDIT", "Another description here.", null, Now).Error!.Code);
    }

    [Fact]
    public void Remember_ReusesTheEntryOfTheSameName_AndAddsANewOne()
    {
        var price = new Money(2500, Currency.USD);
        var (first, entry) = ExpertCatalog.Empty(Alice).Remember(ServiceId.NewCustom(Now), "Spreadsheet audit", "I check every formula.", price, Now);
        var (second, again) = first.Remember(ServiceId.NewCustom(Now), "Spreadsheet Audit", "I check every formula and chart.", price.Multiply(2), Now.AddDays(1));
        Assert.Equal(entry.Id, again.Id);
        Assert.Single(second.Entries);
        Assert.Equal(price.Multiply(2), second.Entries[0].Price);
    }

    [Fact]
    public void PrivateInfo_IsWrittenByItsPartiesOnly_AndAdminReadsNeedAReason_AndAreKept()
    {
        var carol = new UserId("customer-carol");
        var info = QuestionPrivateInfo.Open(QuestionId.New(Now), carol, Alice, Now);
        var contact = PrivateContact.Of("+44 20 7946 0958", "@carol", "carol@example.com", "Evenings only");
        Assert.Equal("+44 20 7946 0958", info.Write(carol, contact, Now).Value.Contact.Phone);
        Assert.Equal(ErrorKind.Forbidden, info.Write(new UserId("expert-bob"), contact, Now).Error!.Kind);
        Assert.True(info.Admit(new ExpertId("expert-bob")).IsParty(new UserId("expert-bob")));

        var admin = new Actor(new UserId("admin-ada"), "Ada", null, new HashSet<string> { Roles.Admin });
        Assert.Equal("reason", Assert.Single(info.ReadByAdmin(admin, "", Now).Error!.FieldErrors!).Key);
        var read = info.ReadByAdmin(admin, "Dispute 42: customer says no call happened", Now).Value;
        Assert.Equal(("admin-ada", Now), (read.AdminReads[0].AdminId.Value, read.AdminReads[0].At));
    }

    [Fact]
    public void PrivateInfo_NeverPrintsItsValues()
    {
        var contact = PrivateContact.Of("555-0199", "tg:carol", "carol@example.com", "secret notes");
        var info = QuestionPrivateInfo.Open(QuestionId.New(Now), new UserId("customer-carol"), Alice, Now).Write(new UserId("customer-carol"), contact, Now).Value;
        foreach (var text in new[] { contact.ToString(), info.ToString(), $"{info}" })
        {
            Assert.DoesNotContain("555-0199", text);
            Assert.DoesNotContain("secret notes", text);
            Assert.DoesNotContain("carol@example.com", text);
        }
    }

    [Fact]
    public void PrivateInfo_ValidationMessages_NeverQuoteTheValue()
    {
        var error = PrivateContact.Validate(new string('7', 50), null, "not an address", null).ToError();
        Assert.Equal(["email", "phone"], error.FieldErrors!.Keys.Order());
        Assert.DoesNotContain(error.FieldErrors.Values.SelectMany(v => v), m => m.Contains("not an address") || m.Contains("7777"));
    }
}
