using Headstore.Application.Common;
using Headstore.Application.Ledger;
using Headstore.Domain.Common;
using Headstore.Domain.Experts;
using Headstore.Domain.Ledger;

namespace Headstore.Application.Ambassadors;

public sealed record GetAmbassadorEarningsQuery(DateTimeOffset? From, DateTimeOffset? To);

public sealed record ReferredExpertEarningsView(ExpertId ExpertId, string? Name, string Status, DateTimeOffset? AcceptedAt, DateTimeOffset? ShareEndsAt, IReadOnlyList<Money> Earned);

/// <param name="Owed">Ambassador earnings not paid out yet (they go out with the weekly payout).</param>
/// <param name="Earned">The ambassador's share earned in the range, net of refunds and disputes, per currency.</param>
/// <param name="PaidOut">Ambassador earnings paid out in the range.</param>
public sealed record AmbassadorEarningsView(
    DateTimeOffset From,
    DateTimeOffset To,
    int ShareBasisPoints,
    IReadOnlyList<Money> Owed,
    IReadOnlyList<Money> Earned,
    IReadOnlyList<Money> PaidOut,
    IReadOnlyList<ReferredExpertEarningsView> Experts);

/// <summary>
/// An ambassador's earnings: what is owed now, what was earned in a range (default: the last 12 months) in total and
/// per referred expert, and what was paid out, all from the ledger's ambassador-payable account.
/// </summary>
public sealed class GetAmbassadorEarningsHandler(ILedgerQueries ledger, IAmbassadorQueries queries, IDocumentStore store, Microsoft.Extensions.Options.IOptions<AmbassadorOptions> options, TimeProvider clock)
{
    public static readonly TimeSpan DefaultRange = TimeSpan.FromDays(365);

    public async Task<Result<AmbassadorEarningsView>> HandleAsync(Actor actor, GetAmbassadorEarningsQuery query, CancellationToken cancellationToken)
    {
        if (actor.RequireRole(Roles.Ambassador) is { } denied)
        {
            return denied;
        }

        // Ranges are [from, to): by default up to and including this moment.
        var to = query.To ?? clock.GetUtcNow().AddTicks(1);
        var from = query.From ?? to - DefaultRange;
        var validator = new Validator()
            .Require(from < to, "from", "Must be before 'to'.")
            .Require(to - from <= TimeSpan.FromDays(3 * 366), "to", "A range is at most three years.");
        if (!validator.IsValid)
        {
            return validator.ToError();
        }

        var account = LedgerAccount.AmbassadorPayable(actor.UserId);
        var owed = (await ledger.BalancesAsync(account, null, cancellationToken)).Select(account.InNormalDirection).ToArray();
        var earned = new Dictionary<Currency, long>();
        var paid = new Dictionary<Currency, long>();
        string? cursor = null;
        do
        {
            var page = await ledger.LinesAsync([account], from, to, new PageRequest(PageRequest.MaxLimit, cursor), cancellationToken);
            foreach (var line in page.Items)
            {
                var amount = account.InNormalDirection(line.Amount);
                var bucket = line.Kind is LedgerTransactionKind.PayoutSent or LedgerTransactionKind.PayoutFailed or LedgerTransactionKind.TransferReversal ? paid : earned;
                bucket[amount.Currency] = bucket.GetValueOrDefault(amount.Currency) + (bucket == paid ? -amount.Minor : amount.Minor);
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null);

        var byExpert = await queries.EarningsByExpertAsync(actor.UserId, from, to, cancellationToken);
        var referrals = await queries.ReferralsAsync(actor.UserId, cancellationToken);
        var ids = referrals.Select(r => r.Id.Value).Concat(byExpert.Select(e => e.Expert.Value)).Distinct().ToArray();
        var profiles = (await store.FindManyAsync<ExpertProfile>(ids, cancellationToken)).ToDictionary(p => p.Id);
        var experts = ids.Select(id =>
        {
            var expert = new ExpertId(id);
            var referral = referrals.FirstOrDefault(r => r.Id == expert);
            return new ReferredExpertEarningsView(expert, profiles.GetValueOrDefault(expert)?.Details.Name, referral is null ? "ended" : referral.IsAccepted ? "accepted" : "claimed",
                referral?.AcceptedAt, referral?.ShareEndsAt, byExpert.Where(e => e.Expert == expert).Select(e => e.Earned).OrderBy(m => m.Currency.Code, StringComparer.Ordinal).ToArray());
        }).OrderByDescending(e => e.Earned.Sum(m => m.Minor)).ThenBy(e => e.ExpertId.Value, StringComparer.Ordinal).ToArray();

        return new AmbassadorEarningsView(from, to, options.Value.ShareBasisPoints, owed, Sorted(earned), Sorted(paid), experts);
    }

    private static Money[] Sorted(Dictionary<Currency, long> amounts) =>
        amounts.Where(a => a.Value != 0).Select(a => new Money(a.Value, a.Key)).OrderBy(m => m.Currency.Code, StringComparer.Ordinal).ToArray();
}
