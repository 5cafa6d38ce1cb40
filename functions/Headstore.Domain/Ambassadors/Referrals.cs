using System.Security.Cryptography;
using Headstore.Domain.Common;

namespace Headstore.Domain.Ambassadors;

/// <summary>
/// A referral code an ambassador hands out (as a code or a link). A code can bring any number of experts; the
/// ambassador may keep several (one per campaign, say) with a label only they see.
/// </summary>
public sealed record ReferralCode(string Id, UserId AmbassadorId, string? Label, DateTimeOffset CreatedAt, long Version) : IAggregate
{
    public const int MaxLabelLength = 100;

    // No 0/O or 1/I: codes are read aloud and typed.
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public static ReferralCode Create(UserId ambassador, string? label, DateTimeOffset now) =>
        new(NewCode(), ambassador, string.IsNullOrWhiteSpace(label) ? null : label.Trim(), now, 0);

    public static string Normalize(string? code) => (code ?? "").Trim().ToUpperInvariant().Replace("-", "", StringComparison.Ordinal);

    private static string NewCode() => string.Create(10, 0, (span, _) =>
    {
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }
    });
}

/// <summary>
/// The ambassador who referred an expert (one per expert, keyed by the expert). The referral is <b>accepted</b> when
/// the expert has claimed a code (with a profile no older than the claim window) and their payout account can receive
/// payouts, i.e. the provider has verified who they are: from then until <see cref="ShareEndsAt"/> the ambassador
/// earns a share of Headstore's commission on the expert's paid sessions.
/// </summary>
public sealed record ExpertReferral(
    ExpertId Id,
    UserId AmbassadorId,
    string Code,
    DateTimeOffset ClaimedAt,
    DateTimeOffset? AcceptedAt,
    DateTimeOffset? ShareEndsAt,
    long Version) : IAggregate
{
    string IAggregate.Id => Id.Value;

    public bool IsAccepted => AcceptedAt is not null;

    public static Result<ExpertReferral> Claim(ExpertId expert, DateTimeOffset profileCreatedAt, ReferralCode code, TimeSpan claimWindow, DateTimeOffset now)
    {
        if (code.AmbassadorId == expert.User)
        {
            return Error.Rule("own-referral", "You cannot use your own referral code.");
        }

        if (now - profileCreatedAt > claimWindow)
        {
            return Error.Rule("referral-too-late", $"A referral code is used within {claimWindow.TotalDays:0} days of creating your expert profile.");
        }

        return new ExpertReferral(expert, code.AmbassadorId, code.Id, now, null, null, 0);
    }

    /// <summary>The expert can be paid: the referral counts from now, for <paramref name="shareDuration"/> (none: for good). Accepting twice changes nothing.</summary>
    public ExpertReferral Accept(DateTimeOffset now, TimeSpan? shareDuration) =>
        IsAccepted ? this : this with { AcceptedAt = now, ShareEndsAt = shareDuration is { } duration ? now + duration : null };

    /// <summary>Whether the ambassador shares in what the expert earns at <paramref name="time"/>.</summary>
    public bool SharesAt(DateTimeOffset time) => AcceptedAt is { } accepted && accepted <= time && (ShareEndsAt is null || time < ShareEndsAt);
}
