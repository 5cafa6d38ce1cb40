using Headstore.Domain.Scheduling;

namespace Headstore.Domain.Tests.Scheduling;

public sealed class SchedulesTests
{
    private static readonly WeeklySchedule MondaySix = WeeklySchedule.Validated(DayOfWeek.Monday, TimeSpan.FromHours(6));

    [Theory]
    [InlineData("2026-11-02T06:00:00Z", "2026-11-02T06:00:00Z")] // at the time itself
    [InlineData("2026-11-02T05:59:59Z", "2026-10-26T06:00:00Z")] // a second before: last week's
    [InlineData("2026-11-08T23:59:00Z", "2026-11-02T06:00:00Z")] // Sunday night
    [InlineData("2026-11-03T00:00:00Z", "2026-11-02T06:00:00Z")]
    [InlineData("2027-01-04T07:00:00Z", "2027-01-04T06:00:00Z")] // across the year
    public void Weekly_LatestAtOrBefore_IsTheMostRecentOccurrence(string now, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), MondaySix.LatestAtOrBefore(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Weekly_OccurrenceIn_AnIsoWeek_AndBack()
    {
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 6, 0, 0, TimeSpan.Zero), MondaySix.OccurrenceIn("2026-W45"));
        Assert.Equal(new DateTimeOffset(2026, 11, 8, 23, 30, 0, TimeSpan.Zero), WeeklySchedule.Validated(DayOfWeek.Sunday, new TimeSpan(23, 30, 0)).OccurrenceIn("2026-W45"));
        Assert.Equal(new DateTimeOffset(2025, 12, 29, 6, 0, 0, TimeSpan.Zero), MondaySix.OccurrenceIn("2026-W01"));
        Assert.Equal("2026-W45", IsoWeeks.Of(MondaySix.OccurrenceIn("2026-W45")));
    }

    [Theory]
    [InlineData("2026-W45", true)]
    [InlineData("2026-w01", true)]
    [InlineData("2026-W53", true)] // 2026 has 53 ISO weeks
    [InlineData("2027-W53", false)]
    [InlineData("2026-W00", false)]
    [InlineData("2026-45", false)]
    [InlineData("", false)]
    public void IsoWeeks_AreParsedStrictly(string text, bool valid) => Assert.Equal(valid, IsoWeeks.Parse(text) is not null);

    [Theory]
    [InlineData("2026-11-01T02:00:00Z", "2026-11-01T02:00:00Z")]
    [InlineData("2026-11-01T01:59:00Z", "2026-10-01T02:00:00Z")]
    [InlineData("2026-03-15T00:00:00Z", "2026-03-01T02:00:00Z")]
    public void Monthly_LatestAtOrBefore(string now, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            MonthlySchedule.Validated(1, TimeSpan.FromHours(2)).LatestAtOrBefore(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Monthly_DayBeyondAShortMonth_FallsOnItsLastDay() =>
        Assert.Equal(new DateTimeOffset(2026, 2, 28, 0, 0, 0, TimeSpan.Zero), MonthlySchedule.Validated(31, TimeSpan.Zero).OccurrenceIn(2026, 2));

    [Fact]
    public void Schedules_RefuseTimesOutsideADay()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WeeklySchedule.Validated(DayOfWeek.Monday, TimeSpan.FromHours(24)));
        Assert.Throws<ArgumentOutOfRangeException>(() => MonthlySchedule.Validated(0, TimeSpan.Zero));
    }

    [Fact]
    public void MonthPeriods_ParseAndSpanTheMonth()
    {
        var october = MonthPeriod.Parse("2026-10")!.Value;
        Assert.Equal(31, october.Days);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), october.End);
        Assert.Equal("2026-09", october.Previous.ToString());
        Assert.Null(MonthPeriod.Parse("2026-13"));
        Assert.Null(MonthPeriod.Parse("2026-1"));
    }

    [Fact]
    public void ARun_Checkpoints_AndARerunStartsOver()
    {
        var now = new DateTimeOffset(2026, 11, 2, 6, 0, 0, TimeSpan.Zero);
        var run = ScheduledRun.Start("weekly-payouts", "2026-W45", now, now);
        var advanced = run.Advanced("cursor-1", 500, last: false, now).Advanced("cursor-2", 120, last: true, now);
        Assert.Equal(("cursor-2", 620, true), (advanced.Cursor, advanced.Enumerated, advanced.IsEnumerated));
        var rerun = advanced.Rerun(now.AddHours(1), "admin-ada");
        Assert.Equal((2, (string?)null, 0, false), (rerun.Attempt, rerun.Cursor, rerun.Enumerated, rerun.IsEnumerated));
    }
}
