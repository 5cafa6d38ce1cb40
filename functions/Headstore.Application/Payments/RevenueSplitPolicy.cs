using Headstore.Domain.Common;
using Headstore.Domain.Ledger;
using Headstore.Domain.Payments;
using Microsoft.Extensions.Options;

namespace Headstore.Application.Payments;

/// <summary>
/// Decides how what a customer pays an expert is divided: the platform's commission and, where a rule gives one, an
/// ambassador's share. The one place every capture asks, so a new rule (ambassadors, per-plan commission) changes one
/// implementation, not every use case.
/// </summary>
public interface IRevenueSplitPolicy
{
    Task<RevenueSplit> ForAsync(ExpertId expert, PaymentPurpose purpose, CancellationToken cancellationToken);
}

/// <summary>The configured commission for every kind of payment, and no ambassador share.</summary>
public sealed class CommissionOnlySplitPolicy(IOptions<MoneyOptions> options) : IRevenueSplitPolicy
{
    public Task<RevenueSplit> ForAsync(ExpertId expert, PaymentPurpose purpose, CancellationToken cancellationToken) =>
        Task.FromResult(options.Value.Commission);
}
