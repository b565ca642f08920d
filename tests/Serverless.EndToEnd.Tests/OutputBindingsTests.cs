using System.Text.Json;
using Serverless.LocalHost;

namespace Serverless.EndToEnd.Tests;

/// <summary>A Service Bus output value becomes the messages the host's script binding makes of it (CONTRACT.md, Outputs).</summary>
public sealed class OutputBindingsTests
{
    private static IReadOnlyList<string> Bodies(string outputValue) => [.. OutputBindings.MessageBodies(JsonDocument.Parse(outputValue).RootElement)];

    [Fact]
    public void An_array_is_one_message_per_element_and_a_string_element_is_sent_as_its_text()
    {
        Assert.Equal(["{\"date\":\"2026-10-01\"}", "second"], Bodies("""["{\"date\":\"2026-10-01\"}", "second"]"""));
    }

    [Fact]
    public void An_object_element_is_sent_as_indented_JSON()
    {
        var body = Assert.Single(Bodies("""[{"a":1}]"""));

        Assert.Equal("{\n  \"a\": 1\n}", body.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_string_holding_a_JSON_array_is_split_into_its_elements()
    {
        Assert.Equal(["1", "2"], Bodies("\"[1,2]\""));
    }

    [Fact]
    public void A_lone_string_that_reads_as_base64_arrives_as_the_hosts_byte_array_text()
    {
        // The host's GetBindingValue tries Convert.FromBase64String first: "msg1" decodes, and the message says System.Byte[].
        Assert.Equal(["System.Byte[]"], Bodies("\"msg1\""));
        Assert.Equal(["not base64!"], Bodies("\"not base64!\""));
    }

    [Fact]
    public void Null_sends_nothing()
    {
        Assert.Empty(Bodies("null"));
    }
}
