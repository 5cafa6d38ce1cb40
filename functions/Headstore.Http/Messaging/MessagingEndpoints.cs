using Headstore.Application.Common;
using Headstore.Application.Messaging;
using Headstore.Http.Common;

namespace Headstore.Http.Messaging;

public static class MessagingEndpoints
{
    public static readonly IReadOnlyList<HttpOperation> Operations =
    [
        new(nameof(SendMessage), "POST", "/api/experts/{expertId}/messages", SendMessage, OperationAccess.SignedIn, "Messages", "Write to an expert (a reply is due within 24 hours)", typeof(SendMessageCommand), typeof(MessageThreadView), StatusCodes.Status201Created, RateLimitKind.Write),
        new(nameof(ListMyMessages), "GET", "/api/me/messages", ListMyMessages, OperationAccess.SignedIn, "Messages", "Your conversations, most recent first", ResponseType: typeof(Page<MessageThreadView>)),
        new(nameof(GetMessageThread), "GET", "/api/messages/{messageId}", GetMessageThread, OperationAccess.SignedIn, "Messages", "One conversation (its parties and admins)", ResponseType: typeof(MessageThreadView)),
        new(nameof(ReplyToMessage), "POST", "/api/messages/{messageId}/replies", ReplyToMessage, OperationAccess.SignedIn, "Messages", "Reply in a conversation", typeof(ReplyToMessageCommand), typeof(MessageThreadView), StatusCodes.Status201Created, RateLimitKind.Write),
        new(nameof(RequestAppointment), "POST", "/api/experts/{expertId}/appointments", RequestAppointment, OperationAccess.SignedIn, "Appointments", "Ask an expert for an appointment at one of a few times", typeof(RequestAppointmentCommand), typeof(AppointmentView), StatusCodes.Status201Created, RateLimitKind.Write),
        new(nameof(ListMyAppointments), "GET", "/api/me/appointments", ListMyAppointments, OperationAccess.SignedIn, "Appointments", "Your appointments, newest first", ResponseType: typeof(Page<AppointmentView>)),
        new(nameof(AcceptAppointment), "POST", "/api/appointments/{appointmentId}/accept", AcceptAppointment, OperationAccess.SignedIn, "Appointments", "Accept one of the proposed times (the expert)", typeof(AcceptAppointmentCommand), typeof(AppointmentView), RateLimit: RateLimitKind.Write),
        new(nameof(DeclineAppointment), "POST", "/api/appointments/{appointmentId}/decline", DeclineAppointment, OperationAccess.SignedIn, "Appointments", "Decline a request (the expert)", typeof(DeclineAppointmentCommand), typeof(AppointmentView), RateLimit: RateLimitKind.Write),
        new(nameof(CancelAppointment), "POST", "/api/appointments/{appointmentId}/cancel", CancelAppointment, OperationAccess.SignedIn, "Appointments", "Cancel an appointment (either party)", ResponseType: typeof(AppointmentView), RateLimit: RateLimitKind.Write),
    ];

    public static Task<ApiResponse> SendMessage(HttpContext http, CancellationToken cancellationToken) =>
        http.WithBody<SendMessageCommand>(cancellationToken, command =>
            http.Service<SendMessageHandler>().HandleAsync(http.GetActor(), http.Route("expertId"), command, cancellationToken).ToCreated(t => $"/api/messages/{t.Id}"));

    public static async Task<ApiResponse> ListMyMessages(HttpContext http, CancellationToken cancellationToken)
    {
        var limit = http.QueryInt("limit");
        return limit.IsSuccess
            ? await http.Service<ListMyMessagesHandler>().HandleAsync(http.GetActor(), new ListMineQuery(limit.Value, http.Query("cursor")), cancellationToken).ToOk()
            : ApiResponse.Problem(limit.Error!);
    }

    public static Task<ApiResponse> GetMessageThread(HttpContext http, CancellationToken cancellationToken) =>
        http.Service<GetMessageThreadHandler>().HandleAsync(http.GetActor(), http.Route("messageId"), cancellationToken).ToOk();

    public static Task<ApiResponse> ReplyToMessage(HttpContext http, CancellationToken cancellationToken) =>
        http.WithBody<ReplyToMessageCommand>(cancellationToken, command =>
            http.Service<ReplyToMessageHandler>().HandleAsync(http.GetActor(), http.Route("messageId"), command, cancellationToken).ToCreated(t => $"/api/messages/{t.Id}"));

    public static Task<ApiResponse> RequestAppointment(HttpContext http, CancellationToken cancellationToken) =>
        http.WithBody<RequestAppointmentCommand>(cancellationToken, command =>
            http.Service<RequestAppointmentHandler>().HandleAsync(http.GetActor(), http.Route("expertId"), command, cancellationToken).ToCreated(a => $"/api/appointments/{a.Id}"));

    public static async Task<ApiResponse> ListMyAppointments(HttpContext http, CancellationToken cancellationToken)
    {
        var limit = http.QueryInt("limit");
        return limit.IsSuccess
            ? await http.Service<ListMyAppointmentsHandler>().HandleAsync(http.GetActor(), new ListMineQuery(limit.Value, http.Query("cursor")), cancellationToken).ToOk()
            : ApiResponse.Problem(limit.Error!);
    }

    public static Task<ApiResponse> AcceptAppointment(HttpContext http, CancellationToken cancellationToken) =>
        http.WithBody<AcceptAppointmentCommand>(cancellationToken, command =>
            http.Service<AnswerAppointmentHandler>().AcceptAsync(http.GetActor(), http.Route("appointmentId"), command, cancellationToken).ToOk());

    public static Task<ApiResponse> DeclineAppointment(HttpContext http, CancellationToken cancellationToken) =>
        http.WithBody<DeclineAppointmentCommand>(cancellationToken, command =>
            http.Service<AnswerAppointmentHandler>().DeclineAsync(http.GetActor(), http.Route("appointmentId"), command, cancellationToken).ToOk());

    public static Task<ApiResponse> CancelAppointment(HttpContext http, CancellationToken cancellationToken) =>
        http.Service<AnswerAppointmentHandler>().CancelAsync(http.GetActor(), http.Route("appointmentId"), cancellationToken).ToOk();
}
