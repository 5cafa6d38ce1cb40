using Headstore.Http.Admin;
using Headstore.Http.Ambassadors;
using Headstore.Http.Categories;
using Headstore.Http.Common;
using Headstore.Http.Content;
using Headstore.Http.Experts;
using Headstore.Http.Ledger;
using Headstore.Http.Messaging;
using Headstore.Http.Moderation;
using Headstore.Http.Offers;
using Headstore.Http.Payments;
using Headstore.Http.Payouts;
using Headstore.Http.Plans;
using Headstore.Http.Questions;
using Headstore.Http.Reports;
using Headstore.Http.Support;
using Headstore.Http.Sessions;

namespace Headstore.Http;

/// <summary>Every operation of the public API. Both hosts map exactly this list.</summary>
public static class HttpOperations
{
    public static IReadOnlyList<HttpOperation> All { get; } =
    [
        .. CategoryEndpoints.Operations,
        .. ExpertEndpoints.Operations,
        .. QuestionEndpoints.Operations,
        .. MessagingEndpoints.Operations,
        .. ContentEndpoints.Operations,
        .. ModerationEndpoints.Operations,
        .. AdminEndpoints.Operations,
        .. PaymentEndpoints.Operations,
        .. PayoutEndpoints.Operations,
        .. LedgerEndpoints.Operations,
        .. PlanEndpoints.Operations,
        .. ReportEndpoints.Operations,
        .. AmbassadorEndpoints.Operations,
        .. SupportEndpoints.Operations,
        .. OfferEndpoints.Operations,
        .. SessionEndpoints.Operations,
    ];
}
