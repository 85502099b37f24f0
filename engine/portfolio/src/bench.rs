//! `retki portfolio bench`: what the store does per second on this machine, as medians of
//! several runs measured side by side in one process.
//!
//! - **Batch ingest**: statements/s stored in batches of 500, on SQLite (a fresh file per
//!   run) and, given `--postgres`, on PostgreSQL.
//! - **Single POSTs over HTTP**: statements/s, one statement per POST, over keep-alive
//!   connections (one per pupil of a class of 32 by default) to the server running in this
//!   process (client and server share the CPU).
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
use crate::http::{Api, router};
use crate::store::{Query, Store};

/// Options of `retki portfolio bench`.
#[derive(Args, Debug)]
pub struct BenchArgs {
    /// A PostgreSQL database to measure beside SQLite; a schema `retki_bench` is made (and
    /// replaced) in it.
    #[arg(long)]
    pub postgres: Option<String>,
    /// Statements per ingest run.
    #[arg(long, default_value_t = 50_000)]
    pub ingest: usize,
    /// Statements stored before queries are timed.
    #[arg(long, default_value_t = 1_000_000)]
    pub query_over: usize,
    /// Queries timed.
    #[arg(long, default_value_t = 2_000)]
    pub queries: usize,
    /// Runs of the ingest and HTTP measurements; the median is reported.
    #[arg(long, default_value_t = 5)]
    pub runs: usize,
    /// Seconds each HTTP run lasts.
    #[arg(long, default_value_t = 3.0)]
    pub http_seconds: f64,
    /// Keep-alive connections posting at once: one per pupil of a class of 32.
    #[arg(long, default_value_t = 32)]
    pub connections: usize,
    /// Folder for the scratch SQLite files (default: a new folder under the system's temp).
    #[arg(long)]
    pub dir: Option<PathBuf>,
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

/// The median of `values` (each run's rate), to three significant digits.
fn median(values: &[f64]) -> f64 {
    // Rates up to a billion statements a second.
    let mut runs = Histogram::<u64>::new_with_max(1_000_000_000, 3).expect("a valid range");
    for value in values {
        runs.saturating_record(value.round() as u64);
    }
    runs.value_at_quantile(0.5) as f64
}

/// Stores `count` sample statements in batches of 500; returns statements per second.
async fn ingest(
    store: &Store,
    count: usize,
    from: usize,
    registrations: usize,
) -> Result<f64, String> {
    let authority =
        json!({"objectType": "Agent", "account": {"homePage": "https://bench", "name": "bench"}});
    // The statements are made while the clock is stopped: the store is measured, not the
    // statement maker.
    let mut busy = Duration::ZERO;
    let mut n = from;
    while n < from + count {
        let end = (n + 10_000).min(from + count);
        let batches: Vec<Vec<Value>> = (n..end)
            .step_by(500)
            .map(|b| {
                (b..(b + 500).min(end))
                    .map(|i| sample_statement(i, registrations))
                    .collect()
            })
            .collect();
        n = end;
        let started = Instant::now();
        for batch in &batches {
            store
                .insert(batch, &authority, &[])
                .await
                .map_err(|e| format!("ingest: {e}"))?;
        }
        busy += started.elapsed();
    }
    Ok(count as f64 / busy.as_secs_f64())
}

/// A fresh PostgreSQL store in the schema `retki_bench`.
async fn postgres_store(url: &str) -> Result<Store, String> {
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
    open(&format!(
        "{url}{separator}options=-c%20search_path%3Dretki_bench"
    ))
    .await
}

/// Posts single statements over `connections` keep-alive connections for `seconds`;
/// returns statements per second.
async fn http_run(
    address: std::net::SocketAddr,
    auth: &str,
    connections: usize,
    seconds: f64,
) -> Result<f64, String> {
    let deadline = Instant::now() + Duration::from_secs_f64(seconds);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..connections {
        let auth = auth.to_string();
        tasks.push(tokio::spawn(async move {
            let mut stream = tokio::net::TcpStream::connect(address).await.map_err(|e| e.to_string())?;
            stream.set_nodelay(true).map_err(|e| e.to_string())?;
            let mut done = 0u64;
            let mut buffer = vec![0u8; 64 * 1024];
            // One body per connection, made before the clock starts; the store gives each
            // POST its own id.
            let body = sample_statement(c, 10_000).to_string();
            while Instant::now() < deadline {
                let request = format!(
                    "POST /xapi/statements HTTP/1.1\r\nHost: bench\r\nAuthorization: Basic {auth}\r\n\
                     X-Experience-API-Version: 1.0.3\r\nContent-Type: application/json\r\n\
                     Content-Length: {}\r\n\r\n{body}",
                    body.len()
                );
                stream.write_all(request.as_bytes()).await.map_err(|e| e.to_string())?;
                // Read one response: headers, then Content-Length bytes.
                let mut have = 0;
                let (head_end, length) = loop {
                    let n = stream.read(&mut buffer[have..]).await.map_err(|e| e.to_string())?;
                    if n == 0 {
                        return Err("the server closed the connection".to_string());
                    }
                    have += n;
                    if let Some(end) = buffer[..have].windows(4).position(|w| w == b"\r\n\r\n") {
                        let head = String::from_utf8_lossy(&buffer[..end]).to_ascii_lowercase();
                        if !head.starts_with("http/1.1 200") {
                            return Err(format!("the server answered {}", head.lines().next().unwrap_or_default()));
                        }
                        let length = head
                            .lines()
                            .find_map(|l| l.strip_prefix("content-length:"))
                            .and_then(|v| v.trim().parse::<usize>().ok())
                            .unwrap_or(0);
                        break (end + 4, length);
                    }
                };
                while have < head_end + length {
                    let n = stream.read(&mut buffer[have..]).await.map_err(|e| e.to_string())?;
                    if n == 0 {
                        return Err("the server closed the connection".to_string());
                    }
                    have += n;
                }
                done += 1;
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
        println!("batch ingest ({} statements per run, batches of 500, median of {} runs):", args.ingest, args.runs);
        let mut rates = Vec::new();
        for run in 0..args.runs {
            let store = open(&sqlite(&format!("ingest-{run}.db"))).await?;
            rates.push(ingest(&store, args.ingest, 0, args.ingest / 100).await?);
        }
        println!("  SQLite:     {:>8.0} statements/s  (runs: {:?})", median(&rates), rates.iter().map(|r| r.round()).collect::<Vec<_>>());
        if let Some(url) = &args.postgres {
            let store = postgres_store(url).await?;
            let mut rates = Vec::new();
            for run in 0..args.runs {
                rates.push(ingest(&store, args.ingest, run * args.ingest, args.ingest / 100).await?);
            }
            println!("  PostgreSQL: {:>8.0} statements/s  (runs: {:?})", median(&rates), rates.iter().map(|r| r.round()).collect::<Vec<_>>());
        }

        println!("single POSTs over HTTP ({} keep-alive connections, {} s per run, median of {} runs, SQLite):", args.connections, args.http_seconds, args.runs);
        let store = open(&sqlite("http.db")).await?;
        let (key, secret) = store.create_client("bench", Role::Service, None).await.map_err(|e| e.to_string())?;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.map_err(|e| e.to_string())?;
        let address = listener.local_addr().map_err(|e| e.to_string())?;
        let app = router(Api::new(store, format!("http://{address}")));
        tokio::spawn(async move { axum::serve(listener, app).await });
        use base64::Engine;
        let auth = base64::engine::general_purpose::STANDARD.encode(format!("{key}:{secret}"));
        let mut rates = Vec::new();
        for _ in 0..args.runs {
            rates.push(http_run(address, &auth, args.connections, args.http_seconds).await?);
        }
        println!("  SQLite:     {:>8.0} statements/s  (runs: {:?})", median(&rates), rates.iter().map(|r| r.round()).collect::<Vec<_>>());

        let registrations = (args.query_over / 100).max(1);
        println!("query by registration over {} statements ({} per registration, {} queries):", args.query_over, args.query_over / registrations, args.queries);
        let mut stores = vec![("SQLite:    ", open(&sqlite("query.db")).await?)];
        if let Some(url) = &args.postgres {
            stores.push(("PostgreSQL:", postgres_store(url).await?));
        }
        for (name, store) in &stores {
            let filled = Instant::now();
            ingest(store, args.query_over, 0, registrations).await?;
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
