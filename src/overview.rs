//! Plain Rust of the Overview (no DOM, native tests): the 14-day activity chart laid out in
//! whole SVG units and written as SVG markup, its text alternative, and where each thing that
//! needs attention links to. The chart is markup rather than a view per element because the
//! Overview's module loads with `/`, the page most visits start on: a string costs a fraction
//! of the wasm that a view of each element's type does.

use std::fmt::Write;

use faas_api::overview::{AttentionItem, AttentionKind, DayCount, NeedsAttention, Series};
use faas_api::vercel::ReadyState;
use faas_api::DeploymentState;

use crate::builds::PERSONAL_SCOPE;
use crate::deployments::parse_build_error;
use crate::format::{day_label, parse_date};
use crate::routes::{BuildsQuery, CodeAt, DeploymentsQuery, Route, SchedulesQuery};

/// The SVG's own coordinate box; it scales to the card's width.
pub const WIDTH: u32 = 728;
pub const HEIGHT: u32 = 200;
/// Room on the left for the scale, below for the day labels, above the tallest bar.
const LEFT: u32 = 28;
const BOTTOM: u32 = 22;
const TOP: u32 = 6;

pub fn series_label(series: Series) -> &'static str {
    match series {
        Series::Deploys => "Deploys",
        Series::Starts => "Starts",
        Series::Stops => "Stops",
        Series::Failures => "Failures",
    }
}

/// What one and several of a series are called in a sentence. Written out: `to_lowercase`
/// would bring the Unicode case tables (17 KB of wasm) into the module `/` loads.
fn series_nouns(series: Series) -> (&'static str, &'static str) {
    match series {
        Series::Deploys => ("deploy", "deploys"),
        Series::Starts => ("start", "starts"),
        Series::Stops => ("stop", "stops"),
        Series::Failures => ("failure", "failures"),
    }
}

fn series_count(series: Series, n: u32) -> String {
    let (one, many) = series_nouns(series);
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The CSS modifier of a series' bars and legend swatch.
pub fn series_class(series: Series) -> &'static str {
    match series {
        Series::Deploys => "deploys",
        Series::Starts => "starts",
        Series::Stops => "stops",
        Series::Failures => "failures",
    }
}

/// What each day is called: `Today` for the last (the server counts days up to today in the
/// browser's zone), `Fri 5 Dec` for the others.
pub fn day_labels(days: &[DayCount]) -> Vec<String> {
    let last = days.len().saturating_sub(1);
    days.iter()
        .enumerate()
        .map(|(i, day)| match parse_date(&day.date) {
            _ if i == last => "Today".to_owned(),
            Some(n) => day_label(n),
            None => day.date.clone(),
        })
        .collect()
}

/// A bar of the chart, in the SVG's units.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    pub series: Series,
    pub day: usize,
    pub value: u32,
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
}

/// The chart as drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chart {
    /// Where the bars stand (the x axis), and where the plot begins on the left.
    pub baseline: u32,
    pub left: u32,
    /// The value of the top of the scale: the busiest series-day, at least 1.
    pub max: u32,
    /// Each day's center.
    pub centers: Vec<u32>,
    /// The bars that are not 0.
    pub bars: Vec<Bar>,
}

/// Lays out `days` as groups of four bars, one per series, in the [`WIDTH`] × [`HEIGHT`] box.
pub fn chart(days: &[DayCount]) -> Chart {
    let baseline = HEIGHT - BOTTOM;
    let plot = baseline - TOP;
    let max = days
        .iter()
        .flat_map(|d| Series::ALL.map(|s| d.count(s)))
        .max()
        .unwrap_or(0)
        .max(1);
    let slot = (WIDTH - LEFT) / (days.len().max(1) as u32);
    let gap = slot / 5;
    let bar_width = (slot - gap) / Series::ALL.len() as u32;
    let mut bars = Vec::new();
    let mut centers = Vec::new();
    for (day, counts) in days.iter().enumerate() {
        let start = LEFT + day as u32 * slot + gap / 2;
        centers.push(start + (slot - gap) / 2);
        for (n, series) in Series::ALL.into_iter().enumerate() {
            let value = counts.count(series);
            if value == 0 {
                continue;
            }
            // Rounded to the nearest unit, and never below 1 so that a 1 among hundreds shows.
            let height = ((u64::from(plot) * u64::from(value) + u64::from(max) / 2)
                / u64::from(max))
            .max(1) as u32;
            bars.push(Bar {
                series,
                day,
                value,
                x: start + n as u32 * bar_width,
                y: baseline - height,
                width: bar_width,
                height,
            });
        }
    }
    Chart {
        baseline,
        left: LEFT,
        max,
        centers,
        bars,
    }
}

/// The chart in words, its text alternative: each series' total and the busiest day.
pub fn summary(days: &[DayCount], labels: &[String]) -> String {
    let totals: Vec<String> = Series::ALL
        .iter()
        .map(|s| {
            let n: u32 = days.iter().map(|d| d.count(*s)).sum();
            series_count(*s, n)
        })
        .collect();
    let mut text = format!("Last {} days: {}.", days.len(), totals.join(", "));
    let busiest = days
        .iter()
        .zip(labels)
        .filter(|(d, _)| d.total() > 0)
        .max_by_key(|(d, _)| d.total());
    if let Some((day, label)) = busiest {
        let total = day.total();
        let changes = if total == 1 { "change" } else { "changes" };
        text.push_str(&format!(" Busiest day: {label}, with {total} {changes}."));
    }
    text
}

/// The chart's SVG content: its title and description (the ids the `<svg>` is labelled by),
/// the axis, the scale's top and bottom, a bar per non-zero value with its value in words as
/// its title, and every other day's label, today's included, so that labels never overlap
/// (the table behind the chart has them all).
pub fn chart_markup(days: &[DayCount], labels: &[String]) -> String {
    let drawn = chart(days);
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<title id="activity-chart-title">Deploys, starts, stops and failures per day</title><desc id="activity-chart-desc">{}</desc>"#,
        escape(&summary(days, labels))
    );
    let (left, baseline, max) = (drawn.left, drawn.baseline, drawn.max);
    let _ = write!(
        svg,
        r#"<line class="chart__axis" x1="{left}" y1="{baseline}" x2="{WIDTH}" y2="{baseline}"/><text class="chart__label" x="0" y="14">{max}</text><text class="chart__label" x="0" y="{baseline}">0</text>"#
    );
    for bar in &drawn.bars {
        let _ = write!(
            svg,
            r#"<rect class="chart__bar chart__bar--{}" x="{}" y="{}" width="{}" height="{}"><title>{}: {}</title></rect>"#,
            series_class(bar.series),
            bar.x,
            bar.y,
            bar.width,
            bar.height,
            escape(&labels[bar.day]),
            series_count(bar.series, bar.value)
        );
    }
    let last = labels.len().saturating_sub(1);
    for (i, (x, label)) in drawn.centers.iter().zip(labels).enumerate() {
        if (last - i).is_multiple_of(2) {
            let _ = write!(
                svg,
                r#"<text class="chart__label" x="{x}" y="{}" text-anchor="middle">{}</text>"#,
                HEIGHT - 6,
                escape(label)
            );
        }
    }
    svg
}

/// Text made safe for markup.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Where a failed deployment's build error is: the failed function's code at the error's line
/// in the revision's page.
pub fn failure_link(failure: &AttentionItem) -> Option<Route> {
    let (line, column, _) = parse_build_error(failure.error.as_deref()?)?;
    Some(Route::Revision {
        id: failure.package_revision_id.clone()?,
        compare: None,
        at: Some(CodeAt {
            function_id: failure.function_id.clone()?,
            line,
            column,
        }),
    })
}

/// A thing that needs attention, in words and links.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttentionLine {
    /// The badge's words and its CSS modifier; none on an "and 3 more" line.
    pub badge: Option<(&'static str, &'static str)>,
    /// What it is, linking to its page.
    pub title: String,
    pub href: String,
    /// The rest of the sentence (` on keyset 3`).
    pub context: String,
    pub error: Option<String>,
    /// A second link, where one helps: the code at a build error's line.
    pub open: Option<(String, String)>,
    /// When it happened (RFC 3339): two failed builds of one project are told apart by it.
    pub at: Option<String>,
}

pub fn attention_line(item: &AttentionItem) -> AttentionLine {
    let on_keyset = item
        .keyset_id
        .map(|k| format!(" on keyset {k}"))
        .unwrap_or_default();
    let (badge, tone, href, context, open) = match item.kind {
        AttentionKind::FailedDeployment => {
            let open = failure_link(item).map(|route| {
                let label = match &item.function_name {
                    Some(name) => format!("Open {name} at the error"),
                    None => "Open the code at the error".to_owned(),
                };
                (route.href(), label)
            });
            let href = Route::Deployment(item.id.clone()).href();
            ("FAILED", "failed", href, on_keyset, open)
        }
        AttentionKind::StuckDeployment => {
            let state = item.state.map_or("in transition", DeploymentState::as_str);
            let context = format!("{on_keyset} has been {state} for more than two minutes");
            let href = Route::Deployment(item.id.clone()).href();
            (state_badge(item.state), "starting", href, context, None)
        }
        AttentionKind::FailedSchedule => {
            let href = Route::Schedules(SchedulesQuery {
                deployment: item.package_deployment_id.clone(),
                ..Default::default()
            })
            .href();
            let context = match item.description.as_deref() {
                Some(d) if !d.is_empty() => format!(": {d}"),
                _ => String::new(),
            };
            ("Schedule failed", "failed", href, context, None)
        }
        AttentionKind::FailedBuild => {
            let href = Route::Build {
                id: item.id.clone(),
                team: item.team.clone(),
            }
            .href();
            // No team: the key's personal scope, named as the Builds page names it.
            let context = match &item.team {
                Some(team) => format!(" in {team}"),
                None => format!(" in {PERSONAL_SCOPE}"),
            };
            ("Build ERROR", "failed", href, context, None)
        }
    };
    AttentionLine {
        badge: Some((badge, tone)),
        title: item.name.clone(),
        href,
        context,
        error: item.error.clone(),
        open,
        at: Some(item.at.clone()),
    }
}

fn state_badge(state: Option<DeploymentState>) -> &'static str {
    state.map_or("STUCK", DeploymentState::as_str)
}

/// Every line of "Needs attention": each kind's items, then "and 3 more" linking to the whole
/// list of that kind when some are not shown.
pub fn attention_lines(attention: &NeedsAttention) -> Vec<AttentionLine> {
    let mut lines = Vec::new();
    for kind in AttentionKind::ALL {
        let mut shown = 0;
        for item in attention.items.iter().filter(|i| i.kind == kind) {
            lines.push(attention_line(item));
            shown += 1;
        }
        let rest = attention.totals.of(kind).saturating_sub(shown);
        if rest > 0 {
            lines.push(AttentionLine {
                badge: None,
                title: format!("and {rest} more"),
                href: attention_list(kind).href(),
                context: String::new(),
                error: None,
                open: None,
                at: None,
            });
        }
    }
    lines
}

/// The deployments list filtered to one state: where a count or "and 3 more" leads.
pub fn deployments_in(state: DeploymentState) -> Route {
    Route::Deployments(DeploymentsQuery {
        state: Some(state),
        ..Default::default()
    })
}

/// The list of every thing of `kind`, for "and 3 more" below the few shown.
fn attention_list(kind: AttentionKind) -> Route {
    match kind {
        AttentionKind::FailedDeployment => deployments_in(DeploymentState::Failed),
        AttentionKind::StuckDeployment => deployments_in(DeploymentState::Starting),
        AttentionKind::FailedSchedule => Route::Schedules(SchedulesQuery::default()),
        AttentionKind::FailedBuild => Route::Builds(BuildsQuery {
            states: vec![ReadyState::Error],
            ..Default::default()
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(date: &str, counts: [u32; 4]) -> DayCount {
        DayCount {
            date: date.into(),
            deploys: counts[0],
            starts: counts[1],
            stops: counts[2],
            failures: counts[3],
        }
    }

    fn fortnight() -> Vec<DayCount> {
        (0..14)
            .map(|n| day(&format!("2026-11-{:02}", 23 + n % 8), [0; 4]))
            .collect()
    }

    #[test]
    fn the_chart_scales_to_the_busiest_series_day() {
        let mut days = fortnight();
        days[13] = day("2026-12-06", [1, 4, 2, 0]);
        days[0] = day("2026-11-23", [2, 0, 0, 1]);
        let drawn = chart(&days);
        assert_eq!(drawn.max, 4);
        assert_eq!(drawn.centers.len(), 14);
        assert_eq!(drawn.bars.len(), 5, "bars of 0 are not drawn");
        let tallest = drawn
            .bars
            .iter()
            .find(|b| b.day == 13 && b.series == Series::Starts)
            .unwrap();
        assert_eq!((tallest.value, tallest.y), (4, TOP), "to the top");
        assert_eq!(tallest.y + tallest.height, drawn.baseline);
        let half = drawn
            .bars
            .iter()
            .find(|b| b.day == 13 && b.series == Series::Stops)
            .unwrap();
        assert_eq!(half.height * 2, tallest.height);
        assert!(drawn
            .bars
            .iter()
            .all(|b| b.x >= drawn.left && b.x + b.width <= WIDTH));
        let first_day: Vec<&Bar> = drawn.bars.iter().filter(|b| b.day == 0).collect();
        for pair in first_day.windows(2) {
            assert!(pair[0].x + pair[0].width <= pair[1].x, "no overlap");
        }
        let empty = chart(&fortnight());
        assert_eq!(empty.max, 1, "an empty chart still has a scale");
        assert!(empty.bars.is_empty());
    }

    #[test]
    fn a_single_change_among_hundreds_still_shows() {
        let mut days = fortnight();
        days[1] = day("2026-11-24", [500, 1, 0, 0]);
        let drawn = chart(&days);
        let one = drawn.bars.iter().find(|b| b.value == 1).unwrap();
        assert_eq!(one.height, 1);
    }

    #[test]
    fn the_chart_reads_as_a_sentence_with_its_days_named() {
        let mut days = fortnight();
        days[12] = day("2026-12-05", [0, 1, 0, 0]);
        days[13] = day("2026-12-06", [1, 4, 2, 0]);
        let labels = day_labels(&days);
        assert_eq!(labels[13], "Today");
        assert_eq!(labels[12], "Sat 5 Dec");
        assert_eq!(
            summary(&days, &labels),
            "Last 14 days: 1 deploy, 5 starts, 2 stops, 0 failures. Busiest day: Today, with 7 changes."
        );
        let quiet = fortnight();
        assert_eq!(
            summary(&quiet, &day_labels(&quiet)),
            "Last 14 days: 0 deploys, 0 starts, 0 stops, 0 failures."
        );
    }

    #[test]
    fn the_chart_is_markup_with_its_words() {
        let mut days = fortnight();
        days[13] = day("2026-12-06", [1, 0, 0, 2]);
        let mut labels = day_labels(&days);
        labels[0] = "<b>".into();
        let svg = chart_markup(&days, &labels);
        assert!(
            svg.starts_with(r#"<title id="activity-chart-title">"#),
            "{svg}"
        );
        assert!(
            svg.contains("Busiest day: Today, with 3 changes.</desc>"),
            "{svg}"
        );
        assert!(svg.contains("<title>Today: 2 failures</title>"), "{svg}");
        assert!(svg.contains("<title>Today: 1 deploy</title>"), "{svg}");
        assert_eq!(svg.matches("<rect ").count(), 2);
        assert_eq!(
            svg.matches(r#"text-anchor="middle""#).count(),
            7,
            "every other day"
        );
        assert!(svg.contains(">Today</text>"));
        assert!(!svg.contains("<b>"), "escaped");
    }

    fn failed(error: Option<&str>, function: Option<&str>) -> AttentionItem {
        AttentionItem {
            keyset_id: Some(1),
            package_revision_id: Some("r1".into()),
            function_id: function.map(Into::into),
            function_name: Some("moderate".into()),
            error: error.map(Into::into),
            ..AttentionItem::new(
                faas_api::overview::AttentionKind::FailedDeployment,
                "d1".into(),
                "Chat v2".into(),
                "2026-12-06T10:00:00.000Z".into(),
            )
        }
    }

    #[test]
    fn a_failed_build_links_to_its_line() {
        let href = failure_link(&failed(Some("line 3:14: Unexpected token"), Some("f1")))
            .map(|r| r.href())
            .unwrap();
        assert!(href.starts_with("/revisions/r1?"), "{href}");
        assert!(href.contains("line=3"), "{href}");
        assert_eq!(
            failure_link(&failed(Some("the runtime refused it"), Some("f1"))),
            None
        );
        assert_eq!(failure_link(&failed(Some("line 3:14: x"), None)), None);
        assert_eq!(failure_link(&failed(None, Some("f1"))), None);
    }

    #[test]
    fn each_kind_of_trouble_reads_as_a_line_with_its_links() {
        let line = attention_line(&failed(Some("line 3:14: Unexpected token"), Some("f1")));
        assert_eq!(line.badge, Some(("FAILED", "failed")));
        assert_eq!(line.title, "Chat v2");
        assert_eq!(line.href, "/deployments/d1");
        assert_eq!(line.context, " on keyset 1");
        assert_eq!(line.open.unwrap().1, "Open moderate at the error");

        let stuck = AttentionItem {
            state: Some(DeploymentState::Stopping),
            keyset_id: Some(4),
            ..AttentionItem::new(
                AttentionKind::StuckDeployment,
                "d2".into(),
                "Chat v1".into(),
                "2026-12-06T10:00:00.000Z".into(),
            )
        };
        let line = attention_line(&stuck);
        assert_eq!(line.badge, Some(("STOPPING", "starting")));
        assert_eq!(
            line.context,
            " on keyset 4 has been STOPPING for more than two minutes"
        );

        let schedule = AttentionItem {
            package_deployment_id: Some("d3".into()),
            description: Some("Nightly stop".into()),
            error: Some("the deployment was STARTING".into()),
            ..AttentionItem::new(
                AttentionKind::FailedSchedule,
                "e1".into(),
                "Chat v2".into(),
                "2026-12-06T10:00:00.000Z".into(),
            )
        };
        let line = attention_line(&schedule);
        assert_eq!(line.href, "/schedules?deployment=d3");
        assert_eq!(line.context, ": Nightly stop");

        let build = AttentionItem {
            team: Some("acme".into()),
            ..AttentionItem::new(
                AttentionKind::FailedBuild,
                "dpl_1".into(),
                "web".into(),
                "2026-12-06T10:00:00.000Z".into(),
            )
        };
        let line = attention_line(&build);
        assert_eq!(line.href, "/builds/dpl_1?team=acme");
        assert_eq!(line.context, " in acme");
        assert_eq!(line.at.as_deref(), Some("2026-12-06T10:00:00.000Z"));
        let personal = AttentionItem {
            team: None,
            ..build.clone()
        };
        assert_eq!(attention_line(&personal).context, " in your own account");
        assert_eq!(attention_line(&personal).href, "/builds/dpl_1");

        let attention = NeedsAttention {
            totals: faas_api::overview::AttentionTotals {
                failed_deployments: 7,
                failed_builds: 1,
                ..Default::default()
            },
            items: vec![build.clone(), failed(None, None), failed(None, None)],
        };
        let lines = attention_lines(&attention);
        let titles: Vec<&str> = lines.iter().map(|l| l.title.as_str()).collect();
        assert_eq!(
            titles,
            ["Chat v2", "Chat v2", "and 5 more", "web"],
            "kinds in order"
        );
        assert_eq!(lines[2].href, "/deployments?state=FAILED");
        assert_eq!(lines[2].at, None, "an \"and 5 more\" line has no time");
        assert_eq!(lines[2].badge, None);
    }
}
