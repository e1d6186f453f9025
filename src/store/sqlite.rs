//! The embedded store: one SQLite file (or an in-memory database).
//!
//! One connection per process, behind a mutex: SQLite allows one writer at a time anyway, and
//! its statements here take microseconds. Other processes on the same file (`tanso scenarios`
//! while `tanso serve` runs) are serialised by SQLite's own locks, waited for up to
//! [`BUSY_TIMEOUT`]. The journal is a write-ahead log with `synchronous=FULL`: a save returns
//! only after its commit is on disk, and a process killed mid-write leaves the file at its
//! last commit.

use std::path::Path;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use super::migrations;
use super::{
    Backend, Deleted, NewScenario, Record, Saved, ScenarioId, Store, StoreError, StoreErrorKind,
    TokenHash,
};

/// How long a statement waits for another process's lock before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

pub struct SqliteStore {
    conn: Mutex<Connection>,
    shown: String,
}

impl SqliteStore {
    /// Opens (creating if needed) the file at `path` and migrates it.
    pub fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        super::ensure_parent(path)?;
        let shown = path.display().to_string();
        let conn = Connection::open(path).map_err(|e| {
            StoreError::config(format!("cannot open the SQLite store {shown}: {e}"))
        })?;
        SqliteStore::setup(conn, shown, true)
    }

    /// A store in memory, empty, gone with the process.
    pub fn in_memory() -> Result<SqliteStore, StoreError> {
        let conn = Connection::open_in_memory().map_err(|e| {
            StoreError::config(format!("cannot open a SQLite store in memory: {e}"))
        })?;
        SqliteStore::setup(conn, "memory".into(), false)
    }

    fn setup(mut conn: Connection, shown: String, file: bool) -> Result<SqliteStore, StoreError> {
        let err = |e: rusqlite::Error| StoreError::config(format!("SQLite store {shown}: {e}"));
        conn.busy_timeout(BUSY_TIMEOUT).map_err(err)?;
        if file {
            let mode: String = conn
                .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
                .map_err(err)?;
            if !mode.eq_ignore_ascii_case("wal") {
                return Err(StoreError::config(format!(
                    "SQLite store {shown}: cannot use a write-ahead log (journal mode stays {mode}); \
                     is it on a network file system?"
                )));
            }
        }
        conn.execute_batch("PRAGMA synchronous = FULL;")
            .map_err(err)?;
        migrate(&mut conn).map_err(|e| StoreError {
            kind: e.kind,
            message: format!("SQLite store {shown}: {}", e.message),
        })?;
        Ok(SqliteStore {
            conn: Mutex::new(conn),
            shown,
        })
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave a transaction open (rusqlite rolls back
        // on drop), so a poisoned lock is still a usable connection.
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn error(&self, e: rusqlite::Error) -> StoreError {
        StoreError::unavailable(format!("SQLite store {}: {e}", self.shown))
    }
}

fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(|e| StoreError::unavailable(e.to_string()))?;
    let fail = |e: rusqlite::Error| StoreError::unavailable(format!("migration: {e}"));
    tx.execute_batch(migrations::SCHEMA_TABLE).map_err(fail)?;
    let current: i32 = tx
        .query_row(
            "SELECT COALESCE(MAX(version), 0) FROM tanso_schema",
            [],
            |r| r.get(0),
        )
        .map_err(fail)?;
    let pending = migrations::pending(current).map_err(|m| StoreError {
        kind: StoreErrorKind::Schema,
        message: m,
    })?;
    for m in pending {
        tx.execute_batch(m.sqlite).map_err(fail)?;
        tx.execute(
            "INSERT INTO tanso_schema (version, name, applied_ms) VALUES (?1, ?2, ?3)",
            params![m.version, m.name, super::now_ms()],
        )
        .map_err(fail)?;
        tracing::info!(version = m.version, name = m.name, "SQLite store migrated");
    }
    tx.commit().map_err(fail)
}

fn read_record(conn: &Connection, id: &ScenarioId) -> rusqlite::Result<Option<Record>> {
    conn.query_row(
        "SELECT body, dataset_version, created_ms FROM scenarios WHERE id = ?1",
        params![id.as_str()],
        |r| {
            Ok(Record {
                id: id.clone(),
                body: r.get(0)?,
                dataset_version: r.get(1)?,
                created_ms: r.get(2)?,
            })
        },
    )
    .optional()
}

impl Store for SqliteStore {
    fn backend(&self) -> Backend {
        Backend::Sqlite
    }

    fn location(&self) -> &str {
        &self.shown
    }

    fn save(&self, new: &NewScenario) -> Result<Saved, StoreError> {
        if new.body.len() > super::MAX_SCENARIO_BYTES {
            return Err(StoreError::too_large(new.body.len()));
        }
        let mut conn = self.conn();
        // IMMEDIATE: take the write lock first, so the insert and the read of an existing row
        // see the same state even with other processes on the file.
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| self.error(e))?;
        let inserted = tx
            .execute(
                "INSERT INTO scenarios (id, body, dataset_version, created_ms, token_hash)
                 VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (id) DO NOTHING",
                params![
                    new.id.as_str(),
                    new.body,
                    new.dataset_version,
                    new.created_ms,
                    new.token_hash.0
                ],
            )
            .map_err(|e| self.error(e))?;
        let saved = if inserted == 1 {
            Saved::Created(Record {
                id: new.id.clone(),
                body: new.body.clone(),
                dataset_version: new.dataset_version.clone(),
                created_ms: new.created_ms,
            })
        } else {
            match read_record(&tx, &new.id).map_err(|e| self.error(e))? {
                Some(r) => Saved::Existing(r),
                None => {
                    return Err(StoreError::unavailable(format!(
                        "scenario {} neither inserted nor found",
                        new.id
                    )));
                }
            }
        };
        tx.commit().map_err(|e| self.error(e))?;
        Ok(saved)
    }

    fn get(&self, id: &ScenarioId) -> Result<Option<Record>, StoreError> {
        read_record(&self.conn(), id).map_err(|e| self.error(e))
    }

    fn delete(&self, id: &ScenarioId, token: &TokenHash) -> Result<Deleted, StoreError> {
        let conn = self.conn();
        let n = conn
            .execute(
                "DELETE FROM scenarios WHERE id = ?1 AND token_hash = ?2",
                params![id.as_str(), token.0],
            )
            .map_err(|e| self.error(e))?;
        if n == 1 {
            return Ok(Deleted::Deleted);
        }
        let exists: Option<i32> = conn
            .query_row(
                "SELECT 1 FROM scenarios WHERE id = ?1",
                params![id.as_str()],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.error(e))?;
        Ok(if exists.is_some() {
            Deleted::WrongToken
        } else {
            Deleted::NotFound
        })
    }

    fn ping(&self) -> Result<(), StoreError> {
        self.conn()
            .query_row("SELECT 1", [], |r| r.get::<_, i32>(0))
            .map(|_| ())
            .map_err(|e| self.error(e))
    }
}
