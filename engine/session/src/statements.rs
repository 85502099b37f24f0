//! Learner actions as xAPI 1.0.3 statements: who (a pseudonymous account), did what (a verb
//! from ADL's or Activity Streams' vocabulary), to what (an activity under the school's own
//! address), in which class session (the registration) and class (the team). Each statement
//! gets its id when it is made, so sending it again never makes a second one.

use serde_json::{Value, json};

/// Where Retki's activity ids live, for a school that has not set its own.
pub const ACTIVITY_BASE: &str = "https://retki.invalid/";

/// A verb: its IRI and its English display.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Verb {
    /// The IRI.
    pub id: &'static str,
    /// Its English name.
    pub display: &'static str,
}

/// A lesson step finished (the teacher moved the class on while the pupil was there).
pub const COMPLETED: Verb = Verb {
    id: "http://adlnet.gov/expapi/verbs/completed",
    display: "completed",
};

/// Joined the class session (Activity Streams 1.0).
pub const JOINED: Verb = Verb {
    id: "http://activitystrea.ms/schema/1.0/join",
    display: "joined",
};
/// Left it (Activity Streams 1.0).
pub const LEFT: Verb = Verb {
    id: "http://activitystrea.ms/schema/1.0/leave",
    display: "left",
};
/// Opened a point of interest (ADL).
pub const EXPERIENCED: Verb = Verb {
    id: "http://adlnet.gov/expapi/verbs/experienced",
    display: "experienced",
};
/// Took hold of an object (ADL).
pub const INTERACTED: Verb = Verb {
    id: "http://adlnet.gov/expapi/verbs/interacted",
    display: "interacted",
};
/// Answered a task (ADL).
pub const ANSWERED: Verb = Verb {
    id: "http://adlnet.gov/expapi/verbs/answered",
    display: "answered",
};
/// Watched what a pupil sees: the teacher's, recorded so the school sees who watched whom
/// (Activity Streams 1.0).
pub const WATCHED: Verb = Verb {
    id: "http://activitystrea.ms/schema/1.0/watch",
    display: "watched",
};
/// Placed an item in the schoolyard (Activity Streams 1.0).
pub const CREATED: Verb = Verb {
    id: "http://activitystrea.ms/schema/1.0/create",
    display: "created",
};
/// Moved, turned, resized or recoloured one (Activity Streams 1.0).
pub const UPDATED: Verb = Verb {
    id: "http://activitystrea.ms/schema/1.0/update",
    display: "updated",
};
/// Removed one (Activity Streams 1.0).
pub const DELETED: Verb = Verb {
    id: "http://activitystrea.ms/schema/1.0/delete",
    display: "deleted",
};

/// Who and where: the parts every statement of a session shares.
#[derive(Clone, Debug, PartialEq)]
pub struct SessionContext {
    /// The school's address, the home page of pupils' accounts.
    pub school: String,
    /// The class session's UUID: every statement's registration.
    pub registration: String,
    /// The class's name, such as `7B`: the team.
    pub class: String,
}

impl SessionContext {
    /// A statement that `pupil` (a pseudonymous id) did `verb` to the activity at `path`
    /// (under [`ACTIVITY_BASE`]) at `timestamp` (ISO 8601), with `extra` merged in (a result,
    /// a parent activity).
    pub fn statement(
        &self,
        pupil: &str,
        verb: Verb,
        path: &str,
        timestamp: &str,
        extra: Option<Value>,
    ) -> Value {
        let mut statement = json!({
            "id": uuid::Uuid::new_v4().to_string(),
            "actor": {
                "objectType": "Agent",
                "account": { "homePage": self.school, "name": pupil },
            },
            "verb": { "id": verb.id, "display": { "en-US": verb.display } },
            "object": {
                "objectType": "Activity",
                "id": format!("{ACTIVITY_BASE}{path}"),
            },
            "context": {
                "registration": self.registration,
                "team": {
                    "objectType": "Group",
                    "account": { "homePage": self.school, "name": format!("class-{}", self.class) },
                },
            },
            "timestamp": timestamp,
        });
        // Merged a level deep, so a parent activity joins the context rather than replacing it.
        if let Some(Value::Object(extra)) = extra {
            for (key, value) in extra {
                match (statement.get_mut(&key), value) {
                    (Some(Value::Object(mine)), Value::Object(theirs)) => mine.extend(theirs),
                    (_, value) => statement[key.as_str()] = value,
                }
            }
        }
        statement
    }
}
