using System.Text;

namespace Serverless.Samples;

/// <summary>GB18030, what Chinese Excel saves CSV as; it lives in the code-pages provider, registered once here.</summary>
internal static class Gb18030Encoding
{
    public static Encoding Instance { get; } = Create();

    private static Encoding Create()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030");
    }
}
