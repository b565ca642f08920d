using Serverless.Pack;

// Usage: Serverless.Pack [--out artifacts/functionapp.zip] [--configuration Release]
var output = "artifacts/functionapp.zip";
var configuration = "Release";
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--out" when i + 1 < args.Length: output = args[++i]; break;
        case "--configuration" or "-c" when i + 1 < args.Length: configuration = args[++i]; break;
        default:
            Console.Error.WriteLine($"Unknown option '{args[i]}'. Usage: Serverless.Pack [--out FILE.zip] [--configuration Release|Debug]");
            return 2;
    }
}
try
{
    var root = RepoRoot.Find(Environment.CurrentDirectory);
    await DeployPackage.CreateAsync(root, Path.GetFullPath(output), configuration, Console.Out, CancellationToken.None);
    return 0;
}
catch (InvalidOperationException ex)
{
    Console.Error.WriteLine($"pack: {ex.Message}");
    return 1;
}
