//! A test run, in this browser's Worker or on the reference server: at most one at a time,
//! timed while under way, stopped when the tab goes away.

use std::time::Duration;

use leptos::prelude::*;

use crate::{
    api::{self, ApiError, Client},
    editor::{run_test, TestRun},
    function_test::{Engine, Input, RunError, RunResult},
};

/// The run under way, if any, and what the last one did.
#[derive(Clone, Copy)]
pub struct TestRunner {
    pub running: RwSignal<Option<Engine>>,
    /// How long the run under way has taken, in ms, ticking.
    pub elapsed: RwSignal<u32>,
    started: StoredValue<f64>,
    /// The browser run under way, to stop it.
    handle: StoredValue<Option<TestRun>, LocalStorage>,
    pub result: RwSignal<Option<RunResult>>,
    /// Why the server could not run it (the result, when it ran, says what went wrong inside).
    pub server_error: RwSignal<Option<ApiError>>,
}

impl TestRunner {
    /// A runner for the calling view: its run stops, and its clock too, when the view goes.
    pub fn new() -> Self {
        let runner = TestRunner {
            running: RwSignal::new(None),
            elapsed: RwSignal::new(0),
            started: StoredValue::new(0.0),
            handle: StoredValue::new_local(None),
            result: RwSignal::new(None),
            server_error: RwSignal::new(None),
        };
        // "Running… 0.4 s", ticking while a run is under way.
        let ticker = StoredValue::new_local(None::<IntervalHandle>);
        let stop_ticker = move || {
            if let Some(handle) = ticker.try_update_value(Option::take).flatten() {
                handle.clear();
            }
        };
        Effect::new(move |_| {
            stop_ticker();
            if runner.running.get().is_some() {
                let tick = move || {
                    let ms = js_sys::Date::now() - runner.started.get_value();
                    runner.elapsed.set(ms as u32);
                };
                ticker.set_value(set_interval_with_handle(tick, Duration::from_millis(100)).ok());
            }
        });
        on_cleanup(move || {
            runner.stop();
            stop_ticker();
        });
        runner
    }

    /// Whether a run is under way, tracked.
    pub fn busy(&self) -> bool {
        self.running.get().is_some()
    }

    /// Runs `input` in this browser's Worker, unless a run is under way.
    pub fn run_in_browser(&self, input: &Input) {
        if !self.begin(Engine::Browser) {
            return;
        }
        let json = serde_json::to_string(input).unwrap_or_default();
        let runner = *self;
        let run = run_test(&json, move |answer| {
            let parsed = serde_json::from_str::<RunResult>(&answer).unwrap_or_else(|e| RunResult {
                errors: vec![RunError {
                    message: format!("The runner's answer could not be read: {e}"),
                    ..Default::default()
                }],
                ..Default::default()
            });
            runner.handle.set_value(None);
            runner.running.set(None);
            runner.result.set(Some(parsed));
        });
        self.handle.set_value(Some(run));
    }

    /// Runs `input` on the reference server, unless a run is under way.
    pub fn run_on_server(&self, client: Client, input: Input) {
        if !self.begin(Engine::Server) {
            return;
        }
        let runner = *self;
        leptos::task::spawn_local(async move {
            let answer = api::function_tests::run_on_server(&client, &input).await;
            runner.running.set(None);
            match answer {
                Ok(answer) => runner.result.set(Some(answer)),
                Err(error) => runner.server_error.set(Some(error)),
            }
        });
    }

    /// Stops the browser run under way, if any (a server run cannot be stopped).
    pub fn stop(&self) {
        if let Some(run) = self.handle.try_update_value(Option::take).flatten() {
            run.stop();
        }
    }

    /// Starts the clock of a run on `engine`; `false` when one is already under way.
    fn begin(&self, engine: Engine) -> bool {
        if self.running.get_untracked().is_some() {
            return false;
        }
        self.started.set_value(js_sys::Date::now());
        self.elapsed.set(0);
        self.server_error.set(None);
        self.running.set(Some(engine));
        true
    }
}
