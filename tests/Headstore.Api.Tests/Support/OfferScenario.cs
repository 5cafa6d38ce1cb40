using System.Net;
using System.Text.Json;
using Headstore.Infrastructure.Payments.Sandbox;

namespace Headstore.Api.Tests.Support;

/// <summary>Premium-service set-up steps through the public API: an answered question, an offer on it, its acceptance.</summary>
public static class OfferScenario
{
    /// <summary>The expert (profile created if needed) answers a new question of the customer: free, or paid when a price is given.</summary>
    public static async Task<(string QuestionId, string AnswerId)> AnsweredAsync(ApiFactory api, TestUser customer, TestUser expert, long? price = null, string title = "How do I claim my home office as a freelancer?")
    {
        if ((await api.ClientFor(null).GetAsync($"/api/experts/{expert.Subject}")).StatusCode == HttpStatusCode.NotFound)
        {
            await Scenario.CreateExpertAsync(api, expert);
        }

        var question = price is { } amount ? await MoneyScenario.AskPaidAsync(api, customer, amount, title: title) : await Scenario.AskAsync(api, customer, title);
        var questionId = question.GetProperty("id").GetString()!;
        var answer = await Scenario.AnswerAsync(api, expert, questionId);
        return (questionId, answer.GetProperty("id").GetString()!);
    }

    public static Task<HttpResponseMessage> SendAsync(ApiFactory api, TestUser expert, string questionId, string serviceId = "phone-call", long amount = 4900, string currency = "USD", string deliverable = "A 30 minute call to go through your expenses line by line.") =>
        api.ClientFor(expert).PostJson($"/api/questions/{questionId}/offers", new { serviceId, deliverable, price = new { amount, currency } });

    public static async Task<string> SentAsync(ApiFactory api, TestUser expert, string questionId, string serviceId = "phone-call", long amount = 4900) =>
        (await (await SendAsync(api, expert, questionId, serviceId, amount)).Json(HttpStatusCode.Created)).GetProperty("id").GetString()!;

    /// <summary>A question answered by the expert with an offer on it; the customer has a card.</summary>
    public static async Task<(string QuestionId, string AnswerId, string OfferId)> OfferedAsync(ApiFactory api, TestUser customer, TestUser expert, long? questionPrice = null, string serviceId = "phone-call", long amount = 4900)
    {
        await MoneyScenario.SaveCardAsync(api, customer);
        var (questionId, answerId) = await AnsweredAsync(api, customer, expert, questionPrice);
        return (questionId, answerId, await SentAsync(api, expert, questionId, serviceId, amount));
    }

    public static Task<HttpResponseMessage> PostAsync(ApiFactory api, TestUser? user, string offerId, string action, object? body = null) =>
        body is null ? api.ClientFor(user).PostAsync($"/api/offers/{offerId}/{action}", null) : api.ClientFor(user).PostJson($"/api/offers/{offerId}/{action}", body);

    public static async Task<JsonElement> AcceptedAsync(ApiFactory api, TestUser customer, string offerId)
    {
        var accepted = await (await PostAsync(api, customer, offerId, "accept")).Json(HttpStatusCode.OK);
        Assert.Equal("in-progress", accepted.GetProperty("status").GetString());
        await api.DrainOutboxAsync();
        return accepted;
    }

    public static async Task<JsonElement> GetAsync(ApiFactory api, TestUser user, string offerId) =>
        await (await api.ClientFor(user).GetAsync($"/api/offers/{offerId}")).Json(HttpStatusCode.OK);

    /// <summary>How many payments the payment sandbox took for an offer (each charge is one payment intent).</summary>
    public static async Task<int> ChargesOfAsync(ApiFactory api, string offerId) =>
        (await StoreInspection.AllAsync<SandboxPaymentIntent>(api)).Count(i => i.Metadata.GetValueOrDefault("offer_id") == offerId && i.Status == "succeeded");
}
