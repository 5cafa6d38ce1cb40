using System.Text.Json;
using Headstore.Application.Sessions;
using Headstore.Domain.Common;
using Headstore.Http.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Headstore.Http.Sessions;

/// <summary>
/// The meter as server-sent events (<c>text/event-stream</c>): a <c>meter</c> event with the reading every
/// <see cref="SessionOptions.MeterStreamInterval"/>, a <c>warning</c> event when a warning before the limit is issued, and
/// an <c>ended</c> event with the final reading when the session is over, after which the stream closes. It also stops
/// when the client disconnects (the request is aborted) and after <see cref="MaxLifetime"/>, when clients reconnect.
/// Each reading is the same cheap point read as <c>GET …/meter</c>, so the stream works behind any number of instances.
/// </summary>
public sealed class SessionMeterStream(string sessionId, Actor actor, SessionMeterView first) : IResult
{
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromHours(3);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var cancellationToken = httpContext.RequestAborted;
        var interval = httpContext.RequestServices.GetRequiredService<IOptions<SessionOptions>>().Value.MeterStreamInterval;
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        await response.WriteAsync($"retry: {(int)Math.Max(1000, interval.TotalMilliseconds)}\n\n", cancellationToken);

        var meter = first;
        var warningsSeen = first.WarningsIssued.Count;
        var started = DateTime.UtcNow;
        try
        {
            while (true)
            {
                var ended = meter.State is "ended" or "declined" or "expired" or "cancelled";
                await WriteEventAsync(response, ended ? "ended" : "meter", meter, cancellationToken);
                if (meter.WarningsIssued.Count > warningsSeen)
                {
                    warningsSeen = meter.WarningsIssued.Count;
                    await WriteEventAsync(response, "warning", new { meter.SessionId, meter.SecondsLeft, meter.EndsAt, meter.WarningsIssued }, cancellationToken);
                }

                await response.Body.FlushAsync(cancellationToken);
                if (ended || DateTime.UtcNow - started > MaxLifetime)
                {
                    return;
                }

                await Task.Delay(interval, cancellationToken);

                // A fresh scope per reading keeps nothing cached between readings.
                await using var scope = httpContext.RequestServices.CreateAsyncScope();
                var next = await scope.ServiceProvider.GetRequiredService<GetSessionMeterHandler>().HandleAsync(actor, sessionId, cancellationToken);
                if (!next.IsSuccess)
                {
                    return;
                }

                meter = next.Value;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away: nothing more to send.
        }
    }

    private static Task WriteEventAsync(HttpResponse response, string name, object data, CancellationToken cancellationToken) =>
        response.WriteAsync($"event: {name}\ndata: {JsonSerializer.Serialize(data, HttpJson.Options)}\n\n", cancellationToken);
}
