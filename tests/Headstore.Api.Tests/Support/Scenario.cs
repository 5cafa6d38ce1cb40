using System.Net;
using System.Text.Json;

namespace Headstore.Api.Tests.Support;

/// <summary>Common set-up steps through the public API, so journey tests read as the story they tell.</summary>
public static class Scenario
{
    public static object ExpertProfile(string name = "Alice Expert", string currency = "USD", long rate = 300, int freeMinutes = 5, string[]? categories = null, string[]? languages = null) => new
    {
        name,
        jobTitle = "Chartered accountant",
        company = "Example & Co",
        offering = "Tax returns and bookkeeping for freelancers and small companies.",
        categories = categories ?? ["tax-accounting"],
        languages = languages ?? ["en"],
        description = "Fifteen years of practice with sole traders and small companies.",
        currency,
        ratePerMinute = rate,
        freeMinutes,
    };

    public static async Task<JsonElement> CreateExpertAsync(ApiFactory api, TestUser expert, object? profile = null)
    {
        var response = await api.ClientFor(expert).PutJson("/api/experts/me", profile ?? ExpertProfile(expert.Name));
        return await response.Json(HttpStatusCode.OK);
    }

    public static async Task<JsonElement> AskAsync(ApiFactory api, TestUser customer, string title = "How do I claim my home office as a freelancer?", string body = "I work from a spare bedroom; what can I claim?", string category = "tax-accounting")
    {
        var response = await api.ClientFor(customer).PostJson("/api/questions", new { categoryId = category, title, body, language = "en" });
        return await response.Json(HttpStatusCode.Created);
    }

    public static async Task<JsonElement> AnswerAsync(ApiFactory api, TestUser expert, string questionId, string body = "Claim the business share of rent and utilities by floor area.")
    {
        var response = await api.ClientFor(expert).PostJson($"/api/questions/{questionId}/answers", new { body });
        return await response.Json(HttpStatusCode.Created);
    }
}
