//! The live read of a page: read, keep the latest answer and the error, read again at the
//! pace what is shown needs, not at all while the tab is hidden. Every live table and page
//! (deployments, builds) reads through it, so a new live section is its read, what it does
//! with an answer, and its pace.

use std::{future::Future, rc::Rc};

use leptos::prelude::*;

use super::{use_polling, Latest, LiveRows, Watch, Watched};
use crate::{
    api::{ApiError, Client},
    connection::store::use_connection,
};

/// How often a live view reads again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pace {
    /// This tab waits on its own action: about every second.
    Waiting,
    /// Something shown changes on its own (a deployment STARTING, a build under way): about
    /// every 3 s.
    Watching,
}

impl Pace {
    pub const fn millis(self) -> u32 {
        match self {
            Pace::Waiting => 1_000,
            Pace::Watching => 3_000,
        }
    }

    /// The pace a view needs: `waiting` says whether an action of this tab has not settled,
    /// `in_transition` whether something shown is changing on its own. `None`: nothing can
    /// change, so no request at all.
    pub fn needed(waiting: bool, in_transition: bool) -> Option<Pace> {
        if waiting {
            Some(Pace::Waiting)
        } else if in_transition {
            Some(Pace::Watching)
        } else {
            None
        }
    }

    /// [`Pace::needed`] in milliseconds, as [`use_polling`] takes it, for things shown that
    /// are each `settled` or not.
    pub fn interval_ms(waiting: bool, settled: impl IntoIterator<Item = bool>) -> Option<u32> {
        let in_transition = settled.into_iter().any(|settled| !settled);
        Pace::needed(waiting, in_transition).map(Pace::millis)
    }
}

impl<T: Watched> Watch<T> {
    /// The pace of a view that shows `items`: fast while this tab waits on its own action,
    /// slower while any of them is not settled, never otherwise. Tracked.
    pub fn pace<'a>(&self, items: impl IntoIterator<Item = &'a T>) -> Option<u32> {
        Pace::interval_ms(self.is_waiting(), items.into_iter().map(Watched::settled))
    }
}

/// A page's live read ([`use_live_query`]): whether an answer came, the error of the last
/// read, and a way to read again at once.
#[derive(Clone, Copy)]
pub struct LiveQuery {
    tick: RwSignal<u32>,
    error: RwSignal<Option<ApiError>>,
    answered: RwSignal<bool>,
}

impl LiveQuery {
    /// Reads again now: after a change of the page's own, whose effect it shows at once.
    pub fn refresh(&self) {
        self.tick.update(|t| *t += 1);
    }

    /// Why the last read failed; `None` once a read succeeds.
    pub fn error(&self) -> RwSignal<Option<ApiError>> {
        self.error
    }

    /// Whether a read has ended, well or not, tracked: until then the page says it loads.
    pub fn answered(&self) -> bool {
        self.answered.get()
    }
}

/// Reads with `read` now, again whenever what it tracks changes (the connection, the page's
/// query), at the pace `pace` asks for (milliseconds; `None` for not at all, and never while
/// the tab is hidden), and at once on [`LiveQuery::refresh`]. Reads may overlap: only the
/// answer of the latest counts. `answer` gets each successful one with the client that read
/// it (for follow-up reads), under the page's owner, so signals it makes belong to the page.
pub fn use_live_query<T: 'static, F: Future<Output = Result<T, ApiError>> + 'static>(
    read: impl Fn(Client) -> F + 'static,
    answer: impl Fn(T, &Client) + 'static,
    pace: impl Fn() -> Option<u32> + Send + Sync + 'static,
) -> LiveQuery {
    let query = LiveQuery {
        tick: RwSignal::new(0),
        error: RwSignal::new(None),
        answered: RwSignal::new(false),
    };
    let store = use_connection();
    let owner = Owner::current().expect("a live query is made under the page's owner");
    let answer = Rc::new(answer);
    let reads = Latest::new();
    Effect::new(move |_| {
        query.tick.track();
        let client = Client::new(store.get());
        let work = read(client.clone());
        let (answer, owner) = (answer.clone(), owner.clone());
        reads.run(work, move |result| {
            owner.with(|| match result {
                Ok(value) => {
                    query.error.set(None);
                    answer(value, &client);
                }
                Err(error) => query.error.set(Some(error)),
            });
            query.answered.set(true);
        });
    });
    use_polling(Signal::derive(pace), move || query.refresh());
    query
}

/// The latest answer about one thing (a deployment, a build) as a signal of its own once it
/// came: a poll that changed it updates it in place, so the view and the focus in it stay;
/// one that did not changes nothing.
pub struct LiveItem<T: Send + Sync + 'static>(RwSignal<Option<RwSignal<T>>>);

impl<T: Send + Sync + 'static> Clone for LiveItem<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for LiveItem<T> {}

impl<T: Watched + PartialEq + Send + Sync> Default for LiveItem<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Watched + PartialEq + Send + Sync> LiveItem<T> {
    pub fn new() -> Self {
        LiveItem(RwSignal::new(None))
    }

    /// A fresh answer: the page's `watch` hears about it, and it replaces what is shown if it
    /// differs. Whether it did.
    pub fn merge(&self, fresh: T, watch: Watch<T>) -> bool {
        watch.observe(&fresh);
        match self.0.get_untracked() {
            Some(current) if current.with_untracked(|known| *known == fresh) => false,
            Some(current) => {
                current.set(fresh);
                true
            }
            None => {
                self.0.set(Some(RwSignal::new(fresh)));
                true
            }
        }
    }

    /// The thing, once an answer came; tracked.
    pub fn get(&self) -> Option<RwSignal<T>> {
        self.0.get()
    }

    /// The pace it needs ([`Watch::pace`]); tracked.
    pub fn pace(&self, watch: Watch<T>) -> Option<u32> {
        match self.0.get() {
            Some(item) => item.with(|item| watch.pace([item])),
            None => watch.pace([]),
        }
    }
}

impl<T: Watched + Clone + PartialEq + Send + Sync> LiveRows<T> {
    /// The pace the rows need ([`Watch::pace`]); tracked.
    pub fn pace(&self, watch: Watch<T>) -> Option<u32> {
        let waiting = watch.is_waiting();
        self.with(|rows| {
            Pace::interval_ms(
                waiting,
                rows.iter().map(|row| row.item.with(Watched::settled)),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polls_fast_for_own_actions_slowly_for_transitions_and_never_otherwise() {
        assert_eq!(Pace::interval_ms(true, []), Some(1_000));
        assert_eq!(Pace::interval_ms(true, [true]), Some(1_000));
        assert_eq!(Pace::interval_ms(false, [true, false]), Some(3_000));
        assert_eq!(Pace::interval_ms(false, [true, true]), None);
        assert_eq!(Pace::interval_ms(false, []), None);
    }

    #[derive(Debug, Clone, PartialEq)]
    struct Item {
        id: &'static str,
        state: u8,
    }

    impl Watched for Item {
        type State = u8;
        fn id(&self) -> &str {
            self.id
        }
        fn state(&self) -> u8 {
            self.state
        }
        fn state_name(&self) -> &'static str {
            "state"
        }
        fn settled(&self) -> bool {
            self.state == 0
        }
        fn announcement(&self, what: &str, before: u8) -> Option<String> {
            (before != self.state).then(|| format!("{what} moved"))
        }
    }

    #[test]
    fn an_item_changes_in_place_and_sets_the_pace() {
        let owner = Owner::new();
        owner.with(|| {
            let (item, watch) = (LiveItem::<Item>::new(), Watch::<Item>::provide());
            assert_eq!(item.pace(watch), None);
            assert!(item.merge(Item { id: "a", state: 1 }, watch));
            let signal = item.get().unwrap();
            assert_eq!(item.pace(watch), Some(3_000));
            assert!(
                !item.merge(Item { id: "a", state: 1 }, watch),
                "the same answer"
            );
            watch.acted("Item a".into(), &Item { id: "a", state: 1 });
            assert_eq!(item.pace(watch), Some(1_000));
            assert!(item.merge(Item { id: "a", state: 0 }, watch));
            assert_eq!(item.get().unwrap(), signal, "the item keeps its signal");
            assert_eq!(watch.said().get_untracked(), "Item a moved");
            assert_eq!(item.pace(watch), None);
        });
    }

    #[test]
    fn rows_set_the_pace_from_their_states() {
        let owner = Owner::new();
        owner.with(|| {
            let (rows, watch) = (LiveRows::<Item>::new(), Watch::<Item>::provide());
            assert_eq!(rows.pace(watch), None);
            rows.merge(
                vec![Item { id: "a", state: 0 }, Item { id: "b", state: 2 }],
                watch,
            );
            assert_eq!(rows.pace(watch), Some(3_000));
            rows.update(&Item { id: "b", state: 0 });
            assert_eq!(rows.pace(watch), None);
        });
    }
}
