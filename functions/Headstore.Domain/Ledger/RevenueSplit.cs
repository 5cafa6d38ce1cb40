using System.Globalization;
using Headstore.Domain.Common;

namespace Headstore.Domain.Ledger;

/// <summary>
/// How what a customer pays for an expert's work is divided: the platform's commission (basis points of the price)
/// and, when the expert was referred, the ambassador's share (basis points of that commission). Every division goes
/// through <see cref="Money.Split"/>, the one rounding rule; the expert takes the remainder of the commission split and
/// the platform the remainder of the ambassador split, so the parts always add up to the whole.
/// </summary>
public sealed record RevenueSplit(int CommissionBasisPoints, UserId? Ambassador = null, int AmbassadorBasisPoints = 0)
{
    public const int DefaultCommissionBasisPoints = 1000;

    public static RevenueSplit Commission(int basisPoints) => new(basisPoints);

    public bool HasAmbassador => Ambassador is { Value.Length: > 0 } && AmbassadorBasisPoints > 0;

    /// <summary>Thrown for settings outside 0–10,000 basis points: a configuration bug, caught at start-up.</summary>
    public RevenueSplit Validated()
    {
        if (CommissionBasisPoints is < 0 or > 10_000 || AmbassadorBasisPoints is < 0 or > 10_000)
        {
            throw new ArgumentOutOfRangeException(nameof(CommissionBasisPoints), "Shares are between 0 and 10,000 basis points.");
        }

        return this;
    }

    /// <summary>The parts of an amount.</summary>
    public SplitAmounts Of(Money amount)
    {
        var (commission, expert) = amount.Split(CommissionBasisPoints);
        if (!HasAmbassador)
        {
            return new SplitAmounts(expert, commission, Money.Zero(amount.Currency));
        }

        var (ambassador, platform) = commission.Split(AmbassadorBasisPoints);
        return new SplitAmounts(expert, platform, ambassador);
    }

    /// <summary>
    /// The parts of the slice [from, to) of a payment: Of(to) − Of(from). Refunds and disputes take slices of a payment,
    /// so however a payment is cut up, the slices' parts add up exactly to the whole payment's parts: a payment refunded
    /// in three pieces gives back exactly the commission it earned, never a cent more or less.
    /// </summary>
    public SplitAmounts OfSlice(Money from, Money to) => Of(to) - Of(from);

    public static string Percent(int basisPoints) =>
        (basisPoints / 100m).ToString(basisPoints % 100 == 0 ? "0" : "0.##", CultureInfo.InvariantCulture) + "%";
}

/// <summary>The parts of an amount: expert, platform and ambassador. They always sum to the amount.</summary>
public readonly record struct SplitAmounts(Money Expert, Money Platform, Money Ambassador)
{
    public Money Commission => Platform + Ambassador;

    public Money Total => Expert + Platform + Ambassador;

    public static SplitAmounts operator -(SplitAmounts left, SplitAmounts right) =>
        new(left.Expert - right.Expert, left.Platform - right.Platform, left.Ambassador - right.Ambassador);
}
