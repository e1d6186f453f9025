//! Versioned schema migrations, run when a store opens.
//!
//! Each [`Migration`] has a version, a name and its SQL for each database. The table
//! `tanso_schema` records which versions were applied. At start a store takes the database's
//! write lock (SQLite `BEGIN IMMEDIATE`; a PostgreSQL advisory lock, so replicas starting
//! together migrate once), applies the missing versions in order in that one transaction, and
//! refuses to run on a database whose schema is newer than this tanso knows: an older replica
//! must not write rows a newer schema no longer expects.
//!
//! Rules for adding a migration: append it with the next version; never edit one that has
//! shipped. (A crate such as refinery would do the same with a dozen more dependencies; this
//! is the whole mechanism.)

/// One schema change.
pub struct Migration {
    pub version: i32,
    pub name: &'static str,
    pub sqlite: &'static str,
    pub postgres: &'static str,
}

/// Every migration, in order.
pub const MIGRATIONS: &[Migration] = &[Migration {
    version: 1,
    name: "scenarios",
    // STRICT: SQLite checks column types. The body is the canonical text whose hash is the id,
    // kept byte for byte; sizes are checked in bytes.
    sqlite: "CREATE TABLE scenarios (
        id TEXT PRIMARY KEY CHECK (length(id) = 35),
        body TEXT NOT NULL CHECK (length(CAST(body AS BLOB)) <= 8388608),
        dataset_version TEXT NOT NULL CHECK (length(dataset_version) BETWEEN 1 AND 64),
        created_ms INTEGER NOT NULL,
        token_hash TEXT NOT NULL CHECK (length(token_hash) = 64)
    ) STRICT;",
    // text, not jsonb: jsonb reorders keys and rewrites numbers, and the id is the hash of
    // the exact text.
    postgres: "CREATE TABLE scenarios (
        id text PRIMARY KEY CHECK (char_length(id) = 35),
        body text NOT NULL CHECK (octet_length(body) <= 8388608),
        dataset_version text NOT NULL CHECK (char_length(dataset_version) BETWEEN 1 AND 64),
        created_ms bigint NOT NULL,
        token_hash text NOT NULL CHECK (char_length(token_hash) = 64)
    );",
}];

/// The schema version this tanso writes.
pub fn latest() -> i32 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

/// The table of applied versions (same SQL on both databases).
pub const SCHEMA_TABLE: &str = "CREATE TABLE IF NOT EXISTS tanso_schema (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_ms BIGINT NOT NULL
)";

/// The migrations to apply to a database at `current`, or why it cannot be used.
pub fn pending(current: i32) -> Result<&'static [Migration], String> {
    let latest = latest();
    if current > latest {
        return Err(format!(
            "the database's schema is at version {current}, newer than this tanso knows ({latest}); \
             run a newer tanso against it, or point this one at another database"
        ));
    }
    Ok(&MIGRATIONS[MIGRATIONS.partition_point(|m| m.version <= current)..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_increase_by_one_from_one() {
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(m.version, i as i32 + 1, "{}", m.name);
        }
    }

    #[test]
    fn pending_is_what_is_missing() {
        assert_eq!(pending(0).unwrap().len(), MIGRATIONS.len());
        assert!(pending(latest()).unwrap().is_empty());
        let e = pending(latest() + 1).err().unwrap();
        assert!(e.contains("newer than this tanso"), "{e}");
    }

    #[test]
    fn size_checks_match_the_constant() {
        let limit = super::super::MAX_SCENARIO_BYTES.to_string();
        for m in MIGRATIONS.iter().take(1) {
            assert!(m.sqlite.contains(&limit) && m.postgres.contains(&limit));
        }
    }
}
