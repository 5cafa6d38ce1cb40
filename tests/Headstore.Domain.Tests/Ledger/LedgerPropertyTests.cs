using FsCheck;
using FsCheck.Fluent;
using Headstore.Domain.Common;
using Headstore.Domain.Ledger;
using Headstore.Domain.Payments;

namespace Headstore.Domain.Tests.Ledger;

/// <summary>
/// Random histories of charges, captures, refunds, disputes and payouts: every transaction balances, nothing is created
/// from nothing, all accounts together sum to zero, and the order in which the provider's news arrives changes nothing.
/// </summary>
public sealed class LedgerPropertyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly Currency[] Currencies = [Currency.USD, Currency.GBP, Currency.EUR, Currency.CAD, Currency.CHF];

    /// <summary>One payment's life as the provider reports it: captured, refunded in cumulative steps, maybe disputed.</summary>
    public sealed record PaymentHistory(long Gross, int CommissionBasisPoints, int AmbassadorBasisPoints, bool HasAmbassador, long[] RefundTotals, long? Disputed, bool DisputeWon, int Seed, int CurrencyIndex);

    private static Gen<PaymentHistory> Histories() =>
        from gross in Gen.Choose(1, 5_000_000)
        from commission in Gen.Choose(0, 10_000)
        from ambassador in Gen.Choose(0, 10_000)
        from hasAmbassador in ArbMap.Default.GeneratorFor<bool>()
        from refundCount in Gen.Choose(0, 4)
        from disputeFraction in Gen.Choose(-3, 100)
        from won in ArbMap.Default.GeneratorFor<bool>()
        from seed in ArbMap.Default.GeneratorFor<int>()
        from currency in Gen.Choose(0, 4)
        select Build(gross, commission, ambassador, hasAmbassador, refundCount, disputeFraction, won, seed, currency);

    private static PaymentHistory Build(long gross, int commission, int ambassador, bool hasAmbassador, int refundCount, int disputeFraction, bool won, int seed, int currency)
    {
        var random = new Random(seed);
        var totals = Enumerable.Range(0, refundCount).Select(_ => (long)random.NextInt64(1, gross + 1)).Distinct().Order().ToArray();
        var refunded = totals.Length == 0 ? 0 : totals[^1];
        long? disputed = disputeFraction < 0 || refunded == gross ? null : Math.Max(1, (gross - refunded) * disputeFraction / 100);
        return new PaymentHistory(gross, commission, ambassador, hasAmbassador, totals, disputed, won, seed, currency);
    }

    private abstract record News;

    private sealed record RefundNews(long Previous, long Total) : News;

    private sealed record DisputeOpened(long Amount) : News;

    private sealed record DisputeClosed(long Amount, bool Won) : News;

    private static List<News> NewsOf(PaymentHistory history)
    {
        var news = new List<News>();
        var previous = 0L;
        foreach (var total in history.RefundTotals)
        {
            news.Add(new RefundNews(previous, total));
            previous = total;
        }

        if (history.Disputed is { } disputed)
        {
            news.Add(new DisputeOpened(disputed));
            news.Add(new DisputeClosed(disputed, history.DisputeWon));
        }

        return news;
    }

    /// <summary>Plays the news onto a payment (capturing first, as the webhook handler catches up) and posts into the book.</summary>
    private static CustomerPayment Play(PaymentHistory history, IEnumerable<News> news, LedgerBook book)
    {
        var currency = Currencies[history.CurrencyIndex];
        var split = new RevenueSplit(history.CommissionBasisPoints, history.HasAmbassador ? new UserId("amby") : null, history.AmbassadorBasisPoints);
        var payment = CustomerPayment.Authorise(new PaymentId("pay_p"), PaymentPurpose.Session, "s_1", new UserId("carol"), "Session", new Money(history.Gross, currency), "pi_p", Now, null);
        var (captured, charge) = payment.Capture(new Money(history.Gross, currency), Earner.ForExpert(new ExpertId("alice"), split), Now).Value;
        book.Post(charge);
        payment = captured;
        foreach (var item in news)
        {
            switch (item)
            {
                case RefundNews refund:
                    (payment, var refunds) = payment.ApplyRefundTotal(refund.Previous, refund.Total, null, Now);
                    book.Post(refunds);
                    break;
                case DisputeOpened opened:
                    (payment, var freeze) = payment.OpenDispute("dp_p", new Money(opened.Amount, currency), "fraudulent", Now);
                    book.Post(freeze);
                    break;
                case DisputeClosed closed:
                    (payment, var outcome) = payment.CloseDispute("dp_p", closed.Won, new Money(closed.Amount, currency), "fraudulent", Now);
                    book.Post(outcome);
                    break;
            }
        }

        return payment;
    }

    [Fact]
    public void EveryPaymentHistory_Balances_ConservesTheCharge_AndDoesNotDependOnDeliveryOrder()
    {
        Prop.ForAll(Histories().ToArbitrary(), history =>
        {
            var inOrder = new LedgerBook();
            var final = Play(history, NewsOf(history), inOrder);

            // Shuffled, with every piece of news delivered one to three times.
            var random = new Random(history.Seed);
            var deliveries = NewsOf(history).SelectMany(n => Enumerable.Repeat(n, random.Next(1, 4))).OrderBy(_ => random.Next()).ToList();
            var shuffled = new LedgerBook();
            Play(history, deliveries, shuffled);

            var currency = Currencies[history.CurrencyIndex];
            var sameLedger = inOrder.Transactions.Select(LedgerBook.Describe).Order().SequenceEqual(shuffled.Transactions.Select(LedgerBook.Describe).Order());
            var everyTransactionBalances = inOrder.Transactions.All(t => t.Entries.Sum(e => e.Amount.Minor) == 0);
            var allAccountsSumToZero = inOrder.AllBalances().Values.Sum() == 0;

            // What left the customer is what the parties hold: nothing created, nothing lost.
            var expert = inOrder.Balance(LedgerAccount.ExpertPayable(new ExpertId("alice")), currency);
            var platform = inOrder.Balance(LedgerAccount.PlatformCommission, currency);
            var ambassador = history.HasAmbassador ? inOrder.Balance(LedgerAccount.AmbassadorPayable(new UserId("amby")), currency) : 0;
            var disputes = inOrder.Balance(LedgerAccount.Disputes, currency);
            var kept = inOrder.Balance(LedgerAccount.CustomerFunds, currency) - inOrder.Balance(LedgerAccount.Refunds, currency);
            var conserved = expert + platform + ambassador + disputes == kept;

            // The parts reversed are exactly the split of what was reversed: refunding everything gives back everything.
            var reversed = final.Refunded.Minor + final.Disputes.Where(d => d.Outcome != DisputeOutcome.Won).Sum(d => d.Frozen.Length);
            var split = new RevenueSplit(history.CommissionBasisPoints, history.HasAmbassador ? new UserId("amby") : null, history.AmbassadorBasisPoints);
            var whole = split.Of(new Money(history.Gross, currency));
            var expectedExpert = whole.Expert.Minor - (reversed == history.Gross ? whole.Expert.Minor : ExpertReversed(final, split, currency));
            var exactShares = expert == expectedExpert && (reversed != history.Gross || (expert == 0 && ambassador == 0 && platform <= 0));
            var neverOverRefunded = final.Refunded.Minor + final.HeldByDisputes.Minor <= history.Gross;

            return sameLedger && everyTransactionBalances && allAccountsSumToZero && conserved && exactShares && neverOverRefunded;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(500));
    }

    private static long ExpertReversed(CustomerPayment payment, RevenueSplit split, Currency currency) =>
        payment.Refunds.Concat(payment.Disputes.Where(d => d.Outcome != DisputeOutcome.Won).Select(d => d.Frozen))
            .Sum(s => split.OfSlice(new Money(s.From, currency), new Money(s.To, currency)).Expert.Minor);

    /// <summary>Experts earn, get refunds against them, and are paid out weekly with netting; reversals settle from transit.</summary>
    [Fact]
    public void RandomSequencesOfChargesRefundsAndPayouts_KeepEveryAccountConsistent()
    {
        var step = from kind in Gen.Choose(0, 4) from amount in Gen.Choose(1, 200_000) from who in Gen.Choose(0, 2) select (Kind: kind, Amount: (long)amount, Who: who);
        Prop.ForAll(Gen.Choose(5, 60).SelectMany(count => Gen.ArrayOf(step, count)).ToArbitrary(), steps =>
        {
            var book = new LedgerBook();
            var experts = new[] { new ExpertId("alice"), new ExpertId("bob"), new ExpertId("cleo") };
            var charged = new List<(ExpertId Expert, Money Gross, int Refunded)>();
            var payouts = new List<(ExpertId Expert, long Amount, long Reversed, bool Paid)>();
            var n = 0;
            foreach (var (kind, amount, who) in steps)
            {
                n++;
                var expert = experts[who];
                var earner = Earner.ForExpert(expert, RevenueSplit.Commission(1000));
                var payable = LedgerAccount.ExpertPayable(expert);
                switch (kind)
                {
                    case 0 or 1:
                        book.Post(LedgerPostings.CustomerCharge($"c{n}", earner, new Money(amount, Currency.USD), "x", Now, new LedgerReferences()));
                        charged.Add((expert, new Money(amount, Currency.USD), 0));
                        break;
                    case 2 when charged.Count > 0:
                        var index = (int)(amount % charged.Count);
                        var (owner, gross, _) = charged[index];
                        if (charged[index].Refunded == 0)
                        {
                            book.Post(LedgerPostings.Refund($"r{n}", Earner.ForExpert(owner, RevenueSplit.Commission(1000)), Money.Zero(Currency.USD), gross, "x", Now, new LedgerReferences()));
                            charged[index] = (owner, gross, 1);
                        }

                        break;
                    case 3:
                        var balance = book.Balance(payable, Currency.USD);
                        if (balance > 0)
                        {
                            book.Post(LedgerPostings.PayoutSent($"p{n}", [(payable, new Money(balance, Currency.USD))], "x", Now, new LedgerReferences()));
                            payouts.Add((expert, balance, 0, false));
                            if (book.Balance(payable, Currency.USD) != 0)
                            {
                                return false;
                            }
                        }

                        break;
                    case 4 when payouts.Count > 0:
                        var p = (int)(amount % payouts.Count);
                        var payout = payouts[p];
                        var owed = -book.Balance(LedgerAccount.ExpertPayable(payout.Expert), Currency.USD);
                        if (!payout.Paid && owed > 0)
                        {
                            var take = Math.Min(owed, payout.Amount - payout.Reversed);
                            if (take > 0)
                            {
                                book.Post(LedgerPostings.TransferReversal($"t{n}", payout.Expert, new Money(take, Currency.USD), "x", Now, new LedgerReferences()));
                                payout = payout with { Reversed = payout.Reversed + take };
                            }
                        }
                        else if (!payout.Paid && payout.Amount > payout.Reversed)
                        {
                            book.Post(LedgerPostings.PayoutPaid($"paid{n}", new Money(payout.Amount - payout.Reversed, Currency.USD), "x", Now, new LedgerReferences()));
                            payout = payout with { Paid = true };
                        }

                        payouts[p] = payout;
                        break;
                }
            }

            var balances = book.AllBalances();
            var sumIsZero = balances.Values.Sum() == 0;
            var inTransitNeverNegative = book.Balance(LedgerAccount.PayoutsInTransit, Currency.USD) >= 0;
            var inTransitMatchesUnpaid = book.Balance(LedgerAccount.PayoutsInTransit, Currency.USD) == payouts.Where(p => !p.Paid).Sum(p => p.Amount - p.Reversed);

            // Everything the parties hold came from customers: funds held = owed to experts + commission + in transit.
            var held = book.Balance(LedgerAccount.CustomerFunds, Currency.USD) - book.Balance(LedgerAccount.Refunds, Currency.USD);
            var owedOut = experts.Sum(e => book.Balance(LedgerAccount.ExpertPayable(e), Currency.USD)) + book.Balance(LedgerAccount.PlatformCommission, Currency.USD) + book.Balance(LedgerAccount.PayoutsInTransit, Currency.USD);
            var totalCharged = charged.Sum(c => c.Gross.Minor) - charged.Where(c => c.Refunded == 1).Sum(c => c.Gross.Minor);
            var paidOut = payouts.Where(p => p.Paid).Sum(p => p.Amount - p.Reversed);
            return sumIsZero && inTransitNeverNegative && inTransitMatchesUnpaid && held == owedOut && held == totalCharged - paidOut;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }
}
