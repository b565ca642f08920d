namespace Serverless.Pack;

/// <summary>Finds the repository root (the folder with Serverless.sln and host.json) at or above a folder.</summary>
public static class RepoRoot
{
    public static string Find(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Serverless.sln")) && File.Exists(Path.Combine(dir.FullName, "host.json"))) return dir.FullName;
        }
        throw new InvalidOperationException($"No repository root (Serverless.sln + host.json) at or above {start}.");
    }
}
