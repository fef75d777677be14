//! What a section's content shows it is, whatever its heading says: operations
//! (`POST /v1/arrival` as a line, a heading or a table cell), data shapes (a JSON
//! document, a type declaration, a table of fields and their types) and per-item
//! verification (`- Verification: ...` under each requirement). A template section that
//! no heading names is looked for by this evidence before it is reported missing.
//!
//! Linear in the input: each line is read once per question.

use std::ops::Range;

use super::doc::Doc;
use super::syntax::{
    is_delimiter_row, is_ordered_item, label_of, list_item_text, plain_label, split_row,
};
use super::vocab::{STORY_WANTS, all_name_words, name_words};

pub(crate) const HTTP_METHODS: [&str; 7] =
    ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

/// The HTTP operations a range names, `METHOD /path`, as (line number, path): anywhere
/// in prose, a heading or a table cell; at the start of a line inside code (a request as
/// written on the wire), not inside a call in sample code.
pub(crate) fn operations(doc: &Doc, range: Range<usize>) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for l in &doc.lines[range] {
        let words: Vec<&str> = l
            .text
            .split(|c: char| c.is_whitespace() || matches!(c, '`' | '|' | '*' | '(' | '#'))
            .filter(|w| !w.is_empty())
            .collect();
        let names = |w: &[&str]| HTTP_METHODS.contains(&w[0]) && w[1].starts_with('/');
        let hit = if l.fence {
            (words.len() >= 2 && names(&words[..2])).then(|| words[1])
        } else if !l.hidden {
            words.windows(2).find(|w| names(w)).map(|w| w[1])
        } else {
            None
        };
        if let Some(path) = hit {
            out.push((l.number, path.to_string()));
        }
    }
    out
}

/// A path's shape, for telling whether two name one route: without its query or a
/// trailing slash, each parameter as `{}` (`/v1/arrival/{session_id}/order`,
/// `/v1/arrival/:id/order` and `/v1/arrival/[id]/order` alike; `/jobs/full?date=` is
/// `/jobs/full`).
pub(crate) fn path_shape(path: &str) -> String {
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let path = path.trim_end_matches(['/', '`', ',', '.', ')']);
    path.split('/')
        .map(|segment| {
            let parameter = segment.starts_with(':')
                || (segment.starts_with('{') && segment.ends_with('}'))
                || (segment.starts_with('[') && segment.ends_with(']'))
                || (segment.starts_with('<') && segment.ends_with('>'));
            if parameter { "{}" } else { segment }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// The first segment of a path (`/api/verify/deep` → `api`): operations that share it
/// belong to one API.
pub(crate) fn path_root(path: &str) -> &str {
    path.trim_start_matches('/').split('/').next().unwrap_or("")
}

/// A heading that names data (`User Management Models`, `Change Event Structure`), also
/// after a dash (`Phase 2 — Database Schema`).
pub(crate) fn names_data(title: &str) -> bool {
    all_name_words(title).iter().any(|w| {
        matches!(
            w.as_str(),
            "model"
                | "schema"
                | "struct"
                | "structure"
                | "entity"
                | "type"
                | "dto"
                | "record"
                | "database"
        )
    })
}

/// Whether a range names three error types or more, in code or prose (`HwccError`,
/// `ConfigError`, `ParseError`; `NotFoundException`): an error hierarchy.
pub(crate) fn names_error_types(doc: &Doc, range: std::ops::Range<usize>) -> bool {
    let mut names: Vec<&str> = Vec::new();
    for line in &doc.lines[range] {
        for word in line
            .text
            .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
            .filter(|w| {
                w.len() > "Error".len() + 1
                    && w.starts_with(|c: char| c.is_ascii_uppercase())
                    && (w.ends_with("Error") || w.ends_with("Exception"))
            })
        {
            if !names.contains(&word) {
                names.push(word);
                if names.len() >= 3 {
                    return true;
                }
            }
        }
    }
    false
}

/// Whether a range declares the shape of data: a code block that is a JSON document or a
/// type declaration with at least three fields, or a table with a type column.
pub(crate) fn shows_data_shapes(doc: &Doc, range: Range<usize>) -> bool {
    first_data_shape(doc, range, true).is_some()
}

/// The line number of the first data shape a range declares; with `json` false, only a
/// type declared anywhere in a block ([`declares_types`]) or a typed table counts (a JSON
/// document may be a request's sample).
pub(crate) fn first_data_shape(doc: &Doc, range: Range<usize>, json: bool) -> Option<usize> {
    let lines = &doc.lines[range];
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        if line.fence {
            // The block: its fence line, then its code up to the closing fence.
            let start = i + 1;
            let mut end = start;
            while end < lines.len() && lines[end].fence && !is_fence_line(&lines[end].text) {
                end += 1;
            }
            let code = lines[start.min(end)..end].iter().map(|l| l.text.as_str());
            if (json && declares_shape(code.clone())) || (!json && declares_types(code)) {
                return Some(line.number);
            }
            i = end + 1;
            continue;
        }
        if !line.hidden
            && line.text.trim_start().starts_with('|')
            && lines.get(i + 1).is_some_and(|n| is_delimiter_row(&n.text))
        {
            let header: Vec<String> = split_row(&line.text)
                .iter()
                .map(|c| c.trim().to_lowercase())
                .collect();
            // (In another language too: `| Feld | Typ | Pflicht |`, `| 字段 | 类型 |`.)
            let english = |c: &String| super::tables::column_in_english(c.trim_matches('*'));
            let typed = header
                .iter()
                .any(|c| c == "type" || c.ends_with(" type") || english(c) == Some("type"));
            let named = header.first().is_some_and(|c| {
                [
                    "field",
                    "name",
                    "property",
                    "attribute",
                    "column",
                    "key",
                    "parameter",
                ]
                .iter()
                .any(|w| c.contains(w))
                    || english(c) == Some("field")
            });
            if typed && named {
                return Some(line.number);
            }
        }
        i += 1;
    }
    None
}

pub(crate) fn is_fence_line(text: &str) -> bool {
    let t = text.trim_start();
    t.starts_with("```") || t.starts_with("~~~")
}

/// A code block's lines that declare data: the first line opens a JSON document or a
/// type (`interface`, `struct`, `class`, `enum`, `type X =`, `message`, `model`,
/// `CREATE TABLE`, `ALTER TABLE`), and at least three lines are fields (`key: value`,
/// a type and a name, `ADD COLUMN name TYPE`).
fn declares_shape<'a>(code: impl Iterator<Item = &'a str>) -> bool {
    let mut first: Option<String> = None;
    let mut fields = 0;
    // In a type declaration only its own lines count (a brace deep): a class's method
    // calling `getNearbyRuns(latitude: lat, ...)` names arguments, not fields.
    let mut depth: i64 = 0;
    for text in code {
        let t = text.trim();
        if says_nothing(t) {
            continue;
        }
        // (A decorator or annotation over the type, `@dataclass`, `@Entity`, is not it.)
        if first.is_none() && t.starts_with('@') {
            continue;
        }
        if first.is_none() {
            first = Some(t.to_string());
            depth = braces(t);
            continue;
        }
        let document = first.as_deref().is_some_and(|f| f.starts_with(['{', '[']));
        let outer = depth <= 1 || document;
        depth += braces(t);
        if !outer {
            continue;
        }
        if is_field(t, false) {
            fields += 1;
        }
    }
    let Some(first) = first else { return false };
    let opens = first.starts_with(['{', '[']) || opens_type(&first, false).is_some();
    opens && fields >= 3
}

/// How many braces a code line opens, less those it closes.
fn braces(t: &str) -> i64 {
    t.matches('{').count() as i64 - t.matches('}').count() as i64
}

/// A code line that declares nothing: blank, or a comment (`//`, `#`, `--`).
fn says_nothing(t: &str) -> bool {
    t.is_empty() || t.starts_with("//") || t.starts_with('#') || t.starts_with("--")
}

/// A code block's lines that declare types, anywhere in the block (`interface`, `struct`,
/// `class`, `enum`, `type X =`, `message`, `model`, `CREATE TABLE`, `ALTER TABLE`, an
/// entity or a class of a mermaid diagram), with at least three fields among them (`key:
/// value`, `pub path: String`, a type and a name, `ADD COLUMN name TYPE`, an enum's
/// variants). A type with methods of its own is a component, not data: its fields do not
/// count (a diagram's class keeps its attributes). Looser than [`declares_shape`], which
/// places the data model by its first type: this only asks whether a spec declares any,
/// before lint calls its data model missing.
fn declares_types<'a>(code: impl Iterator<Item = &'a str>) -> bool {
    // The declaration the lines are in, by its kind, and whether braces close it.
    let mut open: Option<&'static str> = None;
    let mut braced = false;
    let mut diagram = None;
    // The fields of the declarations ended, and of the one the lines are in; whether
    // that one has a method.
    let (mut fields, mut own, mut method) = (0, 0, false);
    let mut close = |own: &mut usize, method: &mut bool| {
        if !*method {
            fields += *own;
        }
        (*own, *method) = (0, false);
        fields >= 3
    };
    // Only a declaration's own lines count (a brace deep): a class's method calling
    // `getNearbyRuns(latitude: lat, ...)` names arguments, not fields.
    let mut depth: i64 = 0;
    for text in code {
        let t = text.trim();
        if says_nothing(t) {
            continue;
        }
        // (A decorator or annotation over the type, `@dataclass`, `@Entity`, is not it.)
        if depth <= 0 && t.starts_with('@') {
            continue;
        }
        let diagram = *diagram.get_or_insert(t == "erDiagram" || t == "classDiagram");
        if depth <= 0 {
            // A line outside any declaration in braces opens the next, or is no field; a
            // declaration without braces (SQL's, Python's) goes on to its fields.
            if let Some(kind) = opens_type(t, diagram) {
                if close(&mut own, &mut method) {
                    return true;
                }
                open = Some(kind);
                braced = braces(t) > 0;
                depth = braces(t).max(0);
                continue;
            }
            if braced {
                open = None;
                continue;
            }
        }
        let outer = depth <= 1;
        depth += braces(t);
        let Some(kind) = open else { continue };
        if outer {
            if diagram {
                // (An attribute, `+string BaseUrl` or `string name PK`; not a method,
                // `+render()`, nor a stereotype, `<<component>>`.)
                own += usize::from(t != "}" && !t.contains('(') && !t.starts_with("<<"));
            } else if is_method(t) {
                method = true;
            } else if is_field(t, true) || (kind == "enum" && is_variant(t)) {
                own += 1;
            }
        }
        // (A declaration in braces ends with them.)
        if depth <= 0 && t.ends_with('}') {
            open = None;
            if close(&mut own, &mut method) {
                return true;
            }
        }
    }
    close(&mut own, &mut method)
}

/// A method declared in a type: `constructor(...) {`, `def render(self):`, `fn area(&self)
/// -> f64 {`, `get(id: string): Promise<Item>;`, `public String getName() {`; not an
/// enum's variant holding a value (`Pending(String),`).
fn is_method(t: &str) -> bool {
    let Some((before, after)) = t.split_once('(') else {
        return false;
    };
    // (Its parameters closed, a body, a return type or the end follows: not a modifier's
    // parentheses, `pub(crate) n: u64`.)
    let mut depth = 1;
    let Some(close) = after.find(|c: char| {
        depth += i32::from(c == '(') - i32::from(c == ')');
        depth == 0
    }) else {
        return false;
    };
    let rest = after[close + 1..].trim_start();
    // (Not a field whose type or default is called: `onChange: (v: string) => void`,
    // `tags: list = Field(default_factory=list)`.)
    let name = before.split_whitespace().last().unwrap_or("");
    !before.contains([':', '='])
        && !name.is_empty()
        && name.chars().all(|c| c.is_alphanumeric() || c == '_')
        && !t.starts_with(|c: char| c.is_uppercase() && before.split_whitespace().count() == 1)
        && (rest.is_empty() || rest.starts_with(['{', ':', ';', '-']) || rest.starts_with("throws"))
}

/// The kind of type a code line opens, past its modifiers (`export`, `pub`, `public final
/// class`, Kotlin's `data class`), or a table or an ORM's schema; in a mermaid diagram,
/// an entity or a class (`USERS {`).
fn opens_type(t: &str, diagram: bool) -> Option<&'static str> {
    if diagram {
        return t.ends_with('{').then_some("entity");
    }
    let upper = t.to_uppercase();
    if upper.starts_with("CREATE TABLE") || upper.starts_with("ALTER TABLE") {
        return Some("table");
    }
    // A table or schema built by an ORM (`sqliteTable('sessions', {`, `new Schema({`).
    if t.ends_with('{') && (t.contains("Table(") || t.contains("Schema(")) {
        return Some("table");
    }
    let word = t.split_whitespace().find(|w| {
        !matches!(
            *w,
            "export" | "pub" | "pub(crate)" | "public" | "final" | "abstract" | "sealed" | "data"
        )
    })?;
    [
        "interface",
        "struct",
        "class",
        "enum",
        "type",
        "message",
        "model",
    ]
    .into_iter()
    .find(|kind| *kind == word)
}

/// A field of a declared type or a key of a document: `key: value`, `"key": 1`, `name?:
/// string`, a type and a name (`final String id;`), or `ADD COLUMN name TYPE`. Read
/// `loose`ly, also past its modifiers (`pub path: String`, `readonly context: T`,
/// Kotlin's `val id: Long`) and its Go tag (`Name *string \`json:"name"\``).
fn is_field(t: &str, loose: bool) -> bool {
    let key = t.split_once(':').map(|(k, _)| {
        let mut k = k.trim();
        while let Some((modifier, rest)) = k.split_once(char::is_whitespace) {
            if !loose || !FIELD_MODIFIERS.contains(&modifier) {
                break;
            }
            k = rest.trim_start();
        }
        k.trim_matches('"').trim_end_matches('?')
    });
    let untagged = t
        .find('`')
        .filter(|_| loose && t.trim_end_matches([',', ';']).ends_with('`'))
        .map_or(t, |at| t[..at].trim_end());
    key.is_some_and(|k| {
        !k.is_empty()
            && k.chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
    }) || typed_field(untagged)
        || t.to_uppercase().starts_with("ADD COLUMN ")
}

/// What may stand before a field's name: `pub`, `readonly`, `val`, ...
const FIELD_MODIFIERS: [&str; 13] = [
    "pub",
    "pub(crate)",
    "public",
    "private",
    "protected",
    "internal",
    "readonly",
    "static",
    "final",
    "val",
    "var",
    "optional",
    "required",
];

/// An enum's variant on its own line: `Whole,`, `Chunked { size: u32 },`, `Red = "red",`,
/// `Pending(String),`.
fn is_variant(t: &str) -> bool {
    let t = t.trim_end_matches([',', ';']);
    let name_end = t
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(t.len());
    let (name, rest) = t.split_at(name_end);
    !name.is_empty()
        && name.starts_with(char::is_alphabetic)
        && (rest.is_empty() || rest.trim_start().starts_with(['(', '{', '=']))
}

/// A field declared as a type and a name, or a name and a type, without a colon
/// (`final String id;`, `ID string`, `private List<Tag> tags;`, `Name *string`).
fn typed_field(line: &str) -> bool {
    // (A protobuf field, numbered and perhaps commented: `string notification_id = 1;
    // // UUID`.)
    let code = line
        .split_once("//")
        .map_or(line, |(code, _)| code)
        .trim_end();
    let line = code
        .strip_suffix(';')
        .and_then(|field| field.rsplit_once('='))
        .filter(|(_, number)| {
            let n = number.trim();
            !n.is_empty() && n.chars().all(|c| c.is_ascii_digit())
        })
        .map_or(line, |(field, _)| field);
    let t = line.trim_end_matches([';', ',']).trim();
    let words: Vec<&str> = t.split_whitespace().collect();
    (2..=4).contains(&words.len())
        && !t.contains(['(', '=', '{', '}'])
        && words.iter().all(|w| {
            w.chars()
                .all(|c| c.is_alphanumeric() || "_<>?[]*.,".contains(c))
        })
        && words.iter().any(|w| w.chars().any(char::is_alphabetic))
}

/// The lines opening a sequence diagram (a `sequenceDiagram` block in mermaid): an
/// interaction step by step, a use case's flow.
pub(crate) fn sequence_diagrams(doc: &Doc) -> Vec<usize> {
    doc.lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.fence && l.text.trim() == "sequenceDiagram")
        .filter(|(i, _)| a_person_takes_part(&doc.lines[i + 1..]))
        .map(|(_, l)| l.number)
        .collect()
}

/// Whether a person takes part in the sequence diagram these lines hold (up to the end
/// of its code block): an `actor`, or a participant named as one (`participant U as
/// User`, `participant U as Người Dùng`, `Admin->>API: ...`). A startup sequence of
/// components (`index.ts`, `GitSync`, `SkillIndex`) tells how the parts work, not a use
/// of the system; so does one whose `Consumer` is `消费服务`, a service. What a message
/// says (`Filter by roles (client-side)`) names no participant.
fn a_person_takes_part(lines: &[super::doc::Line]) -> bool {
    // (A set: a diagram may declare thousands.)
    let mut declared: std::collections::HashSet<&str> = std::collections::HashSet::new();
    // (Up to the end of its block or the next diagram: each line is read for one
    // diagram only, however many a block holds.)
    for line in lines.iter().take_while(|l| {
        let t = l.text.trim();
        l.fence && !t.starts_with("```") && !t.starts_with("~~~") && t != "sequenceDiagram"
    }) {
        let t = line.text.trim();
        if t.starts_with("actor ") {
            return true;
        }
        if let Some(rest) = t.strip_prefix("participant ") {
            let (id, shown) = rest.split_once(" as ").unwrap_or((rest, rest));
            if names_a_person(shown) {
                return true;
            }
            declared.insert(id.trim());
            continue;
        }
        // A message: `From->>To: what it says`; only its ends name participants.
        let Some((ends, _)) = t.split_once(':') else {
            continue;
        };
        if !ends.contains('-') || ends.to_ascii_lowercase().starts_with("note ") {
            continue;
        }
        let Some(at) = ends.find('-') else {
            continue;
        };
        let to = ends[at..].trim_start_matches('-');
        let to = [">>", ">", "x", ")"]
            .iter()
            .find_map(|arrow| to.strip_prefix(arrow))
            .unwrap_or(to)
            .trim_start_matches(['+', '-']);
        if [&ends[..at], to]
            .into_iter()
            .map(str::trim)
            .filter(|e| !e.is_empty() && !declared.contains(e))
            .any(names_a_person)
        {
            return true;
        }
    }
    false
}

/// Whether a participant's name names a person (`User`, `Admin`, `Người Dùng`, `用户`),
/// not a part of the system (`User Service`, `Client App`, `Consumer Worker`).
fn names_a_person(name: &str) -> bool {
    const PEOPLE: &[&str] = &[
        "user",
        "users",
        "customer",
        "admin",
        "administrator",
        "operator",
        "player",
        "buyer",
        "seller",
        "courier",
        "member",
        "visitor",
        "guest",
        "student",
        "teacher",
        "doctor",
        "patient",
        "employee",
        "manager",
        "developer",
        "owner",
        "driver",
        "person",
        "human",
        "reviewer",
        "author",
        "editor",
        "staff",
        "client",
        "consumer",
        // (Roles: `participant CTO as Subsidiary CTO`.)
        "cto",
        "ceo",
        "cfo",
        "analyst",
        "engineer",
        "requester",
        "approver",
        "applicant",
        "subscriber",
        "recipient",
        "learner",
        "parent",
        "tenant",
        "hr",
    ];
    // A person in other languages, as the whole name or its first words.
    const PEOPLE_ELSEWHERE: &[&str] = &[
        "người dùng",
        "khách hàng",
        "quản trị viên",
        "用户",
        "用戶",
        "使用者",
        "管理员",
        "管理者",
        "客户",
        "顧客",
        "ユーザー",
        "ユーザ",
        "利用者",
        "사용자",
        "고객",
        "관리자",
        "пользователь",
        "користувач",
        "администратор",
        "usuario",
        "usuário",
        "utilisateur",
        "benutzer",
        "nutzer",
        "utente",
        "kullanıcı",
        "użytkownik",
        "gebruiker",
        "pengguna",
    ];
    // Words that make a name a part of the system.
    const PARTS: &[&str] = &[
        "service", "server", "worker", "process", "api", "app", "system", "db", "queue", "backend",
        "frontend", "module", "handler", "sdk", "library", "bot", "agent",
    ];
    // The same in scripts written without spaces, inside the name (`用户服务`).
    const PARTS_INSIDE: &[&str] = &["服务", "服務", "端", "系统", "サービス", "서비스", "서버"];
    let lower = name.trim().trim_matches('"').to_lowercase();
    // In Chinese, Japanese and Korean a name's head comes last: `C端会员` (the consumer
    // side's member) is a person, `用户服务` a service. The client, `客户端`, is a person
    // as `Client` is.
    const PEOPLE_LAST: &[&str] = &[
        "会员",
        "會員",
        "会員",
        "用户",
        "用戶",
        "客户",
        "顾客",
        "顧客",
        "管理员",
        "买家",
        "卖家",
        "访客",
        "ユーザー",
        "ユーザ",
        "利用者",
        "사용자",
        "고객",
        "회원",
        "관리자",
    ];
    if PEOPLE_LAST.iter().any(|p| lower.ends_with(p))
        || matches!(
            lower.as_str(),
            "客户端" | "用户端" | "クライアント" | "클라이언트"
        )
    {
        return true;
    }
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    if words.iter().any(|w| PARTS.contains(w)) || PARTS_INSIDE.iter().any(|p| lower.contains(p)) {
        return false;
    }
    words.iter().any(|w| PEOPLE.contains(w))
        || PEOPLE_ELSEWHERE.iter().any(|p| {
            lower.strip_prefix(p).is_some_and(|rest| {
                rest.is_empty() || !rest.starts_with(|c: char| c.is_alphanumeric()) || !p.is_ascii()
            })
        })
}

/// Whether a range tables tools or commands by name, two or more (`| Tool | Purpose |`
/// over `` | `investigate_user` | ... | ``): an MCP server's or a CLI's operations.
pub(crate) fn tool_table(doc: &Doc, range: Range<usize>) -> bool {
    named_calls_table(doc, range, true)
}

/// Whether a range tables tools or functions by name, two or more, not commands: a
/// table of commands outside the API is as often the developer's (`| Command | Effect |`
/// over `` `python make.py build` ``).
pub(crate) fn calls_table(doc: &Doc, range: Range<usize>) -> bool {
    named_calls_table(doc, range, false)
}

fn named_calls_table(doc: &Doc, range: Range<usize>, commands: bool) -> bool {
    doc.headed_tables(range).iter().any(|(header, rows)| {
        header.first().is_some_and(|c| {
            let c = c.trim().trim_matches('*').to_lowercase();
            let command = matches!(c.as_str(), "command" | "commands" | "コマンド" | "命令");
            (commands || !command)
                && matches!(
                    c.as_str(),
                    "tool"
                    | "tools"
                    | "tool name"
                    // (A service's RPC functions: `| Function | Effect |` over
                    // `` `verify_payment(payment_id, approve bool)` ``.)
                    | "function"
                    | "functions"
                    | "rpc"
                    | "command"
                    | "commands"
                    | "工具"
                    | "工具名"
                    | "ツール"
                    | "ツール名"
                    | "도구"
                    | "コマンド"
                    | "命令"
                )
        }) && rows
            .iter()
            .take_while(|l| !l.hidden && l.text.trim_start().starts_with('|'))
            .filter(|l| {
                super::syntax::split_row(&l.text)
                    .first()
                    .is_some_and(|c| c.trim().starts_with('`'))
            })
            .nth(1)
            .is_some()
    })
}

/// Whether a range's code declares calls with typed parameters and a return type
/// (`processTrackEvent(event: TrackEventDto): Promise<Result>`, `fn get(id: Id) -> Item`).
pub(crate) fn typed_signatures(doc: &Doc, range: Range<usize>) -> bool {
    first_typed_signature(doc, range).is_some()
}

/// The line numbers of the typed calls a range's code declares.
pub(crate) fn typed_signature_lines(doc: &Doc, range: Range<usize>) -> Vec<usize> {
    doc.lines[range]
        .iter()
        .filter(|l| l.fence && typed_signature(l.text.trim()))
        .map(|l| l.number)
        .collect()
}

/// The line number of the first typed call a range's code declares.
pub(crate) fn first_typed_signature(doc: &Doc, range: Range<usize>) -> Option<usize> {
    doc.lines[range]
        .iter()
        .filter(|l| l.fence)
        .find(|l| typed_signature(l.text.trim()))
        .map(|l| l.number)
}

/// Whether a range lists calls one per item, each with its types (`` * `loadJson(title:
/// string): Promise<Json>` `` over its input and output): the operations, listed.
pub(crate) fn listed_signatures(doc: &Doc, range: Range<usize>) -> bool {
    doc.lines[range]
        .iter()
        .filter(|l| !l.fence && !l.hidden)
        .filter_map(|l| super::syntax::list_item_text(&l.text))
        .any(|item| {
            item.trim()
                .strip_prefix('`')
                .and_then(|code| code.split('`').next())
                .is_some_and(|code| typed_signature(code.trim()) || returning_call(code.trim()))
        })
}

/// A call named by an identifier with a return type, its parameters named only:
/// `` `login(email, password): Promise<Session>` `` opening a list item, where no
/// other code stands (in a code block, `run(a, b): void` may be anything).
fn returning_call(t: &str) -> bool {
    let Some(open) = t.find('(') else {
        return false;
    };
    let Some(close) = t[open..].find(')').map(|at| open + at) else {
        return false;
    };
    let name = &t[..open];
    !name.is_empty()
        && name.starts_with(|c: char| c.is_alphabetic() || c == '_')
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.'))
        && !t[open + 1..close].contains('(')
        && return_type(&t[close + 1..]).is_some_and(|rest| {
            rest.starts_with(|c: char| c.is_alphabetic())
                && !rest.starts_with("pass")
                && !rest.starts_with("return")
        })
}

/// What follows a call's closing bracket after a return arrow (`:`, `->` or `=>`): its
/// return type, if it has one.
fn return_type(after: &str) -> Option<&str> {
    let after = after.trim_start();
    ["->", "=>", ":"]
        .iter()
        .find_map(|arrow| after.strip_prefix(arrow))
        .map(str::trim_start)
}

/// A call with typed parameters and a return type: `fetch(id: Id) -> Item`,
/// `load(title: string): Promise<Json>`, or Go's `Download(ctx context.Context, path
/// string) ([]byte, error)`.
fn typed_signature(t: &str) -> bool {
    go_signature(t) || colon_signature(t)
}

/// A Go method or function with its types: `Parse(content string) (*Config, error)`,
/// `func (c *Cache) Get() (*Config, bool)`, `Close() error`, each parameter a name and a
/// type, and a result after the brackets. Only a bare name opens it (`int main(int argc)`
/// is C), and a call (`print(x)`, `users(id int, name text)` with nothing after) is none.
fn go_signature(t: &str) -> bool {
    let mut t = t.trim();
    if let Some(rest) = t.strip_prefix("func ") {
        t = rest.trim_start();
        // The receiver: `(c *Cache) Get() ...`.
        if let Some(receiver) = t.strip_prefix('(') {
            let Some((inside, rest)) = receiver.split_once(')') else {
                return false;
            };
            if !go_parameters(inside, true) {
                return false;
            }
            t = rest.trim_start();
        }
    }
    let Some(open) = t.find('(') else {
        return false;
    };
    let name = &t[..open];
    let Some(close) = t[open..].find(')').map(|at| open + at) else {
        return false;
    };
    let params = &t[open + 1..close];
    let mut result = t[close + 1..].trim();
    if let Some(at) = result.find("//") {
        result = result[..at].trim_end();
    }
    let result = result.trim_end_matches('{').trim_end();
    is_identifier(name)
        && go_parameters(params, false)
        && !result.is_empty()
        && match result.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
            Some(results) => results.split(',').all(|r| {
                let r = r.trim();
                go_type(r)
                    || r.split_once(' ')
                        .is_some_and(|(n, ty)| is_identifier(n) && go_type(ty.trim()))
            }),
            None => go_type(result),
        }
}

/// Go parameters: none, or names with their types (`ctx context.Context, a, b int`), at
/// least one typed; a receiver is one name and its type.
fn go_parameters(params: &str, receiver: bool) -> bool {
    let params = params.trim();
    if params.is_empty() {
        return !receiver;
    }
    let mut typed = false;
    for part in params.split(',') {
        match part.trim().split_once(' ') {
            Some((name, ty)) if is_identifier(name) && go_type(ty.trim()) => typed = true,
            None if !receiver && is_identifier(part.trim()) => {}
            _ => return false,
        }
    }
    typed
}

/// A Go type: `string`, `*Config`, `[]byte`, `context.Context`, `...string`,
/// `map[string]int`, `chan Event`, `func()`.
fn go_type(t: &str) -> bool {
    let mut t = t.trim();
    loop {
        if let Some(rest) = t
            .strip_prefix('*')
            .or_else(|| t.strip_prefix("[]"))
            .or_else(|| t.strip_prefix("..."))
        {
            t = rest;
        } else if let Some(rest) = t
            .strip_prefix("chan<- ")
            .or_else(|| t.strip_prefix("<-chan "))
            .or_else(|| t.strip_prefix("chan "))
        {
            t = rest.trim_start();
        } else {
            break;
        }
    }
    if t.starts_with("map[") || t.starts_with("func(") || t == "interface{}" || t == "any" {
        return true;
    }
    !t.is_empty() && t.split('.').all(is_identifier)
}

/// A name in code: letters, digits and `_`, not opening with a digit.
fn is_identifier(t: &str) -> bool {
    t.starts_with(|c: char| c.is_alphabetic() || c == '_')
        && t.chars().all(|c| c.is_alphanumeric() || c == '_')
}

/// `fetch(id: Id) -> Item`, `load(title: string): Promise<Json>`.
fn colon_signature(t: &str) -> bool {
    let Some(open) = t.find('(') else {
        return false;
    };
    // (The parameters' own closing bracket: a return type may hold brackets too,
    // `-> Result<(), SearchError>`.)
    let mut depth = 0usize;
    let Some(close) = t[open..]
        .char_indices()
        .find(|&(_, c)| {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                _ => {}
            }
            depth == 0
        })
        .map(|(at, _)| open + at)
        .filter(|&c| c > open + 1)
    else {
        return false;
    };
    let name = t[..open].trim_end();
    name.ends_with(|c: char| c.is_alphanumeric() || c == '_')
        && t[open + 1..close].contains(':')
        && return_type(&t[close + 1..])
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_alphanumeric()))
}

/// Whether a range holds a table of decisions with their reasons: a header with a
/// decision column and a reason column (`| Decision | Chosen | Rejected | One-line
/// reason |`, `| # | Decision | Rationale |`).
pub(crate) fn holds_decision_table(doc: &Doc, range: Range<usize>) -> bool {
    let lines = &doc.lines[range];
    lines.windows(2).any(|pair| {
        let (head, delimiter) = (&pair[0], &pair[1]);
        if head.hidden
            || head.fence
            || !head.text.contains('|')
            || !is_delimiter_row(&delimiter.text)
        {
            return false;
        }
        let cells: Vec<Vec<String>> = split_row(&head.text)
            .iter()
            .map(|c| name_words(c))
            .collect();
        let has = |words: &[&str]| {
            cells
                .iter()
                .any(|c| c.iter().any(|w| words.contains(&w.as_str())))
        };
        has(&["decision"]) && has(&["rationale", "reason", "why", "justification"])
    })
}

/// The lines that hold a user story (`As a guest, I want to ...`, `**As an** admin, I
/// need ...`), outside code.
pub(crate) fn user_stories(doc: &Doc) -> Vec<usize> {
    // The role's opening and what it wants, by language: `As a guest, I want`, `Como
    // **dueño**, quiero`, `Als Planer möchte ich`, `Как администратор, я хочу`, `En tant
    // qu'admin, je veux`.
    const STORIES: [(&[&str], &[&str]); 5] = [
        // (Also `As the owner, I want` and `As someone who goes out with friends, I
        // want`.)
        (&["as a ", "as an ", "as the ", "as someone "], &STORY_WANTS),
        (
            &["como "],
            &[" quiero", " necesito", " deseo", " quero", " preciso"],
        ),
        (&["als "], &[" möchte ich", " will ich", " brauche ich"]),
        (&["как "], &[" я хочу", " хочу", " мне нужно"]),
        (
            &["en tant que ", "en tant qu'"],
            &[" je veux", " je souhaite"],
        ),
    ];
    // (Most lines open no role at all: they are passed without a copy.)
    let may_open_role = |prose: &str| {
        let bytes = prose.as_bytes();
        // (One pass over the bytes: each opening starts with `a`, `c`, `e` or the
        // Cyrillic `к`.)
        bytes.iter().enumerate().any(|(i, &b)| match b | 0x20 {
            b'a' => bytes.get(i..i + 4).is_some_and(|w| {
                w[..3].eq_ignore_ascii_case(b"as ") || w.eq_ignore_ascii_case(b"als ")
            }),
            b'c' => bytes
                .get(i..i + 4)
                .is_some_and(|w| w.eq_ignore_ascii_case(b"como")),
            b'e' => bytes
                .get(i..i + 4)
                .is_some_and(|w| w.eq_ignore_ascii_case(b"en t")),
            _ => b == 0xD0 && bytes.get(i + 1) == Some(&0xBA),
        })
    };
    doc.lines
        .iter()
        .filter(|l| !l.hidden && !l.fence)
        .filter(|l| may_open_role(&l.prose))
        .filter(|l| {
            // (The want may open the next line: `**As a** new user` then `**I want to**
            // create an account`.)
            let next = doc
                .lines
                .get(l.number)
                .filter(|n| !n.hidden && !n.fence && n.heading.is_none())
                .map_or("", |n| n.prose.as_str());
            let lower = format!("{} {}", l.prose, next)
                .replace(['*', '_'], "")
                .to_lowercase();
            STORIES.iter().any(|(roles, wants)| {
                let role = roles
                    .iter()
                    .filter_map(|w| {
                        lower
                            .match_indices(w)
                            .map(|(at, _)| at)
                            .find(|&at| at == 0 || !lower[..at].ends_with(char::is_alphanumeric))
                    })
                    .min();
                role.is_some_and(|at| {
                    let rest = &lower[at..];
                    // (Cut at a character, not a byte: the text may be in any script.)
                    let within = rest
                        .char_indices()
                        .nth(160)
                        .map_or(rest, |(i, _)| &rest[..i]);
                    wants.iter().any(|w| within.contains(w))
                })
            })
        })
        .map(|l| l.number)
        .collect()
}

/// The user stories of a spec: the headings that title one each (`### User Story 1 -
/// Create an account (Priority: P1)`, `### Primary User Story`, spec-kit's layout), and
/// the lines telling one (`As a guest, I want ...`) that are not a titled story's own.
pub(crate) fn stories(doc: &Doc) -> Vec<usize> {
    let titled = |number: usize| {
        doc.lines[number - 1]
            .heading
            .as_ref()
            .is_some_and(|(level, title)| {
                *level >= 3 && {
                    let lower = title.to_lowercase();
                    lower.contains("user story")
                        && all_name_words(title)
                            .windows(2)
                            .any(|w| w[0] == "user" && w[1] == "story")
                }
            })
    };
    // (The heading above each line is followed in one pass, not looked for again from
    // each story.)
    let told: std::collections::HashSet<usize> = user_stories(doc).into_iter().collect();
    let mut lines: Vec<usize> = Vec::new();
    let mut under_titled = false;
    for l in &doc.lines {
        if !l.hidden && l.heading.is_some() {
            under_titled = titled(l.number);
            if under_titled {
                lines.push(l.number);
            }
        } else if told.contains(&l.number) && !under_titled {
            lines.push(l.number);
        }
    }
    lines
}

/// The flows a spec tells step by step: a heading below `## ` or a line that is only a
/// bold title, naming a flow, workflow or journey (`#### Flow 1: Fiat-to-Crypto Onramp`,
/// `**User Report Flow**`, `### Research Flow (First-Time Artist)`, `**User Workflow:
/// Creating a Mapping**`), followed by three numbered steps or more before the next title.
/// A data flow is the system's, not a user's. Returns the title lines.
pub(crate) fn step_flows(doc: &Doc) -> Vec<usize> {
    let title_of = |i: usize| -> Option<(usize, &str)> {
        let line = &doc.lines[i];
        if line.hidden {
            return None;
        }
        if let Some((level, title)) = &line.heading {
            return Some((*level, title.as_str()));
        }
        let t = line.text.trim();
        let inner = t
            .strip_prefix("**")
            .and_then(|r| r.trim_end_matches(':').strip_suffix("**"))?;
        (!inner.contains("**")).then_some((7, inner))
    };
    // (Each line's title is read once; only a title naming a flow is followed to its
    // end.)
    let titles: Vec<Option<(usize, &str)>> = (0..doc.lines.len()).map(title_of).collect();
    let mut flows: Vec<(usize, usize)> = Vec::new();
    for (i, title) in titles.iter().enumerate() {
        let Some((level, title)) = *title else {
            continue;
        };
        // (A data flow too, when a person takes its first steps: `## 3. Data Flow` over
        // `1. The player submits an answer`.)
        let data = !names_flow(title) && names_data_flow(title);
        if level < 2 || !(names_flow(title) || data) {
            continue;
        }
        let mut end = i + 1;
        let mut steps = 0;
        let mut by_person = !data && names_person(title);
        while end < doc.lines.len() {
            if let Some((next, _)) = titles[end]
                && (next <= level || level == 7 || next == 7)
            {
                break;
            }
            let line = &doc.lines[end];
            if !line.hidden && is_ordered_item(&line.text) && !line.text.starts_with([' ', '\t']) {
                steps += 1;
                by_person = by_person || (steps <= 3 && names_person(&line.prose));
            }
            end += 1;
        }
        // (A person acts in it, named in its title or its first steps: `Client → API
        // Gateway` is the system's own flow.)
        if steps >= 3 && by_person {
            flows.push((i, end));
        }
    }
    // A title over other flows groups them (`### Component Interaction Flow` over `####
    // Flow 1: ...`): it is not one more. (The flows are in order, so the next one is the
    // only one to look at.)
    flows
        .iter()
        .enumerate()
        .filter(|(j, (_, end))| flows.get(j + 1).is_none_or(|(next, _)| next >= end))
        .map(|(_, (start, _))| doc.lines[*start].number)
        .collect()
}

/// Whether a title names a flow, workflow or journey (`Key Flows`, `Flujo de Reserva`,
/// `業務フロー`); a data flow is the system's.
pub(crate) fn names_flow(title: &str) -> bool {
    const FLOW: [&str; 10] = [
        "flow",
        "workflow",
        "journey",
        "flujo",
        "fluxo",
        "ablauf",
        "フロー",
        "流程",
        // (Korean: `## 4. 핵심 동작 흐름`, the core flow of operation.)
        "흐름",
        "walkthrough",
    ];
    let words = all_name_words(title);
    words.iter().any(|w| {
        FLOW.iter()
            .any(|f| w == f || (w.chars().any(super::vocab::is_cjk) && w.contains(f)))
    }) && !words.iter().any(|w| w == "data")
}

/// Whether a title names a data flow (`Data Flow`, `데이터 흐름`, `データフロー`): the
/// system's, unless a person takes its steps.
fn names_data_flow(title: &str) -> bool {
    let words = all_name_words(title);
    (words.iter().any(|w| w == "data") && words.iter().any(|w| w == "flow" || w == "flows"))
        || ["데이터 흐름", "データフロー", "数据流"]
            .iter()
            .any(|f| title.contains(f))
}

/// Whether a text names a person who acts: a user, a customer, an admin (`User clicks
/// "Buy"`, `the moderator flags a post`).
fn names_person(text: &str) -> bool {
    let lower = text.to_lowercase();
    lower.split(|c: char| !c.is_alphanumeric()).any(is_person)
        || ["用户", "ユーザー", "사용자"]
            .iter()
            .any(|p| lower.contains(p))
}

/// Whether a lowercase word names a person who acts in a use case (`user`, `players`,
/// `merchant`, `пользователь`).
pub(crate) fn is_person(word: &str) -> bool {
    const PEOPLE: &[&str] = &[
        "user",
        "customer",
        "admin",
        "administrator",
        "visitor",
        "member",
        "operator",
        "player",
        "student",
        "teacher",
        "moderator",
        "artist",
        "driver",
        "buyer",
        "seller",
        "merchant",
        "guest",
        "patient",
        "owner",
        "employee",
        "manager",
        "staff",
        "developer",
        "caller",
        "reviewer",
        "author",
        "editor",
        "host",
        "participant",
        "attendee",
        "shopper",
        "subscriber",
        "applicant",
        "requester",
        "passenger",
        "usuario",
        "nutzer",
        "пользователь",
        "клиент",
        "cliente",
    ];
    PEOPLE
        .iter()
        .any(|p| word == *p || word.strip_suffix('s') == Some(p))
}

/// Whether a range's code declares a function or method (`Widget build(BuildContext
/// context) {`, `func (s *Store) Get(id string) error`, `def run(self):`).
pub(crate) fn declares_function(doc: &Doc, range: Range<usize>) -> bool {
    // (SQL's `VARCHAR(42)`, `DEFAULT NOW()` in a `CREATE TABLE` are types and defaults,
    // not functions: a block of SQL declares none.)
    let mut sql = false;
    doc.lines[range].iter().filter(|l| l.fence).any(|l| {
        let t = l.text.trim();
        if is_fence_line(t) {
            sql = t
                .trim_start_matches(['`', '~'])
                .trim()
                .eq_ignore_ascii_case("sql");
            return false;
        }
        let upper = t.to_ascii_uppercase();
        if ["CREATE ", "ALTER ", "INSERT ", "SELECT ", "DROP "]
            .iter()
            .any(|k| upper.starts_with(k))
        {
            sql = true;
        }
        // (Nor does a decorator or annotation with arguments: `@dataclass(frozen=True)`,
        // `@Column(name = "id")`.)
        !sql && !t.starts_with("//")
            && !t.starts_with('#')
            && !t.starts_with('@')
            && t.match_indices('(').any(|(at, _)| {
                t[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == '>')
                    && t[at..].contains(')')
            })
    })
}

/// The list items of a range that record a question put to the people the spec is for
/// with its answer, spec-kit's clarifications (`- Q: Should QR detection stay? → A:
/// **Yes**, offline.`): a decision made with them each. Their line numbers.
pub(crate) fn answered_questions(doc: &Doc, range: Range<usize>) -> Vec<usize> {
    let lines = &doc.lines[range];
    let mut answered = Vec::new();
    for (k, l) in lines.iter().enumerate() {
        if l.hidden || l.fence {
            continue;
        }
        let Some(item) = list_item_text(&l.text) else {
            continue;
        };
        if !item.trim_start_matches("**").starts_with('Q') {
            continue;
        }
        // (An item written over lines: the answer may be on a continuation line.)
        let mut text = item.to_string();
        for next in lines[k + 1..].iter().take_while(|n| {
            !n.hidden
                && !n.fence
                && n.text.starts_with([' ', '\t'])
                && !n.text.trim().is_empty()
                && list_item_text(&n.text).is_none()
        }) {
            text.push(' ');
            text.push_str(next.text.trim());
        }
        if answers_question(&text) {
            answered.push(l.number);
        }
    }
    answered
}

/// `Q: ... → A: ...` (or `->`, the labels bold or not): a question and its answer.
fn answers_question(item: &str) -> bool {
    let item = item.replace("**", "");
    let Some(question) = item.strip_prefix("Q:").or_else(|| item.strip_prefix("Q.")) else {
        return false;
    };
    ["→", "->"].iter().any(|arrow| {
        question.split(arrow).skip(1).any(|after| {
            after
                .trim_start()
                .strip_prefix('A')
                .is_some_and(|a| a.starts_with([':', '.']) && !a[1..].trim().is_empty())
        })
    })
}

/// The lines labelled as the verification of the item above them (`- Verification:`,
/// `**Test:**`, `- Acceptance test: ...`).
pub(crate) fn verification_lines(doc: &Doc) -> Vec<usize> {
    const LABELS: [&str; 5] = [
        "verification",
        "test",
        "acceptance test",
        "verified by",
        "how to verify",
    ];
    doc.lines
        .iter()
        .filter(|l| !l.hidden && l.heading.is_none())
        .filter(|l| {
            let label = label_of(&l.text)
                .map(|(_, label, _)| label)
                .or_else(|| plain_label(&l.text).map(|(label, _)| label));
            label.is_some_and(|label| {
                let words = name_words(label);
                LABELS.iter().any(|x| name_words(x) == words)
            })
        })
        .map(|l| l.number)
        .collect()
}

/// The scenarios of a range written as Given / When / Then (each `Given` line that a
/// `When` and a `Then` follow): acceptance tests.
pub(crate) fn scenarios(doc: &Doc, range: Range<usize>) -> usize {
    let first_word = |text: &str| {
        let t = text.trim_start().trim_start_matches(['-', '*', '>', ' ']);
        let t = t.trim_start_matches('*');
        t.split(|c: char| !c.is_alphabetic())
            .next()
            .unwrap_or("")
            .to_lowercase()
    };
    let mut count = 0;
    let mut state = 0; // 1 after Given, 2 after When
    for l in doc.lines[range].iter().filter(|l| !l.hidden) {
        // `1. **Given** x, **When** y, **Then** z` on one line counts too, and so does a
        // Given with its When or Then in a sentence (`- AE1. Given a change that ...,
        // when critiqued, the output ...`).
        let lower = l.text.to_lowercase();
        let mut words = lower.split(|c: char| !c.is_alphabetic());
        if words.by_ref().any(|w| w == "given") && words.any(|w| w == "when" || w == "then") {
            count += 1;
            state = 0;
            continue;
        }
        match (first_word(&l.text).as_str(), state) {
            ("given", _) => state = 1,
            ("when", 1) => state = 2,
            ("then", 2) => {
                count += 1;
                state = 0;
            }
            _ => {}
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_signatures_are_typed_calls_and_calls_are_not() {
        for signature in [
            "Download(ctx context.Context, path string) ([]byte, error)",
            "func (c *ConfigCache) Get() (*ParsedConfig, bool)",
            "func NewSFTPClient(config *Config) (SFTPClient, error)",
            "Close() error",
            "Sum(a, b int) int // adds",
            "func Parse(content string) (cfg *Config, err error) {",
            "Watch(ctx context.Context, events chan<- Event) error",
        ] {
            assert!(go_signature(signature), "{signature}");
        }
        for not in [
            "print(x)",
            "users(id int, name text)",
            "int main(int argc, char **argv) {",
            "func (c *ConfigCache) Invalidate()",
            "if (a b) c",
            "CREATE TABLE users (id int, name text);",
            "Close()",
            "foo(a, b) bar",
        ] {
            assert!(!go_signature(not), "{not}");
        }
    }

    #[test]
    fn a_sequence_diagram_is_a_use_case_only_when_a_person_takes_part() {
        // Two diagrams in one block: the first of components, the second with a user;
        // each is read up to the next, so the user does not make the first a use case.
        let doc = Doc::parse(
            "# T\n\n```mermaid\nsequenceDiagram\n    participant CLI as index.ts\n    CLI->>GitSync: pull\nsequenceDiagram\n    actor U as Buyer\n    U->>Shop: pay\n```\n\n```mermaid\nsequenceDiagram\n    Admin->>API: ban\n```\n",
        );
        assert_eq!(sequence_diagrams(&doc), vec![7, 13]);
        // What a message says names no participant; a service named like a person is a
        // service; a person named in another language is a person.
        let doc = Doc::parse(
            "```mermaid\nsequenceDiagram\n    Cron->>Jobs: filter by roles (client-side)\n```\n\n```mermaid\nsequenceDiagram\n    participant C as 消费服务\n    C->>Redis: pop\n```\n\n```mermaid\nsequenceDiagram\n    participant U as Người Dùng\n    U->>Chat: gõ lệnh\n```\n\n```mermaid\nsequenceDiagram\n    Admin->>API: ban\n```\n",
        );
        assert_eq!(sequence_diagrams(&doc), vec![13, 19]);
    }

    #[test]
    fn operations_are_lines_headings_and_cells_not_calls_in_code() {
        let doc = Doc::parse(
            "### POST /v1/trips\n| `GET /a/{id}` | x |\n```http\nPOST /api/verify\n```\n```js\nfetch('/x', { method: 'POST' })\nclient.request(GET /x)\n```\nWe GET things.\n",
        );
        let found: Vec<usize> = operations(&doc, 0..doc.lines.len())
            .into_iter()
            .map(|(line, _)| line)
            .collect();
        assert_eq!(found, vec![1, 2, 4]);
        assert_eq!(path_root("/api/verify/deep"), "api");
        for same in [
            "/v1/arrival/{session_id}/order",
            "/v1/arrival/:id/order/",
            "/v1/arrival/[id]/order?full=1",
            "/v1/arrival/<id>/order`",
        ] {
            assert_eq!(path_shape(same), "/v1/arrival/{}/order", "{same}");
        }
        assert_ne!(path_shape("/v1/arrival/"), path_shape("/v1/arrival/{id}"));
    }

    #[test]
    fn a_json_document_or_a_type_is_a_shape_and_a_call_is_not() {
        let shape = |text: &str| {
            let doc = Doc::parse(text);
            shows_data_shapes(&doc, 0..doc.lines.len())
        };
        assert!(shape(
            "```json\n{\n  \"id\": \"x\",\n  \"at\": 1,\n  \"ok\": true\n}\n```\n"
        ));
        assert!(shape(
            "```ts\nexport interface Trip {\n  id: string;\n  at?: Date;\n  n: number;\n}\n```\n"
        ));
        assert!(shape(
            "| Field | Type | Notes |\n|---|---|---|\n| id | uuid | |\n"
        ));
        assert!(!shape(
            "```js\nconst r = await sdk.submit({\n  a: 1,\n  b: 2,\n  c: 3\n});\n```\n"
        ));
        assert!(!shape("| Field | Rules |\n|---|---|\n| id | required |\n"));
        // Fields declared without colons, as Go and Dart write them.
        assert!(shape(
            "```go\ntype Event struct {\n    ID string\n    At time.Time\n    Fields []string\n}\n```\n"
        ));
        assert!(shape(
            "```dart\nclass User {\n  final String id;\n  final String? roomId;\n  final List<Tag> tags;\n}\n```\n"
        ));
        assert!(!shape(
            "```go\ntype Store struct {\n    db := open(path)\n    return nil\n}\n```\n"
        ));
    }

    #[test]
    fn types_count_anywhere_in_a_block_and_components_do_not() {
        let types = |code: &str| declares_types(code.lines());
        // After an enum of no fields, a struct past its modifiers; an enum's variants.
        assert!(types(
            "#[derive(Debug)]\npub enum Kind {\n    A,\n}\n\npub struct Req<'a> {\n    pub path: &'a str,\n    pub op: u8,\n    pub(crate) n: u64,\n}"
        ));
        assert!(types(
            "enum Decision {\n  Bypass,\n  Use { fill: bool },\n  Refresh = 3,\n}"
        ));
        // Go's fields with their tags; TypeScript's readonly ones; Kotlin's vals.
        assert!(types(
            "type S struct {\n\tSize int `json:\"size\"`\n\tDir string `json:\"dir\"`\n\tOff bool `json:\"off,omitempty\"`\n}"
        ));
        assert!(types(
            "interface E extends Event {\n  readonly context: T;\n  readonly once?: boolean;\n  callback: (v: T) => void;\n}"
        ));
        assert!(types(
            "data class U(\n    val id: Long,\n    val name: String,\n    val at: Instant,\n)"
        ));
        // SQL and Python declare without braces; a diagram's entities and attributes.
        assert!(types(
            "CREATE TABLE t (\nid INTEGER PRIMARY KEY,\nname TEXT,\nat TEXT\n);"
        ));
        assert!(types(
            "@dataclass\nclass Node:\n    id: str\n    title: str\n    tags: list[str] = field(default_factory=list)"
        ));
        assert!(types(
            "erDiagram\n    USERS {\n        int id PK\n        varchar email\n        timestamp at\n    }"
        ));
        // A class with methods is a component, whatever fields it keeps; a diagram of
        // methods declares no data; nor does a call.
        assert!(!types(
            "export class Panel {\n  public static current: Panel;\n  private readonly panel: P;\n  private url: string | null = null;\n  constructor(p: P) {\n    this.panel = p;\n  }\n}"
        ));
        assert!(!types(
            "classDiagram\n    class Shell {\n        <<component>>\n        +init()\n        +render()\n    }"
        ));
        assert!(!types("const r = submit({\n  a: 1,\n  b: 2,\n  c: 3\n});"));
    }

    #[test]
    fn data_is_named_by_its_heading() {
        assert!(names_data("User Management Models"));
        assert!(names_data("Change Event Structure"));
        assert!(names_data("Database Changes"));
        assert!(names_data("Phase 2 — Database Schema"));
        assert!(!names_data("P2P Synchronization Service"));
        assert!(!names_data("SourceManager"));
    }

    #[test]
    fn functions_declared_in_code_are_found() {
        let declares = |text: &str| {
            let doc = Doc::parse(text);
            declares_function(&doc, 0..doc.lines.len())
        };
        assert!(declares(
            "```go\nfunc (s *Store) Get(id string) (Event, error)\n```\n"
        ));
        assert!(declares(
            "```dart\nWidget build(BuildContext context) {\n}\n```\n"
        ));
        assert!(!declares(
            "```go\ntype Event struct {\n    ID string\n}\n```\n"
        ));
        // Outside code, a call in prose is not a declaration.
        assert!(!declares("Call get(id) to read one.\n"));
    }

    #[test]
    fn given_when_then_scenarios_are_counted() {
        let doc = Doc::parse(
            "**Given** a shelf\n**When** it is photographed\n**Then** it is counted\n\n1. **Given** a, **When** b, **Then** c.\n- Given x\n- Then y\n",
        );
        assert_eq!(scenarios(&doc, 0..doc.lines.len()), 2);
    }

    #[test]
    fn a_listed_call_with_a_return_type_is_a_signature() {
        let listed = |item: &str| {
            let doc = Doc::parse(&format!("- {item}\n"));
            listed_signatures(&doc, 0..doc.lines.len())
        };
        assert!(listed("`login(email, password): Promise<Session>`"));
        assert!(listed("`verify(token) -> Claims`"));
        for item in [
            "`run(a, b)`",
            "`def run(a, b): pass`",
            "`f(x): return x`",
            "`login(email, password)`: signs in",
        ] {
            assert!(!listed(item), "{item}");
        }
    }

    #[test]
    fn typed_signatures_have_typed_parameters_and_a_return_type() {
        let doc = Doc::parse(
            "```ts\nprocess(event: Dto, ctx: Ctx): Promise<R>\n```\n```rust\nfn get(id: Id) -> Item;\n```\n",
        );
        assert!(typed_signatures(&doc, 0..doc.lines.len()));
        for code in [
            "flush()",
            "run(a, b): void",
            "send(msg: Msg)",
            "x = f(a: 1)",
        ] {
            let doc = Doc::parse(&format!("```\n{code}\n```\n"));
            assert!(!typed_signatures(&doc, 0..doc.lines.len()), "{code}");
        }
    }

    #[test]
    fn user_stories_are_found_in_any_emphasis_and_script() {
        let long = "가".repeat(200);
        let text = format!(
            "As a planner, I want a list.\n**As an** admin, **I need** a log.\nHas a guest, I want x.\n`As a dev, I want code`\nAs a {long}, I want it.\nAs a 사용자, I can run it.\n- **As someone who travels**, I want a split.\nAs the owner, I need a report.\nAs soon as it loads, I want nothing.\n"
        );
        let doc = Doc::parse(&text);
        assert_eq!(user_stories(&doc), vec![1, 2, 6, 7, 8]);
        let doc = Doc::parse(
            "**As a** new user\n**I want to** create an account\n**So that** I can share tools\n",
        );
        assert_eq!(user_stories(&doc), vec![1]);
        let doc = Doc::parse(
            "Como **dueño**, quiero bloquear la PC para que descanse.\nAls Planer möchte ich eine Liste.\nКак администратор, я хочу видеть журнал.\nEn tant qu'admin, je veux un journal.\nComo se ve, quiero decir, nada.\n",
        );
        assert_eq!(user_stories(&doc), vec![1, 2, 3, 4, 5]);
    }

    #[test]
    fn a_story_titled_by_its_heading_counts_once() {
        let doc = Doc::parse(
            "## User Scenarios & Testing\n\n### Primary User Story\nAs a buyer, I want a receipt.\n\n### User Story 2 - Refunds (Priority: P2)\nThe buyer asks for a refund.\n\n### User Stories\n\nAs an admin, I want a log.\n",
        );
        assert_eq!(stories(&doc), vec![3, 6, 11]);
    }

    #[test]
    fn verification_labels_are_found_in_their_forms() {
        let doc = Doc::parse(
            "- Verification: logs show it.\n**Test:** run it\n- Rationale: no\nVerification is good.\n",
        );
        assert_eq!(verification_lines(&doc), vec![1, 2]);
    }

    #[test]
    fn an_answer_may_be_on_the_question_s_next_line() {
        let doc = Doc::parse(
            "- Q: Keep QR\n  offline? → A: Yes.\n- Q: Pin on top? → A: Always.\n- Q: Restart?\n\n  → A: later\n",
        );
        assert_eq!(answered_questions(&doc, 0..doc.lines.len()), vec![1, 3]);
    }

    #[test]
    fn a_question_counts_with_its_answer_only() {
        assert!(answers_question("Q: Keep QR? → A: Yes, offline."));
        assert!(answers_question("Q: Keep QR? -> A: Yes."));
        assert!(answers_question("**Q:** Keep QR? → **A:** Yes."));
        // Unanswered, answered with nothing, or no question at all.
        assert!(!answers_question("Q: Should a pin survive a restart?"));
        assert!(!answers_question("Q: Keep QR? → A:"));
        assert!(!answers_question("Keep QR → A: Yes"));
        assert!(!answers_question("Q: Keep QR? → Alpha: yes"));
    }
}
