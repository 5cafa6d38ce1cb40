using Headstore.Domain.Common;
using Headstore.Domain.Questions;

namespace Headstore.Domain.Tests.Questions;

public sealed class QuestionTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly Actor Asker = new(new UserId("customer-carol"), "Carol", "carol@example.com", new HashSet<string> { Roles.Customer });
    private static readonly ExpertId Alice = new("expert-alice");

    private static Question Ask(string body = "My landlord keeps my deposit. What can I do?") =>
        Question.Ask(QuestionId.New(Now), Asker, new CategoryId("law"), "Deposit not returned by landlord", body, "en", Now);

    [Fact]
    public void Ask_MasksContactDetailsBeforeStoring()
    {
        var question = Ask("Call me on 020 7946 0958 or mail carol@example.com");
        Assert.DoesNotContain("7946", question.Body);
        Assert.DoesNotContain("carol@example.com", question.Body);
        Assert.True(question.ContainedContactDetails);
    }

    [Fact]
    public void AddAnswer_MarksAnsweredAndGivesIdsThatPointBackToTheQuestion()
    {
        var (question, answer) = Ask().AddAnswer(Alice, "Alice", "Check the deposit scheme.", Now.AddMinutes(5)).Value;
        Assert.Equal(QuestionStatus.Answered, question.Status);
        Assert.Equal(Now.AddMinutes(5), question.FirstAnsweredAt);
        Assert.True(answer.Id.TryGetQuestion(out var questionId));
        Assert.Equal(question.Id, questionId);
    }

    [Fact]
    public void AddAnswer_ToOwnQuestion_IsRejected()
    {
        var result = Ask().AddAnswer(new ExpertId("customer-carol"), "Carol", "Self answer", Now);
        Assert.Equal("own-question", result.Error!.Code);
    }

    [Fact]
    public void Rate_OnlyTheAsker_Once_OneToFive()
    {
        var (question, answer) = Ask().AddAnswer(Alice, "Alice", "Answer", Now).Value;
        Assert.Equal(ErrorKind.Forbidden, question.Rate(answer.Id, new UserId("someone-else"), 5, Now).Error!.Kind);
        Assert.Equal(ErrorKind.Validation, question.Rate(answer.Id, Asker.UserId, 6, Now).Error!.Kind);
        var (rated, _) = question.Rate(answer.Id, Asker.UserId, 4, Now).Value;
        Assert.Equal(4, rated.FindAnswer(answer.Id)!.Stars);
        Assert.Equal("already-rated", rated.Rate(answer.Id, Asker.UserId, 5, Now).Error!.Code);
    }

    [Fact]
    public void Vote_OnePerUser_Changeable_AndNotOnOwnAnswer()
    {
        var (question, answer) = Ask().AddAnswer(Alice, "Alice", "Answer", Now).Value;
        var voter = new UserId("customer-dan");
        var (up, previous) = question.Vote(answer.Id, voter, VoteDirection.Up).Value;
        Assert.Equal(VoteDirection.None, previous);
        var (upAgain, _) = up.Vote(answer.Id, voter, VoteDirection.Up).Value;
        Assert.Equal(1, upAgain.FindAnswer(answer.Id)!.Score);
        var (down, previousUp) = upAgain.Vote(answer.Id, voter, VoteDirection.Down).Value;
        Assert.Equal(VoteDirection.Up, previousUp);
        Assert.Equal(-1, down.FindAnswer(answer.Id)!.Score);
        Assert.Equal("own-answer", question.Vote(answer.Id, Alice.User, VoteDirection.Up).Error!.Code);
    }
}
