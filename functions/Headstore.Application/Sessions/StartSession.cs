using Headstore.Application.Common;
using Headstore.Application.Payments;
using Headstore.Application.Users;
using Headstore.Domain.Common;
using Headstore.Domain.Experts;
using Headstore.Domain.Messaging;
using Headstore.Domain.Payments;
using Headstore.Domain.Sessions;
using Microsoft.Extensions.Options;

namespace Headstore.Application.Sessions;

/// <param name="ExpertId">The expert to call, or…</param>
/// <param name="Link">…one of their links: the permanent paid link or a one-time free link (token or URL).</param>
/// <param name="Mode">"voice" or "video" (either side can switch video on and off during the call).</param>
public sealed record StartSessionCommand(string? ExpertId, string? Link, string? Mode);

/// <summary>
/// A customer starts a session with an online expert: the card is authorised for the most the session can cost
/// (nothing for a free link), the call is prepared (identities, tokens, a room for the session's window), and in one
/// commit the session is saved ringing, the expert marked busy, the payment and a free link's use recorded. Anything
/// that fails before the commit gives the authorisation back at once.
/// </summary>
public sealed class StartSessionHandler(
    IDocumentStore store,
    SessionRunner runner,
    SessionCheckout checkout,
    ICallService calls,
    IRevenueSplitPolicy splits,
    UserDirectory users,
    IOptions<SessionOptions> options,
    TimeProvider clock)
{
    public async Task<Result<SessionView>> HandleAsync(Actor actor, StartSessionCommand command, CancellationToken cancellationToken)
    {
        if (actor.RequireRole(Roles.Customer) is { } denied)
        {
            return denied;
        }

        var validator = new Validator()
            .Require(string.IsNullOrWhiteSpace(command.ExpertId) != string.IsNullOrWhiteSpace(command.Link), "expertId", "Give either expertId or link.");
        var mode = command.Mode?.Trim().ToLowerInvariant() switch
        {
            "voice" => SessionMode.Voice,
            "video" => SessionMode.Video,
            _ => (SessionMode?)null,
        };
        validator.Require(mode is not null, "mode", "Use 'voice' or 'video'.");
        SessionLinkId linkId = default;
        validator.Require(string.IsNullOrWhiteSpace(command.Link) || SessionLinkId.TryParse(command.Link, out linkId), "link", "This is not a Headstore session link.");
        if (!validator.IsValid)
        {
            return validator.ToError();
        }

        SessionLink? link = null;
        var expertId = command.ExpertId?.Trim() ?? "";
        if (linkId.Value is not null)
        {
            link = await store.FindAsync<SessionLink>(linkId.Value, cancellationToken);
            if (link is null)
            {
                return Error.NotFound("Session link");
            }

            if (link.IsUsed)
            {
                return Error.Conflict("link-used", "This free session link has already been used.");
            }

            expertId = link.ExpertId.Value;
        }

        var expert = await store.FindAsync<ExpertProfile>(expertId, cancellationToken);
        if (expert is null)
        {
            return Error.NotFound("Expert");
        }

        if (expert.Id.User == actor.UserId)
        {
            return Error.Rule("own-profile", "You cannot start a session with yourself.");
        }

        if (Unavailable(expert) is { } unavailable)
        {
            return unavailable;
        }

        var now = clock.GetUtcNow();
        var settings = options.Value;
        var policy = settings.Policy;
        var id = SessionId.New(now);
        var isFree = link?.Kind == SessionLinkKind.Free;
        var split = await splits.ForAsync(expert.Id, PaymentPurpose.Session, cancellationToken);
        var terms = new SessionTerms(expert.RatePerMinute, expert.Details.FreeMinutes, isFree, settings.MaxDuration, split.CommissionBasisPoints);
        var origin = link is null ? SessionOrigin.Direct : isFree ? SessionOrigin.FreeLink : SessionOrigin.PaidLink;
        var draft = Session.Request(id, actor.UserId, actor.Name, expert.Id, expert.Details.Name, mode!.Value, origin, link?.Id, terms, null, null, now);

        CustomerPayment? payment = null;
        if (!isFree && terms.MaximumCharge.IsPositive)
        {
            var authorised = await checkout.AuthoriseAsync(id, actor.UserId, expert.Id, terms.MaximumCharge, SessionRunner.Describe(draft), offSession: false, now, cancellationToken);
            if (!authorised.IsSuccess)
            {
                return authorised.Error!;
            }

            payment = authorised.Value;
        }

        // The room is open from now until the session could be over: ringing, joining, the limit, and a margin.
        var call = await calls.PrepareAsync(id, now, now + policy.RingTimeout + policy.JoinTimeout + settings.MaxDuration + SessionLifecycle.RoomMargin, cancellationToken);
        if (!call.IsSuccess)
        {
            await GiveBackAsync(payment, null, id);
            return call.Error!;
        }

        var session = draft with { PaymentId = payment?.Id, Call = call.Value };
        var started = await Concurrency.RetryOnConflictAsync(async () =>
        {
            // Read again on every attempt: a concurrent start for the same expert or link makes this one lose cleanly.
            var current = await store.FindAsync<ExpertProfile>(expert.Id.Value, cancellationToken);
            if (current is null)
            {
                return Error.NotFound("Expert");
            }

            if (Unavailable(current) is { } taken)
            {
                return taken;
            }

            SessionLink? used = null;
            if (link is not null)
            {
                var fresh = await store.FindAsync<SessionLink>(link.Id.Value, cancellationToken);
                var use = fresh?.Use(id, actor.UserId, now) ?? Error.NotFound("Session link");
                if (!use.IsSuccess)
                {
                    return use.Error!;
                }

                used = ReferenceEquals(use.Value, fresh) ? null : use.Value;
            }

            return await runner.CommitAsync(session, [new SessionSignal.StartRinging()], isNew: true, fromTimer: false, current, async work =>
            {
                await users.EnsureAsync(actor, work, cancellationToken);
                if (payment is not null)
                {
                    work.Add(payment);
                }

                if (used is not null)
                {
                    work.Update(used);
                }
            }, cancellationToken);
        }, attempts: 5);

        if (!started.IsSuccess)
        {
            await GiveBackAsync(payment, call.Value, id);
            return started.Error!;
        }

        return SessionView.For(started.Value.Session, actor, policy, now);
    }

    private static Error? Unavailable(ExpertProfile expert) => expert.Status switch
    {
        ExpertStatus.Online => null,
        ExpertStatus.Busy => Error.Conflict("expert-busy", "The expert is in another session; try again when they are online."),
        _ => Error.Rule("expert-offline", "The expert is offline; sessions start only with an online expert. You can request an appointment instead."),
    };

    private async Task GiveBackAsync(CustomerPayment? payment, CallDetails? call, SessionId id)
    {
        if (payment is not null)
        {
            await checkout.ReleaseQuietlyAsync(payment.ProviderPaymentId);
        }

        if (call is not null)
        {
            await calls.EndAsync(id, null, call, CancellationToken.None);
        }
    }
}
