//! The Alternate Request Syntax (xAPI 1.0.3, Communication 1.3): a client that can only send
//! POST (a browser form, a locked-down network's proxy) sends `POST …?method=GET` (or PUT,
//! DELETE) with `application/x-www-form-urlencoded` fields: the headers it could not send
//! (`Authorization`, `X-Experience-API-Version`, `Content-Type`, `If-Match`, …), the body
//! as `content`, and the resource's parameters. The request is rewritten into the one it
//! stands for, and routed again.

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, Method, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;

use super::{ApiError, MAX_BODY_BYTES};

/// Form fields that are headers of the request they stand for (compared without case).
const HEADER_FIELDS: [&str; 6] = [
    "authorization",
    "x-experience-api-version",
    "content-type",
    "if-match",
    "if-none-match",
    "accept-language",
];

/// Rewrites an xAPI request in the Alternate Request Syntax and sends it through `routes`;
/// leaves every other one alone.
pub async fn alternate_syntax(
    State(routes): State<Router>,
    request: Request,
    next: Next,
) -> Response {
    let alternate = request.method() == Method::POST
        && request.uri().path().starts_with("/xapi/")
        && request
            .uri()
            .query()
            .is_some_and(|q| form_urlencoded::parse(q.as_bytes()).any(|(k, _)| k == "method"));
    if !alternate {
        return next.run(request).await;
    }
    match rewrite(request).await {
        Ok(request) => match routes.oneshot(request).await {
            Ok(response) => response,
            Err(never) => match never {},
        },
        Err(refusal) => refusal.into_response(),
    }
}

async fn rewrite(request: Request) -> Result<Request, ApiError> {
    let (parts, body) = request.into_parts();
    let query: Vec<(String, String)> =
        form_urlencoded::parse(parts.uri.query().unwrap_or("").as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
    if let Some((other, _)) = query.iter().find(|(k, _)| k != "method") {
        return Err(ApiError::field(
            other,
            "with method= in the query, every other parameter goes in the form",
        ));
    }
    let method = match query[0].1.as_str() {
        "GET" => Method::GET,
        "HEAD" => Method::HEAD,
        "PUT" => Method::PUT,
        "POST" => Method::POST,
        "DELETE" => Method::DELETE,
        other => {
            return Err(ApiError::field(
                "method",
                format!("'{other}' is not GET, HEAD, PUT, POST or DELETE"),
            ));
        }
    };
    let form_type = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| {
            t.trim_start()
                .starts_with("application/x-www-form-urlencoded")
        });
    if !form_type {
        return Err(ApiError::field(
            "Content-Type",
            "a request with method= is sent as application/x-www-form-urlencoded",
        ));
    }
    let form = to_bytes(body, MAX_BODY_BYTES).await.map_err(|_| {
        ApiError::field(
            "body",
            format!("larger than {} MiB", MAX_BODY_BYTES / (1024 * 1024)),
        )
    })?;
    let mut headers = parts.headers.clone();
    headers.remove(header::CONTENT_TYPE);
    headers.remove(header::CONTENT_LENGTH);
    let mut content = Vec::new();
    let mut parameters = form_urlencoded::Serializer::new(String::new());
    for (name, value) in form_urlencoded::parse(&form) {
        let lower = name.to_ascii_lowercase();
        if lower == "content" {
            content = value.into_owned().into_bytes();
        } else if HEADER_FIELDS.contains(&lower.as_str()) {
            let value = HeaderValue::from_str(&value)
                .map_err(|_| ApiError::field(&name, "is not a header's value"))?;
            headers.insert(
                HeaderName::from_bytes(lower.as_bytes()).expect("a known header's name"),
                value,
            );
        } else {
            parameters.append_pair(&name, &value);
        }
    }
    let parameters = parameters.finish();
    let uri: Uri = if parameters.is_empty() {
        parts.uri.path().parse()
    } else {
        format!("{}?{parameters}", parts.uri.path()).parse()
    }
    .map_err(|_| ApiError::field("method", "the rewritten address is not valid"))?;
    if !content.is_empty() {
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from(content.len()));
    }
    let mut rewritten = Request::new(Body::from(content));
    *rewritten.method_mut() = method;
    *rewritten.uri_mut() = uri;
    *rewritten.headers_mut() = headers;
    *rewritten.version_mut() = parts.version;
    Ok(rewritten)
}
