using Microsoft.Extensions.Options;

namespace Headstore.Infrastructure.Messaging.ServiceBus;

/// <summary>Service Bus over its REST API, bound from the "ServiceBus" configuration section.</summary>
public sealed class ServiceBusOptions
{
    public const string SectionName = "ServiceBus";

    /// <summary>For example <c>headstore.servicebus.windows.net</c>.</summary>
    public string? FullyQualifiedNamespace { get; set; }

    /// <summary>Overrides the URL derived from <see cref="FullyQualifiedNamespace"/>, e.g. for a local test server.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>Name of a shared access policy; leave empty (with <see cref="Key"/>) to use managed identity.</summary>
    public string? KeyName { get; set; }

    public string? Key { get; set; }

    /// <summary>Client id of a user-assigned managed identity; empty for the system-assigned one.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>How long each shared access signature is valid.</summary>
    public TimeSpan SignatureLifetime { get; set; } = TimeSpan.FromMinutes(60);

    public bool UsesSharedAccessKey => !string.IsNullOrEmpty(KeyName) && !string.IsNullOrEmpty(Key);

    /// <summary>The namespace's URL, ending in a slash so entity paths resolve under it.</summary>
    public Uri ResolveEndpoint()
    {
        var endpoint = Endpoint ?? new Uri($"https://{FullyQualifiedNamespace ?? throw new InvalidOperationException("Service Bus has neither a namespace nor an endpoint.")}/");
        return endpoint.AbsoluteUri.EndsWith('/') ? endpoint : new Uri(endpoint.AbsoluteUri + "/");
    }
}

internal sealed class ServiceBusOptionsValidator : IValidateOptions<ServiceBusOptions>
{
    public ValidateOptionsResult Validate(string? name, ServiceBusOptions options)
    {
        var failures = new List<string>();
        if (options.Endpoint is null && string.IsNullOrWhiteSpace(options.FullyQualifiedNamespace))
        {
            failures.Add("ServiceBus needs a FullyQualifiedNamespace (or an Endpoint).");
        }
        else if (options.Endpoint is { IsAbsoluteUri: false })
        {
            failures.Add("ServiceBus:Endpoint must be an absolute URL.");
        }
        else if (options.Endpoint is null && !Uri.CheckHostName(options.FullyQualifiedNamespace).Equals(UriHostNameType.Dns))
        {
            failures.Add("ServiceBus:FullyQualifiedNamespace must be a host name such as 'headstore.servicebus.windows.net'.");
        }

        if (string.IsNullOrEmpty(options.KeyName) != string.IsNullOrEmpty(options.Key))
        {
            failures.Add("ServiceBus:KeyName and ServiceBus:Key go together; leave both empty to use managed identity.");
        }

        if (options.SignatureLifetime < TimeSpan.FromMinutes(1))
        {
            failures.Add("ServiceBus:SignatureLifetime must be at least a minute.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
