using System.Reflection;
using System.Xml.Linq;
using Serverless.Application.UseCases;
using Serverless.Domain.Scoring;

namespace Serverless.Domain.Tests;

/// <summary>
/// The layers hold by construction: the domain references neither the application nor anything of Azure, and the
/// application nothing of Azure. Read from the built assemblies' references and from the project files, so a package
/// added but not yet used fails too.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly Assembly Domain = typeof(RuleBook).Assembly;
    private static readonly Assembly Application = typeof(ExportImporter).Assembly;

    [Fact]
    public void The_domain_references_neither_the_application_nor_any_azure_assembly()
    {
        var references = Domain.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.DoesNotContain(references, IsAzure);
        Assert.DoesNotContain(references, name => name.StartsWith("Serverless.", StringComparison.Ordinal));
    }

    [Fact]
    public void The_application_references_the_domain_and_no_azure_assembly()
    {
        var references = Application.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.DoesNotContain(references, IsAzure);
        Assert.Equal(["Serverless.Domain"], references.Where(name => name.StartsWith("Serverless.", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("shared/Serverless.Domain/Serverless.Domain.csproj", new string[0])]
    [InlineData("shared/Serverless.Application/Serverless.Application.csproj", new[] { "Serverless.Domain" })]
    public void The_project_files_ask_for_no_azure_package_and_only_the_layers_below(string project, string[] projects)
    {
        var file = XDocument.Load(Path.Combine(RepositoryRoot(), project));
        var packages = file.Descendants("PackageReference").Select(p => (string)p.Attribute("Include")!).ToList();
        var frameworks = file.Descendants("FrameworkReference").Select(p => (string)p.Attribute("Include")!).ToList();
        var references = file.Descendants("ProjectReference").Select(p => Path.GetFileNameWithoutExtension((string)p.Attribute("Include")!)).ToList();
        Assert.DoesNotContain(packages, IsAzure);
        Assert.Empty(frameworks);
        Assert.Equal(projects, references);
    }

    private static bool IsAzure(string name) =>
        name.StartsWith("Azure", StringComparison.OrdinalIgnoreCase) || name.StartsWith("Microsoft.Azure", StringComparison.OrdinalIgnoreCase);

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Serverless.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"No Serverless.sln above {AppContext.BaseDirectory}.");
    }
}
