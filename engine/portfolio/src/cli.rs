//! The store's commands, the same under `retki portfolio …` (and `retki serve`) as under the
//! standalone `retki-portfolio …`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand};

use crate::access::Role;
use crate::http::{Api, router};
use crate::store::Store;

/// The store used unless told otherwise: a SQLite file in the current folder.
pub const DEFAULT_STORE: &str = "sqlite://retki.db";
/// Where the server listens unless told otherwise: this machine only.
pub const DEFAULT_BIND: &str = "127.0.0.1:8080";

/// `retki portfolio`: the store, and what to do with it.
#[derive(Args, Debug)]
pub struct PortfolioArgs {
    /// The store: sqlite://FILE or postgres://USER:PASSWORD@HOST/DATABASE.
    #[arg(long, global = true, default_value = DEFAULT_STORE)]
    pub store: String,
    /// What to do.
    #[command(subcommand)]
    pub command: PortfolioCommand,
}

/// What `retki portfolio` does.
#[derive(Subcommand, Debug)]
pub enum PortfolioCommand {
    /// Serve the xAPI endpoint under /xapi/ and the portfolio under /portfolio/.
    Serve {
        /// Address and port to listen on.
        #[arg(long, default_value = DEFAULT_BIND)]
        bind: String,
    },
    /// Credentials of the store's clients.
    Credentials {
        /// What to do with them.
        #[command(subcommand)]
        action: CredentialsCommand,
    },
    /// Put pupils and teachers in a class.
    Class {
        /// The class, such as 7B.
        #[arg(long)]
        class: String,
        /// A pupil's pseudonymous learner id; repeat for more.
        #[arg(long)]
        pupil: Vec<String>,
        /// A teacher's id; repeat for more.
        #[arg(long)]
        teacher: Vec<String>,
    },
    /// Record a guardian of a learner.
    Guardian {
        /// The guardian's id.
        #[arg(long)]
        guardian: String,
        /// The learner's id.
        #[arg(long)]
        learner: String,
    },
    /// Keep the school's name for a learner id (only where the school maps names).
    Name {
        /// The learner's id.
        #[arg(long)]
        learner: String,
        /// Their name.
        #[arg(long)]
        name: String,
    },
    /// Print the learner id of the pupil who goes by a name in a class's sessions.
    Learner {
        /// The class, such as 7B.
        #[arg(long)]
        class: String,
        /// The name the pupil joins sessions with, such as "Kettu 7".
        #[arg(long)]
        name: String,
    },
    /// Write everything about one learner into a folder: learner.json and the files.
    Export {
        /// The learner's id.
        #[arg(long)]
        learner: String,
        /// The folder; it must not exist yet.
        #[arg(long)]
        out: PathBuf,
    },
    /// Remove everything about one learner, statements included, and log it.
    Erase {
        /// The learner's id.
        #[arg(long)]
        learner: String,
        /// Who does it (an admin's name), for the admin log.
        #[arg(long)]
        by: String,
    },
    /// Whether a learner was erased, and when, from the admin log.
    Erased {
        /// The learner's id.
        #[arg(long)]
        learner: String,
    },
    /// Remove everything older than the school keeps records, and log it.
    Purge {
        /// Remove what was stored this many days ago or earlier.
        #[arg(long)]
        older_than_days: u32,
        /// Who does it (an admin's name), for the admin log.
        #[arg(long)]
        by: String,
    },
    /// Measure the store: batch ingest, single POSTs over HTTP, queries over many statements.
    Bench(crate::bench::BenchArgs),
}

/// What `credentials` does.
#[derive(Subcommand, Debug)]
pub enum CredentialsCommand {
    /// Make a key and a secret for a new client and print them.
    Create {
        /// The client's name, as its statements' authority will show it.
        #[arg(long)]
        name: String,
        /// service (writes statements), admin, teacher, pupil or guardian.
        #[arg(long, default_value = "service")]
        role: String,
        /// Whom a teacher, pupil or guardian client acts for: their id.
        #[arg(long)]
        subject: Option<String>,
    },
}

fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))
}

/// Opens the store at `url`, naming it in the error.
pub async fn open(url: &str) -> Result<Store, String> {
    Store::open(url)
        .await
        .map_err(|e| format!("cannot open the store {url}: {e}"))
}

/// Serves the store at `store` on `bind` until the process is stopped. Prints
/// `listening on http://ADDR/xapi/` once it accepts connections.
pub fn serve(store: &str, bind: &str) -> Result<ExitCode, String> {
    runtime()?.block_on(async {
        let store = open(store).await?;
        let listener = tokio::net::TcpListener::bind(bind)
            .await
            .map_err(|e| format!("cannot listen on {bind}: {e}"))?;
        let address = listener
            .local_addr()
            .map_err(|e| format!("cannot read the address listened on: {e}"))?;
        let home_page = format!("http://{address}");
        println!(
            "listening on {home_page}/xapi/ and {home_page}/portfolio/ (store: {:?})",
            store.backend()
        );
        axum::serve(listener, router(Api::new(store, home_page)))
            .await
            .map_err(|e| format!("the server stopped: {e}"))?;
        Ok(ExitCode::SUCCESS)
    })
}

/// Runs one `retki portfolio` command.
pub fn run(args: PortfolioArgs) -> Result<ExitCode, String> {
    let url = args.store;
    if let PortfolioCommand::Serve { bind } = &args.command {
        return serve(&url, bind);
    }
    if let PortfolioCommand::Bench(bench) = args.command {
        return crate::bench::run(&bench);
    }
    runtime()?.block_on(async {
        let store = open(&url).await?;
        fn fail(what: &str) -> impl Fn(crate::store::StoreError) -> String + '_ {
            move |e| format!("{what}: {e}")
        }
        match args.command {
            PortfolioCommand::Serve { .. } | PortfolioCommand::Bench(_) => unreachable!(),
            PortfolioCommand::Credentials {
                action: CredentialsCommand::Create { name, role, subject },
            } => {
                let role = Role::parse(&role).ok_or_else(|| {
                    let names: Vec<_> = Role::ALL.iter().map(|r| r.name()).collect();
                    format!("--role '{role}' is not one of {}", names.join(", "))
                })?;
                let (key, secret) = store
                    .create_client(&name, role, subject.as_deref())
                    .await
                    .map_err(fail(&format!("cannot make credentials for '{name}'")))?;
                println!("client: {name} ({})", role.name());
                println!("key:    {key}");
                println!("secret: {secret}");
                println!("(the secret is shown only now; the store keeps only its hash)");
            }
            PortfolioCommand::Class {
                class,
                pupil,
                teacher,
            } => {
                store
                    .add_to_class(&class, &pupil, &teacher)
                    .await
                    .map_err(fail(&format!("cannot fill class '{class}'")))?;
                println!(
                    "class {class}: added {} pupils and {} teachers",
                    pupil.len(),
                    teacher.len()
                );
            }
            PortfolioCommand::Guardian { guardian, learner } => {
                store
                    .add_guardian(&guardian, &learner)
                    .await
                    .map_err(fail("cannot record the guardian"))?;
                println!("{guardian} is a guardian of {learner}");
            }
            PortfolioCommand::Name { learner, name } => {
                store
                    .set_learner_name(&learner, &name)
                    .await
                    .map_err(fail("cannot keep the name"))?;
                println!("{learner} is mapped to a name");
            }
            PortfolioCommand::Learner { class, name } => {
                let id = store
                    .session_learner(&class, &name)
                    .await
                    .map_err(fail("cannot read the store's learner key"))?;
                println!("{id}");
            }
            PortfolioCommand::Export { learner, out } => {
                let export = store
                    .export_learner(&learner)
                    .await
                    .map_err(fail(&format!("cannot export '{learner}'")))?;
                write_export(&out, &export)?;
                println!(
                    "wrote {} statements, {} documents and {} artefacts of {learner} to {}",
                    export.record["statements"].as_array().map_or(0, Vec::len),
                    export.record["documents"].as_array().map_or(0, Vec::len),
                    export.record["artefacts"].as_array().map_or(0, Vec::len),
                    out.display()
                );
            }
            PortfolioCommand::Erase { learner, by } => {
                let removed = store
                    .erase_learner(&learner, &by)
                    .await
                    .map_err(fail(&format!("cannot erase '{learner}'")))?;
                println!(
                    "erased {learner}: {} statements, {} documents, {} artefacts (logged as {by}'s action)",
                    removed.statements, removed.documents, removed.artefacts
                );
            }
            PortfolioCommand::Erased { learner } => {
                match store
                    .was_erased(&learner)
                    .await
                    .map_err(fail("cannot read the admin log"))?
                {
                    Some(at) => println!("{learner} was erased at {at}"),
                    None => println!("the admin log has no erasure of {learner}"),
                }
            }
            PortfolioCommand::Purge {
                older_than_days,
                by,
            } => {
                let removed = store
                    .purge_older_than(older_than_days, &by)
                    .await
                    .map_err(fail("cannot purge"))?;
                println!(
                    "purged what is {older_than_days} days old or older: {} statements, {} documents, {} artefacts (logged as {by}'s action)",
                    removed.statements, removed.documents, removed.artefacts
                );
            }
        }
        Ok(ExitCode::SUCCESS)
    })
}

/// Writes an export into the new folder `out`.
fn write_export(out: &Path, export: &crate::store::privacy::LearnerExport) -> Result<(), String> {
    if out.exists() {
        return Err(format!(
            "{} exists already: give --out a new folder, so nothing is overwritten",
            out.display()
        ));
    }
    let write = |path: PathBuf, bytes: &[u8]| -> Result<(), String> {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot make {}: {e}", parent.display()))?;
        }
        std::fs::write(&path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
    };
    let json = serde_json::to_vec_pretty(&export.record).unwrap_or_default();
    write(out.join("learner.json"), &json)?;
    for (name, bytes) in &export.files {
        write(out.join(name), bytes)?;
    }
    Ok(())
}
