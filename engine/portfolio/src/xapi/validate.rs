//! Validation of xAPI 1.0.3 statements, rule by rule from the specification's Data part
//! (<https://github.com/adlnet/xAPI-Spec/blob/master/xAPI-Data.md>, section 2.4 and 4), on the
//! statement's JSON as it arrived, so the error can name the field it found wrong and the
//! statement can be stored exactly as sent.

use serde_json::{Map, Value};

/// What is wrong with a statement, and where.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct Invalid {
    /// The JSON path of the field, such as `actor.account.homePage` or `context.team`.
    pub field: String,
    /// What is wrong and what the specification wants instead.
    pub message: String,
}

/// Checks one statement. `Ok` means an LRS may store it.
pub fn statement(value: &Value) -> Result<(), Invalid> {
    let at = Path::root();
    let object = at.object(value)?;
    at.only(
        object,
        &[
            "id",
            "actor",
            "verb",
            "object",
            "result",
            "context",
            "timestamp",
            "stored",
            "authority",
            "version",
            "attachments",
        ],
    )?;
    if let Some(id) = object.get("id") {
        at.child("id").uuid(id)?;
    }
    actor(&at.child("actor"), at.required(object, "actor")?)?;
    verb(&at.child("verb"), at.required(object, "verb")?)?;
    let target = at.required(object, "object")?;
    statement_object(&at.child("object"), target, true)?;
    // Data 2.3.2: a voiding statement's object is the StatementRef of the statement it voids
    // (ADL XAPI-00065).
    if object["verb"]["id"].as_str() == Some(VOIDED_VERB)
        && target.get("objectType").and_then(Value::as_str) != Some("StatementRef")
    {
        return Err(at
            .child("object")
            .child("objectType")
            .invalid("a voiding statement's object is a StatementRef to the voided one".into()));
    }
    if let Some(result) = object.get("result") {
        self::result(&at.child("result"), result)?;
    }
    if let Some(context) = object.get("context") {
        self::context(&at.child("context"), context, target)?;
    }
    if let Some(timestamp) = object.get("timestamp") {
        at.child("timestamp").timestamp(timestamp)?;
    }
    if let Some(stored) = object.get("stored") {
        at.child("stored").timestamp(stored)?;
    }
    if let Some(authority) = object.get("authority") {
        self::authority(&at.child("authority"), authority)?;
    }
    if let Some(version) = object.get("version") {
        let v = at.child("version").string(version)?;
        if !version_is_1_0(v) {
            return Err(at
                .child("version")
                .invalid(format!("'{v}' is not an xAPI 1.0.x version")));
        }
    }
    if let Some(attachments) = object.get("attachments") {
        self::attachments(&at.child("attachments"), attachments)?;
    }
    Ok(())
}

/// The verb that voids the statement its object refers to.
pub const VOIDED_VERB: &str = "http://adlnet.gov/expapi/verbs/voided";

/// Data 2.4.9: the authority is an Agent, or an anonymous Group of exactly two Agents (an
/// OAuth consumer and the user it acts for; ADL XAPI-00098 … XAPI-00100).
fn authority(at: &Path, value: &Value) -> Result<(), Invalid> {
    actor(at, value)?;
    let object = at.object(value)?;
    if object.get("objectType").and_then(Value::as_str) != Some("Group") {
        return Ok(());
    }
    if identifiers(at, object)? > 0 {
        return Err(at.invalid("an authority Group is anonymous (no identifier)".into()));
    }
    let members = object
        .get("member")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    if members != 2 {
        return Err(at.child("member").invalid(format!(
            "an authority Group has exactly two Agents (an OAuth consumer and a user), not {members}"
        )));
    }
    Ok(())
}

/// Makes a valid statement's optional forms canonical before it is stored (Data 2.4.6.2): a
/// context activity given as one object becomes a list of one, in the statement and in its
/// sub-statement.
pub fn normalise(statement: &mut Value) {
    let wrap = |context: Option<&mut Value>| {
        let Some(activities) = context
            .and_then(|c| c.get_mut("contextActivities"))
            .and_then(Value::as_object_mut)
        else {
            return;
        };
        for list in activities.values_mut() {
            if list.is_object() {
                *list = Value::Array(vec![list.take()]);
            }
        }
    };
    wrap(statement.get_mut("context"));
    if statement["object"]["objectType"] == "SubStatement" {
        wrap(statement["object"].get_mut("context"));
    }
}

/// The store's definition of an activity after a statement describes it as `new`, when it
/// knew it as `old` (Communication 2.5, ADL XAPI-00154): the language maps (`name`,
/// `description`, and each interaction component's `description`, by the component's id)
/// gain the new languages and take the new texts; every other property is the newest.
pub fn merge_definition(old: &Value, new: &Value) -> Value {
    let (Some(old), Some(new)) = (old.as_object(), new.as_object()) else {
        return new.clone();
    };
    let merge_maps = |old: Option<&Value>, new: &Value| -> Value {
        match (old.and_then(Value::as_object), new.as_object()) {
            (Some(old), Some(new)) => {
                let mut merged = old.clone();
                merged.extend(new.iter().map(|(k, v)| (k.clone(), v.clone())));
                Value::Object(merged)
            }
            _ => new.clone(),
        }
    };
    let mut merged = old.clone();
    for (key, value) in new {
        let value = match key.as_str() {
            "name" | "description" => merge_maps(old.get(key), value),
            "choices" | "scale" | "source" | "target" | "steps" => {
                let before = old.get(key).and_then(Value::as_array);
                match value.as_array() {
                    Some(components) => Value::Array(
                        components
                            .iter()
                            .map(|component| {
                                let earlier = before.and_then(|list| {
                                    list.iter().find(|c| c["id"] == component["id"])
                                });
                                let mut component = component.clone();
                                if let Some(description) = component.get("description").cloned() {
                                    component["description"] = merge_maps(
                                        earlier.and_then(|c| c.get("description")),
                                        &description,
                                    );
                                }
                                component
                            })
                            .collect(),
                    ),
                    None => value.clone(),
                }
            }
            _ => value.clone(),
        };
        merged.insert(key.clone(), value);
    }
    Value::Object(merged)
}

/// Whether `v` names xAPI 1.0.0 to 1.0.x (such as `1.0.3`).
pub fn version_is_1_0(v: &str) -> bool {
    v.strip_prefix("1.0")
        .is_some_and(|rest| rest.is_empty() || rest.strip_prefix('.').is_some_and(is_digits))
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// An Agent or a Group.
/// Checks an Agent or Group on its own, as the `agent` parameter of the xAPI resources
/// carries one.
pub fn agent_or_group(value: &Value) -> Result<(), Invalid> {
    actor(&Path::root(), value)
}

fn actor(at: &Path, value: &Value) -> Result<(), Invalid> {
    let object = at.object(value)?;
    match object
        .get("objectType")
        .map(|t| at.child("objectType").string(t))
    {
        None => agent(at, object),
        Some(Ok("Agent")) => agent(at, object),
        Some(Ok("Group")) => group(at, object),
        Some(Ok(other)) => Err(at
            .child("objectType")
            .invalid(format!("'{other}': an actor is an Agent or a Group"))),
        Some(Err(e)) => Err(e),
    }
}

fn agent(at: &Path, object: &Map<String, Value>) -> Result<(), Invalid> {
    at.only(
        object,
        &[
            "objectType",
            "name",
            "mbox",
            "mbox_sha1sum",
            "openid",
            "account",
        ],
    )?;
    if let Some(name) = object.get("name") {
        at.child("name").string(name)?;
    }
    match identifiers(at, object)? {
        1 => Ok(()),
        0 => Err(at.invalid(
            "an Agent needs one identifier: mbox, mbox_sha1sum, openid or account".into(),
        )),
        n => Err(at.invalid(format!(
            "an Agent has exactly one identifier, this one has {n}"
        ))),
    }
}

fn group(at: &Path, object: &Map<String, Value>) -> Result<(), Invalid> {
    at.only(
        object,
        &[
            "objectType",
            "name",
            "member",
            "mbox",
            "mbox_sha1sum",
            "openid",
            "account",
        ],
    )?;
    if let Some(name) = object.get("name") {
        at.child("name").string(name)?;
    }
    let ids = identifiers(at, object)?;
    if ids > 1 {
        return Err(at.invalid(format!(
            "a Group has at most one identifier, this one has {ids}"
        )));
    }
    match object.get("member") {
        Some(members) => {
            let list = at.child("member").array(members)?;
            for (i, member) in list.iter().enumerate() {
                let m = at.child("member").index(i);
                let member_object = m.object(member)?;
                match member_object.get("objectType") {
                    None => {}
                    Some(Value::String(t)) if t == "Agent" => {}
                    Some(_) => {
                        return Err(m
                            .child("objectType")
                            .invalid("a Group's members are Agents".into()));
                    }
                }
                agent(&m, member_object)?;
            }
            Ok(())
        }
        None if ids == 0 => {
            Err(at.invalid("an anonymous Group (no identifier) must list its members".into()))
        }
        None => Ok(()),
    }
}

/// Counts and checks the inverse functional identifiers of an Agent or Group.
fn identifiers(at: &Path, object: &Map<String, Value>) -> Result<usize, Invalid> {
    let mut count = 0;
    if let Some(mbox) = object.get("mbox") {
        let m = at.child("mbox").string(mbox)?;
        let address = m.strip_prefix("mailto:").ok_or_else(|| {
            at.child("mbox")
                .invalid(format!("'{m}' must be a mailto: IRI"))
        })?;
        if !address.contains('@') {
            return Err(at
                .child("mbox")
                .invalid(format!("'{m}' has no e-mail address")));
        }
        count += 1;
    }
    if let Some(sum) = object.get("mbox_sha1sum") {
        let s = at.child("mbox_sha1sum").string(sum)?;
        if s.len() != 40 || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(at
                .child("mbox_sha1sum")
                .invalid("must be a SHA-1 sum: 40 hexadecimal digits".into()));
        }
        count += 1;
    }
    if let Some(openid) = object.get("openid") {
        at.child("openid").iri(openid)?;
        count += 1;
    }
    if let Some(account) = object.get("account") {
        let a = at.child("account");
        let fields = a.object(account)?;
        a.only(fields, &["homePage", "name"])?;
        a.child("homePage").iri(a.required(fields, "homePage")?)?;
        a.child("name").string(a.required(fields, "name")?)?;
        count += 1;
    }
    Ok(count)
}

fn verb(at: &Path, value: &Value) -> Result<(), Invalid> {
    let object = at.object(value)?;
    at.only(object, &["id", "display"])?;
    at.child("id").iri(at.required(object, "id")?)?;
    if let Some(display) = object.get("display") {
        at.child("display").language_map(display)?;
    }
    Ok(())
}

/// The statement's object; `top` is false inside a SubStatement, which may not nest another.
fn statement_object(at: &Path, value: &Value, top: bool) -> Result<(), Invalid> {
    let object = at.object(value)?;
    let kind = match object.get("objectType") {
        None => "Activity",
        Some(t) => at.child("objectType").string(t)?,
    };
    match kind {
        "Activity" => activity(at, object),
        "Agent" => agent(at, object),
        "Group" => group(at, object),
        "StatementRef" => statement_ref(at, object),
        "SubStatement" if top => sub_statement(at, object),
        "SubStatement" => Err(at
            .child("objectType")
            .invalid("a SubStatement cannot contain another SubStatement".into())),
        other => Err(at.child("objectType").invalid(format!(
            "'{other}': the object is an Activity, Agent, Group, StatementRef or SubStatement"
        ))),
    }
}

fn activity(at: &Path, object: &Map<String, Value>) -> Result<(), Invalid> {
    at.only(object, &["objectType", "id", "definition"])?;
    at.child("id").iri(at.required(object, "id")?)?;
    if let Some(definition) = object.get("definition") {
        activity_definition(&at.child("definition"), definition)?;
    }
    Ok(())
}

/// The interaction types of xAPI's interaction activities.
const INTERACTION_TYPES: [&str; 10] = [
    "true-false",
    "choice",
    "fill-in",
    "long-fill-in",
    "matching",
    "performance",
    "sequencing",
    "likert",
    "numeric",
    "other",
];

/// An activity definition's properties that describe an interaction.
const INTERACTION_PROPERTIES: [&str; 6] = [
    "correctResponsesPattern",
    "choices",
    "scale",
    "source",
    "target",
    "steps",
];

fn activity_definition(at: &Path, value: &Value) -> Result<(), Invalid> {
    let object = at.object(value)?;
    let descriptive = [
        "name",
        "description",
        "type",
        "moreInfo",
        "extensions",
        "interactionType",
    ];
    at.only(
        object,
        &[&descriptive[..], &INTERACTION_PROPERTIES].concat(),
    )?;
    for key in ["name", "description"] {
        if let Some(map) = object.get(key) {
            at.child(key).language_map(map)?;
        }
    }
    for key in ["type", "moreInfo"] {
        if let Some(iri) = object.get(key) {
            at.child(key).iri(iri)?;
        }
    }
    if let Some(extensions) = object.get("extensions") {
        at.child("extensions").extensions(extensions)?;
    }
    let kind = match object.get("interactionType") {
        Some(kind) => {
            let k = at.child("interactionType").string(kind)?;
            if !INTERACTION_TYPES.contains(&k) {
                return Err(at.child("interactionType").invalid(format!(
                    "'{k}' is not one of {}",
                    INTERACTION_TYPES.join(", ")
                )));
            }
            Some(k)
        }
        None => None,
    };
    // Data 2.4.4.1: the interaction properties come with an interaction type, and each
    // component list only with the types that use it (ADL XAPI-00039 … XAPI-00044).
    for key in INTERACTION_PROPERTIES {
        if !object.contains_key(key) {
            continue;
        }
        let Some(kind) = kind else {
            return Err(at
                .child(key)
                .invalid("comes only with an interactionType".into()));
        };
        let fits = match key {
            "choices" => matches!(kind, "choice" | "sequencing"),
            "scale" => kind == "likert",
            "source" | "target" => kind == "matching",
            "steps" => kind == "performance",
            _ => true,
        };
        if !fits {
            return Err(at
                .child(key)
                .invalid(format!("is not a component of a '{kind}' interaction")));
        }
    }
    if let Some(pattern) = object.get("correctResponsesPattern") {
        let p = at.child("correctResponsesPattern");
        for (i, response) in p.array(pattern)?.iter().enumerate() {
            p.index(i).string(response)?;
        }
    }
    for key in ["choices", "scale", "source", "target", "steps"] {
        if let Some(components) = object.get(key) {
            let c = at.child(key);
            for (i, component) in c.array(components)?.iter().enumerate() {
                let ci = c.index(i);
                let fields = ci.object(component)?;
                ci.only(fields, &["id", "description"])?;
                ci.child("id").string(ci.required(fields, "id")?)?;
                if let Some(description) = fields.get("description") {
                    ci.child("description").language_map(description)?;
                }
            }
        }
    }
    Ok(())
}

fn statement_ref(at: &Path, object: &Map<String, Value>) -> Result<(), Invalid> {
    at.only(object, &["objectType", "id"])?;
    at.child("id").uuid(at.required(object, "id")?)
}

fn sub_statement(at: &Path, object: &Map<String, Value>) -> Result<(), Invalid> {
    for forbidden in ["id", "stored", "version", "authority"] {
        if object.contains_key(forbidden) {
            return Err(at
                .child(forbidden)
                .invalid("a SubStatement cannot have this property".into()));
        }
    }
    at.only(
        object,
        &[
            "objectType",
            "actor",
            "verb",
            "object",
            "result",
            "context",
            "timestamp",
            "attachments",
        ],
    )?;
    actor(&at.child("actor"), at.required(object, "actor")?)?;
    verb(&at.child("verb"), at.required(object, "verb")?)?;
    let target = at.required(object, "object")?;
    statement_object(&at.child("object"), target, false)?;
    if let Some(result) = object.get("result") {
        self::result(&at.child("result"), result)?;
    }
    if let Some(context) = object.get("context") {
        self::context(&at.child("context"), context, target)?;
    }
    if let Some(timestamp) = object.get("timestamp") {
        at.child("timestamp").timestamp(timestamp)?;
    }
    if let Some(attachments) = object.get("attachments") {
        self::attachments(&at.child("attachments"), attachments)?;
    }
    Ok(())
}

fn result(at: &Path, value: &Value) -> Result<(), Invalid> {
    let object = at.object(value)?;
    at.only(
        object,
        &[
            "score",
            "success",
            "completion",
            "response",
            "duration",
            "extensions",
        ],
    )?;
    if let Some(score) = object.get("score") {
        let s = at.child("score");
        let fields = s.object(score)?;
        s.only(fields, &["scaled", "raw", "min", "max"])?;
        let number = |key: &str| -> Result<Option<f64>, Invalid> {
            fields.get(key).map(|v| s.child(key).number(v)).transpose()
        };
        let (scaled, raw, min, max) = (
            number("scaled")?,
            number("raw")?,
            number("min")?,
            number("max")?,
        );
        if let Some(scaled) = scaled
            && !(-1.0..=1.0).contains(&scaled)
        {
            return Err(s
                .child("scaled")
                .invalid(format!("{scaled} is outside -1 to 1")));
        }
        if let (Some(min), Some(max)) = (min, max)
            && min >= max
        {
            return Err(s
                .child("min")
                .invalid(format!("min {min} must be less than max {max}")));
        }
        if let Some(raw) = raw {
            if min.is_some_and(|min| raw < min) {
                return Err(s.child("raw").invalid(format!("{raw} is below min")));
            }
            if max.is_some_and(|max| raw > max) {
                return Err(s.child("raw").invalid(format!("{raw} is above max")));
            }
        }
    }
    for key in ["success", "completion"] {
        if let Some(flag) = object.get(key)
            && !flag.is_boolean()
        {
            return Err(at.child(key).invalid("must be true or false".into()));
        }
    }
    if let Some(response) = object.get("response") {
        at.child("response").string(response)?;
    }
    if let Some(duration) = object.get("duration") {
        let d = at.child("duration").string(duration)?;
        if !is_iso8601_duration(d) {
            return Err(at
                .child("duration")
                .invalid(format!("'{d}' is not an ISO 8601 duration such as PT1M30S")));
        }
    }
    if let Some(extensions) = object.get("extensions") {
        at.child("extensions").extensions(extensions)?;
    }
    Ok(())
}

fn context(at: &Path, value: &Value, target: &Value) -> Result<(), Invalid> {
    let object = at.object(value)?;
    at.only(
        object,
        &[
            "registration",
            "instructor",
            "team",
            "contextActivities",
            "revision",
            "platform",
            "language",
            "statement",
            "extensions",
        ],
    )?;
    if let Some(registration) = object.get("registration") {
        at.child("registration").uuid(registration)?;
    }
    if let Some(instructor) = object.get("instructor") {
        actor(&at.child("instructor"), instructor)?;
    }
    if let Some(team) = object.get("team") {
        let t = at.child("team");
        let fields = t.object(team)?;
        if fields.get("objectType").and_then(Value::as_str) != Some("Group") {
            return Err(t.child("objectType").invalid("the team is a Group".into()));
        }
        group(&t, fields)?;
    }
    if let Some(activities) = object.get("contextActivities") {
        let c = at.child("contextActivities");
        let fields = c.object(activities)?;
        c.only(fields, &["parent", "grouping", "category", "other"])?;
        for (key, list) in fields {
            let k = c.child(key);
            // A single Activity is allowed and means a list of one.
            let items: Vec<&Value> = match list {
                Value::Array(items) => items.iter().collect(),
                other => vec![other],
            };
            for (i, item) in items.into_iter().enumerate() {
                let ki = k.index(i);
                let activity_fields = ki.object(item)?;
                if let Some(kind) = activity_fields.get("objectType")
                    && kind.as_str() != Some("Activity")
                {
                    return Err(ki
                        .child("objectType")
                        .invalid("context activities are Activities".into()));
                }
                activity(&ki, activity_fields)?;
            }
        }
    }
    let target_is_activity = match target.get("objectType") {
        None => true,
        Some(kind) => kind.as_str() == Some("Activity"),
    };
    for key in ["revision", "platform"] {
        if let Some(text) = object.get(key) {
            at.child(key).string(text)?;
            if !target_is_activity {
                return Err(at
                    .child(key)
                    .invalid("only allowed when the statement's object is an Activity".into()));
            }
        }
    }
    if let Some(language) = object.get("language") {
        let l = at.child("language").string(language)?;
        if !is_language_tag(l) {
            return Err(at
                .child("language")
                .invalid(format!("'{l}' is not an RFC 5646 language tag")));
        }
    }
    if let Some(reference) = object.get("statement") {
        let s = at.child("statement");
        let fields = s.object(reference)?;
        if fields.get("objectType").and_then(Value::as_str) != Some("StatementRef") {
            return Err(s
                .child("objectType")
                .invalid("context.statement is a StatementRef".into()));
        }
        statement_ref(&s, fields)?;
    }
    if let Some(extensions) = object.get("extensions") {
        at.child("extensions").extensions(extensions)?;
    }
    Ok(())
}

fn attachments(at: &Path, value: &Value) -> Result<(), Invalid> {
    for (i, attachment) in at.array(value)?.iter().enumerate() {
        let a = at.index(i);
        let fields = a.object(attachment)?;
        a.only(
            fields,
            &[
                "usageType",
                "display",
                "description",
                "contentType",
                "length",
                "sha2",
                "fileUrl",
            ],
        )?;
        a.child("usageType").iri(a.required(fields, "usageType")?)?;
        a.child("display")
            .language_map(a.required(fields, "display")?)?;
        if let Some(description) = fields.get("description") {
            a.child("description").language_map(description)?;
        }
        let content_type = a
            .child("contentType")
            .string(a.required(fields, "contentType")?)?;
        if !content_type.contains('/') {
            return Err(a.child("contentType").invalid(format!(
                "'{content_type}' is not a media type such as image/png"
            )));
        }
        let length = a.required(fields, "length")?;
        if length.as_u64().is_none() {
            return Err(a
                .child("length")
                .invalid("must be a whole number of bytes".into()));
        }
        let sha2 = a.child("sha2").string(a.required(fields, "sha2")?)?;
        if !matches!(sha2.len(), 56 | 64 | 96 | 128) || !sha2.bytes().all(|b| b.is_ascii_hexdigit())
        {
            return Err(a
                .child("sha2")
                .invalid("must be a SHA-2 hash in hexadecimal".into()));
        }
        if let Some(url) = fields.get("fileUrl") {
            a.child("fileUrl").iri(url)?;
        }
    }
    Ok(())
}

/// Whether `s` is an ISO 8601 duration as xAPI uses them: `P[nY][nM][nW][nD][T[nH][nM][n[.n]S]]`
/// with at least one part.
pub fn is_iso8601_duration(s: &str) -> bool {
    let Some(rest) = s.strip_prefix('P') else {
        return false;
    };
    let (date, time) = match rest.split_once('T') {
        Some((date, time)) => {
            if time.is_empty() {
                return false;
            }
            (date, Some(time))
        }
        None => (rest, None),
    };
    let parts = |text: &str, units: &[char], fraction_last: bool| -> Option<usize> {
        let mut count = 0;
        let mut number = String::new();
        let mut next_unit = 0;
        for c in text.chars() {
            if c.is_ascii_digit() || c == '.' {
                number.push(c);
                continue;
            }
            let position = units[next_unit..].iter().position(|&u| u == c)? + next_unit;
            let fractional = number.contains('.');
            let ok_fraction = !fractional || (fraction_last && position == units.len() - 1);
            if number.is_empty() || !ok_fraction || number.parse::<f64>().is_err() {
                return None;
            }
            number.clear();
            next_unit = position + 1;
            count += 1;
        }
        number.is_empty().then_some(count)
    };
    let Some(date_parts) = parts(date, &['Y', 'M', 'W', 'D'], false) else {
        return false;
    };
    // Weeks stand alone (ISO 8601 `PnW`; xAPI Data 4.6): `P4W1D` is refused.
    if date.contains('W') && (date_parts > 1 || time.is_some()) {
        return false;
    }
    let time_parts = match time {
        Some(time) => match parts(time, &['H', 'M', 'S'], true) {
            Some(0) | None => return false,
            Some(n) => n,
        },
        None => 0,
    };
    date_parts + time_parts > 0
}

/// Whether `s` is an ISO 8601 date and time with a time zone, as xAPI timestamps are:
/// `YYYY-MM-DDThh:mm:ss[.fraction](Z|±hh:mm)`, on a day the calendar has (`jiff` checks the
/// date and the time of day). The offset `-00:00` ("unknown") is refused, as the
/// specification asks.
pub fn is_iso8601_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 20 {
        return false;
    }
    let digits = |range: std::ops::Range<usize>| b[range].iter().all(u8::is_ascii_digit);
    if !(digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && (b[10] == b'T' || b[10] == b't')
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19))
    {
        return false;
    }
    let mut rest = &s[19..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let end = fraction
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(fraction.len());
        if end == 0 {
            return false;
        }
        rest = &fraction[end..];
    }
    let zone_ok = match rest {
        "Z" | "z" => true,
        "-00:00" => false,
        offset => {
            let o = offset.as_bytes();
            o.len() == 6
                && (o[0] == b'+' || o[0] == b'-')
                && o[1..3].iter().all(u8::is_ascii_digit)
                && o[3] == b':'
                && o[4..6].iter().all(u8::is_ascii_digit)
        }
    };
    zone_ok && s.parse::<jiff::Timestamp>().is_ok()
}

/// Whether `s` is a well-formed RFC 5646 language tag (the `language-tags` crate's parser:
/// language, script, region, variants, extensions, private use and the grandfathered tags).
pub fn is_language_tag(s: &str) -> bool {
    language_tags::LanguageTag::parse(s).is_ok()
}

/// Whether `s` is a UUID in its hyphenated text form.
pub fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// Whether `s` is an absolute IRI: a scheme, a colon, and no spaces.
pub fn is_iri(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !rest.is_empty()
        && !s.chars().any(char::is_whitespace)
}

/// Where in the statement a check is.
#[derive(Clone, Debug)]
struct Path(String);

impl Path {
    fn root() -> Self {
        Self(String::new())
    }

    fn child(&self, key: &str) -> Self {
        if self.0.is_empty() {
            Self(key.to_string())
        } else {
            Self(format!("{}.{key}", self.0))
        }
    }

    fn index(&self, i: usize) -> Self {
        Self(format!("{}[{i}]", self.0))
    }

    fn invalid(&self, message: String) -> Invalid {
        Invalid {
            field: if self.0.is_empty() {
                "statement".to_string()
            } else {
                self.0.clone()
            },
            message,
        }
    }

    fn object<'a>(&self, value: &'a Value) -> Result<&'a Map<String, Value>, Invalid> {
        value
            .as_object()
            .ok_or_else(|| self.invalid(format!("must be a JSON object, not {}", kind(value))))
    }

    fn array<'a>(&self, value: &'a Value) -> Result<&'a Vec<Value>, Invalid> {
        value
            .as_array()
            .ok_or_else(|| self.invalid(format!("must be a JSON array, not {}", kind(value))))
    }

    fn string<'a>(&self, value: &'a Value) -> Result<&'a str, Invalid> {
        value
            .as_str()
            .ok_or_else(|| self.invalid(format!("must be a string, not {}", kind(value))))
    }

    fn number(&self, value: &Value) -> Result<f64, Invalid> {
        value
            .as_f64()
            .ok_or_else(|| self.invalid(format!("must be a number, not {}", kind(value))))
    }

    fn required<'a>(
        &self,
        object: &'a Map<String, Value>,
        key: &str,
    ) -> Result<&'a Value, Invalid> {
        object
            .get(key)
            .ok_or_else(|| self.child(key).invalid("is required".into()))
    }

    /// Refuses properties the specification does not define here, and null values.
    fn only(&self, object: &Map<String, Value>, allowed: &[&str]) -> Result<(), Invalid> {
        for (key, value) in object {
            if !allowed.contains(&key.as_str()) {
                return Err(self.child(key).invalid(format!(
                    "is not an xAPI property here (allowed: {})",
                    allowed.join(", ")
                )));
            }
            if value.is_null() {
                return Err(self.child(key).invalid("cannot be null".into()));
            }
        }
        Ok(())
    }

    fn iri(&self, value: &Value) -> Result<(), Invalid> {
        let s = self.string(value)?;
        if is_iri(s) {
            Ok(())
        } else {
            Err(self.invalid(format!("'{s}' is not an absolute IRI such as https://…")))
        }
    }

    fn uuid(&self, value: &Value) -> Result<(), Invalid> {
        let s = self.string(value)?;
        if is_uuid(s) {
            Ok(())
        } else {
            Err(self.invalid(format!("'{s}' is not a UUID")))
        }
    }

    fn timestamp(&self, value: &Value) -> Result<(), Invalid> {
        let s = self.string(value)?;
        if is_iso8601_timestamp(s) {
            Ok(())
        } else {
            Err(self.invalid(format!(
                "'{s}' is not an ISO 8601 timestamp with a time zone, such as \
                 2026-11-25T09:30:00.000Z"
            )))
        }
    }

    fn language_map(&self, value: &Value) -> Result<(), Invalid> {
        for (tag, text) in self.object(value)? {
            if !is_language_tag(tag) {
                return Err(self
                    .child(tag)
                    .invalid(format!("'{tag}' is not an RFC 5646 language tag")));
            }
            self.child(tag).string(text)?;
        }
        Ok(())
    }

    fn extensions(&self, value: &Value) -> Result<(), Invalid> {
        for key in self.object(value)?.keys() {
            if !is_iri(key) {
                return Err(self
                    .child(key)
                    .invalid("extension keys are absolute IRIs".into()));
            }
        }
        Ok(())
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A statement as Retki records one: a pupil opened a point of interest.
    fn good() -> Value {
        json!({
            "id": "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b",
            "actor": {
                "objectType": "Agent",
                "account": {"homePage": "https://retki.example/school/1", "name": "p-4f3a"}
            },
            "verb": {
                "id": "http://adlnet.gov/expapi/verbs/experienced",
                "display": {"en-US": "experienced", "fi": "koki"}
            },
            "object": {
                "id": "https://retki.example/scenes/seabed/poi/bladderwrack",
                "definition": {"name": {"en": "Bladderwrack"}, "type": "http://adlnet.gov/expapi/activities/module"}
            },
            "result": {"duration": "PT1M30.5S", "score": {"scaled": 0.5, "raw": 5, "min": 0, "max": 10}},
            "context": {
                "registration": "0d8e3f4a-1b2c-4d5e-8f60-718293a4b5c6",
                "team": {"objectType": "Group", "account": {"homePage": "https://retki.example", "name": "class-7b"}},
                "contextActivities": {"parent": {"id": "https://retki.example/lessons/baltic"}},
                "language": "fi-FI",
                "extensions": {"https://retki.example/xapi/position": [1.0, -3.2, 4.0]}
            },
            "timestamp": "2026-11-25T09:30:00.123+02:00",
            "version": "1.0.3"
        })
    }

    fn with(path: &[&str], value: Value) -> Value {
        let mut s = good();
        let mut at = &mut s;
        for key in &path[..path.len() - 1] {
            at = at.get_mut(*key).unwrap();
        }
        at.as_object_mut()
            .unwrap()
            .insert(path[path.len() - 1].to_string(), value);
        s
    }

    fn without(path: &[&str]) -> Value {
        let mut s = good();
        let mut at = &mut s;
        for key in &path[..path.len() - 1] {
            at = at.get_mut(*key).unwrap();
        }
        at.as_object_mut().unwrap().remove(path[path.len() - 1]);
        s
    }

    fn field(s: &Value) -> String {
        statement(s).expect_err("should be refused").field
    }

    #[test]
    fn a_good_statement_passes() {
        assert_eq!(statement(&good()), Ok(()));
        assert_eq!(statement(&without(&["id"])), Ok(()));
        assert_eq!(statement(&without(&["result"])), Ok(()));
    }

    #[test]
    fn required_parts_are_required() {
        assert_eq!(field(&without(&["actor"])), "actor");
        assert_eq!(field(&without(&["verb"])), "verb");
        assert_eq!(field(&without(&["object"])), "object");
        assert_eq!(field(&without(&["verb", "id"])), "verb.id");
        assert_eq!(field(&without(&["object", "id"])), "object.id");
    }

    #[test]
    fn actors_have_exactly_one_identifier() {
        let two = json!({"mbox": "mailto:a@b.fi", "openid": "https://id.example/a"});
        assert_eq!(field(&with(&["actor"], two)), "actor");
        assert_eq!(field(&with(&["actor"], json!({"name": "No Id"}))), "actor");
        assert_eq!(
            field(&with(&["actor"], json!({"mbox": "a@b.fi"}))),
            "actor.mbox"
        );
        assert_eq!(
            field(&with(&["actor"], json!({"mbox_sha1sum": "abc"}))),
            "actor.mbox_sha1sum"
        );
        assert_eq!(
            field(&with(&["actor", "account"], json!({"name": "x"}))),
            "actor.account.homePage"
        );
        let anonymous = json!({"objectType": "Group"});
        assert_eq!(field(&with(&["actor"], anonymous)), "actor");
        let members = json!({"objectType": "Group", "member": [{"mbox": "mailto:a@b.fi"}]});
        assert_eq!(statement(&with(&["actor"], members)), Ok(()));
        let nested = json!({"objectType": "Group", "member": [{"objectType": "Group", "mbox": "mailto:a@b.fi"}]});
        assert_eq!(
            field(&with(&["actor"], nested)),
            "actor.member[0].objectType"
        );
    }

    #[test]
    fn unknown_and_null_properties_are_refused() {
        assert_eq!(field(&with(&["colour"], json!("red"))), "colour");
        assert_eq!(field(&with(&["verb", "name"], json!("x"))), "verb.name");
        assert_eq!(
            field(&with(&["result", "success"], Value::Null)),
            "result.success"
        );
    }

    #[test]
    fn identifiers_times_and_languages_have_their_formats() {
        assert_eq!(field(&with(&["id"], json!("not-a-uuid"))), "id");
        assert_eq!(
            field(&with(&["verb", "id"], json!("experienced"))),
            "verb.id"
        );
        assert_eq!(
            field(&with(&["timestamp"], json!("2026-11-25 09:30"))),
            "timestamp"
        );
        assert_eq!(
            field(&with(&["timestamp"], json!("2026-11-25T09:30:00-00:00"))),
            "timestamp"
        );
        assert_eq!(
            field(&with(&["timestamp"], json!("2026-02-31T09:30:00Z"))),
            "timestamp",
            "there is no 31 February"
        );
        assert_eq!(
            field(&with(&["verb", "display"], json!({"not a tag": "x"}))),
            "verb.display.not a tag"
        );
        assert_eq!(field(&with(&["version"], json!("2.0.0"))), "version");
        assert_eq!(
            field(&with(&["context", "registration"], json!(42))),
            "context.registration"
        );
        assert_eq!(
            field(&with(&["context", "extensions"], json!({"position": 1}))),
            "context.extensions.position"
        );
    }

    #[test]
    fn scores_and_durations_are_checked() {
        assert_eq!(
            field(&with(&["result", "score", "scaled"], json!(1.5))),
            "result.score.scaled"
        );
        assert_eq!(
            field(&with(&["result", "score", "raw"], json!(11))),
            "result.score.raw"
        );
        assert_eq!(
            field(&with(&["result", "duration"], json!("90 seconds"))),
            "result.duration"
        );
        for ok in ["PT1M30S", "P1D", "PT0.5S", "P1Y2M3DT4H5M6.7S", "P2W"] {
            assert!(is_iso8601_duration(ok), "{ok}");
        }
        for bad in [
            "P", "PT", "1M", "PT1.5M2S", "PT5S3M", "P1H", "P4W1D", "P1WT2H",
        ] {
            assert!(!is_iso8601_duration(bad), "{bad}");
        }
    }

    #[test]
    fn context_rules_follow_the_object() {
        assert_eq!(
            field(&with(
                &["context", "team"],
                json!({"mbox": "mailto:a@b.fi"})
            )),
            "context.team.objectType"
        );
        let agent_object = with(
            &["object"],
            json!({"objectType": "Agent", "mbox": "mailto:t@school.fi"}),
        );
        let mut s = agent_object;
        s["context"]["revision"] = json!("2");
        assert_eq!(field(&s), "context.revision");
        let statement_ref = with(
            &["object"],
            json!({"objectType": "StatementRef", "id": "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b"}),
        );
        assert_eq!(statement(&statement_ref), Ok(()));
    }

    #[test]
    fn sub_statements_cannot_nest_or_carry_ids() {
        let sub = json!({
            "objectType": "SubStatement",
            "actor": {"mbox": "mailto:a@b.fi"},
            "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"},
            "object": {"id": "https://retki.example/q/1"}
        });
        assert_eq!(statement(&with(&["object"], sub.clone())), Ok(()));
        let mut with_id = sub.clone();
        with_id["id"] = json!("6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b");
        assert_eq!(field(&with(&["object"], with_id)), "object.id");
        let mut nested = sub.clone();
        nested["object"] = sub;
        assert_eq!(
            field(&with(&["object"], nested)),
            "object.object.objectType"
        );
    }

    #[test]
    fn attachments_need_their_hash_and_type() {
        let attachment = json!([{
            "usageType": "http://adlnet.gov/expapi/attachments/signature",
            "display": {"en": "snapshot"},
            "contentType": "image/png",
            "length": 1024,
            "sha2": "a".repeat(64)
        }]);
        assert_eq!(
            statement(&with(&["attachments"], attachment.clone())),
            Ok(())
        );
        let mut short = attachment.clone();
        short[0]["sha2"] = json!("abc");
        assert_eq!(field(&with(&["attachments"], short)), "attachments[0].sha2");
        let mut no_length = attachment;
        no_length[0]["length"] = json!(-1);
        assert_eq!(
            field(&with(&["attachments"], no_length)),
            "attachments[0].length"
        );
    }

    #[test]
    fn definitions_gain_languages_and_take_the_newest_of_the_rest() {
        let old = json!({
            "name": {"en": "The wreck", "fi": "Hylky"},
            "type": "http://adlnet.gov/expapi/activities/media",
            "choices": [{"id": "a", "description": {"en": "oak"}}]
        });
        let new = json!({
            "name": {"sv": "Vraket", "en": "The wreck of 1740"},
            "description": {"sv": "En skeppsvrak"},
            "type": "http://adlnet.gov/expapi/activities/interaction",
            "choices": [{"id": "a", "description": {"fi": "tammi"}}, {"id": "b"}]
        });
        let merged = merge_definition(&old, &new);
        assert_eq!(
            merged["name"],
            json!({"en": "The wreck of 1740", "fi": "Hylky", "sv": "Vraket"})
        );
        assert_eq!(merged["description"], json!({"sv": "En skeppsvrak"}));
        assert_eq!(
            merged["type"],
            "http://adlnet.gov/expapi/activities/interaction"
        );
        assert_eq!(
            merged["choices"],
            json!([{"id": "a", "description": {"en": "oak", "fi": "tammi"}}, {"id": "b"}])
        );
    }

    #[test]
    fn sql_looking_text_is_just_text() {
        let s = with(
            &["result", "response"],
            json!("'; DROP TABLE statements; --"),
        );
        assert_eq!(statement(&s), Ok(()));
    }
}
