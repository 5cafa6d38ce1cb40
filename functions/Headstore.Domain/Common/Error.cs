namespace Headstore.Domain.Common;

public enum ErrorKind
{
    Validation,
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    PaymentRequired,
    RuleViolation,
    TooManyRequests,
    Unavailable,
}

/// <summary>An expected failure: a value, never an exception. Its detail is safe to show to the caller.</summary>
public sealed record Error(ErrorKind Kind, string Code, string Detail, IReadOnlyDictionary<string, string[]>? FieldErrors = null)
{
    public static Error Validation(string field, string message) =>
        new(ErrorKind.Validation, "validation", "One or more fields are invalid.", new Dictionary<string, string[]> { [field] = [message] });

    public static Error Validation(IReadOnlyDictionary<string, string[]> fieldErrors) =>
        new(ErrorKind.Validation, "validation", "One or more fields are invalid.", fieldErrors);

    public static Error NotFound(string what) => new(ErrorKind.NotFound, "not-found", $"{what} was not found.");

    public static Error Forbidden(string detail) => new(ErrorKind.Forbidden, "forbidden", detail);

    public static Error Unauthorized() => new(ErrorKind.Unauthorized, "unauthorized", "Sign in to do this.");

    public static Error Conflict(string code, string detail) => new(ErrorKind.Conflict, code, detail);

    public static Error Rule(string code, string detail) => new(ErrorKind.RuleViolation, code, detail);

    public static Error ConcurrencyConflict() =>
        new(ErrorKind.Conflict, "concurrency-conflict", "The resource was changed by someone else; read it again and retry.");
}

/// <summary>Either a value or an error.</summary>
public readonly struct Result<T>
{
    private readonly T? value;

    private Result(T? value, Error? error)
    {
        this.value = value;
        Error = error;
    }

    public Error? Error { get; }

    public bool IsSuccess => Error is null;

    public T Value => IsSuccess ? value! : throw new InvalidOperationException($"No value: {Error!.Code}");

    public static Result<T> Success(T value) => new(value, null);

    public static Result<T> Failure(Error error) => new(default, error);

    public static implicit operator Result<T>(T value) => Success(value);

    public static implicit operator Result<T>(Error error) => Failure(error);

    public Result<TOut> Map<TOut>(Func<T, TOut> map) => IsSuccess ? Result<TOut>.Success(map(Value)) : Result<TOut>.Failure(Error!);

    public TOut Match<TOut>(Func<T, TOut> success, Func<Error, TOut> failure) => IsSuccess ? success(Value) : failure(Error!);
}

/// <summary>The outcome of a command that returns nothing.</summary>
public readonly record struct Unit
{
    public static readonly Unit Value;
}

/// <summary>Collects field errors while validating a command.</summary>
public sealed class Validator
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public bool IsValid => errors.Count == 0;

    public Validator Require(bool condition, string field, string message)
    {
        if (!condition)
        {
            Add(field, message);
        }

        return this;
    }

    public Validator RequireText(string? value, string field, int maxLength, int minLength = 1)
    {
        var length = value?.Trim().Length ?? 0;
        if (length < minLength)
        {
            Add(field, minLength <= 1 ? "Required." : $"At least {minLength} characters.");
        }
        else if (length > maxLength)
        {
            Add(field, $"At most {maxLength} characters.");
        }

        return this;
    }

    public Validator OptionalText(string? value, string field, int maxLength)
    {
        if (value is not null && value.Length > maxLength)
        {
            Add(field, $"At most {maxLength} characters.");
        }

        return this;
    }

    public void Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var list))
        {
            errors[field] = list = [];
        }

        list.Add(message);
    }

    public Error ToError() => Error.Validation(errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
}
