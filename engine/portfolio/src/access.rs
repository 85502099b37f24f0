//! Who may see and do what, as plain rules over what the store knows of a signed-in client.
//!
//! - A **pupil** sees their own statements and artefacts, and the artefacts classmates share
//!   with the class; they make artefacts and choose with whom each is shared.
//! - A **teacher** sees the statements and artefacts of the pupils in the classes they teach,
//!   private ones included (they give feedback on them), and nothing of other classes.
//! - A **guardian** sees the artefacts their child shares with the guardian.
//! - An **admin** manages: everything, export and erasure included.
//! - A **service** (a class server, a learning-record tool of the school) writes and reads
//!   statements and documents over xAPI, and sees no artefacts.

/// What a client is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Writes and reads xAPI statements and documents.
    Service,
    /// Manages the store.
    Admin,
    /// Teaches classes.
    Teacher,
    /// Is a learner.
    Pupil,
    /// Is a learner's guardian.
    Guardian,
}

impl Role {
    /// Every role, for help texts.
    pub const ALL: [Role; 5] = [
        Role::Service,
        Role::Admin,
        Role::Teacher,
        Role::Pupil,
        Role::Guardian,
    ];

    /// The role's name, as the command line and the store write it.
    pub fn name(self) -> &'static str {
        match self {
            Role::Service => "service",
            Role::Admin => "admin",
            Role::Teacher => "teacher",
            Role::Pupil => "pupil",
            Role::Guardian => "guardian",
        }
    }

    /// The role called `name`.
    pub fn parse(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.name() == name)
    }

    /// Whether a client of this role acts for someone (a pupil's learner id, a teacher's id,
    /// a guardian's id).
    pub fn needs_subject(self) -> bool {
        matches!(self, Role::Teacher | Role::Pupil | Role::Guardian)
    }
}

/// A signed-in client.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Principal {
    /// The client's name.
    pub client: String,
    /// What it is.
    pub role: Role,
    /// Whom it acts for: the learner id of a pupil, the id of a teacher or guardian.
    pub subject: Option<String>,
}

/// What the store knows about a principal that the rules need.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Relations {
    /// The classes a teacher teaches, or a pupil is in.
    pub classes: Vec<String>,
    /// The learners whose records the principal may see: a teacher's pupils, a pupil
    /// themself, a guardian's children.
    pub learners: Vec<String>,
}

/// With whom an artefact is shared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Sharing {
    /// The pupil and their teachers.
    #[default]
    Private,
    /// Also the pupil's classmates.
    Class,
    /// Also the pupil's guardians.
    Guardian,
}

impl Sharing {
    /// The name, as the API and the store write it.
    pub fn name(self) -> &'static str {
        match self {
            Sharing::Private => "private",
            Sharing::Class => "class",
            Sharing::Guardian => "guardian",
        }
    }

    /// The sharing called `name`.
    pub fn parse(name: &str) -> Option<Sharing> {
        [Sharing::Private, Sharing::Class, Sharing::Guardian]
            .into_iter()
            .find(|s| s.name() == name)
    }
}

/// Whose artefact, in which class, shared how: what the rules look at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArtefactAccess<'a> {
    /// The pupil who made it.
    pub learner: &'a str,
    /// The class it was made in.
    pub class: &'a str,
    /// With whom it is shared.
    pub sharing: Sharing,
}

/// Whether `principal` may see the artefact.
pub fn can_read_artefact(
    principal: &Principal,
    relations: &Relations,
    artefact: &ArtefactAccess,
) -> bool {
    let own = principal.subject.as_deref() == Some(artefact.learner);
    let in_class = relations.classes.iter().any(|c| c == artefact.class);
    match principal.role {
        Role::Admin => true,
        Role::Service => false,
        Role::Teacher => in_class,
        Role::Pupil => own || (in_class && artefact.sharing == Sharing::Class),
        Role::Guardian => {
            artefact.sharing == Sharing::Guardian
                && relations.learners.iter().any(|l| l == artefact.learner)
        }
    }
}

/// Whether `principal` may give feedback on the artefact: its class's teachers.
pub fn can_give_feedback(
    principal: &Principal,
    relations: &Relations,
    artefact: &ArtefactAccess,
) -> bool {
    principal.role == Role::Teacher && relations.classes.iter().any(|c| c == artefact.class)
}

/// Whether `principal` may change with whom the artefact is shared: the pupil who made it,
/// or a teacher of its class.
pub fn can_share(principal: &Principal, relations: &Relations, artefact: &ArtefactAccess) -> bool {
    match principal.role {
        Role::Pupil => principal.subject.as_deref() == Some(artefact.learner),
        Role::Teacher => can_give_feedback(principal, relations, artefact),
        Role::Admin => true,
        Role::Service | Role::Guardian => false,
    }
}

/// Whether `principal` may add an artefact for `learner` in `class`: the pupil in their own
/// class, a teacher of the class, a service (a class server saving snapshots), an admin.
pub fn can_add_artefact(
    principal: &Principal,
    relations: &Relations,
    learner: &str,
    class: &str,
) -> bool {
    let in_class = relations.classes.iter().any(|c| c == class);
    match principal.role {
        Role::Pupil => principal.subject.as_deref() == Some(learner) && in_class,
        Role::Teacher => in_class,
        Role::Service | Role::Admin => true,
        Role::Guardian => false,
    }
}

/// The learners whose statements `principal` may read over xAPI: `None` for all of them.
pub fn statement_scope(principal: &Principal, relations: &Relations) -> Option<Vec<String>> {
    match principal.role {
        Role::Service | Role::Admin => None,
        Role::Teacher | Role::Pupil => Some(relations.learners.clone()),
        Role::Guardian => Some(Vec::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn who(role: Role, subject: &str) -> Principal {
        Principal {
            client: format!("{}-{subject}", role.name()),
            role,
            subject: Some(subject.into()),
        }
    }

    fn relations(classes: &[&str], learners: &[&str]) -> Relations {
        Relations {
            classes: classes.iter().map(|s| s.to_string()).collect(),
            learners: learners.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn each_role_sees_what_it_should_and_nothing_across_classes() {
        let work = |sharing| ArtefactAccess {
            learner: "7b-01",
            class: "7B",
            sharing,
        };
        let pupil = who(Role::Pupil, "7b-01");
        let classmate = who(Role::Pupil, "7b-02");
        let other_class = who(Role::Pupil, "7c-01");
        let teacher = who(Role::Teacher, "t-lind");
        let other_teacher = who(Role::Teacher, "t-berg");
        let guardian = who(Role::Guardian, "g-01");
        let in_7b = relations(&["7B"], &["7b-02"]);
        let in_7c = relations(&["7C"], &["7c-01"]);
        let teaches_7b = relations(&["7B"], &["7b-01", "7b-02"]);
        let teaches_7c = relations(&["7C"], &["7c-01"]);
        let parent = relations(&[], &["7b-01"]);
        for sharing in [Sharing::Private, Sharing::Class, Sharing::Guardian] {
            let a = work(sharing);
            assert!(can_read_artefact(
                &pupil,
                &relations(&["7B"], &["7b-01"]),
                &a
            ));
            assert!(can_read_artefact(&teacher, &teaches_7b, &a));
            assert!(!can_read_artefact(&other_teacher, &teaches_7c, &a));
            assert!(!can_read_artefact(&other_class, &in_7c, &a));
            assert_eq!(
                can_read_artefact(&classmate, &in_7b, &a),
                sharing == Sharing::Class
            );
            assert_eq!(
                can_read_artefact(&guardian, &parent, &a),
                sharing == Sharing::Guardian
            );
            assert!(can_give_feedback(&teacher, &teaches_7b, &a));
            assert!(!can_give_feedback(&other_teacher, &teaches_7c, &a));
            assert!(!can_give_feedback(&pupil, &in_7b, &a));
            assert!(can_share(&pupil, &in_7b, &a));
            assert!(!can_share(&classmate, &in_7b, &a));
        }
        assert!(can_add_artefact(
            &pupil,
            &relations(&["7B"], &[]),
            "7b-01",
            "7B"
        ));
        assert!(!can_add_artefact(
            &pupil,
            &relations(&["7B"], &[]),
            "7b-02",
            "7B"
        ));
        assert!(!can_add_artefact(
            &other_teacher,
            &teaches_7c,
            "7b-01",
            "7B"
        ));
        assert_eq!(statement_scope(&guardian, &parent), Some(Vec::new()));
    }

    #[test]
    fn names_read_back() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.name()), Some(role));
        }
        assert_eq!(Sharing::parse("class"), Some(Sharing::Class));
        assert_eq!(Sharing::parse("everyone"), None);
    }
}
