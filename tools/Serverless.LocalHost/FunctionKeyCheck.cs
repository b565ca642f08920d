using System.Security.Cryptography;
using System.Text;

namespace Serverless.LocalHost;

/// <summary>The host's key check: <c>x-functions-key</c> header or <c>code</c> query, function or master key.</summary>
public sealed class FunctionKeyCheck(LocalHostOptions options)
{
    public bool Allows(HttpRequest request, string authLevel)
    {
        if (authLevel.Equals("anonymous", StringComparison.OrdinalIgnoreCase)) return true;
        var presented = request.Headers["x-functions-key"].FirstOrDefault() ?? request.Query["code"].FirstOrDefault();
        if (string.IsNullOrEmpty(presented)) return false;
        if (Matches(presented, options.MasterKey)) return true;
        return authLevel.Equals("function", StringComparison.OrdinalIgnoreCase) && options.FunctionKeys.Any(k => Matches(presented, k));
    }

    public bool AllowsAdmin(HttpRequest request) => Allows(request, "admin");

    private static bool Matches(string presented, string key) =>
        key.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(key));
}
