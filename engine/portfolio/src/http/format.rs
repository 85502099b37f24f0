//! How statements are sent back: `exact` (as stored), `ids` (agents, groups, activities and
//! verbs cut to what identifies them) or `canonical` (each language map cut to the one
//! language the client prefers), Communication part 2.1.3.

use std::collections::HashMap;

use axum::http::{HeaderMap, header};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::ApiError;

/// The `format` parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(super) enum Format {
    Exact,
    Ids,
    Canonical,
}

impl Format {
    pub(super) fn parse(value: Option<&String>) -> Result<Self, ApiError> {
        match value.map(String::as_str) {
            None | Some("exact") => Ok(Format::Exact),
            Some("ids") => Ok(Format::Ids),
            Some("canonical") => Ok(Format::Canonical),
            Some(other) => Err(ApiError::field(
                "format",
                format!("is ids, exact or canonical, not '{other}'"),
            )),
        }
    }
}

/// The languages of `Accept-Language`, most wanted first.
pub(super) fn accepted_languages(headers: &HeaderMap) -> Vec<String> {
    let Some(value) = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
    else {
        return Vec::new();
    };
    let mut ranked: Vec<(f32, usize, String)> = value
        .split(',')
        .enumerate()
        .filter_map(|(i, part)| {
            let mut pieces = part.split(';');
            let tag = pieces.next()?.trim().to_string();
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.parse().ok()))
                .unwrap_or(1.0);
            (!tag.is_empty() && q > 0.0).then_some((q, i, tag))
        })
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    ranked.into_iter().map(|(_, _, tag)| tag).collect()
}

/// `statement` as `format` asks; `definitions` are the store's own definitions of activities,
/// which `canonical` gives in place of the statement's.
pub(super) fn format_statement(
    statement: &Value,
    format: Format,
    languages: &[String],
    definitions: &HashMap<String, Value>,
) -> Value {
    let mut out = statement.clone();
    match format {
        Format::Exact => {}
        Format::Ids => ids(&mut out),
        Format::Canonical => {
            with_definitions(&mut out, definitions);
            canonical(&mut out, languages);
        }
    }
    out
}

/// Gives each activity of `statement` that the store has a definition of that definition
/// (Communication 2.1.3: canonical answers hold "the canonical definition of the Activity
/// Objects … as determined by the LRS").
fn with_definitions(statement: &mut Value, definitions: &HashMap<String, Value>) {
    each_activity(statement, &mut |a| {
        if let Some(definition) = a["id"].as_str().and_then(|id| definitions.get(id)) {
            a["definition"] = definition.clone();
        }
    });
}

/// Calls `f` on every activity of `statement`: its object, its context activities, and the
/// same in its sub-statement.
fn each_activity(statement: &mut Value, f: &mut dyn FnMut(&mut Value)) {
    match statement["object"]["objectType"].as_str() {
        Some("SubStatement") => each_activity(&mut statement["object"], f),
        None | Some("Activity") => f(&mut statement["object"]),
        _ => {}
    }
    if let Some(groups) = statement
        .get_mut("context")
        .and_then(|c| c.get_mut("contextActivities"))
        .and_then(Value::as_object_mut)
    {
        for group in groups.values_mut() {
            match group {
                Value::Array(list) => list.iter_mut().for_each(&mut *f),
                single => f(single),
            }
        }
    }
}

/// Cuts a statement's agents, groups, activities and verbs to their identifiers.
fn ids(statement: &mut Value) {
    fn agent(value: &mut Value) {
        let Some(object) = value.as_object_mut() else {
            return;
        };
        let identified = ["mbox", "mbox_sha1sum", "openid", "account"]
            .iter()
            .any(|k| object.contains_key(*k));
        let anonymous_group = !identified && object.get("objectType").is_some_and(|t| t == "Group");
        let mut keep = vec!["objectType", "mbox", "mbox_sha1sum", "openid", "account"];
        if anonymous_group {
            keep.push("member");
        }
        object.retain(|k, _| keep.contains(&k.as_str()));
        if let Some(Value::Array(members)) = object.get_mut("member") {
            members.iter_mut().for_each(agent);
        }
    }
    // An activity is its id alone (ADL XAPI-00153).
    fn activity(value: &mut Value) {
        if let Some(object) = value.as_object_mut() {
            object.retain(|k, _| k == "id");
        }
    }
    fn visit(s: &mut Value) {
        agent(&mut s["actor"]);
        if let Some(verb) = s["verb"].as_object_mut() {
            verb.retain(|k, _| k == "id");
        }
        match s["object"]["objectType"].as_str() {
            Some("Agent" | "Group") => agent(&mut s["object"]),
            Some("SubStatement") => visit(&mut s["object"]),
            Some("StatementRef") => {}
            _ => activity(&mut s["object"]),
        }
        if s.get("authority").is_some() {
            agent(&mut s["authority"]);
        }
        if let Some(context) = s.get_mut("context").and_then(Value::as_object_mut) {
            for key in ["instructor", "team"] {
                if let Some(a) = context.get_mut(key) {
                    agent(a);
                }
            }
            if let Some(groups) = context
                .get_mut("contextActivities")
                .and_then(Value::as_object_mut)
            {
                for group in groups.values_mut() {
                    match group {
                        Value::Array(list) => list.iter_mut().for_each(activity),
                        single => activity(single),
                    }
                }
            }
        }
    }
    visit(statement);
}

/// Cuts every language map of a statement to one language: the first of `languages` it has,
/// else `en`, else `und`, else the first it has.
fn canonical(statement: &mut Value, languages: &[String]) {
    fn pick(map: &mut Value, languages: &[String]) {
        let Some(object) = map.as_object_mut() else {
            return;
        };
        let chosen = languages
            .iter()
            .map(String::as_str)
            .chain(["en", "en-US", "en-GB", "und"])
            .find_map(|want| {
                object
                    .keys()
                    .find(|have| {
                        have.eq_ignore_ascii_case(want)
                            || have
                                .split('-')
                                .next()
                                .is_some_and(|base| base.eq_ignore_ascii_case(want))
                    })
                    .cloned()
            })
            .or_else(|| object.keys().next().cloned());
        if let Some(chosen) = chosen {
            let value = object.remove(&chosen);
            let mut only = Map::new();
            if let Some(value) = value {
                only.insert(chosen, value);
            }
            *object = only;
        }
    }
    fn definition(d: &mut Value, languages: &[String]) {
        for key in ["name", "description"] {
            if let Some(map) = d.get_mut(key) {
                pick(map, languages);
            }
        }
        for list in ["choices", "scale", "source", "target", "steps"] {
            if let Some(Value::Array(components)) = d.get_mut(list) {
                for component in components {
                    if let Some(map) = component.get_mut("description") {
                        pick(map, languages);
                    }
                }
            }
        }
    }
    // The verb's and the attachments' labels, here and in a sub-statement.
    fn labels(s: &mut Value, languages: &[String]) {
        if let Some(display) = s["verb"].get_mut("display") {
            pick(display, languages);
        }
        if s["object"]["objectType"] == "SubStatement" {
            labels(&mut s["object"], languages);
        }
        if let Some(Value::Array(attachments)) = s.get_mut("attachments") {
            for a in attachments {
                for key in ["display", "description"] {
                    if let Some(map) = a.get_mut(key) {
                        pick(map, languages);
                    }
                }
            }
        }
    }
    labels(statement, languages);
    each_activity(statement, &mut |a| {
        if let Some(d) = a.get_mut("definition") {
            definition(d, languages);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn statement() -> Value {
        json!({
            "actor": {"objectType": "Agent", "name": "7b-01", "account":
                {"homePage": "https://koulu.example", "name": "7b-01"}},
            "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced",
                     "display": {"en-US": "experienced", "fi": "koki", "sv": "upplevde"}},
            "object": {"id": "https://retki.example/trips/seabed/poi/wreck",
                       "definition": {"name": {"en": "The wreck", "fi": "Hylky"},
                                      "type": "http://adlnet.gov/expapi/activities/media"}},
            "context": {"contextActivities": {"parent": [{"id": "https://retki.example/trips/seabed",
                "definition": {"name": {"en": "Seabed", "fi": "Merenpohja"}}}]}}
        })
    }

    #[test]
    fn ids_keep_only_identifiers() {
        let out = format_statement(&statement(), Format::Ids, &[], &HashMap::new());
        assert_eq!(out["actor"].get("name"), None);
        assert_eq!(out["actor"]["account"]["name"], "7b-01");
        assert_eq!(
            out["verb"],
            json!({"id": "http://adlnet.gov/expapi/verbs/experienced"})
        );
        assert_eq!(
            out["object"],
            json!({"id": "https://retki.example/trips/seabed/poi/wreck"})
        );
        assert_eq!(
            out["context"]["contextActivities"]["parent"][0],
            json!({"id": "https://retki.example/trips/seabed"})
        );
    }

    #[test]
    fn canonical_keeps_the_preferred_language() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT_LANGUAGE,
            "sv;q=0.5, fi, en;q=0.1".parse().unwrap(),
        );
        let languages = accepted_languages(&headers);
        assert_eq!(languages, ["fi", "sv", "en"]);
        let out = format_statement(&statement(), Format::Canonical, &languages, &HashMap::new());
        assert_eq!(out["verb"]["display"], json!({"fi": "koki"}));
        assert_eq!(out["object"]["definition"]["name"], json!({"fi": "Hylky"}));
        let out = format_statement(
            &statement(),
            Format::Canonical,
            &["de".into()],
            &HashMap::new(),
        );
        assert_eq!(out["verb"]["display"], json!({"en-US": "experienced"}));
        assert_eq!(
            out["context"]["contextActivities"]["parent"][0]["definition"]["name"],
            json!({"en": "Seabed"})
        );
    }
}
