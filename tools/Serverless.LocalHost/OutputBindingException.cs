namespace Serverless.LocalHost;

/// <summary>An output binding could not be written (e.g. a message over the queue's size limit).</summary>
public sealed class OutputBindingException(string message, Exception? inner = null) : Exception(message, inner);
