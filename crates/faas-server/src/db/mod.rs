//! The SQLite connections: a few readers and one writer.
//!
//! SQLite in WAL mode lets readers run beside one writer, so reads go to a small pool of
//! read-only connections and every write goes through a single connection behind a mutex
//! (SQLite allows one writer at a time anyway; queuing on a mutex is cheaper than retrying on
//! `SQLITE_BUSY`). All work runs in `spawn_blocking` so the async workers never wait on disk.
//! An in-memory database uses one connection for everything, since separate in-memory
//! connections would see separate databases.

pub mod cache;
pub mod constraints;
pub mod error;
pub mod migrations;

pub use error::StoreError;

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

/// Where the database lives, from `--database`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbLocation {
    /// `sqlite::memory:`: gone when the process ends.
    Memory,
    /// `sqlite:PATH` (or a bare path).
    File(String),
}

impl DbLocation {
    /// Parses `sqlite::memory:`, `sqlite:PATH`, `sqlite://PATH` or a bare `PATH`.
    pub fn parse(raw: &str) -> Result<DbLocation, String> {
        let rest = raw.strip_prefix("sqlite:").unwrap_or(raw);
        if rest == ":memory:" || rest == "//:memory:" {
            return Ok(DbLocation::Memory);
        }
        let path = rest.strip_prefix("//").unwrap_or(rest);
        let path = path.split('?').next().unwrap_or_default();
        if path.is_empty() {
            return Err(format!("no database path in '{raw}'"));
        }
        Ok(DbLocation::File(path.to_owned()))
    }
}

struct Inner {
    writer: Mutex<Connection>,
    readers: Vec<Mutex<Connection>>,
    next_reader: AtomicUsize,
    /// How many write transactions have committed; see [`Db::generation`].
    generation: AtomicU64,
    package_order: cache::PackageOrders,
    answers: cache::Answers,
}

/// A cloneable handle to the connections.
#[derive(Clone)]
pub struct Db {
    inner: Arc<Inner>,
}

fn lock(mutex: &Mutex<Connection>) -> MutexGuard<'_, Connection> {
    // A panic while holding a connection leaves no half-done transaction behind (rusqlite
    // rolls back on drop), so a poisoned lock is still usable.
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(())
}

impl Db {
    /// Opens (creating if needed) the database, applies the migrations and, for a file,
    /// opens `readers` read-only connections beside the writer.
    pub fn open(location: &DbLocation, readers: usize) -> Result<Db, StoreError> {
        let (writer, readers) = match location {
            DbLocation::Memory => {
                let mut conn = Connection::open_in_memory()?;
                configure(&conn)?;
                migrations::migrate(&mut conn)?;
                (conn, Vec::new())
            }
            DbLocation::File(path) => {
                let mut conn = Connection::open(path)?;
                conn.pragma_update(None, "journal_mode", "WAL")?;
                conn.pragma_update(None, "synchronous", "NORMAL")?;
                configure(&conn)?;
                // Before the readers open, so that they see the current schema.
                migrations::migrate(&mut conn)?;
                let readers = (0..readers.max(1))
                    .map(|_| {
                        let conn = Connection::open_with_flags(
                            path,
                            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                        )?;
                        configure(&conn)?;
                        Ok(Mutex::new(conn))
                    })
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                (conn, readers)
            }
        };
        Ok(Db {
            inner: Arc::new(Inner {
                writer: Mutex::new(writer),
                readers,
                next_reader: AtomicUsize::new(0),
                generation: AtomicU64::new(0),
                package_order: cache::GenCache::new(cache::PACKAGE_ORDERS_MAX),
                answers: cache::GenCache::new(cache::ANSWERS_MAX),
            }),
        })
    }

    fn reader(&self) -> MutexGuard<'_, Connection> {
        let readers = &self.inner.readers;
        if readers.is_empty() {
            return lock(&self.inner.writer);
        }
        // Take any free reader first; only queue (round-robin) when all are busy.
        for reader in readers {
            if let Ok(guard) = reader.try_lock() {
                return guard;
            }
        }
        let i = self.inner.next_reader.fetch_add(1, Ordering::Relaxed) % readers.len();
        lock(&readers[i])
    }

    /// Runs `f` on a read connection, off the async workers.
    pub async fn read<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
    {
        let db = self.clone();
        tokio::task::spawn_blocking(move || f(&db.reader()))
            .await
            .map_err(StoreError::from_join)?
    }

    /// Runs `f` inside one `BEGIN IMMEDIATE` transaction on the writer, committed when `f`
    /// returns `Ok`. Immediate: the write lock is taken before the first read, so checks
    /// (limits, name conflicts) and inserts cannot race with another writer.
    pub async fn write<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&rusqlite::Transaction<'_>) -> Result<T, StoreError> + Send + 'static,
    {
        let db = self.clone();
        tokio::task::spawn_blocking(move || db.write_blocking(f))
            .await
            .map_err(StoreError::from_join)?
    }

    /// [`Db::write`] for callers that are already off the async workers (startup, workers).
    pub fn write_blocking<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        F: FnOnce(&rusqlite::Transaction<'_>) -> Result<T, StoreError>,
    {
        let mut conn = lock(&self.inner.writer);
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        // After the commit and before the caller answers: a read that starts after this
        // write's answer sees the new generation.
        self.inner.generation.fetch_add(1, Ordering::Release);
        Ok(value)
    }

    /// The number of committed write transactions. Whatever was computed from a read that
    /// began after loading generation `g` stays valid while the generation is `g`: every
    /// write goes through [`Db::write_blocking`], which bumps it after committing.
    pub fn generation(&self) -> u64 {
        self.inner.generation.load(Ordering::Acquire)
    }

    /// The order of each account's packages, cached per generation.
    pub fn package_order(&self) -> &cache::PackageOrders {
        &self.inner.package_order
    }

    /// The cached answers of the hot reads, valid per generation (see [`cache`]).
    pub fn answers(&self) -> &cache::Answers {
        &self.inner.answers
    }

    /// The answer of `key` in the current generation: from the cache without leaving the
    /// async worker, or computed by `f` on a read connection and stored under the
    /// generation loaded before the read began (so a write committed meanwhile makes it
    /// stale at once, never the other way round).
    pub async fn read_answer<F>(
        &self,
        key: cache::AnswerKey,
        f: F,
    ) -> Result<Arc<cache::Rendered>, StoreError>
    where
        F: FnOnce(&Connection, u64) -> Result<cache::Rendered, StoreError> + Send + 'static,
    {
        let generation = self.generation();
        if let Some(hit) = self.inner.answers.get(&key, generation) {
            return Ok(hit);
        }
        let db = self.clone();
        tokio::task::spawn_blocking(move || {
            let rendered = Arc::new(f(&db.reader(), generation)?);
            db.inner.answers.put(key, generation, rendered.clone());
            Ok(rendered)
        })
        .await
        .map_err(StoreError::from_join)?
    }

    /// [`Db::read`] for callers that are already off the async workers.
    pub fn read_blocking<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        F: FnOnce(&Connection) -> Result<T, StoreError>,
    {
        f(&self.reader())
    }
}
