using System.ComponentModel.DataAnnotations;
using Headstore.Domain.Sessions;

namespace Headstore.Application.Sessions;

/// <summary>The session rules that are settings, bound from the "Sessions" section (defaults in docs/sessions.md).</summary>
public sealed class SessionOptions
{
    public const string Section = "Sessions";

    /// <summary>The longest a session lasts, from when both are first on the call; the card is authorised for it.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "04:00:00")]
    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromMinutes(90);

    [Range(typeof(TimeSpan), "00:00:05", "00:10:00")]
    public TimeSpan RingTimeout { get; set; } = SessionPolicy.Default.RingTimeout;

    [Range(typeof(TimeSpan), "00:00:10", "00:30:00")]
    public TimeSpan JoinTimeout { get; set; } = SessionPolicy.Default.JoinTimeout;

    [Range(typeof(TimeSpan), "00:00:05", "00:30:00")]
    public TimeSpan InterruptionGrace { get; set; } = SessionPolicy.Default.InterruptionGrace;

    /// <summary>When to warn before the limit; null keeps the defaults (10 minutes and 1 minute before).</summary>
    public TimeSpan[]? WarningsBeforeEnd { get; set; }

    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan ReconnectDelay { get; set; } = SessionPolicy.Default.ReconnectDelay;

    [Range(typeof(TimeSpan), "00:00:00", "14.00:00:00")]
    public TimeSpan FreeCancellationNotice { get; set; } = SessionPolicy.Default.FreeCancellationNotice;

    [Range(0, 90)]
    public int LateCancellationFeeMinutes { get; set; } = SessionPolicy.Default.LateCancellationFeeMinutes;

    [Range(typeof(TimeSpan), "00:01:00", "01:00:00")]
    public TimeSpan NoShowWindow { get; set; } = SessionPolicy.Default.NoShowWindow;

    /// <summary>How long before a booked session its card is authorised; at most six days, as card holds last about seven.</summary>
    [Range(typeof(TimeSpan), "00:10:00", "6.00:00:00")]
    public TimeSpan AuthoriseBefore { get; set; } = SessionPolicy.Default.AuthoriseBefore;

    /// <summary>How often the meter's event stream sends a reading.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan MeterStreamInterval { get; set; } = TimeSpan.FromSeconds(1);

    public SessionPolicy Policy => new(RingTimeout, JoinTimeout, InterruptionGrace, WarningsBeforeEnd ?? [.. SessionPolicy.Default.WarningsBeforeEnd],
        ReconnectDelay, FreeCancellationNotice, LateCancellationFeeMinutes, NoShowWindow, AuthoriseBefore);
}
