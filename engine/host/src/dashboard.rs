//! The teacher's dashboard, served by `retki serve` at `/dashboard/SESSION`: the session's join
//! code, the lesson's steps with the time left, every pupil's connection, step, last point of
//! interest and answers, the latest statements and artefacts arriving in the portfolio, and
//! buttons for launch, back, next, freeze, gather and look-here.
//!
//! Only the session's teacher opens it. The link `retki lesson run` and `retki serve` print
//! carries the teacher key after `#`, which a browser never sends to a server nor puts in a
//! `Referer`; the page sends it once to `/dashboard/SESSION/sign-in`, which answers with a
//! dashboard secret of its own in an `HttpOnly`, `SameSite=Strict` cookie, and takes the key
//! out of the address bar and the history. Every later request is signed in by that cookie,
//! which stops working when the session ends. The page is plain HTML that asks for the
//! session's state once a second.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, mpsc};

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use bevy::prelude::*;
use retki_portfolio::store::Store;
use retki_portfolio::store::statements::Query as StatementQuery;
use retki_session::code::SessionNo;
use retki_session::dashboard::Dashboard;
use retki_session::net::{SessionServer, now_ms};
use retki_session::protocol::TeacherCommand;
use serde::Deserialize;
use serde_json::{Value, json};

/// How often the dashboards' data is brought up to date, s.
const PUBLISH_EVERY_S: f32 = 0.25;
/// How many of the latest statements and artefacts the feed shows.
const FEED_LENGTH: usize = 12;
/// The cookie that signs a dashboard's requests in.
pub const COOKIE: &str = "retki_dashboard";

/// One session's dashboard as last published, and its teacher key.
#[derive(Clone)]
struct Board {
    no: SessionNo,
    key: String,
    view: Dashboard,
    /// Points of interest of the session's places: id → where to point, metres.
    look_at: HashMap<String, [f32; 3]>,
}

/// The dashboards of every open session, by session UUID, shared with the HTTP server.
#[derive(Resource, Clone, Default)]
pub struct Boards(Arc<Mutex<HashMap<String, Board>>>);

/// Signed-in dashboards: each cookie's secret and the session (UUID) it opens.
#[derive(Clone, Default)]
struct SignedIn(Arc<Mutex<HashMap<String, String>>>);

/// A command from a dashboard, and where to send the answer.
struct Command {
    no: SessionNo,
    command: TeacherCommand,
    reply: tokio::sync::oneshot::Sender<Result<(), String>>,
}

/// Commands from dashboards, waiting for the session server's next frame.
#[derive(Resource)]
struct Commands(Mutex<mpsc::Receiver<Command>>);

/// A command was carried out (or the server just started): publish at once, so the page
/// shows it on its next request.
#[derive(Resource)]
struct PublishNow(bool);

impl Default for PublishNow {
    fn default() -> Self {
        Self(true)
    }
}

/// Where the points of interest of each place are, for look-here: place → POI → point.
#[derive(Resource, Clone, Default)]
pub struct PoiPoints(pub HashMap<String, HashMap<String, [f32; 3]>>);

impl PoiPoints {
    /// The points of interest of Retki's places, each at its look-at point or 1.5 m (eye
    /// height) above its place on the map.
    pub fn of_places(places: &crate::Places) -> Self {
        let mut points = HashMap::new();
        for def in &places.scenes {
            if let Some(place) = places.contents.get(def.id) {
                let pois = place
                    .pois
                    .iter()
                    .map(|poi| {
                        let [x, z] = poi.position_m;
                        (
                            poi.id.clone(),
                            poi.look_at_m.unwrap_or([x, poi.height_m + 1.5, z]),
                        )
                    })
                    .collect();
                points.insert(def.id.0.to_owned(), pois);
            }
        }
        Self(points)
    }
}

/// Serves dashboards from the session server: publishes every session's state and carries
/// out the teachers' commands. Returns what the HTTP side needs.
pub fn add_to(app: &mut App, points: PoiPoints) -> DashboardHttp {
    let boards = Boards::default();
    let (commands, waiting) = mpsc::channel();
    app.insert_resource(boards.clone())
        .insert_resource(points)
        .insert_resource(Commands(Mutex::new(waiting)))
        .init_resource::<PublishNow>()
        .add_systems(Update, (carry_out_commands, publish).chain());
    DashboardHttp {
        boards,
        signed_in: SignedIn::default(),
        commands,
        fingerprint: None,
        store: None,
    }
}

fn carry_out_commands(
    commands: Res<Commands>,
    mut sessions: ResMut<SessionServer>,
    mut publish_now: ResMut<PublishNow>,
) {
    let Ok(waiting) = commands.0.lock() else {
        return;
    };
    while let Ok(command) = waiting.try_recv() {
        let done = sessions.command(command.no, command.command);
        publish_now.0 = true;
        let _ = command.reply.send(done);
    }
}

fn publish(
    time: Res<Time>,
    mut since: Local<f32>,
    mut publish_now: ResMut<PublishNow>,
    sessions: Res<SessionServer>,
    points: Res<PoiPoints>,
    boards: Res<Boards>,
) {
    *since += time.delta_secs();
    let opened_or_ended = boards
        .0
        .lock()
        .is_ok_and(|b| b.len() != sessions.server.session_count());
    if *since < PUBLISH_EVERY_S && !publish_now.0 && !opened_or_ended {
        return;
    }
    *since = 0.0;
    publish_now.0 = false;
    let now = now_ms();
    let mut fresh = HashMap::new();
    for (no, uuid) in sessions.server.sessions() {
        let (Some(view), Some(key)) = (
            sessions.server.dashboard(no, now),
            sessions.server.dashboard_key(no),
        ) else {
            continue;
        };
        let look_at = points.0.get(&view.scene).cloned().unwrap_or_default();
        fresh.insert(
            uuid,
            Board {
                no,
                key: key.to_owned(),
                view,
                look_at,
            },
        );
    }
    if let Ok(mut boards) = boards.0.lock() {
        *boards = fresh;
    }
}

/// The HTTP side of the dashboards.
#[derive(Clone)]
pub struct DashboardHttp {
    boards: Boards,
    signed_in: SignedIn,
    commands: mpsc::Sender<Command>,
    store: Option<Store>,
    /// The fingerprint of the server's certificate, shown for pupils' apps to pin.
    fingerprint: Option<retki_session::link::Fingerprint>,
}

impl DashboardHttp {
    /// The routes, reading the portfolio's feed from `store`; the page shows `fingerprint`,
    /// the server's certificate's, beside the join code.
    pub fn routes(
        mut self,
        store: Store,
        fingerprint: Option<retki_session::link::Fingerprint>,
    ) -> Router {
        self.store = Some(store);
        self.fingerprint = fingerprint;
        Router::new()
            .route("/dashboard/{session}", get(page))
            .route("/dashboard/{session}/sign-in", post(sign_in))
            .route("/dashboard/{session}/state", get(state))
            .route("/dashboard/{session}/command", post(command))
            .with_state(self)
    }
}

/// A refused dashboard request.
struct Refused(StatusCode, String);

impl IntoResponse for Refused {
    fn into_response(self) -> Response {
        (self.0, Json(json!({ "error": self.1 }))).into_response()
    }
}

/// Session `session`'s dashboard as published.
fn board(http: &DashboardHttp, session: &str) -> Result<Board, Refused> {
    let boards = http.boards.0.lock().map_err(|_| {
        Refused(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the server failed".into(),
        )
    })?;
    boards.get(session).cloned().ok_or_else(|| {
        Refused(
            StatusCode::NOT_FOUND,
            format!("there is no open session {session} on this server"),
        )
    })
}

/// Session `session`'s dashboard, if the request's cookie opens it.
fn open(http: &DashboardHttp, session: &str, headers: &HeaderMap) -> Result<Board, Refused> {
    let not_signed_in = || {
        Refused(
            StatusCode::UNAUTHORIZED,
            "this dashboard is the session's teacher's: open the whole link that \
             `retki lesson run` or `retki serve` printed (its end, after #, signs you in)"
                .into(),
        )
    };
    let secret = cookie_in(headers).ok_or_else(not_signed_in)?;
    let opens = http
        .signed_in
        .0
        .lock()
        .ok()
        .and_then(|signed_in| signed_in.get(secret).cloned());
    if opens.as_deref() != Some(session) {
        return Err(not_signed_in());
    }
    board(http, session)
}

/// The dashboard secret in the request's `Cookie` header.
fn cookie_in(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| pair.trim().strip_prefix(COOKIE)?.strip_prefix('='))
        .filter(|secret| !secret.is_empty())
}

/// Compares two secrets in time that does not depend on where they differ.
fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

/// Headers of every dashboard page: never cached, and never naming the page to another site.
const PAGE_HEADERS: [(header::HeaderName, &str); 2] = [
    (header::CACHE_CONTROL, "no-store"),
    (header::REFERRER_POLICY, "no-referrer"),
];

/// `GET /dashboard/{session}`: the page. It holds no data (that comes from `state`, signed
/// in), so it is served to anyone who has the session's address.
async fn page(State(http): State<DashboardHttp>, Path(session): Path<String>) -> Response {
    match board(&http, &session) {
        Ok(_) => (PAGE_HEADERS, Html(include_str!("dashboard.html"))).into_response(),
        Err(Refused(status, message)) => (
            status,
            PAGE_HEADERS,
            Html(format!(
                "<!doctype html><meta charset=utf-8><title>Retki</title><p>{}</p>",
                escape(&message)
            )),
        )
            .into_response(),
    }
}

/// `POST /dashboard/{session}/sign-in` with the teacher key as the body: a dashboard secret,
/// in a cookie for this session's dashboard only.
async fn sign_in(
    State(http): State<DashboardHttp>,
    Path(session): Path<String>,
    carried: Option<axum::Extension<crate::tls::Carried>>,
    body: axum::body::Bytes,
) -> Result<Response, Refused> {
    let Board { key, .. } = board(&http, &session)?;
    let given = std::str::from_utf8(&body).unwrap_or_default().trim();
    if given.is_empty() || !same(&key, given) {
        return Err(Refused(
            StatusCode::FORBIDDEN,
            "that is not this session's teacher key".into(),
        ));
    }
    let secret = retki_session::server::random_token();
    let Ok(mut signed_in) = http.signed_in.0.lock() else {
        return Err(Refused(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the server failed".into(),
        ));
    };
    // Secrets of sessions that have ended are dropped.
    if let Ok(boards) = http.boards.0.lock() {
        signed_in.retain(|_, session| boards.contains_key(session));
    }
    signed_in.insert(secret.clone(), session.clone());
    // Over HTTPS the browser sends it back over HTTPS only.
    let secure = match carried {
        Some(axum::Extension(crate::tls::Carried::Https)) => "; Secure",
        _ => "",
    };
    let cookie =
        format!("{COOKIE}={secret}; Path=/dashboard/{session}; HttpOnly; SameSite=Strict{secure}");
    Ok((
        StatusCode::NO_CONTENT,
        [
            (header::SET_COOKIE, cookie),
            (header::CACHE_CONTROL, "no-store".into()),
        ],
    )
        .into_response())
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// `GET /dashboard/{session}/state`: the session, and the latest from the portfolio.
async fn state(
    State(http): State<DashboardHttp>,
    Path(session): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Value>, Refused> {
    let Board { view, look_at, .. } = open(&http, &session, &headers)?;
    let feed = match &http.store {
        Some(store) => feed(store, &view).await.unwrap_or_else(
            |e| json!({ "error": format!("the portfolio store cannot be read: {e}") }),
        ),
        None => Value::Null,
    };
    let mut pois: Vec<&String> = look_at.keys().collect();
    pois.sort();
    Ok(Json(json!({
        "session": view,
        "feed": feed,
        "look_here": pois,
        "fingerprint": http.fingerprint.map(|f| f.to_string()),
        "version": retki_portfolio::VERSION,
    })))
}

/// The latest statements of the session and artefacts from it in the portfolio store.
async fn feed(store: &Store, view: &Dashboard) -> Result<Value, String> {
    let page = store
        .query(&StatementQuery {
            registration: Some(view.session.clone()),
            limit: FEED_LENGTH,
            ..Default::default()
        })
        .await
        .map_err(|e| e.to_string())?;
    let statements: Vec<Value> = page
        .statements
        .into_iter()
        .map(|(_, s)| {
            json!({
                "who": s["actor"]["account"]["name"],
                "verb": s["verb"]["display"]["en-US"],
                "what": s["object"]["id"],
                "when": s["timestamp"],
                "success": s["result"]["success"],
            })
        })
        .collect();
    let mut artefacts: Vec<Value> = store
        .artefacts_in(&view.class)
        .await
        .map_err(|e| e.to_string())?
        .into_iter()
        .filter(|a| a.session == view.session)
        .map(|a| {
            json!({
                "who": a.learner, "kind": a.kind, "title": a.title, "when": a.created,
            })
        })
        .collect();
    artefacts.reverse();
    artefacts.truncate(FEED_LENGTH);
    Ok(json!({ "statements": statements, "artefacts": artefacts }))
}

/// What the page's buttons send.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Asked {
    command: String,
    /// For `look`: the point of interest to look at.
    #[serde(default)]
    poi: Option<String>,
    /// For `freeze`/`unfreeze`: one pupil (by id), or the whole class when left out.
    #[serde(default)]
    pupil: Option<String>,
    /// For `jump`: the step's id.
    #[serde(default)]
    step: Option<String>,
}

/// `POST /dashboard/{session}/command`: one of launch, back, next, jump (with `step`), freeze,
/// unfreeze (with `pupil` for one), gather, look (with `poi`), kick (with `pupil`) and end.
async fn command(
    State(http): State<DashboardHttp>,
    Path(session): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Json<Value>, Refused> {
    let Board {
        no, view, look_at, ..
    } = open(&http, &session, &headers)?;
    let bad = |m: String| Refused(StatusCode::BAD_REQUEST, m);
    let asked: Asked = serde_json::from_slice(&body).map_err(|e| {
        bad(format!(
            "the body must be {{\"command\": …}} (with \"step\" for jump, \"poi\" for look, \
             \"pupil\" to freeze one): {e}"
        ))
    })?;
    let first_step = view
        .lesson
        .as_ref()
        .and_then(|l| l.steps.first())
        .map(|s| s.id.clone());
    let command = match asked.command.as_str() {
        "launch" => TeacherCommand::Jump {
            step: first_step.ok_or_else(|| bad("this session follows no lesson".into()))?,
        },
        "next" => TeacherCommand::Next,
        "jump" => TeacherCommand::Jump {
            step: asked
                .step
                .ok_or_else(|| bad("command: jump needs \"step\", the step's id".into()))?,
        },
        "back" => TeacherCommand::Back,
        "freeze" => TeacherCommand::Freeze { pupil: asked.pupil },
        "kick" => TeacherCommand::Kick {
            pupil: asked
                .pupil
                .ok_or_else(|| bad("command: kick needs \"pupil\", the pupil's id".into()))?,
        },
        "unfreeze" => TeacherCommand::Unfreeze { pupil: asked.pupil },
        "gather" => TeacherCommand::Gather,
        "look" => {
            let poi = asked
                .poi
                .ok_or_else(|| bad("command: look needs \"poi\", the point to look at".into()))?;
            let point = look_at.get(&poi).ok_or_else(|| {
                bad(format!(
                    "poi: there is no point of interest '{poi}' in {}",
                    view.scene
                ))
            })?;
            TeacherCommand::LookHere { point: *point }
        }
        "end" => TeacherCommand::End,
        other => {
            return Err(bad(format!(
                "command: '{other}' is not a command; use launch, back, next, jump, freeze, \
                 unfreeze, gather, look, kick or end"
            )));
        }
    };
    let (reply, answer) = tokio::sync::oneshot::channel();
    let stopped = || {
        Refused(
            StatusCode::SERVICE_UNAVAILABLE,
            "the session server stopped".into(),
        )
    };
    http.commands
        .send(Command { no, command, reply })
        .map_err(|_| stopped())?;
    answer
        .await
        .map_err(|_| stopped())?
        .map_err(|reason| Refused(StatusCode::CONFLICT, reason))?;
    Ok(Json(json!({ "done": asked.command })))
}
