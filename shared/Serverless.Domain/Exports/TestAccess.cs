using System.Runtime.CompilerServices;

// The inline fast paths of the export readers (UsualForms, ...) are tested against the general parsers they stand in
// front of, value by value: that needs both, and both are internal.
[assembly: InternalsVisibleTo("Serverless.Domain.Tests")]
