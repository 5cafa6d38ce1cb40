namespace Headstore.Application.Payments;

/// <summary>
/// Card authorisations made with manual capture lapse about seven days after they were created; after that the
/// reservation is gone and a capture fails. Anything still uncaptured six days in must therefore be captured or
/// renewed, leaving a day's margin for retries and for the scheduler to run.
/// </summary>
/// <remarks>
/// Renewing means: authorise the same amount again off-session with a new idempotency key
/// (e.g. <c>authorise:{sessionId}:renewal:{n}</c>), and only when that succeeds release the old authorisation
/// (<c>release:{oldPaymentId}</c>). Releasing first would leave the booking without any reservation if the new
/// authorisation is declined.
/// </remarks>
public static class AuthorisationLifetime
{
    /// <summary>How long the card networks typically hold an authorisation.</summary>
    public static readonly TimeSpan Validity = TimeSpan.FromDays(7);

    /// <summary>When to act: a day before <see cref="Validity"/> runs out.</summary>
    public static readonly TimeSpan RenewAfter = TimeSpan.FromDays(6);

    public static DateTimeOffset RenewBy(CardPayment authorisation) => authorisation.CreatedAt + RenewAfter;

    /// <summary>True for an uncaptured authorisation old enough that it must be captured or renewed now.</summary>
    public static bool MustCaptureOrRenew(CardPayment authorisation, DateTimeOffset now) =>
        authorisation.Status == PaymentStatus.RequiresCapture && now >= RenewBy(authorisation);
}
