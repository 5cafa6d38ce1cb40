using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Headstore.Infrastructure.Tests.Testing;

namespace Headstore.Infrastructure.Tests.Payments.Stripe;

/// <summary>A request as the fake Stripe server received it: form and query pairs decoded, keys with their brackets.</summary>
internal sealed record RecordedRequest(
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Headers,
    IReadOnlyList<KeyValuePair<string, string>> Query,
    IReadOnlyList<KeyValuePair<string, string>> Form)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public string? FormValue(string key) => Form.Where(pair => pair.Key == key).Select(pair => pair.Value).FirstOrDefault();

    public bool HasForm(string key) => Form.Any(pair => pair.Key == key);
}

internal sealed record StripeOperation(string Method, string Template, string OperationId, JsonObject Definition, Regex Pattern)
{
    public string PathParameter(string path, string name) => Uri.UnescapeDataString(Pattern.Match(path).Groups[name].Value);
}

/// <summary>
/// Stripe's published OpenAPI description (the shared subset), used to check every request our client sends and to
/// build responses that are valid by the same description.
/// </summary>
internal sealed class StripeContract
{
    public const string ApiVersion = "2024-04-10";

    private static readonly Lazy<StripeContract> Shared = new(() => new StripeContract(
        JsonNode.Parse(File.ReadAllText(SharedSpecs.PathOf("stripe-subset.json")))!.AsObject()));

    private readonly JsonObject root;
    private readonly List<StripeOperation> operations = [];

    private StripeContract(JsonObject root)
    {
        this.root = root;
        foreach (var (template, item) in root["paths"]!.AsObject())
        {
            var pattern = new Regex(
                "^" + Regex.Replace(Regex.Escape(template), @"\\\{(\w+)}", "(?<$1>[^/]+)") + "$",
                RegexOptions.CultureInvariant,
                TimeSpan.FromSeconds(1));
            foreach (var (method, operation) in item!.AsObject())
            {
                if (method is "get" or "post" or "delete")
                {
                    operations.Add(new StripeOperation(
                        method.ToUpperInvariant(), template, operation!["operationId"]!.GetValue<string>(), operation.AsObject(), pattern));
                }
            }
        }
    }

    public static StripeContract Load() => Shared.Value;

    public IReadOnlyList<StripeOperation> Operations => operations;

    public StripeOperation? Find(string method, string path) =>
        operations.FirstOrDefault(operation => operation.Method == method && operation.Pattern.IsMatch(path));

    // ---- requests ----------------------------------------------------------------------------------------------

    /// <summary>Every way <paramref name="request"/> departs from the description; empty when it conforms.</summary>
    public IReadOnlyList<string> ValidateRequest(RecordedRequest request, out StripeOperation? operation)
    {
        var violations = new List<string>();
        operation = Find(request.Method, request.Path);
        if (operation is null)
        {
            violations.Add($"{request.Method} {request.Path}: no such operation in the Stripe description.");
            return violations;
        }

        var where = $"{operation.OperationId}";
        var authorization = request.Header("Authorization");
        if (authorization is null || !(authorization.StartsWith("Bearer sk_", StringComparison.Ordinal) || authorization.StartsWith("Bearer rk_", StringComparison.Ordinal)))
        {
            violations.Add($"{where}: Authorization must be 'Bearer sk_…' (was '{authorization}').");
        }

        if (request.Header("Stripe-Version") != ApiVersion)
        {
            violations.Add($"{where}: Stripe-Version must be {ApiVersion} (was '{request.Header("Stripe-Version")}').");
        }

        if (request.Method == "POST")
        {
            var key = request.Header("Idempotency-Key");
            if (string.IsNullOrEmpty(key) || key.Length > 255)
            {
                violations.Add($"{where}: a POST needs an Idempotency-Key of 1 to 255 characters.");
            }

            var contentType = request.Header("Content-Type");
            if (contentType is null || !contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.Ordinal))
            {
                violations.Add($"{where}: a POST body must be application/x-www-form-urlencoded (was '{contentType}').");
            }
        }
        else if (request.Form.Count > 0)
        {
            violations.Add($"{where}: a {request.Method} must not have a body.");
        }

        var formSchema = operation.Definition["requestBody"]?["content"]?["application/x-www-form-urlencoded"]?["schema"]
            ?? new JsonObject { ["type"] = "object", ["properties"] = new JsonObject(), ["additionalProperties"] = false };
        ValidateParameters(request.Form, formSchema, $"{where} body", violations);
        ValidateParameters(request.Query, QuerySchema(operation), $"{where} query", violations);
        return violations;
    }

    private static JsonObject QuerySchema(StripeOperation operation)
    {
        var properties = new JsonObject();
        var required = new JsonArray();
        foreach (var parameter in operation.Definition["parameters"]?.AsArray() ?? [])
        {
            if (parameter!["in"]!.GetValue<string>() == "query")
            {
                var name = parameter["name"]!.GetValue<string>();
                properties[name] = parameter["schema"]!.DeepClone();
                if (parameter["required"]?.GetValue<bool>() == true)
                {
                    required.Add(name);
                }
            }
        }

        return new JsonObject { ["type"] = "object", ["properties"] = properties, ["required"] = required, ["additionalProperties"] = false };
    }

    private void ValidateParameters(IReadOnlyList<KeyValuePair<string, string>> pairs, JsonNode schema, string where, List<string> violations)
    {
        var tree = new ParameterNode(null);
        foreach (var (key, value) in pairs)
        {
            if (!tree.TryAdd(ParameterNode.Segments(key), value))
            {
                violations.Add($"{where}: '{key}' is malformed or sent twice.");
            }
        }

        ValidateNode(tree, schema, "", where, violations);
    }

    private void ValidateNode(ParameterNode node, JsonNode schemaNode, string name, string where, List<string> violations)
    {
        var schema = Resolve(schemaNode);
        if (Alternatives(schema) is { } alternatives)
        {
            List<string>? closest = null;
            foreach (var alternative in alternatives)
            {
                var attempt = new List<string>();
                ValidateNode(node, alternative!, name, where, attempt);
                if (attempt.Count == 0)
                {
                    return;
                }

                if (closest is null || attempt.Count < closest.Count)
                {
                    closest = attempt;
                }
            }

            violations.AddRange(closest ?? [$"{where}: '{name}' matches no alternative."]);
            return;
        }

        var type = schema["type"]?.GetValue<string>();
        if (node.Value is { } value)
        {
            if (CheckScalar(value, schema, type) is { } problem)
            {
                violations.Add($"{where}: '{name}'={value} {problem}.");
            }

            return;
        }

        switch (type)
        {
            case "object":
                var properties = schema["properties"]?.AsObject();
                var additional = schema["additionalProperties"];
                foreach (var (key, child) in node.Children)
                {
                    var childName = name.Length == 0 ? key : $"{name}[{key}]";
                    if (key.Length == 0 || int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out _) && properties?.ContainsKey(key) != true && additional is not JsonObject)
                    {
                        violations.Add($"{where}: '{childName}' indexes an object as if it were a list.");
                    }
                    else if (properties is not null && properties.TryGetPropertyValue(key, out var propertySchema))
                    {
                        ValidateNode(child, propertySchema!, childName, where, violations);
                    }
                    else if (additional is JsonObject additionalSchema)
                    {
                        ValidateNode(child, additionalSchema, childName, where, violations);
                    }
                    else if (additional?.GetValueKind() != System.Text.Json.JsonValueKind.True)
                    {
                        violations.Add($"{where}: '{childName}' is not a parameter of this operation.");
                    }
                }

                foreach (var required in schema["required"]?.AsArray() ?? [])
                {
                    var requiredName = required!.GetValue<string>();
                    if (node.Children.All(child => child.Key != requiredName))
                    {
                        violations.Add($"{where}: required '{(name.Length == 0 ? requiredName : $"{name}[{requiredName}]")}' is missing.");
                    }
                }

                break;
            case "array":
                foreach (var (key, child) in node.Children)
                {
                    if (key.Length > 0 && !int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                    {
                        violations.Add($"{where}: '{name}[{key}]' must index the list with [] or [n].");
                    }
                    else
                    {
                        ValidateNode(child, schema["items"] ?? new JsonObject(), $"{name}[{key}]", where, violations);
                    }
                }

                break;
            default:
                violations.Add($"{where}: '{name}' is a {type ?? "value"}, not a nested parameter.");
                break;
        }
    }

    private static string? CheckScalar(string value, JsonObject schema, string? type)
    {
        switch (type)
        {
            case "integer" when !long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _):
                return "is not an integer";
            case "number" when !decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out _):
                return "is not a number";
            case "boolean" when value is not ("true" or "false"):
                return "is not a boolean (true/false)";
            case "object" or "array":
                return $"should be a nested {type}";
        }

        if (schema["enum"] is JsonArray values && values.All(allowed => allowed?.ToString() != value))
        {
            return $"is not one of [{string.Join(", ", values)}]";
        }

        if (schema["maxLength"] is { } maxLength && value.Length > maxLength.GetValue<int>())
        {
            return $"is longer than {maxLength}";
        }

        return null;
    }

    // ---- responses ---------------------------------------------------------------------------------------------

    public JsonNode ResponseSchema(StripeOperation operation, int status)
    {
        var responses = operation.Definition["responses"]!.AsObject();
        var response = status is >= 200 and < 300 ? responses["200"] : responses["default"];
        return response!["content"]!["application/json"]!["schema"]!;
    }

    /// <summary>The smallest object the schema allows: its required properties with plain values of their types.</summary>
    public JsonNode? Generate(JsonNode schemaNode, long now, int depth = 0)
    {
        var schema = Resolve(schemaNode);
        if (Alternatives(schema) is { } alternatives)
        {
            return Generate(alternatives[0]!, now, depth + 1);
        }

        if (depth > 12)
        {
            throw new InvalidOperationException("The schema nests too deeply to generate a response.");
        }

        switch (schema["type"]?.GetValue<string>())
        {
            case "object":
                var result = new JsonObject();
                foreach (var required in schema["required"]?.AsArray() ?? [])
                {
                    var name = required!.GetValue<string>();
                    var property = Resolve(schema["properties"]![name]!);
                    result[name] = property["nullable"]?.GetValue<bool>() == true ? null : Generate(property, now, depth + 1);
                }

                return result;
            case "array":
                return new JsonArray();
            case "integer":
                return schema["format"]?.GetValue<string>() == "unix-time" ? JsonValue.Create(now) : JsonValue.Create(0);
            case "number":
                return JsonValue.Create(0);
            case "boolean":
                return JsonValue.Create(false);
            case "string":
                return JsonValue.Create(schema["enum"]?[0]?.GetValue<string>() ?? "x");
            default:
                return null;
        }
    }

    /// <summary>Every way <paramref name="value"/> departs from the schema: types, enums, required and unknown properties.</summary>
    public IReadOnlyList<string> ValidateResponse(JsonNode? value, JsonNode schema)
    {
        var violations = new List<string>();
        ValidateValue(value, schema, "$", violations);
        return violations;
    }

    private void ValidateValue(JsonNode? value, JsonNode schemaNode, string path, List<string> violations)
    {
        var schema = Resolve(schemaNode);
        if (value is null)
        {
            if (schema["nullable"]?.GetValue<bool>() != true)
            {
                violations.Add($"{path} is null but not nullable.");
            }

            return;
        }

        if (Alternatives(schema) is { } alternatives)
        {
            List<string>? closest = null;
            foreach (var alternative in alternatives)
            {
                var attempt = new List<string>();
                ValidateValue(value, alternative!, path, attempt);
                if (attempt.Count == 0)
                {
                    return;
                }

                closest = closest is null || attempt.Count < closest.Count ? attempt : closest;
            }

            violations.AddRange(closest ?? []);
            return;
        }

        var kind = value.GetValueKind();
        switch (schema["type"]?.GetValue<string>())
        {
            case "object" when kind != System.Text.Json.JsonValueKind.Object:
            case "array" when kind != System.Text.Json.JsonValueKind.Array:
            case "string" when kind != System.Text.Json.JsonValueKind.String:
            case "boolean" when kind is not (System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False):
            // Compared as JSON text: a node built from an int does not convert itself to long.
            case "integer" when kind != System.Text.Json.JsonValueKind.Number || !long.TryParse(value.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _):
            case "number" when kind != System.Text.Json.JsonValueKind.Number:
                violations.Add($"{path} should be {schema["type"]} but is {kind}.");
                return;
            case "object":
                var properties = schema["properties"]?.AsObject();
                foreach (var required in schema["required"]?.AsArray() ?? [])
                {
                    if (!value.AsObject().ContainsKey(required!.GetValue<string>()))
                    {
                        violations.Add($"{path}.{required} is required.");
                    }
                }

                foreach (var (name, child) in value.AsObject())
                {
                    if (properties is not null && properties.TryGetPropertyValue(name, out var propertySchema))
                    {
                        ValidateValue(child, propertySchema!, $"{path}.{name}", violations);
                    }
                    else if (schema["additionalProperties"] is JsonObject additional)
                    {
                        ValidateValue(child, additional, $"{path}.{name}", violations);
                    }
                    else
                    {
                        violations.Add($"{path}.{name} is not a property of this object.");
                    }
                }

                return;
            case "array":
                var index = 0;
                foreach (var item in value.AsArray())
                {
                    ValidateValue(item, schema["items"] ?? new JsonObject(), $"{path}[{index++}]", violations);
                }

                return;
            case "string" when schema["enum"] is JsonArray values && values.All(allowed => allowed?.ToString() != value.GetValue<string>()):
                violations.Add($"{path}='{value}' is not one of [{string.Join(", ", values)}].");
                return;
        }
    }

    // ---- schema plumbing ---------------------------------------------------------------------------------------

    private JsonObject Resolve(JsonNode schema)
    {
        var current = schema.AsObject();
        for (var hops = 0; current["$ref"] is { } reference; hops++)
        {
            if (hops > 20)
            {
                throw new InvalidOperationException("Circular $ref.");
            }

            var name = reference.GetValue<string>()["#/components/schemas/".Length..];
            current = root["components"]!["schemas"]![name]!.AsObject();
        }

        return current;
    }

    private static JsonArray? Alternatives(JsonObject schema) => (schema["anyOf"] ?? schema["oneOf"]) as JsonArray;

    /// <summary>Bracketed form parameters as a tree: a[b][]=1 becomes a → b → (list item) → "1".</summary>
    private sealed class ParameterNode(string? value)
    {
        public string? Value { get; } = value;

        public List<KeyValuePair<string, ParameterNode>> Children { get; } = [];

        public static string[]? Segments(string key)
        {
            var open = key.IndexOf('[', StringComparison.Ordinal);
            if (open < 0)
            {
                return [key];
            }

            var segments = new List<string> { key[..open] };
            var rest = key[open..];
            var match = Regex.Match(rest, @"^(\[([^\[\]]*)\])+$", RegexOptions.None, TimeSpan.FromSeconds(1));
            if (!match.Success || open == 0)
            {
                return null;
            }

            segments.AddRange(match.Groups[2].Captures.Select(capture => capture.Value));
            return [.. segments];
        }

        public bool TryAdd(string[]? segments, string leaf)
        {
            if (segments is null || Value is not null)
            {
                return false;
            }

            var head = segments[0];
            if (segments.Length == 1)
            {
                // "name[]" pushes a new list item each time; any other key may appear once.
                if (head.Length > 0 && Children.Any(child => child.Key == head))
                {
                    return false;
                }

                Children.Add(new(head, new ParameterNode(leaf)));
                return true;
            }

            var existing = head.Length == 0 ? null : Children.FirstOrDefault(child => child.Key == head).Value;
            if (existing is null)
            {
                existing = new ParameterNode(null);
                Children.Add(new(head, existing));
            }

            return existing.TryAdd(segments[1..], leaf);
        }
    }
}
