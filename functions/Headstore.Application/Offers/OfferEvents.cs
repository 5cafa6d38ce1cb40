using Headstore.Application.Common;
using Headstore.Domain.Offers;

namespace Headstore.Application.Offers;

/// <summary>
/// Something about an offer that people are told of (sent, accepted, reminder, prompt…): a notice effect of the
/// lifecycle, published in the same commit as the transition. Carries ids only, never text a party wrote.
/// </summary>
public sealed record OfferNoticeRaised(OfferId OfferId, OfferNotice Notice) : IntegrationEvent;
