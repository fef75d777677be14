//! Tables: well-formed as GFM reads them, the template's header in each section that has
//! one, and a rationale for every architecture decision.

use std::collections::HashSet;

use super::doc::{Doc, Section};
use super::gfm::Table;
use super::structure::quote;
use super::syntax::{has_unescaped_pipe, label_of, leading_label, link_text, list_item_text};
use super::vocab::normalize;
use super::{Finding, error, warning};

pub(crate) const DECISIONS: &str = "Architecture Decisions";

/// A header row, a delimiter row with as many cells, and body rows with as many cells.
pub(crate) fn check_shapes(doc: &Doc, tables: &[Table], out: &mut Vec<Finding>) {
    // The block of lines, up to a blank one, holding the last drawing reported.
    let mut drawn: Option<std::ops::Range<usize>> = None;
    for table in tables {
        let columns = table.header.cells.len();
        let Some(delimiter) = &table.delimiter else {
            // Boxes drawn in text (`+--------+` over `| Client |`) outside a code fence
            // are a drawing, not a table: once per drawing, fence it.
            if let Some(block) = drawing(doc, table.header.index) {
                if drawn.as_ref().is_none_or(|d| *d != block) {
                    out.push(error(
                        doc.lines[table.header.index].number,
                        "table-delimiter",
                        "boxes drawn with `+---+` and `|` outside a code fence render as text, a table without a delimiter row".into(),
                        "Put the drawing in a code fence (```text ... ```), so it keeps its lines.",
                    ));
                    drawn = Some(block);
                }
                continue;
            }
            out.push(error(
                doc.lines[table.header.index].number,
                "table-delimiter",
                "the table has no delimiter row under its header, so it renders as text".into(),
                &format!(
                    "Add a delimiter row with one cell per column under the header, e.g. `|{}`.",
                    "---|".repeat(columns.max(1))
                ),
            ));
            continue;
        };
        if delimiter.cells.len() != columns {
            out.push(error(
                doc.lines[delimiter.index].number,
                "table-columns",
                format!(
                    "the delimiter row has {} but the header has {columns}, so it renders as text",
                    cells(delimiter.cells.len())
                ),
                "Give the delimiter row one `---` cell per header column.",
            ));
        }
        for row in &table.rows {
            if row.cells.len() == columns {
                continue;
            }
            let text = &doc.lines[row.index].text;
            let hint = if !has_unescaped_pipe(text) {
                "Put a blank line between the table and the text after it."
            } else if row.cells.len() > columns {
                "Escape a `|` inside a cell as `\\|` (also inside backticks), or remove the extra cells."
            } else {
                "Add the missing cells (an empty cell is `|  |`)."
            };
            out.push(error(
                doc.lines[row.index].number,
                "table-columns",
                format!(
                    "the row has {} but the header has {columns}",
                    cells(row.cells.len())
                ),
                hint,
            ));
        }
    }
}

fn cells(n: usize) -> String {
    if n == 1 {
        "1 cell".into()
    } else {
        format!("{n} cells")
    }
}

/// The tables whose header lies in the section.
pub(crate) fn in_section<'a>(tables: &'a [Table], section: &Section) -> Vec<&'a Table> {
    in_range(tables, &section.body)
}

/// The tables whose header lies in a range of lines. `Doc::tables` gives them in the
/// document's order, so the range is found by binary search: asking for each of a
/// section's entries costs its own tables, not all of them.
pub(crate) fn in_range<'a>(tables: &'a [Table], range: &std::ops::Range<usize>) -> Vec<&'a Table> {
    debug_assert!(tables.is_sorted_by_key(|t| t.header.index));
    let start = tables.partition_point(|t| t.header.index < range.start);
    let end = tables.partition_point(|t| t.header.index < range.end);
    tables[start..end.max(start)].iter().collect()
}

fn cell_key(cell: &str) -> String {
    // A remark in parentheses does not change the column: `User Message (zh-CN)`.
    let cell = cell.trim();
    let cell = match cell.rfind(" (") {
        Some(at) if cell.ends_with(')') && at > 0 => &cell[..at],
        _ => cell,
    };
    normalize(cell.trim_matches('`'))
}

/// Every table in the section has the template's header.
pub(crate) fn check_headers(
    doc: &Doc,
    tables: &[&Table],
    section: &str,
    expected: &[String],
    listed: bool,
    out: &mut Vec<Finding>,
) {
    let same = |header: &[String]| {
        header.len() == expected.len()
            && header.iter().zip(expected).all(|(a, b)| same_column(a, b))
    };
    // A section with one table in the template (Error Handling, Architecture Decisions)
    // may add others once it has that one (a rollback table beside the error codes);
    // in Data Models every entity has its own table.
    let per_entry = normalize(section) == normalize("Data Models");
    let has_template_table = tables
        .iter()
        .filter(|t| t.delimiter.is_some())
        .any(|t| same(&t.header.cells));
    if has_template_table && !per_entry {
        return;
    }
    // Without it, the table meant as the template's is the one closest to it (a
    // catalog of errors with another header, not the timeouts table beside it).
    let shared = |header: &[String]| {
        header
            .iter()
            .filter(|a| expected.iter().any(|b| related_column(a, b)))
            .count()
    };
    // A header with every column of the template's but its `#`, in any order and with
    // others beside them (`Decision | Chosen | Why | Alternatives`), is the template's.
    // (A decision column names what was chosen: `| Decision | Alternatives Considered |
    // Chosen Because |` has the template's Chosen in it.)
    // A table laid out per option, each with its verdict and the reason for it (`|
    // Database | Why Considered | Verdict | Rationale |` with `✅ Selected` and `❌
    // Rejected`), records the decision among them: its verdicts are the Decision column.
    let verdicts = |header: &[String]| {
        expected.iter().any(|b| same_column(b, "Decision"))
            && header
                .iter()
                .any(|a| is_verdict_column(a) && cell_key(a) != "status")
    };
    // A table of the choices made, each with its reason (`| Choice | Technology |
    // Rationale |`, `| Sujet | Choix | Justification |`), records the decisions: its
    // choice column is the Decision column.
    let chosen_with_reason = |header: &[String]| {
        expected.iter().any(|b| same_column(b, "Decision"))
            && header.iter().any(|a| names_chosen(a))
            && header.iter().any(|a| same_column(a, "rationale"))
    };
    let covers = |header: &[String]| {
        let by_verdict = verdicts(header) || chosen_with_reason(header);
        let decided = by_verdict || header.iter().any(|a| same_column(a, "Decision"));
        expected
            .iter()
            .filter(|b| b.trim() != "#")
            .filter(|b| !(decided && cell_key(b) == "chosen"))
            .filter(|b| !(by_verdict && same_column(b, "Decision")))
            .all(|b| header.iter().any(|a| same_column(a, b)))
    };
    let closest = tables
        .iter()
        .filter(|t| t.delimiter.is_some())
        .enumerate()
        .max_by_key(|(k, t)| (shared(&t.header.cells), std::cmp::Reverse(*k)))
        .map(|(k, _)| k);
    // The lines of the headings, in order, to find the one over a table.
    let headings: Vec<usize> = if per_entry {
        (doc.lines.iter().enumerate())
            .filter(|(_, l)| !l.hidden && l.heading.is_some())
            .map(|(i, _)| i)
            .collect()
    } else {
        Vec::new()
    };
    for (k, table) in tables.iter().filter(|t| t.delimiter.is_some()).enumerate() {
        let header = &table.header.cells;
        if !per_entry && Some(k) != closest {
            continue;
        }
        // A table under a part named for the indexes (`### 4-11. 인덱스` over `| 테이블 |
        // 컬럼 | 용도 |`) lists them; it is no entity's fields.
        if per_entry
            && headings[..headings.partition_point(|&h| h < table.header.index)]
                .last()
                .and_then(|&h| doc.lines[h].heading.as_ref())
                .is_some_and(|(_, title)| {
                    let lower = title.to_lowercase();
                    lower
                        .split(|c: char| !c.is_alphanumeric())
                        .any(|w| matches!(w, "index" | "indexes" | "indices" | "indexing"))
                        || ["인덱스", "索引", "インデックス", "индекс", "índice"]
                            .iter()
                            .any(|w| lower.contains(w))
                })
        {
            continue;
        }
        // A table of how entities relate (`Entity | Relationship | Related Entity |
        // Description`, `关系或字段 | 约束类型 | 说明`) is not an entity's fields. Nor is a
        // table of indexes (`Table | Critical Indexes | Purpose`), nor one of a
        // thing's properties and their values (`| 项 | 值 |`, `| Property | Value |`).
        if per_entry
            && (header.iter().any(|c| {
                let key = cell_key(c);
                key.contains("relationship")
                    || key.contains("relation")
                    || key == "cardinality"
                    || [
                        "关系",
                        "關係",
                        "関係",
                        "관계",
                        "relación",
                        "relação",
                        "связь",
                    ]
                    .iter()
                    .any(|w| key.contains(w))
                    || key
                        .split_whitespace()
                        .any(|w| matches!(w, "index" | "indexes" | "indices"))
                    || key.contains("索引")
            }) || (header.len() == 2
                && [
                    "value",
                    "值",
                    "値",
                    "값",
                    "valor",
                    "wert",
                    "valeur",
                    "значение",
                ]
                .contains(&cell_key(&header[1]).as_str())))
        {
            continue;
        }
        // Nor is a table of an enum's values (`| 値 | 名前 | 意味 |`, `| Status |
        // Meaning |`) or of a state's transitions (`| 操作 | 許可される遷移元 | 遷移先 |`,
        // `| From | To | Trigger |`): without a column for a type, they list values and
        // moves, not fields.
        if per_entry && enum_or_transitions(header) {
            continue;
        }
        // In a section that gives its content as a list, a table sharing no column with
        // the template's is another table (correctness claims beside a list of
        // decisions); alone, it is the section's table with another header.
        if !per_entry && listed && shared(header) == 0 {
            continue;
        }
        if !same(header) && !covers(header) {
            out.push(error(
                doc.lines[table.header.index].number,
                "table-header",
                format!(
                    "a table in {section} has the header `{}` instead of the template's",
                    header.join(" | ")
                ),
                &format!("Use the template's header: `| {} |`.", expected.join(" | ")),
            ));
        }
    }
}

/// The block of non-blank lines around a line, if a line of it is a box's border drawn
/// in text (`+--------+---------+`): a drawing.
fn drawing(doc: &Doc, index: usize) -> Option<std::ops::Range<usize>> {
    let blank = |i: usize| doc.lines[i].text.trim().is_empty() || doc.lines[i].fence;
    let start = (0..index).rev().find(|&i| blank(i)).map_or(0, |i| i + 1);
    let end = (index..doc.lines.len())
        .find(|&i| blank(i))
        .unwrap_or(doc.lines.len());
    doc.lines[start..end]
        .iter()
        .any(|l| {
            let t = l.text.trim();
            t.starts_with('+') && t.contains("--") && t.chars().all(|c| "+-=| ".contains(c))
        })
        .then_some(start..end)
}

/// Whether a header cell is the template's column or one word of it (`Code` for `Error
/// Code`, `HTTP` for `HTTP Status`): a column meant as the template's.
fn related_column(cell: &str, template: &str) -> bool {
    let (key, template_key) = (cell_key(cell), cell_key(template));
    same_column(cell, template)
        || (!key.is_empty() && template_key.split_whitespace().any(|w| w == key))
}

/// Whether a header cell is the template's column, or the same column under a name
/// real specs give it (`Required` or `Validation` for `Constraints`).
fn same_column(cell: &str, template: &str) -> bool {
    let (cell, template) = (cell_key(cell), cell_key(template));
    // A column named in another language (`字段 | 类型 | 必填 | 说明`) is the template's,
    // with or without its accents (`Restricoes` for `Restrições`).
    let cell = match column_in_english(&cell).or_else(|| decision_qualified(&cell)) {
        Some(english) => english.to_string(),
        None => cell,
    };
    cell == template
        || (template == "rationale"
            && matches!(
                cell.as_str(),
                "why"
                    | "reason"
                    | "reasoning"
                    | "chosen because"
                    | "because"
                    | "why chosen"
                    | "justification"
            ))
        || (template == "options considered"
            && matches!(
                cell.as_str(),
                "alternatives considered" | "alternatives" | "options" | "rejected alternatives"
            ))
        || (template == "user message" && cell == "message")
        // (An API's error table: `Scenario | Status | Error Type | Message`.)
        || (template == "error code" && matches!(cell.as_str(), "code" | "error type" | "error"))
        || (template == "condition"
            && matches!(cell.as_str(), "when" | "cause" | "trigger" | "scenario" | "case"))
        || (template == "http status"
            && matches!(cell.as_str(), "status" | "status code" | "http code" | "http status code"))
        || (template == "constraints"
            && matches!(
                cell.as_str(),
                "constraint" | "required" | "validation" | "rules" | "validation rules"
                    // (Whether it may be null and what it defaults to: `カラム名 | 型 |
                    // NULL | デフォルト | 説明`, `Column | Type | Nullable | Default`.)
                    | "null"
                    | "nullable"
                    | "not null"
                    | "default"
                    | "default value"
                    | "デフォルト"
                    | "デフォルト値"
                    // (Whether it is required: `| 属性名 | 型 | 必須 | デフォルト値 |`.)
                    | "必須"
                    | "必需"
                    | "필수"
                    | "既定値"
                    | "默认值"
                    | "默认"
                    | "可空"
                    | "기본값"
            ))
        // (Qualified: `Field Name | Data Type | Constraints | Description`.)
        || (template == "field"
            && matches!(
                cell.as_str(),
                "field name" | "column" | "column name" | "attribute" | "property"
            ))
        || (template == "type" && matches!(cell.as_str(), "data type" | "datatype"))
        // (Remarks on each field, as `備考` is: `Field | Type | Constraints | Notes`; what
        // each means: `Field | Type | Default | Meaning`.)
        || (template == "description"
            && matches!(cell.as_str(), "notes" | "remarks" | "note" | "meaning"))
}

/// A decision's column named in another language with a word saying which one, after
/// the name as those languages write it (`Decisão Principal`, `Decisión final`, `Motivo
/// principal`): the decision or its rationale.
fn decision_qualified(cell: &str) -> Option<&'static str> {
    let (name, qualifier) = cell.split_once(' ')?;
    let qualifier = super::outline::fold_accents(qualifier.trim());
    let qualifies = matches!(
        qualifier.as_str(),
        "principal"
            | "principale"
            | "final"
            | "finale"
            | "tomada"
            | "tomado"
            | "adotada"
            | "adoptada"
            | "escolhida"
            | "elegida"
            | "retenue"
            | "presa"
            // (Settled: `| # | Decisión FIJADA | Alternativa descartada |`.)
            | "fijada"
            | "fijado"
            | "fixada"
            | "fixee"
    );
    column_in_english(name)
        .filter(|english| qualifies && matches!(*english, "decision" | "rationale"))
}

/// The template's column a header cell names in another language, by its name with or
/// without accents (the first group naming it wins), looked up once per cell.
pub(crate) fn column_in_english(cell: &str) -> Option<&'static str> {
    static NAMES: std::sync::OnceLock<std::collections::HashMap<String, &'static str>> =
        std::sync::OnceLock::new();
    NAMES
        .get_or_init(|| {
            let mut names = std::collections::HashMap::new();
            for (group, english) in COLUMNS_IN_OTHER_LANGUAGES {
                for name in *group {
                    names.entry(name.to_string()).or_insert(*english);
                }
            }
            // (And without their accents, after every name as written.)
            for (group, english) in COLUMNS_IN_OTHER_LANGUAGES {
                for name in group.iter().filter(|n| !n.is_ascii()) {
                    names
                        .entry(super::outline::fold_accents(name))
                        .or_insert(*english);
                }
            }
            names
        })
        .get(cell)
        .copied()
}

/// The template's columns in the languages specs are written in (Chinese, Japanese,
/// Korean, Spanish, Portuguese, French, German, Italian, Russian, Ukrainian, Turkish,
/// Polish, Dutch, Vietnamese, Indonesian), lowercase.
const COLUMNS_IN_OTHER_LANGUAGES: &[(&[&str], &str)] = &[
    (
        &[
            "字段",
            "字段名",
            "フィールド",
            "項目",
            // (A table's column, as a database writes its fields: `カラム名 | 型 | 制約`.)
            "カラム名",
            "カラム",
            // (An entity's attribute: `| 属性名 | 型 | 必須 | デフォルト値 | 説明 |`.)
            "属性名",
            "属性",
            "속성",
            "속성명",
            "列名",
            "컬럼명",
            "컬럼",
            "필드",
            "campo",
            "champ",
            "feld",
            "поле",
            "alan",
            "pole",
            "položka",
            "veld",
            "trường",
            "kolom",
            "атрибут",
            "attribut",
            "attributo",
            "atributo",
        ],
        "field",
    ),
    (
        &[
            "类型",
            "数据类型",
            "型",
            "データ型",
            "타입",
            "유형",
            "tipo",
            "typ",
            "тип",
            "tip",
            "kiểu",
            "tipe",
            "type de données",
            "datentyp",
            "tipo de dato",
            "tipo de dado",
            "tipo di dato",
            "тип даних",
            "veri tipi",
            "typ danych",
            "datový typ",
            "kiểu dữ liệu",
            "tipe data",
        ],
        "type",
    ),
    (
        &[
            "约束",
            "必填",
            "是否必填",
            "制約",
            "必須",
            "제약",
            "제약조건",
            "필수",
            "restricciones",
            "restrições",
            "obligatorio",
            "obrigatório",
            "contraintes",
            "einschränkungen",
            "vincoli",
            "ограничения",
            "обмеження",
            "kısıt",
            "kısıtlar",
            "ograniczenia",
            "omezení",
            "beperkingen",
            "ràng buộc",
            "batasan",
            "obligatoire",
            "pflicht",
            "obbligatorio",
            "обязательное",
            "обов'язкове",
            "zorunlu",
            "wymagane",
            "verplicht",
            "bắt buộc",
            "wajib",
        ],
        "constraints",
    ),
    (
        &[
            "说明",
            "描述",
            "備考",
            "説明",
            "설명",
            "descripción",
            "descrição",
            "beschreibung",
            "descrizione",
            "описание",
            "опис",
            "açıklama",
            "opis",
            "popis",
            "omschrijving",
            "beschrijving",
            "mô tả",
            "deskripsi",
            "keterangan",
        ],
        "description",
    ),
    (
        &[
            "错误码",
            "エラーコード",
            "에러 코드",
            "오류 코드",
            "código de error",
            "código de erro",
            "code d'erreur",
            "fehlercode",
            "codice di errore",
            "код ошибки",
            "код помилки",
            "hata kodu",
            "kod błędu",
            "foutcode",
            "mã lỗi",
            "kode error",
            "kode kesalahan",
        ],
        "error code",
    ),
    (
        &[
            "条件",
            "触发条件",
            "発生条件",
            "조건",
            "condición",
            "condição",
            "bedingung",
            "condizione",
            "условие",
            "умова",
            "koşul",
            "warunek",
            "voorwaarde",
            "điều kiện",
            "kondisi",
        ],
        "condition",
    ),
    (
        &[
            "http状态码",
            "状态码",
            "httpステータス",
            "http 상태",
            "estado http",
            "status http",
            "statut http",
            "http-status",
            "stato http",
            "http статус",
            "http durumu",
            "trạng thái http",
        ],
        "http status",
    ),
    (
        &[
            "用户提示",
            "提示信息",
            "ユーザーメッセージ",
            "사용자 메시지",
            "mensaje al usuario",
            "mensagem ao usuário",
            "message utilisateur",
            "benutzermeldung",
            "messaggio utente",
            "сообщение пользователю",
            "повідомлення користувачу",
            "kullanıcı mesajı",
            "komunikat dla użytkownika",
            "gebruikersmelding",
            "thông báo người dùng",
            "pesan pengguna",
        ],
        "user message",
    ),
    (
        &[
            "决策",
            // (`| 编号 | 决策项 | 最终选择 | 备选方案 |`: the decision's item.)
            "决策项",
            "決定",
            // (`| 決定事項 | 選択 | 根拠 |`: the item decided.)
            "決定事項",
            "결정",
            "결정 사항",
            "decisión",
            "decisão",
            "décision",
            "entscheidung",
            // (Swiss German: `| Thema | Entscheid |`.)
            "entscheid",
            "decisione",
            "решение",
            "рішення",
            "karar",
            "decyzja",
            "beslissing",
            "quyết định",
            "keputusan",
        ],
        "decision",
    ),
    (
        &[
            "理由",
            "原因",
            // (The grounds: `| 決定事項 | 選択 | 根拠 |`, `| 결정 | 근거 |`.)
            "根拠",
            "근거",
            "이유",
            "justificación",
            "justificativa",
            "razón",
            "razón de la elección",
            "motivo",
            "razão",
            "raison",
            "begründung",
            "motivazione",
            "обоснование",
            "обґрунтування",
            "gerekçe",
            "uzasadnienie",
            "onderbouwing",
            "lý do",
            "alasan",
            "por qué",
            "por que",
            "por que se descarto",
            "por qué se descartó",
            "pourquoi",
            "warum",
            "perché",
            "почему",
            "чому",
            "neden",
        ],
        "rationale",
    ),
    (
        &[
            "alternativa considerada",
            "alternativas consideradas",
            "opciones consideradas",
            "alternativas",
            "opções consideradas",
            "alternatives envisagées",
            "options envisagées",
            "optionen",
            "alternativen",
            "alternative considerate",
            "рассмотренные варианты",
            "альтернативы",
            "розглянуті варіанти",
            "альтернативи",
            "değerlendirilen seçenekler",
            "alternatifler",
            "rozważane opcje",
            "alternatywy",
            "overwogen opties",
            "alternatieven",
            "phương án xem xét",
            "opsi yang dipertimbangkan",
            "alternativa",
            "alternativas descartadas",
            "alternatives écartées",
            "verworfene alternativen",
            "alternative scartate",
            "备选方案",
            "候选方案",
            "代替案",
            "대안",
        ],
        "options considered",
    ),
];

/// Whether a header, with no column naming a type, opens with the values of an enum
/// (`Value`, `Status`, `State`, `Code`, `値`, `状態`, `상태`) or names a transition's
/// ends (`From`/`To`, `遷移元`/`遷移先`, `Transition`).
fn enum_or_transitions(header: &[String]) -> bool {
    let keys: Vec<String> = header.iter().map(|c| cell_key(c)).collect();
    let typed = keys.iter().any(|k| {
        k.split_whitespace()
            .any(|w| matches!(w, "type" | "types" | "tipo" | "typ" | "тип" | "datatype"))
            || ["型", "타입", "类型", "類型", "데이터 타입"]
                .iter()
                .any(|t| k.contains(t))
    });
    if typed || keys.len() < 2 {
        return false;
    }
    let values = matches!(
        keys[0].as_str(),
        "value"
            | "values"
            | "status"
            | "state"
            | "code"
            | "enum value"
            | "値"
            | "状態"
            | "ステータス"
            | "值"
            | "状态"
            | "값"
            | "상태"
            | "valor"
            | "estado"
            | "wert"
            | "zustand"
            | "valeur"
            | "état"
    );
    let moves = keys.iter().any(|k| {
        matches!(
            k.as_str(),
            "from" | "to" | "from state" | "to state" | "transition"
        ) || ["遷移", "迁移", "전이"].iter().any(|t| k.contains(t))
    });
    values || moves
}

/// Whether a row stands for "nothing recorded" (`| — | None recorded | — |`).
fn is_empty_row(cells: &[String]) -> bool {
    cells.iter().all(|c| {
        matches!(
            normalize(c).as_str(),
            "" | "-" | "—" | "–" | "n/a" | "none" | "none recorded" | "none yet"
        )
    })
}

fn is_blank_cell(cell: &str) -> bool {
    matches!(cell.trim(), "" | "-" | "—" | "–")
}

/// The decisions table has at least one decision, and each has a rationale.
pub(crate) fn check_decisions(
    doc: &Doc,
    section: &Section,
    owner: &str,
    tables: &[&Table],
    all_tables: &[Table],
    out: &mut Vec<Finding>,
) {
    // A table of something else in the section (a role and permission matrix beside
    // decisions written as prose) is not the decisions table.
    let Some(table) = tables
        .iter()
        .find(|t| t.delimiter.is_some() && is_decision_header(&t.header.cells))
    else {
        if check_decision_list(doc, section, all_tables, out) {
            return;
        }
        out.push(warning(
            section.line,
            "no-decisions",
            format!("{owner} has no decisions table"),
            "Add a `| # | Decision | Rationale |` table with one row per design choice.",
        ));
        return;
    };
    let header = &table.header.cells;
    // The column saying why (`Rationale`, `Why`, `Tradeoff`), or else the last one that
    // is not the verdict (`| Option | Tradeoff | Verdict |` ends in `**CHOSEN**`).
    let rationale = header
        .iter()
        .position(|c| same_column(c, "rationale"))
        .or_else(|| header.iter().position(|c| is_tradeoff_column(c)))
        // (Nor the options weighed, nor the number: `| 编号 | 决策项 | 最终选择 | 备选方案 |`
        // has no column saying why.)
        .or_else(|| {
            header.iter().rposition(|c| {
                !is_verdict_column(c)
                    && !same_column(c, "options considered")
                    && !is_number_column(c)
            })
        })
        .unwrap_or(header.len().saturating_sub(1));
    let decisions: Vec<_> = table
        .rows
        .iter()
        .filter(|r| !is_empty_row(&r.cells))
        .collect();
    if decisions.is_empty() {
        out.push(warning(
            doc.lines[table.header.index].number,
            "no-decisions",
            format!("{owner} records no decision"),
            "Record each design choice with the option chosen and why.",
        ));
    }
    // The column naming the choice (`Decision`, `Option`), or else the first one
    // besides the number and the rationale.
    let decision = header
        .iter()
        .position(|c| names_choice(c))
        .or_else(|| (0..header.len()).find(|&k| k != rationale && !is_number_column(&header[k])))
        .unwrap_or(1.min(header.len().saturating_sub(1)));
    // A table with no column but the choice (`| Area | Decision |`) says why for none:
    // one finding for the table, not one per row repeating its choice.
    if rationale == decision && !decisions.is_empty() {
        out.push(error(
            doc.lines[table.header.index].number,
            "decision-rationale",
            format!(
                "the decisions table has no column saying why each was chosen: {}",
                quote(&header.join(" | "))
            ),
            "Add a Rationale column and say why each option was chosen over the alternatives.",
        ));
        return;
    }
    for row in decisions {
        let line = doc.lines[row.index].number;
        let Some(reason) = row.cells.get(rationale).filter(|c| !is_blank_cell(c)) else {
            out.push(error(
                line,
                "decision-rationale",
                "the architecture decision has no rationale".into(),
                "Say why this option was chosen over the alternatives.",
            ));
            continue;
        };
        let choice = row.cells.get(decision).map_or("", String::as_str);
        if let Some(why) = stub(reason, choice) {
            out.push(error(
                line,
                "decision-stub",
                format!("the rationale {why}: {}", quote(reason)),
                "Say why this option was chosen over the alternatives, in the decider's words.",
            ));
        }
    }
}

/// A column naming the option chosen (`Choice`, `Choix`, `선택`, `選択`).
fn names_chosen(cell: &str) -> bool {
    matches!(
        cell_key(cell).as_str(),
        "choice"
            | "chosen"
            | "selected"
            | "selection"
            | "choix"
            | "elección"
            | "eleccion"
            | "escolha"
            | "wahl"
            | "scelta"
            | "выбор"
            | "선택"
            | "選択"
            | "选择"
    )
}

/// A column naming the choice made (`Decision`, `Choice`, `Option`, `Approach`, `决策项`).
fn names_choice(cell: &str) -> bool {
    matches!(
        cell_key(cell).as_str(),
        "decision" | "choice" | "option" | "approach"
    ) || same_column(cell, "decision")
}

/// A column numbering the rows (`#`, `ID`, `No.`, `编号`).
fn is_number_column(cell: &str) -> bool {
    matches!(
        cell_key(cell).as_str(),
        "#" | "" | "id" | "no" | "no." | "编号" | "序号" | "番号" | "번호"
    )
}

/// Whether a table's header is a decision record's: a column naming the decision, a
/// choice, the options, the verdict or the reason (`| # | Decision | Rationale |`,
/// `| Option | Tradeoff | Verdict |`, `| Choice | Why |`); not a role matrix's.
fn is_decision_header(header: &[String]) -> bool {
    header.iter().any(|c| {
        let key = cell_key(c);
        same_column(c, "rationale")
            || is_tradeoff_column(c)
            || is_verdict_column(c)
            || same_column(c, "decision")
            || same_column(c, "options considered")
            || [
                "decision",
                "choice",
                "option",
                "options",
                "alternative",
                "alternatives",
                "approach",
            ]
            .iter()
            .any(|k| key.split_whitespace().any(|w| w == *k))
    })
}

/// A column weighing an option (`Tradeoff`, `Trade-offs`, `Justification`, `Pros /
/// Cons`).
fn is_tradeoff_column(cell: &str) -> bool {
    matches!(
        cell_key(cell).as_str(),
        "tradeoff"
            | "tradeoffs"
            | "trade-off"
            | "trade-offs"
            | "justification"
            | "pros / cons"
            | "pros/cons"
    )
}

/// A column giving the verdict on an option (`Verdict`, `Chosen`, `Status`).
fn is_verdict_column(cell: &str) -> bool {
    matches!(
        cell_key(cell).as_str(),
        "verdict"
            | "chosen"
            | "status"
            | "selected"
            | "outcome"
            | "result"
            // (The option taken, in other languages: `最终选择`, `採用案`.)
            | "最终选择"
            | "最终方案"
            | "采用方案"
            | "選定"
            | "採用"
            | "採用案"
    )
}

/// Numbered titles, two or more, each over bullets of its own (`1. Extraction timing`,
/// then `- Extraction is triggered server-side ...`, `- ... so the upload never
/// waits`): each title is one decision and its bullets are its parts, one of which may
/// give its reason. Returns the decisions and the lines of the titles whose bullets give
/// it. Other lists are left as they are, an item a decision.
fn titled_decisions(
    items: Vec<(usize, String)>,
    parents: &[Option<usize>],
) -> (Vec<(usize, String)>, HashSet<usize>) {
    let titled = (0..items.len())
        .filter(|&k| parents.get(k + 1).is_some_and(|p| *p == Some(k)))
        .count();
    if titled < 2 {
        return (items, HashSet::new());
    }
    let mut reasoned = HashSet::new();
    let mut decisions = Vec::new();
    for (k, (line, text)) in items.iter().enumerate() {
        match parents.get(k).copied().flatten() {
            Some(title) => {
                if gives_reason_as(text, false) {
                    reasoned.insert(items[title].0);
                }
            }
            None => decisions.push((*line, text.clone())),
        }
    }
    (decisions, reasoned)
}

/// Decisions written as a list instead of a table (`- **Auth**: a token in the URL —
/// avoids SSH setup`, `1. The app MUST use GTK4.`), or as `### ` alternatives: each
/// listed decision needs a reason in its item. Returns whether the section records
/// decisions in one of these forms.
fn check_decision_list(
    doc: &Doc,
    section: &Section,
    all_tables: &[Table],
    out: &mut Vec<Finding>,
) -> bool {
    // A section named for one decision (`## Decision`, as in an ADR, or `## Decision 1:
    // Format`) records one: its lists are the decision's parts (the mechanics it adopts,
    // its sources), and its reason may be anywhere in it.
    // (In other languages too: a `**Decisión:**` label heading the part.)
    if matches!(
        normalize(&section.title).as_str(),
        "decision" | "decisión" | "décision" | "decisão" | "entscheidung" | "decisione"
    ) || super::structure::numbers_a_decision(&section.title)
        || names_one_decision(&section.title)
    {
        let text: Vec<&str> = doc.lines[section.body.clone()]
            .iter()
            .filter(|l| !l.hidden && l.heading.is_none())
            .map(|l| l.prose.trim())
            .filter(|t| !t.is_empty())
            .collect();
        if text.is_empty() {
            return false;
        }
        if !gives_reason(&text.join(" ")) {
            out.push(error(
                section.line,
                "decision-rationale",
                format!("the decision {} has no rationale", quote(text[0])),
                "Say why this option was chosen over the alternatives.",
            ));
        }
        return true;
    }
    let mut items: Vec<(usize, String)> = Vec::new();
    let mut entries = false;
    // A list under a label giving reasons or weighing an option (`**Rationale**:`,
    // `**Pros:**`) holds reasons, and an item weighing an option (`- Cons: ...`) is one:
    // they are a decision's parts, not decisions. (An item `- **Rationale**: ...` is a
    // decision record's field.)
    let mut under_reasons = false;
    // The lines of those labels (`**Benefits:**` under `**Key Design Decision:** Use
    // ...`).
    let mut reason_labels: Vec<usize> = Vec::new();
    // For each item, the numbered item it follows in the same list when it is a bullet
    // (`1. Extraction timing` then `- Extraction is triggered ...`).
    let mut parents: Vec<Option<usize>> = Vec::new();
    let mut title: Option<usize> = None;
    for line in doc.lines[section.body.clone()].iter().filter(|l| !l.hidden) {
        if let Some((level, _)) = &line.heading {
            entries |= *level >= 3;
            if *level >= 3 {
                break;
            }
            continue;
        }
        let text = line.text.as_str();
        let is_item = list_item_text(text).is_some();
        if !is_item && !text.trim().is_empty() && !text.starts_with([' ', '\t']) {
            title = None;
            under_reasons = label_of(text)
                .is_some_and(|(_, name, rest)| rest.trim().is_empty() && names_reasons(name));
            if under_reasons {
                reason_labels.push(line.number);
            }
            continue;
        }
        if is_item
            && (under_reasons
                || label_of(text).is_some_and(|(_, name, _)| weighs_option(name))
                || super::syntax::plain_label(text).is_some_and(|(name, _)| weighs_option(name)))
        {
            continue;
        }
        let item = text
            .strip_prefix("- ")
            .or_else(|| text.strip_prefix("* "))
            .or_else(|| text.strip_prefix("+ "))
            .or_else(|| {
                let digits = text.find(|c: char| !c.is_ascii_digit())?;
                (digits > 0)
                    .then(|| {
                        text[digits..]
                            .strip_prefix(". ")
                            .or(text[digits..].strip_prefix(") "))
                    })
                    .flatten()
            });
        match item {
            Some(item) => {
                let at = text.len() - item.len();
                let prose = line.prose.get(at..).unwrap_or(item);
                if text.starts_with(['-', '*', '+']) {
                    parents.push(title);
                } else {
                    title = Some(items.len());
                    parents.push(None);
                }
                items.push((line.number, prose.to_string()));
            }
            // A continuation line of the item above.
            None if !text.trim().is_empty() && text.starts_with([' ', '\t']) => {
                if let Some(last) = items.last_mut() {
                    last.1.push(' ');
                    last.1.push_str(line.prose.trim());
                }
            }
            None => {}
        }
    }
    let (mut items, reasoned_by_parts) = titled_decisions(items, &parents);
    // Without a list, paragraphs that open with the decision in bold (`**No strategy
    // pattern.** Three terminals don't justify ...`) are the items.
    if items.is_empty() {
        // (The labels of reasons are no decisions.)
        items = bold_paragraphs(doc, section)
            .into_iter()
            .filter(|(line, _)| reason_labels.binary_search(line).is_err())
            .collect();
        // A paragraph followed by a list of its reasons or gains, before the next
        // paragraph (`**Key Design Decision:** Use ...` then `**Benefits:**` and its
        // list), gives its reasons there. (Both are in document order.)
        let starts: Vec<usize> = items.iter().map(|(line, _)| *line).collect();
        let mut k = 0;
        items.retain(|(line, _)| {
            let next = starts.get(k + 1).copied().unwrap_or(usize::MAX);
            k += 1;
            let after = reason_labels.partition_point(|r| r <= line);
            reason_labels.get(after).is_none_or(|r| *r >= next)
        });
    }
    if items.is_empty() {
        return entries;
    }
    // Items labelled with a decision record's fields (`- **Context**: ...`, `-
    // **Decision**: ...`, `- **Consequences**: ...` under `**ADR-001: JWT over
    // Session Cookies**`) are the parts of one decision each time, not decisions: the
    // record's context or rationale is its reason.
    let (records, items) = decision_records(doc, items);
    for record in records {
        if !record.reasoned {
            out.push(error(
                record.line,
                "decision-rationale",
                match record.decision.trim() {
                    "" => "the decision record has no rationale".to_string(),
                    decision => format!("the decision {} has no rationale", quote(decision)),
                },
                "Say why this option was chosen over the alternatives: give the record a **Context** or **Rationale**.",
            ));
        }
    }
    // A history of decisions and work (`## Decision and implementation history`) holds
    // dated entries (`- 2026-08-10: Accepted Wails v2 ...`, `- 2026-08-10: Added
    // readiness checks ...`): each says what happened when, and points to the decision's
    // record for its reasons.
    let history = names_history(&section.title);
    let items: Vec<(usize, String)> = items
        .into_iter()
        .filter(|(_, item)| !(history && opens_with_date(item)))
        .collect();
    let weighed = weighed_in_tables(all_tables);
    for (line, item) in items {
        // Weighed in a table under its topic's name or its first words (`Systemd`
        // for `**Systemd Integration**`).
        let topic = topic(&item);
        let in_table = !topic.is_empty()
            && topic
                .match_indices(' ')
                .map(|(at, _)| &topic[..at])
                .chain([topic.as_str()])
                .any(|prefix| weighed.contains(prefix));
        if !gives_reason(&item) && !in_table && !reasoned_by_parts.contains(&line) {
            out.push(error(
                line,
                "decision-rationale",
                format!(
                    "the decision {} has no rationale",
                    // (As written, with its code: the item's prose has it blanked.)
                    quote(
                        list_item_text(&doc.lines[line - 1].text)
                            .unwrap_or(&doc.lines[line - 1].text)
                            .replace("**", "")
                            .trim()
                    )
                ),
                "Say why this option was chosen over the alternatives.",
            ));
        }
    }
    true
}

/// Whether a section's name says it is a history (`Decision and implementation history`,
/// `Changelog`, `Historique des décisions`).
fn names_history(title: &str) -> bool {
    super::vocab::name_words(title).iter().any(|w| {
        matches!(
            w.as_str(),
            "history"
                | "changelog"
                | "timeline"
                | "historique"
                | "historial"
                | "histórico"
                | "historico"
                | "verlauf"
                | "historie"
                | "история"
                | "历史"
                | "履歴"
                | "이력"
        )
    })
}

/// Whether an item opens with a date (`2026-08-10: Added ...`, `**2026/08/10** — ...`).
fn opens_with_date(item: &str) -> bool {
    let t = item.trim_start().trim_start_matches(['*', '_', '`', '[']);
    let b = t.as_bytes();
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && matches!(b[4], b'-' | b'/' | b'.')
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b[4]
        && b[8..10].iter().all(u8::is_ascii_digit)
}

/// A label giving a decision's reasons or weighing an option (`Rationale`, `Why`,
/// `Pros`, `Cons`).
fn names_reasons(label: &str) -> bool {
    // (By its first word: `**Rationale for the locker vendor**:`.)
    let first = normalize(label.trim_end_matches(':'))
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string();
    super::vocab::REASON_LABELS.contains(&first.as_str()) || weighs_option(label)
}

/// A label weighing an option (`Pros`, `Cons`, `Drawbacks`), also by its first word
/// (`**Beneficios de migración inteligente:**`) and in other languages.
fn weighs_option(label: &str) -> bool {
    const WEIGHING: &[&str] = &[
        "pros",
        "cons",
        "advantages",
        "disadvantages",
        "benefits",
        "drawbacks",
        "beneficios",
        "ventajas",
        "desventajas",
        "benefícios",
        "vantagens",
        "desvantagens",
        "avantages",
        "inconvénients",
        "vorteile",
        "nachteile",
        "vantaggi",
        "svantaggi",
        "优点",
        "缺点",
        "优势",
        "メリット",
        "デメリット",
        "장점",
        "단점",
    ];
    normalize(label.trim_end_matches(':'))
        .split_whitespace()
        .next()
        .is_some_and(|first| WEIGHING.contains(&first))
}

/// A heading naming the one decision its section records (`### 3.1 Decision: BullMQ
/// with Redis`, `## Decision — Keep SQLite`).
fn names_one_decision(title: &str) -> bool {
    let name = super::vocab::display_name(title).to_lowercase();
    name.strip_prefix("decision")
        .is_some_and(|rest| rest.trim_start().starts_with([':', '—', '–']))
}

/// One decision record given as labelled items: where it starts, its decision and
/// whether it gives a reason.
struct DecisionRecord {
    line: usize,
    decision: String,
    reasoned: bool,
}

/// The labels of a decision record's fields; the first group gives the reason.
const RECORD_REASONS: [&str; 5] = ["context", "rationale", "reason", "why", "motivation"];
const RECORD_FIELDS: [&str; 13] = [
    "decision",
    // (`- **Choice:** ...` then `- **Rationale:** ...` under `**Decision 1**`, and
    // its `- **Impact:** ...`, `- Implementation: ...`, `- Trade-off: ...`.)
    "choice",
    "chosen",
    "impact",
    "implementation",
    "trade-off",
    "consequences",
    "consequence",
    "status",
    "alternatives",
    "alternatives considered",
    "options considered",
    "trade-offs",
];

/// A record's fields in other languages, accents folded (`**Contexto**`, `**Decisão**`,
/// `**Consequências**`), and the template's field each is.
const RECORD_FIELDS_ELSEWHERE: &[(&[&str], &str)] = &[
    (
        &[
            "contexto",
            "contexte",
            "kontext",
            "contesto",
            "контекст",
            "背景",
            "上下文",
            "コンテキスト",
            "배경",
            "맥락",
        ],
        "context",
    ),
    (
        &[
            "justificativa",
            "justificacion",
            "begrundung",
            "motivazione",
            "обоснование",
            "理由",
            "근거",
            "이유",
        ],
        "rationale",
    ),
    (
        &["razao", "razon", "raison", "grund", "причина", "原因"],
        "reason",
    ),
    (
        &[
            "decisao",
            "decision",
            "decisione",
            "entscheidung",
            "entscheid",
            "решение",
            "决策",
            "决定",
            "決定",
            "결정",
        ],
        "decision",
    ),
    (
        &[
            "consequencias",
            "consecuencias",
            "consequences",
            "konsequenzen",
            "conseguenze",
            "последствия",
            "后果",
            "影响",
            "結果",
            "影響",
            "결과",
        ],
        "consequences",
    ),
    (super::vocab::STATUS_WORDS, "status"),
    (
        &[
            "alternativas",
            "alternativas consideradas",
            "alternativen",
            "alternative",
            "альтернативы",
            "备选方案",
            "代替案",
            "대안",
        ],
        "alternatives",
    ),
];

/// Splits listed items into decision records (two or more items labelled with a
/// record's fields) and the other items, which are decisions each.
fn decision_records(
    doc: &Doc,
    items: Vec<(usize, String)>,
) -> (Vec<DecisionRecord>, Vec<(usize, String)>) {
    let label = |item: &str| -> Option<String> {
        let (name, _) = leading_label(item)?;
        let label = name
            .trim()
            .trim_end_matches([':', '：'])
            .trim()
            .to_lowercase();
        let label = super::outline::fold_accents(&label);
        let label = RECORD_FIELDS_ELSEWHERE
            .iter()
            .find(|(names, _)| names.contains(&label.as_str()))
            .map_or(label, |(_, field)| (*field).to_string());
        (RECORD_REASONS.contains(&label.as_str()) || RECORD_FIELDS.contains(&label.as_str()))
            .then_some(label)
    };
    if items.iter().filter(|(_, i)| label(i).is_some()).count() < 2 {
        return (Vec::new(), items);
    }
    let mut records: Vec<(DecisionRecord, Vec<String>)> = Vec::new();
    let mut rest = Vec::new();
    let mut previous: Option<usize> = None;
    for (line, item) in items {
        // A line of its own between two items (the next record's title, `**ADR-02: ...**`,
        // or a heading) ends the record.
        let titled = previous.is_some_and(|p| {
            doc.lines[p..line - 1].iter().any(|l| {
                !l.hidden
                    && !l.text.trim().is_empty()
                    && !l.text.starts_with([' ', '\t'])
                    && list_item_text(&l.text).is_none()
            })
        });
        previous = Some(line);
        let Some(field) = label(&item) else {
            rest.push((line, item));
            continue;
        };
        let text = leading_label(&item).map_or("", |(_, after)| after);
        // A field the current record already has starts the next record.
        if titled || records.last().is_none_or(|(_, seen)| seen.contains(&field)) {
            records.push((
                DecisionRecord {
                    line,
                    decision: String::new(),
                    reasoned: false,
                },
                Vec::new(),
            ));
        }
        let Some((record, seen)) = records.last_mut() else {
            continue;
        };
        if field == "decision" {
            record.decision = text.split_whitespace().collect::<Vec<_>>().join(" ");
        }
        // Its reason: a field for it, or one given in a field's own words (`**Decision**:
        // hardcode the template to ensure exact nuance`).
        if (RECORD_REASONS.contains(&field.as_str()) && !text.is_empty()) || gives_reason(text) {
            record.reasoned = true;
        }
        seen.push(field);
    }
    (
        records.into_iter().map(|(record, _)| record).collect(),
        rest,
    )
}

/// The decisions a decision table anywhere in the spec weighs, each with something
/// beside it (`| PostgreSQL Queue | Simple, no additional dependencies | Not as fast
/// |` under `### Design Trade-offs`): normalized, for a listed decision of that topic.
fn weighed_in_tables(tables: &[Table]) -> HashSet<String> {
    let mut weighed = HashSet::new();
    for table in tables {
        let header = &table.header.cells;
        if table.delimiter.is_none() || !is_decision_header(header) {
            continue;
        }
        let Some(decision) = header.iter().position(|c| names_choice(c)) else {
            continue;
        };
        for row in &table.rows {
            let beside = row
                .cells
                .iter()
                .enumerate()
                .any(|(k, c)| k != decision && !is_blank_cell(c));
            if let Some(cell) = row.cells.get(decision).filter(|_| beside) {
                let name = normalize(&link_text(cell).replace("**", ""));
                if !name.is_empty() {
                    weighed.insert(name);
                }
            }
        }
    }
    weighed
}

/// A listed decision's topic: its bold label or the text before its colon
/// (`**PostgreSQL Queue**: Native database queue` → `postgresql queue`).
fn topic(item: &str) -> String {
    let plain = item.replace("**", "");
    normalize(plain.split_once(':').map_or("", |(label, _)| label))
}

/// The paragraphs of a section's own text (before its first `### `) that open in bold,
/// each with its line and its text up to the next blank line.
fn bold_paragraphs(doc: &Doc, section: &Section) -> Vec<(usize, String)> {
    let mut items: Vec<(usize, String)> = Vec::new();
    let mut open = false;
    for line in doc.lines[section.body.clone()].iter().filter(|l| !l.hidden) {
        if line.heading.as_ref().is_some_and(|(level, _)| *level >= 3) {
            break;
        }
        let text = line.text.trim();
        if text.is_empty() || line.heading.is_some() || line.fence {
            open = false;
        } else if !open && text.starts_with("**") {
            // (A label alone over code captions an example, `**Records Lambda（内部形式）:**`
            // over a response's shape: it decides nothing.)
            let caption = text.trim_end_matches('*').ends_with([':', '：'])
                && text.matches("**").count() == 2
                && doc.lines.get(line.number).is_some_and(|next| next.fence);
            if !caption {
                items.push((line.number, line.prose.trim().to_string()));
            }
            open = true;
        } else if open && let Some(last) = items.last_mut() {
            last.1.push(' ');
            last.1.push_str(line.prose.trim());
        }
    }
    items
}

/// Whether a decision written as a sentence says why: `because`, `since`, `so`, `to
/// avoid`, a reason after a dash or in a closing remark, or a second sentence.
pub(crate) fn gives_reason(item: &str) -> bool {
    gives_reason_as(item, true)
}

/// Whether a decision's sentence says why; `whole` when it is the decision itself, where
/// a closing remark (`Use SQLite (single binary, no server)`) or a second sentence gives
/// its reason. A part of a decision (a bullet under its title) gives it only in words:
/// its remark describes the part (`amountGross (integer cents)`), and each part is one
/// statement of the choice.
fn gives_reason_as(item: &str, whole: bool) -> bool {
    // The decision as a whole bold label, the reason after it (`**Wire the existing
    // engine rather than build a new one:** a tested detector already exists`); a
    // label of a word or two is the topic, and what follows it the choice.
    if let Some(rest) = item.trim_start().strip_prefix("**")
        && let Some((label, after)) = rest.split_once("**")
        && (label.trim_end().ends_with(':') || after.starts_with(':'))
        && label.split_whitespace().count() >= 4
        && after.trim_start_matches(':').split_whitespace().count() >= 3
    {
        return true;
    }
    // (In Chinese or Japanese, after a full-width colon: `**三层归并而非纯 LLM**：成本降两个
    // 数量级`, the choice in bold, what it gains after it.)
    if let Some(rest) = item.trim_start().strip_prefix("**")
        && let Some((label, after)) = rest.split_once("**")
        && after.starts_with('：')
        && label.chars().filter(|c| !c.is_ascii()).count() >= 2
        && after.trim_start_matches('：').trim().chars().count() >= 6
    {
        return true;
    }
    // Emphasis does not end a sentence any less: `**Keep the footer.** Rejected: ...`.
    let item = item.replace("**", "").replace("__", "");
    let text = format!(" {} ", item.to_lowercase());
    const MARKERS: &[&str] = &[
        " to ensure ",
        " to allow ",
        " to prevent ",
        " to support ",
        " to make ",
        " to reduce ",
        ", keeping ",
        ", so ",
        " because ",
        " since ",
        " so ",
        " so that ",
        " to avoid ",
        " avoids ",
        " avoiding ",
        " — ",
        " -- ",
        " – ",
        " - ",
        "rationale",
        "reason",
        " in order to ",
        " to keep ",
        " to minimize ",
        // A purpose (`deactivated rather than deleted to preserve booking history`) or
        // an effect (`row-level locking prevents race conditions`).
        " to preserve ",
        " to protect ",
        " to guarantee ",
        " to enable ",
        " to improve ",
        " to simplify ",
        " to maintain ",
        " to isolate ",
        " to decouple ",
        " to eliminate ",
        " to limit ",
        // (`tokens hashed to mitigate token database leakage risk`.)
        " to mitigate ",
        " to lower ",
        " to save ",
        " to comply ",
        " prevent ",
        " prevents ",
        " preventing ",
    ];
    // The same in Spanish, Portuguese, French, German, Italian and Russian (`Recharts,
    // por integracion simple con React`, `..., porque ...`, `..., weil ...`, `...,
    // perché ...`).
    const MARKERS_IN_OTHER_LANGUAGES: [&str; 23] = [
        " perché ",
        " perche ",
        " poiché ",
        " porque ",
        " ya que ",
        " debido a ",
        ", por ",
        " para evitar ",
        " para garantizar ",
        " pois ",
        " para garantir ",
        " parce que ",
        " car ",
        " afin de ",
        " pour éviter ",
        " weil ",
        " damit ",
        " um zu ",
        " потому что ",
        " так как ",
        " поскольку ",
        " чтобы ",
        " бо ",
    ];
    if MARKERS
        .iter()
        .chain(MARKERS_IN_OTHER_LANGUAGES.iter())
        .any(|m| text.contains(m))
    {
        return true;
    }
    // A quality it is chosen for (`its own Lambda function for isolation and independent
    // scaling`, `stored in Redis for low-latency updates`, `with TTL for automatic
    // cleanup`); not a role (`PostgreSQL for the database`).
    const QUALITIES: [&str; 22] = [
        "isolat",
        "scal",
        "perform",
        "simplic",
        "reliab",
        "latency",
        "automatic",
        "decoupl",
        "consisten",
        "secur",
        "speed",
        "fast",
        "durab",
        "flexib",
        "maintainab",
        "testab",
        "observab",
        "resilien",
        "efficien",
        "portab",
        "cheap",
        "low-",
    ];
    if text.match_indices(" for ").any(|(at, m)| {
        text[at + m.len()..]
            .split_whitespace()
            .take(3)
            .any(|w| QUALITIES.iter().any(|q| w.starts_with(q)))
    }) {
        return true;
    }
    // Chinese, Japanese and Korean reasons: `因为`, `为了`, `以便`, `ため`, `위해`.
    const MARKERS_UNSPACED: [&str; 13] = [
        "因为",
        "由于",
        "为了",
        "以便",
        "以免",
        "因此",
        "所以",
        "为兼容",
        "避免",
        "ため",
        "ので",
        "때문에",
        "위해",
    ];
    if MARKERS_UNSPACED.iter().any(|m| text.contains(m)) {
        return true;
    }
    // A Chinese clause after the choice saying what it gains, as `to simplify` does in
    // English: `使用 Python 而不是 Rust，降低跨平台编译和部署成本` (lowering the cost),
    // `默认透传上游响应，保持 SDK 兼容性` (keeping compatibility).
    const GAINS: [&str; 14] = [
        "降低",
        "减少",
        "提高",
        "提升",
        "保证",
        "确保",
        "保持",
        "简化",
        "便于",
        "节省",
        "防止",
        "优先保证",
        "从而",
        "以保证",
    ];
    if text.split('，').skip(1).any(|clause| {
        let clause = clause.trim_start();
        GAINS.iter().any(|g| clause.starts_with(g))
    }) {
        return true;
    }
    // A Korean choice joined to what it gains: `Server Actions를 채택하여 ... 운영 복잡도를
    // 최소화한다` (adopting them, minimising the operating cost), `... 함으로써`, `... 이므로`.
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() > 1
        && words[..words.len() - 1].iter().any(|w| {
            let w = w.trim_end_matches([',', '，']);
            ["하여", "해서", "함으로써", "하므로", "이므로"]
                .iter()
                .any(|m| w.ends_with(m) && w.len() > m.len())
        })
    {
        return true;
    }
    // `选择。原因。`: a second sentence after a Chinese or Japanese full stop.
    if text
        .split('。')
        .filter(|s| s.trim().chars().count() > 3)
        .count()
        > 1
    {
        return true;
    }
    if !whole {
        return false;
    }
    let trimmed = text.trim().trim_end_matches('.');
    let remark = trimmed
        .ends_with(')')
        .then(|| trimmed.rfind('('))
        .flatten()
        .map(|at| &trimmed[at + 1..]);
    if remark.is_some_and(|r| {
        !r.starts_with("e.g") && !r.starts_with("i.e") && r.split_whitespace().count() > 1
    }) {
        return true;
    }
    // `Choice. Why.`: a second sentence.
    trimmed.split(". ").filter(|s| s.trim().len() > 3).count() > 1
}

/// Why a rationale is a stub rather than a reason, if it is one: it only says who
/// decided (`(chosen by the user)`), says there is no reason, lists the option's gains
/// and costs, or repeats the choice (`Config: environment variables` because
/// `environment variables`).
fn stub(rationale: &str, decision: &str) -> Option<&'static str> {
    let body = without_trailing_remarks(rationale);
    let plain = body
        .trim()
        .trim_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace())
        .to_lowercase();
    if plain.is_empty() {
        return Some("only says who decided");
    }
    const NO_REASON: [&str; 12] = [
        "no reason given",
        "no reason",
        "none given",
        "n/a",
        "tbd",
        "see adr",
        "see the adr",
        "because",
        "preferred",
        "default",
        "user choice",
        "recommended",
    ];
    if NO_REASON.contains(&plain.as_str()) {
        return Some("gives no reason");
    }
    if plain.starts_with("gains:") && plain.contains("sacrifices:") {
        return Some("lists the option's gains and costs, not why it was chosen");
    }
    let choice_words: Vec<String> = words(&link_text(decision));
    const FILLER: [&str; 14] = [
        "because",
        "since",
        "it",
        "is",
        "the",
        "a",
        "an",
        "we",
        "use",
        "chose",
        "choose",
        "chosen",
        "prefer",
        "preferred",
    ];
    let body_words = words(&plain);
    let repeats = !body_words.is_empty()
        && body_words
            .iter()
            .all(|w| choice_words.contains(w) || FILLER.contains(&w.as_str()));
    repeats.then_some("only repeats the choice")
}

/// The text without the remarks in parentheses at its end: `(recommendation accepted)`.
fn without_trailing_remarks(text: &str) -> &str {
    let mut rest = text.trim();
    while rest.ends_with(')') {
        match rest.rfind('(') {
            Some(open) => rest = rest[..open].trim_end(),
            None => break,
        }
    }
    rest
}

/// A text's words, lowercase, brackets and punctuation dropped (`Exit Codes (all
/// commands)` → `exit`, `codes`, `all`, `commands`).
pub(crate) fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tables_in_a_range_are_those_whose_header_lies_in_it() {
        let doc = Doc::parse(
            "| a |\n|---|\n\n## E1\n| b |\n|---|\n| 1 |\n\n| c |\n|---|\n## E2\ntext\n## E3\n| d |\n|---|\n",
        );
        let tables = doc.tables();
        let headers = |range: std::ops::Range<usize>| -> Vec<String> {
            in_range(&tables, &range)
                .iter()
                .map(|t| t.header.cells.join(""))
                .collect()
        };
        assert_eq!(headers(0..doc.lines.len()), ["a", "b", "c", "d"]);
        assert_eq!(headers(3..10), ["b", "c"]);
        assert_eq!(headers(4..5), ["b"]);
        assert_eq!(headers(5..8), Vec::<String>::new());
        assert_eq!(headers(10..12), Vec::<String>::new());
        assert_eq!(headers(13..13), Vec::<String>::new());
    }

    #[test]
    fn a_listed_decision_gives_its_reason_in_a_second_sentence_even_after_emphasis() {
        assert!(gives_reason(
            "**Keep a one-line footer instead of removing it.** Rejected: one line per card still repeats."
        ));
        assert!(!gives_reason("**Keep a one-line footer on story cards.**"));
        assert!(!gives_reason("Use PostgreSQL."));
    }

    #[test]
    fn a_decision_in_chinese_gives_its_reason_with_a_word_or_a_second_sentence() {
        assert!(gives_reason(
            "使用 PostgreSQL 存储书签，因为团队已经在运维它。"
        ));
        assert!(gives_reason(
            "书签以 JSON 传输。字段名保持不变，旧客户端仍可读取。"
        ));
        assert!(!gives_reason("同步间隔为一分钟。"));
    }

    #[test]
    fn a_decision_in_another_language_gives_its_reason_with_a_word() {
        assert!(gives_reason(
            "Graficas: Recharts, por integracion simple con React."
        ));
        assert!(gives_reason(
            "Base de datos: PostgreSQL, porque el equipo ya la opera."
        ));
        assert!(gives_reason(
            "Datenbank: PostgreSQL, weil das Team sie betreibt."
        ));
        assert!(!gives_reason("ORM: Prisma."));
        assert!(!gives_reason("Ramas: development para integracion."));
    }

    #[test]
    fn a_remark_in_parentheses_does_not_change_a_column() {
        assert!(same_column("User Message (zh-CN)", "User Message"));
        assert!(!same_column("User Message (zh-CN)", "Condition"));
    }

    #[test]
    fn a_whole_decision_in_bold_gives_its_reason_after_the_colon_but_a_topic_does_not() {
        assert!(gives_reason(
            "**Keep the roles on the existing column rather than add a table:** the auth library already reads it"
        ));
        assert!(gives_reason(
            "**Risk computed from violations only**: restated metadata was the noise"
        ));
        // A topic label, then the choice: no reason yet.
        assert!(!gives_reason("**Auth**: a token in the URL"));
        // The whole decision in bold with nothing after it.
        assert!(!gives_reason(
            "**Refuse role changes on the server whatever the screen showed:**"
        ));
    }

    #[test]
    fn a_decision_table_is_one_that_names_its_options_verdicts_or_reasons() {
        let cells = |h: &[&str]| h.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        assert!(is_decision_header(&cells(&["#", "Decision", "Rationale"])));
        assert!(is_decision_header(&cells(&[
            "Option", "Tradeoff", "Verdict"
        ])));
        assert!(is_decision_header(&cells(&["Choice", "Why"])));
        assert!(!is_decision_header(&cells(&["Role", "Console", "Writes"])));
    }

    #[test]
    fn stubs_are_not_reasons() {
        let decision = "[Configuration: Environment variables](adr-006-x-configuration.md)";
        assert_eq!(
            stub("(chosen by the user)", decision),
            Some("only says who decided")
        );
        assert_eq!(
            stub("No reason given (chosen by the user)", decision),
            Some("gives no reason")
        );
        assert_eq!(
            stub(
                "Gains: Reviewable. Sacrifices: A deploy per change. (chosen by the user)",
                decision
            ),
            Some("lists the option's gains and costs, not why it was chosen")
        );
        assert_eq!(
            stub("environment variables", decision),
            Some("only repeats the choice")
        );
        assert_eq!(
            stub("Because we use environment variables.", decision),
            Some("only repeats the choice")
        );
        assert_eq!(
            stub(
                "because every container platform sets them (chosen by the user)",
                decision
            ),
            None
        );
        assert_eq!(stub("Sub-ms, atomic INCR, TTL built-in", "Redis"), None);
    }
}
