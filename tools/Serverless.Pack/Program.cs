using Serverless.Pack;

const string usage = """
    Usage: Serverless.Pack [--out FILE.zip] [--configuration Release|Debug]
      --out FILE.zip     where the deploy package goes, relative to the folder you run it in (default artifacts/functionapp.zip
                         in the repository)
      --configuration C  the handler's build configuration (default Release)
    """;
string? output = null;
var configuration = "Release";
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--out" when i + 1 < args.Length: output = args[++i]; break;
        case "--configuration" or "-c" when i + 1 < args.Length: configuration = args[++i]; break;
        case "--help" or "-h":
            Console.WriteLine(usage);
            return 0;
        default:
            Console.Error.WriteLine($"pack: unknown option or missing value '{args[i]}'.");
            Console.Error.WriteLine(usage);
            return 2;
    }
}
try
{
    // The repository this tool was built from, wherever it is run.
    var root = RepoRoot.Find(AppContext.BaseDirectory);
    output ??= Path.Combine(root, "artifacts", "functionapp.zip");
    await DeployPackage.CreateAsync(root, Path.GetFullPath(output), configuration, Console.Out, CancellationToken.None);
    return 0;
}
catch (InvalidOperationException ex)
{
    Console.Error.WriteLine($"pack: {ex.Message}");
    return 1;
}
