//! Who the store knows: learners by pseudonymous id, the classes they are in and their
//! teachers, guardians, and the clients that sign in (each with a role).
//!
//! Learners are account ids the school gives out (`7b-0142`), never names; a name is kept
//! only where the school maps one ([`Store::set_learner_name`]).

use sqlx::Row;

use super::{Store, StoreError, constant_time_eq, sha256_hex};
use crate::access::{Principal, Relations, Role};
use crate::time::now_iso8601;

impl Store {
    /// Makes credentials for a new client called `name` with `role`, acting for `subject`
    /// (the learner of a pupil or guardian, the teacher's id): a key and a secret for HTTP
    /// Basic. Only the secret's SHA-256 is kept, so the secret is shown this once.
    pub async fn create_client(
        &self,
        name: &str,
        role: Role,
        subject: Option<&str>,
    ) -> Result<(String, String), StoreError> {
        if role.needs_subject() != subject.is_some() {
            return Err(StoreError::Refused(if role.needs_subject() {
                format!("a {} client needs --subject: whose it is", role.name())
            } else {
                format!(
                    "a {} client acts for no one: leave out --subject",
                    role.name()
                )
            }));
        }
        let key = uuid::Uuid::new_v4().simple().to_string();
        let secret = format!(
            "{}{}",
            uuid::Uuid::new_v4().simple(),
            uuid::Uuid::new_v4().simple()
        );
        let taken = sqlx::query(&self.sql("SELECT 1 FROM clients WHERE name = ?"))
            .bind(name)
            .fetch_optional(&self.pool)
            .await?;
        if taken.is_some() {
            return Err(StoreError::Refused(format!(
                "there is already a client called '{name}': choose another name"
            )));
        }
        sqlx::query(&self.sql(
            "INSERT INTO clients (name, key, secret_sha256, created, role, subject)
             VALUES (?, ?, ?, ?, ?, ?)",
        ))
        .bind(name)
        .bind(&key)
        .bind(sha256_hex(secret.as_bytes()))
        .bind(now_iso8601())
        .bind(role.name())
        .bind(subject)
        .execute(&self.pool)
        .await?;
        Ok((key, secret))
    }

    /// Who signs in with `key`, if `secret` is its secret.
    pub async fn authenticate(
        &self,
        key: &str,
        secret: &str,
    ) -> Result<Option<Principal>, StoreError> {
        let row = sqlx::query(
            &self.sql("SELECT name, secret_sha256, role, subject FROM clients WHERE key = ?"),
        )
        .bind(key)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.and_then(|row| {
            let expected: String = row.get(1);
            if !constant_time_eq(
                expected.as_bytes(),
                sha256_hex(secret.as_bytes()).as_bytes(),
            ) {
                return None;
            }
            Some(Principal {
                client: row.get(0),
                role: Role::parse(&row.get::<String, _>(2))?,
                subject: row.get(3),
            })
        }))
    }

    /// Records a learner's pseudonymous id (again is fine).
    pub async fn add_learner(&self, id: &str) -> Result<(), StoreError> {
        check_id("learner", id)?;
        sqlx::query(
            &self.sql(
                "INSERT INTO learners (id, created) VALUES (?, ?) ON CONFLICT (id) DO NOTHING",
            ),
        )
        .bind(id)
        .bind(now_iso8601())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Whether `id` is a learner the store knows.
    pub async fn is_learner(&self, id: &str) -> Result<bool, StoreError> {
        let row = sqlx::query(&self.sql("SELECT 1 FROM learners WHERE id = ?"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.is_some())
    }

    /// Keeps the school's name for a learner, where the school chooses to map one.
    pub async fn set_learner_name(&self, id: &str, name: &str) -> Result<(), StoreError> {
        self.known_learner(id).await?;
        sqlx::query(&self.sql(
            "INSERT INTO learner_names (learner, name) VALUES (?, ?)
             ON CONFLICT (learner) DO UPDATE SET name = excluded.name",
        ))
        .bind(id)
        .bind(name)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Puts `pupils` (recorded as learners if new) and `teachers` in `class`.
    pub async fn add_to_class(
        &self,
        class: &str,
        pupils: &[String],
        teachers: &[String],
    ) -> Result<(), StoreError> {
        check_id("class", class)?;
        for pupil in pupils {
            self.add_learner(pupil).await?;
            sqlx::query(&self.sql(
                "INSERT INTO class_pupils (class, learner) VALUES (?, ?)
                 ON CONFLICT (class, learner) DO NOTHING",
            ))
            .bind(class)
            .bind(pupil)
            .execute(&self.pool)
            .await?;
        }
        for teacher in teachers {
            check_id("teacher", teacher)?;
            sqlx::query(&self.sql(
                "INSERT INTO class_teachers (class, teacher) VALUES (?, ?)
                 ON CONFLICT (class, teacher) DO NOTHING",
            ))
            .bind(class)
            .bind(teacher)
            .execute(&self.pool)
            .await?;
        }
        Ok(())
    }

    /// Records `guardian` as a guardian of the learner `learner`.
    pub async fn add_guardian(&self, guardian: &str, learner: &str) -> Result<(), StoreError> {
        check_id("guardian", guardian)?;
        self.known_learner(learner).await?;
        sqlx::query(&self.sql(
            "INSERT INTO guardians (guardian, learner) VALUES (?, ?)
             ON CONFLICT (guardian, learner) DO NOTHING",
        ))
        .bind(guardian)
        .bind(learner)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The classes of a pupil.
    pub async fn classes_of(&self, learner: &str) -> Result<Vec<String>, StoreError> {
        self.strings(
            "SELECT class FROM class_pupils WHERE learner = ? ORDER BY class",
            learner,
        )
        .await
    }

    /// What the access rules need to know about `principal`: the classes it teaches or is
    /// in, and the learners it is a guardian of.
    pub async fn relations(&self, principal: &Principal) -> Result<Relations, StoreError> {
        let subject = principal.subject.as_deref().unwrap_or_default();
        let mut relations = Relations::default();
        match principal.role {
            Role::Teacher => {
                relations.classes = self
                    .strings(
                        "SELECT class FROM class_teachers WHERE teacher = ?",
                        subject,
                    )
                    .await?;
                relations.learners = self
                    .strings(
                        "SELECT DISTINCT p.learner FROM class_pupils p
                         JOIN class_teachers t ON t.class = p.class WHERE t.teacher = ?",
                        subject,
                    )
                    .await?;
            }
            Role::Pupil => {
                relations.classes = self.classes_of(subject).await?;
                relations.learners = vec![subject.to_string()];
            }
            Role::Guardian => {
                relations.learners = self
                    .strings("SELECT learner FROM guardians WHERE guardian = ?", subject)
                    .await?;
            }
            Role::Admin | Role::Service => {}
        }
        Ok(relations)
    }

    /// The first column of `sql`'s rows, with one text bound.
    pub(super) async fn strings(&self, sql: &str, bind: &str) -> Result<Vec<String>, StoreError> {
        let rows = sqlx::query(&self.sql(sql))
            .bind(bind)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.iter().map(|row| row.get::<String, _>(0)).collect())
    }

    /// Refuses a learner id the store does not know.
    pub(super) async fn known_learner(&self, id: &str) -> Result<(), StoreError> {
        if self.is_learner(id).await? {
            Ok(())
        } else {
            Err(StoreError::Refused(format!(
                "no learner '{id}' in this store: add them to a class first \
                 (retki portfolio class add --class CLASS --pupil {id})"
            )))
        }
    }
}

/// Ids are what people type and what files are named after: letters, digits, `-`, `_`, `.`,
/// 1 to 64 of them.
fn check_id(what: &str, id: &str) -> Result<(), StoreError> {
    let fine = (1..=64).contains(&id.len())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && !id.starts_with('.');
    if fine {
        Ok(())
    } else {
        Err(StoreError::Refused(format!(
            "'{id}' is not a {what} id: use 1 to 64 letters, digits, '-', '_' or '.' \
             (a pseudonymous id, not a name)"
        )))
    }
}
