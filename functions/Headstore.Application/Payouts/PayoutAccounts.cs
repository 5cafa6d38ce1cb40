using Headstore.Application.Ambassadors;
using Headstore.Application.Common;
using Headstore.Application.Notifications;
using Headstore.Application.Payments;
using Headstore.Domain.Common;
using Headstore.Domain.Experts;
using Headstore.Domain.Payments;
using Microsoft.Extensions.Options;

namespace Headstore.Application.Payouts;

public sealed record SetUpPayoutAccountCommand(string? Country);

/// <param name="OnboardingUrl">The provider's hosted form ("Activate payout"); single use and short-lived, so ask again for a fresh one.</param>
public sealed record PayoutAccountView(string AccountId, string Country, bool DetailsSubmitted, bool PayoutsEnabled, bool CanReceivePayouts, Uri? OnboardingUrl, DateTimeOffset? OnboardingLinkExpiresAt)
{
    public static PayoutAccountView From(PayoutAccount account, OnboardingLink? link = null) =>
        new(account.ConnectedAccountId, account.Country, account.DetailsSubmitted, account.PayoutsEnabled, account.CanReceivePayouts, link?.Url, link?.ExpiresAt);
}

/// <summary>
/// "Activate payout": creates the expert's connected account (once, in a supported payout country) and returns a fresh
/// link to the provider's hosted onboarding, where the expert gives their identity and bank details to the provider
/// directly. Payouts start once the provider says the account can receive them.
/// </summary>
public sealed class SetUpPayoutAccountHandler(IDocumentStore store, IPaymentGateway gateway, IOptions<NotificationOptions> notifications, TimeProvider clock)
{
    public async Task<Result<PayoutAccountView>> HandleAsync(Actor actor, SetUpPayoutAccountCommand command, CancellationToken cancellationToken)
    {
        if (actor.RequirePayee() is { } denied)
        {
            return denied;
        }

        var country = PayoutCountries.Normalize(command.Country);
        if (country is null)
        {
            return Error.Validation("country", $"Payouts are available in {string.Join(", ", PayoutCountries.All)}.");
        }

        var expert = ExpertId.For(actor.UserId);
        if (!actor.IsInRole(Roles.Ambassador) && await store.FindAsync<ExpertProfile>(expert.Value, cancellationToken) is null)
        {
            return Error.Rule("profile-required", "Create your expert profile before activating payouts.");
        }

        var account = await store.FindAsync<PayoutAccount>(expert.Value, cancellationToken);
        if (account is not null && account.Country != country)
        {
            return Error.Rule("payout-country-fixed", $"Your payout account is in {account.Country}; its country cannot change.");
        }

        if (account is null)
        {
            var created = await gateway.CreateConnectedAccountAsync(new CreateConnectedAccountRequest(expert, country, actor.Email, $"connected-account:{expert}"), cancellationToken);
            if (!created.IsSuccess)
            {
                return created.Error!;
            }

            var now = clock.GetUtcNow();
            var readiness = created.Value.Readiness;
            account = new PayoutAccount(expert, created.Value.AccountId, country, readiness.DetailsSubmitted, readiness.PayoutsEnabled, readiness.ChargesEnabled, now, now, 0);
            var work = store.BeginWork();
            work.AddIfAbsent(account);
            var commit = await work.CommitAsync(cancellationToken);
            if (!commit.IsSuccess)
            {
                return commit.Error!;
            }

            account = await store.FindAsync<PayoutAccount>(expert.Value, cancellationToken) ?? account;
        }

        var baseUrl = notifications.Value.PublicBaseUrl.TrimEnd('/');
        var link = await gateway.CreateOnboardingLinkAsync(new OnboardingLinkRequest(
            account.ConnectedAccountId, new Uri($"{baseUrl}/experts/me/payout-account?refresh=true"), new Uri($"{baseUrl}/experts/me/payout-account?done=true"),
            $"onboarding:{expert}:{Guid.NewGuid():N}"), cancellationToken);
        return link.IsSuccess ? PayoutAccountView.From(account, link.Value) : link.Error!;
    }
}

/// <summary>The expert's payout account and whether payouts can reach it, as the provider says now.</summary>
public sealed class GetPayoutAccountHandler(IDocumentStore store, IPaymentGateway gateway, TimeProvider clock)
{
    public async Task<Result<PayoutAccountView>> HandleAsync(Actor actor, CancellationToken cancellationToken)
    {
        if (actor.RequirePayee() is { } denied)
        {
            return denied;
        }

        var account = await store.FindAsync<PayoutAccount>(ExpertId.For(actor.UserId).Value, cancellationToken);
        if (account is null)
        {
            return Error.NotFound("Payout account");
        }

        var readiness = await gateway.GetPayoutReadinessAsync(account.ConnectedAccountId, cancellationToken);
        if (!readiness.IsSuccess)
        {
            // The stored state is still a fair answer while the provider cannot be asked.
            return PayoutAccountView.From(account);
        }

        var now = clock.GetUtcNow();
        var updated = account.WithReadiness(readiness.Value.DetailsSubmitted, readiness.Value.PayoutsEnabled, readiness.Value.ChargesEnabled, now);
        if (!ReferenceEquals(updated, account))
        {
            var work = store.BeginWork();
            work.Update(updated with { ReadinessAsOf = now });
            if (updated.CanReceivePayouts && !account.CanReceivePayouts)
            {
                work.Publish(new PayoutAccountActivated(account.Id) { OccurredAt = now });
            }

            await work.CommitAsync(cancellationToken);
        }

        return PayoutAccountView.From(updated);
    }
}
