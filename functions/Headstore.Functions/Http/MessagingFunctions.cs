using Headstore.Http.Messaging;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Headstore.Functions.Http;

/// <summary>The message and appointment operations as HTTP functions; routes, types and handlers are declared once in <see cref="MessagingEndpoints"/>.</summary>
public static class MessagingFunctions
{
    [Function(nameof(MessagingEndpoints.SendMessage))]
    public static Task<IActionResult> SendMessage([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "experts/{expertId}/messages")] HttpRequest req, string expertId) =>
        Operations.RunAsync(nameof(MessagingEndpoints.SendMessage), req, ("expertId", expertId));

    [Function(nameof(MessagingEndpoints.ListMyMessages))]
    public static Task<IActionResult> ListMyMessages([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/messages")] HttpRequest req) =>
        Operations.RunAsync(nameof(MessagingEndpoints.ListMyMessages), req);

    [Function(nameof(MessagingEndpoints.GetMessageThread))]
    public static Task<IActionResult> GetMessageThread([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "messages/{messageId}")] HttpRequest req, string messageId) =>
        Operations.RunAsync(nameof(MessagingEndpoints.GetMessageThread), req, ("messageId", messageId));

    [Function(nameof(MessagingEndpoints.ReplyToMessage))]
    public static Task<IActionResult> ReplyToMessage([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "messages/{messageId}/replies")] HttpRequest req, string messageId) =>
        Operations.RunAsync(nameof(MessagingEndpoints.ReplyToMessage), req, ("messageId", messageId));

    [Function(nameof(MessagingEndpoints.RequestAppointment))]
    public static Task<IActionResult> RequestAppointment([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "experts/{expertId}/appointments")] HttpRequest req, string expertId) =>
        Operations.RunAsync(nameof(MessagingEndpoints.RequestAppointment), req, ("expertId", expertId));

    [Function(nameof(MessagingEndpoints.ListMyAppointments))]
    public static Task<IActionResult> ListMyAppointments([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/appointments")] HttpRequest req) =>
        Operations.RunAsync(nameof(MessagingEndpoints.ListMyAppointments), req);

    [Function(nameof(MessagingEndpoints.AcceptAppointment))]
    public static Task<IActionResult> AcceptAppointment([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "appointments/{appointmentId}/accept")] HttpRequest req, string appointmentId) =>
        Operations.RunAsync(nameof(MessagingEndpoints.AcceptAppointment), req, ("appointmentId", appointmentId));

    [Function(nameof(MessagingEndpoints.DeclineAppointment))]
    public static Task<IActionResult> DeclineAppointment([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "appointments/{appointmentId}/decline")] HttpRequest req, string appointmentId) =>
        Operations.RunAsync(nameof(MessagingEndpoints.DeclineAppointment), req, ("appointmentId", appointmentId));

    [Function(nameof(MessagingEndpoints.CancelAppointment))]
    public static Task<IActionResult> CancelAppointment([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "appointments/{appointmentId}/cancel")] HttpRequest req, string appointmentId) =>
        Operations.RunAsync(nameof(MessagingEndpoints.CancelAppointment), req, ("appointmentId", appointmentId));
}
