//! One test run in QuickJS (rquickjs): a fresh runtime and context per run, on the calling
//! (blocking) thread.
//!
//! Guards: an interrupt handler stops the script at the wall-clock deadline (the result is
//! an `error` outcome "Timed out after N ms", with what the run had recorded so far), a
//! memory limit ([`MEMORY_LIMIT`], kept by the runtime's allocator, [`super::memory`]) and a
//! stack limit ([`STACK_LIMIT`]). A run that ends in an error after the runtime was refused
//! memory ends with the error "Out of memory: the function needed more than 32 MiB",
//! whatever QuickJS managed to throw (at the limit that may be `null`), and one that runs
//! out of memory while its script loads ends there.
//!
//! The run: `globalThis.__faasPreludeLength` and the input are set, the composed script is
//! evaluated as `function.js`, then `__faasRun(input, loadFailed, loadError)` is called and the job
//! queue is drained until its promise has settled. A script that does not even parse still
//! gets a result document: the prelude is then evaluated alone and reports the syntax error
//! (with its position in the user's code) as the run's error.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rquickjs::context::EvalOptions;
use rquickjs::{Context, Ctx, Runtime, Value};
use serde_json::{json, Value as Json};

use super::memory::MemoryBudget;
use super::{compose_script, prelude_one_line};

/// The most memory a run's runtime may allocate.
pub const MEMORY_LIMIT: usize = 32 * 1024 * 1024;
/// The error of a run that ended after its runtime was refused memory.
const OUT_OF_MEMORY_NAME: &str = "InternalError";
/// Extra memory allowed after the run, so that the result can still be written down.
const REPORT_MEMORY: usize = 8 * 1024 * 1024;
/// The most stack a run may use (well within a blocking thread's 2 MiB).
pub const STACK_LIMIT: usize = 512 * 1024;
/// The per-run limits of the prelude, for a result written without it.
const CALL_LIMITS: [(&str, u64); 4] = [("xhr", 5), ("kvstore", 10), ("vault", 10), ("pubnub", 10)];

/// The script's name in stack traces and error positions, as in the browser.
pub const SCRIPT_NAME: &str = "function.js";

/// The host's part: calls the prelude with the input and keeps the result as JSON.
const HOST: &str = "globalThis.__faasRun(JSON.parse(globalThis.__faasInput), globalThis.__faasLoadFailed === true, globalThis.__faasLoadError).then(function (r) { globalThis.__faasOut = JSON.stringify(r); });";

/// Runs `code` on `input` (the input document: type, request, kv, secrets, xhrMocks) and
/// returns the result document. Never fails: engine trouble becomes an `error` outcome.
pub fn run(code: &str, input: &Json, timeout: Duration) -> Json {
    let memory = MemoryBudget::new(MEMORY_LIMIT);
    match run_inner(code, input, timeout, &memory) {
        Ok(mut doc) => {
            utf16_columns(code, &mut doc);
            doc
        }
        // Whatever failed once the runtime was refused memory failed for want of it.
        Err(_) if memory.refused() => fallback(input, &out_of_memory_message()),
        Err(message) => fallback(input, &message),
    }
}

/// "Out of memory: the function needed more than 32 MiB".
pub fn out_of_memory_message() -> String {
    format!(
        "Out of memory: the function needed more than {} MiB",
        MEMORY_LIMIT / (1024 * 1024)
    )
}

/// A run that ended in an error after its runtime was refused memory ended for want of it,
/// whatever QuickJS managed to throw (at the limit it may have had no room for its error
/// object and thrown `null`): the error that ended it (the last one) becomes the
/// out-of-memory error. The position of QuickJS's own "out of memory" error is kept. A run
/// whose code caught the error and finished keeps its outcome.
fn report_out_of_memory(doc: &mut Json) {
    if doc["outcome"]["kind"] != "error" {
        return;
    }
    let Some(errors) = doc.get_mut("errors").and_then(Json::as_array_mut) else {
        return;
    };
    let mut error = json!({"name": OUT_OF_MEMORY_NAME, "message": out_of_memory_message()});
    match errors.last_mut() {
        Some(last) => {
            if last["name"] == OUT_OF_MEMORY_NAME && last["message"] == "out of memory" {
                for key in ["line", "column"] {
                    if let Some(at) = last.get(key) {
                        error[key] = at.clone();
                    }
                }
            }
            *last = error;
        }
        None => errors.push(error),
    }
}

/// QuickJS counts columns in bytes of UTF-8; the browser (and the editor) in UTF-16 units.
/// Converts every error position, so that both runs point at the same character.
fn utf16_columns(code: &str, doc: &mut Json) {
    let Some(errors) = doc.get_mut("errors").and_then(Json::as_array_mut) else {
        return;
    };
    for error in errors {
        let (Some(line), Some(column)) = (
            error.get("line").and_then(Json::as_u64),
            error.get("column").and_then(Json::as_u64),
        ) else {
            continue;
        };
        let Some(text) = code.split('\n').nth((line as usize).saturating_sub(1)) else {
            continue;
        };
        let byte = (column as usize).saturating_sub(1).min(text.len());
        let mut end = byte;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let units: usize = text[..end].chars().map(char::len_utf16).sum();
        error["column"] = json!(units + 1);
    }
}

fn options(name: &str) -> EvalOptions {
    let mut options = EvalOptions::default();
    options.global = true;
    // The prelude starts with "use strict" (the handler is a module on PubNub, so strict),
    // in QuickJS and in the browser alike.
    options.strict = false;
    options.filename = Some(name.to_owned());
    options
}

fn run_inner(
    code: &str,
    input: &Json,
    timeout: Duration,
    memory: &Arc<MemoryBudget>,
) -> Result<Json, String> {
    let composed = compose_script(code);
    // The limit is the allocator's (not `set_memory_limit`), so that a refusal is known.
    let runtime = Runtime::new_with_alloc(memory.allocator())
        .map_err(|e| format!("cannot start QuickJS: {e}"))?;
    runtime.set_max_stack_size(STACK_LIMIT);
    let deadline = Instant::now() + timeout;
    let timed_out = Arc::new(AtomicBool::new(false));
    let armed = Arc::new(AtomicBool::new(true));
    {
        let timed_out = timed_out.clone();
        let armed = armed.clone();
        runtime.set_interrupt_handler(Some(Box::new(move || {
            if armed.load(Ordering::Relaxed) && Instant::now() >= deadline {
                timed_out.store(true, Ordering::Relaxed);
                return true;
            }
            false
        })));
    }
    let context = Context::full(&runtime).map_err(|e| format!("cannot start QuickJS: {e}"))?;
    let input_json = serde_json::to_string(input).map_err(|e| e.to_string())?;

    let started = context.with(|ctx| -> Result<(), String> {
        let globals = ctx.globals();
        globals
            .set("__faasPreludeLength", composed.prelude_len as f64)
            .map_err(|e| e.to_string())?;
        globals
            .set("__faasInput", input_json.as_str())
            .map_err(|e| e.to_string())?;
        if let Err(rquickjs::Error::Exception) =
            ctx.eval_with_options::<(), _>(composed.script.as_str(), options(SCRIPT_NAME))
        {
            let error = ctx.catch();
            if memory.refused() {
                // The script ran out of memory while loading (what it holds may still fill
                // the runtime): the run ends here, reported below.
                return Ok(());
            }
            // Flagged apart from the value: what the code threw may be `null` itself.
            globals
                .set("__faasLoadFailed", true)
                .map_err(|e| e.to_string())?;
            globals
                .set("__faasLoadError", error)
                .map_err(|e| e.to_string())?;
        }
        if timed_out.load(Ordering::Relaxed) {
            return Ok(());
        }
        let has_run = globals
            .get::<_, Value>("__faasRun")
            .map(|v| v.is_function())
            .unwrap_or(false);
        if has_run {
            // QuickJS-ng counts the columns of line 1 from 0 in stack frames (from 1 on
            // other lines, and in syntax errors everywhere), so a frame's column on line 1
            // is one less than in the browser: take one less off.
            globals
                .set("__faasPreludeLength", composed.prelude_len as f64 - 1.0)
                .map_err(|e| e.to_string())?;
        } else {
            // The script did not parse: the prelude alone reports the error.
            eval(&ctx, &prelude_one_line(), "prelude.js")?;
        }
        eval(&ctx, HOST, "host.js")
    });
    match started {
        // Out of memory (the handler's synchronous part runs in the host's script): the
        // report below has the room to say so.
        Err(_) if memory.refused() => {}
        other => other?,
    }

    // Drain the job queue: every mock settles at once, so the promise settles unless the
    // code waits on something that never happens.
    while !timed_out.load(Ordering::Relaxed) {
        match runtime.execute_pending_job() {
            Ok(true) => {}
            Ok(false) => break,
            // A job that threw: the prelude catches the handler's errors, so this is the
            // interrupt or an error in a callback nobody awaits; go on with the others.
            Err(_) => {}
        }
    }

    armed.store(false, Ordering::Relaxed);
    let timed_out = timed_out.load(Ordering::Relaxed);
    let out_of_memory = !timed_out && memory.refused();
    memory.set_limit(MEMORY_LIMIT + REPORT_MEMORY);
    let out = context.with(|ctx| -> Result<Json, String> {
        let globals = ctx.globals();
        if let Ok(Some(out)) = globals.get::<_, Option<String>>("__faasOut") {
            return serde_json::from_str(&out).map_err(|e| e.to_string());
        }
        let message = if timed_out {
            format!("Timed out after {} ms", timeout.as_millis())
        } else if out_of_memory {
            out_of_memory_message()
        } else {
            "The handler's promise never settled: nothing was left to run".to_owned()
        };
        let abort: rquickjs::Function =
            globals.get("__faasAbortRun").map_err(|_| message.clone())?;
        // The input too: a run stopped while its code loaded starts from its KV values.
        let input = ctx.json_parse(input_json.as_str()).ok();
        let doc: Value = abort
            .call((message.as_str(), input))
            .map_err(|_| message.clone())?;
        let text = ctx
            .json_stringify(doc)
            .ok()
            .flatten()
            .and_then(|s| s.to_string().ok())
            .ok_or_else(|| message.clone())?;
        serde_json::from_str(&text).map_err(|_| message)
    });
    // Drop the context before the runtime, and the runtime's jobs with it.
    drop(context);
    let mut doc = out?;
    if out_of_memory {
        report_out_of_memory(&mut doc);
    }
    Ok(doc)
}

/// Evaluates a host script; an exception is reported with its message.
fn eval(ctx: &Ctx<'_>, source: &str, name: &str) -> Result<(), String> {
    match ctx.eval_with_options::<(), _>(source, options(name)) {
        Ok(()) => Ok(()),
        Err(rquickjs::Error::Exception) => Err(exception_message(ctx, ctx.catch())),
        Err(e) => Err(e.to_string()),
    }
}

fn exception_message<'js>(ctx: &Ctx<'js>, error: Value<'js>) -> String {
    if let Some(object) = error.as_object() {
        if let Ok(message) = object.get::<_, String>("message") {
            return message;
        }
    }
    ctx.json_stringify(error)
        .ok()
        .flatten()
        .and_then(|s| s.to_string().ok())
        .unwrap_or_else(|| "unknown error".to_owned())
}

/// The result document written without the prelude (when QuickJS itself failed, such as
/// running out of memory while reporting).
pub fn fallback(input: &Json, message: &str) -> Json {
    let mut calls = serde_json::Map::new();
    for (module, limit) in CALL_LIMITS {
        calls.insert(module.into(), json!({"count": 0, "limit": limit}));
    }
    calls.insert("console".into(), json!({"count": 0, "limit": 250}));
    let kv = match input.get("kv") {
        Some(Json::Object(map)) => Json::Object(map.clone()),
        _ => json!({}),
    };
    json!({
        "outcome": {"kind": "error"},
        "published": [],
        "console": [],
        "calls": calls,
        "xhrRequests": [],
        "kvBefore": kv,
        "kvAfter": kv,
        "errors": [{"name": "InternalError", "message": message}]
    })
}
