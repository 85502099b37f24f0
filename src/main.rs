//! `retki`: the app, and the commands around it. See the README for each command.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use bevy::prelude::*;
use clap::{Args, Parser, Subcommand};
use retki::app::{self, Face};
use retki::cli::{parse_scene, parse_size, parse_views};
use retki_core::SceneId;
use retki_core::capture::{CapturePlan, CapturePlugin, CaptureReport, CapturedView};
use retki_core::poi::{Lang, Language, PlaceContents};
use retki_core::scene::TimeOfDay;
use retki_host::Places;
use retki_xr::supervise;
use retki_xr::{Mode, Reentry, ReentryPlugin, RunMode, choose_mode};

#[derive(Parser, Debug)]
#[command(
    name = "retki",
    version = retki_portfolio::VERSION,
    about = "Retki: field trips and co-design for schools"
)]
struct Cli {
    /// How to run the app.
    #[arg(long, value_enum, default_value_t = Mode::Auto, global = true)]
    mode: Mode,
    /// In a headset, show the real world behind Retki's where the headset can (passthrough).
    #[arg(long, global = true)]
    ar: bool,
    /// In a headset, for a pupil who sits: the world is raised so viewpoints are seen from a
    /// standing pupil's height.
    #[arg(long, global = true)]
    seated: bool,
    /// Quit after this many frames (for smoke tests and scripts). In a headset, the frames
    /// the runtime received; then Retki asks the runtime to end the session.
    #[arg(long, global = true)]
    frames: Option<u32>,
    /// When a lost headset's runtime comes back: `ask` (press Enter in the window) or `auto`
    /// (go back in at once).
    #[arg(long, value_enum, default_value_t = Reentry::Ask, global = true)]
    reenter: Reentry,
    /// The language of texts and narration.
    #[arg(long, value_enum, default_value_t = Lang::Fi, global = true)]
    lang: Lang,
    /// Sun time, HH:MM, at places whose Sun moves (the Middle Ages town); noon if not given.
    #[arg(long, global = true)]
    time: Option<String>,
    /// Start in the lobby's list of the classes on the network, for shared school headsets
    /// and laptops: the pupil picks their class, types the code and picks a name.
    #[arg(long, global = true)]
    class_mode: bool,
    /// The folder that holds Retki's `assets/` and `shaders/` (also `RETKI_ASSETS`); by
    /// default they are looked for beside the program, in /usr/share/retki and in the working
    /// directory.
    #[arg(long, global = true, value_name = "DIR")]
    assets: Option<std::path::PathBuf>,
    /// Set by `retki` on the headset and window apps it starts itself.
    #[arg(long, global = true, hide = true)]
    supervised: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Serve a school: class sessions (UDP) and the portfolio store (HTTP: xAPI under
    /// /xapi/, artefacts under /portfolio/, new sessions at /sessions), on one port.
    Serve {
        #[command(flatten)]
        serving: ServeArgs,
        /// Open a session for this class at once, and print its join code and teacher key.
        #[arg(long)]
        class: Option<String>,
        /// The place that session starts in.
        #[arg(long, default_value = "lunar")]
        scene: String,
        /// A schoolyard design the session builds on (with --scene schoolyard).
        #[arg(long)]
        design: Option<PathBuf>,
        /// A lesson plan the session follows (with --class; its first step sets the place).
        #[arg(long)]
        lesson: Option<PathBuf>,
        /// Open that session as large: up to 96 people instead of 64, for two classes
        /// together or an assembly.
        #[arg(long, requires = "class")]
        large: bool,
    },
    /// Join a class session: with the code the teacher shows, or as the teacher with the
    /// session's teacher key. `--mode headless` gives a text client.
    Join {
        /// The join code.
        code: Option<String>,
        /// The server, HOST:PORT. Without it, the class announced on the network (see
        /// `retki classes`), or this machine's server when none is.
        #[arg(long)]
        server: Option<String>,
        /// Among several classes announced on the network, the one to join.
        #[arg(long, conflicts_with = "server")]
        class: Option<String>,
        /// The SHA-256 fingerprint of the server's certificate, as the server and its
        /// dashboard show it: the app speaks HTTPS to the server and trusts that one
        /// certificate only. Not needed for a server on this machine.
        #[arg(long)]
        fingerprint: Option<String>,
        /// The name the class sees you by (a pseudonym, not your real name).
        #[arg(long)]
        name: Option<String>,
        /// Join as the teacher, with the key `retki serve` or POST /sessions gave.
        #[arg(long)]
        teacher_key: Option<String>,
    },
    /// The teacher's second screen: join as an observer with the teacher key and show what
    /// the pupil called NICK sees (recorded, as when the teacher watches).
    Watch {
        /// The pupil's name in the class.
        #[arg(long)]
        pupil: String,
        #[command(flatten)]
        observer: ObserverArgs,
    },
    /// The classroom projector: full screen, joined as an observer, following the teacher's
    /// view (or --pupil's), with the lesson's step and its time in the corner.
    Spectate {
        /// Follow this pupil instead of the teacher.
        #[arg(long)]
        pupil: Option<String>,
        #[command(flatten)]
        observer: ObserverArgs,
    },
    /// List the class sessions announced on this machine's networks (by `retki serve`).
    Classes {
        /// How long to listen, seconds.
        #[arg(long, default_value_t = retki_classroom::join::FIND_SECONDS)]
        seconds: f64,
    },
    /// Simulated pupils in one session: pose latency, bandwidth, the server's CPU and memory.
    Loadtest {
        /// How many pupils.
        #[arg(long, default_value_t = 36)]
        clients: usize,
        /// How long to measure, seconds.
        #[arg(long, default_value_t = 30.0)]
        seconds: f64,
        /// A running server, HOST:PORT (default: start one on loopback).
        #[arg(long)]
        server: Option<String>,
        /// The join code on that server.
        #[arg(long)]
        code: Option<String>,
        /// The SHA-256 fingerprint of that server's certificate, as it prints it.
        #[arg(long)]
        fingerprint: Option<String>,
        /// The store of the server it starts (default: SQLite in a temporary folder).
        #[arg(long)]
        store: Option<String>,
        /// End with one line of JSON.
        #[arg(long)]
        json: bool,
        /// Join one observer too (as `retki spectate` does) and measure what it receives.
        #[arg(long)]
        observer: bool,
        /// Measure a debug build all the same (its figures say little about a release).
        #[arg(long)]
        allow_debug: bool,
    },
    /// Look after the portfolio store: credentials, classes, export, erasure, retention.
    Portfolio(retki_portfolio::cli::PortfolioArgs),
    /// Check, export and look into schoolyard designs.
    Design(retki_design::cli::DesignArgs),
    /// Lesson plans: check one against Retki's places, or run a class session that follows
    /// it.
    Lesson {
        #[command(subcommand)]
        action: LessonCommand,
    },
    /// Go straight into one place.
    Trip {
        /// The place: lunar, seabed, rainforest, middle_ages or schoolyard.
        scene: String,
    },
    /// Render named viewpoints of a place to PNG files, with no display needed (`lobby`:
    /// the lobby's pages, start, classes, code, name and comfort).
    Render {
        /// The place: lunar, seabed, rainforest, middle_ages or schoolyard; or lobby.
        scene: String,
        /// Folder for the images (made if missing).
        #[arg(long)]
        out: PathBuf,
        /// Image size, WIDTHxHEIGHT.
        #[arg(long, default_value = "1280x720")]
        size: String,
        /// `all`, or viewpoint names separated by commas.
        #[arg(long, default_value = "all")]
        views: String,
        /// Open this point of interest in every view, so its panel shows.
        #[arg(long)]
        poi: Option<String>,
    },
    /// Print what each viewpoint of a place costs to draw.
    Stats {
        /// The place: lunar, seabed, rainforest, middle_ages or schoolyard.
        scene: String,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
        /// `all`, or viewpoint names separated by commas.
        #[arg(long, default_value = "all")]
        views: String,
    },
    /// A whole guided lesson on this machine, no display or headset needed: a server on
    /// SQLite, a teacher and five simulated pupils through every step, snapshots and the
    /// schoolyard design into their portfolios, and a summary read back from the store.
    Demo {
        /// The lesson plan.
        #[arg(long, default_value = "assets/lessons/schoolyard-plan.toml")]
        lesson: PathBuf,
        /// Folder for the store, the outbox and the snapshots.
        #[arg(long, default_value = "retki-demo")]
        out: PathBuf,
        /// Keep the server (and its dashboard) up after the lesson, until Ctrl-C.
        #[arg(long)]
        keep_serving: bool,
    },
    /// Show the places: open the lunar trip where there is a display or headset, otherwise
    /// render every place's viewpoints to images.
    Tour {
        /// Folder for the images when rendering.
        #[arg(long, default_value = "retki-tour")]
        out: PathBuf,
    },
}

/// How `retki watch` and `retki spectate` reach the session.
#[derive(Args, Debug, Clone)]
struct ObserverArgs {
    /// The session's teacher key, as `retki serve` or the lesson printed it.
    #[arg(long)]
    teacher_key: String,
    /// The server, HOST:PORT (default: the class announced on the network, or this machine).
    #[arg(long)]
    server: Option<String>,
    /// Among several classes announced on the network, the one to watch.
    #[arg(long, conflicts_with = "server")]
    class: Option<String>,
    /// The SHA-256 fingerprint of the server's certificate.
    #[arg(long)]
    fingerprint: Option<String>,
}

/// Where and how `retki serve` and `retki lesson run` serve.
#[derive(Args, Debug, Clone)]
struct ServeArgs {
    /// The store: sqlite://FILE or postgres://USER:PASSWORD@HOST/DATABASE.
    #[arg(long, default_value = retki_portfolio::cli::DEFAULT_STORE)]
    store: String,
    /// The address and port to listen on (0.0.0.0:8080 to be reached from the LAN).
    #[arg(long, default_value = retki_portfolio::cli::DEFAULT_BIND)]
    bind: String,
    /// The session server's outbox and saved state (a SQLite file). The server's own
    /// certificate is kept beside it.
    #[arg(long, default_value = "retki-session.db")]
    outbox: PathBuf,
    /// The school's certificate chain for HTTPS (PEM). Without it, a server reachable from
    /// the network makes its own certificate; pupils' apps pin either by its fingerprint.
    #[arg(long, requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// The private key of --tls-cert (PEM).
    #[arg(long, requires = "tls_cert")]
    tls_key: Option<PathBuf>,
    /// Serve plain HTTP to the network too, where join codes and keys can be read by
    /// anyone on it (behind a reverse proxy that does TLS, say).
    #[arg(long, conflicts_with = "tls_cert")]
    insecure_http: bool,
    /// Do not announce sessions on the network (DNS-SD); pupils then need the address.
    #[arg(long)]
    no_announce: bool,
}

impl ServeArgs {
    fn tls(&self) -> retki_host::tls::TlsOptions {
        retki_host::tls::TlsOptions {
            cert: self.tls_cert.clone(),
            key: self.tls_key.clone(),
            insecure_http: self.insecure_http,
        }
    }
}

#[derive(Subcommand, Debug)]
#[expect(
    clippy::large_enum_variant,
    reason = "one command, parsed once at start"
)]
enum LessonCommand {
    /// Check a plan against Retki's places; every problem with its file, line and column.
    Check {
        /// The plan, such as assets/lessons/lunar-gravity.toml.
        plan: PathBuf,
    },
    /// Serve a class session that follows the plan (or start it on a running server with
    /// --server); prints the join code, the teacher key and the dashboard's link.
    Run {
        /// The plan, such as assets/lessons/lunar-gravity.toml.
        plan: PathBuf,
        /// The class the session is for.
        #[arg(long, default_value = "class")]
        class: String,
        #[command(flatten)]
        serving: ServeArgs,
        /// Start the lesson on this running server (http://HOST:PORT) instead of serving it
        /// here; the plan must be one of the server's (assets/lessons/ID.toml).
        #[arg(long)]
        server: Option<String>,
        /// With --server: the teacher's credential key (the secret comes from the
        /// RETKI_SECRET environment variable).
        #[arg(long)]
        key: Option<String>,
        /// With --server: the SHA-256 fingerprint of the server's certificate, as the server
        /// printed it (needed unless the server is on this machine).
        #[arg(long)]
        fingerprint: Option<String>,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return refuse_in_one_line(error),
    };
    match run(cli) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

/// Help and the version print as clap writes them; a bad argument is refused in one line
/// that names it and lists the valid choices, as every other input error is.
fn refuse_in_one_line(error: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        error.exit();
    }
    let rendered = error.render().to_string();
    let line: Vec<&str> = rendered
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("For more information"))
        .collect();
    eprintln!("{}", line.join(" "));
    ExitCode::from(2)
}

fn run(cli: Cli) -> Result<ExitCode, String> {
    if let Some(dir) = &cli.assets {
        retki_core::paths::use_root(dir.clone());
    }
    // The portfolio store needs none of the places.
    match cli.command {
        Some(Command::Serve {
            serving,
            class,
            scene,
            design,
            lesson,
            large,
        }) => {
            let places = places()?;
            if !places.names().contains(&scene) {
                return Err(format!(
                    "unknown scene '{scene}'; choose one of: {}",
                    places.names().join(", ")
                ));
            }
            return retki_host::serve::serve(retki_host::serve::ServeOptions {
                tls: serving.tls(),
                store: serving.store,
                bind: serving.bind,
                outbox: serving.outbox,
                class,
                scene,
                design,
                lesson,
                places,
                open_dashboard: false,
                announce: !serving.no_announce,
                large,
            });
        }
        Some(Command::Loadtest {
            clients,
            seconds,
            server,
            code,
            fingerprint,
            store,
            json,
            observer,
            allow_debug,
        }) => {
            return retki_classroom::loadtest::loadtest(&retki_classroom::loadtest::LoadOptions {
                clients,
                seconds,
                server,
                code,
                fingerprint,
                store,
                json,
                observer,
                allow_debug,
            });
        }
        Some(Command::Join {
            ref code,
            ref server,
            ref class,
            ref fingerprint,
            ref name,
            ref teacher_key,
        }) if cli.mode == Mode::Headless => {
            let (server, fingerprint) = join_server(server, class, fingerprint)?;
            return retki_classroom::join::join_headless(&retki_classroom::join::JoinOptions {
                server,
                fingerprint,
                code: code.clone(),
                name: name.clone(),
                teacher_key: teacher_key.clone(),
                observer: false,
            });
        }
        Some(Command::Classes { seconds }) => {
            if !(seconds > 0.0 && seconds <= 60.0) {
                return Err("--seconds: give a time from 0 to 60 seconds".into());
            }
            let found = retki_session::discovery::browse(Duration::from_secs_f64(seconds))?;
            if found.is_empty() {
                println!("no class is announced on this machine's networks");
            }
            for class in found {
                let info = &class.info;
                let lesson = info.lesson.as_ref().map_or(String::new(), |titles| {
                    format!("  lesson \"{}\"", cli.lang.pick(titles))
                });
                let pin = info
                    .fingerprint
                    .as_ref()
                    .map_or(String::new(), |f| format!(" --fingerprint {f}"));
                println!(
                    "class {}  place {}{lesson}  join: retki join CODE --name NAME --server {}{pin}",
                    info.class,
                    info.place,
                    class.server()
                );
            }
            return Ok(ExitCode::SUCCESS);
        }
        Some(Command::Portfolio(args)) => return retki_portfolio::cli::run(args),
        Some(Command::Design(args)) => return retki_design::cli::run(args),
        _ => {}
    }
    let (mode, reentry, lang) = (cli.mode, cli.reenter, cli.lang);
    let time = match &cli.time {
        Some(text) => TimeOfDay::parse(text).map_err(|e| format!("--time: {e}"))?,
        None => TimeOfDay::default(),
    };
    let scenes = retki_scenes::catalogue();
    // Authored content is checked before any window opens; every problem is listed.
    let contents = PlaceContents::load(&scenes)
        .map_err(|errors| format!("the places' content has errors:\n{errors}"))?;
    retki_scenes::schoolyard::load_example()
        .map_err(|problems| format!("the schoolyard's design has problems:\n{problems}"))?;
    retki_classroom::lobby::lobby_texts()
        .map_err(|problems| format!("the lobby's texts have problems:\n{problems}"))?;
    let setup = Setup {
        lang,
        time,
        reentry,
        contents,
    };
    match cli.command {
        Some(
            Command::Serve { .. }
            | Command::Portfolio(_)
            | Command::Design(_)
            | Command::Classes { .. }
            | Command::Loadtest { .. },
        ) => {
            unreachable!("answered before the places load")
        }
        None => run_app(mode, None, &cli, &setup),
        Some(Command::Trip { ref scene }) => {
            run_app(mode, Some(parse_scene(scene, &scenes)?.id), &cli, &setup)
        }
        Some(Command::Render {
            scene,
            out,
            size,
            views,
            poi: None,
        }) if scene == "lobby" => {
            let pages = pick_pictures(&views, &retki::lobby::PAGES, "lobby page")?;
            let pictures = retki::lobby::lobby_pictures(&pages, parse_size(&size)?, |face| {
                setup.build(face, None)
            })?;
            save_pictures(&out, pictures.into_iter().map(|p| (p.page, p.image)))
        }
        Some(Command::Render {
            scene,
            out,
            size,
            views,
            poi: None,
        }) if scene == "class" => {
            use retki::class_pictures::{VIEWS, class_pictures};
            let views = pick_pictures(&views, &VIEWS, "class view")?;
            let pictures = class_pictures(&views, parse_size(&size)?, |face, trip| {
                setup.build(face, trip)
            })?;
            save_pictures(&out, pictures)
        }
        Some(Command::Render {
            scene,
            out,
            size,
            views,
            poi,
        }) => {
            let def = parse_scene(&scene, &scenes)?;
            let views = parse_views(&views, def)?;
            let size = parse_size(&size)?;
            if let Some(id) = &poi
                && setup.contents.get(def.id).and_then(|p| p.poi(id)).is_none()
            {
                return Err(format!("{} has no point of interest '{id}'", def.id.0));
            }
            let plan = CapturePlan {
                views,
                out_dir: Some(out.clone()),
                open_poi: poi,
            };
            render(def.id, plan, &out, size, &setup).map(|report| {
                for view in &report {
                    if let Some(image) = &view.image {
                        println!("{}", image.display());
                    }
                }
                ExitCode::SUCCESS
            })
        }
        Some(Command::Stats { scene, json, views }) => {
            let def = parse_scene(&scene, &scenes)?;
            let views = parse_views(&views, def)?;
            let plan = CapturePlan {
                views,
                out_dir: None,
                open_poi: None,
            };
            let report = capture(Face::Headless { camera: true }, def.id, plan, &setup)?;
            print_stats(&report, json);
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Lesson {
            action:
                LessonCommand::Run {
                    ref plan,
                    ref class,
                    ref serving,
                    ref server,
                    ref key,
                    ref fingerprint,
                },
        }) => {
            if let Some(server) = server {
                let server = retki_session::link::Link::parse(server, fingerprint.as_deref())
                    .map_err(|e| format!("--server {e}"))?;
                let key = key
                    .as_deref()
                    .ok_or("with --server, give your credential's --key (and RETKI_SECRET)")?;
                let secret = std::env::var("RETKI_SECRET").map_err(|_| {
                    "with --server, put your credential's secret in RETKI_SECRET".to_string()
                })?;
                retki_host::lesson::start_on(&server, plan, class, (key, &secret), &places()?)?;
                return Ok(ExitCode::SUCCESS);
            }
            retki_host::serve::serve(retki_host::serve::ServeOptions {
                tls: serving.tls(),
                store: serving.store.clone(),
                bind: serving.bind.clone(),
                outbox: serving.outbox.clone(),
                class: Some(class.clone()),
                scene: String::new(),
                design: None,
                lesson: Some(plan.clone()),
                places: places()?,
                open_dashboard: true,
                announce: !serving.no_announce,
                large: false,
            })
        }
        Some(Command::Lesson {
            action: LessonCommand::Check { ref plan },
        }) => {
            let lesson = retki_host::lesson::check(plan, &scenes, &setup.contents)
                .map_err(|problems| format!("the lesson plan has problems:\n{problems}"))?;
            let minutes: f64 = lesson.steps.iter().map(|s| s.minutes).sum();
            let tasks: usize = lesson.steps.iter().map(|s| s.tasks.len()).sum();
            println!(
                "{}: \"{}\" ({}), {} steps, {} tasks, {minutes} of {} minutes",
                plan.display(),
                lesson.title.en,
                lesson.grades,
                lesson.steps.len(),
                tasks,
                lesson.minutes
            );
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Demo {
            ref lesson,
            ref out,
            keep_serving,
        }) => retki_host::demo::demo(&retki_host::demo::DemoOptions {
            lesson: lesson.clone(),
            out: out.clone(),
            keep_serving,
            places: places()?,
        }),
        Some(Command::Tour { ref out }) => tour(mode, out, &cli, &setup),
        Some(Command::Join {
            ref code,
            ref server,
            ref class,
            ref fingerprint,
            ref name,
            ref teacher_key,
        }) => {
            let (server, fingerprint) = join_server(server, class, fingerprint)?;
            let options = retki_classroom::join::JoinOptions {
                server,
                fingerprint,
                code: code.clone(),
                name: name.clone(),
                teacher_key: teacher_key.clone(),
                observer: false,
            };
            join_app(mode, &options, &cli, &setup, None)
        }
        Some(Command::Watch {
            ref pupil,
            ref observer,
        }) => observe(mode, (Some(pupil.clone()), observer, false), &cli, &setup),
        Some(Command::Spectate {
            ref pupil,
            ref observer,
        }) => observe(mode, (pupil.clone(), observer, true), &cli, &setup),
    }
}

/// `retki watch` and `retki spectate`: an observer's screen of the session, following
/// `pupil` (or the teacher), full screen for a `projector`.
fn observe(
    mode: Mode,
    (pupil, observer, projector): (Option<String>, &ObserverArgs, bool),
    cli: &Cli,
    setup: &Setup,
) -> Result<ExitCode, String> {
    let (server, fingerprint) =
        join_server(&observer.server, &observer.class, &observer.fingerprint)?;
    let options = retki_classroom::join::JoinOptions {
        server,
        fingerprint,
        code: None,
        name: None,
        teacher_key: Some(observer.teacher_key.clone()),
        observer: true,
    };
    let spectating = retki_classroom::watch::Spectating { pupil };
    join_app(mode, &options, cli, setup, Some((spectating, projector)))
}

/// The server `retki join` joins and its certificate's fingerprint: as given, or found on
/// the network (a fingerprint given wins over the one announced).
fn join_server(
    server: &Option<String>,
    class: &Option<String>,
    fingerprint: &Option<String>,
) -> Result<(String, Option<String>), String> {
    match server {
        Some(server) => Ok((server.clone(), fingerprint.clone())),
        None => {
            let (server, announced) = retki_classroom::join::find_server(class.as_deref())?;
            Ok((server, fingerprint.clone().or(announced)))
        }
    }
}

/// `retki join` in a window or headset: the place the session is in, with everyone in it.
/// An observer's screen (`retki watch`, `retki spectate`) follows whom `spectating` names,
/// full screen for a projector.
fn join_app(
    mode: Mode,
    options: &retki_classroom::join::JoinOptions,
    cli: &Cli,
    setup: &Setup,
    spectating: Option<(retki_classroom::watch::Spectating, bool)>,
) -> Result<ExitCode, String> {
    let join = options.join()?;
    let address = options.address()?;
    let face = match choose_mode(mode)?.mode {
        RunMode::Xr => Face::Xr {
            window: retki_xr::mode::probe_display().is_ok(),
            ar: cli.ar,
        },
        RunMode::Flat => Face::Window,
        RunMode::Headless => {
            return retki_classroom::join::join_headless(options);
        }
    };
    let mut app = setup.build(face, None);
    app.insert_resource(retki_session::net::SessionClient::joining(join))
        .insert_resource(retki_session::net::ServerAddress(address))
        .insert_resource(options.tokens()?)
        .insert_resource(app::session_places())
        .add_plugins((
            retki_session::net::UdpClientPlugins,
            retki_classroom::PresencePlugin,
        ));
    if let Some((spectating, projector)) = spectating {
        app.insert_resource(spectating);
        if projector {
            let mut windows = app
                .world_mut()
                .query_filtered::<&mut Window, With<bevy::window::PrimaryWindow>>();
            for mut window in windows.iter_mut(app.world_mut()) {
                window.mode = bevy::window::WindowMode::BorderlessFullscreen(
                    bevy::window::MonitorSelection::Current,
                );
            }
        }
    }
    app::quit_after(&mut app, face, cli.frames);
    eprintln!("joining the session at udp://{address}");
    Ok(app::exit_code(app.run()))
}

/// Retki's places, checked, for the server's commands.
fn places() -> Result<Places, String> {
    let scenes = retki_scenes::catalogue();
    let contents = PlaceContents::load(&scenes)
        .map_err(|errors| format!("the places' content has errors:\n{errors}"))?;
    Ok(Places { scenes, contents })
}

/// What every app this program builds starts with: the pupil's language, the sun time, what to do when a
/// lost headset's runtime returns, and the places' checked content.
struct Setup {
    lang: Lang,
    time: TimeOfDay,
    reentry: Reentry,
    contents: PlaceContents,
}

impl Setup {
    /// The app for `face`, opening `trip`, with this setup.
    fn build(&self, face: Face, trip: Option<SceneId>) -> App {
        let mut app = app::build(face, trip);
        retki_input::comfort::keep_on_device(&mut app);
        app.insert_resource(Language(self.lang))
            .insert_resource(self.time)
            .insert_resource(self.contents.clone());
        app
    }
}

/// The pictures named in `views` (comma-separated, or `all`) among `known`; `what` names
/// them in the error.
fn pick_pictures(
    views: &str,
    known: &[&'static str],
    what: &str,
) -> Result<Vec<&'static str>, String> {
    if views == "all" {
        return Ok(known.to_vec());
    }
    views
        .split(',')
        .map(|v| {
            known
                .iter()
                .find(|p| **p == v.trim())
                .copied()
                .ok_or_else(|| {
                    format!(
                        "unknown {what} '{v}'; choose 'all' or some of: {}",
                        known.join(", ")
                    )
                })
        })
        .collect()
}

/// Writes each picture as `out/NAME.png` and prints its path.
fn save_pictures(
    out: &std::path::Path,
    pictures: impl IntoIterator<Item = (&'static str, Image)>,
) -> Result<ExitCode, String> {
    std::fs::create_dir_all(out)
        .map_err(|e| format!("cannot create the folder {}: {e}", out.display()))?;
    for (name, image) in pictures {
        let path = out.join(format!("{name}.png"));
        image
            .try_into_dynamic()
            .map_err(|e| e.to_string())?
            .to_rgb8()
            .save(&path)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        println!("{}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// Opens the app in the mode chosen for `mode`, logging the choice in one line; quits after
/// `frames` frames if given.
fn run_app(
    mode: Mode,
    trip: Option<SceneId>,
    cli: &Cli,
    setup: &Setup,
) -> Result<ExitCode, String> {
    let frames = cli.frames;
    let choice = choose_mode(mode)?;
    if choice.mode == RunMode::Xr && !cli.supervised {
        // The headset app runs as a child, so that a runtime that fails takes only it along.
        return supervise::supervise(&supervise::Launch {
            ar: cli.ar,
            seated: cli.seated,
            frames,
            trip: trip.map(|id| id.0.to_string()),
            reentry: setup.reentry,
            lang: setup.lang,
            time: cli.time.clone(),
            class_mode: cli.class_mode,
        });
    }
    if choice.mode == RunMode::Xr {
        report_runtime_failures_in_one_line();
    }
    let face = match choice.mode {
        RunMode::Xr => Face::Xr {
            window: retki_xr::mode::probe_display().is_ok(),
            ar: cli.ar,
        },
        RunMode::Flat => Face::Window,
        RunMode::Headless => Face::Headless { camera: false },
    };
    let mut app = setup.build(face, trip);
    if trip.is_none() && face != (Face::Headless { camera: false }) {
        // The lobby: the places, and the classes to join.
        let first = if cli.class_mode {
            retki_classroom::lobby::screen::Screen::Classes
        } else {
            retki_classroom::lobby::screen::Screen::Start
        };
        retki::lobby::add_lobby(&mut app, first, true);
    }
    if cli.supervised && face == Face::Window {
        app.add_plugins(ReentryPlugin(setup.reentry));
    }
    if cli.seated {
        // For this run only: the device's kept settings stay as they are.
        app.insert_resource(retki_input::posture::Posture::Seated);
        app.world_mut()
            .resource_mut::<retki_input::comfort::Comfort>()
            .seated = true;
    }
    app::quit_after(&mut app, face, frames);
    info!("{choice}");

    Ok(app::exit_code(app.run()))
}

/// A runtime that goes away makes the OpenXR plugins panic mid-frame; the process that started
/// this one reports the loss and carries on, so one line says what failed (set
/// `RUST_BACKTRACE=1` for the full report).
fn report_runtime_failures_in_one_line() {
    if std::env::var_os("RUST_BACKTRACE").is_some() {
        return;
    }
    std::panic::set_hook(Box::new(|info| {
        let what = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("unknown failure");
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("error: xr: the headset session failed: {what}{place}");
    }));
}

fn render(
    scene: SceneId,
    plan: CapturePlan,
    out: &std::path::Path,
    (width, height): (u32, u32),
    setup: &Setup,
) -> Result<Vec<CapturedView>, String> {
    std::fs::create_dir_all(out)
        .map_err(|e| format!("cannot create the folder {}: {e}", out.display()))?;
    let report = capture(Face::Offscreen { width, height }, scene, plan, setup)?;
    let manifest = out.join("views.json");
    let json = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
    std::fs::write(&manifest, json)
        .map_err(|e| format!("cannot write {}: {e}", manifest.display()))?;
    Ok(report)
}

/// Opens `scene` on `face`, captures `views`, and returns what was captured.
fn capture(
    face: Face,
    scene: SceneId,
    plan: CapturePlan,
    setup: &Setup,
) -> Result<Vec<CapturedView>, String> {
    let expected = plan.views.len();
    let report = CaptureReport::default();
    let mut app = setup.build(face, Some(scene));
    app.add_plugins(CapturePlugin {
        plan,
        report: report.clone(),
    });
    if let AppExit::Error(code) = app.run() {
        return Err(format!(
            "the app stopped with error code {code}; see the log above"
        ));
    }
    let views = report.views();
    if views.len() != expected {
        return Err(format!("captured {} of {expected} views", views.len()));
    }
    Ok(views)
}

fn print_stats(report: &[CapturedView], json: bool) {
    if json {
        let stats: Vec<_> = report.iter().map(|v| &v.stats).collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&stats).expect("stats serialise")
        );
        return;
    }
    println!(
        "{:<16} {:>12} {:>10} {:>12} {:>10} {:>10}",
        "viewpoint", "triangles", "meshes", "draw calls*", "entities", "in scene"
    );
    for view in report {
        let s = &view.stats;
        println!(
            "{:<16} {:>12} {:>10} {:>12} {:>10} {:>10}",
            s.viewpoint,
            s.visible_triangles,
            s.visible_meshes,
            s.draw_calls_estimate,
            s.entities,
            s.scene_entities
        );
    }
    println!("* distinct visible (mesh, material) pairs: Bevy batches each pair into one draw");
}

fn tour(mode: Mode, out: &std::path::Path, cli: &Cli, setup: &Setup) -> Result<ExitCode, String> {
    if matches!(mode, Mode::Auto) && choose_mode(Mode::Auto).is_ok() {
        return run_app(mode, Some(retki_scenes::lunar::LUNAR), cli, setup);
    }
    println!("no display or headset here: rendering every place's viewpoints instead");
    for def in retki_scenes::catalogue() {
        let views = def
            .viewpoint_names()
            .iter()
            .map(|s| s.to_string())
            .collect();
        let folder = out.join(def.id.0);
        let plan = CapturePlan {
            views,
            out_dir: Some(folder.clone()),
            open_poi: None,
        };
        let report = render(def.id, plan, &folder, app::DEFAULT_SIZE, setup)?;
        println!("{}:", def.title);
        print_stats(&report, false);
        for view in &report {
            if let Some(image) = &view.image {
                println!("wrote {}", image.display());
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
