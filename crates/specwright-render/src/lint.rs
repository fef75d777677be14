//! Checks a markdown spec against the template, in code, so CI can run the same checks:
//! the title, every section in order, each use case's fields, well-formed tables, no
//! leftover placeholders, non-functional requirements with numbers and units, no vague
//! words, and a rationale for every architecture decision. It works on specs specwright
//! did not write.

use serde::Serialize;

use crate::escape::table_cells;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    /// 1-based.
    pub line: usize,
    /// A stable id, e.g. `missing-section`.
    pub rule: &'static str,
    pub message: String,
    /// One line on how to fix it.
    pub hint: String,
}

/// The sections a spec must have, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outline {
    pub sections: Vec<String>,
}

/// The seed template's sections.
pub const BUILTIN_SECTIONS: [&str; 11] = [
    "Overview",
    "Use Cases",
    "Data Models",
    "API Contracts",
    "Error Handling",
    "Non-Functional Requirements",
    "Architecture Decisions",
    "Dependencies",
    "Testing Strategy",
    "Open Questions",
    "",
];

impl Outline {
    pub fn builtin() -> Outline {
        Outline {
            sections: BUILTIN_SECTIONS
                .iter()
                .filter(|s| !s.is_empty())
                .map(|s| s.to_string())
                .collect(),
        }
    }

    /// The `## ` headings of a (handlebars) spec template, in order.
    pub fn from_template(text: &str) -> Outline {
        Outline {
            sections: text
                .lines()
                .filter_map(|l| l.strip_prefix("## "))
                .map(|h| strip_handlebars(h).trim().to_string())
                .filter(|h| !h.is_empty())
                .collect(),
        }
    }

    fn has(&self, name: &str) -> bool {
        self.sections.iter().any(|s| s.eq_ignore_ascii_case(name))
    }
}

fn strip_handlebars(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        match rest[start..].find("}}") {
            Some(end) => rest = &rest[start + end + 2..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

const VAGUE: [&str; 10] = [
    "fast",
    "scalable",
    "user-friendly",
    "etc.",
    "should probably",
    "robust",
    "easy",
    "as needed",
    "tbd",
    "seamless",
];

struct Line<'a> {
    number: usize,
    text: &'a str,
}

fn finding(
    severity: Severity,
    line: usize,
    rule: &'static str,
    message: String,
    hint: &str,
) -> Finding {
    Finding {
        severity,
        line,
        rule,
        message,
        hint: hint.to_string(),
    }
}

/// Lints a spec. Findings are sorted by line.
pub fn lint(markdown: &str, outline: &Outline) -> Vec<Finding> {
    let mut out = Vec::new();
    // Lines outside code fences, with their numbers.
    let mut lines = Vec::new();
    let mut in_fence = false;
    for (i, raw) in markdown.lines().enumerate() {
        let text = raw.trim_end_matches('\r');
        if text.trim_start().starts_with("```") {
            in_fence = !in_fence;
            continue;
        }
        if !in_fence {
            lines.push(Line {
                number: i + 1,
                text,
            });
        }
    }
    check_title(&lines, &mut out);
    let sections = check_sections(&lines, outline, &mut out);
    let body = |name: &str| -> Vec<&Line> {
        sections
            .iter()
            .find(|(n, _, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, start, end)| lines[*start..*end].iter().collect())
            .unwrap_or_default()
    };
    if outline.has("Overview") {
        check_labels(
            &body("Overview"),
            &["Problem statement", "Goals", "Non-goals"],
            "Overview",
            &mut out,
        );
    }
    if outline.has("Use Cases") {
        check_use_cases(&body("Use Cases"), &mut out);
    }
    check_tables(&lines, &mut out);
    for (section, header) in [
        (
            "Data Models",
            vec!["Field", "Type", "Constraints", "Description"],
        ),
        (
            "Error Handling",
            vec!["Error Code", "Condition", "HTTP Status", "User Message"],
        ),
        ("Architecture Decisions", vec!["#", "Decision", "Rationale"]),
    ] {
        if outline.has(section) {
            check_table_header(&body(section), section, &header, &mut out);
        }
    }
    if outline.has("Architecture Decisions") {
        check_decisions(&body("Architecture Decisions"), &mut out);
    }
    if outline.has("Non-Functional Requirements") {
        check_nfr(&body("Non-Functional Requirements"), &mut out);
    }
    check_placeholders(&lines, &mut out);
    check_vague(&lines, &mut out);
    out.sort_by_key(|f| (f.line, f.rule));
    out
}

fn check_title(lines: &[Line], out: &mut Vec<Finding>) {
    let Some(first) = lines.iter().find(|l| !l.text.trim().is_empty()) else {
        out.push(finding(
            Severity::Error,
            1,
            "missing-title",
            "the spec is empty".into(),
            "Start with `# <Feature Name> — Technical Specification`.",
        ));
        return;
    };
    let text = first.text.trim();
    let hint = "Make the first line `# <Feature Name> — Technical Specification`.";
    match text.strip_prefix("# ") {
        Some(title)
            if title.ends_with(" — Technical Specification")
                && title.len() > " — Technical Specification".len() => {}
        Some(title)
            if title.ends_with(" - Technical Specification")
                || title.ends_with(" -- Technical Specification") =>
        {
            out.push(finding(
                Severity::Warning,
                first.number,
                "title-dash",
                "the title uses a hyphen where the template has an em dash".into(),
                hint,
            ))
        }
        _ => out.push(finding(
            Severity::Error,
            first.number,
            "missing-title",
            format!("the first line is {text:?}, not the template's title line"),
            hint,
        )),
    }
}

/// Checks the `## ` sections; returns (name, first body line index, end index) for each.
fn check_sections(
    lines: &[Line],
    outline: &Outline,
    out: &mut Vec<Finding>,
) -> Vec<(String, usize, usize)> {
    let mut found: Vec<(String, usize)> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if let Some(h) = l.text.strip_prefix("## ") {
            found.push((h.trim().to_string(), i));
        }
    }
    let mut spans = Vec::new();
    for (k, (name, i)) in found.iter().enumerate() {
        let end = found.get(k + 1).map(|(_, j)| *j).unwrap_or(lines.len());
        spans.push((name.clone(), i + 1, end));
    }
    let mut seen: Vec<&str> = Vec::new();
    let mut last_index: Option<usize> = None;
    for (name, i) in &found {
        let line = lines[*i].number;
        if seen.iter().any(|s| s.eq_ignore_ascii_case(name)) {
            out.push(finding(
                Severity::Error,
                line,
                "duplicate-section",
                format!("the section `{name}` appears twice"),
                "Merge the two sections into one.",
            ));
            continue;
        }
        seen.push(name);
        match outline
            .sections
            .iter()
            .position(|s| s.eq_ignore_ascii_case(name))
        {
            None => out.push(finding(
                Severity::Warning,
                line,
                "extra-section",
                format!("the section `{name}` is not in the template"),
                "Move its content into a template section, or keep it if it is deliberate.",
            )),
            Some(idx) => {
                if last_index.is_some_and(|last| idx < last) {
                    out.push(finding(
                        Severity::Error,
                        line,
                        "section-order",
                        format!("the section `{name}` is out of order"),
                        &format!(
                            "Sections go in this order: {}.",
                            outline.sections.join(", ")
                        ),
                    ));
                }
                last_index = Some(last_index.map_or(idx, |l| l.max(idx)));
            }
        }
    }
    let end_line = lines.last().map(|l| l.number).unwrap_or(1);
    for section in &outline.sections {
        if !found.iter().any(|(n, _)| n.eq_ignore_ascii_case(section)) {
            out.push(finding(
                Severity::Error,
                end_line,
                "missing-section",
                format!("the section `{section}` is missing"),
                &format!("Add `## {section}` in its place in the template's order."),
            ));
        }
    }
    spans
}

fn has_label(lines: &[&Line], label: &str) -> bool {
    let needle = format!("**{}**", label.to_ascii_lowercase());
    lines
        .iter()
        .any(|l| l.text.to_ascii_lowercase().contains(&needle))
}

fn check_labels(body: &[&Line], labels: &[&str], section: &str, out: &mut Vec<Finding>) {
    let Some(first) = body.first() else { return };
    for label in labels {
        if !has_label(body, label) {
            out.push(finding(
                Severity::Error,
                first.number.saturating_sub(1).max(1),
                "missing-field",
                format!("{section} has no **{label}**"),
                &format!("Add a `- **{label}**: ...` line to {section}."),
            ));
        }
    }
}

fn check_use_cases(body: &[&Line], out: &mut Vec<Finding>) {
    let mut cases: Vec<(usize, &str, Vec<&Line>)> = Vec::new();
    for l in body {
        if let Some(h) = l.text.strip_prefix("### ") {
            cases.push((l.number, h.trim(), Vec::new()));
        } else if let Some(last) = cases.last_mut() {
            last.2.push(l);
        }
    }
    let mut expected = 1;
    for (line, heading, lines) in &cases {
        let number = heading
            .strip_prefix("UC-")
            .and_then(|r| r.split(':').next())
            .and_then(|n| n.trim().parse::<usize>().ok());
        match number {
            None => out.push(finding(
                Severity::Warning,
                *line,
                "use-case-heading",
                format!("the use case heading `{heading}` is not `UC-n: name`"),
                "Write use case headings as `### UC-1: Name`.",
            )),
            Some(n) => {
                if n != expected {
                    out.push(finding(
                        Severity::Warning,
                        *line,
                        "use-case-number",
                        format!("use case UC-{n} should be UC-{expected}"),
                        "Number use cases 1, 2, 3, ... in order.",
                    ));
                }
                expected = n + 1;
            }
        }
        for label in [
            "Actor",
            "Preconditions",
            "Flow",
            "Postconditions",
            "Error scenarios",
        ] {
            if !has_label(lines, label) {
                out.push(finding(
                    Severity::Error,
                    *line,
                    "use-case-field",
                    format!("use case `{heading}` has no **{label}**"),
                    &format!("Add `- **{label}**: ...` to the use case."),
                ));
            }
        }
    }
    if cases.is_empty()
        && body
            .iter()
            .all(|l| !l.text.to_ascii_lowercase().contains("no use cases"))
    {
        let line = body.first().map(|l| l.number).unwrap_or(1);
        out.push(finding(
            Severity::Error,
            line,
            "no-use-cases",
            "Use Cases has no use case".into(),
            "Add at least one `### UC-1: Name` with its fields.",
        ));
    }
}

fn is_table_row(text: &str) -> bool {
    text.trim_start().starts_with('|')
}

fn is_delimiter(cells: &[String]) -> bool {
    !cells.is_empty()
        && cells.iter().all(|c| {
            let c = c.trim();
            !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')) && c.contains('-')
        })
}

fn check_tables(lines: &[Line], out: &mut Vec<Finding>) {
    let mut i = 0;
    while i < lines.len() {
        if !is_table_row(lines[i].text) {
            i += 1;
            continue;
        }
        let start = i;
        while i < lines.len() && is_table_row(lines[i].text) {
            i += 1;
        }
        let rows = &lines[start..i];
        let header = table_cells(rows[0].text);
        let Some(delim) = rows.get(1) else {
            out.push(finding(
                Severity::Error,
                rows[0].number,
                "table-delimiter",
                "the table has no delimiter row under its header".into(),
                "Add a row like `|---|---|` under the header.",
            ));
            continue;
        };
        let delim_cells = table_cells(delim.text);
        if !is_delimiter(&delim_cells) {
            out.push(finding(
                Severity::Error,
                delim.number,
                "table-delimiter",
                "the row under the table header is not a delimiter row".into(),
                "Put `|---|---|...` with one cell per column under the header.",
            ));
            continue;
        }
        if delim_cells.len() != header.len() {
            out.push(finding(
                Severity::Error,
                delim.number,
                "table-columns",
                format!(
                    "the delimiter row has {} cells but the header has {}",
                    delim_cells.len(),
                    header.len()
                ),
                "Give the delimiter row one cell per header column.",
            ));
        }
        for row in &rows[2..] {
            let cells = table_cells(row.text);
            if cells.len() != header.len() {
                out.push(finding(
                    Severity::Error,
                    row.number,
                    "table-columns",
                    format!(
                        "the row has {} cells but the header has {}",
                        cells.len(),
                        header.len()
                    ),
                    "Escape a `|` inside a cell as `\\|`, or add the missing cells.",
                ));
            }
        }
    }
}

fn check_table_header(body: &[&Line], section: &str, expected: &[&str], out: &mut Vec<Finding>) {
    let mut previous_was_row = false;
    for l in body {
        let row = is_table_row(l.text);
        if row && !previous_was_row {
            let header = table_cells(l.text);
            let matches = header.len() == expected.len()
                && header
                    .iter()
                    .zip(expected)
                    .all(|(a, b)| a.trim().eq_ignore_ascii_case(b));
            if !matches {
                out.push(finding(
                    Severity::Error,
                    l.number,
                    "table-header",
                    format!(
                        "a table in {section} has the header `{}`",
                        header.join(" | ")
                    ),
                    &format!("Use the template's header: `| {} |`.", expected.join(" | ")),
                ));
            }
        }
        previous_was_row = row;
    }
}

fn check_decisions(body: &[&Line], out: &mut Vec<Finding>) {
    let rows: Vec<&&Line> = body.iter().filter(|l| is_table_row(l.text)).collect();
    let data: Vec<&&Line> = rows.iter().skip(2).copied().collect();
    let real: Vec<&&Line> = data
        .iter()
        .copied()
        .filter(|l| {
            !table_cells(l.text)
                .iter()
                .all(|c| c.trim() == "—" || c.trim().eq_ignore_ascii_case("none recorded"))
        })
        .collect();
    if real.is_empty() {
        let line = body.first().map(|l| l.number).unwrap_or(1);
        out.push(finding(
            Severity::Warning,
            line,
            "no-decisions",
            "Architecture Decisions records no decision".into(),
            "Record each design choice with its rationale.",
        ));
    }
    for l in real {
        let cells = table_cells(l.text);
        if cells.len() >= 3 && cells[2].trim().is_empty() {
            out.push(finding(
                Severity::Error,
                l.number,
                "decision-rationale",
                "an architecture decision has no rationale".into(),
                "Say why this option was chosen over the others.",
            ));
        }
    }
}

/// The value after `**Label**:` in a section, with its line.
fn labelled<'a>(body: &[&'a Line], label: &str) -> Option<(usize, &'a str)> {
    let needle = format!("**{}**", label.to_ascii_lowercase());
    body.iter().find_map(|l| {
        let lower = l.text.to_ascii_lowercase();
        let at = lower.find(&needle)?;
        let rest = &l.text[at + needle.len()..];
        Some((l.number, rest.trim_start_matches(':').trim()))
    })
}

fn has_number(text: &str) -> bool {
    text.chars().any(|c| c.is_ascii_digit())
}

fn has_any(text: &str, words: &[&str]) -> bool {
    let lower = text.to_ascii_lowercase();
    words.iter().any(|w| lower.contains(w))
}

fn check_nfr(body: &[&Line], out: &mut Vec<Finding>) {
    let start = body
        .first()
        .map(|l| l.number.saturating_sub(1).max(1))
        .unwrap_or(1);
    let checks: [(&str, &[&str], &str); 4] = [
        (
            "Latency",
            &["ms", "millisecond", "second", " s", "µs", "us"],
            "State p50 and p99 targets with units, e.g. `p50 20 ms, p99 100 ms`.",
        ),
        (
            "Throughput",
            &[
                "/s",
                "per second",
                "per minute",
                "rps",
                "req/s",
                "requests/s",
                "per hour",
                "per day",
                "a night",
                "per night",
                "within",
            ],
            "State a rate with a unit, e.g. `2,000 requests/s`.",
        ),
        (
            "Availability",
            &["%", "nines"],
            "State a percentage, e.g. `99.9%`.",
        ),
        (
            "Data retention",
            &[
                "day",
                "week",
                "month",
                "year",
                "hour",
                "forever",
                "indefinitely",
                "until",
            ],
            "State a duration, e.g. `90 days`, or `indefinitely`.",
        ),
    ];
    for (label, units, hint) in checks {
        match labelled(body, label) {
            None => out.push(finding(
                Severity::Error,
                start,
                "nfr-missing",
                format!("Non-Functional Requirements has no **{label}**"),
                hint,
            )),
            Some((line, value)) => {
                let open = has_any(value, &["forever", "indefinitely"]);
                if !(has_number(value) || open) || !has_any(value, units) {
                    out.push(finding(
                        Severity::Warning,
                        line,
                        "nfr-unmeasured",
                        format!("**{label}** is not stated with a number and a unit: {value:?}"),
                        hint,
                    ));
                } else if label == "Latency"
                    && !(has_any(value, &["p50", "median"])
                        && has_any(value, &["p99", "p95", "p999"]))
                {
                    out.push(finding(
                        Severity::Warning,
                        line,
                        "nfr-percentiles",
                        "**Latency** does not give p50 and p99 targets".into(),
                        hint,
                    ));
                }
            }
        }
    }
}

fn check_placeholders(lines: &[Line], out: &mut Vec<Finding>) {
    for l in lines {
        let text = l.text;
        if text.contains("{{") && text.contains("}}") {
            out.push(finding(
                Severity::Error,
                l.number,
                "placeholder",
                "a template expression `{{...}}` was left in".into(),
                "Replace it with the real content.",
            ));
            continue;
        }
        // `{lowercase words}` or `{Feature Name}` as in the seed template.
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else { break };
            let inner = &after[..close];
            // `{what problem this solves}`, `{p50, p99 targets}`; not `{ a, b }` code.
            let is_placeholder = inner.len() <= 60
                && inner.starts_with(|c: char| c.is_alphabetic())
                && !inner.ends_with(' ')
                && inner.chars().all(|c| {
                    c.is_alphanumeric() || matches!(c, ' ' | ',' | '-' | '\'' | '/' | '(' | ')')
                })
                && !inner.contains("  ");
            if is_placeholder {
                out.push(finding(
                    Severity::Error,
                    l.number,
                    "placeholder",
                    format!("the template placeholder `{{{inner}}}` was left in"),
                    "Replace the placeholder with the real content.",
                ));
                break;
            }
            rest = &after[close + 1..];
        }
    }
}

fn check_vague(lines: &[Line], out: &mut Vec<Finding>) {
    for l in lines {
        if l.text.starts_with('#') {
            continue;
        }
        let lower = l.text.to_ascii_lowercase();
        for word in VAGUE {
            if contains_word(&lower, word) {
                out.push(finding(
                    Severity::Warning,
                    l.number,
                    "vague-word",
                    format!("`{word}` is vague"),
                    "Replace it with something measurable or specific.",
                ));
            }
        }
    }
}

fn contains_word(text: &str, word: &str) -> bool {
    let mut from = 0;
    while let Some(at) = text[from..].find(word) {
        let start = from + at;
        let end = start + word.len();
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        let boundary =
            |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric() && c != '-' && c != '_');
        if boundary(before) && (word.ends_with('.') || boundary(after)) {
            return true;
        }
        from = end;
    }
    false
}

pub fn has_errors(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Error)
}

/// `path:line: error[rule]: message` lines with hints, then a count.
pub fn format_human(path: &str, findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        let sev = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        out.push_str(&format!(
            "{path}:{}: {sev}[{}]: {}\n  hint: {}\n",
            f.line, f.rule, f.message, f.hint
        ));
    }
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = findings.len() - errors;
    let plural = |n: usize, w: &str| {
        if n == 1 {
            format!("{n} {w}")
        } else {
            format!("{n} {w}s")
        }
    };
    if findings.is_empty() {
        out.push_str(&format!("{path}: no findings\n"));
    } else {
        out.push_str(&format!(
            "{path}: {}, {}\n",
            plural(errors, "error"),
            plural(warnings, "warning")
        ));
    }
    out
}

/// A finding as a question to ask the user in the Iteration phase.
pub fn follow_up_question(f: &Finding) -> String {
    match f.rule {
        "nfr-missing" | "nfr-unmeasured" | "nfr-percentiles" => {
            format!("{} — {}", f.message, f.hint)
        }
        "vague-word" => format!("Line {}: {} — what exactly is meant?", f.line, f.message),
        _ => format!("{} — {}", f.message, f.hint),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vague_words_match_whole_words_only() {
        assert!(contains_word("it must be fast", "fast"));
        assert!(!contains_word("breakfast served", "fast"));
        assert!(contains_word("logs, metrics, etc.", "etc."));
        assert!(!contains_word("a fast-path", "fast"));
    }

    #[test]
    fn the_template_outline_comes_from_its_headings() {
        let outline =
            Outline::from_template("# {{title}}\n## Overview\n{{#if x}}\n## Risks {{x}}\n");
        assert_eq!(outline.sections, vec!["Overview", "Risks"]);
    }
}
