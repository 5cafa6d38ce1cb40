using System.Net;
using System.Text.Json;
using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Infrastructure.Serialization;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging;

namespace Headstore.Infrastructure.Persistence.Cosmos;

/// <summary>
/// Keeps the views of an aggregate (see <see cref="CosmosView"/>) in step after its change committed. A view is only
/// ever replaced by a newer source version (read, compare, replace on the ETag), so racing writers and the repair job
/// cannot move it backwards. A failure is logged, not thrown: the change itself is committed, and the repair job (or the
/// change feed in production) catches the view up.
/// </summary>
public sealed class CosmosViewWriter(ICosmosItems items, ILogger<CosmosViewWriter> logger)
{
    private const int Attempts = 5;

    public async Task WriteAsync(CosmosDocumentType type, IAggregate aggregate, long version, CancellationToken cancellationToken)
    {
        foreach (var view in type.Views(aggregate))
        {
            try
            {
                await (type.Immutable ? WriteOnceAsync(view, aggregate, version, cancellationToken) : WriteOneAsync(view, aggregate, version, cancellationToken));
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "The {View} view of {Type} {Id} could not be updated; the view repair job will catch it up", view.Kind, type.Kind, aggregate.Id);
            }
        }
    }

    /// <summary>The views of an immutable aggregate (ledger entries) never change: one insert each, and "already there" is done.</summary>
    private async Task WriteOnceAsync(CosmosView view, IAggregate aggregate, long version, CancellationToken cancellationToken)
    {
        var document = CosmosDocuments.View(view, aggregate, version);
        var (status, _) = await items.WriteAsync(view.ContainerName, view.PartitionKey, CosmosWriteKind.Create, document["id"]!.GetValue<string>(), CosmosDocuments.ToUtf8(document), null, cancellationToken);
        if (!CosmosWriteOutcome.IsSuccess(status) && status != HttpStatusCode.Conflict)
        {
            throw new InvalidOperationException($"Cosmos DB answered {(int)status} to a write of view {view.Kind} {view.Id}.");
        }
    }

    private async Task WriteOneAsync(CosmosView view, IAggregate aggregate, long version, CancellationToken cancellationToken)
    {
        var document = CosmosDocuments.View(view, aggregate, version);
        var id = document["id"]!.GetValue<string>();
        var bytes = CosmosDocuments.ToUtf8(document);
        var container = view.ContainerName;
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var existing = await items.ReadAsync(container, view.PartitionKey, id, cancellationToken);
            HttpStatusCode status;
            if (existing is not { } stored)
            {
                (status, _) = await items.WriteAsync(container, view.PartitionKey, CosmosWriteKind.Create, id, bytes, null, cancellationToken);
            }
            else if (stored.Document.GetProperty("sourceVersion").GetInt64() >= version)
            {
                return;
            }
            else
            {
                (status, _) = await items.WriteAsync(container, view.PartitionKey, CosmosWriteKind.Replace, id, bytes, stored.ETag, cancellationToken);
            }

            if (CosmosWriteOutcome.IsSuccess(status))
            {
                return;
            }

            if (status is not (HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound))
            {
                throw new InvalidOperationException($"Cosmos DB answered {(int)status} to a write of view {view.Kind} {id}.");
            }
        }

        throw new InvalidOperationException($"View {view.Kind} {id} kept changing under {Attempts} attempts.");
    }
}

/// <summary>
/// Batch path: re-derives the views of every aggregate changed since its last run (by _ts, with a minute of overlap).
/// The first run after start looks back a day, so a process that died after a commit but before its view write is
/// caught up by the next one. In production the change feed processor would drive the same
/// <see cref="CosmosViewWriter"/> continuously; this job is the safety net and what runs against the test server.
/// </summary>
public sealed class CosmosViewRepairJob(CosmosDatabase database, CosmosViewWriter views, TimeProvider clock) : IPeriodicJob
{
    private static readonly TimeSpan FirstLookBack = TimeSpan.FromDays(1);
    private long sinceEpochSeconds = -1;

    public string Name => "cosmos-view-repair";

    public TimeSpan Interval => TimeSpan.FromMinutes(5);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var startedAt = clock.GetUtcNow().ToUnixTimeSeconds();
        var since = sinceEpochSeconds >= 0 ? sinceEpochSeconds : startedAt - (long)FirstLookBack.TotalSeconds;
        foreach (var type in CosmosDocumentTypes.All.Where(t => t.HasViews && database.ContainerNames.Contains(t.Container)))
        {
            await RepairAsync(type, since, cancellationToken);
        }

        Interlocked.Exchange(ref sinceEpochSeconds, Math.Max(0, startedAt - 60));
    }

    /// <summary>Brings the views of one aggregate type up to date for every document changed since the time given (seconds since the epoch).</summary>
    public async Task RepairAsync(CosmosDocumentType type, long sinceEpochSeconds, CancellationToken cancellationToken)
    {
        var container = database.Container(type.Container);
        var after = "";
        while (true)
        {
            // Keyset over id in pages of 100: the test server cannot continue a query, and page sizes stay bounded.
            var query = new QueryDefinition("SELECT TOP 100 * FROM c WHERE c.type = @type AND c._ts >= @since AND c.id > @after ORDER BY c.id")
                .WithParameter("@type", type.Kind).WithParameter("@since", sinceEpochSeconds).WithParameter("@after", after);
            var page = await database.QueryAcrossPartitionsAsync(container, CrossPartitionPath.ViewRepairBatch, query, cancellationToken);
            foreach (var document in page)
            {
                var aggregate = (IAggregate)document.GetProperty("body").Deserialize(type.ClrType, JsonDefaults.Options)!;
                await views.WriteAsync(type, aggregate, document.GetProperty("version").GetInt64(), cancellationToken);
            }

            if (page.Count < 100)
            {
                return;
            }

            after = page[^1].GetProperty("id").GetString()!;
        }
    }
}
