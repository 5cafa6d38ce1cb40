using Headstore.Http.Content;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Headstore.Functions.Http;

/// <summary>The article and document operations as HTTP functions; routes, types and handlers are declared once in <see cref="ContentEndpoints"/>.</summary>
public static class ContentFunctions
{
    [Function(nameof(ContentEndpoints.PublishArticle))]
    public static Task<IActionResult> PublishArticle([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "articles")] HttpRequest req) =>
        Operations.RunAsync(nameof(ContentEndpoints.PublishArticle), req);

    [Function(nameof(ContentEndpoints.GetArticle))]
    public static Task<IActionResult> GetArticle([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "articles/{articleId}")] HttpRequest req, string articleId) =>
        Operations.RunAsync(nameof(ContentEndpoints.GetArticle), req, ("articleId", articleId));

    [Function(nameof(ContentEndpoints.UploadDocument))]
    public static Task<IActionResult> UploadDocument([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "documents")] HttpRequest req) =>
        Operations.RunAsync(nameof(ContentEndpoints.UploadDocument), req);

    [Function(nameof(ContentEndpoints.DownloadDocument))]
    public static Task<IActionResult> DownloadDocument([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "documents/{documentId}")] HttpRequest req, string documentId) =>
        Operations.RunAsync(nameof(ContentEndpoints.DownloadDocument), req, ("documentId", documentId));
}
