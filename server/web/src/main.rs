#![forbid(unsafe_code)]
use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = web::ops::cli::Cli::parse();
    match web::ops::cli::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            // One line: the operator sees the reason, not a backtrace.
            eprintln!("portal: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
