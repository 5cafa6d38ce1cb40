using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Ledger;

namespace Headstore.Application.Ledger;

/// <summary>One line of the ledger: an entry with its transaction's description and references.</summary>
/// <param name="Amount">Signed as stored: a debit positive, a credit negative.</param>
public sealed record LedgerLine(
    string TransactionId,
    int Sequence,
    LedgerTransactionKind Kind,
    string Description,
    LedgerAccount Account,
    Money Amount,
    string Memo,
    DateTimeOffset OccurredAt,
    LedgerReferences References);

/// <summary>
/// Balances and lines, derived from the entries of the ledger's transactions (locally an SQLite projection written in
/// the same commit as each transaction, and rebuildable from them; on Cosmos DB one entry document per line in its
/// account's partition, written after the commit and repaired like a view).
/// </summary>
public interface ILedgerQueries
{
    /// <summary>An account's signed balance per currency, from entries before <paramref name="before"/> (all when null). Currencies with a zero balance are left out.</summary>
    Task<IReadOnlyList<Money>> BalancesAsync(LedgerAccount account, DateTimeOffset? before, CancellationToken cancellationToken);

    /// <summary>The lines on these accounts in [from, to), oldest first, paged.</summary>
    Task<Page<LedgerLine>> LinesAsync(IReadOnlyList<LedgerAccount> accounts, DateTimeOffset from, DateTimeOffset to, PageRequest page, CancellationToken cancellationToken);

    /// <summary>Every account of a kind with a non-zero signed balance, per currency.</summary>
    Task<IReadOnlyList<(LedgerAccount Account, Money Balance)>> BalancesOfKindAsync(LedgerAccountKind kind, CancellationToken cancellationToken);

    /// <summary>Every account's signed balance per currency: the trial balance, which sums to zero per currency.</summary>
    Task<IReadOnlyList<(LedgerAccount Account, Money Balance)>> TrialBalanceAsync(CancellationToken cancellationToken);
}
