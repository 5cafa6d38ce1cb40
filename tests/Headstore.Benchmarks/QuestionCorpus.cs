using Headstore.Domain.Common;
using Headstore.Domain.Questions;

namespace Headstore.Benchmarks;

/// <summary>Generates realistic, varied answered questions and search phrases from a fixed seed.</summary>
public sealed class QuestionCorpus(int seed)
{
    private static readonly (string Category, string[] Subjects, string[] Problems)[] Topics =
    [
        ("computers-it", ["printer", "laptop", "router", "Windows 11", "macOS", "Outlook", "Excel", "Wi-Fi", "keyboard", "monitor", "SSD", "graphics driver", "VPN", "iPhone backup", "Bluetooth headset"],
            ["shows offline", "keeps disconnecting", "will not boot", "is very slow", "crashes on start", "cannot find the network", "shows a blue screen", "lost all settings", "freezes after update", "makes a clicking noise"]),
        ("tax-accounting", ["home office", "VAT registration", "self assessment", "capital gains", "rental income", "payroll", "mileage claim", "pension contribution", "dividend tax", "company car", "crypto sale", "inheritance"],
            ["deduction rules", "deadline missed", "penalty appeal", "how to calculate", "which form to file", "allowable expenses", "threshold reached", "refund delayed", "double taxation", "record keeping"]),
        ("law", ["tenancy deposit", "employment contract", "unfair dismissal", "noise neighbour", "parking fine", "consumer refund", "will and probate", "divorce settlement", "boundary dispute", "data protection"],
            ["landlord refuses", "notice period", "small claims court", "written warning", "eviction notice", "mediation options", "time limit", "evidence needed", "letter before action", "rights explained"]),
        ("home-improvement", ["boiler", "radiator", "kitchen tap", "roof tiles", "damp wall", "electric shower", "fuse box", "loft insulation", "window frame", "garden fence"],
            ["leaking water", "no hot water", "keeps tripping", "strange smell", "black mould", "cold spots", "rattling noise", "pressure drops", "condensation", "cracked seal"]),
        ("cars", ["gearbox", "brake pads", "battery", "clutch", "engine light", "air conditioning", "tyre pressure", "timing belt", "catalytic converter", "headlight"],
            ["grinding noise", "warning light on", "won't start in cold", "vibration at speed", "smells of burning", "pulls to the left", "drains overnight", "slipping", "overheating", "rough idle"]),
        ("pets", ["puppy", "older cat", "rabbit", "parrot", "labrador", "kitten", "goldfish", "hamster", "rescue dog", "horse"],
            ["not eating", "scratching a lot", "vomiting after meals", "limping", "barking at night", "losing fur", "drinking more water", "aggressive with visitors", "sneezing", "lethargic"]),
    ];

    private readonly Random random = new(seed);

    public (CategoryId Category, string Title, string Body, string Answer) NextQuestion()
    {
        var (category, subjects, problems) = Topics[random.Next(Topics.Length)];
        var subject = subjects[random.Next(subjects.Length)];
        var problem = problems[random.Next(problems.Length)];
        var extra = problems[random.Next(problems.Length)];
        var title = $"My {subject} {problem}";
        var body = $"Since last week my {subject} {problem}. I also noticed it {extra}. I tried the usual fixes without luck. What should I check first, and is it worth getting a professional?";
        var answer = $"For a {subject} that {problem}, start with the simple checks, then look at whether it {extra}. If that does not help, book a specialist.";
        return (new CategoryId(category), title, body, answer);
    }

    public string NextSearch()
    {
        var (_, subjects, problems) = Topics[random.Next(Topics.Length)];
        return random.Next(3) switch
        {
            0 => $"{subjects[random.Next(subjects.Length)]} {problems[random.Next(problems.Length)]}",
            1 => $"why does my {subjects[random.Next(subjects.Length)]} keep {problems[random.Next(problems.Length)]} every day",
            _ => $"{problems[random.Next(problems.Length)]} help",
        };
    }

    public static Question Answered(QuestionId id, (CategoryId Category, string Title, string Body, string Answer) q, DateTimeOffset at)
    {
        var asker = new Actor(new UserId($"customer-{id.Value[^4..]}"), "Benchmark Customer", null, new HashSet<string> { Roles.Customer });
        var question = Question.Ask(id, asker, q.Category, q.Title, q.Body, "en", at);
        return question.AddAnswer(new ExpertId("expert-bench"), "Bench Expert", q.Answer, at.AddMinutes(10)).Value.Question;
    }
}
