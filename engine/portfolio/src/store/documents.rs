//! The xAPI document resources (Communication part 2.3 to 2.7): State documents (an
//! activity, an agent, optionally a registration), Activity Profiles and Agent Profiles,
//! each with an ETag so clients can change them without losing each other's writes.

use serde_json::Value;
use sqlx::Row;

use super::{Store, StoreError};
use crate::time::{iso8601, now_iso8601, parse_iso8601};

/// Which document resource.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocumentKind {
    /// `activities/state`: a learner's state in an activity.
    State,
    /// `activities/profile`: about an activity.
    ActivityProfile,
    /// `agents/profile`: about an agent.
    AgentProfile,
}

impl DocumentKind {
    fn name(self) -> &'static str {
        match self {
            DocumentKind::State => "state",
            DocumentKind::ActivityProfile => "activity_profile",
            DocumentKind::AgentProfile => "agent_profile",
        }
    }
}

/// Which documents: `id` empty means all of them under the rest of the key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentKey {
    /// Which resource.
    pub kind: DocumentKind,
    /// The activity id; empty for Agent Profiles.
    pub activity: String,
    /// The agent's identifier (see [`super::agent_key`]); empty for Activity Profiles.
    pub agent: String,
    /// The registration of a State document, lower case; empty for none.
    pub registration: String,
    /// The document's id (`stateId`, `profileId`).
    pub id: String,
    /// The agent's account name, where the agent is a learner: what erasure finds.
    pub learner: Option<String>,
}

/// A stored document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    /// Its media type, as it was sent.
    pub content_type: String,
    /// The bytes.
    pub content: Vec<u8>,
    /// Its entity tag, quoted, as the `ETag` header carries it.
    pub etag: String,
    /// When it last changed, ISO 8601.
    pub updated: String,
}

/// What the client said about the version it has (`If-Match`, `If-None-Match`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Preconditions {
    /// `If-Match`: the ETags it may overwrite, or `*` for any existing one.
    pub if_match: Option<String>,
    /// `If-None-Match`: `*` to write only if there is none yet.
    pub if_none_match: Option<String>,
    /// Whether overwriting an existing document without either is refused (xAPI asks this of
    /// PUT to the profile resources).
    pub required: bool,
}

/// A document body's entity tag: the SHA-1 of its bytes in hexadecimal, quoted, as xAPI
/// 1.0.3 asks (Communication 3.1, ADL XAPI-00308).
pub fn etag(content: &[u8]) -> String {
    use sha1::Digest;
    let hash = sha1::Sha1::digest(content);
    let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}

/// Whether `list` (an `If-Match` or `If-None-Match` value) names `etag`; hexadecimal is
/// compared without regard to case.
fn matches_tag(list: &str, etag: &str) -> bool {
    list.split(',').map(str::trim).any(|t| {
        t == "*"
            || t.eq_ignore_ascii_case(etag)
            || t.strip_prefix("W/")
                .is_some_and(|t| t.eq_ignore_ascii_case(etag))
    })
}

impl Preconditions {
    /// Refuses the write if the client's view of the document is stale.
    fn check(&self, existing: Option<&Document>) -> Result<(), StoreError> {
        if let Some(list) = &self.if_match {
            match existing {
                Some(doc) if matches_tag(list, &doc.etag) => {}
                Some(doc) => {
                    return Err(StoreError::Precondition(format!(
                        "If-Match {list} does not match the document's ETag {}: read it again",
                        doc.etag
                    )));
                }
                None => {
                    return Err(StoreError::Precondition(format!(
                        "If-Match {list}, but there is no such document"
                    )));
                }
            }
        }
        if let (Some(list), Some(doc)) = (&self.if_none_match, existing)
            && matches_tag(list, &doc.etag)
        {
            return Err(StoreError::Precondition(format!(
                "If-None-Match {list}, but the document exists (ETag {})",
                doc.etag
            )));
        }
        Ok(())
    }
}

/// The error for a merge that cannot be made.
fn not_mergeable(what: &str) -> StoreError {
    StoreError::Refused(format!(
        "{what} is not a JSON object with Content-Type application/json, so it cannot be \
         merged: use PUT to replace the document"
    ))
}

fn json_object(content_type: &str, content: &[u8]) -> Option<serde_json::Map<String, Value>> {
    if !content_type.trim().starts_with("application/json") {
        return None;
    }
    match serde_json::from_slice(content).ok()? {
        Value::Object(map) => Some(map),
        _ => None,
    }
}

impl Store {
    /// The document at `key`.
    pub async fn document(&self, key: &DocumentKey) -> Result<Option<Document>, StoreError> {
        let row = sqlx::query(&self.sql(
            "SELECT content_type, content, etag, updated FROM documents
             WHERE kind = ? AND activity = ? AND agent = ? AND registration = ?
               AND document_id = ?",
        ))
        .bind(key.kind.name())
        .bind(&key.activity)
        .bind(&key.agent)
        .bind(&key.registration)
        .bind(&key.id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|row| Document {
            content_type: row.get(0),
            content: row.get(1),
            etag: row.get(2),
            updated: row.get(3),
        }))
    }

    /// The ids of the documents under `key` (its `id` left out), changed after `since`.
    pub async fn document_ids(
        &self,
        key: &DocumentKey,
        since: Option<&str>,
    ) -> Result<Vec<String>, StoreError> {
        let since = match since {
            Some(time) => iso8601(parse_iso8601(time).ok_or_else(|| {
                StoreError::Refused(format!("since '{time}' is not an ISO 8601 timestamp"))
            })?),
            None => String::new(),
        };
        let rows = sqlx::query(&self.sql(
            "SELECT document_id FROM documents
             WHERE kind = ? AND activity = ? AND agent = ? AND registration = ? AND updated > ?
             ORDER BY document_id",
        ))
        .bind(key.kind.name())
        .bind(&key.activity)
        .bind(&key.agent)
        .bind(&key.registration)
        .bind(since)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(|row| row.get::<String, _>(0)).collect())
    }

    /// Stores a document at `key`, replacing it (`merge` false, PUT) or merging a JSON object
    /// into it (`merge` true, POST). Returns the new ETag.
    pub async fn put_document(
        &self,
        key: &DocumentKey,
        content_type: &str,
        content: &[u8],
        merge: bool,
        preconditions: &Preconditions,
    ) -> Result<String, StoreError> {
        let existing = self.document(key).await?;
        preconditions.check(existing.as_ref())?;
        if preconditions.required
            && !merge
            && existing.is_some()
            && preconditions.if_match.is_none()
            && preconditions.if_none_match.is_none()
        {
            return Err(StoreError::Exists(format!(
                "document '{}' exists: send If-Match with its ETag to replace it, so no one's \
                 change is lost",
                key.id
            )));
        }
        let (content_type, bytes): (String, Vec<u8>) = if merge {
            let mut incoming =
                json_object(content_type, content).ok_or_else(|| not_mergeable("the body"))?;
            let mut merged = match &existing {
                Some(doc) => json_object(&doc.content_type, &doc.content)
                    .ok_or_else(|| not_mergeable("the stored document"))?,
                None => serde_json::Map::new(),
            };
            merged.append(&mut incoming);
            (
                "application/json".into(),
                Value::Object(merged).to_string().into_bytes(),
            )
        } else {
            // A replaced document keeps its bytes exactly as sent.
            (content_type.to_string(), content.to_vec())
        };
        let tag = etag(&bytes);
        sqlx::query(&self.sql(
            "INSERT INTO documents (kind, activity, agent, registration, document_id, learner,
                                    content_type, content, etag, updated)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (kind, activity, agent, registration, document_id) DO UPDATE SET
                learner = excluded.learner, content_type = excluded.content_type,
                content = excluded.content, etag = excluded.etag, updated = excluded.updated",
        ))
        .bind(key.kind.name())
        .bind(&key.activity)
        .bind(&key.agent)
        .bind(&key.registration)
        .bind(&key.id)
        .bind(key.learner.clone())
        .bind(content_type)
        .bind(bytes)
        .bind(&tag)
        .bind(now_iso8601())
        .execute(&self.pool)
        .await?;
        Ok(tag)
    }

    /// Deletes the document at `key`, or, where its `id` is empty, every document under the
    /// rest of the key (as DELETE of several State documents does). Returns how many went.
    pub async fn delete_documents(
        &self,
        key: &DocumentKey,
        preconditions: &Preconditions,
    ) -> Result<u64, StoreError> {
        let mut sql =
            String::from("DELETE FROM documents WHERE kind = ? AND activity = ? AND agent = ?");
        if !key.id.is_empty() {
            preconditions.check(self.document(key).await?.as_ref())?;
            sql.push_str(" AND registration = ? AND document_id = ?");
        } else if !key.registration.is_empty() {
            sql.push_str(" AND registration = ?");
        }
        let sql = self.sql(&sql);
        let mut q = sqlx::query(&sql)
            .bind(key.kind.name())
            .bind(&key.activity)
            .bind(&key.agent);
        if !key.id.is_empty() {
            q = q.bind(&key.registration).bind(&key.id);
        } else if !key.registration.is_empty() {
            q = q.bind(&key.registration);
        }
        Ok(q.execute(&self.pool).await?.rows_affected())
    }
}
