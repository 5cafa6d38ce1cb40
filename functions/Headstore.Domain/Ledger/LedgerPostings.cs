using Headstore.Domain.Common;

namespace Headstore.Domain.Ledger;

public enum EarnerKind
{
    /// <summary>An expert's work: the expert's payable, the platform's commission and an ambassador's share.</summary>
    Expert,

    /// <summary>A membership or support plan: all platform subscription revenue.</summary>
    Subscription,

    /// <summary>Captured outside Headstore with nobody to credit yet: held in suspense for an admin.</summary>
    Unattributed,
}

/// <summary>Who earned a payment, and so which accounts its money is credited to.</summary>
public sealed record Earner(EarnerKind Kind, ExpertId? Expert = null, RevenueSplit? Split = null)
{
    public static Earner ForExpert(ExpertId expert, RevenueSplit split) => new(EarnerKind.Expert, expert, split.Validated());

    public static Earner Subscription { get; } = new(EarnerKind.Subscription);

    public static Earner Unattributed { get; } = new(EarnerKind.Unattributed);
}

/// <summary>
/// The standard money movements, each as one balanced <see cref="LedgerTransaction"/> with a line per fee, so an expert
/// reads "price 90.00" and "commission 10% −9.00" rather than a bare net amount. Signs: a debit is positive, a credit
/// negative. docs/money.md lists every posting with its entries.
/// </summary>
public static class LedgerPostings
{
    private enum Role
    {
        Gross,
        Commission,
        PlatformShare,
        AmbassadorShare,
    }

    /// <summary>
    /// A customer's card payment: Dr customer funds; Cr the earner. For an expert: Cr expert payable (price),
    /// Dr expert payable (commission), Cr platform commission, Cr ambassador payable (their share of the commission).
    /// </summary>
    public static LedgerTransaction CustomerCharge(string id, Earner earner, Money amount, string description, DateTimeOffset at, LedgerReferences references)
    {
        RequirePositive(amount);
        var entries = new List<LedgerEntry> { new(LedgerAccount.CustomerFunds, amount, "Card payment received") };
        entries.AddRange(EarningLines(earner, Money.Zero(amount.Currency), amount, sign: -1, role => role switch
        {
            Role.Gross => earner.Kind switch
            {
                EarnerKind.Expert => $"Price paid by the customer: {description}",
                EarnerKind.Subscription => $"Plan revenue: {description}",
                _ => "Payment not yet attributed to anyone",
            },
            Role.Commission => $"Headstore commission {RevenueSplit.Percent(earner.Split!.CommissionBasisPoints)}",
            Role.PlatformShare => "Commission earned",
            _ => $"Ambassador share {RevenueSplit.Percent(earner.Split!.AmbassadorBasisPoints)} of the commission",
        }));
        var kind = earner.Kind == EarnerKind.Subscription ? LedgerTransactionKind.SubscriptionCharge : LedgerTransactionKind.CustomerCharge;
        return new LedgerTransaction(id, kind, description, entries, at, references);
    }

    /// <summary>
    /// Gives back the slice [from, to) of a captured payment: the earner's lines of that slice reversed (the expert gives
    /// back their share, commission is returned), and Cr refunds by the amount.
    /// </summary>
    public static LedgerTransaction Refund(string id, Earner earner, Money from, Money to, string description, DateTimeOffset at, LedgerReferences references)
    {
        var amount = RequireSlice(from, to);
        var entries = new List<LedgerEntry>();
        entries.AddRange(EarningLines(earner, from, to, sign: +1, role => role switch
        {
            Role.Gross => earner.Kind == EarnerKind.Expert ? $"Refunded to the customer: {description}" : $"Refunded: {description}",
            Role.Commission => "Headstore commission returned on the refund",
            Role.PlatformShare => "Commission given back on a refund",
            _ => "Ambassador share given back on a refund",
        }));
        entries.Add(new LedgerEntry(LedgerAccount.Refunds, -amount, "Refund paid to the customer's card"));
        return new LedgerTransaction(id, LedgerTransactionKind.Refund, $"Refund: {description}", entries, at, references);
    }

    /// <summary>A dispute opened on the slice [from, to): the earnings of that slice are frozen in the disputes account.</summary>
    public static LedgerTransaction DisputeFreeze(string id, Earner earner, Money from, Money to, string description, DateTimeOffset at, LedgerReferences references)
    {
        var amount = RequireSlice(from, to);
        var entries = new List<LedgerEntry>();
        entries.AddRange(EarningLines(earner, from, to, sign: +1, role => role switch
        {
            Role.Gross => $"Frozen: the cardholder disputed {description}",
            Role.Commission => "Headstore commission on the disputed amount, frozen too",
            Role.PlatformShare => "Commission frozen by a dispute",
            _ => "Ambassador share frozen by a dispute",
        }));
        entries.Add(new LedgerEntry(LedgerAccount.Disputes, -amount, "Held while the dispute is open"));
        return new LedgerTransaction(id, LedgerTransactionKind.DisputeFreeze, $"Card dispute opened: {description}", entries, at, references);
    }

    /// <summary>The dispute was won: exactly the frozen lines go back to their owners.</summary>
    public static LedgerTransaction DisputeWon(string id, Earner earner, Money from, Money to, string description, DateTimeOffset at, LedgerReferences references)
    {
        var amount = RequireSlice(from, to);
        var entries = new List<LedgerEntry> { new(LedgerAccount.Disputes, amount, "Released: the dispute was won") };
        entries.AddRange(EarningLines(earner, from, to, sign: -1, role => role switch
        {
            Role.Gross => $"Released: dispute won on {description}",
            Role.Commission => "Headstore commission on the released amount",
            Role.PlatformShare => "Commission released after a won dispute",
            _ => "Ambassador share released after a won dispute",
        }));
        return new LedgerTransaction(id, LedgerTransactionKind.DisputeWon, $"Card dispute won: {description}", entries, at, references);
    }

    /// <summary>
    /// The dispute was lost: the frozen money went back to the cardholder (Dr disputes, Cr customer funds). When the card
    /// network took back more than was left unrefunded, the platform absorbs the excess (Dr platform commission).
    /// </summary>
    public static LedgerTransaction DisputeLost(string id, Money frozen, Money excess, string description, DateTimeOffset at, LedgerReferences references)
    {
        if (frozen.IsNegative || excess.IsNegative || (frozen.Minor == 0 && excess.Minor == 0))
        {
            throw new InvalidOperationException("A lost dispute moves a positive amount.");
        }

        var entries = new List<LedgerEntry>();
        if (frozen.IsPositive)
        {
            entries.Add(new LedgerEntry(LedgerAccount.Disputes, frozen, "Frozen amount returned to the cardholder"));
        }

        if (excess.IsPositive)
        {
            entries.Add(new LedgerEntry(LedgerAccount.PlatformCommission, excess, "Chargeback beyond the unrefunded amount, absorbed by Headstore"));
        }

        entries.Add(new LedgerEntry(LedgerAccount.CustomerFunds, -(frozen + excess), "Taken back by the card network"));
        return new LedgerTransaction(id, LedgerTransactionKind.DisputeLost, $"Card dispute lost: {description}", entries, at, references);
    }

    /// <summary>
    /// A payout sent to an expert's connected account: each payable account given is debited by its balance (netting a
    /// negative expert payable against what they are owed), and payouts in transit credited by the total sent.
    /// </summary>
    public static LedgerTransaction PayoutSent(string id, IReadOnlyList<(LedgerAccount Account, Money Balance)> payables, string description, DateTimeOffset at, LedgerReferences references)
    {
        var lines = payables.Where(p => p.Balance.Minor != 0).ToArray();
        if (lines.Length == 0)
        {
            throw new InvalidOperationException("A payout needs at least one non-zero payable.");
        }

        var currency = lines[0].Balance.Currency;
        var total = lines.Aggregate(Money.Zero(currency), (sum, p) => sum + p.Balance);
        RequirePositive(total);
        var entries = lines.Select(p => new LedgerEntry(p.Account, p.Balance, p.Account.Kind == LedgerAccountKind.AmbassadorPayable ? "Ambassador earnings paid out" : "Paid out to your payout account")).ToList();
        entries.Add(new LedgerEntry(LedgerAccount.PayoutsInTransit, -total, "On its way to the expert's bank"));
        return new LedgerTransaction(id, LedgerTransactionKind.PayoutSent, description, entries, at, references);
    }

    /// <summary>A payout that could not be sent: the exact reverse of <see cref="PayoutSent"/>.</summary>
    public static LedgerTransaction PayoutFailed(string id, LedgerTransaction sent, string description, DateTimeOffset at)
    {
        if (sent.Kind != LedgerTransactionKind.PayoutSent)
        {
            throw new InvalidOperationException("Only a sent payout can fail.");
        }

        var entries = sent.Entries.Select(e => new LedgerEntry(e.Account, -e.Amount, e.Account.Kind == LedgerAccountKind.PayoutsInTransit ? "Payout not sent" : "Payout failed: owed to you again")).ToArray();
        return new LedgerTransaction(id, LedgerTransactionKind.PayoutFailed, description, entries, at, sent.References);
    }

    /// <summary>The expert's bank received the payout: Dr payouts in transit, Cr customer funds (the money left the provider).</summary>
    public static LedgerTransaction PayoutPaid(string id, Money amount, string description, DateTimeOffset at, LedgerReferences references)
    {
        RequirePositive(amount);
        return new LedgerTransaction(id, LedgerTransactionKind.PayoutPaid, description,
        [
            new LedgerEntry(LedgerAccount.PayoutsInTransit, amount, "Arrived at the expert's bank"),
            new LedgerEntry(LedgerAccount.CustomerFunds, -amount, "Paid out of the provider balance"),
        ], at, references);
    }

    /// <summary>
    /// Part of a transfer taken back from the expert's connected account before it reached their bank, to settle what
    /// they owe after a refund: Dr payouts in transit, Cr expert payable.
    /// </summary>
    public static LedgerTransaction TransferReversal(string id, ExpertId expert, Money amount, string description, DateTimeOffset at, LedgerReferences references)
    {
        RequirePositive(amount);
        return new LedgerTransaction(id, LedgerTransactionKind.TransferReversal, description,
        [
            new LedgerEntry(LedgerAccount.PayoutsInTransit, amount, "Taken back from the transfer"),
            new LedgerEntry(LedgerAccount.ExpertPayable(expert), -amount, "Taken back from your last transfer to settle a refund"),
        ], at, references);
    }

    /// <summary>An explicit conversion of an account's money from one currency to another, through the conversion account.</summary>
    public static LedgerTransaction Conversion(string id, LedgerAccount account, Money from, Money to, string description, DateTimeOffset at, LedgerReferences references)
    {
        RequirePositive(from);
        RequirePositive(to);
        if (from.Currency == to.Currency)
        {
            throw new InvalidOperationException("A conversion is between two currencies.");
        }

        var sign = account.NormalSide == NormalSide.Debit ? 1 : -1;
        return new LedgerTransaction(id, LedgerTransactionKind.CurrencyConversion, description,
        [
            new LedgerEntry(account, from.Multiply(-sign), $"Converted to {to.Currency}"),
            new LedgerEntry(LedgerAccount.CurrencyConversion, from.Multiply(sign), $"{from.Format()} in"),
            new LedgerEntry(LedgerAccount.CurrencyConversion, to.Multiply(-sign), $"{to.Format()} out"),
            new LedgerEntry(account, to.Multiply(sign), $"Converted from {from.Currency}"),
        ], at, references);
    }

    /// <summary>The earner's lines for the slice [from, to), credits when <paramref name="sign"/> is −1; zero lines are left out.</summary>
    private static IEnumerable<LedgerEntry> EarningLines(Earner earner, Money from, Money to, int sign, Func<Role, string> memo)
    {
        var gross = to - from;
        switch (earner.Kind)
        {
            case EarnerKind.Subscription:
                yield return new LedgerEntry(LedgerAccount.PlatformSubscriptions, gross.Multiply(sign), memo(Role.Gross));
                yield break;
            case EarnerKind.Unattributed:
                yield return new LedgerEntry(LedgerAccount.Suspense, gross.Multiply(sign), memo(Role.Gross));
                yield break;
        }

        var expert = LedgerAccount.ExpertPayable(earner.Expert ?? throw new InvalidOperationException("An expert earner names the expert."));
        var split = earner.Split!;
        var parts = split.OfSlice(from, to);
        yield return new LedgerEntry(expert, gross.Multiply(sign), memo(Role.Gross));
        if (parts.Commission.Minor != 0)
        {
            yield return new LedgerEntry(expert, parts.Commission.Multiply(-sign), memo(Role.Commission));
        }

        if (parts.Platform.Minor != 0)
        {
            yield return new LedgerEntry(LedgerAccount.PlatformCommission, parts.Platform.Multiply(sign), memo(Role.PlatformShare));
        }

        if (parts.Ambassador.Minor != 0)
        {
            yield return new LedgerEntry(LedgerAccount.AmbassadorPayable(split.Ambassador!.Value), parts.Ambassador.Multiply(sign), memo(Role.AmbassadorShare));
        }
    }

    private static Money RequireSlice(Money from, Money to)
    {
        var amount = to - from;
        if (from.IsNegative || !amount.IsPositive)
        {
            throw new InvalidOperationException($"A slice runs forward from zero or more: [{from}, {to}).");
        }

        return amount;
    }

    private static void RequirePositive(Money amount)
    {
        if (!amount.IsPositive)
        {
            throw new InvalidOperationException($"A posting moves a positive amount, not {amount}.");
        }
    }
}
