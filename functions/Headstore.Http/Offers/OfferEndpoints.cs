using Headstore.Application.Common;
using Headstore.Application.Offers;
using Headstore.Domain.Common;
using Headstore.Http.Common;

namespace Headstore.Http.Offers;

/// <summary>Premium services: category services, the expert's catalogue, offers on a question, private information, remote sessions.</summary>
public static class OfferEndpoints
{
    private const string Tag = "Premium services";

    public static readonly IReadOnlyList<HttpOperation> Operations =
    [
        new(nameof(ListCategoryServices), "GET", "/api/categories/{categoryId}/services", ListCategoryServices, OperationAccess.Public, "Categories", "The predefined premium services of a category", ResponseType: typeof(IReadOnlyList<PredefinedServiceView>)),

        new(nameof(ListMyCatalog), "GET", "/api/experts/me/catalog", ListMyCatalog, OperationAccess.SignedIn, Tag, "Your catalogue of custom services (experts)", ResponseType: typeof(IReadOnlyList<CatalogEntryView>)),
        new(nameof(AddCatalogEntry), "POST", "/api/experts/me/catalog", AddCatalogEntry, OperationAccess.SignedIn, Tag, "Add a custom service to your catalogue (experts)", typeof(CatalogEntryCommand), typeof(CatalogEntryView), StatusCodes.Status201Created, RateLimitKind.Write),
        new(nameof(UpdateCatalogEntry), "PUT", "/api/experts/me/catalog/{serviceId}", UpdateCatalogEntry, OperationAccess.SignedIn, Tag, "Edit a service of your catalogue; offers already sent keep what they said", typeof(CatalogEntryCommand), typeof(CatalogEntryView), RateLimit: RateLimitKind.Write),
        new(nameof(RemoveCatalogEntry), "DELETE", "/api/experts/me/catalog/{serviceId}", RemoveCatalogEntry, OperationAccess.SignedIn, Tag, "Remove a service from your catalogue", SuccessStatus: StatusCodes.Status204NoContent, RateLimit: RateLimitKind.Write),

        new(nameof(SendOffer), "POST", "/api/questions/{questionId}/offers", SendOffer, OperationAccess.SignedIn, Tag, "Offer a premium service on a question you answered (serviceId, or customServiceName to add one to your catalogue); the customer is e-mailed", typeof(SendOfferCommand), typeof(OfferView), StatusCodes.Status201Created, RateLimitKind.Write),
        new(nameof(GetOffer), "GET", "/api/offers/{offerId}", GetOffer, OperationAccess.SignedIn, Tag, "An offer with its history (its customer, its expert, admins); while open, what accepting it charges", ResponseType: typeof(OfferView)),
        new(nameof(ListMyOffers), "GET", "/api/me/offers", ListMyOffers, OperationAccess.SignedIn, Tag, "Offers made to you or sent by you, newest first (status=open|in-progress|completed|…; experts: in-progress is your request list)", ResponseType: typeof(Page<OfferView>)),
        new(nameof(AcceptOffer), "POST", "/api/offers/{offerId}/accept", AcceptOffer, OperationAccess.SignedIn, Tag, "Accept and pay up front: the offer price plus the question's price if still due; 402 with the decline reason when the card declines", ResponseType: typeof(OfferView), RateLimit: RateLimitKind.Write),
        new(nameof(DeclineOffer), "POST", "/api/offers/{offerId}/decline", DeclineOffer, OperationAccess.SignedIn, Tag, "Decline an open offer (the customer)", typeof(DeclineOfferCommand), typeof(OfferView), RateLimit: RateLimitKind.Write),
        new(nameof(WithdrawOffer), "POST", "/api/offers/{offerId}/withdraw", WithdrawOffer, OperationAccess.SignedIn, Tag, "Withdraw an open offer (the expert)", typeof(WithdrawOfferCommand), typeof(OfferView), RateLimit: RateLimitKind.Write),
        new(nameof(CompleteOffer), "POST", "/api/offers/{offerId}/complete", CompleteOffer, OperationAccess.SignedIn, Tag, "Mark an accepted offer completed (the expert)", typeof(CompleteOfferCommand), typeof(OfferView), RateLimit: RateLimitKind.Write),
        new(nameof(ReportOfferCannotBeCompleted), "POST", "/api/offers/{offerId}/cannot-complete", ReportOfferCannotBeCompleted, OperationAccess.SignedIn, Tag, "Say you cannot complete an accepted offer (the expert, with a reason): the customer is refunded in full and care is told", typeof(CannotCompleteOfferCommand), typeof(OfferView), RateLimit: RateLimitKind.Write),
        new(nameof(RequestOfferRefund), "POST", "/api/offers/{offerId}/refund-request", RequestOfferRefund, OperationAccess.SignedIn, Tag, "Ask for a full refund of an accepted offer (the customer; in progress or within the refund window after completion)", typeof(RequestOfferRefundCommand), typeof(OfferView), RateLimit: RateLimitKind.Write),

        new(nameof(GetPrivateInfo), "GET", "/api/questions/{questionId}/private-info", GetPrivateInfo, OperationAccess.SignedIn, Tag, "The question's private information (its customer and the expert of an accepted offer on it)", ResponseType: typeof(PrivateInfoView)),
        new(nameof(UpdatePrivateInfo), "PUT", "/api/questions/{questionId}/private-info", UpdatePrivateInfo, OperationAccess.SignedIn, Tag, "Write the question's private information: phone, messenger, e-mail, notes (the parties, after acceptance)", typeof(UpdatePrivateInfoCommand), typeof(PrivateInfoView), RateLimit: RateLimitKind.Write),
        new(nameof(ReadPrivateInfoAsAdmin), "GET", "/api/admin/questions/{questionId}/private-info", ReadPrivateInfoAsAdmin, OperationAccess.SignedIn, "Admin", "Read a question's private information for a dispute or care case (admins; reason=… required, every read audited)", ResponseType: typeof(AdminPrivateInfoView)),

        new(nameof(StartRemoteSession), "POST", "/api/offers/{offerId}/remote-sessions", StartRemoteSession, OperationAccess.SignedIn, Tag, "Start a secure remote assistance session under an accepted offer for that service (the parties)", ResponseType: typeof(RemoteSessionView), SuccessStatus: StatusCodes.Status201Created, RateLimit: RateLimitKind.Write),
        new(nameof(ListRemoteSessions), "GET", "/api/offers/{offerId}/remote-sessions", ListRemoteSessions, OperationAccess.SignedIn, Tag, "The remote sessions held under an offer: who, start, end, duration, outcome (the parties and admins)", ResponseType: typeof(IReadOnlyList<RemoteSessionView>)),
        new(nameof(GetRemoteSession), "GET", "/api/remote-sessions/{remoteSessionId}", GetRemoteSession, OperationAccess.SignedIn, Tag, "One remote session's record (the parties and admins)", ResponseType: typeof(RemoteSessionView)),
        new(nameof(EndRemoteSession), "POST", "/api/remote-sessions/{remoteSessionId}/end", EndRemoteSession, OperationAccess.SignedIn, Tag, "End a running remote session with its outcome: resolved, not-resolved or aborted (the parties)", typeof(EndRemoteSessionCommand), typeof(RemoteSessionView), RateLimit: RateLimitKind.Write),
    ];

    public static async Task<ApiResponse> ListCategoryServices(HttpContext http, CancellationToken cancellationToken) =>
        Listed(await http.Service<ListCategoryServicesHandler>().HandleAsync(http.Route("categoryId"), cancellationToken));

    public static async Task<ApiResponse> ListMyCatalog(HttpContext http, CancellationToken cancellationToken) =>
        Listed(await http.Service<ListMyCatalogHandler>().HandleAsync(http.GetActor(), cancellationToken));

    public static Task<ApiResponse> AddCatalogEntry(HttpContext http, CancellationToken cancellationToken) =>
        http.WithBody<CatalogEntryCommand>(cancellationToken, command =>
            http.Service<AddCatalogEntryHandler>().HandleAsync(http.GetActor(), command, cancellationToken).ToCreated(e => $"/api/experts/me/catalog/{e.Id}"));

    public static Task<ApiResponse> UpdateCatalogEntry(HttpContext http, CancellationToken cancellationToken) =>
        http.WithBody<CatalogEntryCommand>(cancellationToken, command =>
            http.Service<UpdateCatalogEntryHandler>().HandleAsync(http.GetActor(), http.Route("serviceId"), command, cancellationToken).ToOk());

    public static async Task<ApiResponse> RemoveCatalogEntry(HttpContext http, CancellationToken cancellationToken)
    {
        var removed = await http.Service<RemoveCatalogEntryHandler>().HandleAsync(http.GetActor(), http.Route("serviceId"), cancellationToken);
        return removed.IsSuccess ? ApiResponse.NoContent() : ApiResponse.Problem(removed.Error!);
    }

    public static Task<ApiResponse> SendOffer(HttpContext http, CancellationToken cancellationToken) =>
        http.WithBody<SendOfferCommand>(cancellationToken, command =>
            http.Service<SendOfferHandler>().HandleAsync(http.GetActor(), http.Route("questionId"), command, cancellationToken).ToCreated(o => $"/api/offers/{o.Id}"));

    public static Task<ApiResponse> GetOffer(HttpContext http, CancellationToken cancellationToken) =>
        http.Service<GetOfferHandler>().HandleAsync(http.GetActor(), http.Route("offerId"), cancellationToken).ToOk();

    public static async Task<ApiResponse> ListMyOffers(HttpContext http, CancellationToken cancellationToken)
    {
        var limit = http.QueryInt("limit");
        return limit.IsSuccess
            ? await http.Service<ListMyOffersHandler>().HandleAsync(http.GetActor(), new ListMyOffersQuery(http.Query("status"), limit.Value, http.Query("cursor")), cancellationToken).ToOk()
            : ApiResponse.Problem(limit.Error!);
    }

    public static Task<ApiResponse> AcceptOffer(HttpContext http, CancellationToken cancellationToken) =>
        http.Service<AcceptOfferHandler>().HandleAsync(http.GetActor(), http.Route("offerId"), cancellationToken).ToOk();

    public static Task<ApiResponse> DeclineOffer(HttpContext http, CancellationToken cancellationToken) =>
        http.WithOptionalBody(new DeclineOfferCommand(null), cancellationToken, command =>
            http.Service<DeclineOfferHandler>().HandleAsync(http.GetActor(), http.Route("offerId"), command, cancellationToken).ToOk());

    public static Task<ApiResponse> WithdrawOffer(HttpContext http, CancellationToken cancellationToken) =>
        http.WithOptionalBody(new WithdrawOfferCommand(null), cancellationToken, command =>
            http.Service<WithdrawOfferHandler>().HandleAsync(http.GetActor(), http.Route("offerId"), command, cancellationToken).ToOk());

    public static Task<ApiResponse> CompleteOffer(HttpContext http, CancellationToken cancellationToken) =>
        http.WithOptionalBody(new CompleteOfferCommand(null), cancellationToken, command =>
            http.Service<CompleteOfferHandler>().HandleAsync(http.GetActor(), http.Route("offerId"), command, cancellationToken).ToOk());

    public static Task<ApiResponse> ReportOfferCannotBeCompleted(HttpContext http, CancellationToken cancellationToken) =>
        http.WithOptionalBody(new CannotCompleteOfferCommand(null), cancellationToken, command =>
            http.Service<ReportOfferCannotBeCompletedHandler>().HandleAsync(http.GetActor(), http.Route("offerId"), command, cancellationToken).ToOk());

    public static Task<ApiResponse> RequestOfferRefund(HttpContext http, CancellationToken cancellationToken) =>
        http.WithOptionalBody(new RequestOfferRefundCommand(null), cancellationToken, command =>
            http.Service<RequestOfferRefundHandler>().HandleAsync(http.GetActor(), http.Route("offerId"), command, cancellationToken).ToOk());

    public static Task<ApiResponse> GetPrivateInfo(HttpContext http, CancellationToken cancellationToken) =>
        http.Service<GetPrivateInfoHandler>().HandleAsync(http.GetActor(), http.Route("questionId"), cancellationToken).ToOk();

    public static Task<ApiResponse> UpdatePrivateInfo(HttpContext http, CancellationToken cancellationToken) =>
        http.WithBody<UpdatePrivateInfoCommand>(cancellationToken, command =>
            http.Service<UpdatePrivateInfoHandler>().HandleAsync(http.GetActor(), http.Route("questionId"), command, cancellationToken).ToOk());

    public static Task<ApiResponse> ReadPrivateInfoAsAdmin(HttpContext http, CancellationToken cancellationToken) =>
        http.Service<ReadPrivateInfoAsAdminHandler>().HandleAsync(http.GetActor(), http.Route("questionId"), http.Query("reason"), cancellationToken).ToOk();

    public static Task<ApiResponse> StartRemoteSession(HttpContext http, CancellationToken cancellationToken) =>
        http.Service<StartRemoteSessionHandler>().HandleAsync(http.GetActor(), http.Route("offerId"), cancellationToken).ToCreated(s => $"/api/remote-sessions/{s.Id}");

    public static async Task<ApiResponse> ListRemoteSessions(HttpContext http, CancellationToken cancellationToken) =>
        Listed(await http.Service<ListRemoteSessionsHandler>().HandleAsync(http.GetActor(), http.Route("offerId"), cancellationToken));

    public static Task<ApiResponse> GetRemoteSession(HttpContext http, CancellationToken cancellationToken) =>
        http.Service<GetRemoteSessionHandler>().HandleAsync(http.GetActor(), http.Route("remoteSessionId"), cancellationToken).ToOk();

    public static Task<ApiResponse> EndRemoteSession(HttpContext http, CancellationToken cancellationToken) =>
        http.WithBody<EndRemoteSessionCommand>(cancellationToken, command =>
            http.Service<EndRemoteSessionHandler>().HandleAsync(http.GetActor(), http.Route("remoteSessionId"), command, cancellationToken).ToOk());

    /// <summary>A whole list in the API's list shape.</summary>
    private static ApiResponse Listed<T>(Result<IReadOnlyList<T>> result) =>
        result.IsSuccess ? ApiResponse.Ok(new { items = result.Value, nextCursor = (string?)null }) : ApiResponse.Problem(result.Error!);

    /// <summary>A POST whose body is optional (a reason or note): no body means the empty command.</summary>
    private static async Task<ApiResponse> WithOptionalBody<T>(this HttpContext http, T empty, CancellationToken cancellationToken, Func<T, Task<ApiResponse>> run)
        where T : class
    {
        var noBody = http.Request.ContentLength == 0 || (http.Request.ContentLength is null && !http.Request.Headers.ContainsKey("Transfer-Encoding"));
        return noBody ? await run(empty) : await http.WithBody(cancellationToken, run);
    }
}
