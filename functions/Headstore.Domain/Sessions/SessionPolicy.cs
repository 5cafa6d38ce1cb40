namespace Headstore.Domain.Sessions;

/// <summary>
/// The timing and cancellation rules the lifecycle applies, from settings (docs/sessions.md, "Timers" and
/// "Booked sessions"). A session's price and length limit are in its <see cref="SessionTerms"/> instead, fixed when it starts.
/// </summary>
/// <param name="RingTimeout">How long the expert is rung before the session expires unanswered.</param>
/// <param name="JoinTimeout">After the expert accepts, how long both have to be on the call before it expires.</param>
/// <param name="InterruptionGrace">How long one side may be away before the session ends for lost connection.</param>
/// <param name="WarningsBeforeEnd">When, before the limit, both sides are warned (events and a spoken prompt).</param>
/// <param name="ReconnectDelay">How long to wait before connecting the server to the call again after it failed or ended.</param>
/// <param name="FreeCancellationNotice">A booked session cancelled by the customer at least this long before its time costs nothing.</param>
/// <param name="LateCancellationFeeMinutes">Minutes at the expert's rate charged for a later cancellation, or when the customer does not show.</param>
/// <param name="NoShowWindow">After a booked session's time, how long both have to join before it is a no-show.</param>
/// <param name="AuthoriseBefore">How long before a booked session its card is authorised (card holds last about seven days).</param>
public sealed record SessionPolicy(
    TimeSpan RingTimeout,
    TimeSpan JoinTimeout,
    TimeSpan InterruptionGrace,
    IReadOnlyList<TimeSpan> WarningsBeforeEnd,
    TimeSpan ReconnectDelay,
    TimeSpan FreeCancellationNotice,
    int LateCancellationFeeMinutes,
    TimeSpan NoShowWindow,
    TimeSpan AuthoriseBefore)
{
    public static SessionPolicy Default { get; } = new(
        RingTimeout: TimeSpan.FromSeconds(60),
        JoinTimeout: TimeSpan.FromMinutes(3),
        InterruptionGrace: TimeSpan.FromMinutes(3),
        WarningsBeforeEnd: [TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(1)],
        ReconnectDelay: TimeSpan.FromSeconds(5),
        FreeCancellationNotice: TimeSpan.FromHours(24),
        LateCancellationFeeMinutes: 15,
        NoShowWindow: TimeSpan.FromMinutes(15),
        AuthoriseBefore: TimeSpan.FromHours(24));

    /// <summary>Warnings as whole seconds before the end, largest first (the order they fire in).</summary>
    public IReadOnlyList<int> WarningSeconds => WarningsBeforeEnd.Select(w => (int)w.TotalSeconds).Where(s => s > 0).Distinct().OrderDescending().ToArray();
}
