using System.Globalization;
using System.IO.Compression;
using System.Text.Unicode;
using CsvHelper;

namespace Serverless.Domain.Exports;

/// <summary>Reads one export as a stream: hashes it, inflates it, decides its encoding, checks its header and rows, and aggregates what it keeps.</summary>
/// <remarks>
/// Memory stays bounded whatever the file: bytes flow raw → content hash → gunzip (bounded) → encoding sniff → CsvHelper,
/// and only per-agent totals (and, for the small kinds, their records) are kept.
/// </remarks>
public static class ExportReader
{
    public static async Task<ExportReadResult> ReadAsync(Stream content, ExportPath path, ExportReadOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);

        var length = KnownLength(content);
        await using var raw = new HashingStream(content);
        ExportReadResult result;
        try
        {
            result = await ParseAsync(raw, length, path, options, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException)
        {
            // Only the gzip inflater throws it: the bytes are not the gzip they claim to be.
            result = Rejected(RejectionReasons.NotGzip);
        }
        // Rejected early or not, every raw byte is hashed so the same blob is always recognised.
        await raw.DrainAsync(cancellationToken).ConfigureAwait(false);
        return result with { ContentHash = raw.ContentHash(), RawBytes = raw.BytesRead };
    }

    // The bytes left in a stream that can tell (a file, a buffer); -1 for a network stream that cannot.
    private static long KnownLength(Stream content)
    {
        try
        {
            return content.CanSeek ? content.Length - content.Position : -1;
        }
        catch (NotSupportedException)
        {
            return -1;
        }
    }

    private static async Task<ExportReadResult> ParseAsync(HashingStream raw, long rawLength, ExportPath path, ExportReadOptions options, CancellationToken cancellationToken)
    {
        var magic = new byte[2];
        var magicLength = await raw.ReadAtLeastAsync(magic, magic.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (magicLength == 0)
        {
            return Rejected(RejectionReasons.EmptyFile);
        }
        Stream body = new PrefixedStream(magic.AsMemory(0, magicLength), raw);
        InflateGuardStream? inflate = null;
        if (path.IsGzip || (magicLength == 2 && magic[0] == 0x1F && magic[1] == 0x8B))
        {
            body = inflate = new InflateGuardStream(new GZipStream(body, CompressionMode.Decompress), raw, options.MaxDecompressedBytes, options.MaxCompressionRatio);
        }
        await using (body.ConfigureAwait(false))
        {
            var prefix = new byte[TextEncodingSniffer.SniffBytes];
            var prefixLength = await body.ReadAtLeastAsync(prefix, prefix.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (inflate?.Violation is { } bomb)
            {
                return Rejected(bomb);
            }
            var encoding = TextEncodingSniffer.Detect(prefix.AsSpan(0, prefixLength), isWhole: prefixLength < prefix.Length);
            if (encoding is null)
            {
                return Rejected(RejectionReasons.NotText);
            }
            var (encodingName, bomLength) = encoding.Value;
            if (prefixLength == bomLength)
            {
                return Rejected(RejectionReasons.EmptyFile) with { Encoding = encodingName };
            }
            var text = new PrefixedStream(prefix.AsMemory(bomLength, prefixLength - bomLength), body);
            var result = await ReadCsvAsync(text, inflate is null ? rawLength : -1, encodingName, path, options, cancellationToken).ConfigureAwait(false);
            return inflate?.Violation is { } late ? Rejected(late) with { Encoding = encodingName } : result;
        }
    }

    private static async Task<ExportReadResult> ReadCsvAsync(Stream text, long textBytes, string encodingName, ExportPath path, ExportReadOptions options, CancellationToken cancellationToken)
    {
        var gb18030 = encodingName == TextEncodingSniffer.Gb18030;
        var csvOptions = CsvReaderOptions.Default with
        {
            // CsvHelper transcodes GB18030 to UTF-8 as it reads; it scans UTF-8 natively.
            Encoding = gb18030 ? TextEncodingSniffer.Gb18030Lenient : null,
            // Bounds what one unterminated record may make the reader buffer (a 10 MB line, an unclosed quote).
            MaxRecordSize = options.MaxLineBytes,
            DetectSeparatorHint = false,
            // A field past the end of a short record reads as empty (the default, relied on by the row readers: a
            // short row fails on its first missing required value, and CallsRowReader reads absent columns that way).
            MissingField = CsvMissingFieldHandling.ReturnEmpty,
        };
        var watch = new AsciiWatchStream(text);
        var reader = CsvReader.Create(watch, csvOptions, leaveOpen: true);
        await using (reader.ConfigureAwait(false))
        {
            long row = 1;
            try
            {
                await reader.ReadHeaderAsync(cancellationToken).ConfigureAwait(false);
                var headers = reader.Headers.Select(h => h.Trim()).ToArray();
                // A file without its header line shows its first data row here: never echo a phone number from it.
                var shown = headers.Select(MaskNumbers).ToArray();
                var rows = RowReader.For(path.Kind, path, options, textBytes);
                var header = Resolve(rows, headers);
                var start = new ExportReadResult
                {
                    Outcome = ImportOutcome.Rejected,
                    ContentHash = "",
                    Encoding = encodingName,
                    Delimiter = reader.Separator,
                    HeadersSeen = shown,
                    MissingColumns = header.Missing,
                };
                if (header.Missing.Count > 0)
                {
                    return start with
                    {
                        RejectionReason = Format(RejectionReasons.MissingColumns,
                            string.Join(", ", rows.Columns.Where(c => header.Missing.Contains(c.Name)).Select(c => c.Describe())),
                            shown.Length == 0 ? "(none)" : string.Join(", ", shown)),
                    };
                }
                rows.Bind(header.FieldIndexes);

                var errors = new RowErrorLog(options.MaxRowErrorsListed);
                long dataRows = 0, accepted = 0;
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    row++;
                    var record = reader.RawRecord;
                    if (record.Length > options.MaxLineBytes)
                    {
                        return start with { RejectionReason = Format(RejectionReasons.LineTooLong, row, options.MaxLineBytes) };
                    }
                    // Bytes the sniffed encoding cannot read make their row bad; the whole-row value is withheld (it may hold the caller).
                    // While the file has been all ASCII so far, so is this record (AsciiWatchStream checks whole buffers). After
                    // that, most records are still ASCII, which the narrower check confirms faster than the full UTF-8 validation.
                    if (!watch.AllAscii && (gb18030 ? record.IndexOf("\uFFFD"u8) >= 0 : !System.Text.Ascii.IsValid(record) && !Utf8.IsValid(record)))
                    {
                        dataRows++;
                        errors.Add(row, RowErrorReasons.WholeRow, gb18030 ? RowErrorReasons.InvalidGb18030 : RowErrorReasons.InvalidUtf8, "");
                        continue;
                    }
                    switch (rows.Read(reader, row, errors))
                    {
                        case RowVerdict.Accepted:
                            dataRows++;
                            accepted++;
                            break;
                        case RowVerdict.Bad:
                            dataRows++;
                            break;
                    }
                }

                var counted = start with
                {
                    DataRows = dataRows,
                    AcceptedRows = accepted,
                    BadRows = errors.Count,
                    RowErrors = errors.Listed,
                };
                if (errors.Count > options.MaxBadRowShare * dataRows)
                {
                    return counted with
                    {
                        RejectionReason = Format(RejectionReasons.TooManyBadRows, errors.Count, dataRows, (double)errors.Count / dataRows, options.MaxBadRowShare),
                    };
                }
                return rows.Complete(counted with
                {
                    Outcome = errors.Count == 0 ? ImportOutcome.Accepted : ImportOutcome.AcceptedWithErrors,
                });
            }
            catch (CsvFormatException)
            {
                // With the options above the only malformation CsvHelper throws for is a record past MaxRecordSize.
                return Rejected(Format(RejectionReasons.LineTooLong, row + 1, options.MaxLineBytes)) with { Encoding = encodingName };
            }
        }
    }

    private static (int[] FieldIndexes, List<string> Missing) Resolve(RowReader rows, string[] headers)
    {
        var indexes = new int[rows.Columns.Length];
        var missing = new List<string>();
        for (var c = 0; c < indexes.Length; c++)
        {
            var column = rows.Columns[c];
            // The first header that names the column wins; later copies are ignored like unknown columns.
            indexes[c] = Array.FindIndex(headers, column.Matches);
            if (indexes[c] < 0 && column.Required)
            {
                missing.Add(column.Name);
            }
        }
        return (indexes, missing);
    }

    /// <summary>A header holding a run of 7 or more digits is data (a phone number, say), not a column name: masked.</summary>
    private static string MaskNumbers(string header)
    {
        var run = 0;
        foreach (var c in header)
        {
            run = char.IsAsciiDigit(c) ? run + 1 : 0;
            if (run >= 7)
            {
                return "***";
            }
        }
        return header;
    }

    private static ExportReadResult Rejected(string reason) => new()
    {
        Outcome = ImportOutcome.Rejected,
        ContentHash = "",
        RejectionReason = reason,
    };

    private static string Format(string format, params object[] args) => string.Format(CultureInfo.InvariantCulture, format, args);
}
