using Headstore.Domain.Plans;

namespace Headstore.Domain.Support;

/// <summary>
/// What a plan's support level promises for a question: how soon the first expert answer comes (the SLA target), how
/// it ranks in experts' queues, how long an answer must be, which experts may take it (minimum rating, speaking the
/// question's language) and whether the customer has an account manager. Standard (and Membership, which buys
/// questions, not support) promise 48 hours and nothing else.
/// </summary>
public sealed record SupportTerms(
    string Level,
    int Priority,
    TimeSpan FirstResponseTarget,
    int MinimumAnswerLength,
    decimal? MinimumExpertRating,
    bool LanguageMatch,
    bool AccountManager)
{
    public static readonly SupportTerms StandardLevel = new("standard", 0, TimeSpan.FromHours(48), 0, null, false, false);

    public static readonly SupportTerms PriorityLevel = new("priority", 1, TimeSpan.FromHours(12), 600, 4.0m, true, false);

    public static readonly SupportTerms BusinessLevel = new("business", 2, TimeSpan.FromHours(4), 1200, 4.5m, true, true);

    public static SupportTerms For(Plan plan)
    {
        var terms = plan.SupportLevel switch
        {
            "business" => BusinessLevel,
            "priority" => PriorityLevel,
            _ => StandardLevel,
        };
        return plan.FirstResponseHours is { } hours ? terms with { FirstResponseTarget = TimeSpan.FromHours(hours) } : terms;
    }
}
