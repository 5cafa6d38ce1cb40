using System.Globalization;
using System.Text;

namespace Headstore.Infrastructure.Payments.Stripe;

/// <summary>
/// A Stripe request body or query: form-url-encoded pairs where nesting is written with brackets
/// (<c>metadata[key]=value</c>, <c>expand[]=latest_charge</c>, <c>capabilities[transfers][requested]=true</c>).
/// </summary>
public sealed class StripeForm
{
    private readonly List<KeyValuePair<string, string>> pairs = [];

    public IReadOnlyList<KeyValuePair<string, string>> Pairs => pairs;

    public bool IsEmpty => pairs.Count == 0;

    /// <summary>Adds a value; <paramref name="path"/> names the nesting, e.g. ("capabilities", "transfers", "requested").</summary>
    public StripeForm Add(string value, params string[] path)
    {
        pairs.Add(new(Key(path), value));
        return this;
    }

    public StripeForm Add(long value, params string[] path) => Add(value.ToString(CultureInfo.InvariantCulture), path);

    // Stripe parses booleans only in lower case.
    public StripeForm Add(bool value, params string[] path) => Add(value ? "true" : "false", path);

    public StripeForm AddIfNotNull(string? value, params string[] path) => value is null ? this : Add(value, path);

    /// <summary>Each entry as <c>metadata[key]=value</c>.</summary>
    public StripeForm AddMetadata(IReadOnlyDictionary<string, string>? metadata)
    {
        if (metadata is not null)
        {
            foreach (var (key, value) in metadata.OrderBy(entry => entry.Key, StringComparer.Ordinal))
            {
                Add(value, "metadata", key);
            }
        }

        return this;
    }

    /// <summary>A list of scalars as <c>name[]=a&amp;name[]=b</c>.</summary>
    public StripeForm AddList(string name, IEnumerable<string> values)
    {
        foreach (var value in values)
        {
            pairs.Add(new($"{name}[]", value));
        }

        return this;
    }

    public StripeForm Expand(params string[] fields) => AddList("expand", fields);

    /// <summary>The encoded body or query string. Brackets stay literal, as Stripe's own libraries send them.</summary>
    public string Encode()
    {
        var builder = new StringBuilder();
        foreach (var (key, value) in pairs)
        {
            if (builder.Length > 0)
            {
                builder.Append('&');
            }

            builder.Append(EscapeKey(key)).Append('=').Append(Uri.EscapeDataString(value));
        }

        return builder.ToString();
    }

    public override string ToString() => Encode();

    private static string Key(string[] path)
    {
        if (path.Length == 0 || path.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("A parameter needs a name, and every nesting level a key.", nameof(path));
        }

        return path.Length == 1 ? path[0] : path[0] + string.Concat(path.Skip(1).Select(segment => $"[{segment}]"));
    }

    private static string EscapeKey(string key) =>
        Uri.EscapeDataString(key).Replace("%5B", "[", StringComparison.Ordinal).Replace("%5D", "]", StringComparison.Ordinal);
}
