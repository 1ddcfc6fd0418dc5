//! Stable sorting through one copy of the sort code.
//!
//! Each `slice::sort_by_key` (or `sort_by`, `sort`) call site compiles its own copy of the
//! standard library's stable sort, about 2.5 KB of wasm each after optimisation, since every
//! closure is a type of its own: a revision page carried eight of them. These helpers sort a
//! list of positions instead, through a comparison behind `dyn`, so the whole console has a
//! single sort; each call site adds only its small comparison and the swaps that put the
//! items in order. Same result as the standard stable sort: equal items keep their order.
//!
//! That single sort is a plain merge sort of our own rather than the standard library's
//! (driftsort, 4.7 KB of wasm in the main module that every page loads, tuned for lists far
//! longer than the console's pages of at most a few hundred rows): a few hundred bytes.

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
/// puts them: a bottom-up merge sort, runs of 1, 2, 4, … merged pairwise.
#[inline(never)]
fn stable_order(len: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    let mut merged = vec![0; len];
    let mut width = 1;
    while width < len {
        for start in (0..len).step_by(2 * width) {
            let middle = (start + width).min(len);
            let end = (start + 2 * width).min(len);
            let (mut left, mut right) = (start, middle);
            for slot in &mut merged[start..end] {
                // The right run's item goes first only when strictly less: ties keep their order.
                let take_right = right < end
                    && (left == middle || compare(order[right], order[left]) == Ordering::Less);
                if take_right {
                    *slot = order[right];
                    right += 1;
                } else {
                    *slot = order[left];
                    left += 1;
                }
            }
        }
        std::mem::swap(&mut order, &mut merged);
        width *= 2;
    }
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
    fn sorts_long_lists_with_many_ties_like_the_standard_sort() {
        // Lengths around the powers of two, where the last run of a pass is short or alone.
        let mut seed = 11u64;
        for len in [2, 3, 7, 8, 9, 31, 32, 33, 100, 257, 1000] {
            let items: Vec<(u64, usize)> = (0..len)
                .map(|i| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    ((seed >> 33) % 10, i)
                })
                .collect();
            let mut expected = items.clone();
            expected.sort_by_key(|p| p.0);
            let mut sorted = items;
            sort_by_key(&mut sorted, |p| p.0);
            assert_eq!(sorted, expected, "{len} items");
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
