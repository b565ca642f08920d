using System.IO.Compression;
using System.Text;
using Serverless.Domain.Exports;
using Serverless.Testing;

namespace Serverless.Functions.Tests.Ingestion;

/// <summary>A handler on a fresh Azurite per test class, and the steps every ingestion test takes.</summary>
public abstract class IngestionTestBase(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private HandlerHost? _host;

    protected HandlerHost Host => _host ??= new HandlerHost(IngestionHost.Options(azurite.ConnectionString));

    protected static Encoding Gb18030
    {
        get
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding("GB18030");
        }
    }

    protected static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    protected static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(bytes);
        }
        return output.ToArray();
    }

    /// <summary>Drops the blob, delivers its event, and gathers everything the import left behind.</summary>
    protected async Task<Imported> ImportAsync(string blobName, byte[] bytes)
    {
        Assert.True(ExportPath.TryParse(blobName, out var path, out var error), error);
        await Host.StartAsync();
        var before = await StorageSnapshot.TakeAsync(Host.Storage);
        var (reply, gridEvent) = await Host.DropAsync(blobName, bytes);
        var after = await StorageSnapshot.TakeAsync(Host.Storage);
        var changed = after.ChangedSince(before);
        var statuses = await Host.StatusesAsync(path!.Kind, path.Date);
        // Every import, whatever became of it, writes exactly one status row of its own.
        var status = Assert.Single(statuses, s => s.Source == path.Source && changed.Contains($"Imports/{path.Date:yyyy-MM-dd}/{path.Kind.ToPathName()}|{path.Source}|{s.ImportId}"));
        return new Imported(path, status, await Host.ReportAsync(status), await Host.ErrorsCsvAsync(status),
            await Host.MetricsAsync(path.Date), changed, reply, gridEvent);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
    }
}
