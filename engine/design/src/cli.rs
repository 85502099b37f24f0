//! `retki design …`: check, export, look into and benchmark schoolyard designs, with no
//! window or GPU needed.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, Subcommand};
use hdrhistogram::Histogram;

use crate::file::{self, Loaded};
use crate::{Design, Request, export};

/// `retki design`'s commands.
#[derive(Args, Debug)]
pub struct DesignArgs {
    #[command(subcommand)]
    command: DesignCommand,
}

#[derive(Subcommand, Debug)]
enum DesignCommand {
    /// Check a design file and its site plan; print its summary.
    Check {
        /// The design, such as assets/sites/koivurinne.design.json.
        design: PathBuf,
    },
    /// Export a design to binary glTF (.glb).
    Export {
        /// The design file.
        design: PathBuf,
        /// Where to write the .glb.
        #[arg(long)]
        out: PathBuf,
    },
    /// Who placed, moved or changed an item: its operations from the log.
    History {
        /// The design file.
        design: PathBuf,
        /// The item's id.
        #[arg(long)]
        item: u32,
    },
    /// Time placement checks with many items on the site, and saving and exporting.
    Bench {
        /// The design whose site to fill.
        #[arg(long, default_value = "assets/sites/koivurinne.design.json")]
        design: PathBuf,
        /// Items on the site while placements are checked.
        #[arg(long, default_value_t = 500)]
        items: usize,
        /// Placement checks timed.
        #[arg(long, default_value_t = 20_000)]
        checks: usize,
        /// Runs of the save, load and export timings; the median is reported.
        #[arg(long, default_value_t = 15)]
        runs: usize,
    },
}

/// Runs a `retki design` command.
pub fn run(args: DesignArgs) -> Result<ExitCode, String> {
    match args.command {
        DesignCommand::Check { design } => {
            let loaded = load(&design)?;
            let s = loaded.design.summary();
            println!(
                "{}: \"{}\" on {} — {} items, {:.0} € of a {:.0} € budget{}, green {:.0} % of \
                 the yard, play area {:.1} m² per pupil ({} pupils), {} operations",
                design.display(),
                loaded.design.brief.title,
                loaded.design.site.name,
                s.items,
                s.cost_eur,
                s.budget_eur,
                if s.cost_eur > s.budget_eur {
                    " (over budget)"
                } else {
                    ""
                },
                s.green_share * 100.0,
                s.play_area_per_pupil_m2,
                loaded.design.brief.pupils,
                loaded.design.log().len(),
            );
            Ok(ExitCode::SUCCESS)
        }
        DesignCommand::Export { design, out } => {
            let loaded = load(&design)?;
            let glb = export::to_glb(&loaded.design);
            std::fs::write(&out, &glb)
                .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
            println!(
                "{}: {} items, {} bytes",
                out.display(),
                loaded.design.items().len(),
                glb.len()
            );
            Ok(ExitCode::SUCCESS)
        }
        DesignCommand::History { design, item } => {
            let loaded = load(&design)?;
            let d = &loaded.design;
            let mut any = false;
            for op in d.history(item) {
                any = true;
                let how = match (op.undoes, op.redoes) {
                    (Some(n), _) => format!(" (undoing operation {n})"),
                    (_, Some(n)) => format!(" (redoing operation {n})"),
                    _ => String::new(),
                };
                println!(
                    "{:>4}  {}  {:<8} {}{how}",
                    op.seq,
                    crate::time::iso8601(op.time_ms),
                    op.change.verb(),
                    op.author
                );
            }
            if !any {
                return Err(format!("{} has no item {item}", design.display()));
            }
            Ok(ExitCode::SUCCESS)
        }
        DesignCommand::Bench {
            design,
            items,
            checks,
            runs,
        } => bench(&design, items, checks, runs),
    }
}

fn load(path: &Path) -> Result<Loaded, String> {
    file::load(path).map_err(|problems| format!("the design has problems:\n{problems}"))
}

/// Fills the site with `items` items, then times `checks` placement checks and the file and
/// glTF round trips.
fn bench(path: &Path, items: usize, checks: usize, runs: usize) -> Result<ExitCode, String> {
    let loaded = load(path)?;
    let mut design = Design::new(loaded.design.site.clone(), loaded.design.brief.clone());
    let filled = fill(&mut design, items);
    if filled < items {
        return Err(format!(
            "only {filled} of {items} items fit on {}; ask for fewer with --items",
            design.site.name
        ));
    }

    // Candidates spread over the yard's box: some fit, most are refused for one reason or
    // another, as a pupil's pointer sweeping over a busy yard gives.
    let (lo, hi) = bounds(&design.site.yard);
    let mut rng = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        (rng >> 40) as f32 / (1u64 << 24) as f32
    };
    let kinds = ["bench", "swing", "tree", "table_tennis", "slide", "bin"];
    let mut times = nanoseconds();
    let mut allowed = 0;
    for n in 0..checks {
        let at = [
            lo[0] + next() * (hi[0] - lo[0]),
            lo[1] + next() * (hi[1] - lo[1]),
        ];
        let kind = crate::catalogue::kind(kinds[n % kinds.len()]).expect("in the catalogue");
        let candidate = crate::Item {
            id: u32::MAX,
            kind: kind.id.into(),
            at,
            rotation_deg: next() * 360.0,
            width_m: kind.width_m.default,
            depth_m: kind.depth_m.default,
            colour: kind.colour.into(),
            placed_by: "bench".into(),
        };
        let start = Instant::now();
        let verdict = design.would_allow(&candidate);
        times.saturating_record(start.elapsed().as_nanos() as u64);
        allowed += usize::from(verdict.is_ok());
    }
    let ms = |h: &Histogram<u64>, q: f64| h.value_at_quantile(q) as f64 / 1e6;
    let (p50, p99) = (ms(&times, 0.5), ms(&times, 0.99));

    let dir = std::env::temp_dir().join(format!("retki-design-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    std::fs::copy(&loaded.site_path, dir.join("site.geojson")).map_err(|e| e.to_string())?;
    let saved = dir.join("bench.design.json");
    let (mut save_ns, mut load_ns, mut glb_ns) = (nanoseconds(), nanoseconds(), nanoseconds());
    let mut glb_bytes = 0;
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        file::save(&design, "site.geojson", &saved).map_err(|e| e.to_string())?;
        save_ns.saturating_record(start.elapsed().as_nanos() as u64);
        let start = Instant::now();
        let reloaded = load(&saved)?;
        load_ns.saturating_record(start.elapsed().as_nanos() as u64);
        assert_eq!(reloaded.design.items().len(), filled);
        let start = Instant::now();
        glb_bytes = export::to_glb(&design).len();
        glb_ns.saturating_record(start.elapsed().as_nanos() as u64);
    }
    let json_bytes = std::fs::metadata(&saved).map(|m| m.len()).unwrap_or(0);
    let _ = std::fs::remove_dir_all(&dir);

    println!(
        "retki design bench: {} ({}), {filled} items on the site",
        design.site.name,
        path.display()
    );
    println!(
        "placement check: p50 {p50:.4} ms, p99 {p99:.4} ms over {checks} checks \
         ({allowed} allowed, {} refused)",
        checks - allowed
    );
    println!(
        "save JSON: median {:.2} ms ({json_bytes} bytes, {} operations)",
        ms(&save_ns, 0.5),
        design.log().len()
    );
    println!(
        "load and check JSON (replay, rules for every item): median {:.2} ms",
        ms(&load_ns, 0.5)
    );
    println!(
        "export glTF: median {:.2} ms ({glb_bytes} bytes)",
        ms(&glb_ns, 0.5)
    );
    Ok(ExitCode::SUCCESS)
}

/// Places items on a grid over the yard until `count` are in, trying kinds in turn; refused
/// spots are skipped. Returns how many went in.
fn fill(design: &mut Design, count: usize) -> usize {
    let (lo, hi) = bounds(&design.site.yard);
    let kinds = ["shrub", "bin", "bench", "planter", "tree", "bike_rack"];
    let step = 1.6f32;
    let mut placed = 0;
    let mut k = 0;
    let mut y = lo[1] + step / 2.0;
    while y < hi[1] && placed < count {
        let mut x = lo[0] + step / 2.0;
        while x < hi[0] && placed < count {
            for _ in 0..kinds.len() {
                let request = Request::Place {
                    kind: kinds[k % kinds.len()].into(),
                    at: [x, y],
                    rotation_deg: 0.0,
                    size: None,
                    colour: None,
                };
                k += 1;
                if design.apply("bench", placed as u64, request).is_ok() {
                    placed += 1;
                    break;
                }
            }
            x += step;
        }
        y += step;
    }
    placed
}

fn bounds(ring: &[[f32; 2]]) -> ([f32; 2], [f32; 2]) {
    let mut lo = [f32::MAX; 2];
    let mut hi = [f32::MIN; 2];
    for p in ring {
        for a in 0..2 {
            lo[a] = lo[a].min(p[a]);
            hi[a] = hi[a].max(p[a]);
        }
    }
    (lo, hi)
}

/// A histogram of times in nanoseconds, up to a minute, to three significant digits.
fn nanoseconds() -> Histogram<u64> {
    Histogram::new_with_max(60_000_000_000, 3).expect("a valid range and precision")
}
