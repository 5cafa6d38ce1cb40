using Headstore.Http.Questions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Headstore.Functions.Http;

/// <summary>The question and answer operations as HTTP functions; routes, types and handlers are declared once in <see cref="QuestionEndpoints"/>.</summary>
public static class QuestionFunctions
{
    [Function(nameof(QuestionEndpoints.FindSimilar))]
    public static Task<IActionResult> FindSimilar([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "questions/similar")] HttpRequest req) =>
        Operations.RunAsync(nameof(QuestionEndpoints.FindSimilar), req);

    [Function(nameof(QuestionEndpoints.ListQuestions))]
    public static Task<IActionResult> ListQuestions([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "questions")] HttpRequest req) =>
        Operations.RunAsync(nameof(QuestionEndpoints.ListQuestions), req);

    [Function(nameof(QuestionEndpoints.AskQuestion))]
    public static Task<IActionResult> AskQuestion([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "questions")] HttpRequest req) =>
        Operations.RunAsync(nameof(QuestionEndpoints.AskQuestion), req);

    [Function(nameof(QuestionEndpoints.GetQuestion))]
    public static Task<IActionResult> GetQuestion([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "questions/{questionId}")] HttpRequest req, string questionId) =>
        Operations.RunAsync(nameof(QuestionEndpoints.GetQuestion), req, ("questionId", questionId));

    [Function(nameof(QuestionEndpoints.PostAnswer))]
    public static Task<IActionResult> PostAnswer([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "questions/{questionId}/answers")] HttpRequest req, string questionId) =>
        Operations.RunAsync(nameof(QuestionEndpoints.PostAnswer), req, ("questionId", questionId));

    [Function(nameof(QuestionEndpoints.RateAnswer))]
    public static Task<IActionResult> RateAnswer([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "answers/{answerId}/rating")] HttpRequest req, string answerId) =>
        Operations.RunAsync(nameof(QuestionEndpoints.RateAnswer), req, ("answerId", answerId));

    [Function(nameof(QuestionEndpoints.VoteAnswer))]
    public static Task<IActionResult> VoteAnswer([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "answers/{answerId}/vote")] HttpRequest req, string answerId) =>
        Operations.RunAsync(nameof(QuestionEndpoints.VoteAnswer), req, ("answerId", answerId));
}
