//! What the fuzz target (`fuzz/fuzz_targets/statement.rs`) checks on any bytes, shared with a
//! test that runs it over mutated statements on every build.

use serde_json::Value;

use super::validate_statement;
use crate::store::agent_key;

/// Parses `data` as a statement body (one statement or a list) and validates each statement.
/// Panics only if something is wrong in here: parsing or validating panics, or the verdict on
/// a statement changes after it is written out and read back.
pub fn check_body(data: &[u8]) {
    let Ok(value) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    let statements = match value {
        Value::Array(list) => list,
        other => vec![other],
    };
    for statement in &statements {
        let verdict = validate_statement(statement);
        let again: Value =
            serde_json::from_str(&statement.to_string()).expect("serde_json reads what it wrote");
        assert_eq!(
            validate_statement(&again),
            verdict,
            "the verdict changed after a round trip"
        );
        if verdict.is_ok() {
            // An accepted statement has an identified actor, unless it is an anonymous group.
            let actor = &statement["actor"];
            assert!(
                agent_key(actor).is_some() || actor["objectType"] == "Group",
                "an accepted actor without an identifier: {actor}"
            );
        }
    }
}
