//! Reads started before the page that needs them has its code.
//!
//! A deep link to a page whose code is a module of its own would otherwise download that
//! code first and only then ask the API for its data. Instead the main module starts the
//! page's reads as soon as the route is known ([`crate::pages::start_reads`], Leptos's
//! `LazyRoute::data` idea) with [`Client::prefetch`](super::Client::prefetch), and the page's
//! own identical `GET`, when its code has arrived, takes that answer (or waits for it)
//! instead of sending the request again. One request, one entry in the request log.
//!
//! An answer is handed over once: the page's later reads (a poll, a refresh) go to the API.
//! One nobody asked for within [`FRESH_MS`] is dropped.
//!
//! Everything here is in the main module, which every page loads: a list and a shared cell
//! rather than a hash map and a channel, for a few reads at a time.

use std::{
    cell::RefCell,
    future::Future,
    pin::Pin,
    rc::Rc,
    task::{Context, Poll, Waker},
};

use super::{ApiError, RawReply};

/// How long a prefetched answer may wait for its page.
const FRESH_MS: f64 = 10_000.0;

type Answer = Result<RawReply, ApiError>;

/// A prefetch on its way or arrived: where its answer lands and who waits for it.
#[derive(Default)]
struct Slot {
    answer: Option<Answer>,
    /// When it arrived.
    at: f64,
    /// The page's read waiting for it, once one does.
    waiter: Option<Waker>,
    /// Whether a read has taken (or waits for) this answer.
    claimed: bool,
}

type Shared = Rc<RefCell<Slot>>;

thread_local! {
    static SLOTS: RefCell<Vec<(String, Shared)>> = const { RefCell::new(Vec::new()) };
}

/// What a read is recognised by: who asks (the key is part of it: another connection must
/// not see this one's answers) and exactly what.
pub(super) fn key(api_key: &str, contract: &str, url: &str) -> String {
    format!("{contract} {api_key} {url}")
}

/// A prefetch of `key` is about to be sent: a later read of it waits for its answer. `false`
/// when one is on its way already or its answer is still fresh: nothing is asked twice (the
/// shell starts the first page's reads before the page does, see `pages::start_reads`).
pub(super) fn started(key: &str, now: f64) -> bool {
    SLOTS.with_borrow_mut(|slots| {
        let fresh = find(slots, key).is_some_and(|slot| {
            let slot = slot.borrow();
            slot.answer.is_none() || now - slot.at <= FRESH_MS
        });
        if fresh {
            return false;
        }
        slots.retain(|(k, _)| k != key);
        slots.push((key.to_owned(), Shared::default()));
        true
    })
}

/// The prefetch of `key` was answered: handed to the read waiting for it, or kept.
pub(super) fn finished(key: &str, answer: Answer, now: f64) {
    let Some(slot) = SLOTS.with_borrow(|slots| find(slots, key)) else {
        return;
    };
    let waiter = {
        let mut slot = slot.borrow_mut();
        slot.answer = Some(answer);
        slot.at = now;
        slot.waiter.take()
    };
    if let Some(waiter) = waiter {
        waiter.wake();
    }
}

/// The prefetched answer of `key`, if there is one for this read to take: at once when it
/// has arrived, once it arrives when it is on its way. `None`: send the request.
pub(super) async fn take(key: &str, now: f64) -> Option<Answer> {
    let slot = SLOTS.with_borrow_mut(|slots| {
        let slot = find(slots, key)?;
        let stale = slot.borrow().answer.is_some() && now - slot.borrow().at > FRESH_MS;
        if stale || slot.borrow().claimed {
            // Too old, or another read has it: this read goes to the API itself.
            if stale {
                slots.retain(|(k, _)| k != key);
            }
            return None;
        }
        slot.borrow_mut().claimed = true;
        Some(slot)
    })?;
    let answer = Arrival(slot).await;
    SLOTS.with_borrow_mut(|slots| slots.retain(|(k, _)| k != key));
    Some(answer)
}

fn find(slots: &[(String, Shared)], key: &str) -> Option<Shared> {
    slots.iter().find(|(k, _)| k == key).map(|(_, s)| s.clone())
}

/// The answer of a claimed slot, once it is there.
struct Arrival(Shared);

impl Future for Arrival {
    type Output = Answer;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Answer> {
        let mut slot = self.0.borrow_mut();
        match slot.answer.take() {
            Some(answer) => Poll::Ready(answer),
            None => {
                slot.waiter = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}
