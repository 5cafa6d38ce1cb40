using System.Text;
using Headstore.Application.Common;
using Headstore.Domain.Common;

namespace Headstore.Application.Payments;

/// <summary>A webhook delivery from the payment provider: verified by its signature, then handled once.</summary>
public sealed class ReceivePaymentWebhookHandler(IPaymentEventReader reader, HandlePaymentProviderEventHandler handler)
{
    public async Task<Result<ProviderEventReceipt>> HandleAsync(string? signatureHeader, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var read = reader.VerifyWebhook(signatureHeader, body.Span);
        return read.IsSuccess ? await handler.HandleAsync(read.Value, cancellationToken) : read.Error!;
    }
}

/// <summary>
/// Delivers the local sandbox's provider-shaped events, through the same reader and handler as the webhook. A failure
/// throws, so the outbox retries the event as the provider would retry a webhook.
/// </summary>
public sealed class SandboxPaymentEventDelivery(IPaymentEventReader reader, HandlePaymentProviderEventHandler handler) : IEventHandler<PaymentProviderEventRaised>
{
    public async Task HandleAsync(PaymentProviderEventRaised integrationEvent, CancellationToken cancellationToken)
    {
        var read = reader.Read(Encoding.UTF8.GetBytes(integrationEvent.Payload));
        if (!read.IsSuccess)
        {
            throw new InvalidOperationException($"The sandbox raised an unreadable event: {read.Error!.Code}");
        }

        var handled = await handler.HandleAsync(read.Value, cancellationToken);
        if (!handled.IsSuccess)
        {
            throw new InvalidOperationException($"Payment provider event {read.Value.EventId} could not be handled: {handled.Error!.Code}");
        }
    }
}
