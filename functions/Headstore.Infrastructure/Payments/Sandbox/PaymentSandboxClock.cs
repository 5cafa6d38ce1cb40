using Headstore.Application.Common;

namespace Headstore.Infrastructure.Payments.Sandbox;

/// <summary>What the sandbox's clock needs to find among its own objects; each store keeps them its way.</summary>
public interface IPaymentSandboxObjects
{
    /// <summary>Ids of authorisations (intents awaiting capture) created at or before <paramref name="cut"/>.</summary>
    Task<IReadOnlyList<string>> AuthorisationsCreatedBeforeAsync(DateTimeOffset cut, int limit, CancellationToken cancellationToken);

    /// <summary>Transfers not yet paid out to the bank, created at or before <paramref name="cut"/>, with their connected account.</summary>
    Task<IReadOnlyList<(string TransferId, string Destination)>> UnpaidTransfersCreatedBeforeAsync(DateTimeOffset cut, int limit, CancellationToken cancellationToken);
}

/// <summary>
/// What the provider does by itself as time passes, for the sandbox: authorisations left uncaptured for seven days
/// lapse (payment_intent.canceled), and transfers to a connected account are paid out to its bank two days later
/// (payout.paid), as Stripe's default payout schedule does.
/// </summary>
public sealed class PaymentSandboxClock(IPaymentSandboxObjects objects, SandboxPaymentGateway sandbox, TimeProvider clock) : IPeriodicJob
{
    public static readonly TimeSpan PayoutDelay = TimeSpan.FromDays(2);

    public string Name => "payment-sandbox";

    public TimeSpan Interval => TimeSpan.FromMinutes(15);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        foreach (var id in await objects.AuthorisationsCreatedBeforeAsync(now - SandboxPaymentGateway.AuthorisationValidity, 500, cancellationToken))
        {
            await sandbox.ExpireAsync(id, cancellationToken);
        }

        var due = await objects.UnpaidTransfersCreatedBeforeAsync(now - PayoutDelay, 1000, cancellationToken);
        foreach (var account in due.GroupBy(t => t.Destination))
        {
            await sandbox.PayOutAsync(account.Key, account.Select(t => t.TransferId).ToArray(), cancellationToken);
        }
    }
}
