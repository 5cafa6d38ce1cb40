using Headstore.Domain.Common;
using Headstore.Domain.Messaging;

namespace Headstore.Domain.Tests.Messaging;

public sealed class MessagingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly Actor Customer = new(new UserId("customer-carol"), "Carol", null, new HashSet<string> { Roles.Customer });
    private static readonly Actor Expert = new(new UserId("expert-alice"), "Alice", null, new HashSet<string> { Roles.Expert });
    private static readonly Actor Stranger = new(new UserId("customer-eve"), "Eve", null, new HashSet<string> { Roles.Customer });

    [Fact]
    public void Thread_IsDueIn24Hours_UntilTheExpertReplies_AndAgainWhenTheCustomerWrites()
    {
        var thread = MessageThread.Start(MessageThreadId.New(Now), Customer, new ExpertId("expert-alice"), "Question", "Hello, call 555 123 4567", Now).Value;
        Assert.Equal(Now.AddHours(24), thread.DueAt);
        Assert.DoesNotContain("4567", thread.Messages[0].Body);
        var (replied, _) = thread.Reply(Expert, "Hi", Now.AddHours(1)).Value;
        Assert.Null(replied.DueAt);
        var (again, _) = replied.Reply(Customer, "Thanks, one more thing", Now.AddHours(2)).Value;
        Assert.Equal(Now.AddHours(26), again.DueAt);
        Assert.Equal(ErrorKind.Forbidden, again.Reply(Stranger, "hi", Now).Error!.Kind);
    }

    [Fact]
    public void Appointment_AcceptsOnlyAProposedFutureTime_ByTheExpert()
    {
        var times = new[] { Now.AddDays(1), Now.AddDays(2) };
        var appointment = Appointment.Request(AppointmentId.New(Now), Customer, new ExpertId("expert-alice"), times, SessionMode.Video, "Tax chat", Now).Value;
        Assert.Equal(ErrorKind.Forbidden, appointment.Accept(Customer, times[0], Now).Error!.Kind);
        Assert.Equal(ErrorKind.Validation, appointment.Accept(Expert, Now.AddDays(3), Now).Error!.Kind);
        var accepted = appointment.Accept(Expert, times[1], Now).Value;
        Assert.Equal(AppointmentStatus.Accepted, accepted.Status);
        Assert.Null(accepted.DueAt);
        Assert.Equal("appointment-not-open", accepted.Decline(Expert, null, Now).Error!.Code);
        Assert.Equal(AppointmentStatus.Cancelled, accepted.Cancel(Customer, Now).Value.Status);
    }

    [Fact]
    public void Appointment_RejectsPastOrTooManyTimes()
    {
        Assert.Equal(ErrorKind.Validation, Appointment.Request(AppointmentId.New(Now), Customer, new ExpertId("expert-alice"), [Now.AddMinutes(-5)], SessionMode.Voice, null, Now).Error!.Kind);
        Assert.Equal(ErrorKind.Validation, Appointment.Request(AppointmentId.New(Now), Customer, new ExpertId("expert-alice"), Enumerable.Range(1, 6).Select(i => Now.AddDays(i)).ToArray(), SessionMode.Voice, null, Now).Error!.Kind);
    }
}
