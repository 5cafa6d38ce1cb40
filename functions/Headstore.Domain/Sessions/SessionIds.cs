using System.Security.Cryptography;
using System.Text.Json.Serialization;
using Headstore.Domain.Common;

namespace Headstore.Domain.Sessions;

/// <summary>A paid (or free) voice or video session between a customer and an expert.</summary>
[JsonConverter(typeof(TypedIdJsonConverter<SessionId>))]
public readonly record struct SessionId(string Value) : ITypedId<SessionId>
{
    public static SessionId From(string value) => new(value);

    public static SessionId New(DateTimeOffset now) => new(IdGenerator.New("ses", now));

    /// <summary>A scheduled session's id derives from its appointment, so booking it twice creates one session.</summary>
    public static SessionId ForAppointment(AppointmentId appointment) => new($"ses_{appointment.Value}");

    public override string ToString() => Value;
}

/// <summary>
/// An expert's invitation link token: <c>pl_…</c> for the permanent paid link, <c>fl_…</c> for a one-time free link,
/// followed by 26 base32 characters of 128 random bits, so a link cannot be guessed from another.
/// </summary>
[JsonConverter(typeof(TypedIdJsonConverter<SessionLinkId>))]
public readonly record struct SessionLinkId(string Value) : ITypedId<SessionLinkId>
{
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

    public static SessionLinkId From(string value) => new(value);

    public static SessionLinkId New(SessionLinkKind kind)
    {
        Span<byte> random = stackalloc byte[16];
        RandomNumberGenerator.Fill(random);
        Span<char> chars = stackalloc char[26];
        var bits = 0;
        var buffer = 0;
        var index = 0;
        foreach (var value in random)
        {
            buffer = (buffer << 8) | value;
            bits += 8;
            while (bits >= 5)
            {
                chars[index++] = Alphabet[(buffer >> (bits - 5)) & 31];
                bits -= 5;
            }
        }

        chars[index] = Alphabet[(buffer << (5 - bits)) & 31];
        return new SessionLinkId($"{(kind == SessionLinkKind.Paid ? "pl" : "fl")}_{new string(chars)}");
    }

    /// <summary>Accepts a bare token or a full link URL (its last path segment), as a customer may paste either.</summary>
    public static bool TryParse(string? text, out SessionLinkId id)
    {
        var value = text?.Trim() ?? "";
        var slash = value.TrimEnd('/').LastIndexOf('/');
        if (slash >= 0)
        {
            value = value.TrimEnd('/')[(slash + 1)..];
        }

        var query = value.IndexOfAny(['?', '#']);
        if (query >= 0)
        {
            value = value[..query];
        }

        var valid = value.Length == 29 && (value.StartsWith("pl_", StringComparison.Ordinal) || value.StartsWith("fl_", StringComparison.Ordinal))
                    && value[3..].All(c => Alphabet.Contains(c));
        id = valid ? new SessionLinkId(value) : default;
        return valid;
    }

    public override string ToString() => Value;
}
