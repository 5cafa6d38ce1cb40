using Headstore.Domain.Common;

namespace Headstore.Domain.Offers;

/// <summary>The contact details and notes the parties exchange after an accepted offer. Never masked: that is its purpose.</summary>
public sealed record PrivateContact(string? Phone, string? Messenger, string? Email, string? Notes)
{
    public const int MaxPhoneLength = 40;
    public const int MaxMessengerLength = 100;
    public const int MaxEmailLength = 254;
    public const int MaxNotesLength = 4000;

    public static PrivateContact Empty { get; } = new(null, null, null, null);

    /// <summary>Checks the fields. Messages never quote a value: they end up in problem responses.</summary>
    public static Validator Validate(string? phone, string? messenger, string? email, string? notes) =>
        new Validator()
            .OptionalText(phone, "phone", MaxPhoneLength)
            .OptionalText(messenger, "messenger", MaxMessengerLength)
            .OptionalText(email, "email", MaxEmailLength)
            .OptionalText(notes, "notes", MaxNotesLength)
            .Require(string.IsNullOrWhiteSpace(email) || (email.Contains('@', StringComparison.Ordinal) && !email.Trim().Contains(' ', StringComparison.Ordinal)), "email", "Enter an e-mail address such as name@example.com.");

    public static PrivateContact Of(string? phone, string? messenger, string? email, string? notes) =>
        new(Blank(phone), Blank(messenger), Blank(email), Blank(notes));

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>Never prints the values, so an accidental log line or exception message cannot carry them.</summary>
    public override string ToString() => "PrivateContact { (private) }";
}

/// <summary>An admin's read of a question's private information: who, when and why (for disputes and care).</summary>
public sealed record PrivateInfoRead(UserId AdminId, string AdminName, DateTimeOffset At, string Reason);

/// <summary>
/// A question's private information: its own document (id = the question's id, its own table), never inside the
/// question that public reads load. It exists only once an offer on the question was accepted, and only the question's
/// customer, the experts whose offers on it were accepted, and admins (audited) can read it. Another question needs
/// its own accepted offer.
/// </summary>
public sealed record QuestionPrivateInfo(
    QuestionId Id,
    UserId CustomerId,
    IReadOnlyList<ExpertId> Experts,
    PrivateContact Contact,
    DateTimeOffset OpenedAt,
    DateTimeOffset? UpdatedAt,
    UserId? UpdatedBy,
    IReadOnlyList<PrivateInfoRead> AdminReads,
    long Version) : IAggregate
{
    public const int MaxAdminReasonLength = 500;

    string IAggregate.Id => Id.Value;

    /// <summary>Opened by an accepted offer: for its customer and expert.</summary>
    public static QuestionPrivateInfo Open(QuestionId question, UserId customer, ExpertId expert, DateTimeOffset now) =>
        new(question, customer, [expert], PrivateContact.Empty, now, null, null, [], 0);

    /// <summary>Another expert's offer on the same question was accepted: they may read it too.</summary>
    public QuestionPrivateInfo Admit(ExpertId expert) => Experts.Contains(expert) ? this : this with { Experts = [.. Experts, expert] };

    public bool IsParty(UserId user) => user == CustomerId || Experts.Any(e => e.User == user);

    public Result<QuestionPrivateInfo> Write(UserId by, PrivateContact contact, DateTimeOffset now) =>
        IsParty(by) ? this with { Contact = contact, UpdatedAt = now, UpdatedBy = by } : Error.Forbidden("Only the customer and the expert of an accepted offer on this question can write its private information.");

    public Result<QuestionPrivateInfo> ReadByAdmin(Actor admin, string? reason, DateTimeOffset now)
    {
        if (!admin.IsAdmin)
        {
            return Error.Forbidden("This needs the admin role.");
        }

        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length < 5 || reason.Length > MaxAdminReasonLength)
        {
            return Error.Validation("reason", $"Say why you read it (a dispute or care case), 5 to {MaxAdminReasonLength} characters.");
        }

        return this with { AdminReads = [.. AdminReads, new PrivateInfoRead(admin.UserId, admin.Name, now, reason.Trim())] };
    }

    public override string ToString() => $"QuestionPrivateInfo {{ Id = {Id} }}";
}
