using Headstore.Http.Offers;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Headstore.Functions.Http;

/// <summary>The premium-service operations as HTTP functions; routes, types and handlers are declared once in <see cref="OfferEndpoints"/>.</summary>
public static class OfferFunctions
{
    [Function(nameof(OfferEndpoints.ListCategoryServices))]
    public static Task<IActionResult> ListCategoryServices([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "categories/{categoryId}/services")] HttpRequest req, string categoryId) =>
        Operations.RunAsync(nameof(OfferEndpoints.ListCategoryServices), req, ("categoryId", categoryId));

    [Function(nameof(OfferEndpoints.ListMyCatalog))]
    public static Task<IActionResult> ListMyCatalog([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "experts/me/catalog")] HttpRequest req) =>
        Operations.RunAsync(nameof(OfferEndpoints.ListMyCatalog), req);

    [Function(nameof(OfferEndpoints.AddCatalogEntry))]
    public static Task<IActionResult> AddCatalogEntry([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "experts/me/catalog")] HttpRequest req) =>
        Operations.RunAsync(nameof(OfferEndpoints.AddCatalogEntry), req);

    [Function(nameof(OfferEndpoints.UpdateCatalogEntry))]
    public static Task<IActionResult> UpdateCatalogEntry([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "experts/me/catalog/{serviceId}")] HttpRequest req, string serviceId) =>
        Operations.RunAsync(nameof(OfferEndpoints.UpdateCatalogEntry), req, ("serviceId", serviceId));

    [Function(nameof(OfferEndpoints.RemoveCatalogEntry))]
    public static Task<IActionResult> RemoveCatalogEntry([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "experts/me/catalog/{serviceId}")] HttpRequest req, string serviceId) =>
        Operations.RunAsync(nameof(OfferEndpoints.RemoveCatalogEntry), req, ("serviceId", serviceId));

    [Function(nameof(OfferEndpoints.SendOffer))]
    public static Task<IActionResult> SendOffer([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "questions/{questionId}/offers")] HttpRequest req, string questionId) =>
        Operations.RunAsync(nameof(OfferEndpoints.SendOffer), req, ("questionId", questionId));

    [Function(nameof(OfferEndpoints.GetOffer))]
    public static Task<IActionResult> GetOffer([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "offers/{offerId}")] HttpRequest req, string offerId) =>
        Operations.RunAsync(nameof(OfferEndpoints.GetOffer), req, ("offerId", offerId));

    [Function(nameof(OfferEndpoints.ListMyOffers))]
    public static Task<IActionResult> ListMyOffers([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/offers")] HttpRequest req) =>
        Operations.RunAsync(nameof(OfferEndpoints.ListMyOffers), req);

    [Function(nameof(OfferEndpoints.AcceptOffer))]
    public static Task<IActionResult> AcceptOffer([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "offers/{offerId}/accept")] HttpRequest req, string offerId) =>
        Operations.RunAsync(nameof(OfferEndpoints.AcceptOffer), req, ("offerId", offerId));

    [Function(nameof(OfferEndpoints.DeclineOffer))]
    public static Task<IActionResult> DeclineOffer([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "offers/{offerId}/decline")] HttpRequest req, string offerId) =>
        Operations.RunAsync(nameof(OfferEndpoints.DeclineOffer), req, ("offerId", offerId));

    [Function(nameof(OfferEndpoints.WithdrawOffer))]
    public static Task<IActionResult> WithdrawOffer([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "offers/{offerId}/withdraw")] HttpRequest req, string offerId) =>
        Operations.RunAsync(nameof(OfferEndpoints.WithdrawOffer), req, ("offerId", offerId));

    [Function(nameof(OfferEndpoints.CompleteOffer))]
    public static Task<IActionResult> CompleteOffer([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "offers/{offerId}/complete")] HttpRequest req, string offerId) =>
        Operations.RunAsync(nameof(OfferEndpoints.CompleteOffer), req, ("offerId", offerId));

    [Function(nameof(OfferEndpoints.ReportOfferCannotBeCompleted))]
    public static Task<IActionResult> ReportOfferCannotBeCompleted([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "offers/{offerId}/cannot-complete")] HttpRequest req, string offerId) =>
        Operations.RunAsync(nameof(OfferEndpoints.ReportOfferCannotBeCompleted), req, ("offerId", offerId));

    [Function(nameof(OfferEndpoints.RequestOfferRefund))]
    public static Task<IActionResult> RequestOfferRefund([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "offers/{offerId}/refund-request")] HttpRequest req, string offerId) =>
        Operations.RunAsync(nameof(OfferEndpoints.RequestOfferRefund), req, ("offerId", offerId));

    [Function(nameof(OfferEndpoints.GetPrivateInfo))]
    public static Task<IActionResult> GetPrivateInfo([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "questions/{questionId}/private-info")] HttpRequest req, string questionId) =>
        Operations.RunAsync(nameof(OfferEndpoints.GetPrivateInfo), req, ("questionId", questionId));

    [Function(nameof(OfferEndpoints.UpdatePrivateInfo))]
    public static Task<IActionResult> UpdatePrivateInfo([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "questions/{questionId}/private-info")] HttpRequest req, string questionId) =>
        Operations.RunAsync(nameof(OfferEndpoints.UpdatePrivateInfo), req, ("questionId", questionId));

    [Function(nameof(OfferEndpoints.ReadPrivateInfoAsAdmin))]
    public static Task<IActionResult> ReadPrivateInfoAsAdmin([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/questions/{questionId}/private-info")] HttpRequest req, string questionId) =>
        Operations.RunAsync(nameof(OfferEndpoints.ReadPrivateInfoAsAdmin), req, ("questionId", questionId));

    [Function(nameof(OfferEndpoints.StartRemoteSession))]
    public static Task<IActionResult> StartRemoteSession([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "offers/{offerId}/remote-sessions")] HttpRequest req, string offerId) =>
        Operations.RunAsync(nameof(OfferEndpoints.StartRemoteSession), req, ("offerId", offerId));

    [Function(nameof(OfferEndpoints.ListRemoteSessions))]
    public static Task<IActionResult> ListRemoteSessions([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "offers/{offerId}/remote-sessions")] HttpRequest req, string offerId) =>
        Operations.RunAsync(nameof(OfferEndpoints.ListRemoteSessions), req, ("offerId", offerId));

    [Function(nameof(OfferEndpoints.GetRemoteSession))]
    public static Task<IActionResult> GetRemoteSession([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "remote-sessions/{remoteSessionId}")] HttpRequest req, string remoteSessionId) =>
        Operations.RunAsync(nameof(OfferEndpoints.GetRemoteSession), req, ("remoteSessionId", remoteSessionId));

    [Function(nameof(OfferEndpoints.EndRemoteSession))]
    public static Task<IActionResult> EndRemoteSession([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "remote-sessions/{remoteSessionId}/end")] HttpRequest req, string remoteSessionId) =>
        Operations.RunAsync(nameof(OfferEndpoints.EndRemoteSession), req, ("remoteSessionId", remoteSessionId));
}
