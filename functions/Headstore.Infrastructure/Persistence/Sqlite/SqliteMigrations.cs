namespace Headstore.Infrastructure.Persistence.Sqlite;

public sealed record SqliteMigration(int Version, string Name, string Sql);

/// <summary>
/// The schema, as an append-only list. Each aggregate is one JSON document in its own table; the columns beside the
/// body are copies of the fields that queries filter and sort on, written in the same statement, with indexes
/// shaped for those queries. Never edit a migration that has shipped; add one.
/// </summary>
public static class SqliteMigrations
{
    public static readonly IReadOnlyList<SqliteMigration> All =
    [
        new(1, "documents, outbox and inbox", """
            CREATE TABLE users (id TEXT PRIMARY KEY, version INTEGER NOT NULL, body TEXT NOT NULL) WITHOUT ROWID;
            CREATE TABLE categories (id TEXT PRIMARY KEY, version INTEGER NOT NULL, body TEXT NOT NULL) WITHOUT ROWID;

            CREATE TABLE experts (
                id TEXT PRIMARY KEY, version INTEGER NOT NULL, body TEXT NOT NULL,
                status TEXT NOT NULL, currency TEXT NOT NULL, rate_minor INTEGER NOT NULL, rating REAL, reputation INTEGER NOT NULL,
                categories TEXT NOT NULL, languages TEXT NOT NULL, search_text TEXT NOT NULL) WITHOUT ROWID;
            CREATE INDEX experts_by_reputation ON experts (reputation DESC, id);

            CREATE TABLE questions (
                id TEXT PRIMARY KEY, version INTEGER NOT NULL, body TEXT NOT NULL,
                category_id TEXT NOT NULL, status TEXT NOT NULL, asker_id TEXT NOT NULL, asked_at TEXT NOT NULL);
            CREATE INDEX questions_by_category ON questions (category_id, asked_at DESC, id);
            CREATE INDEX questions_by_status ON questions (status, asked_at DESC, id);
            CREATE INDEX questions_by_asker ON questions (asker_id, asked_at DESC, id);
            CREATE INDEX questions_by_time ON questions (asked_at DESC, id);

            -- Answered questions only, keyed by the questions table's rowid; title weighs most in ranking.
            CREATE VIRTUAL TABLE question_search USING fts5 (title, body, answers, tokenize = 'porter unicode61 remove_diacritics 2');

            CREATE TABLE reputation_events (
                id TEXT PRIMARY KEY, version INTEGER NOT NULL, body TEXT NOT NULL,
                expert_id TEXT NOT NULL, day TEXT NOT NULL, vote_gain INTEGER NOT NULL, occurred_at TEXT NOT NULL) WITHOUT ROWID;
            CREATE INDEX reputation_by_expert_day ON reputation_events (expert_id, day, vote_gain);
            CREATE INDEX reputation_by_expert_time ON reputation_events (expert_id, occurred_at, id);

            CREATE TABLE message_threads (
                id TEXT PRIMARY KEY, version INTEGER NOT NULL, body TEXT NOT NULL,
                customer_id TEXT NOT NULL, expert_id TEXT NOT NULL, updated_at TEXT NOT NULL, due_at TEXT, flagged_at TEXT) WITHOUT ROWID;
            CREATE INDEX threads_by_customer ON message_threads (customer_id, updated_at DESC, id);
            CREATE INDEX threads_by_expert ON message_threads (expert_id, updated_at DESC, id);
            CREATE INDEX threads_due ON message_threads (due_at) WHERE due_at IS NOT NULL;

            CREATE TABLE appointments (
                id TEXT PRIMARY KEY, version INTEGER NOT NULL, body TEXT NOT NULL,
                customer_id TEXT NOT NULL, expert_id TEXT NOT NULL, created_at TEXT NOT NULL, due_at TEXT, flagged_at TEXT) WITHOUT ROWID;
            CREATE INDEX appointments_by_customer ON appointments (customer_id, created_at DESC, id);
            CREATE INDEX appointments_by_expert ON appointments (expert_id, created_at DESC, id);
            CREATE INDEX appointments_due ON appointments (due_at) WHERE due_at IS NOT NULL;

            CREATE TABLE articles (id TEXT PRIMARY KEY, version INTEGER NOT NULL, body TEXT NOT NULL, expert_id TEXT NOT NULL, published_at TEXT NOT NULL) WITHOUT ROWID;
            CREATE INDEX articles_by_expert ON articles (expert_id, published_at DESC);
            CREATE TABLE documents (id TEXT PRIMARY KEY, version INTEGER NOT NULL, body TEXT NOT NULL, expert_id TEXT NOT NULL, uploaded_at TEXT NOT NULL) WITHOUT ROWID;
            CREATE INDEX documents_by_expert ON documents (expert_id, uploaded_at DESC);

            CREATE TABLE content_reports (
                id TEXT PRIMARY KEY, version INTEGER NOT NULL, body TEXT NOT NULL,
                status TEXT NOT NULL, priority INTEGER NOT NULL, created_at TEXT NOT NULL) WITHOUT ROWID;
            CREATE INDEX reports_open ON content_reports (status, priority, created_at, id);

            CREATE TABLE outbox (
                seq INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, payload TEXT NOT NULL,
                occurred_at TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at TEXT NOT NULL,
                dispatched_at TEXT, last_error TEXT);
            CREATE INDEX outbox_pending ON outbox (next_attempt_at, seq) WHERE dispatched_at IS NULL;

            CREATE TABLE inbox (handler TEXT NOT NULL, event_id TEXT NOT NULL, handled_at TEXT NOT NULL, PRIMARY KEY (handler, event_id)) WITHOUT ROWID;
            """),
        new(2, "idempotency keys", """
            CREATE TABLE idempotency_keys (
                scope TEXT NOT NULL, key TEXT NOT NULL, request_hash TEXT NOT NULL, state TEXT NOT NULL,
                status_code INTEGER, content_type TEXT, body TEXT, location TEXT, created_at TEXT NOT NULL,
                PRIMARY KEY (scope, key)) WITHOUT ROWID;
            CREATE INDEX idempotency_by_age ON idempotency_keys (created_at);
            """),
        new(3, "money: ledger, payments, payouts, disputes, plans, payment sandbox", """
            -- One row per ledger transaction (id = its idempotency key) and a projection of its entries for balances
            -- and statements, written in the same transaction; rebuildable from the transactions.
            CREATE TABLE ledger_transactions (id TEXT PRIMARY KEY, version INTEGER NOT NULL, body TEXT NOT NULL, kind TEXT NOT NULL, occurred_at TEXT NOT NULL) WITHOUT ROWID;
            CREATE INDEX ledger_transactions_by_time ON ledger_transactions (occurred_at, id);
            CREATE TABLE ledger_entries (
                transaction_id TEXT NOT NULL, seq INTEGER NOT NULL, account TEXT NOT NULL, currency TEXT NOT NULL, amount INTEGER NOT NULL, occurred_at TEXT NOT NULL,
                PRIMARY KEY (transaction_id, seq)) WITHOUT ROWID;
            CREATE INDEX ledger_entries_by_account_time ON ledger_entries (account, occurred_at, transaction_id, seq);
            CREATE INDEX ledger_entries_by_account_currency ON ledger_entries (account, currency, amount);

            CREATE TABLE payments (
                id TEXT PRIMARY KEY, version INTEGER NOT NULL, body TEXT NOT NULL,
                customer_id TEXT NOT NULL, state TEXT NOT NULL, provider_payment_id TEXT NOT NULL, review_at TEXT, captured_at TEXT) WITHOUT ROWID;
            CREATE UNIQUE INDEX payments_by_provider ON payments (provider_payment_id);
            CREATE INDEX payments_due ON payments (review_at) WHERE review_at IS NOT NULL;
            CREATE INDEX payments_by_customer ON payments (customer_id, captured_at DESC, id) WHERE captured_at IS NOT NULL;

            CREATE TABLE payment_profiles (id TEXT PRIMARY KEY, version INTEGER NOT NULL, body TEXT NOT NULL, provider_customer_id TEXT NOT NULL) WITHOUT ROWID;
            CREATE INDEX payment_profiles_by_provider ON payment_profiles (provider_customer_id);
            CREATE TABLE payout_accounts (id TEXT PRIMARY KEY, version INTEGER NOT NULL, body TEXT NOT NULL, connected_account_id TEXT NOT NULL) WITHOUT ROWID;
            CREATE UNIQUE INDEX payout_accounts_by_provider ON payout_accounts (connected_account_id);

            CREATE TABLE payouts (
                id TEXT PRIMARY KEY, version INTEGER NOT NULL, body TEXT NOT NULL,
                expert_id TEXT NOT NULL, state TEXT NOT NULL, connected_account_id TEXT NOT NULL, transfer_id TEXT, created_at TEXT NOT NULL) WITHOUT ROWID;
            CREATE INDEX payouts_by_expert ON payouts (expert_id, created_at DESC, id);
            CREATE INDEX payouts_by_state ON payouts (state, connected_account_id, created_at);
            CREATE INDEX payouts_by_transfer ON payouts (transfer_id) WHERE transfer_id IS NOT NULL;

            CREATE TABLE dispute_cases (id TEXT PRIMARY KEY, version INTEGER NOT NULL, body TEXT NOT NULL, outcome TEXT NOT NULL, opened_at TEXT NOT NULL) WITHOUT ROWID;
            CREATE INDEX dispute_cases_by_outcome ON dispute_cases (outcome, opened_at DESC, id);
            CREATE INDEX dispute_cases_by_time ON dispute_cases (opened_at DESC, id);

            CREATE TABLE subscriptions (id TEXT PRIMARY KEY, version INTEGER NOT NULL, body TEXT NOT NULL, customer_id TEXT NOT NULL, due_at TEXT) WITHOUT ROWID;
            CREATE INDEX subscriptions_due ON subscriptions (due_at) WHERE due_at IS NOT NULL;

            CREATE TABLE provider_events (id TEXT PRIMARY KEY, version INTEGER NOT NULL, body TEXT NOT NULL, processed_at TEXT NOT NULL) WITHOUT ROWID;

            -- The local payment sandbox's own state: what Stripe would hold.
            CREATE TABLE sandbox_customers (id TEXT PRIMARY KEY, version INTEGER NOT NULL, body TEXT NOT NULL) WITHOUT ROWID;
            CREATE TABLE sandbox_payment_intents (id TEXT PRIMARY KEY, version INTEGER NOT NULL, body TEXT NOT NULL, status TEXT NOT NULL, created_at TEXT NOT NULL) WITHOUT ROWID;
            CREATE INDEX sandbox_intents_by_status ON sandbox_payment_intents (status, created_at);
            CREATE TABLE sandbox_accounts (id TEXT PRIMARY KEY, version INTEGER NOT NULL, body TEXT NOT NULL) WITHOUT ROWID;
            CREATE TABLE sandbox_transfers (id TEXT PRIMARY KEY, version INTEGER NOT NULL, body TEXT NOT NULL, destination TEXT NOT NULL, paid_out INTEGER NOT NULL, created_at TEXT NOT NULL) WITHOUT ROWID;
            CREATE INDEX sandbox_transfers_unpaid ON sandbox_transfers (paid_out, created_at);
            CREATE TABLE sandbox_idempotency (id TEXT PRIMARY KEY, version INTEGER NOT NULL, body TEXT NOT NULL) WITHOUT ROWID;
            """),
        new(4, "lifecycle timers", """
            CREATE TABLE lifecycle_timers (
                aggregate_type TEXT NOT NULL, aggregate_id TEXT NOT NULL, due_at TEXT NOT NULL,
                PRIMARY KEY (aggregate_type, aggregate_id)) WITHOUT ROWID;
            CREATE INDEX lifecycle_timers_due ON lifecycle_timers (due_at);
            """),
        new(5, "premium services: offers, expert catalogues, private information, remote sessions", """
            CREATE TABLE offers (
                id TEXT PRIMARY KEY, version INTEGER NOT NULL, body TEXT NOT NULL,
                customer_id TEXT NOT NULL, expert_id TEXT NOT NULL, question_id TEXT NOT NULL, status TEXT NOT NULL, created_at TEXT NOT NULL) WITHOUT ROWID;
            CREATE INDEX offers_by_customer ON offers (customer_id, created_at DESC, id DESC);
            CREATE INDEX offers_by_expert ON offers (expert_id, created_at DESC, id DESC);
            CREATE INDEX offers_by_question ON offers (question_id);
            CREATE TABLE expert_catalogs (id TEXT PRIMARY KEY, version INTEGER NOT NULL, body TEXT NOT NULL) WITHOUT ROWID;
            -- Private information: its own table, read by point lookups of its parties and audited admins only.
            CREATE TABLE private_info (id TEXT PRIMARY KEY, version INTEGER NOT NULL, body TEXT NOT NULL) WITHOUT ROWID;
            CREATE TABLE remote_sessions (
                id TEXT PRIMARY KEY, version INTEGER NOT NULL, body TEXT NOT NULL, offer_id TEXT NOT NULL, started_at TEXT NOT NULL) WITHOUT ROWID;
            CREATE INDEX remote_sessions_by_offer ON remote_sessions (offer_id, started_at, id);
            """),
        new(6, "sessions and session links", """
            CREATE TABLE sessions (
                id TEXT PRIMARY KEY, version INTEGER NOT NULL, body TEXT NOT NULL,
                customer_id TEXT NOT NULL, expert_id TEXT NOT NULL, state TEXT NOT NULL, active INTEGER NOT NULL,
                created_at TEXT NOT NULL, connected INTEGER NOT NULL, billable_seconds INTEGER NOT NULL,
                earnings_minor INTEGER NOT NULL, currency TEXT NOT NULL) WITHOUT ROWID;
            CREATE INDEX sessions_by_customer ON sessions (customer_id, created_at, id);
            CREATE INDEX sessions_by_expert ON sessions (expert_id, created_at, id);
            CREATE INDEX sessions_active_by_expert ON sessions (expert_id, id) WHERE active = 1;
            CREATE TABLE session_links (
                id TEXT PRIMARY KEY, version INTEGER NOT NULL, body TEXT NOT NULL,
                expert_id TEXT NOT NULL, kind TEXT NOT NULL, created_at TEXT NOT NULL) WITHOUT ROWID;
            CREATE INDEX session_links_by_expert ON session_links (expert_id, kind, created_at);
            """),
        new(7, "scheduled runs, payment reports, ambassadors, question SLAs", """
            -- Runs of the weekly payouts and monthly reports, with their enumeration checkpoint (docs/payouts-and-reports.md).
            CREATE TABLE scheduled_runs (id TEXT PRIMARY KEY, version INTEGER NOT NULL, body TEXT NOT NULL, job TEXT NOT NULL, slot TEXT NOT NULL, enumerated_at TEXT) WITHOUT ROWID;
            CREATE INDEX scheduled_runs_unfinished ON scheduled_runs (job, slot) WHERE enumerated_at IS NULL;
            CREATE INDEX payouts_by_week ON payouts (json_extract(body, '$.week'), state);

            CREATE TABLE payment_reports (id TEXT PRIMARY KEY, version INTEGER NOT NULL, body TEXT NOT NULL, owner_id TEXT NOT NULL, period TEXT NOT NULL) WITHOUT ROWID;
            CREATE INDEX payment_reports_by_period ON payment_reports (period, owner_id);
            CREATE INDEX payment_reports_by_owner ON payment_reports (owner_id, period);
            -- Reports read a charge's kind and its payment's purpose for every line: covering indexes spare reading the
            -- transaction and payment documents themselves.
            CREATE INDEX ledger_transactions_kind ON ledger_transactions (id, kind);
            CREATE INDEX payments_purpose ON payments (id, json_extract(body, '$.purpose'));

            -- Ambassadors (docs/ambassadors-and-plans.md).
            CREATE TABLE referral_codes (id TEXT PRIMARY KEY, version INTEGER NOT NULL, body TEXT NOT NULL, ambassador_id TEXT NOT NULL, created_at TEXT NOT NULL) WITHOUT ROWID;
            CREATE INDEX referral_codes_by_ambassador ON referral_codes (ambassador_id, created_at);
            CREATE TABLE expert_referrals (id TEXT PRIMARY KEY, version INTEGER NOT NULL, body TEXT NOT NULL, ambassador_id TEXT NOT NULL, claimed_at TEXT NOT NULL) WITHOUT ROWID;
            CREATE INDEX expert_referrals_by_ambassador ON expert_referrals (ambassador_id, claimed_at);

            -- The SLA clock of each question: the experts' queue (waiting, earliest deadline first), the breach sweep
            -- and the SLA report (by time of asking).
            CREATE TABLE question_sla (
                id TEXT PRIMARY KEY, version INTEGER NOT NULL, body TEXT NOT NULL,
                plan_id TEXT NOT NULL, priority INTEGER NOT NULL, category_id TEXT NOT NULL, language TEXT NOT NULL, asker_id TEXT NOT NULL,
                min_rating REAL, asked_at TEXT NOT NULL, due_at TEXT NOT NULL, answered_at TEXT, closed_at TEXT, waiting INTEGER NOT NULL, breached INTEGER NOT NULL) WITHOUT ROWID;
            CREATE INDEX question_sla_queue ON question_sla (due_at, priority DESC, asked_at, id) WHERE waiting = 1;
            CREATE INDEX question_sla_breaches ON question_sla (due_at) WHERE waiting = 1 AND breached = 0;
            CREATE INDEX question_sla_by_asked ON question_sla (asked_at);
            """),
    ];
}
