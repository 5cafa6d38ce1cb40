using Headstore.Application.Common;
using Headstore.Application.Questions;
using Headstore.Http.Common;

namespace Headstore.Http.Questions;

public static class QuestionEndpoints
{
    public static readonly IReadOnlyList<HttpOperation> Operations =
    [
        new(nameof(FindSimilar), "GET", "/api/questions/similar", FindSimilar, OperationAccess.Public, "Questions", "Answered questions like the text, best first, with a snippet", ResponseType: typeof(IReadOnlyList<QuestionSummary>)),
        new(nameof(ListQuestions), "GET", "/api/questions", ListQuestions, OperationAccess.Public, "Questions", "Questions newest first, by category and status (mine=true: your own)", ResponseType: typeof(Page<QuestionSummary>)),
        new(nameof(AskQuestion), "POST", "/api/questions", AskQuestion, OperationAccess.SignedIn, "Questions", "Ask a question (contact details are masked)", typeof(AskQuestionCommand), typeof(QuestionView), StatusCodes.Status201Created, RateLimitKind.Write),
        new(nameof(GetQuestion), "GET", "/api/questions/{questionId}", GetQuestion, OperationAccess.Public, "Questions", "A question with its answers", ResponseType: typeof(QuestionView)),
        new(nameof(PostAnswer), "POST", "/api/questions/{questionId}/answers", PostAnswer, OperationAccess.SignedIn, "Questions", "Answer a question (experts)", typeof(PostAnswerCommand), typeof(AnswerView), StatusCodes.Status201Created, RateLimitKind.Write),
        new(nameof(RateAnswer), "POST", "/api/answers/{answerId}/rating", RateAnswer, OperationAccess.SignedIn, "Questions", "Rate an answer 1-5 stars (the asker, once)", typeof(RateAnswerCommand), typeof(AnswerView), RateLimit: RateLimitKind.Write),
        new(nameof(VoteAnswer), "PUT", "/api/answers/{answerId}/vote", VoteAnswer, OperationAccess.SignedIn, "Questions", "Vote an answer up or down, or withdraw the vote", typeof(VoteAnswerCommand), typeof(AnswerView), RateLimit: RateLimitKind.Write),
    ];

    public static async Task<ApiResponse> FindSimilar(HttpContext http, CancellationToken cancellationToken)
    {
        var limit = http.QueryInt("limit");
        if (!limit.IsSuccess)
        {
            return ApiResponse.Problem(limit.Error!);
        }

        var found = await http.Service<FindSimilarQuestionsHandler>().HandleAsync(new FindSimilarQuestionsQuery(http.Query("q"), limit.Value), cancellationToken);
        return found.IsSuccess ? ApiResponse.Ok(new { items = found.Value, nextCursor = (string?)null }) : ApiResponse.Problem(found.Error!);
    }

    public static async Task<ApiResponse> ListQuestions(HttpContext http, CancellationToken cancellationToken)
    {
        var (limit, mine) = (http.QueryInt("limit"), http.QueryBool("mine"));
        if (EndpointHelpers.FirstError(limit.Error, mine.Error) is { } invalid)
        {
            return ApiResponse.Problem(invalid);
        }

        var query = new ListQuestionsQuery(http.Query("category"), http.Query("status"), mine.Value, limit.Value, http.Query("cursor"));
        return await http.Service<ListQuestionsHandler>().HandleAsync(http.GetActor(), query, cancellationToken).ToOk();
    }

    public static Task<ApiResponse> AskQuestion(HttpContext http, CancellationToken cancellationToken) =>
        http.WithBody<AskQuestionCommand>(cancellationToken, command =>
            http.Service<AskQuestionHandler>().HandleAsync(http.GetActor(), command, cancellationToken).ToCreated(q => $"/api/questions/{q.Id}"));

    public static Task<ApiResponse> GetQuestion(HttpContext http, CancellationToken cancellationToken) =>
        http.Service<GetQuestionHandler>().HandleAsync(http.GetActor(), http.Route("questionId"), cancellationToken).ToOk();

    public static Task<ApiResponse> PostAnswer(HttpContext http, CancellationToken cancellationToken) =>
        http.WithBody<PostAnswerCommand>(cancellationToken, command =>
            http.Service<PostAnswerHandler>().HandleAsync(http.GetActor(), http.Route("questionId"), command, cancellationToken).ToCreated(a => $"/api/questions/{http.Route("questionId")}#{a.Id}"));

    public static Task<ApiResponse> RateAnswer(HttpContext http, CancellationToken cancellationToken) =>
        http.WithBody<RateAnswerCommand>(cancellationToken, command =>
            http.Service<RateAnswerHandler>().HandleAsync(http.GetActor(), http.Route("answerId"), command, cancellationToken).ToOk());

    public static Task<ApiResponse> VoteAnswer(HttpContext http, CancellationToken cancellationToken) =>
        http.WithBody<VoteAnswerCommand>(cancellationToken, command =>
            http.Service<VoteAnswerHandler>().HandleAsync(http.GetActor(), http.Route("answerId"), command, cancellationToken).ToOk());
}
