using System.Text.Json;
using Headstore.Application.Common;
using Microsoft.Extensions.Options;

namespace Headstore.Infrastructure.Blobs;

public sealed class DiskBlobOptions
{
    public const string Section = "Blobs";

    public string Directory { get; set; } = ".data/blobs";
}

/// <summary>The local blob adapter: files under a folder, with the content type beside each file.</summary>
public sealed class DiskBlobStore(IOptions<DiskBlobOptions> options) : IBlobStore
{
    public async Task PutAsync(string key, Stream content, string contentType, CancellationToken cancellationToken)
    {
        var path = PathFor(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        await using (var file = File.Create(temporary))
        {
            await content.CopyToAsync(file, cancellationToken);
        }

        File.Move(temporary, path, overwrite: true);
        await File.WriteAllTextAsync(path + ".meta", JsonSerializer.Serialize(new { contentType }), cancellationToken);
    }

    public async Task<(Stream Content, BlobInfo Info)?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathFor(key);
        if (!File.Exists(path))
        {
            return null;
        }

        using var meta = JsonDocument.Parse(await File.ReadAllTextAsync(path + ".meta", cancellationToken));
        var contentType = meta.RootElement.GetProperty("contentType").GetString() ?? "application/octet-stream";
        Stream stream = File.OpenRead(path);
        return (stream, new BlobInfo(key, contentType, stream.Length));
    }

    private string PathFor(string key)
    {
        var root = Path.GetFullPath(options.Value.Directory);
        var path = Path.GetFullPath(Path.Combine(root, key));
        if (!path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException("The blob key leaves the blob folder.", nameof(key));
        }

        return path;
    }
}
