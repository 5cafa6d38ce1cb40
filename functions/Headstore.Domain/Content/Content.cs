using Headstore.Domain.Common;

namespace Headstore.Domain.Content;

public sealed record Article(ArticleId Id, ExpertId ExpertId, string ExpertName, CategoryId? CategoryId, string Title, string Body, DateTimeOffset PublishedAt, long Version) : IAggregate
{
    public const int MaxTitleLength = 200;
    public const int MaxBodyLength = 50_000;

    string IAggregate.Id => Id.Value;

    public static Validator Validate(string? title, string? body) =>
        new Validator().RequireText(title, "title", MaxTitleLength, minLength: 5).RequireText(body, "body", MaxBodyLength, minLength: 50);

    public static Article Publish(ArticleId id, Actor expert, CategoryId? category, string title, string body, DateTimeOffset now) =>
        new(id, ExpertId.For(expert.UserId), expert.Name, category, ContactDetails.MaskIn(title.Trim()), ContactDetails.MaskIn(body.Trim()), now, 0);
}

/// <summary>A file an expert publishes (a guide, a template). The bytes live in blob storage under <see cref="BlobKey"/>.</summary>
public sealed record ExpertDocument(DocumentId Id, ExpertId ExpertId, string Title, string FileName, string ContentType, long SizeBytes, string Sha256, string BlobKey, DateTimeOffset UploadedAt, long Version) : IAggregate
{
    public const long MaxSizeBytes = 10 * 1024 * 1024;

    public static readonly IReadOnlySet<string> AllowedContentTypes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "application/pdf", "text/plain", "text/markdown", "image/png", "image/jpeg",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    };

    string IAggregate.Id => Id.Value;
}
