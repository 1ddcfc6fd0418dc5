//! Reads started before the page that needs them has its code.
//!
//! A deep link to a page whose code is a module of its own would otherwise download that
//! code first and only then ask the API for its data. Instead the main module starts the
//! page's reads as soon as the route is known ([`crate::pages::start_reads`], Leptos's
//! `LazyRoute::data` idea), with a [`Client::prefetching`](super::Client::prefetching)
//! client, and the page's own identical `GET`, when its code has arrived, takes that answer
//! (or waits for it) instead of sending the request again. One request, one entry in the
//! request log.
//!
//! An answer is handed over once: the page's later reads (a poll, a refresh) go to the API.
//! One nobody asked for within [`FRESH_MS`] is dropped.

use std::{cell::RefCell, collections::HashMap};

use futures_channel::oneshot;

use super::{ApiError, RawReply};

/// How long a prefetched answer may wait for its page.
const FRESH_MS: f64 = 10_000.0;

type Answer = Result<RawReply, ApiError>;

enum Slot {
    /// Sent; a page's read may be waiting for it.
    Pending {
        waiter: Option<oneshot::Sender<Answer>>,
    },
    /// Arrived before anyone asked, at this time.
    Ready { answer: Answer, at: f64 },
}

thread_local! {
    static SLOTS: RefCell<HashMap<String, Slot>> = RefCell::new(HashMap::new());
}

/// What a read is recognised by: who asks (the key is part of it: another connection must
/// not see this one's answers) and exactly what.
pub(super) fn key(api_key: &str, contract: &str, url: &str) -> String {
    format!("{contract} {api_key} {url}")
}

/// A prefetch of `key` is being sent: later reads of it wait for its answer.
pub(super) fn started(key: &str) {
    SLOTS.with_borrow_mut(|slots| {
        slots.insert(key.to_owned(), Slot::Pending { waiter: None });
    });
}

/// The prefetch of `key` was answered: handed to the read waiting for it, or kept for the
/// read to come.
pub(super) fn finished(key: &str, answer: Answer, now: f64) {
    let mut answer = Some(answer);
    let waiter = SLOTS.with_borrow_mut(|slots| match slots.remove(key) {
        Some(Slot::Pending { waiter: Some(tx) }) => Some(tx),
        Some(Slot::Pending { waiter: None }) => {
            let answer = answer.take().expect("not handed over yet");
            slots.insert(key.to_owned(), Slot::Ready { answer, at: now });
            None
        }
        // Taken and forgotten meanwhile, or replaced: nothing waits for this answer.
        Some(other) => {
            slots.insert(key.to_owned(), other);
            None
        }
        None => None,
    });
    if let (Some(tx), Some(answer)) = (waiter, answer) {
        // A read that stopped waiting (its page left) drops it, as it would its own.
        let _ = tx.send(answer);
    }
}

/// The prefetched answer of `key`, if there is one for this read to take: at once when it
/// has arrived, once it arrives when it is on its way. `None`: send the request.
pub(super) async fn take(key: &str, now: f64) -> Option<Answer> {
    let waiting = SLOTS.with_borrow_mut(|slots| match slots.remove(key)? {
        Slot::Ready { answer, at } if now - at <= FRESH_MS => Some(Ok(answer)),
        Slot::Ready { .. } => None,
        Slot::Pending { waiter: None } => {
            let (tx, rx) = oneshot::channel();
            slots.insert(key.to_owned(), Slot::Pending { waiter: Some(tx) });
            Some(Err(rx))
        }
        // Someone already waits on it: this read goes to the API itself.
        pending @ Slot::Pending { .. } => {
            slots.insert(key.to_owned(), pending);
            None
        }
    })?;
    match waiting {
        Ok(answer) => Some(answer),
        // A prefetch that was dropped (its page left) never answers: ask the API.
        Err(rx) => rx.await.ok(),
    }
}
