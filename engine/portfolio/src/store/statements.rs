//! Statements: stored exactly as sent, with the properties the store sets (`id` if missing,
//! `stored`, `authority`, `version`, `timestamp`), beside the columns and index tables the xAPI
//! filters use. A batch is stored in one transaction: all of it or none of it.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sqlx::{Any, Row, Transaction};

use super::{Store, StoreError};
use crate::time::{iso8601, now_iso8601, parse_iso8601};
use crate::xapi::{self, XAPI_VERSION};

/// The verb that voids another statement.
pub const VOIDED_VERB: &str = "http://adlnet.gov/expapi/verbs/voided";

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

impl Store {
    /// Validates and stores `statements` as sent by `authority`, all or none, with the
    /// attachment contents that came with them, and returns their ids in order. A statement
    /// whose id is already stored with the same content is accepted again without a second
    /// copy.
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
        for (index, statement) in statements.iter().enumerate() {
            let id = statement["id"].as_str().map(str::to_ascii_lowercase);
            if id.is_some()
                && statements[..index]
                    .iter()
                    .any(|earlier| earlier["id"].as_str().map(str::to_ascii_lowercase) == id)
            {
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
        let stored = now_iso8601();
        let mut tx = self.pool.begin().await?;
        let mut ids = Vec::with_capacity(statements.len());
        for (index, statement) in statements.iter().enumerate() {
            let id = match statement.get("id").and_then(Value::as_str) {
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
            let mut body = statement.clone();
            let object = body.as_object_mut().expect("validated as an object");
            object.insert("id".into(), json!(id));
            object.insert("stored".into(), json!(stored));
            object.insert("authority".into(), authority.clone());
            object
                .entry("version")
                .or_insert_with(|| json!(XAPI_VERSION));
            object.entry("timestamp").or_insert_with(|| json!(stored));
            self.insert_one(&mut tx, index, &id, &stored, &body, attachments)
                .await?;
            ids.push(id);
        }
        tx.commit().await?;
        Ok(ids)
    }

    async fn insert_one(
        &self,
        tx: &mut Transaction<'static, Any>,
        index: usize,
        id: &str,
        stored: &str,
        body: &Value,
        attachments: &[Attachment],
    ) -> Result<(), StoreError> {
        let target = &body["object"];
        let object_ref = (target["objectType"] == "StatementRef").then(|| {
            target["id"]
                .as_str()
                .unwrap_or_default()
                .to_ascii_lowercase()
        });
        let voids = object_ref
            .clone()
            .filter(|_| body["verb"]["id"] == VOIDED_VERB);
        if let Some(voided) = &voids {
            let target_voids: Option<Option<String>> =
                sqlx::query(&self.sql("SELECT voids FROM statements WHERE id = ?"))
                    .bind(voided)
                    .fetch_optional(&mut **tx)
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
                .execute(&mut **tx)
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
        let seq: i64 = sqlx::query(&self.sql(
            "INSERT INTO statements
                (id, stored, actor, verb, object_activity, object_agent, registration,
                 voided, voids, object_ref, body)
             VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)
             RETURNING seq",
        ))
        .bind(id)
        .bind(stored)
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
        .bind(object_ref)
        .bind(body.to_string())
        .fetch_one(&mut **tx)
        .await?
        .get(0);
        self.index_statement(tx, seq, body).await?;
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
            .execute(&mut **tx)
            .await?;
            sqlx::query(
                &self.sql("INSERT INTO statement_attachments (statement_seq, sha2) VALUES (?, ?)"),
            )
            .bind(seq)
            .bind(sha2)
            .execute(&mut **tx)
            .await?;
        }
        Ok(())
    }

    /// Writes the agents and activities a statement names into the index tables, and keeps
    /// the latest definition of each activity.
    async fn index_statement(
        &self,
        tx: &mut Transaction<'static, Any>,
        seq: i64,
        body: &Value,
    ) -> Result<(), StoreError> {
        for (agent, member) in named_agents(body) {
            let Some(key) = agent_key(agent) else {
                continue;
            };
            let learner = agent["account"]["name"].as_str().map(str::to_string);
            sqlx::query(&self.sql(
                "INSERT INTO statement_agents (statement_seq, agent, member, learner)
                 VALUES (?, ?, ?, ?)",
            ))
            .bind(seq)
            .bind(key)
            .bind(i32::from(member))
            .bind(learner)
            .execute(&mut **tx)
            .await?;
        }
        for activity in named_activities(body) {
            let Some(id) = activity["id"].as_str() else {
                continue;
            };
            sqlx::query(
                &self.sql(
                    "INSERT INTO statement_activities (statement_seq, activity) VALUES (?, ?)",
                ),
            )
            .bind(seq)
            .bind(id)
            .execute(&mut **tx)
            .await?;
            if let Some(definition) = activity.get("definition") {
                sqlx::query(&self.sql(
                    "INSERT INTO activities (id, definition) VALUES (?, ?)
                     ON CONFLICT (id) DO UPDATE SET definition = excluded.definition",
                ))
                .bind(id)
                .bind(definition.to_string())
                .execute(&mut **tx)
                .await?;
            }
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
        let mut tx = self.pool.begin().await?;
        for row in rows {
            let body: Value = serde_json::from_str(&row.get::<String, _>(1)).unwrap_or_default();
            self.index_statement(&mut tx, row.get(0), &body).await?;
        }
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
            let (direct, targeted) = (condition("s"), condition("t"));
            sql.push_str(&format!(
                " AND ({direct} OR s.object_ref IN (SELECT t.id FROM statements t WHERE {targeted}))"
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
        if query.related_agents {
            out.push((
                Box::new(|t| {
                    format!(
                        "{t}.seq IN (SELECT statement_seq FROM statement_agents
                                     WHERE agent = ? AND member = 0)"
                    )
                }),
                vec![agent.clone()],
            ));
        } else {
            out.push((
                Box::new(|t| format!("({t}.actor = ? OR {t}.object_agent = ?)")),
                vec![agent.clone(), agent.clone()],
            ));
        }
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

/// The agents and groups a statement names: actor, object, authority, instructor, team, and
/// the same in a sub-statement; with `true` for members of a group (not named on their own).
fn named_agents(statement: &Value) -> Vec<(&Value, bool)> {
    fn add<'a>(agent: &'a Value, out: &mut Vec<(&'a Value, bool)>) {
        if agent.is_object() {
            out.push((agent, false));
            for member in agent["member"].as_array().into_iter().flatten() {
                out.push((member, true));
            }
        }
    }
    fn visit<'a>(s: &'a Value, out: &mut Vec<(&'a Value, bool)>) {
        add(&s["actor"], out);
        if matches!(s["object"]["objectType"].as_str(), Some("Agent" | "Group")) {
            add(&s["object"], out);
        }
        add(&s["authority"], out);
        add(&s["context"]["instructor"], out);
        add(&s["context"]["team"], out);
    }
    let mut out = Vec::new();
    visit(statement, &mut out);
    if statement["object"]["objectType"] == "SubStatement" {
        visit(&statement["object"], &mut out);
    }
    out
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
