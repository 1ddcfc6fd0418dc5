//! The contract between the faas-console app and any server that speaks it.
//!
//! Two public REST contracts live here as plain serde types, with the rules that both sides
//! must agree on written as pure functions:
//!
//! * [`catalog`]: package blueprints, importing one as a package, and saved test inputs;
//! * [`functions`]: the Functions v2 Admin API (`/v2/faas/...`): packages, revisions,
//!   functions, deployments, keysets, limits, request bodies;
//! * [`envelope`]: the `{data, meta, errors}` wrapper of every Functions v2 answer, its error
//!   codes and paging;
//! * [`validation`]: the limits and formats of `api.md` §2, reporting every problem at once,
//!   each naming its JSON path;
//! * [`kv`]: a keyset's data, the KV store and secrets, with the limits of their keys,
//!   values and times to live;
//! * [`overview`]: the Overview's one read (ours): counts, what needs attention, activity
//!   per day and the latest entries;
//! * [`lifecycle`]: which action each deployment state allows, and when a rolling update may
//!   replace one deployment with another;
//! * [`channels`]: when two channels (names or wildcards) meet, for channel conflicts;
//! * [`schedule`]: scheduled events, their actions and their times;
//! * [`paging`]: the `page`, `size`, `sort` and `search` query rules;
//! * [`version`]: the `PubNub-Version` date;
//! * [`vercel`]: the Vercel-style deployments that build and can be canceled.
//!
//! The crate does no I/O, so it builds for `wasm32-unknown-unknown` as well as natively.

pub mod activity;
pub mod catalog;
pub mod channels;
pub mod envelope;
pub mod functions;
pub mod kv;
pub mod lifecycle;
pub mod overview;
pub mod paging;
pub mod schedule;
pub mod validation;
pub mod vercel;
pub mod version;

pub use envelope::{ApiError, Envelope, ErrorCode, Meta, Paging};
pub use functions::*;
pub use validation::Problem;
