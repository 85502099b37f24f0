//! What a school does for its pupils' privacy: everything about one learner exported (their
//! right of access), or erased (their right to erasure, GDPR art. 17, a deliberate exception
//! to xAPI's rule that statements are never deleted), and a retention purge of everything
//! older than the school keeps records. Erasures and purges go into the admin log.

use serde_json::{Value, json};
use sqlx::{Any, Row, Transaction};

use super::{Store, StoreError, hmac_sha256_hex};
use crate::time::{iso8601, now_iso8601, now_millis, parse_iso8601};

/// Everything the store holds about one learner.
#[derive(Clone, Debug, PartialEq)]
pub struct LearnerExport {
    /// `learner.json`: the learner, their classes and guardians, statements, documents,
    /// artefacts (with feedback), each file named where it lies.
    pub record: Value,
    /// The files beside it: `artefacts/ID.EXT`, `attachments/SHA2`, `documents/N.EXT`.
    pub files: Vec<(String, Vec<u8>)>,
}

/// How much an erasure or a purge removed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Removed {
    /// Statements.
    pub statements: u64,
    /// State and profile documents.
    pub documents: u64,
    /// Artefacts (their feedback with them).
    pub artefacts: u64,
}

/// What an erasure or a purge removes: conditions with one text bound each.
struct Selection<'a> {
    /// A subquery giving the sequence numbers of the statements.
    statements: &'a str,
    /// A condition on `documents`.
    documents: &'a str,
    /// A condition on `artefacts`.
    artefacts: &'a str,
}

impl std::fmt::Display for Removed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} statements, {} documents, {} artefacts",
            self.statements, self.documents, self.artefacts
        )
    }
}

/// The statements naming a learner, as a subquery.
const LEARNER_STATEMENTS: &str = "SELECT statement_seq FROM statement_agents WHERE learner = ?";

fn extension(content_type: &str) -> &'static str {
    match content_type.split(';').next().unwrap_or_default().trim() {
        "image/png" => "png",
        "image/jpeg" => "jpg",
        "model/gltf-binary" => "glb",
        "text/plain" => "txt",
        "text/markdown" => "md",
        "application/json" => "json",
        _ => "bin",
    }
}

impl Store {
    /// Everything about the learner `id`. Refuses an id the store does not know.
    pub async fn export_learner(&self, id: &str) -> Result<LearnerExport, StoreError> {
        self.known_learner(id).await?;
        let mut files = Vec::new();
        let name = self
            .strings("SELECT name FROM learner_names WHERE learner = ?", id)
            .await?
            .into_iter()
            .next();
        let guardians = self
            .strings("SELECT guardian FROM guardians WHERE learner = ?", id)
            .await?;
        let rows = sqlx::query(&self.sql(&format!(
            "SELECT seq, body, voided FROM statements WHERE seq IN ({LEARNER_STATEMENTS})
             ORDER BY seq"
        )))
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let mut statements = Vec::with_capacity(rows.len());
        let mut seqs = Vec::with_capacity(rows.len());
        for row in &rows {
            let mut body: Value =
                serde_json::from_str(&row.get::<String, _>(1)).unwrap_or_default();
            if row.get::<i32, _>(2) != 0 {
                body["voided"] = json!(true);
            }
            seqs.push(row.get::<i64, _>(0));
            statements.push(body);
        }
        for attachment in self.attachments_of(&seqs).await? {
            files.push((
                format!("attachments/{}", attachment.sha2),
                attachment.content,
            ));
        }
        let rows = sqlx::query(&self.sql(
            "SELECT kind, activity, agent, registration, document_id, content_type, content,
                    updated
             FROM documents WHERE learner = ? ORDER BY kind, activity, document_id",
        ))
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let mut documents = Vec::with_capacity(rows.len());
        for (n, row) in rows.iter().enumerate() {
            let content_type: String = row.get(5);
            let file = format!("documents/{n}.{}", extension(&content_type));
            documents.push(json!({
                "resource": row.get::<String, _>(0),
                "activityId": row.get::<String, _>(1),
                "agent": row.get::<String, _>(2),
                "registration": row.get::<String, _>(3),
                "id": row.get::<String, _>(4),
                "contentType": content_type,
                "updated": row.get::<String, _>(7),
                "file": file,
            }));
            files.push((file, row.get(6)));
        }
        let mut artefacts = Vec::new();
        for artefact in self.artefacts_of(id).await? {
            let file = format!(
                "artefacts/{}.{}",
                artefact.id,
                extension(&artefact.content_type)
            );
            if let Some(content) = self.artefact_content(&artefact.id).await? {
                files.push((file.clone(), content));
            }
            let mut entry = serde_json::to_value(&artefact).unwrap_or_default();
            entry["file"] = json!(file);
            artefacts.push(entry);
        }
        let record = json!({
            "learner": id,
            "name": name,
            "classes": self.classes_of(id).await?,
            "guardians": guardians,
            "exported": now_iso8601(),
            "statements": statements,
            "documents": documents,
            "artefacts": artefacts,
        });
        Ok(LearnerExport { record, files })
    }

    /// Removes everything about the learner `id`, statements included, in one transaction,
    /// and logs it as `admin`'s action. The log keeps the SHA-256 of the id, not the id: who
    /// knows the id can check that it was erased, and the store no longer holds it.
    pub async fn erase_learner(&self, id: &str, admin: &str) -> Result<Removed, StoreError> {
        self.known_learner(id).await?;
        // Before the transaction: the first mark makes the store's key.
        let mark = self.erasure_mark(id).await?;
        let mut tx = self.pool.begin().await?;
        let removed = self
            .delete_records(
                &mut tx,
                &Selection {
                    statements: LEARNER_STATEMENTS,
                    documents: "learner = ?",
                    artefacts: "learner = ?",
                },
                id,
            )
            .await?;
        for sql in [
            "DELETE FROM class_pupils WHERE learner = ?",
            "DELETE FROM guardians WHERE learner = ?",
            "DELETE FROM learner_names WHERE learner = ?",
            "DELETE FROM clients WHERE role = 'pupil' AND subject = ?",
            "DELETE FROM learners WHERE id = ?",
        ] {
            sqlx::query(&self.sql(sql))
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        self.log(
            &mut tx,
            admin,
            "erase learner",
            &format!("learner hmac-sha256 {mark}: {removed}"),
        )
        .await?;
        tx.commit().await?;
        Ok(removed)
    }

    /// Removes every statement stored, document changed and artefact made `days` days ago
    /// or earlier, as the school's retention rule asks, and logs it as `admin`'s action.
    pub async fn purge_older_than(&self, days: u32, admin: &str) -> Result<Removed, StoreError> {
        self.purge_before(&iso8601(now_millis() - i64::from(days) * 86_400_000), admin)
            .await
    }

    /// Removes everything stored, changed or made before `cutoff` (ISO 8601), and logs it.
    pub async fn purge_before(&self, cutoff: &str, admin: &str) -> Result<Removed, StoreError> {
        let millis = parse_iso8601(cutoff).ok_or_else(|| {
            StoreError::Refused(format!("'{cutoff}' is not an ISO 8601 timestamp"))
        })?;
        let cutoff = iso8601(millis);
        let mut tx = self.pool.begin().await?;
        let removed = self
            .delete_records(
                &mut tx,
                &Selection {
                    statements: "SELECT seq FROM statements WHERE stored < ?",
                    documents: "updated < ?",
                    artefacts: "created < ?",
                },
                &cutoff,
            )
            .await?;
        self.log(
            &mut tx,
            admin,
            "retention purge",
            &format!("before {cutoff}: {removed}"),
        )
        .await?;
        tx.commit().await?;
        Ok(removed)
    }

    /// Deletes what `selection` picks, its one text bound being `bind`: statements with their
    /// index rows and the attachments no statement holds any more, documents, and artefacts
    /// with their feedback.
    async fn delete_records(
        &self,
        tx: &mut Transaction<'static, Any>,
        selection: &Selection<'_>,
        bind: &str,
    ) -> Result<Removed, StoreError> {
        let Selection {
            statements: seqs,
            documents,
            artefacts,
        } = selection;
        // The statement subquery may read statement_agents, so that table goes after the
        // statements: their agent rows are then those with no statement.
        let mut removed = Removed::default();
        for (table, column) in [
            ("statement_attachments", "statement_seq"),
            ("statement_activities", "statement_seq"),
            ("statements", "seq"),
        ] {
            let sql = self.sql(&format!("DELETE FROM {table} WHERE {column} IN ({seqs})"));
            let affected = sqlx::query(&sql)
                .bind(bind)
                .execute(&mut **tx)
                .await?
                .rows_affected();
            if table == "statements" {
                removed.statements = affected;
            }
        }
        for sql in [
            "DELETE FROM statement_agents WHERE statement_seq NOT IN (SELECT seq FROM statements)",
            "DELETE FROM attachments WHERE sha2 NOT IN (SELECT sha2 FROM statement_attachments)",
        ] {
            sqlx::query(sql).execute(&mut **tx).await?;
        }
        removed.documents =
            sqlx::query(&self.sql(&format!("DELETE FROM documents WHERE {documents}")))
                .bind(bind)
                .execute(&mut **tx)
                .await?
                .rows_affected();
        sqlx::query(&self.sql(&format!(
            "DELETE FROM feedback WHERE artefact IN (SELECT id FROM artefacts WHERE {artefacts})"
        )))
        .bind(bind)
        .execute(&mut **tx)
        .await?;
        removed.artefacts =
            sqlx::query(&self.sql(&format!("DELETE FROM artefacts WHERE {artefacts}")))
                .bind(bind)
                .execute(&mut **tx)
                .await?
                .rows_affected();
        Ok(removed)
    }

    /// What the admin log says of an erased pupil `id`: an HMAC-SHA-256 of the id under a key
    /// that only this store holds (made when first needed). Whoever has the store and the id
    /// can find the erasure ([`Store::was_erased`]); the log alone does not give the id away,
    /// as a bare hash of a short id would to anyone trying every id.
    pub async fn erasure_mark(&self, id: &str) -> Result<String, StoreError> {
        let key = self.store_secret("erasure-log").await?;
        Ok(hmac_sha256_hex(key.as_bytes(), id.as_bytes()))
    }

    /// The key under which a pupil's name in a class session gives their learner id
    /// ([`crate::pseudonym::learner_id`]): a secret only this store holds, made when first
    /// needed, so that the session server and `retki portfolio learner` give the same id.
    pub async fn learner_key(&self) -> Result<String, StoreError> {
        self.store_secret("session-learner-ids").await
    }

    /// The learner id of the pupil who goes by `name` in class sessions of `class`.
    pub async fn session_learner(&self, class: &str, name: &str) -> Result<String, StoreError> {
        let key = self.learner_key().await?;
        Ok(crate::pseudonym::learner_id(key.as_bytes(), class, name))
    }

    /// When pupil `id` was erased, if the admin log says so.
    pub async fn was_erased(&self, id: &str) -> Result<Option<String>, StoreError> {
        let mark = self.erasure_mark(id).await?;
        let row = sqlx::query(
            &self.sql("SELECT at FROM admin_log WHERE action = 'erase learner' AND detail LIKE ?"),
        )
        .bind(format!("learner hmac-sha256 {mark}:%"))
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|row| sqlx::Row::get::<String, _>(&row, 0)))
    }

    /// The store's own secret called `name`, made (32 random bytes, hexadecimal) the first
    /// time it is asked for.
    async fn store_secret(&self, name: &str) -> Result<String, StoreError> {
        let fresh = format!(
            "{}{}",
            uuid::Uuid::new_v4().simple(),
            uuid::Uuid::new_v4().simple()
        );
        let insert = match self.backend {
            super::Backend::Sqlite => {
                "INSERT OR IGNORE INTO store_secrets (name, value) VALUES (?, ?)"
            }
            super::Backend::Postgres => {
                "INSERT INTO store_secrets (name, value) VALUES (?, ?) ON CONFLICT DO NOTHING"
            }
        };
        sqlx::query(&self.sql(insert))
            .bind(name)
            .bind(fresh)
            .execute(&self.pool)
            .await?;
        let row = sqlx::query(&self.sql("SELECT value FROM store_secrets WHERE name = ?"))
            .bind(name)
            .fetch_one(&self.pool)
            .await?;
        Ok(sqlx::Row::get::<String, _>(&row, 0))
    }

    async fn log(
        &self,
        tx: &mut Transaction<'static, Any>,
        admin: &str,
        action: &str,
        detail: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            &self.sql("INSERT INTO admin_log (at, admin, action, detail) VALUES (?, ?, ?, ?)"),
        )
        .bind(now_iso8601())
        .bind(admin)
        .bind(action)
        .bind(detail)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// The admin log, oldest first: (when, who, what, detail).
    pub async fn admin_log(&self) -> Result<Vec<(String, String, String, String)>, StoreError> {
        let rows = sqlx::query("SELECT at, admin, action, detail FROM admin_log ORDER BY seq")
            .fetch_all(&self.pool)
            .await?;
        Ok(rows
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
            .collect())
    }
}
