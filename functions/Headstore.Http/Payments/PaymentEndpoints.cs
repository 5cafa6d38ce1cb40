using Headstore.Application.Common;
using Headstore.Application.Payments;
using Headstore.Application.Questions;
using Headstore.Domain.Common;
using Headstore.Http.Common;
using Microsoft.Extensions.DependencyInjection;

namespace Headstore.Http.Payments;

public static class PaymentEndpoints
{
    public const string StripeSignatureHeader = "Stripe-Signature";

    public static readonly IReadOnlyList<HttpOperation> Operations =
    [
        new(nameof(SavePaymentMethod), "POST", "/api/me/payment-methods", SavePaymentMethod, OperationAccess.SignedIn, "Payments", "Save a card for paid questions, plans and sessions: a test or Stripe.js payment method id, verified now; without one, start a card setup for the browser", typeof(SavePaymentMethodCommand), typeof(PaymentMethodView), RateLimit: RateLimitKind.Write),
        new(nameof(ListReceipts), "GET", "/api/me/receipts", ListReceipts, OperationAccess.SignedIn, "Payments", "Your receipts, newest first: what you paid, for what, how it divides, refunds", ResponseType: typeof(Page<ReceiptView>)),
        new(nameof(WithdrawQuestionPayment), "POST", "/api/questions/{questionId}/refund-request", WithdrawQuestionPayment, OperationAccess.SignedIn, "Payments", "The asker withdraws a paid question's payment before accepting an answer: the card hold is released and the question closes", ResponseType: typeof(QuestionPaymentView), RateLimit: RateLimitKind.Write),
        new(nameof(StripeWebhook), "POST", "/api/webhooks/stripe", StripeWebhook, OperationAccess.Signed, "Payments", "Stripe webhook: signature-verified (300 s tolerance), each event processed once", ResponseType: typeof(ProviderEventReceipt), RateLimit: RateLimitKind.None),
        new(nameof(RefundPayment), "POST", "/api/admin/refunds", RefundPayment, OperationAccess.SignedIn, "Admin", "Refund a payment fully or partly (admins); the ledger reverses the refunded part's split", typeof(RefundPaymentCommand), typeof(RefundView), RateLimit: RateLimitKind.Write),
        new(nameof(ListDisputes), "GET", "/api/admin/disputes", ListDisputes, OperationAccess.SignedIn, "Admin", "Card disputes (status=open|closed|all), newest first", ResponseType: typeof(Page<DisputeView>)),
        new(nameof(CompleteSandboxOnboarding), "GET", "/api/local-payments/onboarding/{accountId}", CompleteSandboxOnboarding, OperationAccess.Public, "Local payment sandbox", "The sandbox's stand-in for Stripe's hosted onboarding page: opening the link activates payouts (local host without a Stripe key only)", ResponseType: typeof(PayoutReadiness)),
    ];

    public static Task<ApiResponse> SavePaymentMethod(HttpContext http, CancellationToken cancellationToken) =>
        http.WithBody<SavePaymentMethodCommand>(cancellationToken, command =>
            http.Service<SavePaymentMethodHandler>().HandleAsync(http.GetActor(), command, cancellationToken).ToOk());

    public static async Task<ApiResponse> ListReceipts(HttpContext http, CancellationToken cancellationToken)
    {
        var limit = http.QueryInt("limit");
        return limit.IsSuccess
            ? await http.Service<ListReceiptsHandler>().HandleAsync(http.GetActor(), new ListReceiptsQuery(limit.Value, http.Query("cursor")), cancellationToken).ToOk()
            : ApiResponse.Problem(limit.Error!);
    }

    public static Task<ApiResponse> WithdrawQuestionPayment(HttpContext http, CancellationToken cancellationToken) =>
        http.Service<WithdrawQuestionPaymentHandler>().HandleAsync(http.GetActor(), http.Route("questionId"), cancellationToken).ToOk();

    /// <summary>The signature covers the exact bytes received, so the body is read raw, never parsed and re-serialised first.</summary>
    public static async Task<ApiResponse> StripeWebhook(HttpContext http, CancellationToken cancellationToken)
    {
        var body = await http.ReadRawBodyAsync(cancellationToken);
        if (!body.IsSuccess)
        {
            return ApiResponse.Problem(body.Error!);
        }

        return await http.Service<ReceivePaymentWebhookHandler>().HandleAsync(http.Request.Headers[StripeSignatureHeader].ToString(), body.Value, cancellationToken).ToOk();
    }

    public static Task<ApiResponse> RefundPayment(HttpContext http, CancellationToken cancellationToken) =>
        http.WithBody<RefundPaymentCommand>(cancellationToken, command =>
            http.Service<RefundPaymentHandler>().HandleAsync(http.GetActor(), command, cancellationToken).ToOk());

    public static async Task<ApiResponse> ListDisputes(HttpContext http, CancellationToken cancellationToken)
    {
        var limit = http.QueryInt("limit");
        return limit.IsSuccess
            ? await http.Service<ListDisputesHandler>().HandleAsync(http.GetActor(), new ListDisputesQuery(http.Query("status"), limit.Value, http.Query("cursor")), cancellationToken).ToOk()
            : ApiResponse.Problem(limit.Error!);
    }

    public static async Task<ApiResponse> CompleteSandboxOnboarding(HttpContext http, CancellationToken cancellationToken)
    {
        var sandbox = http.RequestServices.GetService<IPaymentSandboxControl>();
        return sandbox is null
            ? ApiResponse.Problem(Error.NotFound("The local payment sandbox"))
            : await sandbox.CompleteOnboardingAsync(http.Route("accountId"), http.Query("token") ?? "", cancellationToken).ToOk();
    }
}
