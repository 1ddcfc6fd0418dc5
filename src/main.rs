fn main() {
    // Prints a panic's message in a debug build; the release build aborts at the panic site
    // without one (scripts/build-wasm.sh), so there the hook never runs.
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(faas_console::App);
}
