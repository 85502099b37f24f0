//! Gives the crate the commit its sources come from and that commit's date
//! (`RETKI_COMMIT`, `RETKI_COMMIT_DATE`), for `retki --version`, `/xapi/about` and the
//! teacher's dashboard. The date is the commit's, so the same sources build the same program
//! (as reproducible builds ask); without git (a source archive) both say `unknown`.

use std::process::Command;

/// What `git ARGS` prints, trimmed, if it succeeds with something to say.
fn git(args: &[&str]) -> Option<String> {
    let output = Command::new("git").args(args).output().ok()?;
    let text = String::from_utf8_lossy(&output.stdout).trim().to_string();
    (output.status.success() && !text.is_empty()).then_some(text)
}

fn main() {
    let commit = git(&["rev-parse", "--short=12", "HEAD"]).unwrap_or_else(|| "unknown".into());
    let date = git(&["log", "-1", "--format=%cs"]).unwrap_or_else(|| "unknown".into());
    println!("cargo:rustc-env=RETKI_COMMIT={commit}");
    println!("cargo:rustc-env=RETKI_COMMIT_DATE={date}");
    // Again when the checked-out commit changes.
    if let Some(dir) = git(&["rev-parse", "--absolute-git-dir"]) {
        println!("cargo:rerun-if-changed={dir}/HEAD");
        println!("cargo:rerun-if-changed={dir}/packed-refs");
        if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
            println!("cargo:rerun-if-changed={dir}/{branch}");
        }
    }
    println!("cargo:rerun-if-changed=build.rs");
}
