//! The operations of an API section: its entries (`### ` headings, or the `#### `
//! operations of a `### ` group), the template's fields of each, and what an operation
//! written in another style shows without a label (its method in a `POST /path` title,
//! its errors as statuses, a call's signature).

use super::doc::{Doc, Entry, Section};
use super::evidence::HTTP_METHODS;
use super::outline::SectionShape;
use super::placement;
use super::structure::check_field;
use super::syntax::{bold_labels, list_item_text};
use super::vocab::{Forms, bold_list, field_forms, label_matches, name_words, strip_numbering};
use super::{Finding, warning};

/// The entries of a section, with the forms of its entry fields (a `#### ` heading named
/// like one is a field of its entry, not an entry of its own).
pub(crate) fn entries_of(
    doc: &Doc,
    section: &Section,
    shape: &SectionShape,
) -> (Vec<Entry>, Vec<Forms>) {
    let forms: Vec<Forms> = shape.entry_fields.iter().map(|l| field_forms(l)).collect();
    // A `#### Query Parameters` or `#### Response` makes its `### ` one operation, not a
    // group of them.
    let is_field = |title: &str| {
        let words = name_words(title);
        forms.iter().any(|f| label_matches(&words, f)) || names_operation_part(title)
    };
    let mut entries: Vec<Entry> = Vec::new();
    for entry in doc.entries(section.body.clone(), &is_field) {
        // `### Request body — BookingDto` or `### Response` right after an operation is a
        // part of it, not an operation of its own.
        match entries.last_mut() {
            Some(last) if names_operation_part(&entry.title) => last.body.end = entry.body.end,
            _ => entries.push(entry),
        }
    }
    (entries, forms)
}

/// Words that name a kind of component, not which one.
const GENERIC_PARTS: &[&str] = &[
    "service",
    "manager",
    "component",
    "components",
    "module",
    "handler",
    "controller",
    "interface",
    "endpoint",
    "endpoints",
    "core",
    "layer",
    "class",
    "tool",
    "tools",
    "command",
    "function",
    "method",
    "operation",
    "request",
    "response",
];

/// The lowercase words of a name, camelCase split (`SourceManager` is `source`,
/// `manager`).
fn name_parts(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut previous_lower = false;
    for c in text.chars() {
        if !c.is_alphanumeric() {
            previous_lower = false;
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            continue;
        }
        if c.is_uppercase() && previous_lower && !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
        previous_lower = c.is_lowercase();
        word.extend(c.to_lowercase());
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// A heading that names a part of an operation: its request, response, parameters,
/// headers, examples or errors (`Request body — BookingDto`, `Query Parameters`,
/// `Response 201`, `Example`).
pub(crate) fn names_operation_part(title: &str) -> bool {
    const PARTS: [&str; 24] = [
        "request",
        "response",
        "body",
        "parameter",
        "param",
        "query",
        "path",
        "header",
        "example",
        "sample",
        "error",
        "status",
        "code",
        "input",
        "output",
        "payload",
        "argument",
        "return",
        "success",
        "failure",
        "schema",
        "format",
        "field",
        "result",
    ];
    let words = name_words(title);
    !words.is_empty()
        && words
            .iter()
            .all(|w| PARTS.contains(&w.as_str()) || w.chars().all(|c| c.is_ascii_digit()))
}

/// The method and path a title names (`POST /v1/links`, `1. **GET /health**`).
pub(crate) fn title_request(title: &str) -> Option<(&str, &str)> {
    let t = strip_numbering(title.trim()).trim_start_matches(['`', '*', ' ']);
    // (After a requirement's id in brackets: `#### [M0-W-1320] GET /health`.)
    let t = match t.strip_prefix('[').and_then(|rest| rest.split_once(']')) {
        Some((id, after)) if !id.contains(' ') => after.trim_start_matches(['`', '*', ' ']),
        _ => t,
    };
    let mut words = t.split_whitespace();
    fn request<'t>(method: &'t str, path: &'t str) -> Option<(&'t str, &'t str)> {
        let method = method.trim_matches(['`', '*']);
        // (`POST `/twilio/voice``: the path alone in backticks.)
        let path = path.trim_matches(['`', '*']);
        (HTTP_METHODS.contains(&method) && path.starts_with('/')).then_some((method, path))
    }
    let (first, second) = (words.next()?, words.next()?);
    request(first, second).or_else(|| {
        // (Or after a dash: `## Endpoint 1 — Listing `GET /api/orders``.)
        let (_, after) = t.split_once(" — ").or_else(|| t.split_once(" - "))?;
        let mut words = after.split_whitespace();
        let mut previous = words.next()?;
        for word in words {
            if let Some(found) = request(previous, word) {
                return Some(found);
            }
            previous = word;
        }
        None
    })
}

/// The request an entry's first line gives (`` - `GET /api/v1/binders/{id}` ``, or the
/// first line of a code block opening the entry), when it is one.
fn first_line_request<'d>(doc: &'d Doc, entry: &Entry) -> Option<(&'d str, &'d str)> {
    let first = doc.lines[entry.body.clone()].iter().find(|l| {
        (!l.hidden || l.fence)
            && !l.text.trim().is_empty()
            && !super::evidence::is_fence_line(&l.text)
    })?;
    title_request(list_item_text(&first.text).unwrap_or(&first.text))
}

/// Whether an entry's body opens with a code block: the first line with text is a fence.
fn body_first(doc: &Doc, entry: &Entry) -> bool {
    doc.lines[entry.body.clone()]
        .iter()
        .find(|l| (!l.hidden || l.fence) && !l.text.trim().is_empty())
        .is_some_and(|l| super::evidence::is_fence_line(&l.text))
}

/// An entry titled like an operation: `POST /v1/links`, `` `shorten(url)` ``, `check()`.
fn titled_like_operation(title: &str) -> bool {
    let first = title
        .trim_start_matches(['`', '*'])
        .split_whitespace()
        .next()
        .unwrap_or("");
    // A source file (`` `middleware/metrics.py` — Metrics Middleware ``) is a module,
    // not an operation, whatever its path holds.
    if !HTTP_METHODS.contains(&first) && names_source_file(title) {
        return false;
    }
    // `` `MemoryStore` `` alone names a type, not an operation (`` `tool scan` `` does).
    let code = title.split('`').nth(1).unwrap_or("");
    let type_name =
        !code.contains(['(', ' ', '.', '/']) && code.starts_with(|c: char| c.is_ascii_uppercase());
    HTTP_METHODS.contains(&first)
        || (title.contains('`') && !type_name)
        || title.split_whitespace().any(names_path)
        || title.find('(').is_some_and(|at| {
            title[..at].ends_with(|c: char| c.is_alphanumeric() || c == '.')
                && title[at..].contains(')')
        })
}

/// Whether a line gives a success status followed by a body (`200 { ok: true }`, `201:
/// `{ id }``).
fn success_with_body(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    words.windows(2).any(|w| {
        let status = w[0]
            .trim_start_matches(['(', '`', '*'])
            .trim_end_matches([':', '`']);
        is_http_status(status)
            && status.starts_with('2')
            && w[1].trim_start_matches(['`', '*']).starts_with('{')
    })
}

/// Whether a word of a title is a request's path: `/v1/links`, `users/{id}`,
/// `api/v1/users`, `/:slug`. Not names joined by a slash (`Request/Response DTOs`,
/// `Create/Update`; `analyze / validate` with spaces), nor a folder (`(members/)`).
fn names_path(word: &str) -> bool {
    let w = word.trim_matches(|c: char| {
        matches!(
            c,
            '(' | ')' | '`' | '*' | '"' | '\'' | ',' | ':' | '（' | '）'
        )
    });
    if !w.contains('/')
        || !w.contains(|c: char| c.is_alphanumeric())
        || (w.ends_with('/') && !w.starts_with('/'))
    {
        return false;
    }
    w.starts_with('/')
        || w.matches('/').count() >= 2
        || w.contains(['{', ':'])
        || !w.contains(|c: char| c.is_uppercase())
}

/// Whether a request's path is a health probe's: its last part `health`, `healthz`,
/// `live`, `livez`, `ready`, `readyz` or `ping`, or under `/health`.
fn probes_health(path: &str) -> bool {
    let path = path.split('?').next().unwrap_or(path).trim_end_matches('/');
    let mut parts = path.rsplit('/');
    let last = parts.next().unwrap_or("").to_ascii_lowercase();
    let above = parts.next().unwrap_or("").to_ascii_lowercase();
    matches!(
        last.as_str(),
        "health"
            | "healthz"
            | "live"
            | "livez"
            | "liveness"
            | "ready"
            | "readyz"
            | "readiness"
            | "ping"
    ) || matches!(above.as_str(), "health" | "healthz")
}

/// Whether a title names a file of source code by its extension (`` `schemas.py` ``,
/// `src/routes/users.ts`).
fn names_source_file(title: &str) -> bool {
    const EXTENSIONS: [&str; 20] = [
        "py", "ts", "js", "mjs", "go", "rs", "java", "kt", "swift", "rb", "php", "cs", "dart", "c",
        "h", "cpp", "scala", "ex", "tsx", "jsx",
    ];
    title
        .split(|c: char| c.is_whitespace() || matches!(c, '`' | '(' | ')' | '*' | ','))
        // (Not a framework named for its language: `Node.js`, `Next.js`.)
        .filter(|token| {
            !matches!(
                token.to_ascii_lowercase().as_str(),
                "node.js"
                    | "next.js"
                    | "vue.js"
                    | "nuxt.js"
                    | "express.js"
                    | "three.js"
                    | "chart.js"
                    | "d3.js"
                    | "nest.js"
                    | "react.js"
                    | "ember.js"
            )
        })
        .any(|token| {
            token.rsplit_once('.').is_some_and(|(stem, ext)| {
                !stem.is_empty()
                    && stem.ends_with(|c: char| c.is_alphanumeric() || c == '_')
                    && EXTENSIONS.contains(&ext)
            })
        })
}

/// Whether an entry's body, in code or prose, has a request line (`POST /api/traces`).
fn request_line(doc: &Doc, entry: &Entry) -> bool {
    doc.lines[entry.body.clone()].iter().any(|l| {
        let mut words = l
            .text
            .trim()
            .trim_start_matches(['`', '-', '*', ' '])
            .split_whitespace();
        let method = words.next().unwrap_or("");
        (HTTP_METHODS.contains(&method)
            && words
                .next()
                .is_some_and(|p| p.trim_start_matches('`').starts_with('/')))
            || curl_request(&l.text)
    })
}

/// Whether a line is a curl command naming its method and URL (`curl -X POST
/// http://localhost:8080/api/v1/loans/{id}/approve \`): a request, as `POST /path` is.
fn curl_request(text: &str) -> bool {
    let mut words = text
        .trim()
        .trim_start_matches(['$', ' '])
        .split_whitespace();
    if words.next() != Some("curl") {
        return false;
    }
    let words: Vec<&str> = words.take(8).collect();
    let method = words.windows(2).any(|w| {
        (w[0] == "-X" || w[0] == "--request")
            && HTTP_METHODS.contains(&w[1].trim_matches(['"', '\'']))
    });
    let url = words.iter().any(|w| {
        let w = w.trim_matches(['"', '\'']);
        w.starts_with("http://") || w.starts_with("https://") || w.starts_with('/')
    });
    method && url
}

/// Whether an entry tables its calls with a column for a field of theirs (`| Method |
/// Path | Request | Response |`): each row gives it.
fn field_column(doc: &Doc, entry: &Entry, label: &str) -> bool {
    let forms = field_forms(label);
    doc.headed_tables(entry.body.clone())
        .iter()
        .any(|(header, rows)| {
            !rows.is_empty()
                && header.iter().any(|c| label_matches(&name_words(c), &forms))
                && header.iter().any(|c| {
                    matches!(
                        name_words(c).as_slice(),
                        [w] if matches!(w.as_str(), "method" | "methode" | "método" | "méthode" | "path" | "pad" | "endpoint" | "route")
                    )
                })
        })
}

/// Whether an entry lists its parameters or options in a table (`| Option | Type |`).
fn parameter_table(doc: &Doc, entry: &Entry) -> bool {
    let lines = &doc.lines[entry.body.clone()];
    lines.windows(2).any(|w| {
        !w[0].hidden
            && w[0].text.trim_start().starts_with('|')
            && super::syntax::is_delimiter_row(&w[1].text)
            && super::syntax::split_row(&w[0].text)
                .first()
                .is_some_and(|c| {
                    let words = name_words(c);
                    words.len() == 1
                        && [
                            "option",
                            "parameter",
                            "param",
                            "argument",
                            "flag",
                            "field",
                            "name",
                        ]
                        .contains(&words[0].as_str())
                })
    })
}

/// Whether an entry labels any of its fields in bold, as the template does; such an
/// entry is held to the labels.
fn uses_bold_labels(doc: &Doc, entry: &Entry, forms: &[Forms]) -> bool {
    doc.lines[entry.body.clone()]
        .iter()
        .filter(|l| !l.hidden)
        .flat_map(|l| bold_labels(&l.text))
        .any(|label| {
            let words = name_words(label.name);
            forms.iter().any(|f| label_matches(&words, f))
        })
}

/// Whether an entry declares calls with typed parameters, and whether with a return
/// type: `getQuote(symbol: string)`, `fn get(id: Id) -> Item`, `initiate(array $data):
/// PaymentResponse`.
fn typed_calls(doc: &Doc, entry: &Entry) -> (bool, bool) {
    let (mut takes, mut gives) = (false, false);
    for l in doc.lines[entry.body.clone()]
        .iter()
        .filter(|l| !l.hidden || l.fence)
    {
        let t = l.text.as_str();
        let mut from = 0;
        while let Some(open) = t[from..].find('(').map(|at| from + at) {
            let Some(close) = t[open..].find(')').map(|at| open + at) else {
                break;
            };
            let named = t[..open].ends_with(|c: char| c.is_alphanumeric() || c == '_');
            let params = &t[open + 1..close];
            if named && (params.contains(':') || params.contains('$')) {
                takes = true;
                // (Within the call's own code: `` `getQuote(symbol: string)`: Fetch the
                // quote `` describes its output in words after the span.)
                let rest = t[close + 1..].trim_start();
                gives |= ["->", ":", "=>"].iter().any(|arrow| {
                    rest.strip_prefix(arrow)
                        .is_some_and(|r| r.trim_start().starts_with(|c: char| c.is_alphanumeric()))
                });
            }
            from = close + 1;
        }
        if takes && gives {
            break;
        }
    }
    (takes, gives)
}

/// The first words that say what a request gives back (`List catalog items`, `Retrieve
/// the account balance`).
const GIVES_BACK: [&str; 20] = [
    "returns",
    "return",
    "list",
    "lists",
    "retrieve",
    "retrieves",
    "get",
    "gets",
    "fetch",
    "fetches",
    "view",
    "views",
    "show",
    "shows",
    "read",
    "reads",
    "download",
    "downloads",
    "export",
    "exports",
];

/// Whether a text names a call with its brackets: `getLine(row): String`, `clearAll()`.
fn names_a_call(text: &str) -> bool {
    text.find('(').is_some_and(|at| {
        text[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_') && text[at..].contains(')')
    })
}

/// What an operation shows without the template's label. Any operation: the errors as
/// bold error statuses (`**400 Bad Request**`). One written in another style (no bold
/// field labels): the method in a `POST /path` title, the request and response as a code
/// block, the output as a sentence starting `Returns`, the errors as 4xx/5xx statuses or
/// error codes mentioned as errors.
fn shown_without_label(doc: &Doc, entry: &Entry, label: &str, strict: bool) -> bool {
    let words = name_words(label);
    let is = |other: &str| words == name_words(other);
    let lines = || doc.lines[entry.body.clone()].iter().filter(|l| !l.hidden);
    // A title that is a call's signature (`` `getLine(row): String` ``) shows how it is
    // called, what it takes and what it returns (nothing, when it names no type).
    let signature = names_a_call(&entry.title);
    if signature && (is("Method/Interface") || is("Input") || is("Output")) {
        return true;
    }
    // Calls declared with typed parameters (`` - `getQuote(symbol: string)`: ... ``,
    // `public function initiateSTKPush(array $paymentData): PaymentResponse;`) show what
    // the operation takes, and with a return type what it gives.
    if is("Input") || is("Output") {
        let (takes, gives) = typed_calls(doc, entry);
        if (is("Input") && takes) || (is("Output") && gives) {
            return true;
        }
    }
    // A title that is a command line in code (`` `lk claim <task>` ``) shows how it is
    // called.
    let t = strip_numbering(entry.title.trim());
    let command = t.len() > 2
        && t.starts_with('`')
        && t.ends_with('`')
        && t[1..t.len() - 1].contains(' ')
        && !t[1..t.len() - 1].contains('`');
    if command && is("Method/Interface") {
        return true;
    }
    // A command line proper: not a request (`` `POST /send` ``), not a setting
    // (`` `open-in-view: false` ``).
    let command = command
        && title_request(t).is_none()
        && t[1..]
            .split_whitespace()
            .next()
            .is_some_and(|w| w.chars().all(|c| c.is_alphanumeric() || "-_.".contains(c)));
    // Its arguments in it (`` `guardian vote <proposal_id> --yes|--no` ``) are what it
    // takes; without any (`` `guardian init` ``), as a slash command's, it takes nothing.
    if command && is("Input") {
        return true;
    }
    // A bot's slash command (`### 8.1 /start Command`) names how it is called; without an
    // argument in it (`/model <name>`), it takes nothing.
    let slash = t
        .trim_start_matches('`')
        .split_whitespace()
        .next()
        .and_then(|first| first.strip_prefix('/'))
        .is_some_and(|name| {
            name.starts_with(|c: char| c.is_ascii_alphabetic())
                && name
                    .trim_end_matches('`')
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        });
    if slash && (is("Method/Interface") || (is("Input") && !t.contains(['<', '{', '[']))) {
        return true;
    }
    // A `POST /path` title (`1. **POST /chat**`) gives the method; a path parameter in
    // it (`/conversations/{id}`) or a method without a body (GET, DELETE) the input.
    // (Or its request line, the first line under the title: `` - `GET /binders/{id}` ``.)
    if let Some((method, path)) =
        title_request(&entry.title).or_else(|| first_line_request(doc, entry))
    {
        if is("Method/Interface") {
            return true;
        }
        if is("Input")
            && (path.contains(['{', ':'])
                || matches!(method, "GET" | "HEAD" | "DELETE" | "OPTIONS"))
        {
            return true;
        }
        // Nor does a request body given as code right under its title, before any label
        // (`### POST /api/auth/register` over a JSON body, then `**응답:**`).
        if is("Input") && body_first(doc, entry) {
            return true;
        }
    }
    // A request line anywhere in it gives the method (`**\`POST /api/v1/clarity\`**
    // (Mock Implementation)` after a paragraph).
    if is("Method/Interface") && request_line(doc, entry) {
        return true;
    }
    // A labelled method without a body (`- **Method:** GET`), or a labelled path with a
    // parameter (`- **Path:** /products/:barcode`), gives the input too.
    if is("Input") {
        let value = |label: &str| {
            doc.field(entry.body.clone(), &field_forms(label))
                .map(|f| f.value.trim().trim_matches('`').to_string())
        };
        let bodiless = value("Method").is_some_and(|m| {
            let m = m.to_ascii_uppercase();
            matches!(m.as_str(), "GET" | "HEAD" | "DELETE" | "OPTIONS")
        });
        let parameter = ["Path", "Endpoint", "URL", "Route"]
            .iter()
            .filter_map(|l| value(l))
            .any(|p| p.starts_with('/') && p.contains(['{', ':']));
        // And so do its headers, for a request that takes nothing else (`**헤더:**
        // Authorization: Bearer {accessToken}` under `### POST /api/auth/logout`). (Not a
        // label of their own: it would make `### Common Headers` an operation.)
        let headers = ["Headers", "Request headers", "헤더", "请求头", "ヘッダー"]
            .iter()
            .any(|l| value(l).is_some_and(|v| !v.is_empty()));
        // And its interface given as a call (`**接口**：\`listAlertRules()\``,
        // `**Method:** \`archive(id: string)\``): its parameters, or none, are what it
        // takes.
        // (Or as a request without a body: `**端点**：\`GET /api/v1/points/info\``.)
        let call = value("Method/Interface").is_some_and(|m| {
            (names_a_call(&m) && !m.split('(').next().unwrap_or("").contains(' '))
                || title_request(&m).is_some_and(|(method, path)| {
                    path.contains(['{', ':'])
                        || matches!(method, "GET" | "HEAD" | "DELETE" | "OPTIONS")
                })
        });
        if bodiless || parameter || headers || call {
            return true;
        }
    }
    // A table of its calls with a column for the field (`| Methode | Pad | Request |
    // Response |`) gives it for each.
    if (is("Input") || is("Output") || is("Errors")) && field_column(doc, entry, label) {
        return true;
    }
    // `Tool: print_label` or `Command: scan` names how it is called.
    if is("Method/Interface") && placement::names_operation_kind(&entry.title) {
        return true;
    }
    // A call that takes nothing (`clearAll()`) has no input to be wrong.
    if signature && is("Errors") && entry.title.contains("()") {
        return true;
    }
    // A health probe (`GET /health`, `GET /health/live`, `GET /readyz`) reports the
    // service's state in its answer: a failing check is its output, not an error.
    // (Or its request on the first line under the title: `### 6.1 ヘルスチェック` over
    // `GET /health`.)
    if is("Errors")
        && title_request(&entry.title)
            .or_else(|| first_line_request(doc, entry))
            .is_some_and(|(method, path)| method == "GET" && probes_health(path))
    {
        return true;
    }
    // A UI component (`ManageTagsButton Component`, `Core UI Components`,
    // `src/components/Card.tsx`) renders what it is given; it is not called with a request
    // to reject.
    if is("Errors") && names_ui_component(&entry.title) {
        return true;
    }
    // A call whose signature names the error it fails with (`-> Result<Vec<Item>,
    // ParseError>`, `throws QuotaExceededException`) gives its errors by their type.
    if is("Errors")
        && doc.lines[entry.body.clone()]
            .iter()
            .any(|l| (!l.hidden || l.fence) && names_error_type(&l.text))
    {
        return true;
    }
    if is("Errors") {
        // An error status given as the output's alternative (`**Output**: ..., or HTTP
        // 429`) is the output's, not an errors field.
        let output = doc.field(entry.body.clone(), &field_forms("Output"));
        if !strict
            && doc.lines[entry.body.clone()]
                .iter()
                .any(|l| (l.fence && mentions_error(&l.text)) || returns_error_code(l))
        {
            // An error response in the example (`Error (bad mode): { "code":
            // "INVALID_MODE" }`), or a sentence returning an error code (`Returns
            // `MODE_NOT_ALLOWED` if ...`).
            return true;
        }
        return lines().any(|l| {
            // (Unless the output names the error with its condition: `Response: `200
            // OK` or `409 Conflict` (invalid transition)`.)
            let in_output = output.as_ref().is_some_and(|o| o.line == l.number);
            if in_output {
                return error_status_with_condition(&l.text);
            }
            if strict {
                mentions_error_status(&l.prose)
            } else {
                mentions_error(&l.prose) || handles_bad_input(&l.prose)
            }
        });
    }
    // A function declared in code is how it is called.
    if is("Method/Interface") && super::evidence::declares_function(doc, entry.body.clone()) {
        return true;
    }
    // Typed signatures in code (`validateKey(keyHash: string): Promise<Result>`) show
    // what each call takes and returns.
    if (is("Input") || is("Output")) && super::evidence::typed_signatures(doc, entry.body.clone()) {
        return true;
    }
    if strict {
        return false;
    }
    if is("Method/Interface") {
        // `` `tool scan` `` names the command itself; `POST /path` its method.
        let title = entry.title.trim_start_matches('`');
        let first = title.split_whitespace().next().unwrap_or("");
        return HTTP_METHODS.contains(&first)
            || entry.title.trim().starts_with('`')
            || request_line(doc, entry)
            || doc.lines[entry.body.clone()].iter().any(|l| l.fence);
    }
    let code_block = || doc.lines[entry.body.clone()].iter().any(|l| l.fence);
    if is("Input") {
        return code_block() || parameter_table(doc, entry);
    }
    if is("Output") {
        let returns = lines().any(|l| {
            let text = list_item_text(&l.prose).unwrap_or(&l.prose);
            let first = text.split_whitespace().next().unwrap_or("");
            let first = first.to_lowercase();
            matches!(
                first.as_str(),
                "returns" | "responds" | "answers" | "prints" | "outputs" | "writes" | "emits"
            )
            // (A success status with its body, anywhere in the line: `200 { ok: true }`,
            // ``... (rate limits). 200: `{ ok: true }`.``.)
            || success_with_body(&l.text)
            // (A command's effects are what it gives: `- Creates file: ...`, `- Displays:
            // required roles, ...`, `Sets status to \`withdrawn\``.)
            || (command
                && matches!(
                    first.trim_end_matches(':').split('/').next().unwrap_or(""),
                    "creates"
                        | "displays"
                        | "shows"
                        | "lists"
                        | "generates"
                        | "saves"
                        | "sets"
                        | "updates"
                        | "removes"
                        | "deletes"
                ))
        });
        // A request line that says what it gives back after an arrow (`` `GET
        // /catalog` -> List catalog items``, `-> Retrieve the account balance`).
        let gives_back = lines().any(|l| {
            let text = l.text.as_str();
            let Some(at) = ["->", "→", "=>"]
                .iter()
                .find_map(|a| text.find(a).map(|i| i + a.len()))
            else {
                return false;
            };
            let before = &text[..at];
            let request = before
                .split_whitespace()
                .zip(before.split_whitespace().skip(1))
                .any(|(method, path)| {
                    HTTP_METHODS.contains(&method.trim_start_matches(|c: char| !c.is_alphabetic()))
                        && path.starts_with('/')
                });
            let first = text[at..]
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_lowercase();
            // (Or a type in code: `` → `text/event-stream` ``.)
            let typed = text[at..].trim_start().starts_with('`');
            request
                && (typed || GIVES_BACK.contains(&first.trim_matches(|c: char| !c.is_alphabetic())))
        });
        // A `GET` titled by its request whose first line says what it gets (`####
        // `GET /regions/`` over `List all regions.`, `Precinct detail with member
        // counts.`): that is its output.
        let says_what_it_gets = title_request(&entry.title).is_some_and(|(m, _)| m == "GET")
            && lines()
                .find(|l| !l.text.trim().is_empty())
                .filter(|l| l.heading.is_none())
                .is_some_and(|l| {
                    let text = list_item_text(&l.prose).unwrap_or(&l.prose).to_lowercase();
                    let first = text.split_whitespace().next().unwrap_or("");
                    GIVES_BACK.contains(&first.trim_matches(|c: char| !c.is_alphabetic()))
                        || matches!(first, "find" | "finds" | "check" | "checks" | "search")
                        || text
                            .split(|c: char| !c.is_alphanumeric())
                            .any(|w| w == "detail" || w == "details")
                });
        return code_block() || returns || gives_back || says_what_it_gets;
    }
    false
}

/// Whether an entry's title names a page or screen of a UI, by its route or not
/// (`` 1. Login Page (`/auth/login`) ``, `Settings Screen`): what a user sees, not a
/// request. (Not one named by its method: `GET /pages`.)
fn names_ui_page(title: &str) -> bool {
    title_request(title).is_none()
        && title
            .to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| {
                matches!(
                    w,
                    "page" | "pages" | "screen" | "screens" | "modal" | "dialog"
                )
            })
}

/// Whether an entry's title names a UI component: a widget, a UI component (`Core UI
/// Components`), or a file of a UI framework (`.tsx`, `.jsx`, `.vue`, `.svelte`). Not a
/// request (`POST /components`), nor a component of a service (`RelayEngine Component`).
fn names_ui_component(title: &str) -> bool {
    if title_request(title).is_some() {
        return false;
    }
    let lower = title.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).collect();
    let has = |names: &[&str]| words.iter().any(|w| names.contains(w));
    has(&["widget", "widgets"])
        || (has(&["component", "components"]) && has(&["ui", "view", "screen", "page"]))
        || [".tsx", ".jsx", ".vue", ".svelte"].iter().any(|ext| {
            lower
                .match_indices(ext)
                .any(|(at, m)| !lower[at + m.len()..].starts_with(|c: char| c.is_alphanumeric()))
        })
}

/// Whether a section lists errors (an HTTP error status, or an error code named as an
/// error): a spec with such an error section gives its operations' errors there, so an
/// operation without its own **Errors** is not missing them.
pub(crate) fn lists_errors(doc: &Doc, section: &Section) -> bool {
    let lines = &doc.lines[section.body.clone()];
    lines.iter().any(|l| !l.hidden && mentions_error(&l.text))
        // Or error codes, two or more, one a line (an `enum ErrorCode` in code, a list),
        // or the error body every operation answers with (`{ "error": { "code": ... } }`).
        || lines
            .iter()
            .filter(|l| !l.hidden || l.fence)
            .filter(|l| words_of(&l.text).iter().any(|w| is_error_code(w)))
            .count()
            >= 2
        || lines.iter().any(|l| {
            l.fence && {
                let t = l.text.trim_start();
                t.starts_with("\"error\":") || t.starts_with("\"errors\":")
            }
        })
        // Or a table of error cases, each with how it is handled (`| 错误场景 | 处理策略 |`,
        // `| Failure | Handling |`), two or more.
        || lines.windows(4).any(|w| {
            !w[0].hidden
                && w[0].text.trim_start().starts_with('|')
                && super::syntax::is_delimiter_row(&w[1].text)
                && w[2..].iter().all(|r| !r.hidden && r.text.trim_start().starts_with('|'))
                && super::syntax::split_row(&w[0].text)
                    .first()
                    .is_some_and(|c| names_error_cases(c))
        })
}

/// A CLI's exit codes, two or more, in a section named for them (`## 15. Exit Codes (all
/// commands)` over `| 1 | Violations found |`): every command's errors.
fn lists_exit_codes(doc: &Doc, section: &Section) -> bool {
    names_exit_codes(&section.name)
        && doc.lines[section.body.clone()]
            .iter()
            .filter(|l| !l.hidden && !l.fence)
            .filter(|l| {
                let t = l
                    .text
                    .trim_start()
                    .trim_start_matches(['|', '-', '*', ' ', '`']);
                t.starts_with(|c: char| c.is_ascii_digit())
            })
            .nth(1)
            .is_some()
}

/// Whether a section's name names exit codes (`Exit Codes`, `Exit status`).
fn names_exit_codes(name: &str) -> bool {
    super::tables::words(name).windows(2).any(|w| {
        w[0] == "exit" && matches!(w[1].as_str(), "code" | "codes" | "status" | "statuses")
    })
}

/// Whether an error section's name says it holds the errors of every operation: `Exit
/// Codes (all commands)`, `Errors for every endpoint`, `Common Errors`, `Global Error
/// Codes`, `Shared error responses`, `Standard Errors`.
fn names_errors_of_all(name: &str) -> bool {
    let words = super::tables::words(name);
    words.windows(2).any(|w| {
        matches!(w[0].as_str(), "all" | "every" | "each")
            && matches!(
                w[1].as_str(),
                "commands"
                    | "command"
                    | "endpoints"
                    | "endpoint"
                    | "operations"
                    | "operation"
                    | "requests"
                    | "request"
                    | "routes"
                    | "tools"
                    | "tool"
                    | "calls"
            )
    }) || words
        .iter()
        .any(|w| matches!(w.as_str(), "common" | "global" | "shared" | "standard"))
}

/// A column of error cases: `Error`, `Failure scenario`, `Condition`, `错误场景`, `오류`.
fn names_error_cases(cell: &str) -> bool {
    super::vocab::has_word_or_part(
        cell,
        &[
            "error",
            "errors",
            "failure",
            "failures",
            "exception",
            "exceptions",
            "scenario",
            "condition",
            "case",
        ],
        &["错误", "异常", "故障", "오류", "에러", "エラー", "例外"],
    )
}

/// A prose line that returns, fails with or rejects with an error code: `Returns
/// `MODE_NOT_ALLOWED` if the session is real mode.`
fn returns_error_code(line: &super::doc::Line) -> bool {
    if line.hidden {
        return false;
    }
    let text = list_item_text(&line.text).unwrap_or(&line.text);
    let first = text.split_whitespace().next().unwrap_or("").to_lowercase();
    matches!(
        first.as_str(),
        "returns" | "return" | "fails" | "rejects" | "responds" | "raises" | "throws"
    ) && words_of(text).iter().any(|w| is_error_code(w))
}

/// An error code: capitals and digits with an underscore (`TOO_FAR`, `E_QUOTA_2`).
pub(crate) fn is_error_code(word: &str) -> bool {
    word.contains('_')
        && word
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        && word.chars().any(|c| c.is_ascii_uppercase())
}

pub(crate) fn is_error_status(word: &str) -> bool {
    is_http_status(word) && word.starts_with(['4', '5'])
}

/// An HTTP status code: three digits from `100` to `599` (`200`, `404`).
pub(crate) fn is_http_status(word: &str) -> bool {
    word.len() == 3
        && word.starts_with(['1', '2', '3', '4', '5'])
        && word.chars().all(|c| c.is_ascii_digit())
}

/// Whether an HTTP error status in the text is followed by its condition: a remark in
/// brackets or a clause with `if` or `when` (`` `409 Conflict` (invalid transition) ``,
/// `404 when the id is unknown`).
fn error_status_with_condition(text: &str) -> bool {
    // (Found by bytes: a digit is never inside a character of another script, so each
    // status's offset is exact whatever the text around it.)
    let bytes = text.as_bytes();
    let word = |b: Option<&u8>| b.is_some_and(u8::is_ascii_alphanumeric);
    (0..bytes.len().saturating_sub(2)).any(|at| {
        matches!(bytes[at], b'4' | b'5')
            && bytes[at + 1..at + 3].iter().all(u8::is_ascii_digit)
            && !word(at.checked_sub(1).and_then(|p| bytes.get(p)))
            && !word(bytes.get(at + 3))
            && {
                let near: String = text[at + 3..]
                    .chars()
                    .take(40)
                    .collect::<String>()
                    .to_lowercase();
                let clause = near.split([',', ';']).next().unwrap_or("");
                clause.contains('(') || clause.contains(" if ") || clause.contains(" when ")
            }
    })
}

/// A standalone `4xx` or `5xx` HTTP status in the text.
fn mentions_error_status(text: &str) -> bool {
    words_of(text).iter().any(|w| is_error_status(w))
}

/// Whether a line declares a call failing with an error type of its own: Rust's
/// `Result<T, ParseError>` (not a bare `Error`, which names none), or `throws
/// QuotaExceededException`.
fn names_error_type(text: &str) -> bool {
    let own = |name: &str| {
        let name = name
            .trim()
            .trim_matches(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'));
        let last = name.rsplit("::").next().unwrap_or(name);
        (last.ends_with("Error") && last.len() > "Error".len())
            || (last.ends_with("Exception") && last.len() > "Exception".len())
    };
    let results = text.match_indices("Result<").any(|(at, open)| {
        // The type's own parameters, up to its closing bracket, and the last one: what
        // follows its last comma outside inner brackets. (Looked for within 300
        // characters, as a type is short: a line of `Result<` never closed is read
        // once, not again from each of them.)
        let inner = &text[at + open.len()..];
        let mut depth = 0usize;
        let mut comma = None;
        for (k, c) in inner.char_indices().take(300) {
            match c {
                '<' | '(' | '[' => depth += 1,
                '>' | ')' | ']' if depth == 0 => {
                    return comma.is_some_and(|after: usize| own(&inner[after + 1..k]));
                }
                '>' | ')' | ']' => depth -= 1,
                ',' if depth == 0 => comma = Some(k),
                _ => {}
            }
        }
        false
    });
    results
        || text.match_indices("throws ").any(|(at, t)| {
            text[at + t.len()..]
                .split([',', ' ', '{', ';'])
                .next()
                .is_some_and(own)
        })
}

/// An HTTP error status, or an error code (`TOO_FAR`) next to the word "error", in the
/// text.
fn mentions_error(text: &str) -> bool {
    let words = words_of(text);
    let code = words.iter().any(|w| is_error_code(w));
    let says_error = words
        .iter()
        .any(|w| w.eq_ignore_ascii_case("error") || w.eq_ignore_ascii_case("errors"));
    mentions_error_status(text) || (code && says_error)
}

/// Says what happens on bad input: it throws, raises, rejects or clamps.
fn handles_bad_input(text: &str) -> bool {
    words_of(text).iter().any(|w| {
        let w = w.to_lowercase();
        [
            "throw",
            "throws",
            "raise",
            "raises",
            "reject",
            "rejects",
            "rejected",
            "clamp",
            "clamps",
            "clamped",
            "exception",
            "exit",
            "exits",
        ]
        .contains(&w.as_str())
            || w.ends_with("exception")
            || w.ends_with("error")
    })
}

fn words_of(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect()
}

/// Whether a section's body says it has nothing (`None.`, `N/A: a library, no API`).
fn says_none(doc: &Doc, section: &Section) -> bool {
    doc.lines[section.body.clone()]
        .iter()
        .filter(|l| !l.hidden)
        .map(|l| l.text.trim().trim_start_matches(['-', '*', '+', ' ', '_']))
        .find(|t| !t.is_empty())
        .is_some_and(|t| {
            let t = t.to_lowercase();
            // `No public HTTP API required ...` says so too.
            let no_interface = t.starts_with("no ")
                && ["api", "endpoint", "interface", "operation"]
                    .iter()
                    .any(|w| t.split(|c: char| !c.is_alphanumeric()).any(|x| x == *w));
            no_interface
                || [
                    "none",
                    "n/a",
                    "not applicable",
                    "no api",
                    "no external",
                    "nothing",
                ]
                .iter()
                .any(|p| t.starts_with(p))
        })
}

/// A title naming what an API's operations share (`Base URL`, `Authentication`,
/// `Pagination`, `Rate Limits`, `Error Format`, `Conventions`, `RESTful API
/// Principles`) or a sample of calling them (`Usage Example`).
fn names_api_note(title: &str) -> bool {
    let words = super::vocab::name_words(title);
    !words.is_empty()
        && words.iter().all(|w| {
            matches!(
                w.as_str(),
                "base"
                    | "url"
                    | "urls"
                    | "authentication"
                    | "authorization"
                    | "auth"
                    | "convention"
                    | "conventions"
                    | "pagination"
                    | "versioning"
                    | "header"
                    | "headers"
                    | "rate"
                    | "limit"
                    | "limits"
                    | "limiting"
                    | "format"
                    | "common"
                    | "general"
                    // (`### 5.7 API Security Implementation`: headers and CORS for all.)
                    | "api"
                    | "security"
                    | "cors"
                    | "implementation"
                    // (`#### 4.2.2 Middleware Stack`: what every request passes through.)
                    | "middleware"
                    | "stack"
                    // (`### RESTful API Principles`, `### Usage Example`: the rules all
                    // follow, a sample of calling them.)
                    | "restful"
                    | "rest"
                    | "principle"
                    | "principles"
                    | "guideline"
                    | "guidelines"
                    | "usage"
                    | "example"
                    | "examples"
                    | "sample"
                    | "samples"
            )
        })
}

/// Whether a title names something an API section shows beside its calls: a layout, a
/// configuration, an integration, a usage, a policy (`Directory Layout`, `Config File`,
/// `CI/CD Integration`, `Usage in Workers`, `RBAC Considerations for CLI`).
fn names_beside_calls(title: &str) -> bool {
    let words = super::vocab::all_name_words(title);
    // (A component is called: `### Config Manager`, `### Settings Service`.)
    let component = words.iter().any(|w| {
        matches!(
            w.as_str(),
            "manager" | "service" | "client" | "handler" | "provider" | "gateway"
        )
    });
    !component
        && words.iter().any(|w| {
            matches!(
                w.as_str(),
                "layout"
                    | "directory"
                    | "tree"
                    | "configuration"
                    | "config"
                    | "settings"
                    | "installation"
                    | "setup"
                    | "deployment"
                    | "integration"
                    | "considerations"
                    | "policy"
            )
        })
}

/// The operations (`### ` entries, or the `#### ` operations of a `### ` group) of a
/// section other than Use Cases, e.g. API Contracts: each has the template's entry
/// fields. An entry that neither is titled like an operation nor has any of the fields
/// (`### Contract Impact`) is prose, not an operation.
pub(crate) fn check_entries(
    doc: &Doc,
    section: &Section,
    continued: &[&Section],
    shape: &SectionShape,
    shared_errors: Option<&Section>,
    out: &mut Vec<Finding>,
) {
    let (mut entries, forms) = entries_of(doc, section, shape);
    // A section without entries that gives an operation's fields (`### API Endpoint`
    // with its method, path, request and response) is that one operation.
    let whole = Entry {
        title: section.name.clone(),
        line: section.line,
        body: section.body.clone(),
    };
    // (Not one that lists its calls, each with its types and fields: `` * `pull(since:
    // Cursor): Promise<Change[]>` `` over its own **Input** and **Output**.)
    if entries.is_empty()
        && !operation_table(doc, section.body.clone())
        && !super::evidence::listed_signatures(doc, section.body.clone())
        && (forms
            .iter()
            .any(|f| doc.field(whole.body.clone(), f).is_some())
            || doc
                .field(whole.body.clone(), &field_forms("Method"))
                .is_some())
    {
        entries.push(whole);
    }
    // The entries of the sections continuing it are its own (`## 10. Endpoint Summary`
    // after `## 9. API Design`).
    for more in continued {
        entries.extend(entries_of(doc, more, shape).0);
    }
    let bodies: Vec<std::ops::Range<usize>> = std::iter::once(section)
        .chain(continued.iter().copied())
        .map(|s| s.body.clone())
        .collect();
    // An entry that declares data and no call (`#### User Management Models` with
    // Dart classes, `### Change Event Structure` with a Go struct) is a type the
    // operations use, not an operation.
    let data_only = |e: &Entry| {
        let body = e.body.clone();
        !request_line(doc, e)
            && !titled_like_operation(&e.title)
            && doc.field(body.clone(), &field_forms("Method")).is_none()
            && !super::evidence::declares_function(doc, body.clone())
            && (super::evidence::names_data(&e.title)
                || super::evidence::shows_data_shapes(doc, body))
    };
    // An entry that tabulates operations (`#### Endpoint Table` with a Method column)
    // lists them; it is not one.
    // An entry about all the operations (`### Base URL`, `### Authentication`, `###
    // Pagination`) states what they share; it is not one.
    let shared_note = |e: &Entry| !request_line(doc, e) && names_api_note(&e.title);
    // An entry named as a list of requests (`### Route Table` over `GET /clients`,
    // `POST /topics`, ..., `#### HTTP API`, `### Routes`) lists operations. (A group
    // named for a resource, `### Catalogue` over its two requests, gives them.)
    let lists_requests = |e: &Entry| {
        !titled_like_operation(&e.title)
            && super::vocab::all_name_words(&e.title).iter().any(|w| {
                matches!(
                    w.as_str(),
                    "route"
                        | "routes"
                        | "table"
                        | "list"
                        | "endpoint"
                        | "endpoints"
                        | "index"
                        | "summary"
                        | "overview"
                        | "api"
                        | "openapi"
                        | "http"
                )
            })
            && {
                let mut paths: Vec<String> = super::evidence::operations(doc, e.body.clone())
                    .into_iter()
                    .map(|(_, p)| p)
                    .collect();
                paths.sort();
                paths.dedup();
                paths.len() >= 2
            }
    };
    // An entry naming the errors (`### 4.5 错误码`) lists those every operation answers
    // with; it is not one.
    let lists_errors_of_all =
        |e: &Entry| names_errors(&e.title) && !titled_like_operation(&e.title);
    // An entry named for something beside the calls (`### 2.1 Directory Layout`, `###
    // Config File (.bouncerfox.yml)`, `### CI/CD Integration`, `### Usage in Workers`),
    // with no request, field or function of an operation, shows it in code; it is not
    // one.
    let beside_calls = |e: &Entry| {
        names_beside_calls(&e.title)
            && !titled_like_operation(&e.title)
            && !request_line(doc, e)
            && !forms.iter().any(|f| doc.field(e.body.clone(), f).is_some())
            && doc.field(e.body.clone(), &field_forms("Method")).is_none()
            && !super::evidence::declares_function(doc, e.body.clone())
    };
    let operations: Vec<&Entry> = entries
        .iter()
        .filter(|e| {
            !data_only(e)
                && !beside_calls(e)
                && !lists_errors_of_all(e)
                && !names_ui_page(&e.title)
                && !shared_note(e)
                && !lists_requests(e)
                && !operation_table(doc, e.body.clone())
                && !names_base_url(&e.title)
                && !names_a_setting(&e.title)
        })
        .filter(|e| {
            titled_like_operation(&e.title)
                || forms.iter().any(|f| doc.field(e.body.clone(), f).is_some())
                || request_line(doc, e)
                // Defined in code (a schema, a YAML tool list).
                || doc.lines[e.body.clone()].iter().any(|l| l.fence)
        })
        .collect();
    // Operations given as a table, or as code (a usage block, a schema), are there.
    let as_code = bodies
        .iter()
        .any(|b| doc.lines[b.clone()].iter().any(|l| l.fence));
    let table = bodies.iter().any(|b| {
        doc.lines[b.clone()]
            .iter()
            .any(|l| !l.hidden && l.text.trim_start().starts_with('|'))
    });
    // Operations listed one per line (`- `POST /init``) are there too.
    // (Or calls listed with their types, `` * `loadJson(title: string): Promise<Json>` ``.)
    let listed = || {
        bodies.iter().any(|b| {
            !super::evidence::operations(doc, b.clone()).is_empty()
                || super::evidence::listed_signatures(doc, b.clone())
        })
    };
    if operations.is_empty()
        && !listed()
        && !says_none(doc, section)
        && !bodies.iter().any(|b| operation_table(doc, b.clone()))
        && !as_code
        && !table
    {
        let fields = bold_list(&shape.entry_fields, ", ");
        out.push(warning(
            section.line,
            "no-operations",
            format!(
                "{} describes no `### Name` entry with the template's fields",
                shape.section
            ),
            &format!("Give each one a `### Name` heading with {fields}, or say `None` and why."),
        ));
    }
    // An entry of the section naming the errors (`### Formato de erro` over a table of
    // statuses and codes, before the resources' requests) lists every operation's
    // errors, as an error section would.
    let errors_entry = entries
        .iter()
        .filter(|e| lists_errors_of_all(e))
        .map(|e| Section {
            title: e.title.clone(),
            name: e.title.clone(),
            line: e.line,
            body: e.body.clone(),
        })
        .find(|s| lists_errors(doc, s));
    // (Also beside an error section that lists none, only code: `### Codes de réponse
    // HTTP` over `- \`409\` : Conflit` beside `### Gestion d'erreurs` with its exception
    // classes.)
    let shared_errors = match shared_errors {
        Some(s) if lists_errors(doc, s) => Some(s),
        other => errors_entry.as_ref().or(other),
    };
    let covered = under_error_rule(
        doc,
        std::iter::once(section).chain(continued.iter().copied()),
    );
    let tools = under_tools(
        doc,
        std::iter::once(section).chain(continued.iter().copied()),
    );
    check_operations(
        doc,
        &operations,
        &forms,
        shape,
        shared_errors,
        &covered,
        &tools,
        out,
    );
}

/// The level of a section's heading (1 when its line is no heading: the text before
/// the first section).
fn heading_level(doc: &Doc, section: &Section) -> usize {
    doc.lines
        .get(section.line.wrapping_sub(1))
        .and_then(|l| l.heading.as_ref())
        .map_or(1, |(level, _)| *level)
}

/// The heading lines under a section or group named for tools (`## 6. MCP Tools`, `###
/// 6.1 State Query Tools`), or for the methods, channels or procedures called by name
/// (`### 5.1 IPC Methods`, `### RPC Procedures`, `## Callables`): an entry there named by a bare
/// identifier (`#### get_units`, `` #### `set-acceleration-mode` ``) is called by that
/// name.
fn under_tools<'s>(
    doc: &Doc,
    sections: impl Iterator<Item = &'s Section>,
) -> std::collections::HashSet<usize> {
    let names_tools = |title: &str| {
        super::vocab::all_name_words(title).iter().any(|w| {
            matches!(
                w.as_str(),
                "tool" | "method" | "ipc" | "channel" | "rpc" | "procedure" | "callable"
            )
        })
    };
    let mut under = std::collections::HashSet::new();
    for section in sections {
        let level = heading_level(doc, section);
        // (level, whether it or a heading over it names tools)
        let mut open: Vec<(usize, bool)> = vec![(level, names_tools(&section.title))];
        for line in &doc.lines[section.body.clone()] {
            if let Some((level, title)) = &line.heading {
                while open.last().is_some_and(|(l, _)| l >= level) && open.len() > 1 {
                    open.pop();
                }
                let above = open.iter().any(|(_, tools)| *tools);
                if above {
                    under.insert(line.number);
                }
                open.push((*level, above || names_tools(title)));
            }
        }
    }
    under
}

/// Whether a title is nothing but an identifier, as a tool's name is (`get_units`,
/// `` `preview_attack` ``, `listEvents`), not a word of prose (`Authentication`).
fn names_by_identifier(title: &str) -> bool {
    let t = super::vocab::strip_numbering(title.trim()).trim_matches(['`', '*']);
    let mut chars = t.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && t.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        && t.chars().any(|c| c.is_ascii_alphabetic())
}

/// Whether a title names the base URL the operations share (`### ベースURL例：
/// http://127.0.0.1:8085`, `### Base URL`, `### URL de base`): no operation of its own.
/// Whether a title is a setting with its value, in code (`` `open-in-view: false` ``,
/// `` `spring.jpa.open-in-view=false` ``): a configuration choice, not a call.
fn names_a_setting(title: &str) -> bool {
    let title = super::vocab::strip_numbering(title.trim());
    let Some(code) = title
        .strip_prefix('`')
        .and_then(|t| t.strip_suffix('`'))
        .filter(|c| !c.contains('`'))
    else {
        return false;
    };
    let key_ok = |k: &str| {
        !k.is_empty()
            && k.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
    };
    match code.split_once(": ").or_else(|| code.split_once('=')) {
        Some((key, value)) => {
            key_ok(key.trim()) && !value.trim().is_empty() && !value.trim().contains(' ')
        }
        None => false,
    }
}

fn names_base_url(title: &str) -> bool {
    let lower = title.to_lowercase().replace([' ', '-', '_'], "");
    [
        "baseurl",
        "ベースurl",
        "基础url",
        "基本url",
        "基礎url",
        "베이스url",
        "urldebase",
        "urlbase",
        "basisurl",
    ]
    .iter()
    .any(|n| lower.contains(n))
}

/// The heading lines of the entries whose group states an error for all of them in its
/// opening lines, before its first sub-heading (`### Admin` opening with `Return `403`
/// for any other role.` over its `#### GET /admin/users`): each of them answers with
/// that error. (Not the section's opening lines: a status there is often for some of
/// its operations, `管理者API（6-9章）は ... 403`.) So are the entries of a group named
/// for what the server sends the client (`### 5.3 サーバー → クライアント メッセージ`,
/// `### Server → Client Events`, `### Server-sent events`): a message pushed is no
/// request to reject. Read once, in one pass over the sections.
fn under_error_rule<'s>(
    doc: &Doc,
    sections: impl Iterator<Item = &'s Section>,
) -> std::collections::HashSet<usize> {
    let mut covered = std::collections::HashSet::new();
    for section in sections {
        let level = heading_level(doc, section);
        // (level, whether its opening lines state an error (or its name is for the
        // messages the server sends), whether they go on)
        let mut open: Vec<(usize, bool, bool)> = vec![(level, false, false)];
        for line in &doc.lines[section.body.clone()] {
            if let Some((level, title)) = &line.heading {
                while open.last().is_some_and(|(l, ..)| l >= level) && open.len() > 1 {
                    open.pop();
                }
                if let Some(top) = open.last_mut() {
                    top.2 = false;
                }
                if open.iter().any(|(_, states, _)| *states) {
                    covered.insert(line.number);
                }
                open.push((*level, sent_to_client(title), true));
            } else if !line.hidden
                && let Some(top) = open.last_mut()
                && top.2
                && mentions_error_status(&line.text)
            {
                top.1 = true;
            }
        }
    }
    covered
}

/// Whether a title names what the server sends the client: the server first, then the
/// client, an arrow or `to` between (`Server → Client Messages`, `サーバー → クライアント`,
/// `服务端 -> 客户端`, `server-to-client`), or `Server-sent events`.
fn sent_to_client(title: &str) -> bool {
    let lower = title.to_lowercase();
    if lower.contains("server-sent") || lower.contains("server sent") {
        return true;
    }
    let first = |words: &[&str]| words.iter().filter_map(|w| lower.find(w)).min();
    let (Some(server), Some(client)) = (
        first(&["server", "サーバー", "サーバ", "服务端", "服务器", "서버"]),
        first(&["client", "クライアント", "客户端", "클라이언트"]),
    ) else {
        return false;
    };
    server < client && {
        let between = &lower[server..client];
        ["→", "->", "⇒", " to ", "-to-"]
            .iter()
            .any(|a| between.contains(a))
    }
}

/// Whether a title names errors (`Error format`, `Formato de erro`, `Fehlercodes`,
/// `エラー形式`).
fn names_errors(title: &str) -> bool {
    // (Or the statuses the API answers with: `### Codes de réponse HTTP`, `### Status
    // Codes`.)
    let lower = title.to_lowercase();
    [
        "status codes",
        "response codes",
        "http codes",
        "codes de réponse",
        "codes http",
        "códigos de respuesta",
        "códigos de resposta",
        "códigos http",
        "codici di risposta",
        "statuscodes",
        "коды ответа",
        "状态码",
        "ステータスコード",
        "상태 코드",
    ]
    .iter()
    .any(|p| lower.contains(p))
        || super::vocab::has_word_or_part(
            title,
            &[
                "error",
                "errors",
                "erro",
                "erros",
                "errores",
                "erreur",
                "erreurs",
                "errore",
                "errori",
                "fehler",
                "fehlercodes",
                "ошибки",
                "ошибок",
            ],
            &["错误", "異常", "异常", "오류", "에러", "エラー"],
        )
}

/// Whether a range lists operations as rows of a table with a method, endpoint,
/// path or route column.
fn operation_table(doc: &Doc, range: std::ops::Range<usize>) -> bool {
    doc.headed_tables(range).iter().any(|(header, rows)| {
        header.iter().any(|c| {
            matches!(
                c.trim().to_lowercase().as_str(),
                "method"
                    | "endpoint"
                    | "path"
                    | "route"
                    | "http method"
                    // The same in other languages.
                    | "método"
                    | "metodo"
                    | "rota"
                    | "ruta"
                    | "pfad"
                    | "chemin"
                    | "方法"
                    | "路径"
                    | "路由"
                    | "メソッド"
                    | "パス"
                    | "エンドポイント"
                    | "메서드"
                    | "경로"
            )
        }) || first_column_paths(rows)
    })
}

/// Whether a table's rows (from the one after its delimiter row) give a path in their
/// first cell, two or more of them (`| /sitemap.xml | Sitemap |`): a table of routes.
fn first_column_paths(rows: &[super::doc::Line]) -> bool {
    rows.iter()
        .take_while(|l| !l.hidden && l.text.trim_start().starts_with('|'))
        .filter(|l| {
            super::syntax::split_row(&l.text)
                .first()
                .is_some_and(|c| c.trim().trim_matches('`').starts_with('/'))
        })
        .nth(1)
        .is_some()
}

/// The `## ` sections a document gives its operations as (`## Tool: print_label`),
/// checked as the API section's entries.
pub(crate) fn check_operation_sections(
    doc: &Doc,
    sections: &[Section],
    shape: &SectionShape,
    shared_errors: Option<&Section>,
    out: &mut Vec<Finding>,
) {
    let forms: Vec<Forms> = shape.entry_fields.iter().map(|l| field_forms(l)).collect();
    let entries: Vec<Entry> = sections
        .iter()
        .map(|s| Entry {
            title: s.name.clone(),
            line: s.line,
            body: s.body.clone(),
        })
        .collect();
    let operations: Vec<&Entry> = entries.iter().collect();
    // (Each is a `## ` section of its own: no group opens over them.)
    let no_group = std::collections::HashSet::new();
    check_operations(
        doc,
        &operations,
        &forms,
        shape,
        shared_errors,
        &no_group,
        &no_group,
        out,
    );
}

/// Each operation's template fields.
#[allow(clippy::too_many_arguments)]
fn check_operations(
    doc: &Doc,
    operations: &[&Entry],
    forms: &[Forms],
    shape: &SectionShape,
    shared_errors: Option<&Section>,
    under_rule: &std::collections::HashSet<usize>,
    tools: &std::collections::HashSet<usize>,
    out: &mut Vec<Finding>,
) {
    // A spec whose operations give no errors of their own but whose error section lists
    // them keeps every operation's errors there; once one operation gives its own, each
    // one should.
    let errors_at = shape
        .entry_fields
        .iter()
        .position(|f| name_words(f) == name_words("Errors"));
    let own_errors = errors_at.is_some_and(|k| {
        operations.iter().any(|e| {
            doc.field(e.body.clone(), &forms[k]).is_some()
                || shown_without_label(doc, e, "Errors", uses_bold_labels(doc, e, forms))
        })
    });
    // (An error section saying it holds every operation's, `## 15. Exit Codes (all
    // commands)`, `## Common Errors`, keeps them there even beside an operation's own.)
    let listed = shared_errors.is_some_and(|s| {
        (lists_errors(doc, s) || lists_exit_codes(doc, s))
            && (!own_errors || names_errors_of_all(&s.name))
    });
    // The error section names the component (`SourceManager` beside `Unknown source
    // disconnect: ...`, `P2P Synchronization Service` beside `Network and Sync Errors`).
    // (A request's resource, `GET /v1/orders/{id}`, is named by every order error.)
    // The first four letters of each word there, read once.
    let there = std::cell::OnceCell::new();
    let stems = || {
        there.get_or_init(|| {
            shared_errors
                .map(|s| {
                    doc.lines[s.body.clone()]
                        .iter()
                        .filter(|l| !l.hidden)
                        .flat_map(|l| name_parts(&l.text))
                        .filter(|w| w.chars().count() >= 4)
                        .map(|w| w.chars().take(4).collect::<String>())
                        .collect::<std::collections::HashSet<String>>()
                })
                .unwrap_or_default()
        })
    };
    let named_there = |entry: &Entry| {
        let request = title_request(&entry.title).is_some() || entry.title.contains('/');
        !request
            && name_parts(&entry.title)
                .iter()
                .filter(|w| w.chars().count() >= 4 && !GENERIC_PARTS.contains(&w.as_str()))
                .any(|w| stems().contains(&w.chars().take(4).collect::<String>()))
    };
    for entry in operations {
        let owner = format!(
            "`{}` in {}",
            entry.title.replace(['`', '*'], ""),
            shape.section
        );
        let strict = uses_bold_labels(doc, entry, forms);
        // A tool named by its identifier under a heading naming tools is called by it.
        let tool = tools.contains(&entry.line) && names_by_identifier(&entry.title);
        for (label, label_forms) in shape.entry_fields.iter().zip(forms) {
            if doc.field(entry.body.clone(), label_forms).is_none()
                && ((tool && name_words(label) == name_words("Method/Interface"))
                    || shown_without_label(doc, entry, label, strict)
                    || (name_words(label) == name_words("Errors")
                        && (listed || named_there(entry) || under_rule.contains(&entry.line))))
            {
                continue;
            }
            check_field(
                doc,
                entry.body.clone(),
                entry.line,
                &owner,
                label,
                label_forms,
                false,
                out,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_may_name_its_error_type() {
        assert!(names_error_type(") -> Result<Vec<Item>, ParseError>"));
        assert!(names_error_type(
            "fn f() -> Result<HashMap<String, u32>, crate::LoadError> {"
        ));
        assert!(names_error_type(
            "void pay(Order o) throws QuotaExceededException;"
        ));
        // A bare error, or none, names no type.
        assert!(!names_error_type("fn f() -> Result<(), Error>"));
        assert!(!names_error_type("fn f() -> Result<Item>"));
        assert!(!names_error_type("fn f() -> anyhow::Result<Item>"));
        assert!(!names_error_type("func Get(id string) (*Item, error)"));
        assert!(!names_error_type("Result<Vec<Item>, ParseError"));
    }

    #[test]
    fn an_error_status_is_found_with_its_condition_in_any_script() {
        assert!(error_status_with_condition(
            "`200 OK` or `409 Conflict` (invalid transition)"
        ));
        assert!(error_status_with_condition(
            "`201` ou `409` quand déjà réservé (conflit)"
        ));
        assert!(error_status_with_condition(
            "réponse é `404` when the id is unknown"
        ));
        assert!(!error_status_with_condition(
            "`204 No Content`, or HTTP 429"
        ));
        assert!(!error_status_with_condition("é`200` é 409é"));
        assert!(!error_status_with_condition("v4091 (build)"));
    }

    #[test]
    fn ui_components_are_told_from_service_components_and_requests() {
        assert!(names_ui_component(
            "2. ManageTagsButton Component (src/components/decks/ManageTagsButton.tsx)"
        ));
        assert!(names_ui_component("Core UI Components"));
        assert!(names_ui_component("DiveCard widget"));
        assert!(!names_ui_component("RelayEngine Component"));
        assert!(!names_ui_component("POST /components"));
        assert!(!names_ui_component("Components.tsxParser"));
    }

    #[test]
    fn a_source_file_is_a_module_not_an_operation() {
        assert!(!titled_like_operation(
            "`middleware/metrics.py` — Metrics Middleware"
        ));
        assert!(!titled_like_operation("src/routes/users.ts"));
        assert!(titled_like_operation("POST /upload.py"));
        assert!(titled_like_operation("`client.send()` on Node.js"));
        assert!(titled_like_operation("GET /v1/items"));
    }

    #[test]
    fn names_split_into_their_parts() {
        assert_eq!(name_parts("SourceManager"), vec!["source", "manager"]);
        assert_eq!(
            name_parts("P2P Synchronization Service"),
            vec!["p2p", "synchronization", "service"]
        );
        assert_eq!(name_parts("UNKNOWN_SOURCE"), vec!["unknown", "source"]);
        assert_eq!(name_parts("`getHTTPStatus()`"), vec!["get", "httpstatus"]);
    }
}
