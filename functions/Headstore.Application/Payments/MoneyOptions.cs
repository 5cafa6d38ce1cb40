using System.ComponentModel.DataAnnotations;
using Headstore.Domain.Ledger;

namespace Headstore.Application.Payments;

/// <summary>The money rules that are settings, bound from the "Money" section and checked at start-up.</summary>
public sealed class MoneyOptions
{
    public const string Section = "Money";

    /// <summary>Headstore's commission on what customers pay for experts' work, in basis points (1000 = 10%).</summary>
    [Range(0, 10_000)]
    public int CommissionBasisPoints { get; set; } = RevenueSplit.DefaultCommissionBasisPoints;

    /// <summary>The lowest and highest price of a paid question, in minor units of its currency.</summary>
    [Range(50, 10_000_000)]
    public long MinimumQuestionPriceMinor { get; set; } = 100;

    [Range(50, 10_000_000)]
    public long MaximumQuestionPriceMinor { get; set; } = 100_000;

    /// <summary>An answered paid question whose asker neither rated nor withdrew is accepted (and captured) this long after its first answer.</summary>
    public TimeSpan AutoAcceptAfter { get; set; } = TimeSpan.FromDays(3);

    /// <summary>A paid question still unanswered this long after it was asked is released: the customer pays nothing.</summary>
    public TimeSpan UnansweredExpiry { get; set; } = TimeSpan.FromDays(14);

    /// <summary>Payable balances below this (minor units) wait for a later week.</summary>
    [Range(1, 1_000_000)]
    public long MinimumPayoutMinor { get; set; } = 100;

    /// <summary>Where dispute alerts go.</summary>
    [EmailAddress]
    public string AdminEmail { get; set; } = "admin@headstore.local";

    public RevenueSplit Commission => RevenueSplit.Commission(CommissionBasisPoints);
}
