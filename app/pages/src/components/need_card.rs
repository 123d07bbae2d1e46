use leptos::prelude::*;

use crate::components::progress::PledgeProgress;
use crate::current_lang;
use domain::Need;
use domain::format::{group_digits, period, vnd};

/// A need as the board and the home page list it.
#[component]
pub fn NeedCard(need: Need) -> impl IntoView {
    let lang = current_lang();
    let t = lang.t();
    let href = format!("/needs/{}", need.id);
    let place = match &need.site {
        Some(site) => format!("{} · {}", site, need.commune.name),
        None => need.commune.name.clone(),
    };
    view! {
        <article class="need-card">
            <p class="tags">
                <span class=format!("badge cat-{}", need.category.as_str())>{lang.category(need.category)}</span>
                <span class=format!("badge status-{}", need.status.as_str())>{lang.need_status(need.status)}</span>
                {need.demo.then(|| view! { <span class="badge demo">{t.demo_badge}</span> })}
            </p>
            <h3>
                <a href=href>{need.title.clone()}</a>
            </h3>
            <p class="place">{place}</p>
            <dl class="facts">
                <div>
                    <dt>{t.need_children}</dt>
                    <dd>{lang.children(need.children)}</dd>
                </div>
                <div>
                    <dt>{t.need_total}</dt>
                    <dd>{vnd(need.total)}</dd>
                </div>
                <div>
                    <dt>{t.need_period}</dt>
                    <dd>{period(need.period_start, need.period_end)}</dd>
                </div>
            </dl>
            <PledgeProgress pledged=need.pledged total=need.total/>
        </article>
    }
}

/// The facts of one need: where, for how many children, how much, when.
#[component]
pub fn NeedFacts(need: Need, #[prop(optional)] class: &'static str) -> impl IntoView {
    let lang = current_lang();
    let t = lang.t();
    view! {
        <dl class=format!("facts wide {class}")>
            <div><dt>{t.need_commune}</dt><dd>{need.commune.name.clone()}</dd></div>
            {need.site.clone().map(|site| view! { <div><dt>{t.need_site}</dt><dd>{site}</dd></div> })}
            <div><dt>{t.need_children}</dt><dd>{lang.children(need.children)}</dd></div>
            <div><dt>{t.need_quantity}</dt><dd>{format!("{} {}", group_digits(need.quantity), need.unit)}</dd></div>
            <div><dt>{t.need_unit_cost}</dt><dd>{vnd(need.unit_cost)}</dd></div>
            <div><dt>{t.need_total}</dt><dd>{vnd(need.total)}</dd></div>
            <div><dt>{t.need_period}</dt><dd>{period(need.period_start, need.period_end)}</dd></div>
        </dl>
    }
}
