namespace Headstore.Domain.Common;

/// <summary>
/// A consistency boundary stored as one document. <see cref="Version"/> is the optimistic-concurrency token:
/// a save succeeds only when the stored version is still the one that was read.
/// </summary>
public interface IAggregate
{
    string Id { get; }

    long Version { get; }
}

public sealed record Actor(UserId UserId, string Name, string? Email, IReadOnlySet<string> Roles)
{
    public static readonly Actor Anonymous = new(new UserId(""), "", null, new HashSet<string>());

    public bool IsAuthenticated => !string.IsNullOrEmpty(UserId.Value);

    public bool IsInRole(string role) => Roles.Contains(role);

    public bool IsAdmin => Roles.Contains(Headstore.Domain.Common.Roles.Admin);

    public bool IsExpert => Roles.Contains(Headstore.Domain.Common.Roles.Expert);

    public bool IsCustomer => Roles.Contains(Headstore.Domain.Common.Roles.Customer);
}

public static class Roles
{
    public const string Customer = "customer";
    public const string Expert = "expert";
    public const string Admin = "admin";
    public const string Ambassador = "ambassador";

    public static readonly IReadOnlyList<string> All = [Customer, Expert, Admin, Ambassador];
}

public static class Languages
{
    /// <summary>ISO 639-1 codes accepted for expert and question languages.</summary>
    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        "en", "de", "fr", "es", "it", "pt", "nl", "sv", "no", "da", "fi", "pl", "cs", "hu", "ro", "el", "tr", "ru", "uk",
        "ar", "he", "hi", "bn", "ur", "zh", "ja", "ko", "vi", "th", "id", "ms", "tl", "sw",
    };

    public static bool IsKnown(string? code) => code is not null && Known.Contains(code);

    public static string Normalize(string code) => code.Trim().ToLowerInvariant();
}
