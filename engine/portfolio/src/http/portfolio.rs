//! `/portfolio/`: pupils' artefacts, teachers' feedback and sharing, each request checked
//! against [`crate::access`]. What a client may not see answers 404, as what does not exist
//! does, so nothing tells whether another class's pupil made something.

use std::collections::HashMap;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query as UrlQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::{Api, ApiError, Caller, admit, only_parameters, parse_json};
use crate::access::{
    ArtefactAccess, Sharing, can_add_artefact, can_give_feedback, can_read_artefact, can_share,
};
use crate::store::artefacts::{Artefact, NewArtefact};

fn access(artefact: &Artefact) -> ArtefactAccess<'_> {
    ArtefactAccess {
        learner: &artefact.learner,
        class: &artefact.class,
        sharing: artefact.sharing(),
    }
}

/// The artefact `id`, if the caller may see it.
async fn visible(api: &Api, caller: &Caller, id: &str) -> Result<Artefact, ApiError> {
    api.store
        .artefact(id)
        .await?
        .filter(|a| can_read_artefact(&caller.principal, &caller.relations, &access(a)))
        .ok_or_else(|| ApiError::not_found(format!("no artefact {id} that you may see")))
}

/// POST /portfolio/artefacts?learner=&class=&session=&title=&statements=ID,ID with the file
/// as the body and its media type as Content-Type.
pub(super) async fn add(
    State(api): State<Api>,
    headers: HeaderMap,
    UrlQuery(params): UrlQuery<HashMap<String, String>>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let caller = admit(&api, &headers).await?;
    only_parameters(
        &params,
        &["learner", "class", "session", "title", "statements"],
        "POST /portfolio/artefacts",
    )?;
    let required = |name: &str| {
        params
            .get(name)
            .cloned()
            .ok_or_else(|| ApiError::field(name, "this request needs it"))
    };
    let learner = required("learner")?;
    let class = required("class")?;
    if !can_add_artefact(&caller.principal, &caller.relations, &learner, &class) {
        return Err(ApiError::forbidden(
            &caller.principal,
            &format!("add artefacts for {learner} in class {class}"),
        ));
    }
    let new = NewArtefact {
        learner,
        class,
        session: required("session")?,
        title: required("title")?,
        content_type: headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .ok_or_else(|| ApiError::field("Content-Type", "say what the file is"))?
            .to_string(),
        content: body.to_vec(),
        statements: params
            .get("statements")
            .map(|ids| {
                ids.split(',')
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default(),
    };
    let id = api.store.add_artefact(&new).await?;
    Ok((StatusCode::CREATED, Json(json!({"id": id}))).into_response())
}

/// GET /portfolio/artefacts?learner=ID or ?class=CLASS: the ones the caller may see.
pub(super) async fn list(
    State(api): State<Api>,
    headers: HeaderMap,
    UrlQuery(params): UrlQuery<HashMap<String, String>>,
) -> Result<Json<Vec<Artefact>>, ApiError> {
    let caller = admit(&api, &headers).await?;
    only_parameters(&params, &["learner", "class"], "GET /portfolio/artefacts")?;
    let all = match (params.get("learner"), params.get("class")) {
        (Some(learner), None) => api.store.artefacts_of(learner).await?,
        (None, Some(class)) => api.store.artefacts_in(class).await?,
        _ => {
            return Err(ApiError::field(
                "learner",
                "give either learner=ID or class=CLASS",
            ));
        }
    };
    Ok(Json(
        all.into_iter()
            .filter(|a| can_read_artefact(&caller.principal, &caller.relations, &access(a)))
            .collect(),
    ))
}

pub(super) async fn show(
    State(api): State<Api>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<Artefact>, ApiError> {
    let caller = admit(&api, &headers).await?;
    Ok(Json(visible(&api, &caller, &id).await?))
}

pub(super) async fn content(
    State(api): State<Api>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let caller = admit(&api, &headers).await?;
    let artefact = visible(&api, &caller, &id).await?;
    let bytes = api.store.artefact_content(&id).await?.unwrap_or_default();
    Ok(([(header::CONTENT_TYPE, artefact.content_type)], bytes).into_response())
}

/// POST /portfolio/artefacts/ID/feedback with `{"text": "…"}`.
pub(super) async fn feedback(
    State(api): State<Api>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let caller = admit(&api, &headers).await?;
    let artefact = visible(&api, &caller, &id).await?;
    if !can_give_feedback(&caller.principal, &caller.relations, &access(&artefact)) {
        return Err(ApiError::forbidden(
            &caller.principal,
            "give feedback on it",
        ));
    }
    let body = parse_json(&body)?;
    let text = body["text"]
        .as_str()
        .ok_or_else(|| ApiError::field("text", "send {\"text\": \"…\"}"))?;
    let teacher = caller.principal.subject.clone().unwrap_or_default();
    let feedback = api.store.add_feedback(&id, &teacher, text).await?;
    Ok((StatusCode::CREATED, Json(json!({"id": feedback}))).into_response())
}

/// PUT /portfolio/artefacts/ID/sharing with `{"sharing": "private" | "class" | "guardian"}`.
pub(super) async fn share(
    State(api): State<Api>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    let caller = admit(&api, &headers).await?;
    let artefact = visible(&api, &caller, &id).await?;
    if !can_share(&caller.principal, &caller.relations, &access(&artefact)) {
        return Err(ApiError::forbidden(&caller.principal, "change its sharing"));
    }
    let body: Value = parse_json(&body)?;
    let sharing = body["sharing"]
        .as_str()
        .and_then(Sharing::parse)
        .ok_or_else(|| ApiError::field("sharing", "is private, class or guardian"))?;
    api.store.set_sharing(&id, sharing).await?;
    Ok(StatusCode::NO_CONTENT)
}
