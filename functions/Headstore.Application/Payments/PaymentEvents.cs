using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Payments;

namespace Headstore.Application.Payments;

public sealed record PaymentCaptured(PaymentId PaymentId, UserId CustomerId, ExpertId? ExpertId) : IntegrationEvent;

public sealed record PaymentRefunded(PaymentId PaymentId, UserId CustomerId, ExpertId? ExpertId, Money Amount) : IntegrationEvent;

/// <param name="Reason">Why nothing was taken: "withdrawn", "unanswered", "renewal-declined", "lapsed".</param>
public sealed record PaymentReleased(PaymentId PaymentId, UserId CustomerId, string Reason) : IntegrationEvent;

public sealed record DisputeOpened(string DisputeId, PaymentId PaymentId, Money Amount, string Reason) : IntegrationEvent;

public sealed record PayoutSent(PayoutId PayoutId, ExpertId ExpertId, Money Amount) : IntegrationEvent;

public sealed record PayoutNotSent(PayoutId PayoutId, ExpertId ExpertId, Money Amount, string FailureCode) : IntegrationEvent;

public sealed record BankPayoutFailed(ExpertId ExpertId, string FailureCode) : IntegrationEvent;
