using Headstore.Application.Common;
using Headstore.Application.Sessions;
using Headstore.Http.Common;

namespace Headstore.Http.Sessions;

/// <summary>Paid voice and video sessions, their links, the call callbacks and the local call sandbox (docs/sessions.md).</summary>
public static class SessionEndpoints
{
    public static readonly IReadOnlyList<HttpOperation> Operations =
    [
        new(nameof(StartSession), "POST", "/api/sessions", StartSession, OperationAccess.SignedIn, "Sessions", "Start a voice or video session with an online expert (by expert id or one of their links): the card is authorised for the most it can cost, then the expert is rung", typeof(StartSessionCommand), typeof(SessionView), StatusCodes.Status201Created, RateLimitKind.Write),
        new(nameof(ListMySessions), "GET", "/api/sessions", ListMySessions, OperationAccess.SignedIn, "Sessions", "Your sessions as customer or expert, newest first (active=true: ringing or running, e.g. a call ringing for you)", ResponseType: typeof(Page<SessionSummaryView>)),
        new(nameof(GetSession), "GET", "/api/sessions/{sessionId}", GetSession, OperationAccess.SignedIn, "Sessions", "A session, with your own call identity and token while its call is open", ResponseType: typeof(SessionView)),
        new(nameof(AcceptSession), "POST", "/api/sessions/{sessionId}/accept", AcceptSession, OperationAccess.SignedIn, "Sessions", "The rung expert accepts: the call opens", ResponseType: typeof(SessionView), RateLimit: RateLimitKind.Write),
        new(nameof(DeclineSession), "POST", "/api/sessions/{sessionId}/decline", DeclineSession, OperationAccess.SignedIn, "Sessions", "The rung expert declines: the card hold is released at once", ResponseType: typeof(SessionView), RateLimit: RateLimitKind.Write),
        new(nameof(EndSession), "POST", "/api/sessions/{sessionId}/end", EndSession, OperationAccess.SignedIn, "Sessions", "Either party ends the session: the call ends for everyone, the used time is charged and the rest released", ResponseType: typeof(SessionView), RateLimit: RateLimitKind.Write),
        new(nameof(GetSessionMeter), "GET", "/api/sessions/{sessionId}/meter", GetSessionMeter, OperationAccess.SignedIn, "Sessions", "The running meter: elapsed and billable time, the amount so far and (for the expert) the earnings", ResponseType: typeof(SessionMeterView)),
        new(nameof(StreamSessionMeter), "GET", "/api/sessions/{sessionId}/meter/stream", StreamSessionMeter, OperationAccess.SignedIn, "Sessions", "The meter as server-sent events: 'meter' every interval, 'warning' before the limit, 'ended' when it is over (then the stream closes)"),
        new(nameof(ReviewSession), "POST", "/api/sessions/{sessionId}/review", ReviewSession, OperationAccess.SignedIn, "Sessions", "The customer rates (1-5) and reviews a session that took place, once; contact details are masked", typeof(ReviewSessionCommand), typeof(SessionView), RateLimit: RateLimitKind.Write),
        new(nameof(ListSessionLinks), "GET", "/api/experts/me/session-links", ListSessionLinks, OperationAccess.SignedIn, "Sessions", "Your permanent paid-session link and the one-time free-session links you handed out", ResponseType: typeof(IReadOnlyList<SessionLinkView>)),
        new(nameof(CreateSessionLink), "POST", "/api/experts/me/session-links", CreateSessionLink, OperationAccess.SignedIn, "Sessions", "kind=paid: your permanent paid-session link (created once); kind=free: a new one-time free-session link", typeof(CreateSessionLinkCommand), typeof(SessionLinkView), StatusCodes.Status201Created, RateLimitKind.Write),
        new(nameof(ReceiveCallEvents), "POST", "/api/calls/events", ReceiveCallEvents, OperationAccess.Signed, "Sessions", "Azure Communication Services callbacks: Call Automation events (a valid ACS token and the URL secret) and Event Grid's subscription validation", ResponseType: typeof(CallEventsReceipt), RateLimit: RateLimitKind.None),
        new(nameof(JoinLocalCall), "POST", "/api/local-calls/{sessionId}/join", JoinLocalCall, OperationAccess.SignedIn, "Local call sandbox", "A participant joins the session's room call in the local call sandbox (local host without ACS only); answers the meter", typeof(LocalCallCommand), typeof(SessionMeterView), RateLimit: RateLimitKind.Write),
        new(nameof(LeaveLocalCall), "POST", "/api/local-calls/{sessionId}/leave", LeaveLocalCall, OperationAccess.SignedIn, "Local call sandbox", "A participant leaves the session's room call in the local call sandbox", typeof(LocalCallCommand), typeof(SessionMeterView), RateLimit: RateLimitKind.Write),
        new(nameof(GetLocalCall), "GET", "/api/local-calls/{sessionId}", GetLocalCall, OperationAccess.SignedIn, "Local call sandbox", "The sandbox room: who is on the call, the prompts it spoke, whether the server ended it", ResponseType: typeof(SandboxRoomView)),
    ];

    public static Task<ApiResponse> StartSession(HttpContext http, CancellationToken cancellationToken) =>
        http.WithBody<StartSessionCommand>(cancellationToken, command =>
            http.Service<StartSessionHandler>().HandleAsync(http.GetActor(), command, cancellationToken).ToCreated(s => $"/api/sessions/{s.Id}"));

    public static async Task<ApiResponse> ListMySessions(HttpContext http, CancellationToken cancellationToken)
    {
        var (limit, active) = (http.QueryInt("limit"), http.QueryBool("active"));
        if (EndpointHelpers.FirstError(limit.Error, active.Error) is { } invalid)
        {
            return ApiResponse.Problem(invalid);
        }

        return await http.Service<ListMySessionsHandler>().HandleAsync(http.GetActor(), new ListMySessionsQuery(active.Value, limit.Value, http.Query("cursor")), cancellationToken).ToOk();
    }

    public static Task<ApiResponse> GetSession(HttpContext http, CancellationToken cancellationToken) =>
        http.Service<GetSessionHandler>().HandleAsync(http.GetActor(), http.Route("sessionId"), cancellationToken).ToOk();

    public static Task<ApiResponse> AcceptSession(HttpContext http, CancellationToken cancellationToken) =>
        http.Service<AcceptSessionHandler>().HandleAsync(http.GetActor(), http.Route("sessionId"), cancellationToken).ToOk();

    public static Task<ApiResponse> DeclineSession(HttpContext http, CancellationToken cancellationToken) =>
        http.Service<DeclineSessionHandler>().HandleAsync(http.GetActor(), http.Route("sessionId"), cancellationToken).ToOk();

    public static Task<ApiResponse> EndSession(HttpContext http, CancellationToken cancellationToken) =>
        http.Service<EndSessionHandler>().HandleAsync(http.GetActor(), http.Route("sessionId"), cancellationToken).ToOk();

    public static Task<ApiResponse> GetSessionMeter(HttpContext http, CancellationToken cancellationToken) =>
        http.Service<GetSessionMeterHandler>().HandleAsync(http.GetActor(), http.Route("sessionId"), cancellationToken).ToOk();

    /// <summary>Checks access with a first read, then streams; the stream itself is <see cref="SessionMeterStream"/>.</summary>
    public static async Task<ApiResponse> StreamSessionMeter(HttpContext http, CancellationToken cancellationToken)
    {
        var first = await http.Service<GetSessionMeterHandler>().HandleAsync(http.GetActor(), http.Route("sessionId"), cancellationToken);
        return first.IsSuccess ? new RawResponse(new SessionMeterStream(http.Route("sessionId"), http.GetActor(), first.Value)) : ApiResponse.Problem(first.Error!);
    }

    public static Task<ApiResponse> ReviewSession(HttpContext http, CancellationToken cancellationToken) =>
        http.WithBody<ReviewSessionCommand>(cancellationToken, command =>
            http.Service<ReviewSessionHandler>().HandleAsync(http.GetActor(), http.Route("sessionId"), command, cancellationToken).ToOk());

    public static Task<ApiResponse> ListSessionLinks(HttpContext http, CancellationToken cancellationToken) =>
        http.Service<ListSessionLinksHandler>().HandleAsync(http.GetActor(), cancellationToken).ToOk();

    public static Task<ApiResponse> CreateSessionLink(HttpContext http, CancellationToken cancellationToken) =>
        http.WithBody<CreateSessionLinkCommand>(cancellationToken, command =>
            http.Service<CreateSessionLinkHandler>().HandleAsync(http.GetActor(), command, cancellationToken).ToCreated(l => $"/api/experts/me/session-links/{l.Token}"));

    /// <summary>The token covers nothing of the body, but the body is still read raw and capped like a webhook's.</summary>
    public static async Task<ApiResponse> ReceiveCallEvents(HttpContext http, CancellationToken cancellationToken)
    {
        var body = await http.ReadRawBodyAsync(cancellationToken);
        if (!body.IsSuccess)
        {
            return ApiResponse.Problem(body.Error!);
        }

        var request = new CallCallbackRequest(http.Request.Headers.Authorization.ToString(), http.Query("secret"), http.Query("session"), body.Value);
        return await http.Service<ReceiveCallEventsHandler>().HandleAsync(request, cancellationToken).ToOk();
    }

    public static Task<ApiResponse> JoinLocalCall(HttpContext http, CancellationToken cancellationToken) =>
        http.WithBody<LocalCallCommand>(cancellationToken, command =>
            http.Service<LocalCallHandler>().HandleAsync(http.GetActor(), http.Route("sessionId"), command, join: true, cancellationToken).ToOk());

    public static Task<ApiResponse> LeaveLocalCall(HttpContext http, CancellationToken cancellationToken) =>
        http.WithBody<LocalCallCommand>(cancellationToken, command =>
            http.Service<LocalCallHandler>().HandleAsync(http.GetActor(), http.Route("sessionId"), command, join: false, cancellationToken).ToOk());

    public static Task<ApiResponse> GetLocalCall(HttpContext http, CancellationToken cancellationToken) =>
        http.Service<LocalCallHandler>().DescribeAsync(http.GetActor(), http.Route("sessionId"), cancellationToken).ToOk();
}
