using System.Security.Cryptography;
using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Content;
using Headstore.Domain.Experts;

namespace Headstore.Application.Content;

public sealed record UploadDocumentCommand(string? Title, string? FileName, string? ContentType, long? Length, Stream? Content);

public sealed record DocumentView(DocumentId Id, ExpertId ExpertId, string Title, string FileName, string ContentType, long SizeBytes, string Sha256, DateTimeOffset UploadedAt)
{
    public static DocumentView From(ExpertDocument document) => new(document.Id, document.ExpertId, document.Title, document.FileName, document.ContentType, document.SizeBytes, document.Sha256, document.UploadedAt);
}

/// <summary>An expert uploads a document. The bytes stream to the blob store while being hashed and counted; the record is written after.</summary>
public sealed class UploadDocumentHandler(IDocumentStore store, IBlobStore blobs, TimeProvider clock)
{
    public async Task<Result<DocumentView>> HandleAsync(Actor actor, UploadDocumentCommand command, CancellationToken cancellationToken)
    {
        if (actor.RequireRole(Roles.Expert) is { } denied)
        {
            return denied;
        }

        var validator = new Validator()
            .RequireText(command.Title, "title", 200, minLength: 3)
            .RequireText(command.FileName, "file", 200)
            .Require(command.Content is not null, "file", "Attach a file.")
            .Require(command.ContentType is not null && ExpertDocument.AllowedContentTypes.Contains(command.ContentType), "file", "Upload a PDF, text, Markdown, PNG, JPEG, Word or Excel file.")
            .Require(command.Length is null or (> 0 and <= ExpertDocument.MaxSizeBytes), "file", "Files are 1 byte to 10 MB.");
        validator.Require(!ContactDetails.Contains(command.Title), "title", "Contact details are not allowed in a title.");
        if (!validator.IsValid)
        {
            return validator.ToError();
        }

        if (await store.FindAsync<ExpertProfile>(actor.UserId.Value, cancellationToken) is null)
        {
            return Error.Rule("profile-required", "Create your expert profile before publishing.");
        }

        var now = clock.GetUtcNow();
        var id = DocumentId.New(now);
        var key = $"documents/{actor.UserId.Value}/{id.Value}";
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var counting = new HashingLimitStream(command.Content!, hash, ExpertDocument.MaxSizeBytes);
        await blobs.PutAsync(key, counting, command.ContentType!, cancellationToken);
        if (counting.ExceededLimit)
        {
            return Error.Validation("file", "Files are 1 byte to 10 MB.");
        }

        var document = new ExpertDocument(id, ExpertId.For(actor.UserId), command.Title!.Trim(), Path.GetFileName(command.FileName!), command.ContentType!, counting.BytesRead,
            Convert.ToHexStringLower(hash.GetHashAndReset()), key, now, 0);
        var work = store.BeginWork();
        work.Add(document);
        work.Publish(new DocumentUploaded(document.Id, document.ExpertId) { OccurredAt = now });
        return await work.CommitReturningAsync(DocumentView.From(document), cancellationToken);
    }

    /// <summary>Hashes what passes through and stops at the size limit.</summary>
    private sealed class HashingLimitStream(Stream inner, IncrementalHash hash, long limit) : Stream
    {
        public long BytesRead { get; private set; }

        public bool ExceededLimit { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Track(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Track((await inner.ReadAsync(buffer, cancellationToken)) is var n ? buffer.Span[..n] : default);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Track(ReadOnlySpan<byte> read)
        {
            BytesRead += read.Length;
            if (BytesRead > limit)
            {
                ExceededLimit = true;
                return 0;
            }

            hash.AppendData(read);
            return read.Length;
        }
    }
}

public sealed class DownloadDocumentHandler(IDocumentStore store, IBlobStore blobs)
{
    public async Task<Result<(Stream Content, DocumentView Document)>> HandleAsync(string documentId, CancellationToken cancellationToken)
    {
        var document = await store.FindAsync<ExpertDocument>(documentId, cancellationToken);
        if (document is null)
        {
            return Error.NotFound("Document");
        }

        var blob = await blobs.OpenReadAsync(document.BlobKey, cancellationToken);
        return blob is null ? Error.NotFound("Document") : (blob.Value.Content, DocumentView.From(document));
    }
}
