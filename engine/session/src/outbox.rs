//! The durable outbox: every learner action becomes an xAPI statement that is written here,
//! on the session server's own disk, before the action is acknowledged; a sender passes
//! statements on to the portfolio store and removes each only once the store has committed
//! it. Statement ids are fixed when the statement is made, and the store takes a statement it
//! already holds again without a second copy, so a crash at any moment loses nothing that
//! was acknowledged and duplicates nothing.

use std::collections::HashMap;
use std::path::Path;
use std::str::FromStr;

use retki_portfolio::store::{Store, StoreError};
use serde_json::Value;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{ConnectOptions, Row};

use crate::code::SessionNo;
use crate::record::Commit;

/// What went wrong with the outbox.
#[derive(Debug, thiserror::Error)]
pub enum OutboxError {
    /// The outbox file could not be opened or written.
    #[error("the outbox: {0}")]
    Database(#[from] sqlx::Error),
    /// A statement with no `id` (the session layer always sets one).
    #[error("a statement without an id cannot go in the outbox")]
    NoId,
    /// The portfolio store could not take a batch (it stays in the outbox).
    #[error("the portfolio store: {0}")]
    Store(#[from] StoreError),
    /// What the outbox holds cannot be read back (written by another version, or damaged).
    #[error("the outbox holds what cannot be read: {0}")]
    Corrupt(String),
}

/// The page cache of each of the outbox's connections, KiB.
const OUTBOX_CACHE_KIB: u32 = 1024;

/// Statements waiting to reach the portfolio store.
#[derive(Clone, Debug)]
pub struct Outbox {
    pool: SqlitePool,
}

impl Outbox {
    /// Opens (or makes) the outbox at `path`. Every write is synced to disk before it returns
    /// (SQLite's WAL with `synchronous = FULL`).
    pub async fn open(path: &Path) -> Result<Self, OutboxError> {
        let options = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            // Rows stay only until the store has them: a small page cache is enough.
            .pragma("cache_size", format!("-{OUTBOX_CACHE_KIB}"))
            .disable_statement_logging();
        // The connections live as long as the outbox: a session server runs for hours, and a
        // reopened connection would start with a cold cache.
        let pool = SqlitePoolOptions::new()
            // One connection commits for the session server, one delivers to the store.
            .max_connections(2)
            .max_lifetime(None)
            .idle_timeout(None)
            .connect_with(options)
            .await?;
        sqlx::query(
            "CREATE TABLE IF NOT EXISTS outbox (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                id TEXT NOT NULL UNIQUE,
                body TEXT NOT NULL)",
        )
        .execute(&pool)
        .await?;
        sqlx::query(
            "CREATE TABLE IF NOT EXISTS outbox_rejected (
                id TEXT PRIMARY KEY,
                body TEXT NOT NULL,
                reason TEXT NOT NULL)",
        )
        .execute(&pool)
        .await?;
        sqlx::query(
            "CREATE TABLE IF NOT EXISTS design_ops (
                session INTEGER NOT NULL,
                seq INTEGER NOT NULL,
                body TEXT NOT NULL,
                PRIMARY KEY (session, seq))",
        )
        .execute(&pool)
        .await?;
        sqlx::query(
            "CREATE TABLE IF NOT EXISTS server_state (
                k INTEGER PRIMARY KEY CHECK (k = 1),
                body TEXT NOT NULL)",
        )
        .execute(&pool)
        .await?;
        Ok(Self { pool })
    }

    /// The server's last saved state, if any.
    pub async fn load_state(&self) -> Result<Option<Value>, OutboxError> {
        let row = sqlx::query("SELECT body FROM server_state WHERE k = 1")
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.and_then(|r| serde_json::from_str(r.get::<&str, _>(0)).ok()))
    }

    /// Stores `statement` and returns once it is on disk. The same statement pushed again
    /// (after a crash between storing and acknowledging) is kept once.
    pub async fn push(&self, statement: &Value) -> Result<(), OutboxError> {
        let id = statement["id"].as_str().ok_or(OutboxError::NoId)?;
        sqlx::query("INSERT OR IGNORE INTO outbox (id, body) VALUES (?, ?)")
            .bind(id)
            .bind(statement.to_string())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The sessions' design logs saved apart from the state, by session, in order.
    pub async fn load_design_logs(
        &self,
    ) -> Result<HashMap<SessionNo, Vec<retki_design::Operation>>, OutboxError> {
        let rows = sqlx::query("SELECT session, body FROM design_ops ORDER BY session, seq")
            .fetch_all(&self.pool)
            .await?;
        let mut logs: HashMap<SessionNo, Vec<retki_design::Operation>> = HashMap::new();
        for row in rows {
            let session = row.get::<i64, _>(0) as SessionNo;
            let op = serde_json::from_str(row.get::<&str, _>(1)).map_err(|e| {
                OutboxError::Corrupt(format!("design_ops of session {session}: {e}"))
            })?;
            logs.entry(session).or_default().push(op);
        }
        Ok(logs)
    }

    /// Stores what `commit` holds in one synced transaction: after a crash either all of it
    /// is there or none.
    pub async fn commit(&self, commit: &Commit<'_>) -> Result<(), OutboxError> {
        let mut tx = self.pool.begin().await?;
        for statement in commit.statements {
            let id = statement["id"].as_str().ok_or(OutboxError::NoId)?;
            sqlx::query("INSERT OR IGNORE INTO outbox (id, body) VALUES (?, ?)")
                .bind(id)
                .bind(statement.to_string())
                .execute(&mut *tx)
                .await?;
        }
        if let Some(state) = commit.state {
            sqlx::query("INSERT OR REPLACE INTO server_state (k, body) VALUES (1, ?)")
                .bind(state.to_owned())
                .execute(&mut *tx)
                .await?;
        }
        for row in commit.design_ops {
            sqlx::query("INSERT OR REPLACE INTO design_ops (session, seq, body) VALUES (?, ?, ?)")
                .bind(i64::from(row.session))
                .bind(row.seq as i64)
                .bind(row.body.as_str())
                .execute(&mut *tx)
                .await?;
        }
        for no in commit.ended {
            sqlx::query("DELETE FROM design_ops WHERE session = ?")
                .bind(i64::from(*no))
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The oldest `limit` statements still waiting.
    pub async fn pending(&self, limit: usize) -> Result<Vec<Value>, OutboxError> {
        let rows = sqlx::query("SELECT body FROM outbox ORDER BY seq LIMIT ?")
            .bind(limit as i64)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .iter()
            .filter_map(|row| serde_json::from_str(row.get::<&str, _>(0)).ok())
            .collect())
    }

    /// Removes statements the store has committed.
    pub async fn ack(&self, ids: &[&str]) -> Result<(), OutboxError> {
        let mut tx = self.pool.begin().await?;
        for id in ids {
            sqlx::query("DELETE FROM outbox WHERE id = ?")
                .bind(*id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// How many statements are waiting.
    pub async fn waiting(&self) -> Result<usize, OutboxError> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox")
            .fetch_one(&self.pool)
            .await?;
        Ok(n as usize)
    }

    /// Statements the store refused as invalid, with its reason: kept aside for an admin to
    /// look at, so one bad statement never holds up the rest.
    pub async fn rejected(&self) -> Result<Vec<(String, String)>, OutboxError> {
        let rows = sqlx::query("SELECT id, reason FROM outbox_rejected ORDER BY id")
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    /// Passes everything waiting to `store` in batches of `batch`, as `authority`, removing
    /// each batch once the store has committed it. Returns how many statements were
    /// delivered. A batch the store cannot take stays, and the error is returned; a statement
    /// the store refuses as invalid is set aside and the rest go on.
    pub async fn deliver(
        &self,
        store: &Store,
        authority: &Value,
        batch: usize,
    ) -> Result<usize, OutboxError> {
        let mut delivered = 0;
        loop {
            let statements = self.pending(batch.max(1)).await?;
            if statements.is_empty() {
                return Ok(delivered);
            }
            match store.insert(&statements, authority, &[]).await {
                Ok(_) => {
                    enrol(store, &statements).await?;
                    let ids: Vec<&str> =
                        statements.iter().filter_map(|s| s["id"].as_str()).collect();
                    self.ack(&ids).await?;
                    delivered += ids.len();
                }
                Err(
                    error @ (StoreError::Invalid { index, .. }
                    | StoreError::Conflict { index, .. }
                    | StoreError::VoidsVoiding { index, .. }),
                ) => {
                    self.set_aside(&statements[index], &error.to_string())
                        .await?
                }
                Err(other) => return Err(other.into()),
            }
        }
    }

    async fn set_aside(&self, statement: &Value, reason: &str) -> Result<(), OutboxError> {
        let id = statement["id"].as_str().ok_or(OutboxError::NoId)?;
        let mut tx = self.pool.begin().await?;
        sqlx::query("INSERT OR REPLACE INTO outbox_rejected (id, body, reason) VALUES (?, ?, ?)")
            .bind(id)
            .bind(statement.to_string())
            .bind(reason)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM outbox WHERE id = ?")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Puts the pupils who joined in `statements` in their session's class in the store (the
/// statement's team is `class-CLASS`), so their teacher sees what they did and their export
/// and erasure find them. A class whose name the store does not take as an id is left out,
/// with a warning: the statements themselves are stored all the same.
async fn enrol(store: &Store, statements: &[Value]) -> Result<(), OutboxError> {
    let pupils: std::collections::BTreeSet<(&str, &str)> = statements
        .iter()
        .filter(|s| s["verb"]["id"] == crate::statements::JOINED.id)
        .filter_map(|s| {
            let class = s["context"]["team"]["account"]["name"]
                .as_str()?
                .strip_prefix("class-")?;
            Some((class, s["actor"]["account"]["name"].as_str()?))
        })
        .collect();
    for (class, pupil) in pupils {
        match store.add_to_class(class, &[pupil.to_owned()], &[]).await {
            Ok(()) => {}
            Err(StoreError::Refused(why)) => {
                bevy::log::warn!("outbox: {pupil} is not put in class {class}: {why}");
            }
            Err(other) => return Err(other.into()),
        }
    }
    Ok(())
}
