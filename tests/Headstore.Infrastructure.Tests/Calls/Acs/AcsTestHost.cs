using Headstore.Infrastructure.Calls.Acs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Headstore.Infrastructure.Tests.Calls.Acs;

/// <summary>The ACS adapters wired the way a host wires them, from configuration.</summary>
internal static class AcsTestHost
{
    public const string CallbackSecret = "callback-secret-0123456789-abcdefghijklmnop";
    public const string ResourceId = "0b6c4a5e-8f0d-4c8b-9a51-1f2e3d4c5b6a";

    public static Dictionary<string, string?> Settings(string connectionString) => new()
    {
        ["Acs:ConnectionString"] = connectionString,
        ["Acs:ResourceId"] = ResourceId,
        ["Acs:CallbackBaseUrl"] = "https://api.headstore.test/calls/acs-events",
        ["Acs:CallbackSecret"] = CallbackSecret,
        ["Acs:EmailSender"] = "DoNotReply@mail.headstore.test",
    };

    public static ServiceProvider Build(IDictionary<string, string?> settings, TimeProvider? timeProvider = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        if (timeProvider is not null)
        {
            services.AddSingleton(timeProvider);
        }

        services.AddAcsCalls(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public static ServiceProvider Build(FakeAcsServer server) => Build(Settings(server.ConnectionString));
}
