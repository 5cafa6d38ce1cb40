using System.Globalization;
using Headstore.Application.Reports;
using Headstore.Domain.Common;

namespace Headstore.Infrastructure.Reports;

internal static class ReportFormatting
{
    /// <summary>Minor units as a plain decimal ("81.00", "-9.00"), for spreadsheets and the JSON "decimal" fields.</summary>
    public static string Decimal(long minor)
    {
        var absolute = Math.Abs(minor);
        return string.Create(CultureInfo.InvariantCulture, $"{(minor < 0 ? "-" : "")}{absolute / 100}.{absolute % 100:00}");
    }

    public static string Decimal(Money money) => Decimal(money.Minor);

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Kebab(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    public static string Month(PaymentReportHeader header) => header.Period.Start.ToString("MMMM yyyy", CultureInfo.InvariantCulture);
}
