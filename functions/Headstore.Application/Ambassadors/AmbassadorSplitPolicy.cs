using System.ComponentModel.DataAnnotations;
using Headstore.Application.Common;
using Headstore.Application.Payments;
using Headstore.Domain.Ambassadors;
using Headstore.Domain.Common;
using Headstore.Domain.Ledger;
using Headstore.Domain.Payments;
using Microsoft.Extensions.Options;

namespace Headstore.Application.Ambassadors;

/// <summary>The ambassador programme's settings, bound from the "Ambassadors" section.</summary>
public sealed class AmbassadorOptions
{
    public const string Section = "Ambassadors";

    /// <summary>The ambassador's share of Headstore's commission, in basis points of the commission (2000 = 20%).</summary>
    [Range(0, 10_000)]
    public int ShareBasisPoints { get; set; } = 2000;

    /// <summary>How long after the referral is accepted the ambassador shares in the expert's sessions; zero: for good.</summary>
    public TimeSpan ShareDuration { get; set; } = TimeSpan.FromDays(365);

    /// <summary>How long after creating their profile an expert can still say who referred them.</summary>
    public TimeSpan ClaimWindow { get; set; } = TimeSpan.FromDays(30);

    /// <summary>What the ambassador shares in, comma-separated: "session" (the product's rule); "question" and "offer" can be added.</summary>
    public string SharedPurposes { get; set; } = "session";

    public IReadOnlySet<PaymentPurpose> Purposes => SharedPurposes
        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(p => Enum.TryParse<PaymentPurpose>(p, ignoreCase: true, out var purpose) ? purpose : throw new InvalidOperationException($"Ambassadors:SharedPurposes: '{p}' is not a payment purpose."))
        .ToHashSet();

    public TimeSpan? ShareFor => ShareDuration > TimeSpan.Zero ? ShareDuration : null;
}

/// <summary>
/// The configured commission, plus the ambassador's share of it when the expert was referred, the referral is
/// accepted and still running at the time of the capture, and the payment is for something ambassadors share in
/// (sessions). Every capture asks this policy, so the ledger's charge posting credits the ambassador's payable.
/// </summary>
public sealed class AmbassadorSplitPolicy(IDocumentStore store, IOptions<MoneyOptions> money, IOptions<AmbassadorOptions> options, TimeProvider clock) : IRevenueSplitPolicy
{
    public async Task<RevenueSplit> ForAsync(ExpertId expert, PaymentPurpose purpose, CancellationToken cancellationToken)
    {
        var commission = money.Value.Commission;
        if (!options.Value.Purposes.Contains(purpose) || options.Value.ShareBasisPoints == 0)
        {
            return commission;
        }

        var referral = await store.FindAsync<ExpertReferral>(expert.Value, cancellationToken);
        return referral is not null && referral.SharesAt(clock.GetUtcNow())
            ? commission with { Ambassador = referral.AmbassadorId, AmbassadorBasisPoints = options.Value.ShareBasisPoints }
            : commission;
    }
}
