//! `faas-server`: see [`faas_server::cli::Cli`] for the flags.

use clap::Parser;
use faas_server::cli::Cli;

#[tokio::main]
async fn main() {
    let cli = Cli::parse();
    let filter = tracing_subscriber::EnvFilter::try_new(&cli.log)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
    if let Err(e) = faas_server::run(cli.into_config()).await {
        eprintln!("faas-server: {e}");
        std::process::exit(1);
    }
}
