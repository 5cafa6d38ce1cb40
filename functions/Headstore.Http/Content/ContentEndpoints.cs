using Headstore.Application.Content;
using Headstore.Domain.Common;
using Headstore.Http.Common;

namespace Headstore.Http.Content;

public static class ContentEndpoints
{
    public static readonly IReadOnlyList<HttpOperation> Operations =
    [
        new(nameof(PublishArticle), "POST", "/api/articles", PublishArticle, OperationAccess.SignedIn, "Content", "Publish an article (experts)", typeof(PublishArticleCommand), typeof(ArticleView), StatusCodes.Status201Created, RateLimitKind.Write),
        new(nameof(GetArticle), "GET", "/api/articles/{articleId}", GetArticle, OperationAccess.Public, "Content", "An article", ResponseType: typeof(ArticleView)),
        new(nameof(UploadDocument), "POST", "/api/documents", UploadDocument, OperationAccess.SignedIn, "Content", "Upload a document (multipart/form-data: title, file; experts)", ResponseType: typeof(DocumentView), SuccessStatus: StatusCodes.Status201Created, RateLimit: RateLimitKind.Write),
        new(nameof(DownloadDocument), "GET", "/api/documents/{documentId}", DownloadDocument, OperationAccess.Public, "Content", "Download a document"),
    ];

    public static Task<ApiResponse> PublishArticle(HttpContext http, CancellationToken cancellationToken) =>
        http.WithBody<PublishArticleCommand>(cancellationToken, command =>
            http.Service<PublishArticleHandler>().HandleAsync(http.GetActor(), command, cancellationToken).ToCreated(a => $"/api/articles/{a.Id}"));

    public static Task<ApiResponse> GetArticle(HttpContext http, CancellationToken cancellationToken) =>
        http.Service<GetArticleHandler>().HandleAsync(http.Route("articleId"), cancellationToken).ToOk();

    /// <summary>The file streams from the request to the blob store; it is never held in memory whole.</summary>
    public static async Task<ApiResponse> UploadDocument(HttpContext http, CancellationToken cancellationToken)
    {
        if (!http.Request.HasFormContentType)
        {
            return ApiResponse.Problem(Error.Validation("file", "Send multipart/form-data with a title and a file."));
        }

        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException or BadHttpRequestException)
        {
            return ApiResponse.Problem(Error.Validation("file", "The upload is not valid multipart/form-data or is too large."));
        }

        var file = form.Files.GetFile("file");
        await using var content = file?.OpenReadStream();
        var command = new UploadDocumentCommand(form["title"].ToString(), file?.FileName, file?.ContentType, file?.Length, content);
        return await http.Service<UploadDocumentHandler>().HandleAsync(http.GetActor(), command, cancellationToken).ToCreated(d => $"/api/documents/{d.Id}");
    }

    public static async Task<ApiResponse> DownloadDocument(HttpContext http, CancellationToken cancellationToken)
    {
        var found = await http.Service<DownloadDocumentHandler>().HandleAsync(http.Route("documentId"), cancellationToken);
        if (!found.IsSuccess)
        {
            return ApiResponse.Problem(found.Error!);
        }

        var (stream, document) = found.Value;
        return new RawResponse(Results.Stream(stream, document.ContentType, document.FileName, enableRangeProcessing: true));
    }
}
