using Headstore.Domain.Common;

namespace Headstore.Domain.Offers;

/// <summary>What kind of work a service is. Only <see cref="RemoteAssistance"/> allows remote sessions.</summary>
public enum ServiceKind
{
    RemoteAssistance,
    PhoneCall,
    ConfidentialMessaging,
    LetterTemplates,
    DocumentPreparation,
    WebsiteWork,
    ResearchReport,
    DiagramsAndManuals,

    /// <summary>An expert's own service from their catalogue.</summary>
    Custom,
}

/// <summary>A service every expert of a category can offer, with a name and description adjusted to the category.</summary>
public sealed record PredefinedService(ServiceId Id, ServiceKind Kind, string Name, string Description);

/// <summary>
/// The predefined premium services per category: reference data in code, like the rounding rule, because the rules
/// (which kind allows remote sessions) depend on them. A category not listed gets the full general list.
/// </summary>
public static class PredefinedServices
{
    private static readonly Dictionary<ServiceKind, (string Id, string Name, string Description)> General = new()
    {
        [ServiceKind.RemoteAssistance] = ("remote-assistance", "Secure remote assistance", "The expert connects to your computer with your permission and fixes or sets it up while you watch."),
        [ServiceKind.PhoneCall] = ("phone-call", "Follow-up phone call", "A call with the expert to go through your situation in detail."),
        [ServiceKind.ConfidentialMessaging] = ("confidential-messaging", "Confidential e-mail, chat or video", "A private conversation with the expert by e-mail, chat or video."),
        [ServiceKind.LetterTemplates] = ("letter-templates", "Letter templates", "Ready-to-use letters written for your case."),
        [ServiceKind.DocumentPreparation] = ("document-preparation", "Document preparation", "The expert prepares or reviews the documents you need."),
        [ServiceKind.WebsiteWork] = ("website-work", "Website design and programming", "Design, build or fix a website or a small program."),
        [ServiceKind.ResearchReport] = ("research-report", "In-depth research and report", "Research into your question and a written report of the findings."),
        [ServiceKind.DiagramsAndManuals] = ("diagrams-manuals", "Additional diagrams and manuals", "Diagrams, manuals or step-by-step guides for your case."),
    };

    /// <summary>Which kinds make sense in a category, and the wording there. Kinds not named keep the general wording.</summary>
    private static readonly Dictionary<string, (ServiceKind Kind, string? Name, string? Description)[]> ByCategory = new(StringComparer.Ordinal)
    {
        ["law"] =
        [
            (ServiceKind.PhoneCall, "Follow-up call with the lawyer", null),
            (ServiceKind.ConfidentialMessaging, null, null),
            (ServiceKind.LetterTemplates, "Legal letter templates", "Letters for your case: notices, complaints, demands and replies."),
            (ServiceKind.DocumentPreparation, "Legal document preparation", "Contracts, agreements and forms drafted or reviewed for your case."),
            (ServiceKind.ResearchReport, "Legal research and memo", "Research into the law that applies to you and a written memo."),
        ],
        ["tax-accounting"] =
        [
            (ServiceKind.RemoteAssistance, "Secure remote help with accounting software", null),
            (ServiceKind.PhoneCall, null, null),
            (ServiceKind.ConfidentialMessaging, null, null),
            (ServiceKind.LetterTemplates, "Letters to the tax office", "Letters and replies to the tax authority for your case."),
            (ServiceKind.DocumentPreparation, "Tax return and statement preparation", "Returns, statements and schedules prepared or reviewed."),
            (ServiceKind.ResearchReport, null, null),
        ],
        ["health"] =
        [
            (ServiceKind.PhoneCall, null, null),
            (ServiceKind.ConfidentialMessaging, "Confidential chat or video consultation", null),
            (ServiceKind.ResearchReport, "Research on your condition", "A written summary of the research on your condition and the options."),
            (ServiceKind.DiagramsAndManuals, "Exercise and diet plans", "A written plan with diagrams for your exercises or diet."),
        ],
        ["computers-it"] =
        [
            (ServiceKind.RemoteAssistance, null, null),
            (ServiceKind.PhoneCall, null, null),
            (ServiceKind.ConfidentialMessaging, null, null),
            (ServiceKind.DocumentPreparation, "Scripts and configuration files", "Scripts, settings and configuration prepared for your system."),
            (ServiceKind.WebsiteWork, null, null),
            (ServiceKind.ResearchReport, "Technical research and report", null),
            (ServiceKind.DiagramsAndManuals, "Network diagrams and manuals", "Diagrams of your setup and step-by-step manuals."),
        ],
        ["home-improvement"] =
        [
            (ServiceKind.PhoneCall, null, null),
            (ServiceKind.ConfidentialMessaging, "Video walk-through of the problem", "A video call in which you show the problem and the expert guides you."),
            (ServiceKind.ResearchReport, "Materials and cost report", "What to buy, what it costs and who can do the work."),
            (ServiceKind.DiagramsAndManuals, "Wiring and plumbing diagrams", "Diagrams and step-by-step instructions for the job."),
        ],
        ["cars"] =
        [
            (ServiceKind.PhoneCall, null, null),
            (ServiceKind.ConfidentialMessaging, "Video diagnosis", "A video call in which you show the car and the expert diagnoses it."),
            (ServiceKind.ResearchReport, "Buying report", "Research on a car you want to buy: faults, prices and what to check."),
            (ServiceKind.DiagramsAndManuals, "Repair diagrams and manuals", null),
        ],
        ["pets"] =
        [
            (ServiceKind.PhoneCall, null, null),
            (ServiceKind.ConfidentialMessaging, "Video consultation", null),
            (ServiceKind.ResearchReport, "Care and diet plan", "A written plan for your animal's care, diet or behaviour."),
        ],
        ["business"] =
        [
            (ServiceKind.RemoteAssistance, null, null),
            (ServiceKind.PhoneCall, null, null),
            (ServiceKind.ConfidentialMessaging, null, null),
            (ServiceKind.LetterTemplates, "Business letter templates", null),
            (ServiceKind.DocumentPreparation, "Business plans and contracts", "Business plans, contracts and pitch documents prepared or reviewed."),
            (ServiceKind.WebsiteWork, null, null),
            (ServiceKind.ResearchReport, "Market research and report", null),
            (ServiceKind.DiagramsAndManuals, "Process diagrams and manuals", null),
        ],
    };

    /// <summary>The services of a category, in a stable order.</summary>
    public static IReadOnlyList<PredefinedService> ForCategory(CategoryId category)
    {
        if (!ByCategory.TryGetValue(category.Value ?? "", out var kinds))
        {
            return General.Select(g => new PredefinedService(new ServiceId(g.Value.Id), g.Key, g.Value.Name, g.Value.Description)).ToArray();
        }

        return kinds.Select(k =>
        {
            var general = General[k.Kind];
            return new PredefinedService(new ServiceId(general.Id), k.Kind, k.Name ?? general.Name, k.Description ?? general.Description);
        }).ToArray();
    }

    public static PredefinedService? Find(CategoryId category, ServiceId id) => ForCategory(category).FirstOrDefault(s => s.Id == id);

    /// <summary>True for the ids of predefined services (they are slugs; catalogue entries are "svc_…").</summary>
    public static bool IsPredefinedId(ServiceId id) => General.Values.Any(g => g.Id == id.Value);
}
