using System.Globalization;

namespace Headstore.Domain.Scheduling;

/// <summary>
/// A time that comes back every week, in UTC (e.g. Monday 06:00). Jobs ask for the latest occurrence at or before now
/// and run once for it, so a timer or scheduler that ticks more often than the schedule never runs a slot twice, and
/// a host that was down at the time catches the slot up when it comes back.
/// </summary>
public sealed record WeeklySchedule(DayOfWeek Day, TimeSpan TimeOfDay)
{
    public static WeeklySchedule Validated(DayOfWeek day, TimeSpan timeOfDay) =>
        timeOfDay < TimeSpan.Zero || timeOfDay >= TimeSpan.FromDays(1) || !Enum.IsDefined(day)
            ? throw new ArgumentOutOfRangeException(nameof(timeOfDay), "A weekly schedule is a day of the week and a time of day (00:00 to 23:59).")
            : new WeeklySchedule(day, timeOfDay);

    /// <summary>The latest occurrence at or before <paramref name="now"/>.</summary>
    public DateTimeOffset LatestAtOrBefore(DateTimeOffset now)
    {
        var utc = now.ToUniversalTime();
        var candidate = new DateTimeOffset(utc.Date, TimeSpan.Zero) + TimeOfDay;
        var daysBack = ((int)utc.DayOfWeek - (int)Day + 7) % 7;
        candidate = candidate.AddDays(-daysBack);
        return candidate > utc ? candidate.AddDays(-7) : candidate;
    }

    /// <summary>The occurrence in an ISO week ("2026-W45"): the slot a weekly job runs for.</summary>
    public DateTimeOffset OccurrenceIn(string isoWeek)
    {
        var (year, week) = IsoWeeks.Parse(isoWeek) ?? throw new FormatException($"'{isoWeek}' is not an ISO week such as 2026-W45.");
        var monday = new DateTimeOffset(ISOWeek.ToDateTime(year, week, DayOfWeek.Monday), TimeSpan.Zero);
        return monday.AddDays(((int)Day + 6) % 7) + TimeOfDay;
    }

    public override string ToString() => $"{Day} {TimeOfDay:hh\\:mm} UTC";
}

/// <summary>A time that comes back every month, in UTC (e.g. the 1st at 02:00). Day 29 to 31 fall on the month's last day when shorter.</summary>
public sealed record MonthlySchedule(int DayOfMonth, TimeSpan TimeOfDay)
{
    public static MonthlySchedule Validated(int dayOfMonth, TimeSpan timeOfDay) =>
        dayOfMonth is < 1 or > 31 || timeOfDay < TimeSpan.Zero || timeOfDay >= TimeSpan.FromDays(1)
            ? throw new ArgumentOutOfRangeException(nameof(dayOfMonth), "A monthly schedule is a day of the month (1 to 31) and a time of day.")
            : new MonthlySchedule(dayOfMonth, timeOfDay);

    public DateTimeOffset LatestAtOrBefore(DateTimeOffset now)
    {
        var utc = now.ToUniversalTime();
        var candidate = OccurrenceIn(utc.Year, utc.Month);
        return candidate > utc ? OccurrenceIn(utc.AddMonths(-1).Year, utc.AddMonths(-1).Month) : candidate;
    }

    public DateTimeOffset OccurrenceIn(int year, int month) =>
        new DateTimeOffset(year, month, Math.Min(DayOfMonth, DateTime.DaysInMonth(year, month)), 0, 0, 0, TimeSpan.Zero) + TimeOfDay;

    public override string ToString() => $"day {DayOfMonth} {TimeOfDay:hh\\:mm} UTC";
}

/// <summary>ISO 8601 weeks as Headstore writes them: "2026-W45".</summary>
public static class IsoWeeks
{
    public static string Of(DateTimeOffset time) =>
        $"{ISOWeek.GetYear(time.UtcDateTime).ToString(CultureInfo.InvariantCulture)}-W{ISOWeek.GetWeekOfYear(time.UtcDateTime).ToString("00", CultureInfo.InvariantCulture)}";

    public static (int Year, int Week)? Parse(string? text)
    {
        if (text is not { Length: 8 } || text[4] != '-' || text[5] is not ('W' or 'w')
            || !int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(text.AsSpan(6, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var week)
            || year is < 2000 or > 2999 || week < 1 || week > ISOWeek.GetWeeksInYear(year))
        {
            return null;
        }

        return (year, week);
    }

    /// <summary>Monday 00:00 UTC of the week.</summary>
    public static DateTimeOffset Start(int year, int week) => new(ISOWeek.ToDateTime(year, week, DayOfWeek.Monday), TimeSpan.Zero);
}

/// <summary>Calendar months as Headstore writes them: "2026-10".</summary>
public readonly record struct MonthPeriod(int Year, int Month)
{
    public DateTimeOffset Start => new(Year, Month, 1, 0, 0, 0, TimeSpan.Zero);

    public DateTimeOffset End => Start.AddMonths(1);

    public int Days => DateTime.DaysInMonth(Year, Month);

    public MonthPeriod Previous => Of(Start.AddDays(-1));

    public static MonthPeriod Of(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        return new MonthPeriod(utc.Year, utc.Month);
    }

    public static MonthPeriod? Parse(string? text)
    {
        if (text is not { Length: 7 } || text[4] != '-'
            || !int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(text.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            || year is < 2000 or > 2999 || month is < 1 or > 12)
        {
            return null;
        }

        return new MonthPeriod(year, month);
    }

    public override string ToString() => $"{Year.ToString("0000", CultureInfo.InvariantCulture)}-{Month.ToString("00", CultureInfo.InvariantCulture)}";
}
