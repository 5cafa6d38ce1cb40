using Headstore.Domain.Common;

namespace Headstore.Domain.Messaging;

public sealed record Message(int Sequence, UserId AuthorId, string AuthorName, string Body, DateTimeOffset SentAt);

/// <summary>Something a customer or an expert must answer within <see cref="ResponseTime"/>.</summary>
public static class RequestDeadlines
{
    public static readonly TimeSpan ResponseTime = TimeSpan.FromHours(24);
}

/// <summary>
/// A conversation a customer opens with an expert. While the expert owes a reply, <see cref="DueAt"/> is set;
/// the overdue sweep flags it when that time passes.
/// </summary>
public sealed record MessageThread(
    MessageThreadId Id,
    UserId CustomerId,
    string CustomerName,
    ExpertId ExpertId,
    string Subject,
    IReadOnlyList<Message> Messages,
    DateTimeOffset? DueAt,
    DateTimeOffset? OverdueFlaggedAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long Version) : IAggregate
{
    public const int MaxSubjectLength = 200;
    public const int MaxBodyLength = 5000;

    string IAggregate.Id => Id.Value;

    public bool AwaitingExpert => DueAt is not null;

    public static Result<MessageThread> Start(MessageThreadId id, Actor customer, ExpertId expert, string? subject, string? body, DateTimeOffset now)
    {
        var validator = new Validator().RequireText(subject, "subject", MaxSubjectLength).RequireText(body, "body", MaxBodyLength);
        if (!validator.IsValid)
        {
            return validator.ToError();
        }

        if (customer.UserId == expert.User)
        {
            return Error.Rule("own-profile", "You cannot send a message to yourself.");
        }

        var message = new Message(1, customer.UserId, customer.Name, ContactDetails.MaskIn(body!.Trim()), now);
        return new MessageThread(id, customer.UserId, customer.Name, expert, ContactDetails.MaskIn(subject!.Trim()), [message], now + RequestDeadlines.ResponseTime, null, now, now, 0);
    }

    public bool IsParty(UserId user) => user == CustomerId || user == ExpertId.User;

    /// <summary>A reply by either party. The expert's reply settles what was due; the customer's makes a new reply due.</summary>
    public Result<(MessageThread Thread, Message Message)> Reply(Actor author, string? body, DateTimeOffset now)
    {
        if (!IsParty(author.UserId))
        {
            return Error.Forbidden("Only the customer and the expert of this conversation can reply.");
        }

        var validator = new Validator().RequireText(body, "body", MaxBodyLength);
        if (!validator.IsValid)
        {
            return validator.ToError();
        }

        var message = new Message(Messages.Count + 1, author.UserId, author.Name, ContactDetails.MaskIn(body!.Trim()), now);
        var byExpert = author.UserId == ExpertId.User;
        var thread = this with
        {
            Messages = [.. Messages, message],
            DueAt = byExpert ? null : DueAt ?? now + RequestDeadlines.ResponseTime,
            OverdueFlaggedAt = byExpert ? null : OverdueFlaggedAt,
            UpdatedAt = now,
        };
        return (thread, message);
    }

    public MessageThread FlagOverdue(DateTimeOffset now) => this with { OverdueFlaggedAt = now };
}
