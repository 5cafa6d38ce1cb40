using Headstore.Application.Common;
using Headstore.Application.Users;
using Headstore.Domain.Common;
using Headstore.Domain.Payments;

namespace Headstore.Application.Payments;

/// <param name="PaymentMethodId">The provider's id of a card the browser collected (with Stripe.js; test cards such as pm_card_visa). Without it, a card setup for the browser to confirm is started.</param>
public sealed record SavePaymentMethodCommand(string? PaymentMethodId);

/// <param name="ClientSecret">Only for the browser flow (no payment method given): what Stripe.js needs to confirm the card.</param>
public sealed record PaymentMethodView(string SetupId, string Status, string? ClientSecret, string? PaymentMethodId, bool IsDefault, DateTimeOffset? SavedAt);

/// <summary>
/// Saves the customer's card for paid questions, plans and sessions. The provider verifies it on the spot (a declined
/// card answers 402 and nothing is saved); the card number never reaches Headstore.
/// </summary>
public sealed class SavePaymentMethodHandler(IDocumentStore store, IPaymentGateway gateway, UserDirectory users, TimeProvider clock)
{
    public async Task<Result<PaymentMethodView>> HandleAsync(Actor actor, SavePaymentMethodCommand command, CancellationToken cancellationToken)
    {
        if (actor.RequireSignedIn() is { } denied)
        {
            return denied;
        }

        var paymentMethod = command.PaymentMethodId?.Trim();
        if (paymentMethod is not null && (paymentMethod.Length is < 3 or > 100 || !paymentMethod.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')))
        {
            return Error.Validation("paymentMethodId", "Use the payment method id the payment form returned (e.g. pm_…).");
        }

        var profile = await EnsureProfileAsync(actor, cancellationToken);
        if (!profile.IsSuccess)
        {
            return profile.Error!;
        }

        var key = paymentMethod is null ? $"card-setup:{actor.UserId}:{Guid.NewGuid():N}" : $"card-setup:{actor.UserId}:{paymentMethod}";
        var setup = await gateway.CreateCardSetupAsync(new CardSetupRequest(profile.Value.ProviderCustomerId, key, paymentMethod), cancellationToken);
        if (!setup.IsSuccess)
        {
            // The provider names its own parameter; the caller sent paymentMethodId.
            return setup.Error!.Kind == ErrorKind.Validation ? Error.Validation("paymentMethodId", "No such payment method.") : setup.Error!;
        }

        if (!setup.Value.Succeeded || setup.Value.PaymentMethodId is not { } saved)
        {
            return new PaymentMethodView(setup.Value.SetupId, setup.Value.Status, setup.Value.ClientSecret, null, false, null);
        }

        var now = clock.GetUtcNow();
        var result = await Concurrency.RetryOnConflictAsync(async () =>
        {
            var current = await store.FindAsync<PaymentProfile>(actor.UserId.Value, cancellationToken);
            var work = store.BeginWork();
            work.Update(current!.WithCard(saved, now));
            return await work.CommitReturningAsync(new PaymentMethodView(setup.Value.SetupId, setup.Value.Status, null, saved, true, now), cancellationToken);
        });
        return result;
    }

    /// <summary>The customer's provider customer, created the first time (idempotently per user).</summary>
    public async Task<Result<PaymentProfile>> EnsureProfileAsync(Actor actor, CancellationToken cancellationToken)
    {
        var existing = await store.FindAsync<PaymentProfile>(actor.UserId.Value, cancellationToken);
        if (existing is not null)
        {
            return existing;
        }

        var customer = await gateway.EnsureCustomerAsync(new EnsureCustomerRequest(actor.UserId, actor.Email, actor.Name, null, $"customer:{actor.UserId}"), cancellationToken);
        if (!customer.IsSuccess)
        {
            return customer.Error!;
        }

        var profile = new PaymentProfile(actor.UserId, customer.Value.CustomerId, null, null, clock.GetUtcNow(), 0);
        var work = store.BeginWork();
        await users.EnsureAsync(actor, work, cancellationToken);
        work.AddIfAbsent(profile);
        var commit = await work.CommitAsync(cancellationToken);
        if (!commit.IsSuccess)
        {
            return commit.Error!;
        }

        return await store.FindAsync<PaymentProfile>(actor.UserId.Value, cancellationToken) is { } stored ? stored : Error.ConcurrencyConflict();
    }
}
