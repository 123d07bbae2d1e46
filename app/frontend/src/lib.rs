//! The browser bundle's entry: once the page has loaded, hydrate its islands (the few interactive
//! parts: the board's filters, the copy buttons). The islands themselves live in `pages`.

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    // The islands are exported by `pages`; naming the crate keeps them in the bundle.
    use pages as _;
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
