//! The portfolio store on its own, without the rest of Retki: `retki-portfolio serve`,
//! `retki-portfolio credentials create`, … (the same commands as `retki portfolio …`).

use std::process::ExitCode;

use clap::Parser;
use retki_portfolio::cli::{PortfolioArgs, run};

/// The Retki portfolio store: xAPI statements and pupils' artefacts.
#[derive(Parser, Debug)]
#[command(name = "retki-portfolio", version)]
struct Cli {
    #[command(flatten)]
    args: PortfolioArgs,
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
