//! What pupils made on a trip or in the schoolyard: snapshots (PNG or JPEG), designs (binary
//! glTF) and written reflections, each tied to its learner, class, session and the statements
//! it came from; teachers' feedback on them; and with whom each is shared.

use serde::Serialize;
use sqlx::Row;

use super::{Store, StoreError};
use crate::access::Sharing;
use crate::time::now_iso8601;
use crate::xapi::validate::is_uuid;

/// The largest artefact, bytes: a 4K snapshot or a schoolyard design fits.
pub const MAX_ARTEFACT_BYTES: usize = 32 * 1024 * 1024;

/// How much one pupil's artefacts may hold in the store, all together, so that one pupil's
/// account cannot fill the school's disk. A snapshot is 1–2 MB and a design a few hundred
/// kB: the defaults keep some 150 snapshots a pupil; `retki portfolio purge` frees room.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ArtefactQuota {
    /// The most artefacts one pupil has.
    pub items: i64,
    /// The most bytes their files take together.
    pub bytes: i64,
}

impl Default for ArtefactQuota {
    fn default() -> Self {
        Self {
            items: 1_000,
            bytes: 256 * 1024 * 1024,
        }
    }
}

/// What kind of thing an artefact is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ArtefactKind {
    /// A snapshot: `image/png` or `image/jpeg`.
    Image,
    /// A design, such as a schoolyard plan: `model/gltf-binary`.
    Design,
    /// A written reflection: `text/plain` or `text/markdown`, UTF-8.
    Reflection,
}

impl ArtefactKind {
    /// The name, as the API writes it.
    pub fn name(self) -> &'static str {
        match self {
            ArtefactKind::Image => "image",
            ArtefactKind::Design => "design",
            ArtefactKind::Reflection => "reflection",
        }
    }

    /// The kind called `name`.
    pub fn parse(name: &str) -> Option<Self> {
        [Self::Image, Self::Design, Self::Reflection]
            .into_iter()
            .find(|k| k.name() == name)
    }

    /// The kind whose media type is `content_type`, having checked that `content` is one.
    pub fn of(content_type: &str, content: &[u8]) -> Result<Self, String> {
        let media = content_type.split(';').next().unwrap_or_default().trim();
        let (kind, looks_right) = match media {
            "image/png" => (Self::Image, content.starts_with(b"\x89PNG\r\n\x1a\n")),
            "image/jpeg" => (Self::Image, content.starts_with(&[0xFF, 0xD8, 0xFF])),
            "model/gltf-binary" => (Self::Design, content.starts_with(b"glTF")),
            "text/plain" | "text/markdown" => {
                (Self::Reflection, std::str::from_utf8(content).is_ok())
            }
            other => {
                return Err(format!(
                    "'{other}' is not an artefact type: send image/png, image/jpeg, \
                     model/gltf-binary (.glb), text/plain or text/markdown"
                ));
            }
        };
        if looks_right {
            Ok(kind)
        } else {
            Err(format!("the content is not {media}: check the file"))
        }
    }
}

/// An artefact to store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewArtefact {
    /// The pupil who made it.
    pub learner: String,
    /// The class they made it in.
    pub class: String,
    /// The session (trip, design lesson) it comes from.
    pub session: String,
    /// A title the pupil gave it.
    pub title: String,
    /// Its media type.
    pub content_type: String,
    /// The bytes.
    pub content: Vec<u8>,
    /// The ids of the statements it came from.
    pub statements: Vec<String>,
}

/// A teacher's feedback on an artefact.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Feedback {
    /// Its id.
    pub id: String,
    /// The teacher's id.
    pub teacher: String,
    /// What they wrote.
    pub text: String,
    /// When, ISO 8601.
    pub created: String,
}

/// A stored artefact, without its content.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Artefact {
    /// Its id.
    pub id: String,
    /// The pupil who made it.
    pub learner: String,
    /// The class.
    pub class: String,
    /// The session.
    pub session: String,
    /// What kind of thing it is.
    pub kind: ArtefactKind,
    /// Its title.
    pub title: String,
    /// Its media type.
    pub content_type: String,
    /// The statements it came from.
    pub statements: Vec<String>,
    /// With whom it is shared: private, class or guardian.
    pub sharing: String,
    /// When it was stored, ISO 8601.
    pub created: String,
    /// Teachers' feedback, oldest first.
    pub feedback: Vec<Feedback>,
}

impl Artefact {
    /// With whom it is shared.
    pub fn sharing(&self) -> Sharing {
        Sharing::parse(&self.sharing).unwrap_or_default()
    }
}

const ARTEFACT_COLUMNS: &str =
    "id, learner, class, session, kind, title, content_type, statements, sharing, created";

impl Store {
    /// Stores an artefact, private to begin with, and returns its id.
    pub async fn add_artefact(&self, new: &NewArtefact) -> Result<String, StoreError> {
        let refuse =
            |field: &str, message: String| StoreError::Refused(format!("{field}: {message}"));
        if new.content.len() > MAX_ARTEFACT_BYTES {
            return Err(refuse(
                "content",
                format!(
                    "{} bytes is more than the {MAX_ARTEFACT_BYTES} an artefact may have",
                    new.content.len()
                ),
            ));
        }
        let kind =
            ArtefactKind::of(&new.content_type, &new.content).map_err(|m| refuse("content", m))?;
        let title_chars = new.title.trim().chars().count();
        if !(1..=200).contains(&title_chars) {
            return Err(refuse(
                "title",
                "give it a title of 1 to 200 characters".into(),
            ));
        }
        if !(1..=64).contains(&new.session.len()) || new.session.chars().any(char::is_control) {
            return Err(refuse(
                "session",
                "a session id of 1 to 64 characters".into(),
            ));
        }
        if !self.classes_of(&new.learner).await?.contains(&new.class) {
            return Err(refuse(
                "learner",
                format!("'{}' is not a pupil of class '{}'", new.learner, new.class),
            ));
        }
        let held = sqlx::query(&self.sql(
            "SELECT COUNT(*), CAST(COALESCE(SUM(LENGTH(content)), 0) AS BIGINT)
             FROM artefacts WHERE learner = ?",
        ))
        .bind(&new.learner)
        .fetch_one(&self.pool)
        .await?;
        let (items, bytes): (i64, i64) = (held.try_get(0)?, held.try_get(1)?);
        let quota = self.artefact_quota;
        if items >= quota.items || bytes + new.content.len() as i64 > quota.bytes {
            return Err(refuse(
                "learner",
                format!(
                    "'{}' keeps {items} artefacts of {} MiB, and a pupil keeps at most {} \
                     taking {} MiB: ask the teacher to remove old ones",
                    new.learner,
                    bytes / (1024 * 1024),
                    quota.items,
                    quota.bytes / (1024 * 1024)
                ),
            ));
        }
        for id in &new.statements {
            if !is_uuid(id) {
                return Err(refuse(
                    "statements",
                    format!("'{id}' is not a statement id"),
                ));
            }
            let found = sqlx::query(&self.sql("SELECT 1 FROM statements WHERE id = ?"))
                .bind(id.to_ascii_lowercase())
                .fetch_optional(&self.pool)
                .await?;
            if found.is_none() {
                return Err(refuse(
                    "statements",
                    format!("no statement {id} is stored: send the statements first"),
                ));
            }
        }
        let id = uuid::Uuid::new_v4().to_string();
        sqlx::query(&self.sql(&format!(
            "INSERT INTO artefacts ({ARTEFACT_COLUMNS}, content)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        )))
        .bind(&id)
        .bind(&new.learner)
        .bind(&new.class)
        .bind(&new.session)
        .bind(kind.name())
        .bind(new.title.trim())
        .bind(&new.content_type)
        .bind(serde_json::to_string(&new.statements).unwrap_or_default())
        .bind(Sharing::Private.name())
        .bind(now_iso8601())
        .bind(new.content.clone())
        .execute(&self.pool)
        .await?;
        Ok(id)
    }

    /// The artefact `id`, with its feedback.
    pub async fn artefact(&self, id: &str) -> Result<Option<Artefact>, StoreError> {
        let rows = self.artefacts_where("id = ?", id).await?;
        Ok(rows.into_iter().next())
    }

    /// The artefacts of a learner, oldest first.
    pub async fn artefacts_of(&self, learner: &str) -> Result<Vec<Artefact>, StoreError> {
        self.artefacts_where("learner = ?", learner).await
    }

    /// The artefacts made in a class, oldest first.
    pub async fn artefacts_in(&self, class: &str) -> Result<Vec<Artefact>, StoreError> {
        self.artefacts_where("class = ?", class).await
    }

    async fn artefacts_where(
        &self,
        condition: &str,
        bind: &str,
    ) -> Result<Vec<Artefact>, StoreError> {
        let rows = sqlx::query(&self.sql(&format!(
            "SELECT {ARTEFACT_COLUMNS} FROM artefacts WHERE {condition} ORDER BY created, id"
        )))
        .bind(bind)
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let id: String = row.get(0);
            let feedback = sqlx::query(&self.sql(
                "SELECT id, teacher, text, created FROM feedback WHERE artefact = ?
                 ORDER BY created, id",
            ))
            .bind(&id)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|f| Feedback {
                id: f.get(0),
                teacher: f.get(1),
                text: f.get(2),
                created: f.get(3),
            })
            .collect();
            out.push(Artefact {
                id,
                learner: row.get(1),
                class: row.get(2),
                session: row.get(3),
                kind: ArtefactKind::parse(&row.get::<String, _>(4)).unwrap_or(ArtefactKind::Image),
                title: row.get(5),
                content_type: row.get(6),
                statements: serde_json::from_str(&row.get::<String, _>(7)).unwrap_or_default(),
                sharing: row.get(8),
                created: row.get(9),
                feedback,
            });
        }
        Ok(out)
    }

    /// The content of the artefact `id`.
    pub async fn artefact_content(&self, id: &str) -> Result<Option<Vec<u8>>, StoreError> {
        let row = sqlx::query(&self.sql("SELECT content FROM artefacts WHERE id = ?"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|row| row.get(0)))
    }

    /// Adds a teacher's feedback to the artefact `artefact`; returns its id.
    pub async fn add_feedback(
        &self,
        artefact: &str,
        teacher: &str,
        text: &str,
    ) -> Result<String, StoreError> {
        let chars = text.trim().chars().count();
        if !(1..=10_000).contains(&chars) {
            return Err(StoreError::Refused(
                "text: feedback is 1 to 10,000 characters".into(),
            ));
        }
        let id = uuid::Uuid::new_v4().to_string();
        sqlx::query(&self.sql(
            "INSERT INTO feedback (id, artefact, teacher, text, created) VALUES (?, ?, ?, ?, ?)",
        ))
        .bind(&id)
        .bind(artefact)
        .bind(teacher)
        .bind(text.trim())
        .bind(now_iso8601())
        .execute(&self.pool)
        .await?;
        Ok(id)
    }

    /// Changes with whom the artefact `artefact` is shared.
    pub async fn set_sharing(&self, artefact: &str, sharing: Sharing) -> Result<(), StoreError> {
        sqlx::query(&self.sql("UPDATE artefacts SET sharing = ? WHERE id = ?"))
            .bind(sharing.name())
            .bind(artefact)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
