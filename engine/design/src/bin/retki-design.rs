//! Schoolyard designs without the rest of Retki: `retki-design check`, `retki-design export`,
//! … (the same commands as `retki design …`), quick to build on a machine with no GPU.

use std::process::ExitCode;

use clap::Parser;
use retki_design::cli::{DesignArgs, run};

/// Check, export and look into Retki schoolyard designs.
#[derive(Parser, Debug)]
#[command(name = "retki-design", version)]
struct Cli {
    #[command(flatten)]
    args: DesignArgs,
}

fn main() -> ExitCode {
    match run(Cli::parse().args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}
