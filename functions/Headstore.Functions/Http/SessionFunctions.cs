using Headstore.Http.Sessions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Headstore.Functions.Http;

/// <summary>
/// The session operations (sessions, links, the meter and its event stream, ACS callbacks) as HTTP functions; routes,
/// types and handlers are declared once in <see cref="SessionEndpoints"/>. The local call sandbox's routes are local-only.
/// </summary>
public static class SessionFunctions
{
    [Function(nameof(SessionEndpoints.StartSession))]
    public static Task<IActionResult> StartSession([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "sessions")] HttpRequest req) =>
        Operations.RunAsync(nameof(SessionEndpoints.StartSession), req);

    [Function(nameof(SessionEndpoints.ListMySessions))]
    public static Task<IActionResult> ListMySessions([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "sessions")] HttpRequest req) =>
        Operations.RunAsync(nameof(SessionEndpoints.ListMySessions), req);

    [Function(nameof(SessionEndpoints.GetSession))]
    public static Task<IActionResult> GetSession([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "sessions/{sessionId}")] HttpRequest req, string sessionId) =>
        Operations.RunAsync(nameof(SessionEndpoints.GetSession), req, ("sessionId", sessionId));

    [Function(nameof(SessionEndpoints.AcceptSession))]
    public static Task<IActionResult> AcceptSession([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "sessions/{sessionId}/accept")] HttpRequest req, string sessionId) =>
        Operations.RunAsync(nameof(SessionEndpoints.AcceptSession), req, ("sessionId", sessionId));

    [Function(nameof(SessionEndpoints.DeclineSession))]
    public static Task<IActionResult> DeclineSession([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "sessions/{sessionId}/decline")] HttpRequest req, string sessionId) =>
        Operations.RunAsync(nameof(SessionEndpoints.DeclineSession), req, ("sessionId", sessionId));

    [Function(nameof(SessionEndpoints.EndSession))]
    public static Task<IActionResult> EndSession([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "sessions/{sessionId}/end")] HttpRequest req, string sessionId) =>
        Operations.RunAsync(nameof(SessionEndpoints.EndSession), req, ("sessionId", sessionId));

    [Function(nameof(SessionEndpoints.GetSessionMeter))]
    public static Task<IActionResult> GetSessionMeter([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "sessions/{sessionId}/meter")] HttpRequest req, string sessionId) =>
        Operations.RunAsync(nameof(SessionEndpoints.GetSessionMeter), req, ("sessionId", sessionId));

    /// <summary>Server-sent events through the ASP.NET Core integration, which streams the response as it is written.</summary>
    [Function(nameof(SessionEndpoints.StreamSessionMeter))]
    public static Task<IActionResult> StreamSessionMeter([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "sessions/{sessionId}/meter/stream")] HttpRequest req, string sessionId) =>
        Operations.RunAsync(nameof(SessionEndpoints.StreamSessionMeter), req, ("sessionId", sessionId));

    [Function(nameof(SessionEndpoints.ReviewSession))]
    public static Task<IActionResult> ReviewSession([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "sessions/{sessionId}/review")] HttpRequest req, string sessionId) =>
        Operations.RunAsync(nameof(SessionEndpoints.ReviewSession), req, ("sessionId", sessionId));

    [Function(nameof(SessionEndpoints.ListSessionLinks))]
    public static Task<IActionResult> ListSessionLinks([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "experts/me/session-links")] HttpRequest req) =>
        Operations.RunAsync(nameof(SessionEndpoints.ListSessionLinks), req);

    [Function(nameof(SessionEndpoints.CreateSessionLink))]
    public static Task<IActionResult> CreateSessionLink([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "experts/me/session-links")] HttpRequest req) =>
        Operations.RunAsync(nameof(SessionEndpoints.CreateSessionLink), req);

    [Function(nameof(SessionEndpoints.ReceiveCallEvents))]
    public static Task<IActionResult> ReceiveCallEvents([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "calls/events")] HttpRequest req) =>
        Operations.RunAsync(nameof(SessionEndpoints.ReceiveCallEvents), req);
}
