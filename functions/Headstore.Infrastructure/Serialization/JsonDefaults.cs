using System.Text.Json;
using System.Text.Json.Serialization;

namespace Headstore.Infrastructure.Serialization;

/// <summary>How documents and events are stored: camelCase, enums as strings, the same shape in SQLite and Cosmos.</summary>
public static class JsonDefaults
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
