//! What an operator's load balancer asks: `/healthz` (the process and its database answer) and
//! `/readyz` (and every migration of this release is applied, so a replica that is older than the
//! database, or one whose database another replica is still migrating, takes no traffic).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use tests::Backend;

use crate::started;

async fn a_replica_is_ready_only_with_every_migration_applied(backend: Backend) {
    let Some(portal) = started(backend).await else { return };
    let ready = portal.get("/readyz").await.unwrap();
    assert_eq!((ready.status, ready.body.as_str()), (200, "ready"));

    // As if the newest migration had not run yet.
    let forgotten = "DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations)";
    assert_eq!(portal.execute(forgotten, forgotten).await.unwrap(), 1);
    let waiting = portal.get("/readyz").await.unwrap();
    assert_eq!((waiting.status, waiting.body.as_str()), (503, "migrations pending"));
    assert_eq!(portal.get("/healthz").await.unwrap().status, 200, "alive, only not ready");
}
tests::on_both_backends!(a_replica_is_ready_only_with_every_migration_applied);
