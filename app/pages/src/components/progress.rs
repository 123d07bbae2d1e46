use leptos::prelude::*;

use crate::current_lang;
use domain::format::vnd;
use domain::percent;

/// How much of a total is pledged: a native `<progress>` (accessible, no inline style) and the figures.
#[component]
pub fn PledgeProgress(pledged: i64, total: i64) -> impl IntoView {
    let t = current_lang().t();
    let pct = percent(pledged, total);
    view! {
        <div class="pledge-progress">
            <progress max="100" value=pct aria-label=t.need_progress>{format!("{pct}%")}</progress>
            <p class="pledge-figures">
                <strong>{vnd(pledged)}</strong>
                " / "
                {vnd(total)}
                <span class="pct">{format!(" ({pct}%)")}</span>
            </p>
        </div>
    }
}
