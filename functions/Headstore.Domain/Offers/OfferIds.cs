using System.Text.Json.Serialization;
using Headstore.Domain.Common;

namespace Headstore.Domain.Offers;

/// <summary>An expert's offer of a premium service on a question they answered.</summary>
[JsonConverter(typeof(TypedIdJsonConverter<OfferId>))]
public readonly record struct OfferId(string Value) : ITypedId<OfferId>
{
    public static OfferId From(string value) => new(value);
    public static OfferId New(DateTimeOffset now) => new(IdGenerator.New("off", now));
    public override string ToString() => Value;
}

/// <summary>
/// A service: a predefined one of a category ("remote-assistance", "phone-call"…) or an entry of an expert's own
/// catalogue ("svc_…").
/// </summary>
[JsonConverter(typeof(TypedIdJsonConverter<ServiceId>))]
public readonly record struct ServiceId(string Value) : ITypedId<ServiceId>
{
    public static ServiceId From(string value) => new(value);
    public static ServiceId NewCustom(DateTimeOffset now) => new(IdGenerator.New("svc", now));
    public override string ToString() => Value;
}

/// <summary>One secure remote assistance session held under an accepted offer.</summary>
[JsonConverter(typeof(TypedIdJsonConverter<RemoteSessionId>))]
public readonly record struct RemoteSessionId(string Value) : ITypedId<RemoteSessionId>
{
    public static RemoteSessionId From(string value) => new(value);
    public static RemoteSessionId New(DateTimeOffset now) => new(IdGenerator.New("rs", now));
    public override string ToString() => Value;
}
