using System.Text.RegularExpressions;

namespace Serverless.Domain.Tests;

/// <summary>
/// The repository's Markdown reads the same in a fresh clone: every relative link resolves to a file or folder inside
/// the repository, and the README sends a newcomer to <c>docs/</c>.
/// </summary>
public sealed partial class MarkdownLinksTests
{
    private static readonly string[] Skipped = ["node_modules", "bin", "obj", "artifacts", ".git", "BenchmarkDotNet.Artifacts"];

    [Fact]
    public void Every_relative_link_in_the_repositorys_markdown_resolves_to_a_file_inside_it()
    {
        var root = ArchitectureTests.RepositoryRoot();
        var broken = new List<string>();
        var checkedLinks = 0;
        foreach (var file in MarkdownFiles(root))
        {
            foreach (var target in RelativeLinks(File.ReadAllText(file)))
            {
                checkedLinks++;
                var path = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, Uri.UnescapeDataString(target)));
                var inside = path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || path == root;
                if (!inside || (!File.Exists(path) && !Directory.Exists(path)))
                {
                    broken.Add($"{Path.GetRelativePath(root, file)}: {target}{(inside ? "" : " (outside the repository)")}");
                }
            }
        }
        Assert.True(checkedLinks > 20, $"Only {checkedLinks} links found: the scan is not reading the Markdown.");
        Assert.Empty(broken);
    }

    [Fact]
    public void The_readme_points_a_newcomer_to_the_docs_folder()
    {
        var root = ArchitectureTests.RepositoryRoot();
        Assert.True(Directory.Exists(Path.Combine(root, "docs")));
        var links = RelativeLinks(File.ReadAllText(Path.Combine(root, "README.md"))).ToList();
        Assert.Contains(links, l => l.StartsWith("docs/", StringComparison.Ordinal));
        foreach (var doc in Directory.EnumerateFiles(Path.Combine(root, "docs"), "*.md"))
        {
            Assert.Contains(links, l => l == "docs/" + Path.GetFileName(doc));
        }
    }

    private static IEnumerable<string> MarkdownFiles(string root)
    {
        var pending = new Stack<string>([root]);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            foreach (var file in Directory.EnumerateFiles(dir, "*.md")) yield return file;
            foreach (var sub in Directory.EnumerateDirectories(dir))
            {
                if (!Skipped.Contains(Path.GetFileName(sub), StringComparer.Ordinal)) pending.Push(sub);
            }
        }
    }

    /// <summary>The targets of inline and reference links outside fenced code, without anchors; web and mail links left out.</summary>
    private static IEnumerable<string> RelativeLinks(string markdown)
    {
        var fenced = false;
        foreach (var line in markdown.Split('\n'))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                fenced = !fenced;
                continue;
            }
            if (fenced || line.StartsWith("    ", StringComparison.Ordinal)) continue;
            var targets = InlineLink().Matches(line).Select(m => m.Groups[1].Value)
                .Concat(ReferenceLink().Matches(line).Select(m => m.Groups[1].Value));
            foreach (var raw in targets)
            {
                var target = raw.Split('#')[0].Split('?')[0];
                if (target.Length == 0 || target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal)) continue;
                yield return target;
            }
        }
    }

    [GeneratedRegex(@"\]\(<?([^)\s>]+)>?(?:\s+""[^""]*"")?\)")]
    private static partial Regex InlineLink();

    [GeneratedRegex(@"^\s*\[[^\]]+\]:\s+<?([^\s>]+)>?")]
    private static partial Regex ReferenceLink();
}
