//! Where the portfolio is kept: SQLite (one file, nothing to start) or PostgreSQL (a district's
//! server), through one code path (sqlx's `Any` driver).
//!
//! - [`statements`]: xAPI statements, stored exactly as sent with the properties the store
//!   sets, beside the columns and index tables their queries filter on; their attachments.
//! - [`documents`]: the xAPI State, Activity Profile and Agent Profile documents.
//! - [`people`]: learners (pseudonymous ids), classes, teachers, guardians, and the clients
//!   that sign in with a key and a secret.
//! - [`artefacts`]: what pupils made, teachers' feedback on it, and with whom it is shared.
//! - [`privacy`]: export and erasure of one learner, the retention purge, the admin log.

pub mod artefacts;
pub mod documents;
pub mod people;
pub mod privacy;
pub mod statements;

use std::time::Duration;

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, Row};

use crate::time::now_iso8601;
use crate::xapi::Invalid;

pub use statements::{MAX_PAGE, Query, VOIDED_VERB, agent_key};

/// Which database a store is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file.
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

/// What can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The address is not `sqlite://FILE` or `postgres://…`.
    #[error("'{0}' is not a store address: use sqlite://FILE or postgres://USER@HOST/DB")]
    Address(String),
    /// A statement broke a rule of the specification.
    #[error("statement {index}: {invalid}")]
    Invalid {
        /// Its place in the batch, from 0.
        index: usize,
        /// What is wrong.
        invalid: Invalid,
    },
    /// A statement has the id of a different statement already stored.
    #[error("statement {index}: id {id} is already used by a different statement")]
    Conflict {
        /// Its place in the batch, from 0.
        index: usize,
        /// The id.
        id: String,
    },
    /// Voiding a statement that is itself a voiding statement, which the specification forbids.
    #[error("statement {index}: it voids {target}, which is a voiding statement itself")]
    VoidsVoiding {
        /// Its place in the batch, from 0.
        index: usize,
        /// The id it tries to void.
        target: String,
    },
    /// An attachment a statement declares did not come with it, or came with other content.
    #[error("attachments[{index}]: {message}")]
    Attachment {
        /// The attachment's place in its statement, from 0.
        index: usize,
        /// What is wrong.
        message: String,
    },
    /// A request names something the store does not have, or asks what it cannot answer.
    #[error("{0}")]
    Refused(String),
    /// A document changed since the client read it (its ETag differs), or a client overwrote
    /// one without saying which version it had.
    #[error("{0}")]
    Precondition(String),
    /// A write would replace a document the client did not say it had read.
    #[error("{0}")]
    Exists(String),
    /// The transaction that held the write could not be committed; nothing was stored.
    #[error("the write could not be committed: {0}")]
    Commit(String),
    /// The database failed.
    #[error("the database: {0}")]
    Database(#[from] sqlx::Error),
}

/// A connection pool to the store.
#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// Where statement writes queue for the writer task; `None` in the writer's own copy.
    writer: Option<tokio::sync::mpsc::Sender<statements::Job>>,
    /// The `stored` time (milliseconds) of the write being committed, if one is: statements
    /// stored at or after it may not be visible yet.
    in_flight: std::sync::Arc<std::sync::Mutex<Option<i64>>>,
    /// Statement writes announced and not yet answered.
    underway: std::sync::Arc<statements::Underway>,
    /// How much one pupil's artefacts may hold.
    artefact_quota: artefacts::ArtefactQuota,
}

/// The schema, one step per version; a store is brought up to the last at open. Steps are
/// never edited once released, only added.
const MIGRATIONS: &[&[&str]] = &[
    // 1: statements.
    &[
        "CREATE TABLE IF NOT EXISTS statements (
            seq SERIAL,
            id TEXT NOT NULL UNIQUE,
            stored TEXT NOT NULL,
            actor TEXT NOT NULL,
            verb TEXT NOT NULL,
            object_activity TEXT,
            object_agent TEXT,
            registration TEXT,
            voided INTEGER NOT NULL DEFAULT 0,
            voids TEXT,
            body TEXT NOT NULL
        )",
        "CREATE INDEX IF NOT EXISTS statements_registration ON statements (registration, stored)",
        "CREATE INDEX IF NOT EXISTS statements_actor ON statements (actor, stored)",
        "CREATE INDEX IF NOT EXISTS statements_verb ON statements (verb, stored)",
        "CREATE INDEX IF NOT EXISTS statements_activity ON statements (object_activity, stored)",
        "CREATE INDEX IF NOT EXISTS statements_stored ON statements (stored)",
    ],
    // 2: everything else of the portfolio.
    &[
        "ALTER TABLE statements ADD COLUMN object_ref TEXT",
        // Only statements that target another are in it: few, so cheap to keep up.
        "CREATE INDEX statements_object_ref ON statements (object_ref)
            WHERE object_ref IS NOT NULL",
        // Answers are in sequence order, so (registration, seq) replaces (registration, stored).
        "CREATE INDEX statements_registration_seq ON statements (registration, seq)",
        "DROP INDEX statements_registration",
        // Every agent a statement names, for the agent filters and for finding a learner's
        // statements; `relation` says how it is named (0: actor or object, 1: elsewhere, as
        // related_agents finds it, 2: member of a named group); `learner` is the account name
        // where the agent is an account.
        "CREATE TABLE statement_agents (
            statement_seq BIGINT NOT NULL,
            agent TEXT NOT NULL,
            relation INTEGER NOT NULL,
            learner TEXT
        )",
        "CREATE INDEX statement_agents_agent ON statement_agents (agent, relation, statement_seq)",
        // The agent filter reads statement_agents, so the actor column needs no index of its
        // own (one index fewer to write for every statement).
        "DROP INDEX statements_actor",
        "CREATE INDEX statement_agents_learner ON statement_agents (learner)",
        // Every activity a statement names, for related_activities.
        "CREATE TABLE statement_activities (
            statement_seq BIGINT NOT NULL,
            activity TEXT NOT NULL
        )",
        "CREATE INDEX statement_activities_activity ON statement_activities (activity, statement_seq)",
        // The latest definition of each activity, for GET activities.
        "CREATE TABLE activities (id TEXT PRIMARY KEY, definition TEXT NOT NULL)",
        "CREATE TABLE attachments (
            sha2 TEXT PRIMARY KEY,
            content_type TEXT NOT NULL,
            content BLOB NOT NULL
        )",
        "CREATE TABLE statement_attachments (statement_seq BIGINT NOT NULL, sha2 TEXT NOT NULL)",
        "CREATE INDEX statement_attachments_statement ON statement_attachments (statement_seq)",
        // State, Activity Profile and Agent Profile documents; '' where a key does not apply.
        "CREATE TABLE documents (
            kind TEXT NOT NULL,
            activity TEXT NOT NULL,
            agent TEXT NOT NULL,
            registration TEXT NOT NULL,
            document_id TEXT NOT NULL,
            learner TEXT,
            content_type TEXT NOT NULL,
            content BLOB NOT NULL,
            etag TEXT NOT NULL,
            updated TEXT NOT NULL,
            PRIMARY KEY (kind, activity, agent, registration, document_id)
        )",
        "CREATE INDEX documents_learner ON documents (learner)",
        "CREATE TABLE IF NOT EXISTS clients (
            seq SERIAL,
            name TEXT NOT NULL UNIQUE,
            key TEXT NOT NULL UNIQUE,
            secret_sha256 TEXT NOT NULL,
            created TEXT NOT NULL
        )",
        "ALTER TABLE clients ADD COLUMN role TEXT NOT NULL DEFAULT 'service'",
        "ALTER TABLE clients ADD COLUMN subject TEXT",
        "CREATE TABLE learners (id TEXT PRIMARY KEY, created TEXT NOT NULL)",
        // Only where the school maps its pseudonymous ids to names.
        "CREATE TABLE learner_names (learner TEXT PRIMARY KEY, name TEXT NOT NULL)",
        "CREATE TABLE class_pupils (class TEXT NOT NULL, learner TEXT NOT NULL,
            PRIMARY KEY (class, learner))",
        "CREATE INDEX class_pupils_learner ON class_pupils (learner)",
        "CREATE TABLE class_teachers (class TEXT NOT NULL, teacher TEXT NOT NULL,
            PRIMARY KEY (class, teacher))",
        "CREATE TABLE guardians (guardian TEXT NOT NULL, learner TEXT NOT NULL,
            PRIMARY KEY (guardian, learner))",
        "CREATE INDEX guardians_learner ON guardians (learner)",
        "CREATE TABLE artefacts (
            id TEXT PRIMARY KEY,
            learner TEXT NOT NULL,
            class TEXT NOT NULL,
            session TEXT NOT NULL,
            kind TEXT NOT NULL,
            title TEXT NOT NULL,
            content_type TEXT NOT NULL,
            content BLOB NOT NULL,
            statements TEXT NOT NULL,
            sharing TEXT NOT NULL,
            created TEXT NOT NULL
        )",
        "CREATE INDEX artefacts_learner ON artefacts (learner)",
        "CREATE INDEX artefacts_class ON artefacts (class)",
        "CREATE TABLE feedback (
            id TEXT PRIMARY KEY,
            artefact TEXT NOT NULL,
            teacher TEXT NOT NULL,
            text TEXT NOT NULL,
            created TEXT NOT NULL
        )",
        "CREATE INDEX feedback_artefact ON feedback (artefact)",
        // What admins did that the records must show: erasures and purges.
        "CREATE TABLE admin_log (
            seq SERIAL,
            at TEXT NOT NULL,
            admin TEXT NOT NULL,
            action TEXT NOT NULL,
            detail TEXT NOT NULL
        )",
    ],
    // 3: secrets the store keeps for itself (the key of the erasure log's marks).
    &["CREATE TABLE store_secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL)"],
];

impl Store {
    /// Opens (creating if needed) the store at `url` and brings its tables up to date.
    ///
    /// SQLite runs in WAL mode with `synchronous = FULL`: a write is acknowledged only once it
    /// is in the log on disk, so an acknowledged statement survives the process being killed
    /// and the machine losing power (NORMAL would risk the last transactions on power loss).
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Backend::Postgres
        } else {
            return Err(StoreError::Address(url.to_string()));
        };
        let url = match backend {
            Backend::Sqlite if !url.contains('?') => format!("{url}?mode=rwc"),
            _ => url.to_string(),
        };
        let pool = AnyPoolOptions::new()
            .max_connections(match backend {
                // One writer at a time is what SQLite allows anyway.
                Backend::Sqlite => 4,
                Backend::Postgres => 16,
            })
            // SQLite's connections are kept for the life of the store: a new one would start
            // with a cold page cache and map the file again. PostgreSQL's are recycled (sqlx's
            // defaults) so that its server-side memory is returned now and then.
            .max_lifetime(match backend {
                Backend::Sqlite => None,
                Backend::Postgres => Some(Duration::from_secs(30 * 60)),
            })
            .idle_timeout(match backend {
                Backend::Sqlite => None,
                Backend::Postgres => Some(Duration::from_secs(10 * 60)),
            })
            .after_connect(move |connection, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        for pragma in [
                            "PRAGMA journal_mode = WAL",
                            "PRAGMA synchronous = FULL",
                            "PRAGMA foreign_keys = ON",
                            "PRAGMA busy_timeout = 5000",
                            // 64 MiB of pages kept in memory, and the file mapped, so index
                            // pages are not read again from the OS for every batch.
                            "PRAGMA cache_size = -65536",
                            "PRAGMA mmap_size = 268435456",
                            // Checkpoint every 64 MiB of log rather than every 4 MiB: an
                            // index page changed by many commits is copied to the file once.
                            "PRAGMA wal_autocheckpoint = 16384",
                        ] {
                            sqlx::query(pragma).execute(&mut *connection).await?;
                        }
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await?;
        let mut store = Self {
            pool,
            backend,
            writer: None,
            in_flight: Default::default(),
            underway: std::sync::Arc::new(statements::Underway::new()),
            artefact_quota: artefacts::ArtefactQuota::default(),
        };
        store.migrate().await?;
        store.writer = Some(statements::start_writer(store.clone()));
        Ok(store)
    }

    /// This store with `quota` for each pupil's artefacts instead of the default.
    pub fn with_artefact_quota(mut self, quota: artefacts::ArtefactQuota) -> Self {
        self.artefact_quota = quota;
        self
    }

    /// Which database this store is on.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Refreshes the statistics the database plans queries with, as PostgreSQL's autovacuum
    /// does in time; worth running after loading many statements at once.
    pub async fn analyze(&self) -> Result<(), StoreError> {
        sqlx::query("ANALYZE").execute(&self.pool).await?;
        Ok(())
    }

    /// Which schema version the store is at.
    pub async fn schema_version(&self) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")
            .fetch_one(&self.pool)
            .await?;
        Ok(row.get::<i64, _>(0))
    }

    /// Runs the migrations the store has not had, each in one transaction.
    async fn migrate(&self) -> Result<(), StoreError> {
        sqlx::query(
            "CREATE TABLE IF NOT EXISTS schema_migrations (
                version BIGINT PRIMARY KEY,
                applied TEXT NOT NULL
            )",
        )
        .execute(&self.pool)
        .await?;
        let at = self.schema_version().await?;
        for (version, steps) in (1..).zip(MIGRATIONS) {
            if version <= at {
                continue;
            }
            let mut tx = self.pool.begin().await?;
            for step in *steps {
                sqlx::query(&self.dialect(step)).execute(&mut *tx).await?;
            }
            sqlx::query(
                &self.sql("INSERT INTO schema_migrations (version, applied) VALUES (?, ?)"),
            )
            .bind(version)
            .bind(now_iso8601())
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            if version == 2 {
                self.index_existing_statements().await?;
            }
        }
        Ok(())
    }

    /// A schema statement in this backend's words: the auto-numbered key and byte columns.
    fn dialect(&self, ddl: &str) -> String {
        match self.backend {
            Backend::Sqlite => ddl.replace("SERIAL", "INTEGER PRIMARY KEY AUTOINCREMENT"),
            Backend::Postgres => ddl
                .replace("SERIAL", "BIGSERIAL PRIMARY KEY")
                .replace("BLOB", "BYTEA"),
        }
    }

    /// `sql` with its `?` placeholders written as this backend wants them.
    fn sql(&self, sql: &str) -> String {
        match self.backend {
            Backend::Sqlite => sql.to_string(),
            Backend::Postgres => {
                let mut out = String::with_capacity(sql.len() + 8);
                let mut n = 0;
                for c in sql.chars() {
                    if c == '?' {
                        n += 1;
                        out.push('$');
                        out.push_str(&n.to_string());
                    } else {
                        out.push(c);
                    }
                }
                out
            }
        }
    }
}

/// HMAC-SHA-256 (RFC 2104) of `bytes` under `key`, in lower-case hexadecimal.
pub fn hmac_sha256_hex(key: &[u8], bytes: &[u8]) -> String {
    use hmac::Mac;
    let mut mac =
        hmac::Hmac::<sha2::Sha256>::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(bytes);
    hex(&mac.finalize().into_bytes())
}

/// SHA-256 of `bytes`, in lower-case hexadecimal.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex(&sha2::Sha256::digest(bytes))
}

/// `bytes` in lower-case hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares without stopping at the first difference, so timing tells nothing of a secret.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
