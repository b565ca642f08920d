namespace Serverless.Functions.Invocations;

/// <summary>The invocation's data read as JSON but makes no sense for the function (answered 400, never retried into success).</summary>
public sealed class InvocationDataException(string message) : Exception(message);
