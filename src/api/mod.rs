//! The one way the console talks to the API.
//!
//! [`Client::send`] is the choke-point: it alone builds URLs, adds the key, version and
//! correlation headers, aborts when the calling view goes away, and decodes the envelope into
//! `Result<_, ApiError>`. Typed calls (one file per resource) sit on top of it.
//!
//! Two contracts go through it with the same connection: Functions v2 (the envelope, the key
//! as it is) and the deployments that build (Vercel's, the key as a `Bearer` token).

pub mod activity;
pub mod builds;
pub mod catalog;
pub mod demo;
pub mod deployments;
mod error;
pub mod function_tests;
mod keysets;
pub mod kv;
pub mod overview;
pub mod packages;
mod page;
mod prefetch;
pub mod revisions;
pub mod rollout;
pub mod schedules;
pub mod test_inputs;
pub mod url;

pub use error::{decode, decode_vercel, Answer, ApiError, ErrorKind, Reply};
pub use keysets::list_keysets;
pub use page::Page;

use gloo_net::http::{Method, RequestBuilder};
use leptos::prelude::on_cleanup;
use serde::{de::DeserializeOwned, Serialize};
use uuid::Uuid;

use crate::{
    connection::Connection,
    request_log::{store::RequestLog, Auth, Entry, Sent},
};

/// Requests made with one connection (the saved one, or the Settings form's while testing).
#[derive(Debug, Clone, PartialEq)]
pub struct Client {
    connection: Connection,
}

impl Client {
    pub fn new(connection: Connection) -> Self {
        Client { connection }
    }

    /// Sends `read` now, for a page whose code is still on its way: the page's identical
    /// read takes this answer ([`prefetch`]). Nothing is decoded here, so the main module
    /// carries no page's types.
    pub fn prefetch(&self, read: Read) {
        self.prefetch_with(read, None);
    }

    /// [`Client::prefetch`], and then the reads that `follow` finds in its answer's data (a
    /// revision's package, the revisions of deployments), sent as soon as it arrives instead
    /// of when the page's code has arrived and read it. `follow` gets the data as JSON text
    /// and reads only the fields it needs, so the main module carries no page's types for it.
    pub fn prefetch_then(&self, read: Read, follow: FollowUps) {
        self.prefetch_with(read, Some(follow));
    }

    fn prefetch_with(&self, read: Read, follow: Option<FollowUps>) {
        let url = url::build(&self.connection.base_url, &read.path, &read.query);
        let key = prefetch::key(&self.connection.api_key, read.contract.name(), &url);
        // Known from now on, not from when the task first runs: a page's read made in
        // between waits for this answer instead of asking again.
        if !prefetch::started(&key, js_sys::Date::now()) {
            return;
        }
        let client = self.clone();
        leptos::task::spawn_local(async move {
            let answer = client
                .request(
                    read.contract,
                    Method::GET,
                    url,
                    &read.path,
                    &read.query,
                    None,
                )
                .await;
            if let (Some(follow), Ok(raw)) = (follow, &answer) {
                let data = error::decode_envelope(raw.reply())
                    .ok()
                    .and_then(|answer| answer.data);
                // Before the page hears this answer: its next reads find these on their way.
                for next in data.map(|data| follow(data.get())).unwrap_or_default() {
                    client.prefetch(next);
                }
            }
            prefetch::finished(&key, answer, js_sys::Date::now());
        });
    }

    /// Sends one request and reads the answer.
    ///
    /// `body` is JSON text; `query` values are encoded here. If the reactive owner that made
    /// the call is cleaned up first (the page was left, the resource refetched), the fetch is
    /// aborted.
    async fn send<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<String>,
    ) -> Result<Answer<T>, ApiError> {
        let raw = self
            .exchange(Contract::Functions, method, path, query, body)
            .await?;
        decode(raw.reply())
    }

    /// [`Client::send`] for the deployments that build: the answer is the data itself.
    async fn send_vercel<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<String>,
    ) -> Result<T, ApiError> {
        let raw = self
            .exchange(Contract::Vercel, method, path, query, body)
            .await?;
        decode_vercel(raw.reply())
    }

    /// The HTTP half of [`Client::send`], the same for every answer type: kept apart from
    /// the decoding so that the wasm has one copy of it, not one per type of answer. A `GET`
    /// that a prefetch already sent takes that answer instead.
    async fn exchange(
        &self,
        contract: Contract,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<String>,
    ) -> Result<RawReply, ApiError> {
        let url = url::build(&self.connection.base_url, path, query);
        if matches!(method, Method::GET) {
            let read = prefetch::key(&self.connection.api_key, contract.name(), &url);
            if let Some(answer) = prefetch::take(&read, js_sys::Date::now()).await {
                return answer;
            }
        }
        self.request(contract, method, url, path, query, body).await
    }

    /// One request on the wire, recorded in the request log.
    async fn request(
        &self,
        contract: Contract,
        method: Method,
        url: String,
        path: &str,
        query: &[(&str, String)],
        body: Option<String>,
    ) -> Result<RawReply, ApiError> {
        // Made here rather than by the server so that even a request that never arrives has an
        // id a person can quote.
        let correlation_id = Uuid::new_v4().to_string();

        // The query goes through gloo-net rather than in the URL string: given a URL that
        // already has a query, it appends its own (empty) one after a stray `&`.
        let endpoint = url::build(&self.connection.base_url, path, &[]);
        let method_name = method.as_str().to_owned();
        let mut request = RequestBuilder::new(&endpoint)
            .query(query.iter().map(|(name, value)| (*name, value.as_str())))
            .method(method)
            .header("X-Correlation-Id", &correlation_id)
            .abort_signal(abort_signal_for_current_owner().as_ref());
        match contract {
            Contract::Functions => {
                if self.connection.has_key() {
                    request = request.header("Authorization", &self.connection.api_key);
                }
                if let Some(version) = &self.connection.version {
                    request = request.header("PubNub-Version", version);
                }
            }
            Contract::Vercel => {
                if self.connection.has_key() {
                    let bearer = format!("Bearer {}", self.connection.api_key);
                    request = request.header("Authorization", &bearer);
                }
            }
        }
        let mut sent_headers = vec![("X-Correlation-Id".to_owned(), correlation_id.clone())];
        if let (Contract::Functions, Some(version)) = (contract, &self.connection.version) {
            sent_headers.push(("PubNub-Version".to_owned(), version.clone()));
        }
        let logged_body = body.clone();
        if body.is_some() {
            sent_headers.push(("Content-Type".to_owned(), "application/json".to_owned()));
        }
        let request = match body {
            Some(json) => request
                .header("Content-Type", "application/json")
                .body(json),
            None => request.build(),
        }
        .map_err(|e| ApiError::network(&url, e.to_string(), &correlation_id))?;

        let started = js_sys::Date::now();
        let answer = async {
            let response = request.send().await.map_err(|e| e.to_string())?;
            let headers: Vec<(String, String)> = response.headers().entries().collect();
            let body = response.text().await.map_err(|e| e.to_string())?;
            Ok::<_, String>((response.status(), headers, body))
        }
        .await;
        if let Some(log) = RequestLog::current() {
            let auth = match (self.connection.has_key(), contract) {
                (false, _) => Auth::None,
                (true, Contract::Functions) => Auth::Key,
                (true, Contract::Vercel) => Auth::Bearer,
            };
            let sent = Sent {
                method: method_name,
                url: url.clone(),
                auth,
                headers: sent_headers,
                body: logged_body,
                correlation_id: correlation_id.clone(),
            };
            let elapsed = (js_sys::Date::now() - started) as u32;
            log.record(Entry::new(log.next_id(), sent, &answer, elapsed));
        }
        let (status, headers, body) =
            answer.map_err(|detail| ApiError::network(&url, detail, &correlation_id))?;
        let header_correlation_id = headers
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case("x-correlation-id"))
            .map(|(_, value)| value.clone());
        Ok(RawReply {
            url,
            status,
            body,
            header_correlation_id,
            sent_correlation_id: correlation_id,
        })
    }

    /// A `GET` whose answer must carry data; also returns the list paging.
    async fn fetch<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<(T, Option<faas_api::Paging>), ApiError> {
        self.send::<T>(Method::GET, path, query, None)
            .await?
            .into_data()
    }

    /// A `GET` of one page of a list.
    async fn fetch_page<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<Page<T>, ApiError> {
        let (items, paging) = self.fetch::<Vec<T>>(path, query).await?;
        Ok(Page { items, paging })
    }

    /// A request with a JSON body whose answer carries the changed resource.
    async fn write<B: Serialize, T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: &B,
    ) -> Result<T, ApiError> {
        let json = serde_json::to_string(body).expect("request bodies always serialize");
        self.send::<T>(method, path, &[], Some(json))
            .await?
            .into_data()
            .map(|(data, _)| data)
    }

    /// A request without a body whose answer carries data (start, stop).
    async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<T, ApiError> {
        self.send::<T>(method, path, query, None)
            .await?
            .into_data()
            .map(|(data, _)| data)
    }

    /// A `DELETE` whose answer carries no data.
    async fn delete(&self, path: &str, query: &[(&str, String)]) -> Result<(), ApiError> {
        self.send::<serde::de::IgnoredAny>(Method::DELETE, path, query, None)
            .await
            .map(|_| ())
    }
}

/// A `GET` as the console will send it: which contract, path and query. The typed calls
/// that a page's first reads go through are built from one, so that a prefetch
/// ([`Client::prefetch`]) asks exactly what the page will.
#[derive(Debug, Clone, PartialEq)]
pub struct Read {
    contract: Contract,
    path: String,
    query: Vec<(&'static str, String)>,
}

impl Read {
    fn functions(path: impl Into<String>, query: Vec<(&'static str, String)>) -> Self {
        Read {
            contract: Contract::Functions,
            path: path.into(),
            query,
        }
    }

    fn vercel(path: impl Into<String>, query: Vec<(&'static str, String)>) -> Self {
        Read {
            contract: Contract::Vercel,
            path: path.into(),
            query,
        }
    }
}

/// The reads an answer's data (its JSON text) leads to, for [`Client::prefetch_then`]. Each
/// reads the few fields it needs into a type of its own, not into a `serde_json::Value`:
/// reading any JSON costs the main module some kilobytes of code that nothing else there
/// needs.
pub type FollowUps = fn(&str) -> Vec<Read>;

/// A follow-up's object read into `T`, the few fields it needs; `None` for JSON that is not an
/// object (serde's derived readers also take a list of the fields in order) or not this one.
fn follow_object<T: DeserializeOwned>(json: &str) -> Option<T> {
    json.trim_start()
        .starts_with('{')
        .then(|| serde_json::from_str(json).ok())
        .flatten()
}

/// Which of the two contracts a request speaks: it decides the headers sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Contract {
    Functions,
    Vercel,
}

impl Contract {
    fn name(self) -> &'static str {
        match self {
            Contract::Functions => "functions",
            Contract::Vercel => "vercel",
        }
    }
}

/// What came back, before it is decoded.
#[derive(Clone)]
struct RawReply {
    url: String,
    status: u16,
    body: String,
    header_correlation_id: Option<String>,
    sent_correlation_id: String,
}

impl RawReply {
    fn reply(&self) -> Reply<'_> {
        Reply {
            url: &self.url,
            status: self.status,
            body: &self.body,
            header_correlation_id: self.header_correlation_id.as_deref(),
            sent_correlation_id: &self.sent_correlation_id,
        }
    }
}

/// An abort signal that fires when the current reactive owner is cleaned up.
fn abort_signal_for_current_owner() -> Option<web_sys::AbortSignal> {
    let controller = web_sys::AbortController::new().ok()?;
    let signal = controller.signal();
    // The owner's cleanups must be Send; the browser has one thread, so the wrapper never moves.
    let controller = send_wrapper::SendWrapper::new(controller);
    on_cleanup(move || controller.abort());
    Some(signal)
}
