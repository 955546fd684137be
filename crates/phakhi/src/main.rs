//! `phakhi`: the partner-network platform in one binary.
//!
//! Errors here are `anyhow` with context: this is the outermost layer, where a message for the
//! operator is all that is left to produce.

mod cli;
mod database;
mod generate;
mod import_sheet;
mod open_sdg;
mod report;
mod serve;
mod users;

use clap::Parser;

/// mimalloc instead of the C library's allocator: segmenting Thai text makes many small, short-lived
/// strings on several threads at once, and glibc's malloc took a quarter of a search-index rebuild's
/// time (measured with `perf`; see docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let cli = cli::Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_env("PHAKHI_LOG").unwrap_or_else(|_| cli.default_log_filter().into()))
        .with_writer(std::io::stderr)
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(cli::run(cli)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
