//! Answers computed from the database, kept for one database generation.
//!
//! [`super::Db::write_blocking`], the one path every write takes (handlers through
//! [`super::Db::write`], the transition worker, bootstrap and demo seeding), bumps the
//! generation after each commit. An entry is only ever answered in the generation it was
//! stored under, so no write can leave a stale answer behind and no caller has anything to
//! invalidate by hand.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, RwLock};

use faas_api::paging::{Direction, PageQuery};
use faas_api::Paging;

/// Values by key, each valid in the generation it was computed in.
pub struct GenCache<K, V> {
    entries: RwLock<HashMap<K, (u64, V)>>,
    max: usize,
}

impl<K: Hash + Eq, V: Clone> GenCache<K, V> {
    /// A cache of at most `max` entries.
    pub fn new(max: usize) -> GenCache<K, V> {
        GenCache {
            entries: RwLock::new(HashMap::new()),
            max,
        }
    }

    /// The value of `key` if it was stored in `generation`.
    pub fn get(&self, key: &K, generation: u64) -> Option<V> {
        let entries = self.entries.read().ok()?;
        match entries.get(key) {
            Some((g, value)) if *g == generation => Some(value.clone()),
            _ => None,
        }
    }

    /// Stores `value` as computed from a read that began in `generation`. Full: entries of
    /// older generations go first, then everything.
    pub fn put(&self, key: K, generation: u64, value: V) {
        if let Ok(mut entries) = self.entries.write() {
            if entries.len() >= self.max && !entries.contains_key(&key) {
                entries.retain(|_, (g, _)| *g == generation);
                if entries.len() >= self.max {
                    entries.clear();
                }
            }
            // A slower read of an older generation never replaces a newer answer.
            if entries.get(&key).is_some_and(|(g, _)| *g > generation) {
                return;
            }
            entries.insert(key, (generation, value));
        }
    }

    /// How many entries are stored (of any generation).
    pub fn len(&self) -> usize {
        self.entries.read().map(|e| e.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The ids of an account's packages in one order, by (account, sort column, descending):
/// so that a page of the list costs the lookup of its own rows instead of a count and an
/// OFFSET walk over all of them (`store::packages::list_cached`).
pub type PackageOrders = GenCache<(String, &'static str, bool), Arc<[String]>>;

/// Most cached package orders: accounts × sorts in use.
pub const PACKAGE_ORDERS_MAX: usize = 256;

/// What a cached answer is of.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum AnswerKey {
    /// A page of an account's packages: sort field (`None`: default), descending, page,
    /// size, search.
    PackagePage {
        account_id: String,
        sort: Option<(&'static str, bool)>,
        page: u32,
        size: u32,
        search: String,
    },
    /// One deployment of an account.
    Deployment { account_id: String, id: String },
}

impl AnswerKey {
    /// The key of a page of `account_id`'s packages.
    pub fn package_page(account_id: &str, query: &PageQuery) -> AnswerKey {
        AnswerKey::PackagePage {
            account_id: account_id.to_owned(),
            sort: query
                .sort
                .as_ref()
                .map(|s| (s.field, s.direction == Direction::Desc)),
            page: query.page,
            size: query.size,
            search: query.search.clone(),
        }
    }
}

/// The `data` of an answer, already serialised, with what the handler still needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// The JSON of `data`.
    pub data: Box<[u8]>,
    /// `meta.paging` of a list.
    pub paging: Option<Paging>,
    /// The keyset of a deployment, for the grant check that follows every read.
    pub keyset_id: Option<i64>,
}

/// Most cached answers: pages × sorts × accounts plus single entities in use.
pub const ANSWERS_MAX: usize = 8192;

/// The cached answers of the hot reads.
pub type Answers = GenCache<AnswerKey, Arc<Rendered>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_only_in_its_generation_and_stays_bounded() {
        let cache = GenCache::new(2);
        cache.put("a", 1, 10);
        assert_eq!(cache.get(&"a", 1), Some(10));
        assert_eq!(cache.get(&"a", 2), None);
        cache.put("a", 3, 30);
        cache.put("a", 2, 20);
        assert_eq!(cache.get(&"a", 3), Some(30), "an older read does not win");
        cache.put("b", 3, 1);
        cache.put("c", 4, 2);
        assert!(cache.len() <= 2);
        assert_eq!(cache.get(&"c", 4), Some(2));
    }
}
