//! Where statements are kept: SQLite (one file, nothing to start) or PostgreSQL (a district's
//! server), through one code path (sqlx's `Any` driver).
//!
//! A statement is stored exactly as it was sent, with the properties the store sets (`id` if
//! missing, `stored`, `authority`, `version`), beside the columns its queries filter on. A
//! batch is stored in one transaction: all of it or none of it.

use serde_json::{Value, json};
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, Row};

use crate::time::now_iso8601;
use crate::xapi::{self, Invalid, XAPI_VERSION};

/// The verb that voids another statement.
pub const VOIDED_VERB: &str = "http://adlnet.gov/expapi/verbs/voided";

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
    /// The database failed.
    #[error("the database: {0}")]
    Database(#[from] sqlx::Error),
}

/// A statement filter, as the xAPI `GET statements` resource takes it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Query {
    /// Only statements about this agent (its identifier, see [`agent_key`]), as actor or object.
    pub agent: Option<String>,
    /// Only statements with this verb id.
    pub verb: Option<String>,
    /// Only statements whose object is this activity id.
    pub activity: Option<String>,
    /// Only statements of this registration.
    pub registration: Option<String>,
    /// Only statements stored after this time (ISO 8601), exclusive.
    pub since: Option<String>,
    /// Only statements stored at or before this time (ISO 8601), inclusive.
    pub until: Option<String>,
    /// At most this many; 0 means the store's own limit.
    pub limit: usize,
    /// Oldest first instead of newest first.
    pub ascending: bool,
}

/// The most statements one query returns.
pub const MAX_PAGE: usize = 500;

/// A connection pool to the store.
#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
}

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
            .after_connect(move |connection, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        for pragma in [
                            "PRAGMA journal_mode = WAL",
                            "PRAGMA synchronous = FULL",
                            "PRAGMA foreign_keys = ON",
                            "PRAGMA busy_timeout = 5000",
                        ] {
                            sqlx::query(pragma).execute(&mut *connection).await?;
                        }
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await?;
        let store = Self { pool, backend };
        store.migrate().await?;
        Ok(store)
    }

    /// Which database this store is on.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    async fn migrate(&self) -> Result<(), StoreError> {
        let serial = match self.backend {
            Backend::Sqlite => "INTEGER PRIMARY KEY AUTOINCREMENT",
            Backend::Postgres => "BIGSERIAL PRIMARY KEY",
        };
        let tables = [
            format!(
                "CREATE TABLE IF NOT EXISTS statements (
                    seq {serial},
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
                )"
            ),
            "CREATE INDEX IF NOT EXISTS statements_registration ON statements (registration, stored)"
                .to_string(),
            "CREATE INDEX IF NOT EXISTS statements_actor ON statements (actor, stored)".to_string(),
            "CREATE INDEX IF NOT EXISTS statements_verb ON statements (verb, stored)".to_string(),
            "CREATE INDEX IF NOT EXISTS statements_activity ON statements (object_activity, stored)"
                .to_string(),
            "CREATE INDEX IF NOT EXISTS statements_stored ON statements (stored)".to_string(),
        ];
        for sql in tables {
            sqlx::query(&sql).execute(&self.pool).await?;
        }
        Ok(())
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

    /// Validates and stores `statements` as sent by `authority`, all or none, and returns their
    /// ids in order. A statement whose id is already stored with the same content is accepted
    /// again without a second copy.
    pub async fn insert(
        &self,
        statements: &[Value],
        authority: &Value,
    ) -> Result<Vec<String>, StoreError> {
        for (index, statement) in statements.iter().enumerate() {
            xapi::validate_statement(statement)
                .map_err(|invalid| StoreError::Invalid { index, invalid })?;
        }
        let stored = now_iso8601();
        let mut tx = self.pool.begin().await?;
        let mut ids = Vec::with_capacity(statements.len());
        for (index, statement) in statements.iter().enumerate() {
            let mut body = statement.clone();
            let id = match body.get("id").and_then(Value::as_str) {
                Some(id) => id.to_ascii_lowercase(),
                None => uuid::Uuid::new_v4().to_string(),
            };
            let existing: Option<String> =
                sqlx::query(&self.sql("SELECT body FROM statements WHERE id = ?"))
                    .bind(&id)
                    .fetch_optional(&mut *tx)
                    .await?
                    .map(|row| row.get::<String, _>(0));
            if let Some(existing) = existing {
                let existing: Value = serde_json::from_str(&existing).unwrap_or(Value::Null);
                if same_statement(&existing, statement) {
                    ids.push(id);
                    continue;
                }
                return Err(StoreError::Conflict { index, id });
            }
            let object = body.as_object_mut().expect("validated as an object");
            object.insert("id".into(), json!(id));
            object.insert("stored".into(), json!(stored));
            object.insert("authority".into(), authority.clone());
            object
                .entry("version")
                .or_insert_with(|| json!(XAPI_VERSION));
            object.entry("timestamp").or_insert_with(|| json!(stored));
            let target = &body["object"];
            let voids = (body["verb"]["id"] == VOIDED_VERB
                && target["objectType"] == "StatementRef")
                .then(|| {
                    target["id"]
                        .as_str()
                        .unwrap_or_default()
                        .to_ascii_lowercase()
                });
            if let Some(voided) = &voids {
                let target_voids: Option<Option<String>> =
                    sqlx::query(&self.sql("SELECT voids FROM statements WHERE id = ?"))
                        .bind(voided)
                        .fetch_optional(&mut *tx)
                        .await?
                        .map(|row| row.get::<Option<String>, _>(0));
                if matches!(target_voids, Some(Some(_))) {
                    return Err(StoreError::VoidsVoiding {
                        index,
                        target: voided.clone(),
                    });
                }
                sqlx::query(&self.sql("UPDATE statements SET voided = 1 WHERE id = ?"))
                    .bind(voided)
                    .execute(&mut *tx)
                    .await?;
            }
            let object_activity = match target.get("objectType").and_then(Value::as_str) {
                None | Some("Activity") => target["id"].as_str().map(str::to_string),
                _ => None,
            };
            let object_agent = match target.get("objectType").and_then(Value::as_str) {
                Some("Agent" | "Group") => agent_key(target),
                _ => None,
            };
            sqlx::query(&self.sql(
                "INSERT INTO statements
                    (id, stored, actor, verb, object_activity, object_agent, registration,
                     voided, voids, body)
                 VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)",
            ))
            .bind(&id)
            .bind(&stored)
            .bind(agent_key(&body["actor"]).unwrap_or_default())
            .bind(body["verb"]["id"].as_str().unwrap_or_default().to_string())
            .bind(object_activity)
            .bind(object_agent)
            .bind(
                body["context"]["registration"]
                    .as_str()
                    .map(str::to_ascii_lowercase),
            )
            .bind(voids)
            .bind(body.to_string())
            .execute(&mut *tx)
            .await?;
            ids.push(id);
        }
        tx.commit().await?;
        Ok(ids)
    }

    /// The statement with `id`: a voided one only when `voided` is true (as
    /// `voidedStatementId` asks), an unvoided one only when it is false.
    pub async fn get(&self, id: &str, voided: bool) -> Result<Option<Value>, StoreError> {
        let row = sqlx::query(&self.sql("SELECT body FROM statements WHERE id = ? AND voided = ?"))
            .bind(id.to_ascii_lowercase())
            .bind(i32::from(voided))
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.and_then(|row| serde_json::from_str(&row.get::<String, _>(0)).ok()))
    }

    /// The unvoided statements that match `query`, newest first unless it asks otherwise.
    pub async fn query(&self, query: &Query) -> Result<Vec<Value>, StoreError> {
        let mut sql = String::from("SELECT body FROM statements WHERE voided = 0");
        let mut binds: Vec<String> = Vec::new();
        if let Some(agent) = &query.agent {
            sql.push_str(" AND (actor = ? OR object_agent = ?)");
            binds.push(agent.clone());
            binds.push(agent.clone());
        }
        for (column, value) in [
            ("verb", &query.verb),
            ("object_activity", &query.activity),
            ("registration", &query.registration),
        ] {
            if let Some(value) = value {
                sql.push_str(&format!(" AND {column} = ?"));
                binds.push(if column == "registration" {
                    value.to_ascii_lowercase()
                } else {
                    value.clone()
                });
            }
        }
        if let Some(since) = &query.since {
            sql.push_str(" AND stored > ?");
            binds.push(since.clone());
        }
        if let Some(until) = &query.until {
            sql.push_str(" AND stored <= ?");
            binds.push(until.clone());
        }
        let order = if query.ascending { "ASC" } else { "DESC" };
        let limit = if query.limit == 0 {
            MAX_PAGE
        } else {
            query.limit.min(MAX_PAGE)
        };
        sql.push_str(&format!(" ORDER BY seq {order} LIMIT {limit}"));
        let sql = self.sql(&sql);
        let mut q = sqlx::query(&sql);
        for value in &binds {
            q = q.bind(value);
        }
        let rows = q.fetch_all(&self.pool).await?;
        Ok(rows
            .iter()
            .filter_map(|row| serde_json::from_str(&row.get::<String, _>(0)).ok())
            .collect())
    }

    /// How many statements are stored, voided ones included.
    pub async fn count(&self) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT COUNT(*) FROM statements")
            .fetch_one(&self.pool)
            .await?;
        Ok(row.get::<i64, _>(0))
    }
}

/// A text key for an Agent or Group's identifier, the same however the JSON was written:
/// `mbox:…`, `mbox_sha1sum:…`, `openid:…` or `account:HOMEPAGE|NAME`. `None` for an anonymous
/// Group.
pub fn agent_key(agent: &Value) -> Option<String> {
    if let Some(mbox) = agent["mbox"].as_str() {
        return Some(format!("mbox:{}", mbox.to_ascii_lowercase()));
    }
    if let Some(sum) = agent["mbox_sha1sum"].as_str() {
        return Some(format!("mbox_sha1sum:{}", sum.to_ascii_lowercase()));
    }
    if let Some(openid) = agent["openid"].as_str() {
        return Some(format!("openid:{openid}"));
    }
    let account = &agent["account"];
    match (account["homePage"].as_str(), account["name"].as_str()) {
        (Some(home), Some(name)) => Some(format!("account:{home}|{name}")),
        _ => None,
    }
}

/// Whether two statements with the same id say the same thing, leaving out what the store
/// sets (xAPI 1.0.3, Data 2.3.1: statement comparison).
fn same_statement(stored: &Value, sent: &Value) -> bool {
    let strip = |v: &Value| {
        let mut v = v.clone();
        if let Some(object) = v.as_object_mut() {
            for key in ["id", "stored", "authority", "version", "timestamp"] {
                object.remove(key);
            }
        }
        v
    };
    let stored_time = stored.get("timestamp");
    let sent_time = sent.get("timestamp");
    strip(stored) == strip(sent) && (sent_time.is_none() || stored_time == sent_time)
}
