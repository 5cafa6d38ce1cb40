namespace Headstore.Infrastructure.Calls.Acs;

/// <summary>The two parts of an ACS connection string: <c>endpoint=https://…/;accesskey=…</c>.</summary>
public sealed record AcsConnectionString(Uri Endpoint, string AccessKey)
{
    public static bool TryParse(string? value, out AcsConnectionString connectionString)
    {
        connectionString = null!;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        string? endpoint = null;
        string? accessKey = null;
        foreach (var part in value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // The access key is base64 and may end in '=', so split on the first '=' only.
            var separator = part.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
            {
                return false;
            }

            var name = part[..separator].Trim();
            var content = part[(separator + 1)..].Trim();
            if (name.Equals("endpoint", StringComparison.OrdinalIgnoreCase))
            {
                endpoint = content;
            }
            else if (name.Equals("accesskey", StringComparison.OrdinalIgnoreCase))
            {
                accessKey = content;
            }
        }

        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(accessKey) || !IsBase64(accessKey))
        {
            return false;
        }

        connectionString = new AcsConnectionString(uri, accessKey);
        return true;
    }

    public static AcsConnectionString Parse(string value) =>
        TryParse(value, out var parsed)
            ? parsed
            : throw new FormatException("An ACS connection string has the form 'endpoint=https://…/;accesskey=<base64>'.");

    private static bool IsBase64(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out _);
    }
}
