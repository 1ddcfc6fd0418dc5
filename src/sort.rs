//! Stable sorting through one copy of the sort code.
//!
//! Each `slice::sort_by_key` (or `sort_by`, `sort`) call site compiles its own copy of the
//! standard library's stable sort, about 2.5 KB of wasm each after optimisation, since every
//! closure is a type of its own: a revision page carried eight of them. These helpers sort a
//! list of positions instead, through a comparison behind `dyn`, so the whole console has a
//! single sort; each call site adds only its small comparison and the swaps that put the
//! items in order. Same result as the standard stable sort: equal items keep their order.

use std::cmp::Ordering;

/// Sorts `items` by the key `key` gives each, keeping equal items in their order.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` as `compare` orders them, keeping equal items in their order.
pub fn sort_by<T>(items: &mut [T], compare: impl Fn(&T, &T) -> Ordering) {
    let order = stable_order(items.len(), &|a, b| compare(&items[a], &items[b]));
    permute(items, order);
}

/// The positions `0..len` in the order `compare` (which compares the items at two positions)
/// puts them: the one instance of the standard library's sort.
#[inline(never)]
fn stable_order(len: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

/// Moves the item at `order[i]` to position `i`, for every `i`, by swaps along each cycle
/// of the permutation (no item is cloned or moved out).
fn permute<T>(items: &mut [T], mut order: Vec<usize>) {
    const DONE: usize = usize::MAX;
    for start in 0..items.len() {
        let mut at = start;
        while order[at] != DONE {
            let from = order[at];
            order[at] = DONE;
            if from == start {
                // The item that started here has reached `at`: the cycle is closed.
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_stable_sort() {
        // Every arrangement of a list with ties: equal keys must keep their order.
        let base = [(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e'), (0, 'f')];
        let mut seed = 7u64;
        for _ in 0..200 {
            let mut items = base.to_vec();
            // A shuffle from a small linear congruential generator: repeatable, no crate.
            for i in (1..items.len()).rev() {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                items.swap(i, (seed >> 33) as usize % (i + 1));
            }
            let mut expected = items.clone();
            expected.sort_by_key(|p| p.0);
            sort_by_key(&mut items, |p| p.0);
            assert_eq!(items, expected);
        }
    }

    #[test]
    fn sorts_by_a_comparison_and_the_trivial_lists() {
        let mut words = vec!["pear", "fig", "apple", "fig"];
        sort_by(&mut words, |a, b| b.cmp(a));
        assert_eq!(words, ["pear", "fig", "fig", "apple"]);
        let mut empty: Vec<u8> = Vec::new();
        sort_by_key(&mut empty, |n| *n);
        assert!(empty.is_empty());
        let mut one = vec![String::from("only")];
        sort_by_key(&mut one, |s| s.len());
        assert_eq!(one, ["only"]);
    }
}
