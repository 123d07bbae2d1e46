//! A bar chart in plain HTML: its title above, each bar a row with its label and value in text at
//! body size, so it reads on a 360 px phone as well as on a desk. The bars are `<meter>`s (no
//! inline style, which the Content-Security-Policy refuses); screen readers read the text and skip
//! the bars, which only repeat it.

use leptos::prelude::*;

use domain::format::vnd;

#[component]
pub fn BarChart(title: String, rows: Vec<(String, i64)>) -> impl IntoView {
    let max = rows.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1);
    view! {
        // The figcaption names the figure.
        <figure class="bar-chart">
            <figcaption>{title}</figcaption>
            <ul class="bars">
                {rows
                    .into_iter()
                    .map(|(label, value)| view! {
                        <li>
                            <span class="bar-label">{label}</span>
                            <span class="bar-value">{vnd(value)}</span>
                            <meter class="bar" min="0" max=max value=value.max(0) aria-hidden="true"></meter>
                        </li>
                    })
                    .collect_view()}
            </ul>
        </figure>
    }
}
