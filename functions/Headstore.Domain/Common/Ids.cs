using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Headstore.Domain.Common;

/// <summary>A strongly typed id: an opaque string with a kind prefix, e.g. "q_7f3k...".</summary>
public interface ITypedId<TSelf>
    where TSelf : struct, ITypedId<TSelf>
{
    string Value { get; }

    static abstract TSelf From(string value);
}

public static class IdGenerator
{
    private const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

    /// <summary>A new opaque id: prefix, a sortable time part and randomness (like a ULID in Crockford base32).</summary>
    public static string New(string prefix, DateTimeOffset now)
    {
        Span<char> chars = stackalloc char[22];
        var millis = now.ToUnixTimeMilliseconds();
        for (var i = 9; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(millis & 31)];
            millis >>= 5;
        }

        Span<byte> random = stackalloc byte[12];
        RandomNumberGenerator.Fill(random);
        for (var i = 0; i < 12; i++)
        {
            chars[10 + i] = Alphabet[random[i] & 31];
        }

        return $"{prefix}_{new string(chars)}";
    }
}

public sealed class TypedIdJsonConverter<TId> : JsonConverter<TId>
    where TId : struct, ITypedId<TId>
{
    public override TId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        TId.From(reader.GetString() ?? throw new JsonException("An id cannot be null."));

    public override void Write(Utf8JsonWriter writer, TId value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);

    public override TId ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        TId.From(reader.GetString() ?? throw new JsonException("An id cannot be null."));

    public override void WriteAsPropertyName(Utf8JsonWriter writer, TId value, JsonSerializerOptions options) => writer.WritePropertyName(value.Value);
}

/// <summary>A person: the subject of their access token. Customers, experts, admins and ambassadors are all users.</summary>
[JsonConverter(typeof(TypedIdJsonConverter<UserId>))]
public readonly record struct UserId(string Value) : ITypedId<UserId>
{
    public static UserId From(string value) => new(value);
    public override string ToString() => Value;
}

[JsonConverter(typeof(TypedIdJsonConverter<ExpertId>))]
public readonly record struct ExpertId(string Value) : ITypedId<ExpertId>
{
    public static ExpertId From(string value) => new(value);
    public static ExpertId For(UserId user) => new(user.Value);
    public UserId User => new(Value);
    public override string ToString() => Value;
}

[JsonConverter(typeof(TypedIdJsonConverter<CategoryId>))]
public readonly record struct CategoryId(string Value) : ITypedId<CategoryId>
{
    public static CategoryId From(string value) => new(value);
    public override string ToString() => Value;
}

[JsonConverter(typeof(TypedIdJsonConverter<QuestionId>))]
public readonly record struct QuestionId(string Value) : ITypedId<QuestionId>
{
    public static QuestionId From(string value) => new(value);
    public static QuestionId New(DateTimeOffset now) => new(IdGenerator.New("q", now));
    public override string ToString() => Value;
}

/// <summary>
/// An answer's id carries its question's id ("{questionId}.a{n}") so an answer is found with one point read
/// of its question's document, in the question's partition.
/// </summary>
[JsonConverter(typeof(TypedIdJsonConverter<AnswerId>))]
public readonly record struct AnswerId(string Value) : ITypedId<AnswerId>
{
    public static AnswerId From(string value) => new(value);
    public static AnswerId For(QuestionId question, int sequence) => new($"{question.Value}.a{sequence}");

    public bool TryGetQuestion(out QuestionId question)
    {
        var dot = Value?.LastIndexOf(".a", StringComparison.Ordinal) ?? -1;
        question = dot > 0 ? new QuestionId(Value![..dot]) : default;
        return dot > 0;
    }

    public override string ToString() => Value;
}

[JsonConverter(typeof(TypedIdJsonConverter<MessageThreadId>))]
public readonly record struct MessageThreadId(string Value) : ITypedId<MessageThreadId>
{
    public static MessageThreadId From(string value) => new(value);
    public static MessageThreadId New(DateTimeOffset now) => new(IdGenerator.New("msg", now));
    public override string ToString() => Value;
}

[JsonConverter(typeof(TypedIdJsonConverter<AppointmentId>))]
public readonly record struct AppointmentId(string Value) : ITypedId<AppointmentId>
{
    public static AppointmentId From(string value) => new(value);
    public static AppointmentId New(DateTimeOffset now) => new(IdGenerator.New("apt", now));
    public override string ToString() => Value;
}

[JsonConverter(typeof(TypedIdJsonConverter<ArticleId>))]
public readonly record struct ArticleId(string Value) : ITypedId<ArticleId>
{
    public static ArticleId From(string value) => new(value);
    public static ArticleId New(DateTimeOffset now) => new(IdGenerator.New("art", now));
    public override string ToString() => Value;
}

[JsonConverter(typeof(TypedIdJsonConverter<DocumentId>))]
public readonly record struct DocumentId(string Value) : ITypedId<DocumentId>
{
    public static DocumentId From(string value) => new(value);
    public static DocumentId New(DateTimeOffset now) => new(IdGenerator.New("doc", now));
    public override string ToString() => Value;
}

[JsonConverter(typeof(TypedIdJsonConverter<ContentReportId>))]
public readonly record struct ContentReportId(string Value) : ITypedId<ContentReportId>
{
    public static ContentReportId From(string value) => new(value);
    public static ContentReportId New(DateTimeOffset now) => new(IdGenerator.New("rpt", now));
    public override string ToString() => Value;
}
