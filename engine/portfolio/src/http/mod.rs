//! The store over HTTP.
//!
//! Under `/xapi/`, the xAPI 1.0.3 resources (Communication part,
//! <https://github.com/adlnet/xAPI-Spec/blob/master/xAPI-Communication.md>): `about`,
//! `statements`, `activities`, `agents`, `activities/state`, `activities/profile` and
//! `agents/profile`. Every request but `about` needs the `X-Experience-API-Version` header;
//! every response carries it.
//!
//! Under `/portfolio/`, pupils' artefacts, feedback and sharing.
//!
//! Both need HTTP Basic credentials of a client the school made
//! (`retki portfolio credentials create`); what each client may do follows [`crate::access`].

mod alternate;
mod documents;
mod format;
mod multipart;
mod portfolio;
mod statements;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post, put};
use axum::{Json, Router};
use base64::Engine;
use serde_json::{Value, json};

use crate::access::{Principal, Relations, Role};
use crate::store::artefacts::MAX_ARTEFACT_BYTES;
use crate::store::{Store, StoreError};
use crate::xapi::{XAPI_VERSION, validate};

/// The largest xAPI request body accepted, bytes: a batch of about a thousand statements, or
/// a few attachments.
pub const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

/// Requests the server works on at once; more are answered 503 at once with `Retry-After`,
/// so a flood cannot hold the server's memory or every connection.
pub const MAX_CONCURRENT_REQUESTS: usize = 64;

/// Artefact uploads (bodies up to [`MAX_ARTEFACT_BYTES`]) the server takes at once: four
/// hold at most 128 MiB.
pub const MAX_CONCURRENT_UPLOADS: usize = 4;

/// How long one request may take, its body included; then it is answered 408.
pub const REQUEST_TIME_LIMIT: Duration = Duration::from_secs(60);

/// How long a client's checked credentials, role and classes are remembered: changes to
/// credentials and classes reach a running server within this time.
pub const SIGN_IN_MEMORY: Duration = Duration::from_secs(30);

/// A checked `Authorization` header: when, who, and what the rules need to know of them.
type SignedIn = (Instant, Principal, Relations);

/// What the API serves from.
#[derive(Clone, Debug)]
pub struct Api {
    store: Store,
    home_page: String,
    /// Recently checked `Authorization` headers, so a busy client is not looked up (and its
    /// secret hashed) on every request.
    signed_in: Arc<Mutex<HashMap<String, SignedIn>>>,
}

impl Api {
    /// Serves `store`. `home_page` is the address clients reach the server at, used as the
    /// `homePage` of the authority written into every statement (`https://school.example`).
    pub fn new(store: Store, home_page: String) -> Self {
        Self {
            store,
            home_page,
            signed_in: Arc::default(),
        }
    }
}

/// The routes, ready to serve.
pub fn router(api: Api) -> Router {
    let xapi = Router::new()
        .route("/xapi/about", get(statements::about))
        .route(
            "/xapi/statements",
            get(statements::get)
                .put(statements::put)
                .post(statements::post)
                .layer(middleware::from_fn_with_state(api.clone(), announce_write)),
        )
        .route("/xapi/activities", get(documents::activity))
        .route("/xapi/agents", get(documents::person))
        .route("/xapi/activities/state", any(documents::state))
        .route("/xapi/activities/profile", any(documents::activity_profile))
        .route("/xapi/agents/profile", any(documents::agent_profile))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn(version_header));
    let portfolio = Router::new()
        .route(
            "/portfolio/artefacts",
            get(portfolio::list).post(portfolio::add),
        )
        .route("/portfolio/artefacts/{id}", get(portfolio::show))
        .route("/portfolio/artefacts/{id}/content", get(portfolio::content))
        .route(
            "/portfolio/artefacts/{id}/feedback",
            post(portfolio::feedback),
        )
        .route("/portfolio/artefacts/{id}/sharing", put(portfolio::share))
        .layer(DefaultBodyLimit::max(MAX_ARTEFACT_BYTES + 64 * 1024))
        .layer(middleware::from_fn_with_state(
            Permits::for_bodies(MAX_CONCURRENT_UPLOADS),
            at_most,
        ));
    let routes = xapi
        .merge(portfolio)
        .layer(middleware::from_fn_with_state(
            api.clone(),
            credentials_first,
        ))
        .with_state(api);
    // A request in the Alternate Request Syntax is rewritten and routed again, through the
    // same routes and credentials.
    routes
        .clone()
        .layer(middleware::from_fn_with_state(
            routes,
            alternate::alternate_syntax,
        ))
        .layer(middleware::from_fn(time_limit))
        .layer(middleware::from_fn_with_state(
            Permits::for_all(MAX_CONCURRENT_REQUESTS),
            at_most,
        ))
}

/// Whether a request carries a body.
fn has_body(request: &Request) -> bool {
    use axum::http::Method;
    let headers = request.headers();
    matches!(
        *request.method(),
        Method::POST | Method::PUT | Method::PATCH
    ) || headers.contains_key(header::TRANSFER_ENCODING)
        || headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v != "0")
}

/// Signs a request with a body in before its body is read: a stranger's upload is refused
/// (401) with its bytes unread, so it never takes the server's memory.
pub async fn credentials_first(
    axum::extract::State(api): axum::extract::State<Api>,
    request: Request,
    next: Next,
) -> Response {
    if has_body(&request)
        && let Err(refusal) = admit(&api, request.headers()).await
    {
        return refusal.into_response();
    }
    next.run(request).await
}

/// Announces a PUT or POST of statements to the store before its body is read, so that the
/// store's writer can wait for it and commit it together with others.
async fn announce_write(
    axum::extract::State(api): axum::extract::State<Api>,
    request: Request,
    next: Next,
) -> Response {
    use axum::http::Method;
    let _announced =
        matches!(*request.method(), Method::POST | Method::PUT).then(|| api.store.announce_write());
    next.run(request).await
}

/// Answers 408 to a request (body included) that takes longer than [`REQUEST_TIME_LIMIT`].
pub async fn time_limit(request: Request, next: Next) -> Response {
    match tokio::time::timeout(REQUEST_TIME_LIMIT, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::new(
            StatusCode::REQUEST_TIMEOUT,
            format!(
                "the request took longer than {} s; send it again",
                REQUEST_TIME_LIMIT.as_secs()
            ),
        )
        .into_response(),
    }
}

/// Places for requests being worked on at once.
#[derive(Clone)]
struct Permits {
    places: Arc<tokio::sync::Semaphore>,
    /// Only requests with a body need a place.
    bodies_only: bool,
}

impl Permits {
    fn for_all(places: usize) -> Self {
        Self {
            places: Arc::new(tokio::sync::Semaphore::new(places)),
            bodies_only: false,
        }
    }

    fn for_bodies(places: usize) -> Self {
        Self {
            bodies_only: true,
            ..Self::for_all(places)
        }
    }
}

/// Lets a request through while it has a place; otherwise answers 503 at once.
async fn at_most(
    axum::extract::State(permits): axum::extract::State<Permits>,
    request: Request,
    next: Next,
) -> Response {
    if permits.bodies_only && !has_body(&request) {
        return next.run(request).await;
    }
    let Ok(_permit) = permits.places.try_acquire_owned() else {
        let mut busy = ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "the server is busy with other requests; try again in a few seconds",
        )
        .into_response();
        busy.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
        return busy;
    };
    next.run(request).await
}

/// Puts `X-Experience-API-Version` on every xAPI response, errors included.
async fn version_header(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    response.headers_mut().insert(
        "X-Experience-API-Version",
        HeaderValue::from_static(XAPI_VERSION),
    );
    response
}

/// A refused request: its status and what to tell the client.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    message: String,
    field: Option<String>,
}

impl ApiError {
    /// A refusal with `status` and what to tell the client.
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
            field: None,
        }
    }

    fn bad(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }

    /// A 400 about the parameter or field `field`.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        Self {
            field: Some(field.into()),
            ..Self::bad(format!("{field}: {}", message.into()))
        }
    }

    /// A 403: `principal` may not do `what`.
    pub fn forbidden(principal: &Principal, what: &str) -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            format!(
                "client '{}' ({}) may not {what}",
                principal.client,
                principal.role.name()
            ),
        )
    }

    fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = json!({"error": self.message});
        if let Some(field) = self.field {
            body["field"] = json!(field);
        }
        let mut response = (self.status, Json(body)).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Basic realm=\"retki\""),
            );
        }
        response
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        let message = error.to_string();
        let (status, field) = match &error {
            StoreError::Invalid { invalid, .. } => {
                (StatusCode::BAD_REQUEST, Some(invalid.field.clone()))
            }
            StoreError::Conflict { .. } => (StatusCode::CONFLICT, Some("id".to_string())),
            StoreError::VoidsVoiding { .. } => {
                (StatusCode::BAD_REQUEST, Some("object.id".to_string()))
            }
            StoreError::Attachment { index, .. } => (
                StatusCode::BAD_REQUEST,
                Some(format!("attachments[{index}]")),
            ),
            StoreError::Refused(_) => (StatusCode::BAD_REQUEST, None),
            StoreError::Precondition(_) => (StatusCode::PRECONDITION_FAILED, None),
            StoreError::Exists(_) => (StatusCode::CONFLICT, None),
            StoreError::Address(_) | StoreError::Commit(_) | StoreError::Database(_) => {
                tracing::error!("portfolio: {message}");
                return Self::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "the store failed; nothing was changed",
                );
            }
        };
        Self {
            status,
            message,
            field,
        }
    }
}

/// A signed-in client, what the store knows of it, and the authority its statements get.
struct Caller {
    principal: Principal,
    relations: Relations,
    authority: Value,
}

impl Caller {
    /// Refuses unless the client is one of `roles`.
    fn must_be(&self, roles: &[Role], what: &str) -> Result<(), ApiError> {
        if roles.contains(&self.principal.role) {
            Ok(())
        } else {
            Err(ApiError::forbidden(&self.principal, what))
        }
    }
}

/// Checks the version header of an xAPI request, then the credentials.
async fn admit_xapi(api: &Api, headers: &HeaderMap) -> Result<Caller, ApiError> {
    let version = headers
        .get("X-Experience-API-Version")
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| ApiError::bad("the X-Experience-API-Version header is missing"))?;
    if !validate::version_is_1_0(version) {
        return Err(ApiError::bad(format!(
            "X-Experience-API-Version '{version}' is not supported: this store speaks 1.0.x"
        )));
    }
    admit(api, headers).await
}

/// Checks the client's HTTP Basic credentials.
async fn admit(api: &Api, headers: &HeaderMap) -> Result<Caller, ApiError> {
    let authorization = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let remembered = api
        .signed_in
        .lock()
        .ok()
        .and_then(|known| known.get(authorization).cloned())
        .filter(|(at, _, _)| at.elapsed() < SIGN_IN_MEMORY);
    let (principal, relations) = match remembered {
        Some((_, principal, relations)) => (principal, relations),
        None => {
            let (principal, relations) = sign_in(api, authorization).await?;
            if let Ok(mut known) = api.signed_in.lock() {
                known.retain(|_, (at, _, _)| at.elapsed() < SIGN_IN_MEMORY);
                known.insert(
                    authorization.to_string(),
                    (Instant::now(), principal.clone(), relations.clone()),
                );
            }
            (principal, relations)
        }
    };
    let authority = json!({
        "objectType": "Agent",
        "account": {"homePage": api.home_page, "name": principal.client}
    });
    Ok(Caller {
        principal,
        relations,
        authority,
    })
}

/// Checks a request's HTTP Basic credentials, for routes served beside these (the session
/// server's): who is calling, and their classes and learners.
pub async fn signed_in(api: &Api, headers: &HeaderMap) -> Result<(Principal, Relations), ApiError> {
    let caller = admit(api, headers).await?;
    Ok((caller.principal, caller.relations))
}

/// Checks an `Authorization` header against the store.
async fn sign_in(api: &Api, authorization: &str) -> Result<(Principal, Relations), ApiError> {
    let unauthorized = |message: &str| ApiError::new(StatusCode::UNAUTHORIZED, message);
    let encoded = authorization
        .strip_prefix("Basic ")
        .ok_or_else(|| unauthorized("HTTP Basic credentials are required"))?;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .ok_or_else(|| unauthorized("the Basic credentials are not base64 of KEY:SECRET"))?;
    let (key, secret) = decoded
        .split_once(':')
        .ok_or_else(|| unauthorized("the Basic credentials are not KEY:SECRET"))?;
    let principal = api
        .store
        .authenticate(key, secret)
        .await?
        .ok_or_else(|| unauthorized("unknown key or wrong secret"))?;
    let relations = api.store.relations(&principal).await?;
    Ok((principal, relations))
}

/// Parses a JSON body, naming the line and column where it goes wrong.
fn parse_json(body: &[u8]) -> Result<Value, ApiError> {
    serde_json::from_slice(body).map_err(|e| {
        ApiError::field(
            "body",
            format!("not JSON: {e} (line {}, column {})", e.line(), e.column()),
        )
    })
}

/// Refuses parameters other than `known`.
fn only_parameters(
    params: &std::collections::HashMap<String, String>,
    known: &[&str],
    resource: &str,
) -> Result<(), ApiError> {
    match params.keys().find(|k| !known.contains(&k.as_str())) {
        Some(unknown) => Err(ApiError::field(
            unknown,
            format!(
                "not a parameter of {resource}; it takes {}",
                known.join(", ")
            ),
        )),
        None => Ok(()),
    }
}
