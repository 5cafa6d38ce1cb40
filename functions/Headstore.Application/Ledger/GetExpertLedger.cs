using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Ledger;

namespace Headstore.Application.Ledger;

/// <summary>
/// One line of an expert's ledger, from their side: <see cref="Amount"/> is positive when it raises what Headstore owes
/// them (a price earned) and negative when it lowers it (commission, a refund, a payout).
/// </summary>
public sealed record ExpertLedgerLineView(
    string TransactionId,
    int Line,
    DateTimeOffset OccurredAt,
    string Kind,
    string Description,
    string Memo,
    string Account,
    Money Amount,
    LedgerReferences References);

/// <summary>The lines between two times with the balances owed at the start and the end, per currency.</summary>
public sealed record ExpertLedgerView(
    DateTimeOffset From,
    DateTimeOffset To,
    IReadOnlyList<Money> OpeningBalances,
    IReadOnlyList<Money> ClosingBalances,
    IReadOnlyList<ExpertLedgerLineView> Items,
    string? NextCursor);

public sealed record GetExpertLedgerQuery(DateTimeOffset? From, DateTimeOffset? To, int? Limit, string? Cursor);

/// <summary>An expert reads their ledger: every price, commission, refund, dispute and payout line, each fee on its own line.</summary>
public sealed class GetExpertLedgerHandler(ILedgerQueries ledger, TimeProvider clock)
{
    public static readonly TimeSpan DefaultRange = TimeSpan.FromDays(31);
    public static readonly TimeSpan MaxRange = TimeSpan.FromDays(366);

    public async Task<Result<ExpertLedgerView>> HandleAsync(Actor actor, GetExpertLedgerQuery query, CancellationToken cancellationToken)
    {
        if (actor.RequireRole(Roles.Expert) is { } denied)
        {
            return denied;
        }

        var to = query.To ?? clock.GetUtcNow();
        var from = query.From ?? to - DefaultRange;
        var validator = new Validator()
            .Require(from < to, "from", "Must be before 'to'.")
            .Require(to - from <= MaxRange, "to", "A ledger range is at most 366 days.");
        if (!validator.IsValid)
        {
            return validator.ToError();
        }

        var page = PageRequest.Create(query.Limit, query.Cursor);
        if (!page.IsSuccess)
        {
            return page.Error!;
        }

        var expert = ExpertId.For(actor.UserId);
        LedgerAccount[] accounts = [LedgerAccount.ExpertPayable(expert), LedgerAccount.AmbassadorPayable(expert.User)];
        var lines = await ledger.LinesAsync(accounts, from, to, page.Value, cancellationToken);
        var opening = await OwedAsync(accounts, from, cancellationToken);
        var closing = await OwedAsync(accounts, to, cancellationToken);
        var items = lines.Items.Select(l => new ExpertLedgerLineView(
            l.TransactionId, l.Sequence, l.OccurredAt, Kebab(l.Kind.ToString()), l.Description, l.Memo, l.Account.Key, l.Account.InNormalDirection(l.Amount), l.References)).ToArray();
        return new ExpertLedgerView(from, to, opening, closing, items, lines.NextCursor);
    }

    private async Task<IReadOnlyList<Money>> OwedAsync(IReadOnlyList<LedgerAccount> accounts, DateTimeOffset before, CancellationToken cancellationToken)
    {
        var owed = new List<Money>();
        foreach (var account in accounts)
        {
            owed.AddRange((await ledger.BalancesAsync(account, before, cancellationToken)).Select(account.InNormalDirection));
        }

        return owed.GroupBy(m => m.Currency).Select(g => g.Aggregate(Money.Zero(g.Key), (sum, m) => sum + m)).OrderBy(m => m.Currency.Code, StringComparer.Ordinal).ToArray();
    }

    private static string Kebab(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
