//! The shared store: PostgreSQL, for several `tanso serve` replicas on one database.
//!
//! A bounded r2d2 pool per process; a connection found broken (the server restarted, the
//! network dropped) is replaced on the next checkout. Statements are plain autocommit
//! `INSERT … ON CONFLICT DO NOTHING` / `SELECT` / `DELETE`, so concurrent writers from any
//! replica are serialised by the primary key; a save is acknowledged after its commit, which
//! PostgreSQL (with its default `synchronous_commit = on`) makes durable before answering.
//! Connections are not encrypted (no TLS crate is linked): run the database on a private
//! network, or put a TLS proxy beside each replica.

use std::time::Duration;

use postgres::NoTls;
use r2d2_postgres::PostgresConnectionManager;

use super::migrations;
use super::{
    Backend, Deleted, NewScenario, Record, Saved, ScenarioId, Store, StoreError, StoreErrorKind,
    TokenHash,
};

type Pool = r2d2::Pool<PostgresConnectionManager<NoTls>>;

/// How long to wait for a connection (new, or free in the pool).
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Server-side limit on one statement.
pub const STATEMENT_TIMEOUT_MS: u32 = 15_000;
/// Advisory lock held while migrating: "tanso" in ASCII.
const MIGRATION_LOCK: i64 = 0x74_61_6e_73_6f;

pub struct PostgresStore {
    pool: Pool,
    shown: String,
}

impl PostgresStore {
    /// Connects with up to `pool_size` connections and migrates the database.
    pub fn connect(url: &str, pool_size: u32) -> Result<PostgresStore, StoreError> {
        let shown = super::redact_url(url);
        let mut config: postgres::Config = url.parse().map_err(|e| {
            StoreError::config(format!("the PostgreSQL URL {shown} cannot be read: {e}"))
        })?;
        if config.get_application_name().is_none() {
            config.application_name("tanso");
        }
        config.connect_timeout(CONNECT_TIMEOUT);
        let options = format!(
            "{} -c statement_timeout={STATEMENT_TIMEOUT_MS}",
            config.get_options().unwrap_or("")
        );
        config.options(options.trim());
        let pool = r2d2::Pool::builder()
            .max_size(pool_size.max(1))
            .min_idle(Some(1))
            .connection_timeout(CONNECT_TIMEOUT)
            .build(PostgresConnectionManager::new(config, NoTls))
            .map_err(|e| {
                StoreError::unavailable(format!("cannot connect to PostgreSQL at {shown}: {e}"))
            })?;
        let store = PostgresStore { pool, shown };
        store.migrate()?;
        Ok(store)
    }

    fn client(
        &self,
    ) -> Result<r2d2::PooledConnection<PostgresConnectionManager<NoTls>>, StoreError> {
        self.pool.get().map_err(|e| {
            StoreError::unavailable(format!("PostgreSQL at {}: no connection: {e}", self.shown))
        })
    }

    fn error(&self, e: postgres::Error) -> StoreError {
        StoreError::unavailable(format!("PostgreSQL at {}: {e}", self.shown))
    }

    fn migrate(&self) -> Result<(), StoreError> {
        let mut client = self.client()?;
        let mut tx = client.transaction().map_err(|e| self.error(e))?;
        let fail = |e: postgres::Error| StoreError {
            kind: StoreErrorKind::Schema,
            message: format!("PostgreSQL at {}: migration: {e}", self.shown),
        };
        // Replicas starting together: one migrates, the others wait here and find it done.
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
            .map_err(fail)?;
        tx.batch_execute(migrations::SCHEMA_TABLE).map_err(fail)?;
        let current: i32 = tx
            .query_one("SELECT COALESCE(MAX(version), 0) FROM tanso_schema", &[])
            .map_err(fail)?
            .get(0);
        let pending = migrations::pending(current).map_err(|m| StoreError {
            kind: StoreErrorKind::Schema,
            message: format!("PostgreSQL at {}: {m}", self.shown),
        })?;
        for m in pending {
            tx.batch_execute(m.postgres).map_err(fail)?;
            tx.execute(
                "INSERT INTO tanso_schema (version, name, applied_ms) VALUES ($1, $2, $3)",
                &[&m.version, &m.name, &super::now_ms()],
            )
            .map_err(fail)?;
            tracing::info!(
                version = m.version,
                name = m.name,
                "PostgreSQL store migrated"
            );
        }
        tx.commit().map_err(fail)
    }

    fn read(
        &self,
        client: &mut postgres::Client,
        id: &ScenarioId,
    ) -> Result<Option<Record>, StoreError> {
        let row = client
            .query_opt(
                "SELECT body, dataset_version, created_ms FROM scenarios WHERE id = $1",
                &[&id.as_str()],
            )
            .map_err(|e| self.error(e))?;
        Ok(row.map(|r| Record {
            id: id.clone(),
            body: r.get(0),
            dataset_version: r.get(1),
            created_ms: r.get(2),
        }))
    }
}

impl Store for PostgresStore {
    fn backend(&self) -> Backend {
        Backend::Postgres
    }

    fn location(&self) -> &str {
        &self.shown
    }

    fn save(&self, new: &NewScenario) -> Result<Saved, StoreError> {
        if new.body.len() > super::MAX_SCENARIO_BYTES {
            return Err(StoreError::too_large(new.body.len()));
        }
        let mut client = self.client()?;
        let inserted = client
            .execute(
                "INSERT INTO scenarios (id, body, dataset_version, created_ms, token_hash)
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING",
                &[
                    &new.id.as_str(),
                    &new.body,
                    &new.dataset_version,
                    &new.created_ms,
                    &new.token_hash.0,
                ],
            )
            .map_err(|e| self.error(e))?;
        if inserted == 1 {
            return Ok(Saved::Created(Record {
                id: new.id.clone(),
                body: new.body.clone(),
                dataset_version: new.dataset_version.clone(),
                created_ms: new.created_ms,
            }));
        }
        // The conflicting row is committed (ON CONFLICT waits for the other writer), so it is
        // visible to this next statement; it can only be gone if deleted in between.
        match self.read(&mut client, &new.id)? {
            Some(r) => Ok(Saved::Existing(r)),
            None => Err(StoreError::unavailable(format!(
                "scenario {} was deleted while being saved again; retry",
                new.id
            ))),
        }
    }

    fn get(&self, id: &ScenarioId) -> Result<Option<Record>, StoreError> {
        let mut client = self.client()?;
        self.read(&mut client, id)
    }

    fn delete(&self, id: &ScenarioId, token: &TokenHash) -> Result<Deleted, StoreError> {
        let mut client = self.client()?;
        let n = client
            .execute(
                "DELETE FROM scenarios WHERE id = $1 AND token_hash = $2",
                &[&id.as_str(), &token.0],
            )
            .map_err(|e| self.error(e))?;
        if n == 1 {
            return Ok(Deleted::Deleted);
        }
        let exists = client
            .query_opt("SELECT 1 FROM scenarios WHERE id = $1", &[&id.as_str()])
            .map_err(|e| self.error(e))?
            .is_some();
        Ok(if exists {
            Deleted::WrongToken
        } else {
            Deleted::NotFound
        })
    }

    fn ping(&self) -> Result<(), StoreError> {
        let mut client = self.client()?;
        client
            .simple_query("SELECT 1")
            .map(|_| ())
            .map_err(|e| self.error(e))
    }
}
