//! The Overview's 14-day activity chart: an SVG written by [`crate::overview::chart_markup`]
//! with its title and text alternative, the legend, and the same numbers as a table behind it.

use std::sync::Arc;

use faas_api::overview::{Overview, Series};
use leptos::prelude::*;

use crate::overview::{chart_markup, series_class, series_label, summary, HEIGHT, WIDTH};

#[component]
pub fn ActivityChart(overview: Arc<Overview>, labels: Vec<String>) -> impl IntoView {
    let days = &overview.days;
    let markup = chart_markup(days, &labels);
    let text = summary(days, &labels);
    let legend = Series::ALL.map(|s| {
        view! {
            <li>
                <span class=format!("chart__swatch chart__bar--{}", series_class(s))></span>
                {series_label(s)}
            </li>
        }
    });
    let heads = Series::ALL.map(|s| {
        view! {
            <th scope="col" class="num">
                {series_label(s)}
            </th>
        }
    });
    let rows = days
        .iter()
        .zip(labels)
        .map(|(day, label)| {
            let cells = Series::ALL.map(|s| view! { <td class="num">{day.count(s)}</td> });
            view! {
                <tr>
                    <th scope="row">{label}</th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <figure class="chart">
            <svg
                class="chart__svg"
                viewBox=format!("0 0 {WIDTH} {HEIGHT}")
                role="img"
                aria-labelledby="activity-chart-title activity-chart-desc"
                inner_html=markup
            ></svg>
            <figcaption>
                <ul class="chart__legend">{legend}</ul>
                <p class="muted">{text}</p>
            </figcaption>
            <details class="chart__table">
                <summary>"Show the numbers as a table"</summary>
                <div class="table-wrap">
                    <table class="table">
                        <caption class="visually-hidden">"Changes per day"</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Day"</th>
                                {heads}
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </details>
        </figure>
    }
}
