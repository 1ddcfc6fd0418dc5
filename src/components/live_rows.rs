//! The rows of a live table (deployments, builds): each row's data is a signal of its own, so
//! that a poll changes the cells that changed and leaves the row, and the focus in it, in
//! place. Only a change in which rows are shown, or in their order, renders rows again.

use leptos::prelude::*;

use super::{Watch, Watched};

/// One row: its id, and its data as a signal of its own.
pub struct LiveRow<T: Send + Sync + 'static> {
    pub id: String,
    pub item: RwSignal<T>,
}

impl<T: Send + Sync + 'static> Clone for LiveRow<T> {
    fn clone(&self) -> Self {
        Self {
            id: self.id.clone(),
            item: self.item,
        }
    }
}

/// The rows of a live table. Made under the table's owner, as their signals belong to it:
/// [`LiveRows::merge`] runs in an answer's task, which has none.
pub struct LiveRows<T: Send + Sync + 'static> {
    rows: RwSignal<Vec<LiveRow<T>>>,
    owner: StoredValue<Owner>,
}

impl<T: Send + Sync + 'static> Clone for LiveRows<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for LiveRows<T> {}

impl<T: Watched + Clone + PartialEq + Send + Sync> Default for LiveRows<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Watched + Clone + PartialEq + Send + Sync> LiveRows<T> {
    pub fn new() -> Self {
        let owner = Owner::current().expect("live rows are made under an owner");
        Self {
            rows: RwSignal::new(Vec::new()),
            owner: StoredValue::new(owner),
        }
    }

    /// A fresh answer: each item updates its row's signal if it changed, new items get rows,
    /// and the list itself is set only if the rows shown or their order changed. The page's
    /// `watch` hears about every item, and stops waiting on what is no longer shown.
    pub fn merge(&self, fresh: Vec<T>, watch: Watch<T>) {
        for item in &fresh {
            watch.observe(item);
        }
        watch.forget_missing(fresh.iter().map(Watched::id));
        let old = self.rows.get_untracked();
        let owner = self.owner.get_value();
        let next: Vec<LiveRow<T>> = owner.with(|| {
            fresh
                .into_iter()
                .map(|item| match old.iter().find(|row| row.id == item.id()) {
                    Some(row) => {
                        if row.item.with_untracked(|known| *known != item) {
                            row.item.set(item);
                        }
                        row.clone()
                    }
                    None => LiveRow {
                        id: item.id().to_owned(),
                        item: RwSignal::new(item),
                    },
                })
                .collect()
        });
        if !same_ids(&old, &next) {
            self.rows.set(next);
        }
    }

    /// An answer about one item (its own action's): into its row at once.
    pub fn update(&self, item: &T) {
        self.rows.with_untracked(|rows| {
            if let Some(row) = rows.iter().find(|row| row.id == item.id()) {
                row.item.set(item.clone());
            }
        });
    }

    /// Takes a deleted item's row away.
    pub fn remove(&self, id: &str) {
        self.rows.update(|rows| rows.retain(|row| row.id != id));
    }
}

impl<T: Send + Sync + 'static> LiveRows<T> {
    /// Reads the rows, tracked.
    pub fn with<R>(&self, f: impl FnOnce(&[LiveRow<T>]) -> R) -> R {
        self.rows.with(|rows| f(rows))
    }

    /// Whether there are no rows, tracked.
    pub fn is_empty(&self) -> bool {
        self.rows.with(Vec::is_empty)
    }

    /// The rows, tracked: for a `<For>`.
    pub fn get(&self) -> Vec<LiveRow<T>> {
        self.rows.get()
    }
}

fn same_ids<T: Send + Sync + 'static>(a: &[LiveRow<T>], b: &[LiveRow<T>]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(a, b)| a.id == b.id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::components::test_item::Item;

    fn item(id: &'static str, state: u8) -> Item {
        Item { id, state }
    }

    /// Runs `f` with fresh rows and watch, under an owner, as a page would.
    fn with_rows(f: impl FnOnce(LiveRows<Item>, Watch<Item>)) {
        let owner = Owner::new();
        owner.with(|| f(LiveRows::new(), Watch::provide()));
    }

    fn ids(rows: &LiveRows<Item>) -> Vec<String> {
        rows.with(|rows| rows.iter().map(|r| r.id.clone()).collect())
    }

    #[test]
    fn a_poll_changes_a_row_in_place() {
        with_rows(|rows, watch| {
            rows.merge(vec![item("a", 1), item("b", 0)], watch);
            let (a_before, list_before) = (rows.get()[0].item, rows.rows);
            rows.merge(vec![item("a", 0), item("b", 0)], watch);
            let a_after = rows.get()[0].item;
            assert_eq!(a_after, a_before, "the row keeps its signal");
            assert_eq!(a_after.get_untracked(), item("a", 0));
            assert_eq!(rows.rows, list_before);
        });
    }

    #[test]
    fn new_rows_and_a_new_order_replace_the_list() {
        with_rows(|rows, watch| {
            rows.merge(vec![item("a", 1), item("b", 0)], watch);
            let b_signal = rows.get()[1].item;
            rows.merge(vec![item("c", 2), item("b", 0), item("a", 1)], watch);
            assert_eq!(ids(&rows), ["c", "b", "a"]);
            assert_eq!(
                rows.get()[1].item,
                b_signal,
                "a row that stays keeps its signal"
            );
        });
    }

    #[test]
    fn the_watch_hears_each_item_and_forgets_what_left() {
        with_rows(|rows, watch| {
            watch.acted("Deployment a".into(), &item("a", 1));
            watch.acted("Deployment b".into(), &item("b", 1));
            rows.merge(vec![item("a", 2), item("b", 1)], watch);
            assert_eq!(watch.said().get_untracked(), "Deployment a moved");
            assert!(watch.is_waiting());
            // b is gone from the page: no answer will settle it.
            rows.merge(vec![item("a", 0)], watch);
            assert!(!watch.is_waiting());
        });
    }

    #[test]
    fn update_and_remove_act_on_one_row() {
        with_rows(|rows, watch| {
            rows.merge(vec![item("a", 1), item("b", 1)], watch);
            rows.update(&item("b", 0));
            assert_eq!(rows.get()[1].item.get_untracked(), item("b", 0));
            rows.update(&item("z", 0));
            rows.remove("a");
            assert_eq!(ids(&rows), ["b"]);
        });
    }
}
