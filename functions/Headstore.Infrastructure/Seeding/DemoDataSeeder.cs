using Headstore.Application.Common;
using Headstore.Application.Experts;
using Headstore.Application.Questions;
using Headstore.Domain.Common;
using Headstore.Domain.Experts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Headstore.Infrastructure.Seeding;

public sealed class DemoDataOptions
{
    public const string Section = "DemoData";

    /// <summary>Seed demo experts, customers and answered questions (local host). Categories are always seeded.</summary>
    public bool Enabled { get; set; }
}

public sealed record DemoUser(string Subject, string Name, string Email, string[] Roles);

/// <summary>
/// Reference data (categories) and, for the local host, demo people and answered questions. Demo content goes through
/// the same use cases as real requests, so it is masked, indexed and scored like anything else. Idempotent.
/// </summary>
public sealed class DemoDataSeeder(
    IDocumentStore store,
    IOptions<DemoDataOptions> options,
    UpsertExpertProfileHandler profiles,
    AskQuestionHandler questions,
    PostAnswerHandler answers,
    RateAnswerHandler ratings,
    ILogger<DemoDataSeeder> logger)
{
    public static readonly IReadOnlyList<Category> Categories =
    [
        new(new CategoryId("law"), "Law", "Contracts, tenancy, employment, family and consumer law."),
        new(new CategoryId("tax-accounting"), "Tax & Accounting", "Personal and business tax, bookkeeping, payroll."),
        new(new CategoryId("health"), "Health", "General medical questions, nutrition, fitness and mental health."),
        new(new CategoryId("computers-it"), "Computers & IT", "Windows, macOS, networks, software and programming."),
        new(new CategoryId("home-improvement"), "Home Improvement", "Plumbing, electrical work, heating and renovation."),
        new(new CategoryId("cars"), "Cars", "Diagnostics, repairs and buying advice."),
        new(new CategoryId("pets"), "Pets & Veterinary", "Dogs, cats and other animals: health and behaviour."),
        new(new CategoryId("business"), "Business", "Starting up, marketing, contracts and funding."),
    ];

    public static readonly IReadOnlyList<DemoUser> Users =
    [
        new("customer-carol", "Carol Customer", "carol@example.com", [Roles.Customer]),
        new("customer-dan", "Dan Customer", "dan@example.com", [Roles.Customer]),
        new("expert-alice", "Alice Morgan", "alice@example.com", [Roles.Expert]),
        new("expert-bob", "Bob Chen", "bob@example.com", [Roles.Expert]),
        new("expert-erin", "Erin Walsh", "erin@example.com", [Roles.Expert, Roles.Ambassador]),
        new("admin-ada", "Ada Admin", "ada@example.com", [Roles.Admin]),
    ];

    public static Actor ActorFor(DemoUser user) => new(new UserId(user.Subject), user.Name, user.Email, user.Roles.ToHashSet());

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var work = store.BeginWork();
        foreach (var category in Categories)
        {
            work.AddIfAbsent(category);
        }

        await work.CommitAsync(cancellationToken);
        if (!options.Value.Enabled || await store.FindAsync<ExpertProfile>("expert-alice", cancellationToken) is not null)
        {
            return;
        }

        var alice = ActorFor(Users[2]);
        var bob = ActorFor(Users[3]);
        var erin = ActorFor(Users[4]);
        await Require(profiles.HandleAsync(alice, new UpsertExpertProfileCommand("Alice Morgan", "Chartered accountant", "Morgan & Co", "Personal and small-business tax returns, VAT and payroll questions answered the same day.",
            ["tax-accounting", "business"], ["en", "fr"], "Fifteen years in practice with sole traders and small companies. I explain the rules plainly and tell you what to file.", "USD", 300, 5, null), cancellationToken));
        await Require(profiles.HandleAsync(bob, new UpsertExpertProfileCommand("Bob Chen", "Senior systems engineer", null, "Fixes for Windows, macOS, home networks and small-office IT, including remote assistance.",
            ["computers-it"], ["en", "zh"], "Former help-desk lead; I have seen most printer, Wi-Fi and update problems at least twice.", "USD", 150, 3, null), cancellationToken));
        await Require(profiles.HandleAsync(erin, new UpsertExpertProfileCommand("Erin Walsh", "Solicitor", "Walsh Legal", "Tenancy, employment and consumer disputes in England and Wales.",
            ["law"], ["en"], "Practising solicitor. I help you understand where you stand and what to do next.", "GBP", 450, 0, null), cancellationToken));

        var carol = ActorFor(Users[0]);
        var dan = ActorFor(Users[1]);
        var seeds = new (Actor Asker, string Category, string Title, string Body, Actor Expert, string Answer, int? Stars)[]
        {
            (carol, "tax-accounting", "Can I deduct my home office as a freelancer?", "I work from a spare bedroom as a freelance designer. Which costs can I claim and how do I calculate the share?", alice,
                "Yes. Claim the business share of rent or mortgage interest, utilities and insurance, based on floor area used exclusively for work. Keep a simple floor plan and your bills.", 5),
            (dan, "tax-accounting", "Do I need to register for VAT after my first big contract?", "My turnover will pass the VAT threshold this year because of one large contract. When must I register?", alice,
                "You must register within 30 days of the end of the month in which your rolling 12-month taxable turnover passed the threshold, or at once if you expect to pass it within the next 30 days alone.", 4),
            (carol, "computers-it", "Printer shows offline on Windows 11 after an update", "Since the latest Windows update my network printer shows as offline although it prints a test page itself.", bob,
                "Remove the printer, then add it again by IP address with a Standard TCP/IP port, and turn off SNMP status in the port settings: the update changed how status is polled.", 5),
            (dan, "computers-it", "Wi-Fi keeps dropping on my laptop every few minutes", "My laptop disconnects from Wi-Fi every few minutes while my phone stays connected to the same router.", bob,
                "Turn off power saving for the wireless adapter in Device Manager and update its driver from the laptop maker's site; then set the router to a fixed channel on 5 GHz.", null),
            (carol, "law", "My landlord will not return my deposit", "I moved out a month ago, left the flat clean, and my landlord ignores my messages about the deposit. What can I do?", erin,
                "Check whether the deposit was protected in a government scheme; if not, you may claim up to three times the deposit. If it was, open a free dispute with the scheme.", 5),
            (dan, "law", "Can my employer change my shifts without notice?", "My employer moved me to night shifts starting next week without asking. Is that allowed?", erin,
                "It depends on your contract: look for a flexibility clause. Without one, a significant change needs your agreement; raise a written grievance first.", null),
        };
        foreach (var seed in seeds)
        {
            var question = await Require(questions.HandleAsync(seed.Asker, new AskQuestionCommand(seed.Category, seed.Title, seed.Body, "en"), cancellationToken));
            var answer = await Require(answers.HandleAsync(seed.Expert, question.Id.Value, new PostAnswerCommand(seed.Answer), cancellationToken));
            if (seed.Stars is { } stars)
            {
                await Require(ratings.HandleAsync(seed.Asker, answer.Id.Value, new RateAnswerCommand(stars), cancellationToken));
            }
        }

        logger.LogInformation("Seeded demo data: {Experts} experts, {Questions} answered questions", 3, seeds.Length);
    }

    private static async Task<T> Require<T>(Task<Result<T>> step)
    {
        var result = await step;
        return result.IsSuccess ? result.Value : throw new InvalidOperationException($"Demo data could not be seeded: {result.Error!.Code} {result.Error.Detail}");
    }
}
