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
    ];
}
