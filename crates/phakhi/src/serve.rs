//! Serving HTTP until asked to stop.

use std::io::Write;

use anyhow::Context;

use crate::database::Database;

/// Serves the platform on `listen` until SIGINT or SIGTERM, then lets requests in flight finish.
pub async fn run(database: Database, listen: &str) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(listen).await.with_context(|| format!("listening on {listen}"))?;
    let address = listener.local_addr().context("reading the listening address")?;
    let app = phakhi_web::router(database.store());
    // Printed on stdout so scripts (and tests) can wait for it; everything else goes to the log.
    // Whoever started phakhi may have stopped reading; that is no reason to stop serving.
    let _ = writeln!(
        std::io::stdout(),
        "phakhi is ready: http://{address}/ (API http://{address}/api/v1/, OpenAPI http://{address}/api/openapi.json)"
    );
    // The peer address goes into the audit log and the per-address sign-in limit.
    let service = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, service).with_graceful_shutdown(shutdown_signal()).await.context("serving HTTP")?;
    database.close().await;
    Ok(())
}

async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
    tracing::info!("shutting down");
}
