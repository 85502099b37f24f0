//! `retki serve`: the school's server on one machine (a teacher's laptop will do). One port
//! number carries both:
//!
//! - over TCP, HTTP (HTTPS off loopback, see [`crate::tls`]): the portfolio store's API
//!   (`/xapi/`, `/portfolio/`), `POST /sessions`, where a teacher's client opens a class
//!   session, `POST /sessions/token`, where an app gets the connect token for its
//!   connection, and the dashboards;
//! - over UDP, the class sessions themselves (renet's netcode in its secure mode, see
//!   [`retki_session::net`]).
//!
//! The session server is a headless Bevy app on the main thread; the HTTP server and the
//! outbox's sender run on a tokio runtime beside it. Every statement and every change to the
//! sessions' state is written to the outbox (a SQLite file) before anyone is answered, so a
//! restarted server carries on where it stopped and pupils' apps come back by themselves.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::post;
use axum::{Json, Router};
use bevy::app::ScheduleRunnerPlugin;
use bevy::log::LogPlugin;
use bevy::prelude::*;
use retki_portfolio::access::Role as StoreRole;
use retki_portfolio::http::{Api, ApiError, router, signed_in};
use retki_session::discovery::{Announcer, ClassInfo};
use retki_session::net::{
    SessionServer, TokenRequest, TokenRequests, UdpServerPlugins, listen_udp,
};
use retki_session::outbox::Outbox;
use retki_session::record::{Commit, Recorder};
use retki_session::server::{Created, Server, SessionDesign, SessionLesson, Snapshot};
use serde::Deserialize;
use serde_json::json;

use crate::Places;
use crate::tls::Carried;
use retki_session::link::Fingerprint;

/// The place where classes design their schoolyard.
const SCHOOLYARD: &str = "schoolyard";
/// How often the session server runs a frame: every arriving pose goes out again within one,
/// so a pose waits for the server 4 ms on average and at most 8 ms. A frame's own work for a
/// class of 36 is about 0.15 ms (`retki loadtest` reads the server's frame reports); twice
/// as many frames would halve the wait but take a server with nobody in it from 10 % to 17 %
/// of a core.
pub const SERVER_HZ: f64 = 120.0;
/// How often the outbox passes statements on to the store, ms.
const DELIVER_EVERY_MS: u64 = 250;
/// Statements per batch to the store.
const DELIVER_BATCH: usize = 500;
/// The largest body `POST /sessions/token` reads, bytes: a join code and a name, a resume
/// token or a teacher key fit many times over.
const TOKEN_BODY_BYTES: usize = 4096;

/// What `retki serve` was asked to do.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    /// The portfolio store: `sqlite://FILE` or `postgres://…`.
    pub store: String,
    /// Where to listen (TCP for HTTP, UDP for sessions, the same port).
    pub bind: String,
    /// The session server's outbox and saved state.
    pub outbox: PathBuf,
    /// Open a session for this class at start (and print its code and teacher key).
    pub class: Option<String>,
    /// The place that session starts in.
    pub scene: String,
    /// A schoolyard design file the session builds on.
    pub design: Option<PathBuf>,
    /// A lesson plan the session follows (its first step sets the place).
    pub lesson: Option<PathBuf>,
    /// The places a session may be in.
    pub places: Places,
    /// Open the session's dashboard in the browser, when a person is at a terminal with a
    /// display.
    pub open_dashboard: bool,
    /// HTTPS: the school's certificate, the server's own, or plain HTTP.
    pub tls: crate::tls::TlsOptions,
    /// Announce open sessions on the network it listens on (DNS-SD), so apps find them; a
    /// server on loopback never does.
    pub announce: bool,
    /// Open the session for `class` as large
    /// ([`retki_session::server::MAX_PARTICIPANTS_LARGE`] seats).
    pub large: bool,
}

/// The outbox as the session server's recorder: each commit is one synced transaction.
struct OutboxRecorder {
    runtime: tokio::runtime::Handle,
    outbox: Outbox,
}

impl Recorder for OutboxRecorder {
    fn commit(&mut self, commit: &Commit) -> Result<(), String> {
        self.runtime
            .block_on(self.outbox.commit(commit))
            .map_err(|e| e.to_string())
    }
}

/// A session asked for over HTTP, and where to send the answer.
struct Creation {
    class: String,
    scene: String,
    lesson: Option<SessionLesson>,
    design: Option<SessionDesign>,
    large: bool,
    reply: tokio::sync::oneshot::Sender<Result<Created, String>>,
}

/// Sessions asked for over HTTP, waiting for the session server's next frame.
#[derive(Resource)]
struct Creations(Mutex<mpsc::Receiver<Creation>>);

/// The address statements name as the school (the server's home page).
#[derive(Resource, Clone)]
struct School(String);

fn create_sessions(
    creations: Res<Creations>,
    school: Res<School>,
    mut sessions: ResMut<SessionServer>,
) {
    let Ok(waiting) = creations.0.lock() else {
        return;
    };
    while let Ok(creation) = waiting.try_recv() {
        let created =
            sessions.create_session(&school.0, &creation.class, &creation.scene, creation.design);
        sessions.server.set_large(created.no, creation.large);
        info!(
            "session: opened session {} for class {} in {}",
            created.no, creation.class, creation.scene
        );
        let started = match creation.lesson {
            Some(lesson) => sessions
                .server
                .start_lesson(created.no, lesson, retki_session::net::now_ms())
                .map(|()| created),
            None => Ok(created),
        };
        let _ = creation.reply.send(started);
    }
}

/// What `POST /sessions` takes: a place, or a lesson (one of the server's lesson plans, by
/// id), or both (the lesson's first step sets the place).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewSession {
    class: String,
    #[serde(default)]
    scene: Option<String>,
    #[serde(default)]
    lesson: Option<String>,
    /// Seats for two classes together or an assembly.
    #[serde(default)]
    large: bool,
}

/// The server's lesson plan `id` (`assets/lessons/ID.toml`), checked.
fn server_lesson(id: &str, places: &Places) -> Result<SessionLesson, ApiError> {
    let plausible = !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    let folder = retki_core::paths::assets_dir().join("lessons");
    let path = folder.join(format!("{id}.toml"));
    if !plausible || !path.is_file() {
        return Err(ApiError::field(
            "lesson",
            format!(
                "this server has no lesson plan '{id}'; its plans are in {}",
                folder.display()
            ),
        ));
    }
    let plan = load_plan(&path, places).map_err(|problems| {
        ApiError::field(
            "lesson",
            format!("the server's plan has problems: {problems}"),
        )
    })?;
    Ok(SessionLesson { plan, path })
}

/// The example schoolyard, for a lesson that builds in the schoolyard and was given no design.
fn lesson_design(lesson: Option<&SessionLesson>) -> Result<Option<SessionDesign>, String> {
    if !lesson.is_some_and(|l| l.plan.steps.iter().any(|s| s.scene == SCHOOLYARD)) {
        return Ok(None);
    }
    let example = retki_core::paths::assets_dir().join(retki_design::EXAMPLE_DESIGN);
    design_for(&example).map(Some)
}

/// Opens `link` in the desktop's browser when someone is at this terminal and there is a
/// display; otherwise the printed link is for them to open.
pub(crate) fn open_in_browser(link: &str) {
    use std::io::IsTerminal;
    let display = ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|v| std::env::var_os(v).is_some_and(|d| !d.is_empty()));
    if !display || !std::io::stdout().is_terminal() {
        return;
    }
    match std::process::Command::new("xdg-open")
        .arg(link)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    {
        Ok(_) => println!("opening the dashboard in the browser"),
        Err(_) => println!("open the dashboard link above in a browser"),
    }
}

/// The link to a session's dashboard, with its dashboard key: whoever has it guides the class
/// from the dashboard (not from an app: that takes the teacher key).
pub fn dashboard_link(home_page: &str, session: &str, dashboard_key: &str) -> String {
    format!("{home_page}/dashboard/{session}#{dashboard_key}")
}

#[derive(Clone)]
struct Http {
    api: Api,
    creations: mpsc::Sender<Creation>,
    places: Arc<Places>,
    /// The server's certificate's fingerprint, over HTTPS.
    fingerprint: Option<Fingerprint>,
}

/// `POST /sessions`: a teacher opens a session for a class they teach (an admin for any).
async fn new_session(
    State(http): State<Http>,
    carried: Option<axum::Extension<Carried>>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<impl IntoResponse, ApiError> {
    let (principal, relations) = signed_in(&http.api, &headers).await?;
    if !matches!(principal.role, StoreRole::Teacher | StoreRole::Admin) {
        return Err(ApiError::forbidden(&principal, "open class sessions"));
    }
    let asked: NewSession = serde_json::from_slice(&body).map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            format!(
                "the body must be {{\"class\": …, \"scene\": …}} or {{\"class\": …, \"lesson\": …}}: {e}"
            ),
        )
    })?;
    if principal.role == StoreRole::Teacher && !relations.classes.contains(&asked.class) {
        return Err(ApiError::field(
            "class",
            format!("you do not teach class '{}'", asked.class),
        ));
    }
    let lesson = asked
        .lesson
        .as_deref()
        .map(|id| server_lesson(id, &http.places))
        .transpose()?;
    let scene = match (&asked.scene, &lesson) {
        (Some(scene), _) => scene.clone(),
        (None, Some(lesson)) => lesson.plan.steps[0].scene.clone(),
        (None, None) => {
            return Err(ApiError::field(
                "scene",
                "give the place (\"scene\") or a lesson plan (\"lesson\")",
            ));
        }
    };
    if !http.places.names().contains(&scene) {
        return Err(ApiError::field(
            "scene",
            format!(
                "unknown place '{scene}'; choose one of: {}",
                http.places.names().join(", ")
            ),
        ));
    }
    let design = lesson_design(lesson.as_ref())
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e))?;
    let (reply, answer) = tokio::sync::oneshot::channel();
    let unavailable = || {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "the session server stopped",
        )
    };
    http.creations
        .send(Creation {
            class: asked.class,
            scene,
            lesson,
            design,
            large: asked.large,
            reply,
        })
        .map_err(|_| unavailable())?;
    let created = answer
        .await
        .map_err(|_| unavailable())?
        .map_err(|e| ApiError::field("lesson", e))?;
    // The dashboard is where the teacher reached this server, the same way.
    let scheme = match carried {
        Some(axum::Extension(Carried::Https)) => "https",
        _ => "http",
    };
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    Ok((
        StatusCode::CREATED,
        Json(json!({
            "code": created.code,
            "teacher_key": created.teacher_key,
            "session": created.id,
            "dashboard": dashboard_link(&format!("{scheme}://{host}"), &created.id, &created.dashboard_key),
            "fingerprint": http.fingerprint.map(|f| f.to_string()),
            "expires_in_s": retki_session::code::CODE_LIFETIME_MS / 1000,
        })),
    ))
}

/// `POST /sessions/token`: a connect token for the UDP session, to a join the session server
/// accepts (a join code with a name, a resume token, or a teacher key, as
/// [`retki_session::protocol::Join`] in JSON). 403 with the reason otherwise; a wrong join
/// code counts against the asker's address as on the UDP side.
async fn connect_token(
    State(tokens): State<mpsc::Sender<TokenRequest>>,
    axum::extract::ConnectInfo(peer): axum::extract::ConnectInfo<SocketAddr>,
    body: axum::body::Bytes,
) -> Result<impl IntoResponse, ApiError> {
    use base64::Engine;
    let join: retki_session::protocol::Join = serde_json::from_slice(&body).map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            format!(
                "the body must be {{\"Code\": {{\"code\": …, \"pseudonym\": …}}}}, \
                 {{\"Resume\": {{\"token\": …}}}} or {{\"Teacher\": {{\"key\": …}}}}: {e}"
            ),
        )
    })?;
    let (reply, answer) = tokio::sync::oneshot::channel();
    let unavailable = || {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "the session server stopped",
        )
    };
    tokens
        .send(TokenRequest {
            join,
            peer: peer.ip().to_string(),
            reply,
        })
        .map_err(|_| unavailable())?;
    let token = answer
        .await
        .map_err(|_| unavailable())?
        .map_err(|why| ApiError::new(StatusCode::FORBIDDEN, why))?;
    Ok(Json(json!({
        "token": base64::engine::general_purpose::STANDARD.encode(token),
        "expires_in_s": retki_session::net::TOKEN_LIFETIME_SECONDS,
    })))
}

fn design_for(path: &std::path::Path) -> Result<SessionDesign, String> {
    let loaded = retki_design::file::load(path).map_err(|e| e.to_string())?;
    Ok(SessionDesign {
        design: loaded.design,
        site_path: loaded.site_path,
    })
}

/// Reads and checks a lesson plan against Retki's places.
fn load_plan(path: &std::path::Path, places: &Places) -> Result<retki_lesson::LessonPlan, String> {
    crate::lesson::check(path, &places.scenes, &places.contents)
}

/// `POST /sessions/token`, reading at most [`TOKEN_BODY_BYTES`] and answering within the
/// request time limit.
fn token_routes(requests: mpsc::Sender<TokenRequest>) -> Router {
    Router::new()
        .route("/sessions/token", post(connect_token))
        .layer(axum::extract::DefaultBodyLimit::max(TOKEN_BODY_BYTES))
        .layer(axum::middleware::from_fn(retki_portfolio::http::time_limit))
        .with_state(requests)
}

/// Runs `retki serve` until the process is stopped.
pub fn serve(options: ServeOptions) -> Result<ExitCode, String> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))?;
    let store = runtime.block_on(retki_portfolio::cli::open(&options.store))?;
    let outbox = runtime
        .block_on(Outbox::open(&options.outbox))
        .map_err(|e| format!("{}: {e}", options.outbox.display()))?;
    let saved = runtime
        .block_on(outbox.load_state())
        .map_err(|e| format!("{}: {e}", options.outbox.display()))?;
    let learner_key = runtime
        .block_on(store.learner_key())
        .map_err(|e| format!("cannot read the store's learner key: {e}"))?;
    let mut server = match saved {
        Some(state) => {
            let snapshot: Snapshot = serde_json::from_value(state)
                .map_err(|e| format!("{}: the saved state: {e}", options.outbox.display()))?;
            let logs = runtime
                .block_on(outbox.load_design_logs())
                .map_err(|e| format!("{}: {e}", options.outbox.display()))?;
            let snapshot = snapshot.with_design_logs(logs);
            let server = Server::restore(snapshot, retki_session::net::now_ms(), &|path| {
                load_plan(path, &options.places)
            })?;
            println!(
                "carrying on with the sessions saved in {}",
                options.outbox.display()
            );
            server
        }
        None => Server::default(),
    };
    server.set_learner_key(learner_key.as_bytes());
    server.set_points_of_interest(
        options
            .places
            .scenes
            .iter()
            .map(|def| {
                let pois = options
                    .places
                    .contents
                    .get(def.id)
                    .map_or_else(Default::default, |place| {
                        place.pois.iter().map(|poi| poi.id.clone()).collect()
                    });
                (def.id.0.to_owned(), pois)
            })
            .collect(),
    );
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(&options.bind))
        .map_err(|e| format!("cannot listen on {}: {e}", options.bind))?;
    let address: SocketAddr = listener
        .local_addr()
        .map_err(|e| format!("cannot read the address listened on: {e}"))?;
    // The school's name in statements (unchanged by how HTTP is carried).
    let home_page = format!("http://{address}");
    let folder = options
        .outbox
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let tls = options.tls.choose(address, folder)?;
    let fingerprint = tls.as_ref().map(|t| t.fingerprint);
    // Where the teacher at this machine opens the dashboard: over loopback, plain HTTP is
    // served even beside HTTPS.
    let web = match (&tls, address.ip().is_unspecified()) {
        (None, _) => home_page.clone(),
        (Some(_), true) => format!("http://127.0.0.1:{}", address.port()),
        (Some(_), false) => format!("https://{address}"),
    };
    match &tls {
        Some(tls) => println!(
            "HTTPS certificate fingerprint (SHA-256): {}",
            tls.fingerprint
        ),
        None if !address.ip().is_loopback() => eprintln!(
            "warning: --insecure-http: join codes, keys and pupils' answers travel readable by \
             anyone on the network to {address}; use it only behind a proxy that does TLS"
        ),
        None => {}
    }

    let mut dashboard_to_open = None;
    let mut app = App::new();
    app.add_plugins((
        MinimalPlugins.set(ScheduleRunnerPlugin::run_loop(Duration::from_secs_f64(
            1.0 / SERVER_HZ,
        ))),
        LogPlugin::default(),
    ));
    let recorder = OutboxRecorder {
        runtime: runtime.handle().clone(),
        outbox: outbox.clone(),
    };
    app.insert_resource(SessionServer::new(server, Some(Box::new(recorder))))
        .add_plugins(UdpServerPlugins);
    let (creations, waiting) = mpsc::channel();
    let (token_requests, tokens_waiting) = mpsc::channel();
    app.insert_resource(Creations(Mutex::new(waiting)))
        .insert_resource(TokenRequests(Mutex::new(tokens_waiting)))
        .insert_resource(School(home_page.clone()))
        .add_systems(Update, create_sessions);
    let dashboards = crate::dashboard::add_to(
        &mut app,
        crate::dashboard::PoiPoints::of_places(&options.places),
    );
    app.finish();
    app.cleanup();
    listen_udp(app.world_mut(), address)?;

    if let Some(class) = &options.class {
        let mut design = options.design.as_deref().map(design_for).transpose()?;
        let lesson = options
            .lesson
            .as_deref()
            .map(|path| {
                load_plan(path, &options.places).map(|plan| SessionLesson {
                    plan,
                    path: path.to_path_buf(),
                })
            })
            .transpose()
            .map_err(|problems| format!("the lesson plan has problems:\n{problems}"))?;
        // A lesson that builds in the schoolyard builds on the example yard unless told.
        if design.is_none() {
            design = lesson_design(lesson.as_ref())?;
        }
        let scene = lesson
            .as_ref()
            .and_then(|l| l.plan.steps.first())
            .map_or(options.scene.clone(), |step| step.scene.clone());
        let mut sessions = app.world_mut().resource_mut::<SessionServer>();
        let created = sessions.create_session(&home_page, class, &scene, design);
        sessions.server.set_large(created.no, options.large);
        if let Some(lesson) = lesson {
            println!(
                "lesson: {} ({} steps)",
                lesson.plan.title.en,
                lesson.plan.steps.len()
            );
            sessions
                .server
                .start_lesson(created.no, lesson, retki_session::net::now_ms())?;
        }
        match sessions.server.seats(created.no) {
            Some((seats, _)) if options.large => {
                println!("session for class {class} in {scene}, large: up to {seats} people");
            }
            _ => println!("session for class {class} in {scene}"),
        }
        println!("join code: {}", created.code);
        println!("teacher key: {}", created.teacher_key);
        let link = dashboard_link(&web, &created.id, &created.dashboard_key);
        println!("dashboard: {link}");
        if let Some(print) = fingerprint {
            let server = if address.ip().is_unspecified() {
                format!("THIS-MACHINE:{}", address.port())
            } else {
                address.to_string()
            };
            println!(
                "pupils join with: retki join {} --server {server} --fingerprint {print}",
                created.code
            );
        }
        dashboard_to_open = Some(link);
    }

    let http = Http {
        api: Api::new(store.clone(), home_page.clone()),
        creations,
        places: Arc::new(options.places.clone()),
        fingerprint,
    };
    let routes = Router::new()
        .route("/sessions", post(new_session))
        .layer(axum::middleware::from_fn_with_state(
            http.api.clone(),
            retki_portfolio::http::credentials_first,
        ))
        .with_state(http.clone())
        .merge(token_routes(token_requests))
        .merge(dashboards.routes(store.clone(), fingerprint))
        .merge(router(http.api));
    runtime.spawn(crate::tls::serve(listener, tls, routes));
    let authority = json!({
        "objectType": "Agent",
        "account": {"homePage": home_page, "name": "retki-session"}
    });
    runtime.spawn(async move {
        loop {
            if let Err(error) = outbox.deliver(&store, &authority, DELIVER_BATCH).await {
                eprintln!("warning: statements wait in the outbox: {error}");
            }
            tokio::time::sleep(Duration::from_millis(DELIVER_EVERY_MS)).await;
        }
    });
    let over = if fingerprint.is_some() {
        "HTTPS; plain HTTP from this machine"
    } else {
        "HTTP"
    };
    println!(
        "listening on {web}/xapi/, {web}/portfolio/, {web}/sessions, {web}/dashboard/ ({over}) and udp://{address} (class sessions)"
    );
    if options.open_dashboard
        && let Some(link) = dashboard_to_open
    {
        open_in_browser(&link);
    }
    if options.announce {
        let fingerprint = fingerprint.map(|f| f.to_string());
        match Announcer::start(address) {
            // A server on loopback is for this machine alone, and announces nothing.
            Ok(None) => {}
            Ok(Some(announcer)) => {
                app.insert_resource(Announcements {
                    announcer: Some(announcer),
                    fingerprint,
                })
                .add_systems(Update, announce_classes);
            }
            Err(error) => eprintln!("warning: {error}; pupils need the server's address"),
        }
    }
    app.run();
    if let Some(announcer) = app
        .world_mut()
        .get_resource_mut::<Announcements>()
        .and_then(|mut a| a.announcer.take())
    {
        announcer.stop();
    }
    Ok(ExitCode::SUCCESS)
}

/// How often the announcements are brought up to date with the open sessions, seconds.
const ANNOUNCE_EVERY_S: f32 = 1.0;

/// The server's announcements of its open sessions, and the fingerprint they carry.
#[derive(Resource)]
struct Announcements {
    announcer: Option<Announcer>,
    fingerprint: Option<String>,
}

/// Announces every session pupils can join now (its code still valid), and takes back each
/// one that ended.
fn announce_classes(
    time: Res<Time>,
    mut since: Local<f32>,
    sessions: Res<SessionServer>,
    mut announcements: ResMut<Announcements>,
) {
    *since += time.delta_secs();
    if *since < ANNOUNCE_EVERY_S {
        return;
    }
    *since = 0.0;
    let now = retki_session::net::now_ms();
    let fingerprint = announcements.fingerprint.clone();
    let open: Vec<_> = sessions
        .server
        .sessions()
        .into_iter()
        .filter_map(|(no, _)| {
            let shown = sessions.server.dashboard(no, now)?;
            shown.code.as_ref()?;
            let info = ClassInfo {
                class: shown.class,
                place: shown.scene,
                lesson: shown.lesson.map(|l| l.title),
                fingerprint: fingerprint.clone(),
            };
            Some((no, info))
        })
        .collect();
    if let Some(announcer) = announcements.announcer.as_mut() {
        announcer.keep(&open);
    }
}
