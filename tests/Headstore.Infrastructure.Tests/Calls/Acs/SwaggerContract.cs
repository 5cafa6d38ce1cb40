using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Headstore.Infrastructure.Tests.Testing;

namespace Headstore.Infrastructure.Tests.Calls.Acs;

/// <summary>
/// Checks requests against a Swagger 2.0 description and builds responses from its schemas: just enough of the
/// format for the ACS subsets (paths, parameters, $ref, objects, maps, arrays, enums, formats).
/// </summary>
public sealed class SwaggerContract
{
    private const int MaximumSampleDepth = 6;

    private readonly JsonObject root;
    private readonly List<SwaggerOperation> operations = [];

    private SwaggerContract(string name, JsonObject root)
    {
        Name = name;
        this.root = root;
        ApiVersion = root["info"]!["version"]!.GetValue<string>();
        var defaultConsumes = root["consumes"]?.AsArray().Select(c => c!.GetValue<string>()).ToList() ?? ["application/json"];
        foreach (var (path, item) in root["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (method == "parameters")
                {
                    continue;
                }

                var consumes = operation!["consumes"]?.AsArray().Select(c => c!.GetValue<string>()).ToList() ?? defaultConsumes;
                operations.Add(new SwaggerOperation(
                    operation["operationId"]!.GetValue<string>(),
                    method.ToUpperInvariant(),
                    path,
                    TemplateToRegex(path),
                    operation.AsObject(),
                    consumes));
            }
        }
    }

    public string Name { get; }

    public string ApiVersion { get; }

    public IReadOnlyList<SwaggerOperation> Operations => operations;

    public static SwaggerContract Load(string fileName) =>
        new(fileName, JsonNode.Parse(File.ReadAllText(SharedSpecs.PathOf(fileName)))!.AsObject());

    public SwaggerOperation? Match(string method, string rawPath, out Dictionary<string, string> pathValues)
    {
        pathValues = [];
        foreach (var operation in operations)
        {
            var match = operation.PathPattern.Match(rawPath);
            if (match.Success && operation.Method == method)
            {
                foreach (var group in operation.PathPattern.GetGroupNames().Where(g => !int.TryParse(g, out _)))
                {
                    pathValues[group] = Uri.UnescapeDataString(match.Groups[group].Value);
                }

                return operation;
            }
        }

        return null;
    }

    /// <summary>Every way the request departs from the operation's description; empty when it conforms.</summary>
    public List<string> Validate(
        SwaggerOperation operation,
        IReadOnlyDictionary<string, string> pathValues,
        IReadOnlyDictionary<string, string> query,
        Func<string, string?> header,
        string? contentType,
        byte[] body)
    {
        var errors = new List<string>();
        if (!query.TryGetValue("api-version", out var apiVersion))
        {
            errors.Add("api-version is missing from the query.");
        }
        else if (apiVersion != ApiVersion)
        {
            errors.Add($"api-version is {apiVersion}; {Name} documents {ApiVersion}.");
        }

        var hasBodyParameter = false;
        foreach (var parameter in Parameters(operation))
        {
            var name = parameter["name"]!.GetValue<string>();
            var location = parameter["in"]!.GetValue<string>();
            var required = parameter["required"]?.GetValue<bool>() ?? false;
            switch (location)
            {
                case "path" when !pathValues.ContainsKey(name) || pathValues[name].Length == 0:
                    errors.Add($"Path parameter {name} is empty.");
                    break;
                case "query" when required && !query.ContainsKey(name):
                    errors.Add($"Required query parameter {name} is missing.");
                    break;
                case "header":
                    var value = header(name);
                    if (required && value is null)
                    {
                        errors.Add($"Required header {name} is missing.");
                    }
                    else if (value is not null)
                    {
                        ValidateScalar(JsonValue.Create(value), parameter, $"header {name}", errors);
                    }

                    break;
                case "body":
                    hasBodyParameter = true;
                    if (body.Length == 0)
                    {
                        if (required)
                        {
                            errors.Add($"The body ({name}) is required.");
                        }

                        break;
                    }

                    var mediaType = contentType?.Split(';')[0].Trim();
                    if (mediaType is null || !operation.Consumes.Contains(mediaType, StringComparer.OrdinalIgnoreCase))
                    {
                        errors.Add($"Content-Type {contentType ?? "(none)"} is not one of {string.Join(", ", operation.Consumes)}.");
                    }

                    JsonNode? json;
                    try
                    {
                        json = JsonNode.Parse(body);
                    }
                    catch (JsonException exception)
                    {
                        errors.Add($"The body is not JSON: {exception.Message}");
                        break;
                    }

                    var mergePatch = string.Equals(mediaType, "application/merge-patch+json", StringComparison.OrdinalIgnoreCase);
                    ValidateValue(json, parameter["schema"]!.AsObject(), "body", errors, mergePatch);
                    break;
            }
        }

        if (!hasBodyParameter && body.Length > 0)
        {
            errors.Add($"{operation.Id} takes no body, yet one was sent.");
        }

        return errors;
    }

    /// <summary>The operation's success status and a body made from the documented schema (examples where given).</summary>
    public (int Status, JsonNode? Body) SuccessResponse(SwaggerOperation operation)
    {
        var (status, response) = operation.Definition["responses"]!.AsObject()
            .Where(r => r.Key.StartsWith('2'))
            .Select(r => (int.Parse(r.Key, CultureInfo.InvariantCulture), r.Value!))
            .First();
        var schema = response["schema"]?.AsObject();
        return (status, schema is null ? null : Sample(schema, "value", 0));
    }

    private IEnumerable<JsonObject> Parameters(SwaggerOperation operation) =>
        (operation.Definition["parameters"]?.AsArray() ?? []).Select(p => Resolve(p!.AsObject()));

    private JsonObject Resolve(JsonObject schema)
    {
        while (schema["$ref"] is { } reference)
        {
            var path = reference.GetValue<string>().TrimStart('#', '/').Split('/');
            JsonNode node = root;
            foreach (var segment in path)
            {
                node = node[segment] ?? throw new InvalidOperationException($"{Name}: unresolved $ref {reference}.");
            }

            schema = node.AsObject();
        }

        return schema;
    }

    private void ValidateValue(JsonNode? value, JsonObject schemaOrReference, string at, List<string> errors, bool mergePatch)
    {
        var schema = Resolve(schemaOrReference);
        if (value is null)
        {
            if (!(schema["x-nullable"]?.GetValue<bool>() ?? false))
            {
                errors.Add($"{at} is null.");
            }

            return;
        }

        var type = schema["type"]?.GetValue<string>() ?? (schema["properties"] is not null ? "object" : null);
        switch (type)
        {
            case "object":
                if (value is not JsonObject obj)
                {
                    errors.Add($"{at} should be an object.");
                    return;
                }

                var properties = schema["properties"]?.AsObject();
                var additional = schema["additionalProperties"];
                foreach (var (name, propertyValue) in obj)
                {
                    if (properties?[name] is JsonObject propertySchema)
                    {
                        ValidateValue(propertyValue, propertySchema, $"{at}.{name}", errors, mergePatch);
                    }
                    else if (additional is JsonObject additionalSchema)
                    {
                        // In a merge patch, null removes the entry (RFC 7396).
                        if (!(mergePatch && propertyValue is null))
                        {
                            ValidateValue(propertyValue, additionalSchema, $"{at}.{name}", errors, mergePatch);
                        }
                    }
                    else if (additional?.GetValue<bool>() != true)
                    {
                        errors.Add($"{at}.{name} is not a property of the schema.");
                    }
                }

                foreach (var required in schema["required"]?.AsArray() ?? [])
                {
                    var name = required!.GetValue<string>();
                    if (!obj.ContainsKey(name))
                    {
                        errors.Add($"{at}.{name} is required.");
                    }
                }

                break;
            case "array":
                if (value is not JsonArray array)
                {
                    errors.Add($"{at} should be an array.");
                    return;
                }

                for (var i = 0; i < array.Count; i++)
                {
                    ValidateValue(array[i], schema["items"]!.AsObject(), $"{at}[{i}]", errors, mergePatch);
                }

                break;
            default:
                ValidateScalar(value, schema, at, errors);
                break;
        }
    }

    private static void ValidateScalar(JsonNode value, JsonObject schema, string at, List<string> errors)
    {
        var type = schema["type"]?.GetValue<string>();
        var kind = value.GetValueKind();
        switch (type)
        {
            case "string":
                if (kind != JsonValueKind.String)
                {
                    errors.Add($"{at} should be a string.");
                    return;
                }

                var text = value.GetValue<string>();
                if (schema["enum"] is JsonArray allowed && !allowed.Any(a => a!.GetValue<string>() == text))
                {
                    errors.Add($"{at} = '{text}' is not one of {allowed.ToJsonString()}.");
                }

                var format = schema["format"]?.GetValue<string>();
                if (format == "date-time" && !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                {
                    errors.Add($"{at} = '{text}' is not a date-time.");
                }
                else if (format == "date-time-rfc1123" && !DateTimeOffset.TryParseExact(text, "R", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                {
                    errors.Add($"{at} = '{text}' is not an RFC 1123 date.");
                }
                else if (format == "uuid" && !Guid.TryParse(text, out _))
                {
                    errors.Add($"{at} = '{text}' is not a UUID.");
                }

                break;
            case "integer":
                if (kind != JsonValueKind.Number || !long.TryParse(value.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
                {
                    errors.Add($"{at} should be an integer.");
                }
                else if ((schema["minimum"] is { } minimum && number < minimum.GetValue<long>()) || (schema["maximum"] is { } maximum && number > maximum.GetValue<long>()))
                {
                    errors.Add($"{at} = {number} is out of range.");
                }

                break;
            case "number":
                if (kind != JsonValueKind.Number)
                {
                    errors.Add($"{at} should be a number.");
                }

                break;
            case "boolean":
                if (kind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    errors.Add($"{at} should be a boolean.");
                }

                break;
        }
    }

    private JsonNode? Sample(JsonObject schemaOrReference, string name, int depth)
    {
        var schema = Resolve(schemaOrReference);
        var type = schema["type"]?.GetValue<string>() ?? (schema["properties"] is not null ? "object" : null);
        switch (type)
        {
            case "object":
                var result = new JsonObject();
                foreach (var (property, propertySchema) in schema["properties"]?.AsObject() ?? [])
                {
                    // Self-referencing schemas (an error's inner error) end at a fixed depth; a made-up next link
                    // cannot be followed, so generated lists are always the last page.
                    if (depth < MaximumSampleDepth && property != "nextLink")
                    {
                        result[property] = Sample(propertySchema!.AsObject(), property, depth + 1);
                    }
                }

                return result;
            case "array":
                return depth < MaximumSampleDepth ? new JsonArray(Sample(schema["items"]!.AsObject(), name, depth + 1)) : new JsonArray();
            case "string":
                if (schema["example"] is { } example)
                {
                    return example.DeepClone();
                }

                if (schema["enum"] is JsonArray values)
                {
                    return values[0]!.DeepClone();
                }

                return schema["format"]?.GetValue<string>() switch
                {
                    "date-time" => "2026-11-20T10:00:00Z",
                    "uuid" => Guid.Empty.ToString(),
                    _ => $"{name}-sample",
                };
            case "integer":
                return schema["example"]?.DeepClone() ?? schema["minimum"]?.DeepClone() ?? 1;
            case "number":
                return 1.5;
            case "boolean":
                return schema["example"]?.DeepClone() ?? true;
            default:
                return null;
        }
    }

    private static Regex TemplateToRegex(string template)
    {
        var pattern = Regex.Replace(Regex.Escape(template), @"\\\{(\w+)}", "(?<$1>[^/]+?)");
        return new Regex($"^{pattern}$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }
}

public sealed record SwaggerOperation(string Id, string Method, string PathTemplate, Regex PathPattern, JsonObject Definition, IReadOnlyList<string> Consumes);
