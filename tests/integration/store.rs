//! The scenario store's contract, checked on both implementations: SQLite always, PostgreSQL
//! when a server is configured (`TANSO_TEST_POSTGRES_URL`; CI starts one).

use std::sync::Arc;

use tanso::scenario::ScenarioRequest;
use tanso::store::{
    self, Deleted, Location, MAX_SCENARIO_BYTES, NewScenario, Saved, ScenarioId, Store,
    StoreErrorKind, Token,
};

use crate::helpers::postgres_schema;

/// A store of each kind, empty, with what keeps it alive (a temporary directory).
fn stores(test: &str) -> Vec<(Arc<dyn Store>, Location, Option<tempfile::TempDir>)> {
    let dir = tempfile::tempdir().unwrap();
    let file = Location::Sqlite(dir.path().join("data/scenarios.sqlite3"));
    let mut out = vec![(store::open(&file, 4).unwrap(), file, Some(dir))];
    if let Some(url) = postgres_schema(test) {
        let pg = Location::Postgres(url);
        out.push((store::open(&pg, 4).unwrap(), pg, None));
    }
    out
}

fn scenario(capacity_kw: u32) -> ScenarioRequest {
    serde_json::from_value(serde_json::json!({
        "project": "renca-solar",
        "parameters": {"capacity": format!("{capacity_kw} kW")}
    }))
    .unwrap()
}

#[test]
fn save_get_and_delete_with_the_token() {
    for (s, _, _dir) in stores("save_get_delete") {
        let kind = s.backend().as_str();
        let (new, token) = NewScenario::prepare(&scenario(2100), "data-test").unwrap();
        let Saved::Created(r) = s.save(&new).unwrap() else {
            panic!("{kind}: first save must create");
        };
        assert_eq!(r.id, new.id);
        assert_eq!(s.get(&new.id).unwrap().as_ref(), Some(&r), "{kind}");
        assert_eq!(r.scenario().unwrap(), scenario(2100), "{kind}");

        // Saving the same scenario again (later, under another dataset version, with another
        // token) changes nothing.
        let (again, other_token) = NewScenario::prepare(&scenario(2100), "data-other").unwrap();
        assert_eq!(again.id, new.id);
        assert_eq!(
            s.save(&again).unwrap(),
            Saved::Existing(r.clone()),
            "{kind}"
        );

        assert_eq!(
            s.delete(&new.id, &other_token.hash()).unwrap(),
            Deleted::WrongToken,
            "{kind}"
        );
        assert_eq!(
            s.delete(&new.id, &Token::given("").hash()).unwrap(),
            Deleted::WrongToken
        );
        assert!(s.get(&new.id).unwrap().is_some(), "{kind}");
        assert_eq!(
            s.delete(&new.id, &Token::given(token.as_str()).hash())
                .unwrap(),
            Deleted::Deleted,
            "{kind}"
        );
        assert_eq!(s.get(&new.id).unwrap(), None, "{kind}");
        assert_eq!(
            s.delete(&new.id, &token.hash()).unwrap(),
            Deleted::NotFound,
            "{kind}"
        );
        s.ping().unwrap();
    }
}

#[test]
fn concurrent_writers_lose_nothing_and_create_a_shared_scenario_once() {
    for (s, _, _dir) in stores("concurrent_writers") {
        let kind = s.backend().as_str();
        let threads = 8;
        let per_thread = 20;
        let results: Vec<(Vec<ScenarioId>, usize)> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads)
                .map(|t| {
                    let s = s.clone();
                    scope.spawn(move || {
                        let mut own = Vec::new();
                        let mut created_shared = 0;
                        for i in 0..per_thread {
                            // Each thread's own scenarios, interleaved with one that every
                            // thread saves.
                            let (new, _) =
                                NewScenario::prepare(&scenario(1000 + t * 100 + i), "data-test")
                                    .unwrap();
                            assert!(matches!(s.save(&new).unwrap(), Saved::Created(_)));
                            own.push(new.id);
                            let (shared, _) =
                                NewScenario::prepare(&scenario(999), "data-test").unwrap();
                            if let Saved::Created(_) = s.save(&shared).unwrap() {
                                created_shared += 1;
                            }
                        }
                        (own, created_shared)
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let created: usize = results.iter().map(|(_, c)| c).sum();
        assert_eq!(
            created, 1,
            "{kind}: the shared scenario was created {created} times"
        );
        let ids: Vec<&ScenarioId> = results.iter().flat_map(|(ids, _)| ids).collect();
        assert_eq!(ids.len(), (threads * per_thread) as usize);
        for id in ids {
            assert!(s.get(id).unwrap().is_some(), "{kind}: {id} lost");
        }
    }
}

#[test]
fn sizes_are_bounded_in_the_store_and_in_the_schema() {
    for (s, location, _dir) in stores("sizes_bounded") {
        let kind = s.backend().as_str();
        let (mut new, _) = NewScenario::prepare(&scenario(2000), "data-test").unwrap();
        new.body = format!("\"{}\"", "x".repeat(MAX_SCENARIO_BYTES - 1));
        let e = s.save(&new).unwrap_err();
        assert_eq!(e.kind, StoreErrorKind::TooLarge, "{kind}: {e}");
        // At the limit exactly it fits.
        new.body.pop();
        new.body.pop();
        new.body.push('"');
        assert_eq!(new.body.len(), MAX_SCENARIO_BYTES);
        assert!(matches!(s.save(&new).unwrap(), Saved::Created(_)), "{kind}");
        // The schema refuses what the code would let through.
        let huge = "y".repeat(MAX_SCENARIO_BYTES + 1);
        let raw_insert_failed = match &location {
            Location::Sqlite(path) => rusqlite_insert(path, &huge),
            Location::Postgres(url) => {
                let mut c = postgres::Client::connect(url, postgres::NoTls).unwrap();
                c.execute(
                    "INSERT INTO scenarios VALUES ('sc-00000000000000000000000000000000', $1, 'd', 0, $2)",
                    &[&huge, &"0".repeat(64)],
                )
                .is_err()
            }
            Location::Memory => unreachable!(),
        };
        assert!(
            raw_insert_failed,
            "{kind}: the schema took an oversized row"
        );
    }
}

/// Tries to insert an oversized row into the SQLite file behind the store's back.
fn rusqlite_insert(path: &std::path::Path, body: &str) -> bool {
    tanso_sqlite_raw(path)
        .execute(
            "INSERT INTO scenarios VALUES ('sc-00000000000000000000000000000000', ?1, 'd', 0, ?2)",
            [body, &"0".repeat(64)],
        )
        .is_err()
}

/// A plain connection to a store's SQLite file, outside the store.
fn tanso_sqlite_raw(path: &std::path::Path) -> rusqlite::Connection {
    rusqlite::Connection::open(path).unwrap()
}

#[test]
fn migrations_run_once_and_a_newer_schema_is_refused() {
    for (s, location, _dir) in stores("migrations") {
        let kind = s.backend().as_str();
        let (new, _) = NewScenario::prepare(&scenario(2050), "data-test").unwrap();
        s.save(&new).unwrap();
        drop(s);
        // Reopening migrates nothing and keeps the data.
        let again = store::open(&location, 2).unwrap();
        assert!(again.get(&new.id).unwrap().is_some(), "{kind}");
        let version = store::migrations::latest();
        let bump = format!(
            "INSERT INTO tanso_schema (version, name, applied_ms) VALUES ({}, 'from the future', 0)",
            version + 1
        );
        match &location {
            Location::Sqlite(path) => {
                tanso_sqlite_raw(path).execute_batch(&bump).unwrap();
            }
            Location::Postgres(url) => {
                postgres::Client::connect(url, postgres::NoTls)
                    .unwrap()
                    .batch_execute(&bump)
                    .unwrap();
            }
            Location::Memory => unreachable!(),
        }
        let e = match store::open(&location, 2) {
            Ok(_) => panic!("{kind}: opened a database with a newer schema"),
            Err(e) => e,
        };
        assert_eq!(e.kind, StoreErrorKind::Schema, "{kind}: {e}");
        assert!(e.message.contains("newer than this tanso"), "{kind}: {e}");
    }
}

#[test]
fn two_processes_share_a_sqlite_file() {
    // Two stores on one file stand for `tanso serve` and `tanso scenarios` at the same time:
    // SQLite's locks serialise their writers.
    let dir = tempfile::tempdir().unwrap();
    let file = Location::Sqlite(dir.path().join("s.sqlite3"));
    let a = store::open(&file, 1).unwrap();
    let b = store::open(&file, 1).unwrap();
    std::thread::scope(|scope| {
        for (n, s) in [(0u32, &a), (1, &b)] {
            scope.spawn(move || {
                for i in 0..40 {
                    let (new, _) =
                        NewScenario::prepare(&scenario(3000 + n * 100 + i), "data-test").unwrap();
                    s.save(&new).unwrap();
                }
            });
        }
    });
    for n in 0..2u32 {
        for i in 0..40 {
            let (new, _) = NewScenario::prepare(&scenario(3000 + n * 100 + i), "x").unwrap();
            assert!(a.get(&new.id).unwrap().is_some());
            assert!(b.get(&new.id).unwrap().is_some());
        }
    }
}

#[test]
fn an_unreachable_postgres_is_a_clear_error() {
    // Port 9 (discard) on loopback: nothing listens.
    let e = match store::open(
        &Location::Postgres("postgres://tanso:secret@127.0.0.1:9/tanso".into()),
        1,
    ) {
        Ok(_) => panic!("connected to nothing"),
        Err(e) => e,
    };
    assert_eq!(e.kind, StoreErrorKind::Unavailable);
    assert!(e.message.contains("cannot connect to PostgreSQL"), "{e}");
    assert!(!e.message.contains("secret"), "the password leaked: {e}");
}
