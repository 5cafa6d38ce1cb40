using Headstore.Http.Payments;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Headstore.Functions.Http;

/// <summary>The payment operations (cards, receipts, refunds, disputes, the Stripe webhook) as HTTP functions; routes, types and handlers are declared once in <see cref="PaymentEndpoints"/>.</summary>
public static class PaymentFunctions
{
    [Function(nameof(PaymentEndpoints.SavePaymentMethod))]
    public static Task<IActionResult> SavePaymentMethod([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "me/payment-methods")] HttpRequest req) =>
        Operations.RunAsync(nameof(PaymentEndpoints.SavePaymentMethod), req);

    [Function(nameof(PaymentEndpoints.ListReceipts))]
    public static Task<IActionResult> ListReceipts([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/receipts")] HttpRequest req) =>
        Operations.RunAsync(nameof(PaymentEndpoints.ListReceipts), req);

    [Function(nameof(PaymentEndpoints.WithdrawQuestionPayment))]
    public static Task<IActionResult> WithdrawQuestionPayment([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "questions/{questionId}/refund-request")] HttpRequest req, string questionId) =>
        Operations.RunAsync(nameof(PaymentEndpoints.WithdrawQuestionPayment), req, ("questionId", questionId));

    [Function(nameof(PaymentEndpoints.StripeWebhook))]
    public static Task<IActionResult> StripeWebhook([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "webhooks/stripe")] HttpRequest req) =>
        Operations.RunAsync(nameof(PaymentEndpoints.StripeWebhook), req);

    [Function(nameof(PaymentEndpoints.RefundPayment))]
    public static Task<IActionResult> RefundPayment([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/refunds")] HttpRequest req) =>
        Operations.RunAsync(nameof(PaymentEndpoints.RefundPayment), req);

    [Function(nameof(PaymentEndpoints.ListDisputes))]
    public static Task<IActionResult> ListDisputes([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/disputes")] HttpRequest req) =>
        Operations.RunAsync(nameof(PaymentEndpoints.ListDisputes), req);
}
