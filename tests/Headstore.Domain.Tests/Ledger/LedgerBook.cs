using Headstore.Domain.Common;
using Headstore.Domain.Ledger;

namespace Headstore.Domain.Tests.Ledger;

/// <summary>An in-memory ledger for tests: keeps the first posting per id (as the store does) and derives balances.</summary>
public sealed class LedgerBook
{
    private readonly Dictionary<string, LedgerTransaction> transactions = new(StringComparer.Ordinal);

    public IReadOnlyCollection<LedgerTransaction> Transactions => transactions.Values;

    /// <summary>Posts once per id; a second posting with the same id must be the same movement.</summary>
    public void Post(LedgerTransaction? transaction)
    {
        if (transaction is null)
        {
            return;
        }

        if (transactions.TryGetValue(transaction.Id, out var existing))
        {
            Assert.Equal(Describe(existing), Describe(transaction));
            return;
        }

        transactions[transaction.Id] = transaction;
    }

    public void Post(IEnumerable<LedgerTransaction> postings)
    {
        foreach (var posting in postings)
        {
            Post(posting);
        }
    }

    /// <summary>The signed balance (debits positive) of an account in a currency.</summary>
    public long Signed(LedgerAccount account, Currency currency) =>
        transactions.Values.SelectMany(t => t.Entries).Where(e => e.Account == account && e.Amount.Currency == currency).Sum(e => e.Amount.Minor);

    /// <summary>The balance as the holder reads it (owed to an expert, revenue earned) in minor units.</summary>
    public long Balance(LedgerAccount account, Currency currency) => account.InNormalDirection(new Money(Signed(account, currency), currency)).Minor;

    public IReadOnlyDictionary<string, long> AllBalances() => transactions.Values.SelectMany(t => t.Entries)
        .GroupBy(e => $"{e.Account.Key}/{e.Amount.Currency}")
        .ToDictionary(g => g.Key, g => g.Sum(e => e.Amount.Minor), StringComparer.Ordinal);

    public static string Describe(LedgerTransaction transaction) =>
        $"{transaction.Kind}|" + string.Join(";", transaction.Entries.Select(e => $"{e.Account.Key}={e.Amount.Minor}{e.Amount.Currency}"));
}
