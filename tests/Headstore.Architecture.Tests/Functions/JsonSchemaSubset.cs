using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Headstore.Architecture.Tests.Functions;

/// <summary>
/// A validator for the part of JSON Schema (draft-07) that SchemaStore's host.json schema uses: type, properties,
/// additionalProperties, required, enum, const, pattern, minLength, minimum, maximum, items, uniqueItems, oneOf, anyOf,
/// allOf and local $ref into definitions. Of the libraries that restore here, the complete one (Newtonsoft.Json.Schema)
/// is AGPL-licensed with an hourly validation cap, so this small one is ours. A schema using any other keyword is refused
/// outright rather than half-checked.
/// </summary>
public sealed class JsonSchemaSubset
{
    private static readonly HashSet<string> Annotations = new(StringComparer.Ordinal) { "$schema", "$id", "title", "description", "default", "examples", "definitions" };

    private static readonly HashSet<string> Assertions = new(StringComparer.Ordinal)
    {
        "$ref", "type", "properties", "additionalProperties", "required", "enum", "const", "pattern", "minLength", "minimum", "maximum", "items", "uniqueItems", "oneOf", "anyOf", "allOf",
    };

    private readonly JsonNode root;

    public JsonSchemaSubset(JsonNode schema)
    {
        root = schema;
        RefuseUnknownKeywords(schema, "#");
    }

    /// <summary>Every violation, as "path: what is wrong"; empty when the instance is valid.</summary>
    public IReadOnlyList<string> Validate(JsonNode? instance)
    {
        var errors = new List<string>();
        Check(root, instance, "$", errors);
        return errors;
    }

    private void Check(JsonNode schemaNode, JsonNode? instance, string path, List<string> errors)
    {
        if (schemaNode is JsonValue boolean && boolean.TryGetValue<bool>(out var allowed))
        {
            if (!allowed)
            {
                errors.Add($"{path}: no value is allowed here");
            }

            return;
        }

        var schema = schemaNode.AsObject();
        if (schema["$ref"] is { } reference)
        {
            // Draft-07: keywords beside $ref are ignored.
            Check(Resolve(reference.GetValue<string>()), instance, path, errors);
            return;
        }

        if (schema["type"] is { } type && !HasType(instance, type.GetValue<string>()))
        {
            errors.Add($"{path}: expected {type.GetValue<string>()}, found {Describe(instance)}");
            return;
        }

        if (schema["enum"] is JsonArray options && !options.Any(o => JsonNode.DeepEquals(o, instance)))
        {
            errors.Add($"{path}: {Describe(instance)} is not one of {options.ToJsonString()}");
        }

        if (schema.TryGetPropertyValue("const", out var constant) && !JsonNode.DeepEquals(constant, instance))
        {
            errors.Add($"{path}: must be {constant?.ToJsonString() ?? "null"}");
        }

        switch (instance)
        {
            case JsonObject obj:
                CheckObject(schema, obj, path, errors);
                break;
            case JsonArray array:
                CheckArray(schema, array, path, errors);
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                CheckString(schema, value.GetValue<string>(), path, errors);
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.Number:
                CheckNumber(schema, value.GetValue<double>(), path, errors);
                break;
        }

        CheckCombinations(schema, instance, path, errors);
    }

    private void CheckObject(JsonObject schema, JsonObject instance, string path, List<string> errors)
    {
        var properties = schema["properties"]?.AsObject();
        foreach (var required in schema["required"]?.AsArray().Select(r => r!.GetValue<string>()) ?? [])
        {
            if (!instance.ContainsKey(required))
            {
                errors.Add($"{path}: '{required}' is required");
            }
        }

        foreach (var (name, value) in instance)
        {
            if (properties?[name] is { } propertySchema)
            {
                Check(propertySchema, value, $"{path}.{name}", errors);
            }
            else if (schema["additionalProperties"] is { } additional)
            {
                Check(additional, value, $"{path}.{name}", errors);
            }
        }
    }

    private void CheckArray(JsonObject schema, JsonArray instance, string path, List<string> errors)
    {
        if (schema["items"] is JsonObject items)
        {
            for (var i = 0; i < instance.Count; i++)
            {
                Check(items, instance[i], $"{path}[{i}]", errors);
            }
        }

        if (schema["uniqueItems"]?.GetValue<bool>() == true && instance.Select(i => i?.ToJsonString() ?? "null").Distinct(StringComparer.Ordinal).Count() != instance.Count)
        {
            errors.Add($"{path}: items must be unique");
        }
    }

    private static void CheckString(JsonObject schema, string value, string path, List<string> errors)
    {
        if (schema["pattern"] is { } pattern && !Regex.IsMatch(value, pattern.GetValue<string>(), RegexOptions.None, TimeSpan.FromSeconds(1)))
        {
            errors.Add($"{path}: '{value}' does not match {pattern.GetValue<string>()}");
        }

        if (schema["minLength"] is { } minLength && value.Length < minLength.GetValue<int>())
        {
            errors.Add($"{path}: shorter than {minLength.GetValue<int>()} characters");
        }
    }

    private static void CheckNumber(JsonObject schema, double value, string path, List<string> errors)
    {
        if (schema["minimum"] is { } minimum && value < minimum.GetValue<double>())
        {
            errors.Add($"{path}: {value.ToString(CultureInfo.InvariantCulture)} is below the minimum {minimum}");
        }

        if (schema["maximum"] is { } maximum && value > maximum.GetValue<double>())
        {
            errors.Add($"{path}: {value.ToString(CultureInfo.InvariantCulture)} is above the maximum {maximum}");
        }
    }

    private void CheckCombinations(JsonObject schema, JsonNode? instance, string path, List<string> errors)
    {
        foreach (var sub in schema["allOf"]?.AsArray() ?? [])
        {
            Check(sub!, instance, path, errors);
        }

        if (schema["anyOf"] is JsonArray anyOf && !anyOf.Any(s => Validates(s!, instance, path)))
        {
            errors.Add($"{path}: matches none of the {anyOf.Count} alternatives (anyOf)");
        }

        if (schema["oneOf"] is JsonArray oneOf)
        {
            var branches = oneOf.Select(s => Errors(s!, instance, path)).ToList();
            var matching = branches.Count(b => b.Count == 0);
            if (matching != 1)
            {
                var why = matching == 0 ? string.Join(" | ", branches.Select((b, i) => $"#{i}: {string.Join("; ", b)}")) : $"{matching} alternatives match";
                errors.Add($"{path}: must match exactly one alternative (oneOf): {why}");
            }
        }
    }

    private bool Validates(JsonNode schema, JsonNode? instance, string path) => Errors(schema, instance, path).Count == 0;

    private List<string> Errors(JsonNode schema, JsonNode? instance, string path)
    {
        var errors = new List<string>();
        Check(schema, instance, path, errors);
        return errors;
    }

    private JsonNode Resolve(string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal))
        {
            throw new NotSupportedException($"Only local references are supported, not '{reference}'.");
        }

        var node = root;
        foreach (var segment in reference[2..].Split('/').Select(s => Uri.UnescapeDataString(s).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)))
        {
            node = node[segment] ?? throw new InvalidOperationException($"The schema has no '{reference}'.");
        }

        return node;
    }

    private static bool HasType(JsonNode? instance, string type) => (type, instance) switch
    {
        ("null", null) => true,
        ("object", JsonObject) => true,
        ("array", JsonArray) => true,
        ("string", JsonValue v) => v.GetValueKind() == JsonValueKind.String,
        ("boolean", JsonValue v) => v.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
        ("number", JsonValue v) => v.GetValueKind() == JsonValueKind.Number,
        ("integer", JsonValue v) => v.GetValueKind() == JsonValueKind.Number && Math.Abs(v.GetValue<double>() % 1) < double.Epsilon,
        _ => false,
    };

    private static string Describe(JsonNode? instance) => instance switch
    {
        null => "null",
        JsonObject => "an object",
        JsonArray => "an array",
        _ => instance.ToJsonString(),
    };

    private static void RefuseUnknownKeywords(JsonNode? schemaNode, string path)
    {
        if (schemaNode is not JsonObject schema)
        {
            return; // true / false schemas
        }

        foreach (var (keyword, value) in schema)
        {
            if (!Annotations.Contains(keyword) && !Assertions.Contains(keyword))
            {
                throw new NotSupportedException($"{path}: the keyword '{keyword}' is not supported by this validator.");
            }

            if ((keyword == "type" && value is not JsonValue) || (keyword == "items" && value is JsonArray))
            {
                throw new NotSupportedException($"{path}: '{keyword}' in that form (a list) is not supported by this validator.");
            }

            switch (keyword)
            {
                case "properties" or "definitions":
                    foreach (var (name, sub) in value!.AsObject())
                    {
                        RefuseUnknownKeywords(sub, $"{path}/{keyword}/{name}");
                    }

                    break;
                case "additionalProperties" or "items":
                    RefuseUnknownKeywords(value, $"{path}/{keyword}");
                    break;
                case "oneOf" or "anyOf" or "allOf":
                    var index = 0;
                    foreach (var sub in value!.AsArray())
                    {
                        RefuseUnknownKeywords(sub, $"{path}/{keyword}/{index++}");
                    }

                    break;
            }
        }
    }
}
