//! Statements: stored exactly as sent, with the properties the store sets (`id` if missing,
//! `stored`, `authority`, `version`, `timestamp`), beside the columns and index tables the xAPI
//! filters use. A batch is stored in one transaction: all of it or none of it.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sqlx::{AnyConnection, Row};
use tokio::sync::{mpsc, oneshot};

use super::{Backend, Store, StoreError};
use crate::time::{iso8601, now_millis, parse_iso8601};
pub use crate::xapi::validate::VOIDED_VERB;
use crate::xapi::{self, XAPI_VERSION};

/// The most statements one page of an answer holds.
pub const MAX_PAGE: usize = 500;

/// A statement filter, as the xAPI `GET statements` resource takes it, and where a page of
/// the answer continues.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Query {
    /// Only statements about this agent (its identifier, see [`agent_key`]), as actor or
    /// object; with `related_agents`, anywhere in the statement.
    pub agent: Option<String>,
    /// Only statements with this verb id.
    pub verb: Option<String>,
    /// Only statements whose object is this activity id; with `related_activities`, also
    /// those with it in their context.
    pub activity: Option<String>,
    /// Only statements of this registration.
    pub registration: Option<String>,
    /// Only statements stored after this time (ISO 8601), exclusive.
    pub since: Option<String>,
    /// Only statements stored at or before this time (ISO 8601), inclusive.
    pub until: Option<String>,
    /// Widen `activity` to the statement's context activities and sub-statement.
    pub related_activities: bool,
    /// Widen `agent` to authority, instructor, team and the sub-statement.
    pub related_agents: bool,
    /// At most this many; 0 means [`MAX_PAGE`].
    pub limit: usize,
    /// Oldest first instead of newest first.
    pub ascending: bool,
    /// Only statements that name one of these learners: an access rule, not an xAPI filter,
    /// so never written into a `more` link.
    #[serde(skip)]
    pub learners: Option<Vec<String>>,
    /// Continue after the statement with this sequence number (a `more` link).
    pub after: Option<i64>,
    /// See only statements up to this sequence number, so every page of one answer sees the
    /// store as the first did.
    pub through: Option<i64>,
}

/// One page of an answer.
#[derive(Clone, Debug, PartialEq)]
pub struct Page {
    /// The statements, each with its sequence number in the store.
    pub statements: Vec<(i64, Value)>,
    /// The query that gives the next page, if there is one.
    pub next: Option<Query>,
}

/// An attachment's content, as it came in a multipart request or goes out in one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attachment {
    /// Its SHA-2 hash in hexadecimal, as the statement declares it.
    pub sha2: String,
    /// Its media type.
    pub content_type: String,
    /// The bytes.
    pub content: Vec<u8>,
}

/// A write waiting for the writer: statements already validated, and where to answer.
pub(super) struct Job {
    statements: Vec<Value>,
    authority: Value,
    attachments: Vec<Attachment>,
    reply: oneshot::Sender<Result<Vec<String>, StoreError>>,
}

/// Statements to store, each with the authority that sent it, and the attachment contents
/// that came with them.
struct Rows {
    statements: Vec<(Value, Value)>,
    attachments: Vec<Attachment>,
}

impl Rows {
    fn of(jobs: &[Job]) -> Self {
        Self {
            statements: jobs
                .iter()
                .flat_map(|job| {
                    job.statements
                        .iter()
                        .map(|s| (s.clone(), job.authority.clone()))
                })
                .collect(),
            attachments: jobs
                .iter()
                .flat_map(|job| job.attachments.iter().cloned())
                .collect(),
        }
    }

    fn take(job: &mut Job) -> Self {
        let authority = job.authority.clone();
        Self {
            statements: std::mem::take(&mut job.statements)
                .into_iter()
                .map(|s| (s, authority.clone()))
                .collect(),
            attachments: std::mem::take(&mut job.attachments),
        }
    }
}

/// The most statements one commit of the writer holds.
const GROUP_STATEMENTS: usize = 5_000;

/// Below this many statements held, the writer waits a moment for more writes before it
/// commits: concurrent single POSTs then share one disk flush. A batch this large pays for
/// its flush itself.
const GATHER_BELOW: usize = 64;

/// The longest the writer waits for more writes, from the first it holds, unless the store
/// is told otherwise ([`Store::with_gather_window`]): under one disk flush.
pub const GATHER_WINDOW: Duration = Duration::from_millis(2);

/// Statement writes a server has begun to take and not yet answered, and the writer's
/// commits so far.
#[derive(Debug, Default)]
pub(super) struct Underway {
    count: AtomicUsize,
    commits: AtomicU64,
    /// How long the writer waits for more writes, microseconds.
    window_us: AtomicU64,
}

impl Underway {
    pub(super) fn new() -> Self {
        Self {
            window_us: AtomicU64::new(GATHER_WINDOW.as_micros() as u64),
            ..Self::default()
        }
    }
}

/// A statement write announced to the store ([`Store::announce_write`]); it counts until
/// dropped.
#[derive(Debug)]
pub struct AnnouncedWrite(Arc<Underway>);

impl Drop for AnnouncedWrite {
    fn drop(&mut self) {
        self.0.count.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Starts the task that does every statement write: it takes the writes waiting, stores each
/// within its own savepoint (so one refused write leaves the others), and commits them
/// together, answering each only once the commit is durable. Concurrent single POSTs then
/// share one disk flush instead of paying one each (group commit), and SQLite never sees two
/// writers race.
///
/// Small writes wait a moment for company, as PostgreSQL's `commit_delay` does: for as many
/// writes as the last commit held, or as are announced now (those whose bodies are being read,
/// and those just answered, whose clients are about to send the next), whichever is more, but
/// never longer than the window. Without it, eight clients posting one statement at a time
/// settle into two groups of four that take turns, each paying a flush.
pub(super) fn start_writer(store: Store) -> mpsc::Sender<Job> {
    let (sender, mut queue) = mpsc::channel::<Job>(1024);
    tokio::spawn(async move {
        let mut last_group = 1;
        while let Some(first) = queue.recv().await {
            let expected = last_group.max(store.underway.count.load(Ordering::SeqCst));
            let window = store.underway.window_us.load(Ordering::SeqCst);
            let deadline = tokio::time::Instant::now() + Duration::from_micros(window);
            let mut count = first.statements.len();
            let mut jobs = vec![first];
            loop {
                while count < GROUP_STATEMENTS {
                    match queue.try_recv() {
                        Ok(job) => {
                            count += job.statements.len();
                            jobs.push(job);
                        }
                        Err(_) => break,
                    }
                }
                if count >= GATHER_BELOW || jobs.len() >= expected {
                    break;
                }
                match tokio::time::timeout_at(deadline, queue.recv()).await {
                    Ok(Some(job)) => {
                        count += job.statements.len();
                        jobs.push(job);
                    }
                    Ok(None) | Err(_) => break,
                }
            }
            last_group = jobs.len();
            store.write_group(jobs).await;
        }
    });
    sender
}

impl Store {
    /// How many groups of writes the writer has begun to commit since the store was opened
    /// (each answered once committed): fewer than the writes when concurrent ones share one.
    pub fn commits(&self) -> u64 {
        self.underway.commits.load(Ordering::SeqCst)
    }

    /// This store with its writer waiting at most `window` for announced writes before it
    /// commits what it holds (default [`GATHER_WINDOW`]).
    pub fn with_gather_window(self, window: Duration) -> Self {
        let micros = u64::try_from(window.as_micros()).unwrap_or(u64::MAX);
        self.underway.window_us.store(micros, Ordering::SeqCst);
        self
    }

    /// Tells the writer that a statement write is on its way (a request whose body is being
    /// read), so that it may wait for it to commit it with others; keep the answer until the
    /// request is answered.
    pub fn announce_write(&self) -> AnnouncedWrite {
        self.underway.count.fetch_add(1, Ordering::SeqCst);
        AnnouncedWrite(self.underway.clone())
    }

    /// Validates and stores `statements` as sent by `authority`, all or none, with the
    /// attachment contents that came with them, and returns their ids in order. A statement
    /// whose id is already stored with the same content is accepted again without a second
    /// copy. Returns once the write is committed.
    pub async fn insert(
        &self,
        statements: &[Value],
        authority: &Value,
        attachments: &[Attachment],
    ) -> Result<Vec<String>, StoreError> {
        for (index, statement) in statements.iter().enumerate() {
            xapi::validate_statement(statement)
                .map_err(|invalid| StoreError::Invalid { index, invalid })?;
        }
        let mut ids = HashSet::new();
        for (index, statement) in statements.iter().enumerate() {
            let id = statement["id"].as_str().map(str::to_ascii_lowercase);
            if id.is_some_and(|id| !ids.insert(id)) {
                return Err(StoreError::Invalid {
                    index,
                    invalid: xapi::Invalid {
                        field: "id".into(),
                        message: "an earlier statement of the batch has the same id".into(),
                    },
                });
            }
        }
        check_attachments(statements, attachments)?;
        let mut statements = statements.to_vec();
        statements.iter_mut().for_each(xapi::validate::normalise);
        let writer = self
            .writer
            .as_ref()
            .ok_or_else(|| StoreError::Commit("the writer cannot queue writes".into()))?;
        let (reply, answer) = oneshot::channel();
        let stopped = || StoreError::Commit("the store's writer has stopped".into());
        writer
            .send(Job {
                statements,
                authority: authority.clone(),
                attachments: attachments.to_vec(),
                reply,
            })
            .await
            .map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }

    /// Stores a group of writes in one transaction and answers them once it is committed:
    /// all of them together where that works, otherwise each within its own savepoint, so
    /// one refused write leaves the others.
    async fn write_group(&self, mut jobs: Vec<Job>) {
        self.underway.commits.fetch_add(1, Ordering::SeqCst);
        let fail_all = |jobs: Vec<Job>, message: String| {
            for job in jobs {
                let _ = job.reply.send(Err(StoreError::Commit(message.clone())));
            }
        };
        let mut connection = match self.pool.acquire().await {
            Ok(connection) => connection,
            Err(e) => return fail_all(jobs, e.to_string()),
        };
        // SQLite: take the write lock at once, so no other writer can slip in between this
        // transaction's reads and writes.
        let begin = match self.backend {
            Backend::Sqlite => "BEGIN IMMEDIATE",
            Backend::Postgres => "BEGIN",
        };
        if let Err(e) = sqlx::query(begin).execute(&mut *connection).await {
            return fail_all(jobs, e.to_string());
        }
        let now = now_millis();
        let stored = iso8601(now);
        self.set_in_flight(Some(now));
        let mut answers: Vec<(oneshot::Sender<_>, Result<Vec<String>, StoreError>)> = Vec::new();
        if jobs.len() == 1 {
            let mut job = jobs.pop().expect("one job");
            let result = self
                .insert_rows(&mut connection, Rows::take(&mut job), &stored)
                .await;
            if result.is_err() {
                let _ = sqlx::query("ROLLBACK").execute(&mut *connection).await;
                self.set_in_flight(None);
                let _ = job.reply.send(result);
                return;
            }
            answers.push((job.reply, result));
        } else {
            let together = self
                .insert_in_savepoint(&mut connection, Rows::of(&jobs), &stored)
                .await;
            match together {
                Ok(Ok(mut ids)) => {
                    for job in jobs {
                        let rest = ids.split_off(job.statements.len());
                        answers.push((job.reply, Ok(std::mem::replace(&mut ids, rest))));
                    }
                }
                // Some write was refused: each on its own, so it leaves the others.
                _ => {
                    for mut job in jobs {
                        let result = self
                            .insert_in_savepoint(&mut connection, Rows::take(&mut job), &stored)
                            .await;
                        match result {
                            Ok(result @ Ok(_)) => answers.push((job.reply, result)),
                            Ok(refused) => {
                                let _ = job.reply.send(refused);
                            }
                            Err(e) => {
                                let _ = job.reply.send(Err(StoreError::Database(e)));
                            }
                        }
                    }
                }
            }
        }
        let committed = sqlx::query("COMMIT").execute(&mut *connection).await;
        self.set_in_flight(None);
        match committed {
            Ok(_) => {
                for (reply, result) in answers {
                    let _ = reply.send(result);
                }
            }
            Err(e) => {
                let _ = sqlx::query("ROLLBACK").execute(&mut *connection).await;
                for (reply, _) in answers {
                    let _ = reply.send(Err(StoreError::Commit(e.to_string())));
                }
            }
        }
    }

    fn set_in_flight(&self, stored: Option<i64>) {
        if let Ok(mut in_flight) = self.in_flight.lock() {
            *in_flight = stored;
        }
    }

    /// The time up to which every statement stored is visible to queries (xAPI's
    /// `X-Experience-API-Consistent-Through`): now, or just before the write being committed.
    pub fn consistent_through(&self) -> String {
        let now = now_millis();
        let in_flight = self.in_flight.lock().ok().and_then(|t| *t);
        iso8601(match in_flight {
            Some(stored) => now.min(stored - 1),
            None => now,
        })
    }

    /// Stores `rows` within a savepoint, which is rolled back if they are refused. The outer
    /// error is the database failing at the savepoint itself.
    async fn insert_in_savepoint(
        &self,
        connection: &mut AnyConnection,
        rows: Rows,
        stored: &str,
    ) -> Result<Result<Vec<String>, StoreError>, sqlx::Error> {
        sqlx::query("SAVEPOINT rows")
            .execute(&mut *connection)
            .await?;
        let result = self.insert_rows(connection, rows, stored).await;
        if result.is_err() {
            sqlx::query("ROLLBACK TO SAVEPOINT rows")
                .execute(&mut *connection)
                .await?;
        }
        sqlx::query("RELEASE SAVEPOINT rows")
            .execute(&mut *connection)
            .await?;
        Ok(result)
    }

    /// Stores one write's statements with a few multi-row statements.
    async fn insert_rows(
        &self,
        connection: &mut AnyConnection,
        rows_in: Rows,
        stored: &str,
    ) -> Result<Vec<String>, StoreError> {
        let ids: Vec<String> = rows_in
            .statements
            .iter()
            .map(|(s, _)| match s.get("id").and_then(Value::as_str) {
                Some(id) => id.to_ascii_lowercase(),
                None => time_ordered_id(),
            })
            .collect();
        let mut existing: HashMap<String, String> = HashMap::new();
        for chunk in ids.chunks(500) {
            let sql = format!(
                "SELECT id, body FROM statements WHERE id IN ({})",
                marks(chunk.len())
            );
            let sql = self.sql(&sql);
            let mut q = sqlx::query(&sql);
            for id in chunk {
                q = q.bind(id);
            }
            for row in q.fetch_all(&mut *connection).await? {
                existing.insert(row.get(0), row.get(1));
            }
        }
        let mut rows: Vec<(usize, Value)> = Vec::new();
        for (index, ((mut body, authority), id)) in
            rows_in.statements.into_iter().zip(&ids).enumerate()
        {
            if let Some(stored_body) = existing.get(id) {
                let stored_body: Value = serde_json::from_str(stored_body).unwrap_or(Value::Null);
                if same_statement(&stored_body, &body) {
                    continue;
                }
                return Err(StoreError::Conflict {
                    index,
                    id: id.clone(),
                });
            }
            let object = body.as_object_mut().expect("validated as an object");
            object.insert("id".into(), json!(id));
            object.insert("stored".into(), json!(stored));
            object.insert("authority".into(), authority);
            object
                .entry("version")
                .or_insert_with(|| json!(XAPI_VERSION));
            object.entry("timestamp").or_insert_with(|| json!(stored));
            rows.push((index, body));
        }
        // The statements, 100 rows to an INSERT.
        let mut seqs: HashMap<String, i64> = HashMap::new();
        for chunk in rows.chunks(100) {
            let sql = format!(
                "INSERT INTO statements
                    (id, stored, actor, verb, object_activity, object_agent, registration,
                     voided, voids, object_ref, body)
                 VALUES {}
                 RETURNING seq, id",
                vec!["(?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)"; chunk.len()].join(", ")
            );
            let sql = self.sql(&sql);
            let mut q = sqlx::query(&sql);
            for (_, body) in chunk {
                let columns = Columns::of(body);
                q = q
                    .bind(body["id"].as_str().unwrap_or_default().to_string())
                    .bind(stored.to_string())
                    .bind(columns.actor)
                    .bind(columns.verb)
                    .bind(columns.object_activity)
                    .bind(columns.object_agent)
                    .bind(columns.registration)
                    .bind(columns.voids)
                    .bind(columns.object_ref)
                    .bind(body.to_string());
            }
            for row in q.fetch_all(&mut *connection).await? {
                seqs.insert(row.get(1), row.get(0));
            }
        }
        // Voiding, once the whole batch is in, so a batch may void its own statements.
        for (index, body) in &rows {
            let Some(target) = Columns::of(body).voids else {
                continue;
            };
            let target_voids: Option<Option<String>> =
                sqlx::query(&self.sql("SELECT voids FROM statements WHERE id = ?"))
                    .bind(&target)
                    .fetch_optional(&mut *connection)
                    .await?
                    .map(|row| row.get::<Option<String>, _>(0));
            if matches!(target_voids, Some(Some(_))) {
                return Err(StoreError::VoidsVoiding {
                    index: *index,
                    target,
                });
            }
            sqlx::query(&self.sql("UPDATE statements SET voided = 1 WHERE id = ?"))
                .bind(&target)
                .execute(&mut *connection)
                .await?;
        }
        let numbered: Vec<(i64, &Value)> = rows
            .iter()
            .filter_map(|(_, body)| Some((*seqs.get(body["id"].as_str()?)?, body)))
            .collect();
        self.index_statements(connection, &numbered).await?;
        for (seq, body) in &numbered {
            self.link_attachments(connection, *seq, body, &rows_in.attachments)
                .await?;
        }
        Ok(ids)
    }

    /// Keeps the contents of the attachments `body` declares that came with it.
    async fn link_attachments(
        &self,
        connection: &mut AnyConnection,
        seq: i64,
        body: &Value,
        attachments: &[Attachment],
    ) -> Result<(), StoreError> {
        for declared in body["attachments"].as_array().into_iter().flatten() {
            let Some(sha2) = declared["sha2"].as_str() else {
                continue;
            };
            let Some(content) = attachments
                .iter()
                .find(|a| a.sha2.eq_ignore_ascii_case(sha2))
            else {
                continue;
            };
            let sha2 = sha2.to_ascii_lowercase();
            sqlx::query(&self.sql(
                "INSERT INTO attachments (sha2, content_type, content) VALUES (?, ?, ?)
                 ON CONFLICT (sha2) DO NOTHING",
            ))
            .bind(&sha2)
            .bind(&content.content_type)
            .bind(content.content.clone())
            .execute(&mut *connection)
            .await?;
            sqlx::query(
                &self.sql("INSERT INTO statement_attachments (statement_seq, sha2) VALUES (?, ?)"),
            )
            .bind(seq)
            .bind(sha2)
            .execute(&mut *connection)
            .await?;
        }
        Ok(())
    }

    /// Writes the agents and activities the statements name into the index tables, and
    /// keeps the latest definition of each activity.
    async fn index_statements(
        &self,
        connection: &mut AnyConnection,
        statements: &[(i64, &Value)],
    ) -> Result<(), StoreError> {
        let mut agents: Vec<(i64, String, i32, Option<String>)> = Vec::new();
        let mut activities: Vec<(i64, String)> = Vec::new();
        // Each activity's definition, merged over the batch in the order statements came.
        let mut definitions: Vec<(&str, Value)> = Vec::new();
        let mut defined: HashMap<&str, usize> = HashMap::new();
        for (seq, body) in statements {
            for (agent, relation) in named_agents(body) {
                if let Some(key) = agent_key(agent) {
                    let learner = agent["account"]["name"].as_str().map(str::to_string);
                    agents.push((*seq, key, relation, learner));
                }
            }
            for activity in named_activities(body) {
                let Some(id) = activity["id"].as_str() else {
                    continue;
                };
                activities.push((*seq, id.to_string()));
                if let Some(definition) = activity.get("definition") {
                    match defined.get(id) {
                        // The same definition again, as a trip's statements repeat it.
                        Some(&at) if definitions[at].1 == *definition => {}
                        Some(&at) => {
                            definitions[at].1 =
                                xapi::validate::merge_definition(&definitions[at].1, definition);
                        }
                        None => {
                            defined.insert(id, definitions.len());
                            definitions.push((id, definition.clone()));
                        }
                    }
                }
            }
        }
        for chunk in agents.chunks(200) {
            let sql = format!(
                "INSERT INTO statement_agents (statement_seq, agent, relation, learner) VALUES {}",
                vec!["(?, ?, ?, ?)"; chunk.len()].join(", ")
            );
            let sql = self.sql(&sql);
            let mut q = sqlx::query(&sql);
            for (seq, key, relation, learner) in chunk {
                q = q.bind(*seq).bind(key).bind(*relation).bind(learner.clone());
            }
            q.execute(&mut *connection).await?;
        }
        for chunk in activities.chunks(400) {
            let sql = format!(
                "INSERT INTO statement_activities (statement_seq, activity) VALUES {}",
                vec!["(?, ?)"; chunk.len()].join(", ")
            );
            let sql = self.sql(&sql);
            let mut q = sqlx::query(&sql);
            for (seq, id) in chunk {
                q = q.bind(*seq).bind(id);
            }
            q.execute(&mut *connection).await?;
        }
        // Each definition joins what the store knew of the activity (its other languages).
        let known = self
            .definitions_in(connection, definitions.iter().map(|(id, _)| *id))
            .await?;
        // Only what the store does not know already is written.
        let definitions: Vec<(&str, String)> = definitions
            .into_iter()
            .filter_map(|(id, definition)| {
                let merged = match known.get(id) {
                    Some(old) => xapi::validate::merge_definition(old, &definition),
                    None => definition,
                };
                (known.get(id) != Some(&merged)).then(|| (id, merged.to_string()))
            })
            .collect();
        for chunk in definitions.chunks(400) {
            let sql = format!(
                "INSERT INTO activities (id, definition) VALUES {}
                 ON CONFLICT (id) DO UPDATE SET definition = excluded.definition",
                vec!["(?, ?)"; chunk.len()].join(", ")
            );
            let sql = self.sql(&sql);
            let mut q = sqlx::query(&sql);
            for (id, definition) in chunk {
                q = q.bind(*id).bind(definition);
            }
            q.execute(&mut *connection).await?;
        }
        Ok(())
    }

    /// Fills the index tables for statements stored before they existed.
    pub(super) async fn index_existing_statements(&self) -> Result<(), StoreError> {
        let rows = sqlx::query(
            "SELECT seq, body FROM statements
             WHERE seq NOT IN (SELECT statement_seq FROM statement_agents)",
        )
        .fetch_all(&self.pool)
        .await?;
        let bodies: Vec<(i64, Value)> = rows
            .iter()
            .map(|row| {
                let body = serde_json::from_str(&row.get::<String, _>(1)).unwrap_or_default();
                (row.get(0), body)
            })
            .collect();
        let numbered: Vec<(i64, &Value)> = bodies.iter().map(|(seq, body)| (*seq, body)).collect();
        let mut tx = self.pool.begin().await?;
        self.index_statements(&mut tx, &numbered).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The statement with `id`: a voided one only when `voided` is true (as
    /// `voidedStatementId` asks), an unvoided one only when it is false. With its sequence
    /// number, to find its attachments.
    pub async fn get(&self, id: &str, voided: bool) -> Result<Option<(i64, Value)>, StoreError> {
        let row =
            sqlx::query(&self.sql("SELECT seq, body FROM statements WHERE id = ? AND voided = ?"))
                .bind(id.to_ascii_lowercase())
                .bind(i32::from(voided))
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.and_then(|row| {
            let body = serde_json::from_str(&row.get::<String, _>(1)).ok()?;
            Some((row.get(0), body))
        }))
    }

    /// Whether the statement `id` (voided or not) names one of `learners`.
    pub async fn statement_names_learner(
        &self,
        id: &str,
        learners: &[String],
    ) -> Result<bool, StoreError> {
        let rows = sqlx::query(&self.sql(
            "SELECT a.learner FROM statement_agents a JOIN statements s ON s.seq = a.statement_seq
             WHERE s.id = ? AND a.learner IS NOT NULL",
        ))
        .bind(id.to_ascii_lowercase())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .any(|row| learners.contains(&row.get::<String, _>(0))))
    }

    /// The newest sequence number in the store.
    pub async fn last_seq(&self) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT COALESCE(MAX(seq), 0) FROM statements")
            .fetch_one(&self.pool)
            .await?;
        Ok(row.get::<i64, _>(0))
    }

    /// One page of the unvoided statements that match `query`, newest first unless it asks
    /// otherwise.
    ///
    /// As xAPI asks, a statement that targets another (a `StatementRef` object) matches a
    /// filter other than time and limit when the statement it targets does.
    pub async fn query(&self, query: &Query) -> Result<Page, StoreError> {
        let through = match query.through {
            Some(through) => through,
            None => self.last_seq().await?,
        };
        let mut sql = String::from("SELECT s.seq, s.body FROM statements s WHERE s.voided = 0");
        let mut binds: Vec<Bind> = Vec::new();
        sql.push_str(" AND s.seq <= ?");
        binds.push(Bind::Int(through));
        for (condition, values) in filters(query) {
            // The statements that match, and those that target one that matches; as a set of
            // sequence numbers, which both databases look up by index before sorting.
            let (direct, targeted) = (condition("d"), condition("t"));
            sql.push_str(&format!(
                " AND s.seq IN (SELECT d.seq FROM statements d WHERE {direct}
                                UNION ALL
                                SELECT r.seq FROM statements r
                                JOIN statements t ON t.id = r.object_ref
                                WHERE r.object_ref IS NOT NULL AND {targeted})"
            ));
            binds.extend(values.iter().cloned().map(Bind::Text));
            binds.extend(values.into_iter().map(Bind::Text));
        }
        if let Some(learners) = &query.learners {
            let marks = vec!["?"; learners.len().max(1)].join(", ");
            sql.push_str(&format!(
                " AND s.seq IN (SELECT statement_seq FROM statement_agents WHERE learner IN ({marks}))"
            ));
            if learners.is_empty() {
                binds.push(Bind::Text(String::new()));
            }
            binds.extend(learners.iter().cloned().map(Bind::Text));
        }
        for (name, time, op) in [("since", &query.since, ">"), ("until", &query.until, "<=")] {
            if let Some(time) = time {
                let millis = parse_iso8601(time).ok_or_else(|| {
                    StoreError::Refused(format!("{name} '{time}' is not an ISO 8601 timestamp"))
                })?;
                sql.push_str(&format!(" AND s.stored {op} ?"));
                binds.push(Bind::Text(iso8601(millis)));
            }
        }
        let order = if query.ascending { "ASC" } else { "DESC" };
        if let Some(after) = query.after {
            sql.push_str(if query.ascending {
                " AND s.seq > ?"
            } else {
                " AND s.seq < ?"
            });
            binds.push(Bind::Int(after));
        }
        let limit = if query.limit == 0 {
            MAX_PAGE
        } else {
            query.limit.min(MAX_PAGE)
        };
        sql.push_str(&format!(" ORDER BY s.seq {order} LIMIT {}", limit + 1));
        let sql = self.sql(&sql);
        let mut q = sqlx::query(&sql);
        for value in binds {
            q = match value {
                Bind::Text(text) => q.bind(text),
                Bind::Int(n) => q.bind(n),
            };
        }
        let rows = q.fetch_all(&self.pool).await?;
        let mut statements: Vec<(i64, Value)> = rows
            .iter()
            .filter_map(|row| {
                let body = serde_json::from_str(&row.get::<String, _>(1)).ok()?;
                Some((row.get::<i64, _>(0), body))
            })
            .collect();
        let next = (statements.len() > limit).then(|| {
            statements.truncate(limit);
            Query {
                after: statements.last().map(|(seq, _)| *seq),
                through: Some(through),
                ..query.clone()
            }
        });
        Ok(Page { statements, next })
    }

    /// The attachments stored with the statements numbered `seqs`, each once.
    pub async fn attachments_of(&self, seqs: &[i64]) -> Result<Vec<Attachment>, StoreError> {
        let mut out: Vec<Attachment> = Vec::new();
        for seq in seqs {
            let rows = sqlx::query(&self.sql(
                "SELECT a.sha2, a.content_type, a.content FROM attachments a
                 JOIN statement_attachments l ON l.sha2 = a.sha2 WHERE l.statement_seq = ?",
            ))
            .bind(*seq)
            .fetch_all(&self.pool)
            .await?;
            for row in rows {
                let sha2: String = row.get(0);
                if !out.iter().any(|a| a.sha2 == sha2) {
                    out.push(Attachment {
                        sha2,
                        content_type: row.get(1),
                        content: row.get(2),
                    });
                }
            }
        }
        Ok(out)
    }

    /// The latest definition stored for the activity `id`, if any statement gave one.
    /// The definitions the store keeps of the activities `ids`, read on `connection`.
    async fn definitions_in<'a>(
        &self,
        connection: &mut AnyConnection,
        ids: impl Iterator<Item = &'a str>,
    ) -> Result<HashMap<String, Value>, StoreError> {
        let ids: Vec<&str> = ids.collect();
        let mut known = HashMap::new();
        for chunk in ids.chunks(400) {
            let sql = self.sql(&format!(
                "SELECT id, definition FROM activities WHERE id IN ({})",
                marks(chunk.len())
            ));
            let mut q = sqlx::query(&sql);
            for id in chunk {
                q = q.bind(*id);
            }
            for row in q.fetch_all(&mut *connection).await? {
                if let Ok(definition) = serde_json::from_str(&row.get::<String, _>(1)) {
                    known.insert(row.get::<String, _>(0), definition);
                }
            }
        }
        Ok(known)
    }

    /// The store's definitions of the activities `ids` (those it has one of).
    pub async fn activity_definitions(
        &self,
        ids: &[String],
    ) -> Result<HashMap<String, Value>, StoreError> {
        let mut connection = self.pool.acquire().await?;
        self.definitions_in(&mut connection, ids.iter().map(String::as_str))
            .await
    }

    /// The store's definition of the activity `id`, merged from every statement that
    /// described it.
    pub async fn activity_definition(&self, id: &str) -> Result<Option<Value>, StoreError> {
        let row = sqlx::query(&self.sql("SELECT definition FROM activities WHERE id = ?"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.and_then(|row| serde_json::from_str(&row.get::<String, _>(0)).ok()))
    }

    /// How many statements are stored, voided ones included.
    pub async fn count(&self) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT COUNT(*) FROM statements")
            .fetch_one(&self.pool)
            .await?;
        Ok(row.get::<i64, _>(0))
    }
}

/// A new statement id: a version 7 UUID (RFC 9562 §5.7), the time in milliseconds and then
/// 74 random bits. Ids the store gives in turn sort together, so each lands beside the last
/// in the id index instead of on a page of its own, as random (version 4) ids would.
fn time_ordered_id() -> String {
    let random = uuid::Uuid::new_v4();
    let mut bytes = [0u8; 10];
    bytes.copy_from_slice(&random.as_bytes()[..10]);
    uuid::Builder::from_unix_timestamp_millis(now_millis().max(0) as u64, &bytes)
        .into_uuid()
        .to_string()
}

/// `n` placeholders separated by commas.
fn marks(n: usize) -> String {
    vec!["?"; n].join(", ")
}

/// The columns beside a statement's body that its queries filter on.
struct Columns {
    actor: String,
    verb: String,
    object_activity: Option<String>,
    object_agent: Option<String>,
    registration: Option<String>,
    /// The statement this one voids.
    voids: Option<String>,
    /// The statement this one targets (a `StatementRef` object).
    object_ref: Option<String>,
}

impl Columns {
    fn of(body: &Value) -> Self {
        let target = &body["object"];
        let kind = target.get("objectType").and_then(Value::as_str);
        let object_ref = (kind == Some("StatementRef")).then(|| {
            target["id"]
                .as_str()
                .unwrap_or_default()
                .to_ascii_lowercase()
        });
        Self {
            actor: agent_key(&body["actor"]).unwrap_or_default(),
            verb: body["verb"]["id"].as_str().unwrap_or_default().to_string(),
            object_activity: matches!(kind, None | Some("Activity"))
                .then(|| target["id"].as_str().map(str::to_string))
                .flatten(),
            object_agent: matches!(kind, Some("Agent" | "Group"))
                .then(|| agent_key(target))
                .flatten(),
            registration: body["context"]["registration"]
                .as_str()
                .map(str::to_ascii_lowercase),
            voids: object_ref
                .clone()
                .filter(|_| body["verb"]["id"] == VOIDED_VERB),
            object_ref,
        }
    }
}

/// A value bound to a query.
enum Bind {
    Text(String),
    Int(i64),
}

/// A filter condition on the statement aliased by its argument.
type Condition = Box<dyn Fn(&str) -> String>;

/// The query's filters other than time, limit and access, each as a condition and the values
/// it binds.
fn filters(query: &Query) -> Vec<(Condition, Vec<String>)> {
    let mut out: Vec<(Condition, Vec<String>)> = Vec::new();
    if let Some(agent) = &query.agent {
        let widest = if query.related_agents {
            relation::RELATED
        } else {
            relation::DIRECT
        };
        out.push((
            Box::new(move |t| {
                format!(
                    "{t}.seq IN (SELECT statement_seq FROM statement_agents
                                 WHERE agent = ? AND relation <= {widest})"
                )
            }),
            vec![agent.clone()],
        ));
    }
    if let Some(verb) = &query.verb {
        out.push((Box::new(|t| format!("{t}.verb = ?")), vec![verb.clone()]));
    }
    if let Some(activity) = &query.activity {
        if query.related_activities {
            out.push((
                Box::new(|t| {
                    format!(
                        "{t}.seq IN (SELECT statement_seq FROM statement_activities
                                     WHERE activity = ?)"
                    )
                }),
                vec![activity.clone()],
            ));
        } else {
            out.push((
                Box::new(|t| format!("{t}.object_activity = ?")),
                vec![activity.clone()],
            ));
        }
    }
    if let Some(registration) = &query.registration {
        out.push((
            Box::new(|t| format!("{t}.registration = ?")),
            vec![registration.to_ascii_lowercase()],
        ));
    }
    out
}

/// Every content a statement declares without a `fileUrl` must have come with it, and every
/// content that came must be declared by some statement.
fn check_attachments(statements: &[Value], attachments: &[Attachment]) -> Result<(), StoreError> {
    let declared: Vec<(usize, &Value)> = statements
        .iter()
        .flat_map(|s| {
            s["attachments"]
                .as_array()
                .into_iter()
                .flatten()
                .enumerate()
        })
        .collect();
    for (index, attachment) in &declared {
        let sha2 = attachment["sha2"].as_str().unwrap_or_default();
        let present = attachments
            .iter()
            .any(|a| a.sha2.eq_ignore_ascii_case(sha2));
        if !present && attachment.get("fileUrl").is_none() {
            return Err(StoreError::Attachment {
                index: *index,
                message: format!(
                    "no part with hash {sha2} came with the statement, and it has no fileUrl: \
                     send it as multipart/mixed"
                ),
            });
        }
    }
    // Data 2.6: a signature is a JWS of the statement, sent with it.
    for statement in statements {
        for (index, attachment) in statement["attachments"]
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
            .filter(|(_, a)| xapi::signature::is_signature(a))
        {
            let sha2 = attachment["sha2"].as_str().unwrap_or_default();
            let part = attachments
                .iter()
                .find(|a| a.sha2.eq_ignore_ascii_case(sha2))
                .ok_or_else(|| StoreError::Attachment {
                    index,
                    message: "a signature is sent with its statement, as multipart/mixed".into(),
                })?;
            if attachment["contentType"] != "application/octet-stream" {
                return Err(StoreError::Attachment {
                    index,
                    message: "a signature's contentType is application/octet-stream".into(),
                });
            }
            xapi::signature::check(statement, &part.content)
                .map_err(|message| StoreError::Attachment { index, message })?;
        }
    }
    for part in attachments {
        if !declared.iter().any(|(_, a)| {
            a["sha2"]
                .as_str()
                .is_some_and(|h| h.eq_ignore_ascii_case(&part.sha2))
        }) {
            return Err(StoreError::Attachment {
                index: 0,
                message: format!(
                    "a part with hash {} came, but no statement declares it",
                    part.sha2
                ),
            });
        }
    }
    Ok(())
}

/// How an agent is named in a statement (the `relation` column of `statement_agents`).
mod relation {
    /// The statement's actor or object: what the plain `agent` filter matches.
    pub const DIRECT: i32 = 0;
    /// Authority, instructor, team, or in a sub-statement: what `related_agents` adds.
    pub const RELATED: i32 = 1;
    /// A member of a group named there: found for erasure, matched by no filter.
    pub const MEMBER: i32 = 2;
}

/// The agents and groups a statement names, each with its [`relation`].
fn named_agents(statement: &Value) -> Vec<(&Value, i32)> {
    fn add<'a>(agent: &'a Value, relation: i32, out: &mut Vec<(&'a Value, i32)>) {
        if agent.is_object() {
            out.push((agent, relation));
            for member in agent["member"].as_array().into_iter().flatten() {
                out.push((member, relation::MEMBER));
            }
        }
    }
    fn visit<'a>(s: &'a Value, top: bool, out: &mut Vec<(&'a Value, i32)>) {
        let direct = if top {
            relation::DIRECT
        } else {
            relation::RELATED
        };
        add(&s["actor"], direct, out);
        if matches!(s["object"]["objectType"].as_str(), Some("Agent" | "Group")) {
            add(&s["object"], direct, out);
        }
        add(&s["authority"], relation::RELATED, out);
        add(&s["context"]["instructor"], relation::RELATED, out);
        add(&s["context"]["team"], relation::RELATED, out);
    }
    let mut out = Vec::new();
    visit(statement, true, &mut out);
    if statement["object"]["objectType"] == "SubStatement" {
        visit(&statement["object"], false, &mut out);
    }
    out
}

/// The ids of the activities a statement names (see [`named_activities`]).
pub fn activity_ids(statement: &Value) -> Vec<String> {
    named_activities(statement)
        .into_iter()
        .filter_map(|activity| activity["id"].as_str().map(str::to_string))
        .collect()
}

/// The activities a statement names: its object and context activities, and the same in a
/// sub-statement.
fn named_activities(statement: &Value) -> Vec<&Value> {
    fn visit<'a>(s: &'a Value, out: &mut Vec<&'a Value>) {
        let object = &s["object"];
        if object.is_object() && matches!(object["objectType"].as_str(), None | Some("Activity")) {
            out.push(object);
        }
        if let Some(groups) = s["context"]["contextActivities"].as_object() {
            for group in groups.values() {
                match group {
                    Value::Array(list) => out.extend(list.iter()),
                    single @ Value::Object(_) => out.push(single),
                    _ => {}
                }
            }
        }
    }
    let mut out = Vec::new();
    visit(statement, &mut out);
    if statement["object"]["objectType"] == "SubStatement" {
        visit(&statement["object"], &mut out);
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ids_the_store_gives_are_version_7_and_follow_the_clock() {
        let first = time_ordered_id();
        std::thread::sleep(Duration::from_millis(2));
        let second = time_ordered_id();
        for id in [&first, &second] {
            let uuid = uuid::Uuid::parse_str(id).expect("a UUID");
            assert_eq!(uuid.get_version_num(), 7, "{id}");
            assert_eq!(uuid.get_variant(), uuid::Variant::RFC4122, "{id}");
        }
        assert!(first < second, "{first} then {second}");
        assert_ne!(time_ordered_id(), time_ordered_id());
    }
}
