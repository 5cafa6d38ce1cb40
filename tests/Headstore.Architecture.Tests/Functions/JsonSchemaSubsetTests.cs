using System.Text.Json.Nodes;

namespace Headstore.Architecture.Tests.Functions;

public sealed class JsonSchemaSubsetTests
{
    private const string Schema = """
        {
          "$schema": "http://json-schema.org/draft-07/schema#",
          "definitions": {
            "duration": { "type": "string", "pattern": "^\\d\\d:\\d\\d:\\d\\d$" },
            "mode": { "enum": ["exponential", "fixed"] }
          },
          "type": "object",
          "required": ["version"],
          "additionalProperties": false,
          "properties": {
            "version": { "const": "2.0" },
            "timeout": { "$ref": "#/definitions/duration" },
            "retry": {
              "type": "object",
              "additionalProperties": false,
              "properties": { "mode": { "$ref": "#/definitions/mode" }, "count": { "type": "integer", "minimum": 0, "maximum": 10 } }
            },
            "tags": { "type": "array", "uniqueItems": true, "items": { "type": "string", "minLength": 1 } },
            "bus": {
              "oneOf": [
                { "type": "object", "properties": { "prefetch": { "type": "integer" }, "legacy": { "type": "boolean" } }, "additionalProperties": false },
                { "type": "object", "properties": { "prefetch": { "type": "integer" }, "calls": { "type": "integer" } }, "additionalProperties": false }
              ]
            },
            "anything": { "anyOf": [{ "type": "string" }, { "type": "boolean" }] }
          }
        }
        """;

    private static readonly JsonSchemaSubset Validator = new(JsonNode.Parse(Schema)!);

    [Fact]
    public void AValidDocument_HasNoErrors()
    {
        var errors = Validator.Validate(JsonNode.Parse("""{ "version": "2.0", "timeout": "00:05:00", "retry": { "mode": "fixed", "count": 3 }, "tags": ["a", "b"], "bus": { "calls": 4 }, "anything": true }"""));
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("""{ "timeout": "00:05:00" }""", "'version' is required")]
    [InlineData("""{ "version": "1.0" }""", "$.version: must be \"2.0\"")]
    [InlineData("""{ "version": "2.0", "extra": 1 }""", "$.extra: no value is allowed here")]
    [InlineData("""{ "version": "2.0", "timeout": "5 minutes" }""", "$.timeout: '5 minutes' does not match")]
    [InlineData("""{ "version": "2.0", "retry": { "mode": "linear" } }""", "$.retry.mode: \"linear\" is not one of")]
    [InlineData("""{ "version": "2.0", "retry": { "count": 2.5 } }""", "$.retry.count: expected integer")]
    [InlineData("""{ "version": "2.0", "retry": { "count": 11 } }""", "above the maximum")]
    [InlineData("""{ "version": "2.0", "retry": { "type": "x" } }""", "$.retry.type: no value is allowed here")]
    [InlineData("""{ "version": "2.0", "tags": ["a", "a"] }""", "$.tags: items must be unique")]
    [InlineData("""{ "version": "2.0", "tags": [""] }""", "$.tags[0]: shorter than 1")]
    [InlineData("""{ "version": "2.0", "bus": { "prefetch": 1 } }""", "2 alternatives match")]
    [InlineData("""{ "version": "2.0", "bus": { "legacy": true, "calls": 1 } }""", "must match exactly one alternative")]
    [InlineData("""{ "version": "2.0", "anything": 3 }""", "matches none of the 2 alternatives")]
    [InlineData("""[]""", "$: expected object")]
    public void AViolation_IsReportedWithItsPath(string document, string expected)
    {
        var errors = Validator.Validate(JsonNode.Parse(document));
        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{ "type": "object", "patternProperties": { "^x": {} } }""")]
    [InlineData("""{ "properties": { "a": { "format": "date-time" } } }""")]
    [InlineData("""{ "type": ["string", "null"] }""")]
    public void ASchemaWithKeywordsItCannotCheck_IsRefused(string schema)
    {
        Assert.Throws<NotSupportedException>(() => new JsonSchemaSubset(JsonNode.Parse(schema)!));
    }
}
