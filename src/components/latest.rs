use std::future::Future;

use leptos::prelude::*;

/// Reads that may overlap (a poll, a new filter), of which only the latest answer counts: an
/// older answer that arrives late is dropped, and so is any answer once the view is gone.
///
/// Lighter than a `LocalResource` on purpose: each resource type compiles its own copy of the
/// async machinery into the wasm, where this is one small task per call site. The live views
/// of deployments read with it.
#[derive(Clone, Copy)]
pub struct Latest(StoredValue<u32>);

impl Default for Latest {
    fn default() -> Self {
        Self::new()
    }
}

impl Latest {
    pub fn new() -> Self {
        Latest(StoredValue::new(0))
    }

    /// Runs `work`, then hands its output to `done` if no later `run` started meanwhile.
    pub fn run<T: 'static>(
        &self,
        work: impl Future<Output = T> + 'static,
        done: impl FnOnce(T) + 'static,
    ) {
        let Some(ticket) = self.0.try_update_value(|n| {
            *n += 1;
            *n
        }) else {
            return;
        };
        let latest = self.0;
        leptos::task::spawn_local(async move {
            let output = work.await;
            if latest.try_get_value() == Some(ticket) {
                done(output);
            }
        });
    }
}
