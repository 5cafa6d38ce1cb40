using Headstore.Application.Common;
using Headstore.Application.Notifications;
using Headstore.Application.Payouts;
using Headstore.Application.Users;
using Headstore.Domain.Ambassadors;
using Headstore.Domain.Common;
using Headstore.Domain.Experts;
using Headstore.Domain.Ledger;
using Headstore.Domain.Payments;
using Microsoft.Extensions.Options;

namespace Headstore.Application.Ambassadors;

public sealed record CreateReferralCommand(string? Label);

/// <param name="Link">Where a referred expert signs up; the frontend passes the code on to <c>POST /api/experts/me/referral</c>.</param>
public sealed record ReferralCodeView(string Code, string? Label, Uri Link, DateTimeOffset CreatedAt, int ExpertsReferred);

/// <param name="Status">claimed (waiting for the expert to activate payouts) or accepted.</param>
public sealed record ReferredExpertView(ExpertId ExpertId, string? Name, string Code, string Status, DateTimeOffset ClaimedAt, DateTimeOffset? AcceptedAt, DateTimeOffset? ShareEndsAt);

public sealed record ReferralsView(IReadOnlyList<ReferralCodeView> Codes, IReadOnlyList<ReferredExpertView> Experts);

/// <summary>The ambassador programme's lookups.</summary>
public interface IAmbassadorQueries
{
    Task<IReadOnlyList<ReferralCode>> CodesAsync(UserId ambassador, CancellationToken cancellationToken);

    Task<IReadOnlyList<ExpertReferral>> ReferralsAsync(UserId ambassador, CancellationToken cancellationToken);

    /// <summary>The ambassador's share per referred expert and currency in [from, to), from the ledger (net of refunds).</summary>
    Task<IReadOnlyList<(ExpertId Expert, Money Earned)>> EarningsByExpertAsync(UserId ambassador, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);
}

/// <summary>An ambassador creates a referral code (and link) to hand out; any number of experts can join with it.</summary>
public sealed class CreateReferralHandler(IDocumentStore store, UserDirectory users, IOptions<NotificationOptions> notifications, TimeProvider clock)
{
    public async Task<Result<ReferralCodeView>> HandleAsync(Actor actor, CreateReferralCommand command, CancellationToken cancellationToken)
    {
        if (actor.RequireRole(Roles.Ambassador) is { } denied)
        {
            return denied;
        }

        var validator = new Validator().OptionalText(command.Label, "label", ReferralCode.MaxLabelLength);
        validator.Require(!ContactDetails.Contains(command.Label), "label", "Keep contact details out of the label.");
        if (!validator.IsValid)
        {
            return validator.ToError();
        }

        var code = ReferralCode.Create(actor.UserId, command.Label, clock.GetUtcNow());
        var work = store.BeginWork();
        await users.EnsureAsync(actor, work, cancellationToken);
        work.Add(code);
        return await work.CommitReturningAsync(Referrals.View(code, 0, notifications.Value), cancellationToken);
    }
}

/// <summary>An ambassador's referral codes and the experts who joined with them.</summary>
public sealed class ListReferralsHandler(IAmbassadorQueries queries, IDocumentStore store, IOptions<NotificationOptions> notifications)
{
    public async Task<Result<ReferralsView>> HandleAsync(Actor actor, CancellationToken cancellationToken)
    {
        if (actor.RequireRole(Roles.Ambassador) is { } denied)
        {
            return denied;
        }

        var codes = await queries.CodesAsync(actor.UserId, cancellationToken);
        var referrals = await queries.ReferralsAsync(actor.UserId, cancellationToken);
        var experts = (await store.FindManyAsync<ExpertProfile>(referrals.Select(r => r.Id.Value).ToArray(), cancellationToken)).ToDictionary(e => e.Id);
        return new ReferralsView(
            codes.Select(c => Referrals.View(c, referrals.Count(r => r.Code == c.Id), notifications.Value)).ToArray(),
            referrals.Select(r => Referrals.View(r, experts.GetValueOrDefault(r.Id)?.Details.Name)).ToArray());
    }
}

public sealed record ClaimReferralCommand(string? Code);

/// <summary>
/// An expert says who referred them, with the ambassador's code, within the claim window after creating their
/// profile and once only. The referral is accepted at once if their payouts are already activated, otherwise when
/// they are (<see cref="ReferralAcceptance"/>).
/// </summary>
public sealed class ClaimReferralHandler(IDocumentStore store, IOptions<AmbassadorOptions> options, TimeProvider clock)
{
    public async Task<Result<ReferredExpertView>> HandleAsync(Actor actor, ClaimReferralCommand command, CancellationToken cancellationToken)
    {
        if (actor.RequireRole(Roles.Expert) is { } denied)
        {
            return denied;
        }

        var normalized = ReferralCode.Normalize(command.Code);
        if (normalized.Length is 0 or > 40)
        {
            return Error.Validation("code", "Enter the referral code you were given.");
        }

        var expert = ExpertId.For(actor.UserId);
        var profile = await store.FindAsync<ExpertProfile>(expert.Value, cancellationToken);
        if (profile is null)
        {
            return Error.Rule("profile-required", "Create your expert profile first, then enter the referral code.");
        }

        var code = await store.FindAsync<ReferralCode>(normalized, cancellationToken);
        if (code is null)
        {
            return Error.Validation("code", "This referral code does not exist.");
        }

        if (await store.FindAsync<ExpertReferral>(expert.Value, cancellationToken) is { } existing)
        {
            return existing.Code == code.Id ? Referrals.View(existing, profile.Details.Name) : Error.Conflict("already-referred", "You have already entered a referral code.");
        }

        var now = clock.GetUtcNow();
        var claimed = ExpertReferral.Claim(expert, profile.CreatedAt, code, options.Value.ClaimWindow, now);
        if (!claimed.IsSuccess)
        {
            return claimed.Error!;
        }

        var referral = claimed.Value;
        var work = store.BeginWork();
        if (await store.FindAsync<PayoutAccount>(expert.Value, cancellationToken) is { CanReceivePayouts: true })
        {
            referral = referral.Accept(now, options.Value.ShareFor);
            work.Publish(new ReferralAccepted(expert, referral.AmbassadorId) { OccurredAt = now });
        }

        work.Add(referral);
        var commit = await work.CommitAsync(cancellationToken);
        if (!commit.IsSuccess)
        {
            return commit.Error!.Code == "duplicate" ? Error.Conflict("already-referred", "You have already entered a referral code.") : commit.Error!;
        }

        return Referrals.View(referral, profile.Details.Name);
    }
}

/// <summary>A referred expert's referral was accepted: the ambassador shares in their sessions from now on.</summary>
public sealed record ReferralAccepted(ExpertId ExpertId, UserId AmbassadorId) : IntegrationEvent;

/// <summary>Accepts an expert's referral when their payouts are activated, and tells the ambassador.</summary>
public sealed class ReferralAcceptance(
    IDocumentStore store,
    UserDirectory users,
    IEmailSender email,
    IOptions<AmbassadorOptions> options,
    IOptions<NotificationOptions> notifications,
    TimeProvider clock) : IEventHandler<PayoutAccountActivated>, IEventHandler<ReferralAccepted>
{
    public async Task HandleAsync(PayoutAccountActivated integrationEvent, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var written = await Concurrency.RetryOnConflictAsync(async () =>
        {
            var referral = await store.FindAsync<ExpertReferral>(integrationEvent.ExpertId.Value, cancellationToken);
            if (referral is null || referral.IsAccepted)
            {
                return Result<Unit>.Success(Unit.Value);
            }

            var work = store.BeginWork();
            work.Update(referral.Accept(now, options.Value.ShareFor));
            work.Publish(new ReferralAccepted(referral.Id, referral.AmbassadorId) { OccurredAt = now });
            return await work.CommitAsync(cancellationToken);
        });
        if (!written.IsSuccess)
        {
            throw new InvalidOperationException($"The referral of {integrationEvent.ExpertId} could not be accepted: {written.Error!.Code}");
        }
    }

    public async Task HandleAsync(ReferralAccepted integrationEvent, CancellationToken cancellationToken)
    {
        var ambassador = await users.FindAsync(integrationEvent.AmbassadorId, cancellationToken);
        var referral = await store.FindAsync<ExpertReferral>(integrationEvent.ExpertId.Value, cancellationToken);
        var expert = await store.FindAsync<ExpertProfile>(integrationEvent.ExpertId.Value, cancellationToken);
        if (ambassador?.Email is not { Length: > 0 } address || referral is null)
        {
            return;
        }

        var until = referral.ShareEndsAt is { } end ? $" until {end:d MMM yyyy}" : "";
        var share = RevenueSplit.Percent(options.Value.ShareBasisPoints);
        await email.SendAsync(new EmailMessage($"referral-accepted:{integrationEvent.ExpertId.Value}", address, ambassador.Name,
            $"{expert?.Details.Name ?? "An expert you referred"} joined Headstore through you",
            $"Hello {ambassador.Name},\n\n{expert?.Details.Name ?? "An expert you referred"} has activated payouts, so your referral is accepted. " +
            $"You earn {share} of Headstore's commission on their paid sessions{until}, paid out with your weekly payout.\n\n" +
            $"Your earnings: {notifications.Value.PublicBaseUrl.TrimEnd('/')}/ambassadors/me/earnings\n\nHeadstore"), cancellationToken);
    }
}

internal static class Referrals
{
    public static ReferralCodeView View(ReferralCode code, int experts, NotificationOptions notifications) =>
        new(code.Id, code.Label, new Uri($"{notifications.PublicBaseUrl.TrimEnd('/')}/join?referral={code.Id}"), code.CreatedAt, experts);

    public static ReferredExpertView View(ExpertReferral referral, string? name) =>
        new(referral.Id, name, referral.Code, referral.IsAccepted ? "accepted" : "claimed", referral.ClaimedAt, referral.AcceptedAt, referral.ShareEndsAt);
}
