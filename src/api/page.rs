//! One page of a list answer.

use faas_api::Paging;

/// The rows of one page and, when the server sent it, where that page stands in the list.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub paging: Option<Paging>,
}

impl<T> Page<T> {
    /// How many rows the whole list has; without paging, the rows of this page.
    pub fn total(&self) -> u64 {
        self.paging
            .as_ref()
            .map_or(self.items.len() as u64, |p| p.total_elements)
    }

    /// 0-based number of this page.
    pub fn number(&self) -> u32 {
        self.paging.as_ref().map_or(0, |p| p.page_number)
    }

    /// How many pages the list has (at least one, even when empty).
    pub fn page_count(&self) -> u64 {
        self.paging.as_ref().map_or(1, |p| p.total_pages.max(1))
    }

    /// Whether a page comes after this one.
    pub fn has_next(&self) -> bool {
        u64::from(self.number()) + 1 < self.page_count()
    }

    pub fn has_previous(&self) -> bool {
        self.number() > 0
    }

    /// The 1-based positions of the first and last rows shown, `None` for an empty page.
    pub fn range(&self) -> Option<(u64, u64)> {
        if self.items.is_empty() {
            return None;
        }
        let first = self.paging.as_ref().map_or(0, |p| p.page_offset);
        Some((first + 1, first + self.items.len() as u64))
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(items: usize, total: u64, size: u32, number: u32) -> Page<u32> {
        Page {
            items: (0..items as u32).collect(),
            paging: Some(Paging::new(total, size, number)),
        }
    }

    #[test]
    fn knows_where_it_stands() {
        let first = page(20, 45, 20, 0);
        assert_eq!((first.total(), first.page_count()), (45, 3));
        assert!(first.has_next() && !first.has_previous());
        assert_eq!(first.range(), Some((1, 20)));

        let last = page(5, 45, 20, 2);
        assert!(!last.has_next() && last.has_previous());
        assert_eq!(last.range(), Some((41, 45)));
    }

    #[test]
    fn an_empty_list_has_one_empty_page() {
        let empty = page(0, 0, 20, 0);
        assert_eq!(empty.page_count(), 1);
        assert!(!empty.has_next() && !empty.has_previous());
        assert_eq!(empty.range(), None);
    }

    #[test]
    fn without_paging_the_rows_are_the_list() {
        let rows = Page {
            items: vec![1, 2, 3],
            paging: None,
        };
        assert_eq!((rows.total(), rows.page_count()), (3, 1));
        assert!(!rows.has_next());
    }
}
