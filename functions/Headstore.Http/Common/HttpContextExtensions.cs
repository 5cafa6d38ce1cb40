using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Headstore.Domain.Common;

namespace Headstore.Http.Common;

public static class HttpContextExtensions
{
    public const long MaxJsonBodyBytes = 256 * 1024;

    /// <summary>The caller, from the validated token's claims (sub, name, email, roles); anonymous without one.</summary>
    public static Actor GetActor(this HttpContext http)
    {
        var user = http.User;
        if (user.Identity?.IsAuthenticated != true)
        {
            return Actor.Anonymous;
        }

        var subject = user.FindFirstValue("sub") ?? user.FindFirstValue(ClaimTypes.NameIdentifier) ?? user.FindFirstValue("oid");
        if (string.IsNullOrEmpty(subject))
        {
            return Actor.Anonymous;
        }

        var roles = user.FindAll("roles").Concat(user.FindAll("role")).Concat(user.FindAll(ClaimTypes.Role))
            .Select(c => c.Value.ToLowerInvariant())
            .Where(r => Roles.All.Contains(r))
            .ToHashSet(StringComparer.Ordinal);
        var name = user.FindFirstValue("name") ?? user.FindFirstValue(ClaimTypes.Name) ?? subject;
        var email = user.FindFirstValue("email") ?? user.FindFirstValue(ClaimTypes.Email) ?? user.FindFirstValue("emails");
        return new Actor(new UserId(subject), name, email, roles);
    }

    public static string Route(this HttpContext http, string name) =>
        http.Request.RouteValues.TryGetValue(name, out var value) ? Convert.ToString(value, CultureInfo.InvariantCulture) ?? "" : "";

    public static string? Query(this HttpContext http, string name) =>
        http.Request.Query.TryGetValue(name, out var values) && !string.IsNullOrEmpty(values.ToString()) ? values.ToString() : null;

    /// <summary>Reads the JSON body. Malformed JSON, a wrong type or an oversized body is a 400 that names the field.</summary>
    public static async Task<Result<T>> ReadJsonAsync<T>(this HttpContext http, CancellationToken cancellationToken)
        where T : class
    {
        if (http.Request.ContentLength > MaxJsonBodyBytes)
        {
            return Error.Validation("body", "The request body is too large.");
        }

        if (http.Request.ContentType is { } type && !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) && !type.Contains("+json", StringComparison.OrdinalIgnoreCase))
        {
            return Error.Validation("body", "Send the body as application/json.");
        }

        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(http.Request.Body, HttpJson.Options, cancellationToken);
            return value is null ? Error.Validation("body", "A JSON body is required.") : value;
        }
        catch (JsonException exception)
        {
            var field = exception.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : "body";

            // The exception's own message can quote the input; only the location is reported.
            return Error.Validation(field, exception.Path is { Length: > 2 } ? "This field has the wrong type or format." : "The request body is not valid JSON.");
        }
    }

    /// <summary>Parses an optional ISO 8601 time (a date alone is midnight UTC); anything else is a field error.</summary>
    public static Result<DateTimeOffset?> QueryTime(this HttpContext http, string name)
    {
        var raw = http.Query(name);
        if (raw is null)
        {
            return (DateTimeOffset?)null;
        }

        return DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : Error.Validation(name, "Use an ISO 8601 time, e.g. 2026-11-01 or 2026-11-01T00:00:00Z.");
    }

    /// <summary>Reads the body as raw bytes, up to the same limit as JSON bodies (for signed webhooks).</summary>
    public static async Task<Result<ReadOnlyMemory<byte>>> ReadRawBodyAsync(this HttpContext http, CancellationToken cancellationToken)
    {
        if (http.Request.ContentLength > MaxJsonBodyBytes)
        {
            return Error.Validation("body", "The request body is too large.");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxJsonBodyBytes)
            {
                return Error.Validation("body", "The request body is too large.");
            }

            buffer.Write(chunk, 0, read);
        }

        return new ReadOnlyMemory<byte>(buffer.ToArray());
    }

    /// <summary>Parses optional query integers; a value that is not a number is a field error.</summary>
    public static Result<int?> QueryInt(this HttpContext http, string name)
    {
        var raw = http.Query(name);
        if (raw is null)
        {
            return (int?)null;
        }

        return int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : Error.Validation(name, "Must be a whole number.");
    }

    public static Result<long?> QueryLong(this HttpContext http, string name)
    {
        var raw = http.Query(name);
        if (raw is null)
        {
            return (long?)null;
        }

        return long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : Error.Validation(name, "Must be a whole number.");
    }

    public static Result<decimal?> QueryDecimal(this HttpContext http, string name)
    {
        var raw = http.Query(name);
        if (raw is null)
        {
            return (decimal?)null;
        }

        return decimal.TryParse(raw, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) ? value : Error.Validation(name, "Must be a number.");
    }

    public static Result<bool?> QueryBool(this HttpContext http, string name)
    {
        var raw = http.Query(name);
        if (raw is null)
        {
            return (bool?)null;
        }

        return bool.TryParse(raw, out var value) ? value : Error.Validation(name, "Use true or false.");
    }
}
