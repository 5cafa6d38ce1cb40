using Headstore.Domain.Common;
using Headstore.Domain.Messaging;
using Headstore.Domain.Moderation;
using Headstore.Domain.Questions;

namespace Headstore.Application.Common;

public sealed record QuestionAsked(QuestionId QuestionId, UserId AskerId, CategoryId CategoryId) : IntegrationEvent;

public sealed record AnswerPosted(QuestionId QuestionId, AnswerId AnswerId, ExpertId ExpertId, UserId AskerId) : IntegrationEvent;

public sealed record AnswerRated(QuestionId QuestionId, AnswerId AnswerId, ExpertId ExpertId, int Stars, bool Automatic) : IntegrationEvent;

public sealed record AnswerVoteChanged(QuestionId QuestionId, AnswerId AnswerId, ExpertId ExpertId, UserId VoterId, VoteDirection Previous, VoteDirection Current) : IntegrationEvent;

public sealed record ArticlePublished(ArticleId ArticleId, ExpertId ExpertId) : IntegrationEvent;

public sealed record DocumentUploaded(DocumentId DocumentId, ExpertId ExpertId) : IntegrationEvent;

public sealed record MessageSent(MessageThreadId ThreadId, int Sequence, UserId RecipientId, string SenderName, bool NewThread) : IntegrationEvent;

public sealed record AppointmentRequested(AppointmentId AppointmentId, ExpertId ExpertId, UserId CustomerId) : IntegrationEvent;

public sealed record AppointmentAnswered(AppointmentId AppointmentId, AppointmentStatus Status, UserId NotifyUserId) : IntegrationEvent;

public sealed record RequestOverdue(string RequestType, string RequestId, ExpertId ExpertId, DateTimeOffset DueAt) : IntegrationEvent;

public sealed record ContentReported(ContentReportId ReportId, ReportTargetType TargetType, string TargetId, ReportReason Reason) : IntegrationEvent;
