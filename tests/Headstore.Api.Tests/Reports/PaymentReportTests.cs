using System.Net;
using System.Text.Json;
using Headstore.Api.Tests.Support;
using Headstore.Domain.Payments;
using Headstore.Domain.Reports;

namespace Headstore.Api.Tests.Reports;

/// <summary>Monthly payment reports: generated on the 1st for the month before, e-mailed, downloadable as JSON, CSV and HTML.</summary>
public sealed class PaymentReportTests : IDisposable
{
    private readonly ApiFactory api = new();
    private readonly TestUser carol = TestUser.Customer();
    private readonly TestUser alice = TestUser.Expert();

    /// <summary>
    /// October: a paid question (90.00), a premium service (50.00), a session (30.00) refunded, the weekly payout of
    /// 19 October (126.00), another question (20.00). Commission 10%.
    /// </summary>
    private async Task OctoberAsync()
    {
        api.Clock.Set(new DateTimeOffset(2026, 10, 5, 10, 0, 0, TimeSpan.Zero));
        await Scenario.CreateExpertAsync(api, alice);
        await MoneyScenario.SaveCardAsync(api, carol);
        await MoneyScenario.PaidQuestionAcceptedAsync(api, carol, alice, 9000);
        api.Clock.Set(new DateTimeOffset(2026, 10, 10, 10, 0, 0, TimeSpan.Zero));
        await MoneyScenario.CapturedPaymentAsync(api, carol, alice, PaymentPurpose.Offer, 5000, description: "Document preparation");
        api.Clock.Advance(TimeSpan.FromMinutes(5));
        var session = await MoneyScenario.CapturedPaymentAsync(api, carol, alice, PaymentPurpose.Session, 3000, description: "Video session, 10 minutes");
        api.Clock.Set(new DateTimeOffset(2026, 10, 12, 10, 0, 0, TimeSpan.Zero));
        await (await api.ClientFor(TestUser.Admin()).PostJson("/api/admin/refunds", new { paymentId = session })).Json(HttpStatusCode.OK);
        await MoneyScenario.ActivatePayoutsAsync(api, alice);
        api.Clock.Set(new DateTimeOffset(2026, 10, 19, 6, 10, 0, TimeSpan.Zero));
        await api.RunDueJobsAsync();
        await api.DrainOutboxAsync();
        api.Clock.Set(new DateTimeOffset(2026, 10, 20, 10, 0, 0, TimeSpan.Zero));
        await MoneyScenario.PaidQuestionAcceptedAsync(api, carol, alice, 2000);
    }

    [Fact]
    public async Task OnTheFirst_TheMonthBeforeIsReported_AndTheExpertIsEmailedOnce()
    {
        await OctoberAsync();
        api.Clock.Set(new DateTimeOffset(2026, 11, 1, 2, 5, 0, TimeSpan.Zero));
        await api.RunDueJobsAsync();
        await api.DrainOutboxAsync();
        api.Clock.Advance(TimeSpan.FromMinutes(30));
        await api.RunDueJobsAsync();
        await api.DrainOutboxAsync();

        var mail = Assert.Single(api.MailFiles(), m => m.Contains("Subject: Your payment report for October 2026 is ready", StringComparison.Ordinal));
        Assert.Contains("Paid questions: 110.00 USD", mail, StringComparison.Ordinal);
        Assert.Contains("Closing balance: 18.00 USD", mail, StringComparison.Ordinal);
        Assert.Contains("/experts/me/reports/2026-10.html", mail, StringComparison.Ordinal);
        var recorded = await MoneyScenario.Store(api).FindAsync<PaymentReport>(PaymentReport.IdFor(new Headstore.Domain.Common.UserId(alice.Subject), "2026-10"), default);
        Assert.Equal(1800, Assert.Single(recorded!.Currencies).Closing.Minor);
    }

    [Fact]
    public async Task TheJsonReport_HasEveryIncomeLineByKind_CommissionRefundsPayouts_AndBalancesThatAddUp()
    {
        await OctoberAsync();
        api.Clock.Set(new DateTimeOffset(2026, 11, 3, 9, 0, 0, TimeSpan.Zero));
        var response = await api.ClientFor(alice).GetAsync("/api/experts/me/reports/2026-10.json");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var report = await response.Json(HttpStatusCode.OK);

        Assert.Equal("2026-10", report.GetProperty("period").GetString());
        Assert.False(report.GetProperty("provisional").GetBoolean());
        var usd = Assert.Single(report.GetProperty("currencies").EnumerateArray());
        var totals = usd.GetProperty("totals");
        Assert.Equal(0, Amount(usd, "openingBalance"));
        Assert.Equal(11000, Amount(totals, "questions"));
        Assert.Equal(5000, Amount(totals, "premiumServices"));
        Assert.Equal(3000, Amount(totals, "sessions"));
        Assert.Equal(-(900 + 500 + 300 - 300 + 200), Amount(totals, "commission"));
        Assert.Equal(-3000, Amount(totals, "refunds"));
        Assert.Equal(-12600, Amount(totals, "payouts"));
        Assert.Equal(1800, Amount(usd, "closingBalance"));

        var lines = report.GetProperty("lines").EnumerateArray().ToArray();
        Assert.Equal(usd.GetProperty("lines").GetInt32(), lines.Length);
        Assert.Equal(1800, lines.Sum(l => l.GetProperty("amount").GetProperty("amount").GetInt64()));
        Assert.Equal(1800, lines[^1].GetProperty("balanceAfter").GetProperty("amount").GetInt64());
        // Lines come in time order; the premium service and the session were paid at the same instant, so only the
        // categories as a whole are fixed, and each income line is followed by its commission.
        var categories = lines.Select(l => l.GetProperty("category").GetString()!).ToArray();
        Assert.Equal(
            new[] { "questions", "commission", "premium-services", "commission", "sessions", "commission", "refunds", "commission", "payouts", "questions", "commission" }.Order(StringComparer.Ordinal),
            categories.Order(StringComparer.Ordinal));
        Assert.Equal("questions", categories[0]);
        Assert.Equal(["questions", "commission"], categories[^2..]);
        for (var i = 0; i < categories.Length; i++)
        {
            if (categories[i] is "questions" or "premium-services" or "sessions")
            {
                Assert.Equal("commission", categories[i + 1]);
            }
        }

        var running = 0L;
        foreach (var line in lines)
        {
            running += line.GetProperty("amount").GetProperty("amount").GetInt64();
            Assert.Equal(running, line.GetProperty("balanceAfter").GetProperty("amount").GetInt64());
        }
        var days = usd.GetProperty("incomeByDay").EnumerateArray().ToArray();
        Assert.Equal(31, days.Length);
        Assert.Equal(9000, days[4].GetProperty("questions").GetInt64());
        Assert.Equal(3000, days[9].GetProperty("sessions").GetInt64());
        Assert.Equal(5000, days[9].GetProperty("premiumServices").GetInt64());
    }

    [Fact]
    public async Task TheCsvReport_IsOneTable_OpeningToClosing()
    {
        await OctoberAsync();
        api.Clock.Set(new DateTimeOffset(2026, 11, 3, 9, 0, 0, TimeSpan.Zero));
        var response = await api.ClientFor(alice).GetAsync("/api/experts/me/reports/2026-10.csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("headstore-report-2026-10.csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var rows = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(Fields).ToArray();

        Assert.Equal("date,transactionId,line,kind,category,description,memo,account,currency,amount,amountMinor,balanceAfter", string.Join(",", rows[0]));
        Assert.Equal("opening-balance", rows[1][3]);
        Assert.Equal("closing-balance", rows[^1][3]);
        Assert.Equal("18.00", rows[^1][9]);
        var lines = rows[2..^1];
        Assert.Equal(11, lines.Length);
        Assert.Equal(1800, lines.Sum(r => long.Parse(r[10], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Contains(lines, r => r[4] == "premium-services" && r[9] == "50.00");
        Assert.Contains(lines, r => r[4] == "refunds" && r[9] == "-30.00");
    }

    [Fact]
    public async Task TheHtmlReport_ShowsAChartOfEarningsByDayAndKind_AndPrints()
    {
        await OctoberAsync();
        api.Clock.Set(new DateTimeOffset(2026, 11, 3, 9, 0, 0, TimeSpan.Zero));
        var response = await api.ClientFor(alice).GetAsync("/api/experts/me/reports/2026-10.html");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("Payment report · October 2026", html, StringComparison.Ordinal);
        Assert.Contains("<svg viewBox=", html, StringComparison.Ordinal);
        Assert.Contains("role=\"img\"", html, StringComparison.Ordinal);
        Assert.Contains("<title>5 Oct: Paid questions 90.00 USD</title>", html, StringComparison.Ordinal);
        Assert.Contains("<title>10 Oct: Premium services 50.00 USD</title>", html, StringComparison.Ordinal);
        Assert.Contains("@media print", html, StringComparison.Ordinal);
        Assert.Contains("@page{size:A4", html, StringComparison.Ordinal);
        Assert.Contains("Closing balance", html, StringComparison.Ordinal);
        Assert.EndsWith("</html>\n", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task TheCurrentMonth_IsProvisional_AndOpensWhereTheLastClosed()
    {
        await OctoberAsync();
        api.Clock.Set(new DateTimeOffset(2026, 11, 3, 9, 0, 0, TimeSpan.Zero));
        var november = await (await api.ClientFor(alice).GetAsync("/api/experts/me/reports/2026-11.json")).Json(HttpStatusCode.OK);
        Assert.True(november.GetProperty("provisional").GetBoolean());
        Assert.Equal(1800, Amount(Assert.Single(november.GetProperty("currencies").EnumerateArray()), "openingBalance"));
        var empty = await (await api.ClientFor(alice).GetAsync("/api/experts/me/reports/2026-01.json")).Json(HttpStatusCode.OK);
        Assert.Empty(empty.GetProperty("currencies").EnumerateArray());
        Assert.Empty(empty.GetProperty("lines").EnumerateArray());
    }

    [Fact]
    public async Task ReportRequests_AreChecked()
    {
        await Scenario.CreateExpertAsync(api, alice);
        await (await api.ClientFor(null).GetAsync("/api/experts/me/reports/2026-10.json")).Problem(HttpStatusCode.Unauthorized);
        await (await api.ClientFor(carol).GetAsync("/api/experts/me/reports/2026-10.json")).Problem(HttpStatusCode.Forbidden);
        await (await api.ClientFor(alice).GetAsync("/api/experts/me/reports/2026-13.json")).Problem(HttpStatusCode.BadRequest, "period");
        await (await api.ClientFor(alice).GetAsync("/api/experts/me/reports/2026-10.pdf")).Problem(HttpStatusCode.BadRequest, "period");
        await (await api.ClientFor(alice).GetAsync("/api/experts/me/reports/2026-10")).Problem(HttpStatusCode.BadRequest, "period");
        Assert.Equal("report-not-started", (await (await api.ClientFor(alice).GetAsync("/api/experts/me/reports/2027-01.csv")).Problem(HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString());
    }

    private static long Amount(JsonElement element, string name) => element.GetProperty(name).GetProperty("amount").GetInt64();

    /// <summary>Splits an RFC 4180 record (quoted fields may hold commas and doubled quotes).</summary>
    private static string[] Fields(string record)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < record.Length; i++)
        {
            var c = record[i];
            if (quoted && c == '"' && i + 1 < record.Length && record[i + 1] == '"')
            {
                field.Append('"');
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return fields.ToArray();
    }

    public void Dispose() => api.Dispose();
}
