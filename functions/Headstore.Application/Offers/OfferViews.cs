using System.Text;
using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Offers;
using Headstore.Domain.Payments;

namespace Headstore.Application.Offers;

public sealed record PredefinedServiceView(ServiceId Id, string Kind, string Name, string Description, bool AllowsRemoteSessions)
{
    public static PredefinedServiceView From(PredefinedService service) =>
        new(service.Id, OfferViews.Kebab(service.Kind.ToString()), service.Name, service.Description, service.Kind == ServiceKind.RemoteAssistance);
}

public sealed record CatalogEntryView(ServiceId Id, string Name, string Description, Money? Price, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static CatalogEntryView From(CatalogEntry entry) => new(entry.Id, entry.Name, entry.Description, entry.Price, entry.CreatedAt, entry.UpdatedAt);
}

public sealed record OfferServiceView(ServiceId Id, string Kind, string Name, bool Custom);

public sealed record OfferTransitionView(string Event, string From, string To, string Party, UserId? By, DateTimeOffset At, string? Reason);

/// <summary>An offer as its parties (and admins) see it, with its history of transitions.</summary>
/// <param name="MyRole">customer, expert or admin: how the caller relates to the offer.</param>
/// <param name="Payments">The payments the acceptance charged: the offer price and, when it was still due, the question's price.</param>
/// <param name="Refund">pending, refunded or failed (care is on it), when a refund was asked for or owed.</param>
public sealed record OfferView(
    OfferId Id,
    QuestionId QuestionId,
    AnswerId AnswerId,
    string QuestionTitle,
    CategoryId CategoryId,
    ExpertId ExpertId,
    string ExpertName,
    UserId CustomerId,
    OfferServiceView Service,
    string Deliverable,
    Money Price,
    string Status,
    string MyRole,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? AcceptedAt,
    DateTimeOffset? CompletedAt,
    DateTimeOffset? RefundableUntil,
    string? LastChargeFailure,
    IReadOnlyList<PaymentId> Payments,
    string? Refund,
    RemoteSessionId? RunningRemoteSession,
    IReadOnlyList<OfferTransitionView> History)
{
    /// <summary>For an open offer read on its own: what accepting it charges now (the offer price, and the question's price while still due).</summary>
    public IReadOnlyList<Money>? ChargedOnAcceptance { get; init; }

    public static OfferView From(Offer offer, Actor viewer) => new(
        offer.Id,
        offer.QuestionId,
        offer.AnswerId,
        offer.QuestionTitle,
        offer.CategoryId,
        offer.ExpertId,
        offer.ExpertName,
        offer.CustomerId,
        new OfferServiceView(offer.Service.Id, OfferViews.Kebab(offer.Service.Kind.ToString()), offer.Service.Name, offer.Service.IsCustom),
        offer.Deliverable,
        offer.Price,
        OfferLifecycle.Wire(offer.State),
        viewer.UserId == offer.CustomerId ? "customer" : viewer.UserId == offer.ExpertId.User ? "expert" : "admin",
        offer.CreatedAt,
        offer.UpdatedAt,
        offer.State == OfferState.Open ? offer.ExpiresAt : null,
        offer.AcceptedAt,
        offer.CompletedAt,
        offer.State == OfferState.Completed && offer.ClosedAt is null ? offer.RefundableUntil : null,
        offer.State == OfferState.Open ? offer.LastChargeFailure : null,
        offer.ChargedPayments,
        offer.Refund switch
        {
            null => null,
            { FailureCode: not null } => "failed",
            { SettledAt: not null } => "refunded",
            _ => "pending",
        },
        offer.RunningRemoteSession,
        offer.History.Select(t => new OfferTransitionView(t.Event, OfferLifecycle.Wire(t.From), OfferLifecycle.Wire(t.To), t.Party.ToString().ToLowerInvariant(), t.By, t.At, t.Reason)).ToArray());
}

/// <summary>A secure remote assistance session as the parties and admins see it.</summary>
public sealed record RemoteSessionView(
    RemoteSessionId Id,
    OfferId OfferId,
    QuestionId QuestionId,
    ExpertId ExpertId,
    UserId CustomerId,
    UserId StartedBy,
    DateTimeOffset StartedAt,
    UserId? EndedBy,
    DateTimeOffset? EndedAt,
    long? DurationSeconds,
    string? Outcome,
    string? Note,
    bool Running)
{
    public static RemoteSessionView From(RemoteSession session) => new(
        session.Id, session.OfferId, session.QuestionId, session.ExpertId, session.CustomerId, session.StartedBy, session.StartedAt, session.EndedBy, session.EndedAt,
        session.Duration is { } duration ? (long)duration.TotalSeconds : null,
        session.Outcome is { } outcome ? OfferViews.Kebab(outcome.ToString()) : null,
        session.Note,
        session.IsRunning);
}

/// <summary>
/// The private information of a question, for its parties. Its ToString never prints the values, so an accidental
/// log line cannot carry them.
/// </summary>
public sealed record PrivateInfoView(QuestionId QuestionId, string? Phone, string? Messenger, string? Email, string? Notes, DateTimeOffset OpenedAt, DateTimeOffset? UpdatedAt, UserId? UpdatedBy)
{
    public static PrivateInfoView From(QuestionPrivateInfo info) =>
        new(info.Id, info.Contact.Phone, info.Contact.Messenger, info.Contact.Email, info.Contact.Notes, info.OpenedAt, info.UpdatedAt, info.UpdatedBy);

    public override string ToString() => $"PrivateInfoView {{ QuestionId = {QuestionId} }}";
}

public sealed record PrivateInfoReadView(UserId AdminId, string AdminName, DateTimeOffset At, string Reason);

/// <summary>The private information as an admin reads it: the values, who may read it, and every admin read so far (this one included).</summary>
public sealed record AdminPrivateInfoView(
    QuestionId QuestionId,
    string? Phone,
    string? Messenger,
    string? Email,
    string? Notes,
    DateTimeOffset OpenedAt,
    DateTimeOffset? UpdatedAt,
    UserId? UpdatedBy,
    UserId CustomerId,
    IReadOnlyList<ExpertId> Experts,
    IReadOnlyList<PrivateInfoReadView> AdminReads)
{
    public static AdminPrivateInfoView From(QuestionPrivateInfo info) => new(
        info.Id, info.Contact.Phone, info.Contact.Messenger, info.Contact.Email, info.Contact.Notes, info.OpenedAt, info.UpdatedAt, info.UpdatedBy, info.CustomerId, info.Experts,
        info.AdminReads.Select(r => new PrivateInfoReadView(r.AdminId, r.AdminName, r.At, r.Reason)).ToArray());

    public override string ToString() => $"AdminPrivateInfoView {{ QuestionId = {QuestionId} }}";
}

/// <summary>Lists over offers and remote sessions: SQLite indexed by party and time, or Cosmos DB per-party views.</summary>
public interface IOfferQueries
{
    /// <summary>Offers where the user is the customer or the expert, newest first, optionally in one state.</summary>
    Task<Page<Offer>> ListForPartyAsync(UserId party, OfferState? state, PageRequest page, CancellationToken cancellationToken);

    /// <summary>The remote sessions held under an offer, oldest first.</summary>
    Task<IReadOnlyList<RemoteSession>> RemoteSessionsOfAsync(OfferId offer, CancellationToken cancellationToken);
}

public static class OfferViews
{
    /// <summary>"RemoteAssistance" → "remote-assistance".</summary>
    public static string Kebab(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                builder.Append('-');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }
}

/// <summary>Who may see an offer: its customer, its expert, and admins. Anyone else is told it does not exist.</summary>
public static class OfferAccess
{
    public static async Task<Result<Offer>> FindVisibleAsync(IDocumentStore store, Actor actor, string offerId, CancellationToken cancellationToken)
    {
        if (actor.RequireSignedIn() is { } denied)
        {
            return denied;
        }

        var offer = await store.FindAsync<Offer>(offerId, cancellationToken);
        return offer is not null && (offer.IsParty(actor.UserId) || actor.IsAdmin) ? offer : Error.NotFound("Offer");
    }

    /// <summary>The offer, if the actor is its customer: someone else who can see it (its expert, an admin) is forbidden to act for the customer.</summary>
    public static async Task<Result<Offer>> FindAsCustomerAsync(IDocumentStore store, Actor actor, string offerId, string action, CancellationToken cancellationToken)
    {
        var offer = await FindVisibleAsync(store, actor, offerId, cancellationToken);
        return !offer.IsSuccess || offer.Value.CustomerId == actor.UserId ? offer : Error.Forbidden($"Only the customer the offer was made to can {action} it.");
    }

    public static async Task<Result<Offer>> FindAsExpertAsync(IDocumentStore store, Actor actor, string offerId, string action, CancellationToken cancellationToken)
    {
        var offer = await FindVisibleAsync(store, actor, offerId, cancellationToken);
        return !offer.IsSuccess || offer.Value.ExpertId.User == actor.UserId ? offer : Error.Forbidden($"Only the expert who sent the offer can {action} it.");
    }
}
