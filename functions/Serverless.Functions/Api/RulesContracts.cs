namespace Serverless.Functions.Api;

/// <summary>The rules versions (规则版本库) and which one scores today.</summary>
public sealed record RulesVersions(string? InForceToday, IReadOnlyList<RulesVersionSummary> Versions);

/// <summary>One rules version: its scheme, name and the first day it scores.</summary>
public sealed record RulesVersionSummary(string Version, string Scheme, DateOnly EffectiveFrom, string? Description, string Document);

/// <summary>One thing wrong with a posted rules file, at its 1-based line and column (0 when not from the file).</summary>
public sealed record RulesFileError(int Line, int Column, string Path, string Message);
