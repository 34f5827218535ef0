//! One self-contained HTML file: summary, per-framework compliance, findings by severity
//! with remediation, and client-side filters. No external asset of any kind (styles and
//! the small filter script are inline), so it opens from disk, offline, or as an e-mail
//! attachment.
//!
//! Every piece of report text goes through [`escape`]: resource ids, tags, reasons and
//! evidence come from the cloud account, where anyone who can name a resource chooses
//! them. Links are made only of `http(s)` references; the script reads data attributes and
//! sets `hidden` and `textContent`, never markup. A Content-Security-Policy forbids every
//! fetch, so even a slip cannot load or send anything.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;

use meerkat_model::Severity;

use super::{
    rfc3339, service_of, standard_name, ControlSummary, FrameworkSummary, Report, ResultRow, RowState, SEVERITIES,
};

/// `text` with `& < > " '` replaced by entities: safe in element content and in quoted
/// attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Writes the report as one HTML document.
pub fn render(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    out.write_all(document(report).as_bytes())
}

/// The whole document.
pub fn document(report: &Report) -> String {
    let mut html = String::with_capacity(64 * 1024 + report.results.len() * 2048);
    let title = format!(
        "Meerkat posture report: {}",
        if report.accounts.is_empty() { "no account".to_string() } else { report.accounts.join(", ") }
    );
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\">\n\
         <meta name=\"generator\" content=\"Meerkat {}\">\n<title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n",
        escape(&report.tool_version),
        escape(&title)
    );
    header(&mut html, report, &title);
    html.push_str("<main>\n");
    compliance(&mut html, report);
    findings(&mut html, report);
    html.push_str("</main>\n");
    let _ = writeln!(
        html,
        "<footer>Meerkat {} &middot; generated {} &middot; one file, no external assets</footer>",
        escape(&report.tool_version),
        escape(&rfc3339(&report.generated_at))
    );
    let _ = write!(html, "<script>\n{SCRIPT}</script>\n</body>\n</html>\n");
    html
}

fn header(html: &mut String, report: &Report, title: &str) {
    let _ = write!(html, "<header>\n<h1>{}</h1>\n<dl class=\"meta\">\n", escape(title));
    let list = |items: &[String]| if items.is_empty() { "none".to_string() } else { escape(&items.join(", ")) };
    let _ = write!(
        html,
        "<dt>Generated</dt><dd><time>{}</time></dd>\n<dt>Accounts</dt><dd>{}</dd>\n<dt>Regions</dt><dd>{}</dd>\n<dt>Meerkat</dt><dd>{}</dd>\n</dl>\n",
        escape(&rfc3339(&report.generated_at)),
        list(&report.accounts),
        list(&report.regions),
        escape(&report.tool_version)
    );

    // Totals by status, then a severity × status matrix.
    let mut by_state: BTreeMap<RowState, usize> = BTreeMap::new();
    let mut matrix: BTreeMap<(Severity, RowState), usize> = BTreeMap::new();
    for row in &report.results {
        *by_state.entry(row.state()).or_default() += 1;
        *matrix.entry((row.severity, row.state())).or_default() += 1;
    }
    const STATES: [RowState; 4] = [RowState::Fail, RowState::Muted, RowState::NotAssessed, RowState::Pass];
    html.push_str("<div class=\"cards\">\n");
    for state in STATES {
        let _ = writeln!(
            html,
            "<div class=\"card st-{}\"><span class=\"n\">{}</span> {}</div>",
            state.token(),
            by_state.get(&state).copied().unwrap_or(0),
            state.label()
        );
    }
    html.push_str("</div>\n<table class=\"matrix\">\n<thead><tr><th>Severity</th>");
    for state in STATES {
        let _ = write!(html, "<th>{}</th>", state.label());
    }
    html.push_str("<th>Total</th></tr></thead>\n<tbody>\n");
    for severity in SEVERITIES {
        let _ = write!(html, "<tr><th><span class=\"badge sev-{severity}\">{}</span></th>", severity_label(severity));
        let mut total = 0;
        for state in STATES {
            let n = matrix.get(&(severity, state)).copied().unwrap_or(0);
            total += n;
            let _ = write!(html, "<td>{n}</td>");
        }
        let _ = writeln!(html, "<td>{total}</td></tr>");
    }
    let _ = writeln!(html, "</tbody>\n</table>\n<nav><a href=\"#compliance\">Compliance</a> &middot; <a href=\"#findings\">Findings</a></nav>\n</header>");
}

fn compliance(html: &mut String, report: &Report) {
    html.push_str("<section id=\"compliance\">\n<h2>Compliance</h2>\n");
    if report.frameworks.is_empty() {
        html.push_str("<p class=\"empty\">No framework selected.</p>\n");
    }
    for framework in &report.frameworks {
        framework_section(html, framework);
    }
    html.push_str("</section>\n");
}

/// What a control's verdicts add up to.
fn control_outcome(control: &ControlSummary) -> (&'static str, &'static str) {
    if control.checks.is_empty() {
        return if control.assessment.eq_ignore_ascii_case("manual") {
            ("manual", "Manual")
        } else {
            ("none", "No checks")
        };
    }
    if control.failed > 0 {
        ("fail", "Fail")
    } else if control.not_assessed > 0 {
        ("not_assessed", "Not assessed")
    } else if control.muted > 0 {
        ("muted", "Muted")
    } else if control.passed > 0 {
        ("pass", "Pass")
    } else {
        ("none", "No resources")
    }
}

fn framework_section(html: &mut String, framework: &FrameworkSummary) {
    let mut outcomes: BTreeMap<&str, usize> = BTreeMap::new();
    for control in &framework.controls {
        *outcomes.entry(control_outcome(control).1).or_default() += 1;
    }
    let totals: Vec<String> = ["Pass", "Fail", "Muted", "Not assessed", "No resources", "Manual", "No checks"]
        .iter()
        .filter_map(|k| outcomes.get(k).map(|n| format!("{n} {}", k.to_lowercase())))
        .collect();
    let _ = write!(
        html,
        "<details class=\"framework\" open>\n<summary><h3>{}</h3> <span class=\"totals\">{} controls: {}</span></summary>\n",
        escape(&standard_name(framework)),
        framework.controls.len(),
        totals.iter().map(|t| escape(t)).collect::<Vec<_>>().join(" &middot; ")
    );
    if let Some(link) = link(&framework.url) {
        let _ = writeln!(html, "<p class=\"source\">{link}</p>");
    }

    // Sections in the order the framework lists them.
    let mut sections: Vec<(&str, Vec<&ControlSummary>)> = Vec::new();
    for control in &framework.controls {
        match sections.iter_mut().find(|(s, _)| *s == control.section) {
            Some((_, controls)) => controls.push(control),
            None => sections.push((&control.section, vec![control])),
        }
    }
    for (section, controls) in sections {
        let failing = controls.iter().filter(|c| control_outcome(c).0 == "fail").count();
        let passing = controls.iter().filter(|c| control_outcome(c).0 == "pass").count();
        let _ = write!(
            html,
            "<table class=\"controls\">\n<caption>{} <span class=\"totals\">{passing} passing, {failing} failing of {}</span></caption>\n\
             <thead><tr><th>Control</th><th>Title</th><th>Status</th><th>Checks</th><th>Pass</th><th>Fail</th><th>Muted</th><th>Not assessed</th><th class=\"barcol\">Verdicts</th></tr></thead>\n<tbody>\n",
            escape(if section.is_empty() { "Other" } else { section }),
            controls.len()
        );
        for control in controls {
            let (token, label) = control_outcome(control);
            let _ = writeln!(
                html,
                "<tr class=\"ctl-{token}\"><td>{}</td><td>{}</td><td><span class=\"badge st-{token}\">{label}</span></td><td title=\"{}\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&control.id),
                escape(&control.title),
                escape(&control.checks.join(", ")),
                control.checks.len(),
                control.passed,
                control.failed,
                control.muted,
                control.not_assessed,
                bar(control)
            );
        }
        html.push_str("</tbody>\n</table>\n");
    }
    html.push_str("</details>\n");
}

/// A stacked bar of the control's verdicts.
fn bar(control: &ControlSummary) -> String {
    let total = control.passed + control.failed + control.muted + control.not_assessed;
    if total == 0 {
        return "<div class=\"bar empty\"></div>".to_string();
    }
    let mut bar = String::from("<div class=\"bar\">");
    for (class, n) in [
        ("pass", control.passed),
        ("fail", control.failed),
        ("muted", control.muted),
        ("not_assessed", control.not_assessed),
    ] {
        if n > 0 {
            let _ = write!(
                bar,
                "<span class=\"b-{class}\" style=\"width:{:.1}%\" title=\"{n}\"></span>",
                n as f64 * 100.0 / total as f64
            );
        }
    }
    bar.push_str("</div>");
    bar
}

fn findings(html: &mut String, report: &Report) {
    html.push_str("<section id=\"findings\">\n<h2>Findings</h2>\n");
    filters(html, report);
    for severity in SEVERITIES {
        let mut rows: Vec<&ResultRow> = report.results.iter().filter(|r| r.severity == severity).collect();
        if rows.is_empty() {
            continue;
        }
        rows.sort_by_key(|r| r.state());
        let _ = writeln!(
            html,
            "<section class=\"sev-group\" data-severity=\"{severity}\">\n<h3><span class=\"badge sev-{severity}\">{}</span> <span class=\"count\">{} results</span></h3>",
            severity_label(severity),
            rows.len()
        );
        for row in rows {
            finding(html, row);
        }
        html.push_str("</section>\n");
    }
    html.push_str("<p id=\"none\" class=\"empty\" hidden>No result matches the filters.</p>\n</section>\n");
}

fn filters(html: &mut String, report: &Report) {
    html.push_str("<form id=\"filters\" class=\"filters\">\n<label>Severity <select name=\"severity\"><option value=\"\">All</option>");
    for severity in SEVERITIES {
        let _ = write!(html, "<option value=\"{severity}\">{}</option>", severity_label(severity));
    }
    html.push_str("</select></label>\n<label>Status <select name=\"status\"><option value=\"\">All</option>");
    for state in [RowState::Fail, RowState::Muted, RowState::NotAssessed, RowState::Pass] {
        let _ = write!(html, "<option value=\"{}\">{}</option>", state.token(), state.label());
    }
    html.push_str("</select></label>\n<label>Resource <select name=\"type\"><option value=\"\">All</option>");
    let mut services: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for row in &report.results {
        let types = services.entry(service_of(&row.resource_type)).or_default();
        if !types.contains(&row.resource_type.as_str()) {
            types.push(&row.resource_type);
        }
    }
    for (service, mut types) in services {
        types.sort_unstable();
        let service = escape(service);
        let _ = write!(html, "<optgroup label=\"{service}\"><option value=\"svc:{service}\">All {service}</option>");
        for resource_type in types {
            let resource_type = escape(resource_type);
            let _ = write!(html, "<option value=\"type:{resource_type}\">{resource_type}</option>");
        }
        html.push_str("</optgroup>");
    }
    html.push_str(
        "</select></label>\n<label>Search <input name=\"q\" type=\"search\" placeholder=\"check, resource, tag, reason\" autocomplete=\"off\"></label>\n\
         <output id=\"shown\"></output>\n</form>\n",
    );
}

fn finding(html: &mut String, row: &ResultRow) {
    let state = row.state();
    let mut text = vec![
        row.check_id.as_str(),
        &row.title,
        &row.resource_type,
        &row.resource_id,
        row.arn.as_deref().unwrap_or(""),
        &row.region,
        &row.account_id,
    ];
    text.extend(row.reasons.iter().map(String::as_str));
    let tags: Vec<String> = row.tags.iter().map(|(k, v)| format!("{k}={v}")).collect();
    text.extend(tags.iter().map(String::as_str));
    let controls = row.framework_controls();
    text.extend(controls.iter().map(String::as_str));
    if let Some(reason) = &row.muted {
        text.push(reason);
    }
    let attributes = format!(
        "class=\"finding st-{token}\" data-severity=\"{}\" data-status=\"{token}\" data-service=\"{}\" data-type=\"{}\" data-text=\"{}\"",
        row.severity,
        escape(service_of(&row.resource_type)),
        escape(&row.resource_type),
        escape(&text.join(" ").to_lowercase()),
        token = state.token(),
    );
    let summary = format!(
        "<span class=\"badge sev-{}\">{}</span> <span class=\"badge st-{}\">{}</span> <span class=\"title\">{}</span> <code class=\"res\">{}</code> <span class=\"where\">{} &middot; {}</span>",
        row.severity,
        severity_label(row.severity),
        state.token(),
        state.label(),
        escape(&row.title),
        escape(&row.resource_id),
        escape(&row.account_id),
        escape(&row.region)
    );
    if state == RowState::Pass {
        // Passes are many and need no detail: one line each keeps big reports light.
        let _ = writeln!(html, "<div {attributes}><div class=\"line\">{summary}</div></div>");
        return;
    }
    let _ = write!(html, "<details {attributes}>\n<summary>{summary}</summary>\n<div class=\"body\">\n");
    if !row.description.trim().is_empty() {
        let _ = writeln!(html, "<p class=\"desc\">{}</p>", escape(&row.description));
    }
    html.push_str("<dl class=\"kv\">\n");
    let mut kv = |key: &str, value: String| {
        let _ = writeln!(html, "<dt>{key}</dt><dd>{value}</dd>");
    };
    kv("Check", format!("<code>{}</code>", escape(&row.check_id)));
    kv("Resource", format!("<code>{}</code> ({})", escape(&row.resource_id), escape(&row.resource_type)));
    if let Some(arn) = &row.arn {
        kv("ARN", format!("<code>{}</code>", escape(arn)));
    }
    kv("Account / region", format!("{} / {}", escape(&row.account_id), escape(&row.region)));
    if !row.tags.is_empty() {
        kv(
            "Tags",
            row.tags
                .iter()
                .map(|(k, v)| format!("<code>{}={}</code>", escape(k), escape(v)))
                .collect::<Vec<_>>()
                .join(" "),
        );
    }
    if !controls.is_empty() {
        kv("Frameworks", escape(&controls.join(", ")));
    }
    if let Some(reason) = &row.muted {
        kv("Muted", escape(reason));
    }
    if let Some(first_seen) = &row.first_seen {
        kv("First seen", escape(&rfc3339(first_seen)));
    }
    kv("Last seen", escape(&rfc3339(&row.last_seen)));
    kv("Finding", format!("<code>{}</code>", escape(&row.finding_id)));
    html.push_str("</dl>\n");

    if !row.reasons.is_empty() {
        html.push_str(if state == RowState::NotAssessed {
            "<h4>Why not assessed</h4>\n<ul>\n"
        } else {
            "<h4>Why</h4>\n<ul>\n"
        });
        for reason in &row.reasons {
            let _ = writeln!(html, "<li>{}</li>", escape(reason));
        }
        html.push_str("</ul>\n");
    }
    if !row.evidence.is_empty() {
        html.push_str("<h4>Evidence</h4>\n");
        for evidence in &row.evidence {
            let text = serde_json::to_string_pretty(evidence).unwrap_or_else(|_| evidence.to_string());
            let _ = writeln!(html, "<pre class=\"evidence\">{}</pre>", escape(&text));
        }
    }
    let remediation = [
        ("Console", &row.remediation.console),
        ("AWS CLI", &row.remediation.cli),
        ("Terraform", &row.remediation.terraform),
    ];
    if remediation.iter().any(|(_, text)| !text.trim().is_empty()) {
        html.push_str("<h4>Remediation</h4>\n");
        for (label, text) in remediation {
            if !text.trim().is_empty() {
                let _ = writeln!(
                    html,
                    "<details class=\"fix\"><summary>{label}</summary><pre>{}</pre></details>",
                    escape(text.trim())
                );
            }
        }
    }
    if !row.references.is_empty() {
        html.push_str("<h4>References</h4>\n<ul class=\"refs\">\n");
        for reference in &row.references {
            let _ = writeln!(html, "<li>{}</li>", link(reference).unwrap_or_else(|| escape(reference)));
        }
        html.push_str("</ul>\n");
    }
    html.push_str("</div>\n</details>\n");
}

/// An anchor to `url` when it is an `http(s)` address; `None` for anything else (a
/// `javascript:` reference must never become a link).
fn link(url: &str) -> Option<String> {
    let lower = url.trim_start().to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://")) {
        return None;
    }
    let url = escape(url.trim());
    Some(format!("<a href=\"{url}\" rel=\"noopener noreferrer\">{url}</a>"))
}

fn severity_label(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "Critical",
        Severity::High => "High",
        Severity::Medium => "Medium",
        Severity::Low => "Low",
        Severity::Informational => "Informational",
    }
}

const STYLE: &str = r#":root{--fg:#1d2329;--muted:#5f6b76;--bg:#fff;--panel:#f5f7f9;--line:#dde3e8;
--critical:#7a0916;--high:#c62828;--medium:#e46c0a;--low:#b8860b;--informational:#546e7a;
--pass:#2e7d32;--fail:#c62828;--muted-st:#78909c;--na:#8e24aa}
*{box-sizing:border-box}
[hidden]{display:none!important}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
header,main,footer{max-width:1200px;margin:0 auto;padding:16px 24px}
h1{font-size:22px;margin:8px 0}h2{font-size:18px;border-bottom:2px solid var(--line);padding-bottom:4px;margin-top:32px}
h3{font-size:16px;margin:0;display:inline}h4{font-size:13px;margin:14px 0 4px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
code,pre{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
pre{background:var(--panel);border:1px solid var(--line);padding:8px;overflow:auto;white-space:pre-wrap;word-break:break-word;margin:4px 0}
.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:8px 0}.meta dt{color:var(--muted)}.meta dd{margin:0}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin:12px 0}
.card{border:1px solid var(--line);border-left-width:6px;border-radius:4px;padding:8px 14px;min-width:140px;background:var(--panel)}
.card .n{font-size:22px;font-weight:600;display:block}
.card.st-fail{border-left-color:var(--fail)}.card.st-muted{border-left-color:var(--muted-st)}.card.st-not_assessed{border-left-color:var(--na)}.card.st-pass{border-left-color:var(--pass)}
table{border-collapse:collapse;margin:8px 0;width:100%}th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
.matrix{width:auto}.matrix td{text-align:right}
caption{text-align:left;font-weight:600;padding:10px 0 4px}.totals{color:var(--muted);font-weight:400;font-size:13px}
.badge{display:inline-block;border-radius:3px;padding:0 6px;font-size:12px;font-weight:600;color:#fff;white-space:nowrap}
.sev-critical{background:var(--critical)}.sev-high{background:var(--high)}.sev-medium{background:var(--medium)}.sev-low{background:var(--low)}.sev-informational{background:var(--informational)}
.badge.st-fail{background:var(--fail)}.badge.st-muted{background:var(--muted-st)}.badge.st-not_assessed{background:var(--na)}.badge.st-pass{background:var(--pass)}
.badge.st-manual,.badge.st-none{background:var(--panel);color:var(--muted);border:1px solid var(--line)}
.bar{display:flex;height:10px;min-width:120px;background:var(--panel);border:1px solid var(--line);border-radius:2px;overflow:hidden}
.bar span{display:block;height:100%}.b-pass{background:var(--pass)}.b-fail{background:var(--fail)}.b-muted{background:var(--muted-st)}.b-not_assessed{background:var(--na)}
.barcol{width:160px}
.framework{margin:12px 0;border:1px solid var(--line);border-radius:4px;padding:8px 12px}
.framework>summary{cursor:pointer}.source{margin:4px 0;font-size:12px}
.filters{position:sticky;top:0;z-index:1;background:var(--bg);display:flex;gap:12px;flex-wrap:wrap;align-items:center;padding:8px 0;border-bottom:1px solid var(--line)}
.filters input{min-width:240px}#shown{color:var(--muted)}
.sev-group{margin:16px 0}.count{color:var(--muted);font-size:13px;font-weight:400}
.finding{border:1px solid var(--line);border-left-width:4px;border-radius:3px;margin:6px 0;background:var(--bg)}
.finding.st-fail{border-left-color:var(--fail)}.finding.st-muted{border-left-color:var(--muted-st)}.finding.st-not_assessed{border-left-color:var(--na)}.finding.st-pass{border-left-color:var(--pass)}
.finding>summary,.finding .line{padding:6px 10px;cursor:pointer}.finding .line{cursor:default}
.finding .title{font-weight:600}.finding .where{color:var(--muted);font-size:12px}.res{word-break:break-all}
.finding .body{padding:0 12px 12px;border-top:1px solid var(--line)}
.kv{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px}.kv dt{color:var(--muted)}.kv dd{margin:0;word-break:break-word}
.fix>summary{cursor:pointer;font-weight:600;margin:4px 0}
.empty{color:var(--muted)}
footer{color:var(--muted);font-size:12px;border-top:1px solid var(--line);margin-top:32px}
@media print{.filters{display:none}.finding,.framework{break-inside:avoid}}
"#;

const SCRIPT: &str = r#"(function () {
  "use strict";
  var form = document.getElementById("filters");
  var items = document.querySelectorAll(".finding");
  var groups = document.querySelectorAll(".sev-group");
  var shown = document.getElementById("shown");
  var none = document.getElementById("none");
  function matches(d, severity, status, type, text) {
    if (severity && d.severity !== severity) return false;
    if (status && d.status !== status) return false;
    if (type.indexOf("svc:") === 0 && d.service !== type.slice(4)) return false;
    if (type.indexOf("type:") === 0 && d.type !== type.slice(5)) return false;
    return !text || d.text.indexOf(text) !== -1;
  }
  function apply() {
    var severity = form.elements.severity.value, status = form.elements.status.value;
    var type = form.elements.type.value, text = form.elements.q.value.trim().toLowerCase();
    var n = 0;
    for (var i = 0; i < items.length; i++) {
      var ok = matches(items[i].dataset, severity, status, type, text);
      items[i].hidden = !ok;
      if (ok) n++;
    }
    for (var j = 0; j < groups.length; j++) {
      groups[j].hidden = !groups[j].querySelector(".finding:not([hidden])");
    }
    shown.textContent = n + " of " + items.length + " shown";
    none.hidden = n !== 0;
  }
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  apply();
})();
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_neutralises_markup_in_text_and_attributes() {
        let hostile = r#"<script>alert(1)</script>" onmouseover='x' &amp;"#;
        let escaped = escape(hostile);
        assert_eq!(escaped, "&lt;script&gt;alert(1)&lt;/script&gt;&quot; onmouseover=&#39;x&#39; &amp;amp;");
        assert!(!escaped.contains(['<', '>', '"', '\'']));
    }

    #[test]
    fn only_web_addresses_become_links() {
        assert!(link("javascript:alert(1)").is_none());
        assert!(link("data:text/html,x").is_none());
        assert_eq!(
            link("https://example.com/?a=1&b=\"2\"").unwrap(),
            "<a href=\"https://example.com/?a=1&amp;b=&quot;2&quot;\" rel=\"noopener noreferrer\">https://example.com/?a=1&amp;b=&quot;2&quot;</a>"
        );
    }
}
