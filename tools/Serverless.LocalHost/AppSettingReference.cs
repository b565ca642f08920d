namespace Serverless.LocalHost;

/// <summary>Binding expressions of the form <c>%SettingName%</c>, resolved from the app settings as the host does.</summary>
public static class AppSettingReference
{
    public static string? Resolve(string value, IReadOnlyDictionary<string, string> settings)
    {
        if (value.Length > 2 && value[0] == '%' && value[^1] == '%')
        {
            return settings.TryGetValue(value[1..^1], out var resolved) ? resolved : null;
        }
        return value;
    }
}
