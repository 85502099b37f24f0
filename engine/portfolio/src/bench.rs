//! `retki portfolio bench`: what the store does per second on this machine, as medians of
//! several runs measured side by side in one process.
//!
//! - **Ingest over HTTP**: statements/s stored by `serve` running in a process of its own,
//!   posted from this one over keep-alive connections on loopback: batches of 100 and of 500
//!   over 2 connections, and single statements over 8; on SQLite (a fresh file per load) and,
//!   given `--postgres`, on PostgreSQL. Each connection carries one class session's
//!   statements ([`session_statement`]). Client and server share this machine's cores.
//! - **Query by registration**: p50 and p99 of `GET statements?registration=…` answered by the
//!   store after `--query-over` statements are stored (100 per registration).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::Args;
use hdrhistogram::Histogram;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::access::Role;
use crate::cli::open;
use crate::store::{Query, Store};

/// Options of `retki portfolio bench`.
#[derive(Args, Debug)]
pub struct BenchArgs {
    /// A PostgreSQL database to measure beside SQLite; a schema `retki_bench` is made (and
    /// replaced) in it.
    #[arg(long)]
    pub postgres: Option<String>,
    /// Statements per POST of the batched loads; each is measured on its own.
    #[arg(long, value_delimiter = ',', default_value = "100,500")]
    pub batch_sizes: Vec<usize>,
    /// Keep-alive connections posting batches at once.
    #[arg(long, default_value_t = 2)]
    pub batch_connections: usize,
    /// Statements stored before queries are timed.
    #[arg(long, default_value_t = 1_000_000)]
    pub query_over: usize,
    /// Queries timed.
    #[arg(long, default_value_t = 2_000)]
    pub queries: usize,
    /// Runs of each ingest load; the median is reported.
    #[arg(long, default_value_t = 5)]
    pub runs: usize,
    /// Seconds each run lasts.
    #[arg(long, default_value_t = 3.0)]
    pub http_seconds: f64,
    /// Keep-alive connections posting single statements at once.
    #[arg(long, default_value_t = 8)]
    pub connections: usize,
    /// Folder for the scratch SQLite files (default: a new folder under the system's temp).
    #[arg(long)]
    pub dir: Option<PathBuf>,
    /// The program whose `serve` takes the load (`retki` or `retki-portfolio`; default: this
    /// one), to measure two builds side by side with the same load.
    #[arg(long)]
    pub server: Option<PathBuf>,
    /// Time a debug build all the same (its figures say little about a release).
    #[arg(long)]
    pub allow_debug: bool,
}

/// The machine and the build that figures are measured on, printed beside them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Machine {
    /// Cores this process may use.
    pub cores: usize,
    /// The processor's model, from `/proc/cpuinfo` where there is one.
    pub cpu: String,
    /// `release` or `debug`: the build's profile.
    pub profile: &'static str,
}

impl Machine {
    /// This machine, and this build.
    pub fn here() -> Self {
        let cpu = std::fs::read_to_string("/proc/cpuinfo")
            .ok()
            .and_then(|info| {
                info.lines()
                    .find_map(|line| line.strip_prefix("model name"))
                    .and_then(|rest| rest.split_once(':'))
                    .map(|(_, model)| model.trim().to_string())
            })
            .unwrap_or_else(|| std::env::consts::ARCH.to_string());
        Machine {
            cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
            cpu,
            profile: if cfg!(debug_assertions) {
                "debug"
            } else {
                "release"
            },
        }
    }

    /// One line for a report: `2 cores, <model>, release build`.
    pub fn line(&self) -> String {
        format!("{} cores, {}, {} build", self.cores, self.cpu, self.profile)
    }

    /// Refuses to time `command` in a debug build unless `allow_debug`: the figures that go
    /// into the README are release figures.
    pub fn refuse_debug(&self, command: &str, allow_debug: bool) -> Result<(), String> {
        if self.profile == "debug" && !allow_debug {
            return Err(format!(
                "{command} times this build, and it is a debug build: build with \
                 `cargo build --release` and run target/release/retki, or pass --allow-debug"
            ));
        }
        Ok(())
    }
}

/// A statement like those a trip records: a pupil experienced a point of interest.
pub fn sample_statement(n: usize, registrations: usize) -> Value {
    let registration = uuid::Uuid::from_u128(
        0x5e7a_0000_0000_4000_8000_0000_0000_0000 | (n % registrations.max(1)) as u128,
    );
    json!({
        "actor": {"objectType": "Agent",
                  "account": {"homePage": "https://koulu.example", "name": format!("p-{:04}", n % 1000)}},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced",
                 "display": {"en-US": "experienced", "fi": "koki"}},
        "object": {"objectType": "Activity",
                   "id": format!("https://retki.example/trips/seabed/poi/{}", n % 13),
                   "definition": {"name": {"en": "A point of interest", "fi": "Kohde"},
                                  "type": "http://adlnet.gov/expapi/activities/media"}},
        "result": {"duration": "PT42S", "completion": true},
        "context": {"registration": registration.to_string(),
                    "contextActivities": {"parent": [{"id": "https://retki.example/trips/seabed"}]},
                    "platform": "Retki"},
        "timestamp": "2026-11-25T09:15:00.000Z"
    })
}

/// Statement `n` of class session `session`, as the session server's outbox sends them: one
/// of the class's 32 pupils experienced one of the place's 13 points of interest, in the
/// session's registration.
pub fn session_statement(session: usize, n: usize) -> Value {
    let mut statement = sample_statement(n, 1);
    statement["actor"]["account"]["name"] = json!(format!("p-{session:03}-{:02}", n % 32));
    statement["context"]["registration"] =
        sample_statement(session, usize::MAX)["context"]["registration"].clone();
    statement
}

/// The median of `values` (each run's rate), to three significant digits.
fn median(values: &[f64]) -> f64 {
    // Rates up to a billion statements a second.
    let mut runs = Histogram::<u64>::new_with_max(1_000_000_000, 3).expect("a valid range");
    for value in values {
        runs.saturating_record(value.round() as u64);
    }
    runs.value_at_quantile(0.5) as f64
}

/// Stores `count` sample statements spread over `registrations`, in batches of 500.
async fn fill(store: &Store, count: usize, registrations: usize) -> Result<(), String> {
    let authority =
        json!({"objectType": "Agent", "account": {"homePage": "https://bench", "name": "bench"}});
    for start in (0..count).step_by(500) {
        let batch: Vec<Value> = (start..(start + 500).min(count))
            .map(|i| sample_statement(i, registrations))
            .collect();
        store
            .insert(&batch, &authority, &[])
            .await
            .map_err(|e| format!("filling the store: {e}"))?;
    }
    Ok(())
}

/// The address of a fresh, empty schema `retki_bench` in the PostgreSQL database at `url`.
async fn postgres_url(url: &str) -> Result<String, String> {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    let mut admin = sqlx::AnyConnection::connect(url)
        .await
        .map_err(|e| format!("cannot reach {url}: {e}"))?;
    for sql in [
        "DROP SCHEMA IF EXISTS retki_bench CASCADE",
        "CREATE SCHEMA retki_bench",
    ] {
        sqlx::query(sql)
            .execute(&mut admin)
            .await
            .map_err(|e| format!("{sql}: {e}"))?;
    }
    let separator = if url.contains('?') { '&' } else { '?' };
    Ok(format!(
        "{url}{separator}options=-c%20search_path%3Dretki_bench"
    ))
}

/// A `retki portfolio serve` in a process of its own, on a free port of loopback: the load is
/// measured from outside the server, as a school's clients would put it.
struct ServerProcess {
    child: std::process::Child,
    address: std::net::SocketAddr,
}

impl ServerProcess {
    /// Starts `program`'s (default: this program's) `serve` on `store` and waits until it
    /// listens.
    fn start(program: Option<&std::path::Path>, store: &str) -> Result<Self, String> {
        use std::io::BufRead;
        let program = match program {
            Some(program) => program.to_path_buf(),
            None => {
                std::env::current_exe().map_err(|e| format!("cannot find this program: {e}"))?
            }
        };
        let mut command = std::process::Command::new(&program);
        // `retki-portfolio` takes the store's commands itself; `retki` under `portfolio`.
        let standalone = program
            .file_stem()
            .is_some_and(|stem| stem.to_string_lossy().starts_with("retki-portfolio"));
        if !standalone {
            command.arg("portfolio");
        }
        let mut child = command
            .args(["--store", store, "serve", "--bind", "127.0.0.1:0"])
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start {} serve: {e}", program.display()))?;
        let mut line = String::new();
        if let Some(stdout) = child.stdout.take() {
            let mut stdout = std::io::BufReader::new(stdout);
            let _ = stdout.read_line(&mut line);
            // Whatever else it prints is read and dropped, so it never writes to a closed pipe.
            std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
        }
        // "listening on http://127.0.0.1:PORT/xapi/ and …"
        let address = line
            .strip_prefix("listening on http://")
            .and_then(|rest| rest.split_once('/'))
            .and_then(|(address, _)| address.parse().ok());
        match address {
            Some(address) => Ok(Self { child, address }),
            None => {
                let _ = child.kill();
                let _ = child.wait();
                Err(format!(
                    "the server on {store} did not say where it listens (it printed {line:?})"
                ))
            }
        }
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Posts `per_post` statements per POST (a single statement when 1, else an array) over
/// `connections` keep-alive connections for `seconds`; returns statements per second.
async fn post_run(
    address: std::net::SocketAddr,
    auth: &str,
    connections: usize,
    per_post: usize,
    seconds: f64,
) -> Result<f64, String> {
    let deadline = Instant::now() + Duration::from_secs_f64(seconds);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..connections {
        // One body per connection, made before the clock starts; the store gives each
        // statement its own id. Each connection is one class session's.
        let body = if per_post == 1 {
            session_statement(c, c).to_string()
        } else {
            Value::Array((0..per_post).map(|i| session_statement(c, i)).collect()).to_string()
        };
        let request = format!(
            "POST /xapi/statements HTTP/1.1\r\nHost: bench\r\nAuthorization: Basic {auth}\r\n\
             X-Experience-API-Version: 1.0.3\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\n\r\n{body}",
            body.len()
        );
        tasks.push(tokio::spawn(async move {
            let mut stream = tokio::net::TcpStream::connect(address)
                .await
                .map_err(|e| e.to_string())?;
            stream.set_nodelay(true).map_err(|e| e.to_string())?;
            let mut done = 0u64;
            let mut buffer = vec![0u8; 256 * 1024];
            while Instant::now() < deadline {
                stream
                    .write_all(request.as_bytes())
                    .await
                    .map_err(|e| e.to_string())?;
                read_response(&mut stream, &mut buffer).await?;
                done += per_post as u64;
            }
            Ok::<u64, String>(done)
        }));
    }
    let mut total = 0;
    for task in tasks {
        total += task.await.map_err(|e| e.to_string())??;
    }
    Ok(total as f64 / started.elapsed().as_secs_f64())
}

/// Reads one HTTP response, headers and then Content-Length bytes; an answer other than
/// 200 is an error.
async fn read_response(
    stream: &mut tokio::net::TcpStream,
    buffer: &mut [u8],
) -> Result<(), String> {
    let mut have = 0;
    let (head_end, length) = loop {
        have += read_some(stream, &mut buffer[have..]).await?;
        if let Some(end) = buffer[..have].windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buffer[..end]).to_ascii_lowercase();
            if !head.starts_with("http/1.1 200") {
                return Err(format!(
                    "the server answered {}",
                    head.lines().next().unwrap_or_default()
                ));
            }
            let length = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok())
                .unwrap_or(0);
            break (end + 4, length);
        }
    };
    if head_end + length > buffer.len() {
        return Err(format!(
            "an answer of {length} bytes is larger than expected"
        ));
    }
    while have < head_end + length {
        have += read_some(stream, &mut buffer[have..]).await?;
    }
    Ok(())
}

/// Reads what has arrived into `buffer`; the server closing the connection is an error.
async fn read_some(stream: &mut tokio::net::TcpStream, buffer: &mut [u8]) -> Result<usize, String> {
    match stream.read(buffer).await.map_err(|e| e.to_string())? {
        0 => Err("the server closed the connection".to_string()),
        n => Ok(n),
    }
}

/// Times `queries` queries by registration; returns p50 and p99 in milliseconds.
async fn query_latency(
    store: &Store,
    queries: usize,
    registrations: usize,
) -> Result<(f64, f64), String> {
    // Query times in microseconds, up to a minute.
    let mut times = Histogram::<u64>::new_with_max(60_000_000, 3).expect("a valid range");
    for q in 0..queries {
        let n = (q * 7919) % registrations;
        let registration = sample_statement(n, registrations)["context"]["registration"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let query = Query {
            registration: Some(registration),
            ..Query::default()
        };
        let started = Instant::now();
        let page = store
            .query(&query)
            .await
            .map_err(|e| format!("query: {e}"))?;
        times.saturating_record(started.elapsed().as_micros() as u64);
        if page.statements.is_empty() {
            return Err(format!("the query for registration {n} found nothing"));
        }
    }
    let ms = |q: f64| times.value_at_quantile(q) as f64 / 1000.0;
    Ok((ms(0.5), ms(0.99)))
}

/// One kind of load: how many statements each POST carries, over how many connections.
#[derive(Clone, Copy, Debug)]
struct Load {
    per_post: usize,
    connections: usize,
}

impl Load {
    fn describe(&self) -> String {
        let what = match self.per_post {
            1 => "single POSTs".to_string(),
            n => format!("batches of {n}"),
        };
        format!("{what}, {} connections", self.connections)
    }
}

/// Runs the benchmarks and prints the medians.
pub fn run(args: &BenchArgs) -> Result<ExitCode, String> {
    let machine = Machine::here();
    machine.refuse_debug("retki portfolio bench", args.allow_debug)?;
    println!("machine: {}", machine.line());
    let dir = match &args.dir {
        Some(dir) => dir.clone(),
        None => std::env::temp_dir().join(format!("retki-bench-{}", std::process::id())),
    };
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot make {}: {e}", dir.display()))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))?;
    let result = runtime.block_on(async {
        let sqlite = |name: &str| format!("sqlite://{}", dir.join(name).display());
        let mut loads: Vec<Load> = args
            .batch_sizes
            .iter()
            .map(|&per_post| Load {
                per_post,
                connections: args.batch_connections,
            })
            .collect();
        loads.push(Load {
            per_post: 1,
            connections: args.connections,
        });
        println!(
            "ingest over HTTP, from this process into `serve` in a process of its own \
             (a fresh store per load, median of {} runs of {} s):",
            args.runs, args.http_seconds
        );
        let mut backends = vec!["SQLite"];
        if args.postgres.is_some() {
            backends.push("PostgreSQL");
        }
        for backend in backends {
            for (n, load) in loads.iter().enumerate() {
                let url = match &args.postgres {
                    Some(url) if backend == "PostgreSQL" => postgres_url(url).await?,
                    _ => sqlite(&format!("ingest-{n}.db")),
                };
                let (key, secret) = open(&url)
                    .await?
                    .create_client("bench", Role::Service, None)
                    .await
                    .map_err(|e| e.to_string())?;
                use base64::Engine;
                let auth =
                    base64::engine::general_purpose::STANDARD.encode(format!("{key}:{secret}"));
                let server = ServerProcess::start(args.server.as_deref(), &url)?;
                let mut rates = Vec::new();
                for _ in 0..args.runs {
                    rates.push(
                        post_run(
                            server.address,
                            &auth,
                            load.connections,
                            load.per_post,
                            args.http_seconds,
                        )
                        .await?,
                    );
                }
                drop(server);
                println!(
                    "  {:<11} {:<32} {:>8.0} statements/s  (runs: {:?})",
                    format!("{backend}:"),
                    load.describe(),
                    median(&rates),
                    rates.iter().map(|r| r.round()).collect::<Vec<_>>()
                );
            }
        }

        let registrations = (args.query_over / 100).max(1);
        println!(
            "query by registration over {} statements ({} per registration, {} queries):",
            args.query_over,
            args.query_over / registrations,
            args.queries
        );
        let mut stores = vec![("SQLite:    ", open(&sqlite("query.db")).await?)];
        if let Some(url) = &args.postgres {
            stores.push(("PostgreSQL:", open(&postgres_url(url).await?).await?));
        }
        for (name, store) in &stores {
            let filled = Instant::now();
            fill(store, args.query_over, registrations).await?;
            let fill = filled.elapsed().as_secs_f64();
            // What autovacuum would have done by the time anyone asks.
            store.analyze().await.map_err(|e| e.to_string())?;
            let (p50, p99) = query_latency(store, args.queries, registrations).await?;
            println!("  {name} p50 {p50:.2} ms, p99 {p99:.2} ms  (filled in {fill:.0} s)");
        }
        Ok::<_, String>(())
    });
    if args.dir.is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    result.map(|()| ExitCode::SUCCESS)
}
