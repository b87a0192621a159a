//! The report's charts: the figures a chart needs, read from the study
//! ([`extract`]), and hand-written SVG for each ([`service_svg`],
//! [`funnel_svg`], [`land_svg`], [`flows_svg`]). Pure functions, no
//! dependencies; every number drawn is also a visible `<text>` label or a
//! `data-value` attribute (and a `<title>` tooltip), so the SVG can be checked.
//! Missing or odd data gives fewer points or `None`, never a panic.

use serde_json::Value;

use crate::i18n::Lang;

/// One year of a series.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub year: i64,
    pub value: f64,
}

/// Demand, optimised offer and gap of one service over the horizon.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceSeries {
    pub id: String,
    /// `formulation.services[].name`, else the id.
    pub name: String,
    pub unit: Option<String>,
    pub demand: Vec<Point>,
    pub offer: Vec<Point>,
    pub gap: Vec<Point>,
}

/// A service's figures as a table: the years any of its series has, and
/// each series, labelled, with its value in each of those years.
pub type ServiceTable = (Vec<i64>, Vec<(&'static str, Vec<Option<f64>>)>);

impl ServiceSeries {
    /// The years any of its series has, in order.
    pub fn years(&self) -> Vec<i64> {
        let mut years: Vec<i64> = self
            .demand
            .iter()
            .chain(&self.offer)
            .chain(&self.gap)
            .map(|p| p.year)
            .collect();
        years.sort_unstable();
        years.dedup();
        years
    }

    /// The names of its three series, in the order demand, offer, gap.
    pub fn labels(lang: Lang) -> [&'static str; 3] {
        [
            lang.pick("Demanda efectiva", "Effective demand"),
            lang.pick("Oferta optimizada", "Optimised offer"),
            lang.pick("Brecha", "Gap"),
        ]
    }

    /// Demand, optimised offer and gap aligned by year (None where a series
    /// has no entry for a year), for the tables beside or instead of the chart.
    pub fn table(&self, lang: Lang) -> ServiceTable {
        let years = self.years();
        let of = |pts: &[Point]| -> Vec<Option<f64>> {
            years
                .iter()
                .map(|y| pts.iter().find(|p| p.year == *y).map(|p| p.value))
                .collect()
        };
        let [demand, offer, gap] = ServiceSeries::labels(lang);
        let rows = vec![
            (demand, of(&self.demand)),
            (offer, of(&self.offer)),
            (gap, of(&self.gap)),
        ];
        (years, rows)
    }
}

/// One step of the population chain.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stage {
    /// The key in `formulation.population` (`reference`, `real_needs`…).
    pub key: &'static str,
    pub value: f64,
}

/// `formulation.requirements.land`, in m².
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Land {
    pub total: f64,
    pub construction: f64,
    pub expansion: f64,
    pub free: f64,
}

/// The guide's reference split of the land, as shares of the total:
/// construction at most, expansion and free area at least.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LandReference {
    pub construction_max: f64,
    pub expansion_min: f64,
    pub free_min: f64,
}

impl Default for LandReference {
    fn default() -> Self {
        LandReference {
            construction_max: 0.30,
            expansion_min: 0.20,
            free_min: 0.50,
        }
    }
}

/// One year of an alternative's cost flow, in soles.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FlowYear {
    pub year: i64,
    pub without: Option<f64>,
    pub with: Option<f64>,
}

/// The cost flows of one alternative.
#[derive(Debug, Clone, PartialEq)]
pub struct Flows {
    pub alternative: String,
    pub years: Vec<FlowYear>,
}

/// Everything the charts draw, read once from the study.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChartData {
    pub services: Vec<ServiceSeries>,
    pub funnel: Vec<Stage>,
    pub land: Option<Land>,
    pub flows: Vec<Flows>,
    pub selected_alternative: Option<String>,
    /// Charts left out because their data has document errors (S001, S002,
    /// S005): (chart, code). A figure drawn from invalid or unfilled data
    /// would show what no rule could judge.
    pub withheld: Vec<(&'static str, String)>,
}

/// The steps of the population chain, in order (§3.2.1–§3.2.7).
pub const STAGES: [&str; 7] = [
    "reference",
    "real_needs",
    "potential_demand",
    "effective_demand",
    "attended",
    "deficit",
    "target",
];

/// The name of a step of the population chain.
pub fn stage_label(key: &str, lang: Lang) -> &'static str {
    match key {
        "reference" => lang.pick("Población de referencia", "Reference population"),
        "real_needs" => lang.pick("Con necesidades reales", "With real needs"),
        "potential_demand" => lang.pick("Demandante potencial", "Potential demand"),
        "effective_demand" => lang.pick("Demandante efectiva", "Effective demand"),
        "attended" => lang.pick("Atendida", "Attended"),
        "deficit" => lang.pick("Carente (déficit)", "Unserved (deficit)"),
        _ => lang.pick("Población objetivo", "Target population"),
    }
}

fn at<'v>(v: &'v Value, path: &[&str]) -> Option<&'v Value> {
    path.iter().try_fold(v, |v, k| v.get(k))
}

fn items<'v>(v: &'v Value, path: &[&str]) -> &'v [Value] {
    at(v, path)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

fn number(v: &Value, key: &str) -> Option<f64> {
    v.get(key).and_then(Value::as_f64).filter(|x| x.is_finite())
}

/// The `projection` of the entry of `list` for `service`, sorted by year.
fn projection(list: &[Value], service: &str) -> Vec<Point> {
    let mut points: Vec<Point> = list
        .iter()
        .filter(|e| e.get("service").and_then(Value::as_str) == Some(service))
        .flat_map(|e| {
            e.get("projection")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
        })
        .filter_map(|p| {
            Some(Point {
                year: p.get("year").and_then(Value::as_i64)?,
                value: number(p, "attentions")?,
            })
        })
        .collect();
    points.sort_by_key(|p| p.year);
    points
}

fn services(study: &Value) -> Vec<ServiceSeries> {
    let demand = items(study, &["formulation", "demand", "services"]);
    let offer = items(study, &["formulation", "offer", "services"]);
    let gap = items(study, &["formulation", "gap"]);
    let catalogue = items(study, &["formulation", "services"]);
    let mut ids: Vec<&str> = Vec::new();
    for e in demand.iter().chain(offer).chain(gap) {
        if let Some(id) = e.get("service").and_then(Value::as_str)
            && !ids.contains(&id)
        {
            ids.push(id);
        }
    }
    ids.into_iter()
        .map(|id| {
            let entry = catalogue
                .iter()
                .find(|s| s.get("id").and_then(Value::as_str) == Some(id));
            let text = |k: &str| entry.and_then(|e| e.get(k)).and_then(Value::as_str);
            ServiceSeries {
                id: id.to_string(),
                name: text("name").unwrap_or(id).to_string(),
                unit: text("unit").map(str::to_string),
                demand: projection(demand, id),
                offer: projection(offer, id),
                gap: projection(gap, id),
            }
        })
        .filter(|s| !(s.demand.is_empty() && s.offer.is_empty() && s.gap.is_empty()))
        .collect()
}

fn funnel(study: &Value) -> Vec<Stage> {
    let Some(population) = at(study, &["formulation", "population"]) else {
        return Vec::new();
    };
    STAGES
        .iter()
        .filter_map(|k| {
            number(population, k)
                .filter(|x| *x >= 0.0)
                .map(|value| Stage { key: k, value })
        })
        .collect()
}

fn land(study: &Value) -> Option<Land> {
    let l = at(study, &["formulation", "requirements", "land"])?;
    let land = Land {
        total: number(l, "total_m2")?,
        construction: number(l, "construction_m2")?,
        expansion: number(l, "expansion_m2")?,
        free: number(l, "free_m2")?,
    };
    (land.total > 0.0).then_some(land)
}

fn flows(study: &Value) -> Vec<Flows> {
    items(study, &["evaluation", "alternatives"])
        .iter()
        .enumerate()
        .filter_map(|(i, a)| {
            let mut years: Vec<FlowYear> = items(a, &["flows"])
                .iter()
                .filter_map(|f| {
                    Some(FlowYear {
                        year: f.get("year").and_then(Value::as_i64)?,
                        without: number(f, "without_project_soles"),
                        with: number(f, "with_project_soles"),
                    })
                })
                .filter(|f| f.without.is_some() || f.with.is_some())
                .collect();
            years.sort_by_key(|f| f.year);
            let alternative = a
                .get("id")
                .and_then(Value::as_str)
                .map_or_else(|| format!("#{}", i + 1), str::to_string);
            (!years.is_empty()).then_some(Flows { alternative, years })
        })
        .collect()
}

/// Reads every chart's figures from the study.
pub fn extract(study: &Value) -> ChartData {
    ChartData {
        services: services(study),
        funnel: funnel(study),
        land: land(study),
        flows: flows(study),
        selected_alternative: at(study, &["evaluation", "selected_alternative"])
            .and_then(Value::as_str)
            .map(str::to_string),
        withheld: Vec::new(),
    }
}

/// The data each chart is drawn from, as JSON Pointers.
pub const SOURCES: &[(&str, &[&str])] = &[
    ("funnel", &["/formulation/population"]),
    ("land", &["/formulation/requirements/land"]),
    (
        "services",
        &[
            "/formulation/services",
            "/formulation/demand/services",
            "/formulation/offer/services",
            "/formulation/gap",
        ],
    ),
    (
        "flows",
        &[
            "/evaluation/alternatives",
            "/evaluation/selected_alternative",
        ],
    ),
];

impl ChartData {
    /// Leaves out each chart whose data a problem of the document concerns
    /// (`concerns(problem, data)`), and records why.
    pub fn withhold(&mut self, problems: &[(&str, &str)], concerns: impl Fn(&str, &str) -> bool) {
        for (chart, sources) in SOURCES {
            let Some((_, code)) = problems
                .iter()
                .find(|(at, _)| !at.is_empty() && sources.iter().any(|s| concerns(at, s)))
            else {
                continue;
            };
            match *chart {
                "funnel" => self.funnel.clear(),
                "land" => self.land = None,
                "services" => self.services.clear(),
                _ => self.flows.clear(),
            }
            self.withheld.push((chart, code.to_string()));
        }
    }

    /// Why a chart has no figure: its data was withheld (with the code), or
    /// there is none.
    pub fn why_none(&self, chart: &str, lang: Lang) -> String {
        match self.withheld.iter().find(|(c, _)| *c == chart) {
            Some((_, code)) => match lang {
                Lang::Es => format!(
                    "sin gráfico: sus datos tienen errores del documento ({code}); vea las observaciones"
                ),
                Lang::En => {
                    format!("no chart: its data has document errors ({code}); see the findings")
                }
            },
            None => super::Words::of(lang).no_data.to_string(),
        }
    }
}

// ----- formatting -----

/// A number as the report shows it: thousands separated by commas, at most
/// two decimals, as Peruvian public documents write them (5,317,980.50).
pub fn fmt_num(x: f64) -> String {
    let rounded = (x * 100.0).round() / 100.0;
    let negative = rounded < 0.0;
    let abs = rounded.abs();
    let whole = abs.trunc();
    let mut digits = format!("{whole:.0}");
    let mut grouped = String::new();
    while digits.len() > 3 {
        let tail = digits.split_off(digits.len() - 3);
        grouped = format!(",{tail}{grouped}");
    }
    grouped = format!("{digits}{grouped}");
    let cents = ((abs - whole) * 100.0).round() as u64;
    if cents > 0 {
        // Money keeps both decimals: 224,600.50, not 224,600.5.
        grouped.push_str(&format!(".{cents:02}"));
    }
    if negative && grouped != "0" {
        grouped.insert(0, '-');
    }
    grouped
}

/// A number as a `data-value` attribute: plain, machine-readable.
pub fn raw(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{}", (x * 10000.0).round() / 10000.0)
    }
}

/// A share (0.3) as a percentage with one decimal ("30.0 %", "30.0%").
pub fn fmt_pct(share: f64, lang: Lang) -> String {
    let p = (share * 1000.0).round() / 10.0;
    match lang {
        Lang::Es => format!("{p:.1} %"),
        Lang::En => format!("{p:.1}%"),
    }
}

/// A character that changes the direction of the text after it (embeddings,
/// overrides, isolates): in a study's text it could make a cell or a message
/// read other than it is ("Trojan Source"), so the report shows U+FFFD.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Escapes text for XML/HTML content and quoted attributes.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // XML admits no other control character, not even as a reference.
            c if (c < ' ' && !matches!(c, '\t' | '\n' | '\r'))
                || matches!(c, '\u{FFFE}' | '\u{FFFF}')
                || is_bidi_control(c) =>
            {
                out.push('\u{FFFD}')
            }
            c => out.push(c),
        }
    }
    out
}

/// A short axis label: 5.3 M, 250 k, 1,200.
fn axis_num(x: f64) -> String {
    let a = x.abs();
    if a >= 1e12 {
        // Beyond what a study holds: short, in powers of ten.
        format!("{x:.1e}")
    } else if a >= 1e9 {
        format!("{} G", fmt_num((x / 1e8).round() / 10.0))
    } else if a >= 1e6 {
        format!("{} M", fmt_num((x / 1e5).round() / 10.0))
    } else if a >= 1e4 {
        format!("{} k", fmt_num((x / 1e2).round() / 10.0))
    } else {
        fmt_num(x)
    }
}

/// Round tick values covering `lo..=hi` (steps of 1, 2 or 5 × 10ⁿ).
fn ticks(lo: f64, hi: f64) -> Vec<f64> {
    let span = (hi - lo).max(1.0);
    let rough = span / 4.0;
    let mag = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= rough)
        .unwrap_or(10.0 * mag);
    let first = (lo / step).floor() * step;
    let mut out = Vec::new();
    let mut t = first;
    // Up to the first tick at or above `hi`, so that nothing is drawn past the top.
    while out.len() < 12 {
        out.push(t);
        if t >= hi - step * 1e-9 {
            break;
        }
        t += step;
    }
    out
}

// ----- SVG -----

const W: f64 = 640.0;
const H: f64 = 280.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 20.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 52.0;

const BLUE: &str = "#1f5fa8";
const GREEN: &str = "#2e7d32";
const ORANGE: &str = "#c2571a";
const GREY: &str = "#8a94a0";

fn svg_open(w: f64, h: f64, class: &str, title: &str) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart {class}\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-label=\"{t}\" font-family=\"sans-serif\" font-size=\"11\"><title>{t}</title>",
        t = esc(title)
    )
}

/// A plot area: maps years and values to coordinates.
struct Frame {
    x0: i64,
    x1: i64,
    lo: f64,
    hi: f64,
}

impl Frame {
    fn x(&self, year: f64) -> f64 {
        let span = (self.x1 - self.x0).max(1) as f64;
        LEFT + (year - self.x0 as f64) / span * (W - LEFT - RIGHT)
    }

    fn y(&self, v: f64) -> f64 {
        TOP + (self.hi - v) / (self.hi - self.lo) * (H - TOP - BOTTOM)
    }

    /// Horizontal grid lines with their value labels, the zero line darker.
    fn grid(&self, label: &dyn Fn(f64) -> String, out: &mut String) {
        for t in ticks(self.lo, self.hi) {
            let y = self.y(t);
            let stroke = if t == 0.0 { "#555" } else { "#ddd" };
            out.push_str(&format!(
                "<line x1=\"{LEFT}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"{stroke}\"/><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#444\">{}</text>",
                W - RIGHT,
                LEFT - 6.0,
                y + 4.0,
                esc(&label(t))
            ));
        }
    }

    /// Grid lines and value labels, the zero line darker, year labels below.
    fn axes(&self, years: &[i64], lang: Lang, out: &mut String) {
        self.grid(&axis_num, out);
        for year in years {
            out.push_str(&format!(
                "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#444\">{year}</text>",
                self.x(*year as f64),
                H - BOTTOM + 16.0
            ));
        }
        out.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#444\">{}</text>",
            (LEFT + W - RIGHT) / 2.0,
            H - BOTTOM + 30.0,
            lang.pick("año", "year")
        ));
    }
}

fn frame(series: &[&[Point]], zero: bool) -> Option<Frame> {
    let all = || series.iter().flat_map(|s| s.iter());
    let x0 = all().map(|p| p.year).min()?;
    let x1 = all().map(|p| p.year).max()?;
    let mut lo = all().map(|p| p.value).fold(f64::INFINITY, f64::min);
    let mut hi = all().map(|p| p.value).fold(f64::NEG_INFINITY, f64::max);
    if zero {
        lo = lo.min(0.0);
        hi = hi.max(0.0);
    }
    let t = ticks(lo, hi);
    let (lo, hi) = (
        t.first().copied().unwrap_or(lo).min(lo),
        t.last().copied().unwrap_or(hi).max(hi),
    );
    let hi = if hi <= lo { lo + 1.0 } else { hi };
    Some(Frame { x0, x1, lo, hi })
}

fn legend(entries: &[(&str, &str, bool)], y: f64, out: &mut String) {
    let mut x = LEFT;
    for (label, color, dashed) in entries {
        let dash = if *dashed {
            " stroke-dasharray=\"5 3\""
        } else {
            ""
        };
        out.push_str(&format!(
            "<line x1=\"{x:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"{color}\" stroke-width=\"2.5\"{dash}/><text x=\"{:.1}\" y=\"{:.1}\" fill=\"#222\">{}</text>",
            y - 4.0,
            x + 22.0,
            y - 4.0,
            x + 27.0,
            y,
            esc(label)
        ));
        x += 32.0 + label.chars().count() as f64 * 6.2;
    }
}

#[allow(clippy::too_many_arguments)]
fn polyline(
    f: &Frame,
    points: &[Point],
    series: &str,
    label: &str,
    lang: Lang,
    color: &str,
    dashed: bool,
    out: &mut String,
) {
    if points.is_empty() {
        return;
    }
    let coords: Vec<String> = points
        .iter()
        .map(|p| format!("{:.1},{:.1}", f.x(p.year as f64), f.y(p.value)))
        .collect();
    let dash = if dashed {
        " stroke-dasharray=\"5 3\""
    } else {
        ""
    };
    out.push_str(&format!(
        "<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"2\"{dash} points=\"{}\"/>",
        coords.join(" ")
    ));
    for p in points {
        out.push_str(&format!(
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"2.8\" fill=\"{color}\" data-series=\"{series}\" data-year=\"{}\" data-value=\"{}\"><title>{label}, {} {}: {}</title></circle>",
            f.x(p.year as f64),
            f.y(p.value),
            p.year,
            raw(p.value),
            lang.pick("año", "year"),
            p.year,
            fmt_num(p.value)
        ));
    }
    // The last value, written at the end of the line.
    if let Some(last) = points.last() {
        out.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"{color}\" font-weight=\"bold\" data-series=\"{series}\" data-year=\"{}\" data-value=\"{}\">{}</text>",
            f.x(last.year as f64) - 4.0,
            f.y(last.value) - 6.0,
            last.year,
            raw(last.value),
            fmt_num(last.value)
        ));
    }
}

/// Demand, optimised offer and gap of one service over the horizon.
pub fn service_svg(s: &ServiceSeries, lang: Lang) -> Option<String> {
    let f = frame(&[&s.demand, &s.offer, &s.gap], true)?;
    let years = s.years();
    let mut out = svg_open(W, H, "service", &s.name);
    f.axes(&years, lang, &mut out);
    let [demand, offer, gap] = ServiceSeries::labels(lang);
    polyline(&f, &s.demand, "demand", demand, lang, BLUE, false, &mut out);
    polyline(&f, &s.offer, "offer", offer, lang, GREEN, false, &mut out);
    polyline(&f, &s.gap, "gap", gap, lang, ORANGE, true, &mut out);
    legend(
        &[
            (demand, BLUE, false),
            (offer, GREEN, false),
            (gap, ORANGE, true),
        ],
        H - 6.0,
        &mut out,
    );
    out.push_str("</svg>");
    Some(out)
}

/// The population chain as a funnel, each step a bar as wide as its share
/// of the largest, with its name and figure.
pub fn funnel_svg(stages: &[Stage], lang: Lang) -> Option<String> {
    let max = stages.iter().map(|s| s.value).fold(0.0, f64::max);
    if stages.is_empty() || max <= 0.0 {
        return None;
    }
    let (row, label_w, bar_w, w) = (34.0, 190.0, 360.0, 660.0);
    let h = row * stages.len() as f64 + 8.0;
    let mut out = svg_open(
        w,
        h,
        "funnel",
        lang.pick("Cadena de población", "Population chain"),
    );
    let center = label_w + 10.0 + bar_w / 2.0;
    for (i, s) in stages.iter().enumerate() {
        let y = 4.0 + i as f64 * row;
        let width = (s.value / max * bar_w).max(2.0);
        let share = s.value / max;
        out.push_str(&format!(
            "<text x=\"{label_w}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#222\">{}</text>",
            y + row / 2.0 + 2.0,
            esc(stage_label(s.key, lang))
        ));
        out.push_str(&format!(
            "<rect x=\"{:.1}\" y=\"{y:.1}\" width=\"{width:.1}\" height=\"{:.1}\" rx=\"3\" fill=\"{BLUE}\" fill-opacity=\"{:.2}\" data-stage=\"{}\" data-value=\"{}\"><title>{}: {}</title></rect>",
            center - width / 2.0,
            row - 8.0,
            0.35 + 0.65 * share,
            s.key,
            raw(s.value),
            esc(stage_label(s.key, lang)),
            fmt_num(s.value)
        ));
        out.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" fill=\"#222\" font-weight=\"bold\" data-stage=\"{}\" data-value=\"{}\">{}</text><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#666\">{}</text>",
            label_w + bar_w + 24.0,
            y + row / 2.0 + 2.0,
            s.key,
            raw(s.value),
            fmt_num(s.value),
            w - 4.0,
            y + row / 2.0 + 2.0,
            fmt_pct(share, lang)
        ));
    }
    out.push_str("</svg>");
    Some(out)
}

/// The land split against the reference: two stacked bars (the study's and
/// the guide's) and a legend with areas and shares.
pub fn land_svg(land: &Land, reference: &LandReference, lang: Lang) -> String {
    let (w, bar_x, bar_w) = (660.0, 130.0, 510.0);
    let parts = [
        (
            "construction",
            lang.pick("Construcción", "Construction"),
            land.construction,
            reference.construction_max,
            "#b5473f",
            "≤",
        ),
        (
            "expansion",
            lang.pick("Futuras ampliaciones", "Future expansion"),
            land.expansion,
            reference.expansion_min,
            "#e0a526",
            "≥",
        ),
        (
            "free",
            lang.pick("Áreas libres", "Free areas"),
            land.free,
            reference.free_min,
            "#5b9a45",
            "≥",
        ),
    ];
    let mut out = svg_open(
        w,
        170.0,
        "land",
        lang.pick("Distribución del terreno", "Land split"),
    );
    let rows = [
        (lang.pick("Estudio", "Study"), 10.0, true),
        (lang.pick("Referencia", "Reference"), 50.0, false),
    ];
    // The study's parts may add up to more than its land (or the land be 0):
    // both bars are then drawn on the scale that fits the longer one.
    let study_share = |m2: f64| {
        let share = m2 / land.total;
        if share.is_finite() {
            share.max(0.0)
        } else {
            0.0
        }
    };
    let sum: f64 = parts.iter().map(|p| study_share(p.2)).sum();
    let scale = bar_w / sum.max(1.0);
    for (label, y, study) in rows {
        out.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#222\">{}</text>",
            bar_x - 8.0,
            y + 19.0,
            esc(label)
        ));
        let mut x = bar_x;
        for (key, name, m2, share_ref, color, _) in &parts {
            let share = if study { m2 / land.total } else { *share_ref };
            let width = if study {
                study_share(*m2)
            } else {
                share.max(0.0)
            } * scale;
            let data = if study {
                format!(
                    " data-part=\"{key}\" data-m2=\"{}\" data-value=\"{}\"",
                    raw(*m2),
                    raw((share * 1000.0).round() / 10.0)
                )
            } else {
                format!(
                    " data-reference=\"{key}\" data-value=\"{}\"",
                    raw(share_ref * 100.0)
                )
            };
            out.push_str(&format!(
                "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{width:.1}\" height=\"28\" fill=\"{color}\" stroke=\"#fff\"{data}><title>{}: {}</title></rect>",
                esc(name),
                fmt_pct(share, lang)
            ));
            if width >= 44.0 {
                out.push_str(&format!(
                    "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#fff\" font-weight=\"bold\">{}</text>",
                    x + width / 2.0,
                    y + 18.0,
                    fmt_pct(share, lang)
                ));
            }
            x += width;
        }
    }
    for (i, (_, name, m2, share_ref, color, op)) in parts.iter().enumerate() {
        let y = 104.0 + i as f64 * 20.0;
        out.push_str(&format!(
            "<rect x=\"{bar_x}\" y=\"{:.1}\" width=\"12\" height=\"12\" fill=\"{color}\"/><text x=\"{:.1}\" y=\"{y:.1}\" fill=\"#222\">{}: {} m² = {} ({} {op} {})</text>",
            y - 10.0,
            bar_x + 18.0,
            esc(name),
            fmt_num(*m2),
            fmt_pct(m2 / land.total, lang),
            lang.pick("referencia", "reference"),
            fmt_pct(*share_ref, lang)
        ));
    }
    out.push_str(&format!(
        "<text x=\"{bar_x}\" y=\"166\" fill=\"#444\" data-total=\"{}\">{}: {} m²</text></svg>",
        raw(land.total),
        lang.pick("Terreno total", "Total land"),
        fmt_num(land.total)
    ));
    out
}

/// Costs with and without the project, year by year, as paired bars.
pub fn flows_svg(flows: &Flows, lang: Lang) -> Option<String> {
    let pts = |f: fn(&FlowYear) -> Option<f64>| -> Vec<Point> {
        flows
            .years
            .iter()
            .filter_map(|y| {
                f(y).map(|value| Point {
                    year: y.year,
                    value,
                })
            })
            .collect()
    };
    let (without, with) = (pts(|y| y.without), pts(|y| y.with));
    let fr = frame(&[&without, &with], true)?;
    let years: Vec<i64> = flows.years.iter().map(|y| y.year).collect();
    let title = format!(
        "{} {}",
        lang.pick("Flujo de costos", "Cost flows"),
        flows.alternative
    );
    let mut out = svg_open(W, H, "flows", &title);
    let n = (fr.x1 - fr.x0 + 1).max(1) as f64;
    let group = (W - LEFT - RIGHT) / n;
    // Bars are centred on each year's group.
    let plot = |fr: &Frame, year: i64| -> f64 { LEFT + ((year - fr.x0) as f64 + 0.5) * group };
    grid_for_bars(&fr, &years, lang, &plot, &mut out);
    let bar = (group * 0.36).min(18.0);
    let labels = [
        lang.pick("Sin proyecto", "Without project"),
        lang.pick("Con proyecto", "With project"),
    ];
    for (series, label, points, color, dx) in [
        ("without", labels[0], &without, GREY, -bar),
        ("with", labels[1], &with, BLUE, 0.0),
    ] {
        for p in points {
            let (y0, y1) = (fr.y(0.0), fr.y(p.value));
            out.push_str(&format!(
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{bar:.1}\" height=\"{:.1}\" fill=\"{color}\" data-series=\"{series}\" data-year=\"{}\" data-value=\"{}\"><title>{label}, {} {}: S/ {}</title></rect>",
                plot(&fr, p.year) + dx,
                y0.min(y1),
                (y0 - y1).abs(),
                p.year,
                raw(p.value),
                lang.pick("año", "year"),
                p.year,
                fmt_num(p.value)
            ));
        }
    }
    legend(
        &[(labels[0], GREY, false), (labels[1], BLUE, false)],
        H - 6.0,
        &mut out,
    );
    out.push_str("</svg>");
    Some(out)
}

fn grid_for_bars(
    fr: &Frame,
    years: &[i64],
    lang: Lang,
    plot: &dyn Fn(&Frame, i64) -> f64,
    out: &mut String,
) {
    fr.grid(&|t| format!("S/ {}", axis_num(t)), out);
    for year in years {
        out.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#444\">{year}</text>",
            plot(fr, *year),
            H - BOTTOM + 16.0
        ));
    }
    out.push_str(&format!(
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#444\">{}</text>",
        (LEFT + W - RIGHT) / 2.0,
        H - BOTTOM + 30.0,
        lang.pick("año (0 = inversión)", "year (0 = investment)")
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_read_as_peruvian_documents_write_them() {
        assert_eq!(fmt_num(5317980.0), "5,317,980");
        assert_eq!(fmt_num(-1234.5), "-1,234.50");
        assert_eq!(fmt_num(224600.25), "224,600.25");
        assert_eq!(esc("a\u{202E}b\u{2066}c"), "a\u{FFFD}b\u{FFFD}c");
        assert_eq!(fmt_num(0.004), "0");
        assert_eq!(fmt_num(999.0), "999");
        assert_eq!(fmt_pct(0.3, Lang::Es), "30.0 %");
        assert_eq!(raw(116.19), "116.19");
        assert_eq!(esc("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
    }

    #[test]
    fn odd_studies_give_no_chart_and_no_panic() {
        for study in [
            json!(null),
            json!({"formulation": {"population": {"reference": "x"}, "requirements": {"land": {"total_m2": 0, "construction_m2": 1, "expansion_m2": 1, "free_m2": 1}}}}),
            json!({"formulation": {"demand": {"services": [{"service": "a", "projection": [{"year": "1"}]}]}, "gap": 3}}),
            json!({"evaluation": {"alternatives": [{"flows": [{"year": 0}]}]}}),
        ] {
            let d = extract(&study);
            assert!(
                d.services.is_empty()
                    && d.funnel.is_empty()
                    && d.land.is_none()
                    && d.flows.is_empty(),
                "{study}"
            );
            assert!(funnel_svg(&d.funnel, Lang::Es).is_none());
        }
        // One point, all zero: a chart all the same.
        let s = ServiceSeries {
            id: "a".into(),
            name: "A & <b>".into(),
            unit: None,
            demand: vec![Point {
                year: 1,
                value: 0.0,
            }],
            offer: vec![],
            gap: vec![],
        };
        let svg = service_svg(&s, Lang::En).unwrap_or_default();
        assert!(svg.contains("A &amp; &lt;b&gt;") && !svg.contains("NaN") && !svg.contains("inf"));
    }

    #[test]
    fn ticks_are_round_and_cover_the_range() {
        assert_eq!(ticks(0.0, 9884.0), [0.0, 5000.0, 10000.0]);
        let t = ticks(-120.0, 2700.0);
        assert!(t[0] <= -120.0 && *t.last().unwrap_or(&0.0) >= 2700.0);
    }
}
