//! A horizontal bar chart drawn on the server as SVG: no script, crisp on any screen, readable by
//! screen readers through its title and the text of each bar.

use leptos::prelude::*;

use domain::format::vnd;

const WIDTH: i64 = 640;
const ROW: i64 = 30;
const LABEL: i64 = 230;

#[component]
pub fn BarChart(title: String, rows: Vec<(String, i64)>) -> impl IntoView {
    let max = rows.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1);
    let height = ROW * i64::try_from(rows.len()).unwrap_or(0) + 8;
    let title_id = format!("chart-{}", crate::text_id(&title));
    view! {
        <figure class="bar-chart">
            <svg
                viewBox=format!("0 0 {WIDTH} {height}")
                width="100%"
                role="img"
                aria-labelledby=title_id.clone()
                xmlns="http://www.w3.org/2000/svg"
            >
                <title id=title_id.clone()>{title.clone()}</title>
                {rows
                    .into_iter()
                    .enumerate()
                    .map(|(i, (label, value))| {
                        let y = i64::try_from(i).unwrap_or(0) * ROW + 4;
                        let bar = ((WIDTH - LABEL - 120) * value.max(0) / max).max(1);
                        view! {
                            <g>
                                <text x="0" y=y + 18 class="bar-label">{label}</text>
                                <rect x=LABEL y=y + 4 width=bar height=ROW - 10 rx="3" class="bar"></rect>
                                <text x=LABEL + bar + 6 y=y + 18 class="bar-value">{vnd(value)}</text>
                            </g>
                        }
                    })
                    .collect_view()}
            </svg>
            <figcaption>{title}</figcaption>
        </figure>
    }
}
