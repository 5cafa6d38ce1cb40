namespace Headstore.Domain.Support;

/// <summary>What the SLA report needs of one question.</summary>
public sealed record SlaSample(string PlanId, DateTimeOffset AskedAt, DateTimeOffset DueAt, DateTimeOffset? FirstAnsweredAt, DateTimeOffset? ClosedAt);

/// <summary>
/// The first-answer figures of one plan in one week (by when questions were asked): how many were asked, answered
/// within the target, late (answered late, or unanswered past the deadline: breaches), still waiting within it, or
/// withdrawn before it; the share within target of those whose outcome is known; and the median and 90th percentile
/// time to first answer of those answered (nearest-rank percentiles).
/// </summary>
public sealed record SlaFigures(
    string Week,
    string PlanId,
    TimeSpan Target,
    int Asked,
    int Answered,
    int WithinTarget,
    int Breaches,
    int Waiting,
    int Withdrawn,
    double? ShareWithinTarget,
    TimeSpan? MedianTimeToFirstAnswer,
    TimeSpan? P90TimeToFirstAnswer);

/// <summary>Adds samples up into <see cref="SlaFigures"/>; it keeps one duration per answered question, nothing else.</summary>
public sealed class SlaAccumulator(string week, string planId, TimeSpan target)
{
    private readonly List<long> answeredTicks = [];
    private int asked;
    private int within;
    private int breaches;
    private int waiting;
    private int withdrawn;

    public void Add(SlaSample sample, DateTimeOffset now)
    {
        asked++;
        if (sample.FirstAnsweredAt is { } answered)
        {
            answeredTicks.Add((answered - sample.AskedAt).Ticks);
            if (answered <= sample.DueAt)
            {
                within++;
            }
            else
            {
                breaches++;
            }
        }
        else if (sample.ClosedAt is { } closed && closed <= sample.DueAt)
        {
            withdrawn++;
        }
        else if ((sample.ClosedAt ?? now) > sample.DueAt)
        {
            breaches++;
        }
        else
        {
            waiting++;
        }
    }

    public SlaFigures Figures()
    {
        answeredTicks.Sort();
        var known = within + breaches;
        return new SlaFigures(
            week, planId, target, asked, answeredTicks.Count, within, breaches, waiting, withdrawn,
            known == 0 ? null : Math.Round((double)within / known, 4),
            Percentile(0.5), Percentile(0.9));
    }

    private TimeSpan? Percentile(double p) =>
        answeredTicks.Count == 0 ? null : TimeSpan.FromTicks(answeredTicks[Math.Max(0, (int)Math.Ceiling(p * answeredTicks.Count) - 1)]);
}
