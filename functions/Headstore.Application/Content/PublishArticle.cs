using Headstore.Application.Categories;
using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Content;
using Headstore.Domain.Experts;

namespace Headstore.Application.Content;

public sealed record PublishArticleCommand(string? Title, string? Body, string? CategoryId);

public sealed record ArticleView(ArticleId Id, ExpertId ExpertId, string ExpertName, CategoryId? CategoryId, string Title, string Body, DateTimeOffset PublishedAt)
{
    public static ArticleView From(Article article) => new(article.Id, article.ExpertId, article.ExpertName, article.CategoryId, article.Title, article.Body, article.PublishedAt);
}

public sealed class PublishArticleHandler(IDocumentStore store, ICategoryCatalog categories, TimeProvider clock)
{
    public async Task<Result<ArticleView>> HandleAsync(Actor actor, PublishArticleCommand command, CancellationToken cancellationToken)
    {
        if (actor.RequireRole(Roles.Expert) is { } denied)
        {
            return denied;
        }

        var validator = Article.Validate(command.Title, command.Body);
        if (command.CategoryId is not null)
        {
            var exists = await categories.ExistsAsync(cancellationToken);
            validator.Require(exists(new CategoryId(command.CategoryId)), "categoryId", "Choose an existing category.");
        }

        if (!validator.IsValid)
        {
            return validator.ToError();
        }

        var profile = await store.FindAsync<ExpertProfile>(actor.UserId.Value, cancellationToken);
        if (profile is null)
        {
            return Error.Rule("profile-required", "Create your expert profile before publishing.");
        }

        var now = clock.GetUtcNow();
        var article = Article.Publish(ArticleId.New(now), actor with { Name = profile.Details.Name }, command.CategoryId is null ? null : new CategoryId(command.CategoryId), command.Title!, command.Body!, now);
        var work = store.BeginWork();
        work.Add(article);
        work.Publish(new ArticlePublished(article.Id, article.ExpertId) { OccurredAt = now });
        return await work.CommitReturningAsync(ArticleView.From(article), cancellationToken);
    }
}

public sealed class GetArticleHandler(IDocumentStore store)
{
    public async Task<Result<ArticleView>> HandleAsync(string articleId, CancellationToken cancellationToken)
    {
        var article = await store.FindAsync<Article>(articleId, cancellationToken);
        return article is null ? Error.NotFound("Article") : ArticleView.From(article);
    }
}
