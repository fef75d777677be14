//! How specs name things: a heading or a field label reduced to its words, and the
//! synonyms by which real specs name the template's sections and fields
//! (`## 10. Architectural Decisions`, `**Actors:**`, `- Request:`).

/// The words of a heading or label, for comparing names: lowercase, without numbering,
/// a parenthesised remark (`(deferred to design)`) or a subtitle after `:` or ` — `,
/// filler words dropped and each word reduced to a stem (`Decisions` and `decision`,
/// `Architectural` and `architecture`, `Non-Functional` and `nonfunctional` are alike).
pub(crate) fn name_words(text: &str) -> Vec<String> {
    words_of_name(text, true)
}

/// The words of a heading with its subtitle (`TerminalBuffer — Full API`).
pub(crate) fn all_name_words(text: &str) -> Vec<String> {
    words_of_name(text, false)
}

fn words_of_name(text: &str, cut: bool) -> Vec<String> {
    let text = strip_numbering(text.trim().trim_matches(|c| c == '*' || c == '_').trim());
    let text = without_status(text);
    let text = if cut { cut_subtitle(text) } else { text };
    // The words outside brackets, and those inside (a remark, or the name in English
    // after a name in another script: `사용 시나리오(Use Cases)`).
    let mut words: Vec<String> = Vec::new();
    let mut inside: Vec<String> = Vec::new();
    let mut depth = 0usize;
    // A remark holding a path or code (`(\`internal/trade/\`)`) names no section.
    let mut code_inside = false;
    let mut word = String::new();
    let flush = |word: &mut String, words: &mut Vec<String>, inside: &mut Vec<String>, depth| {
        if !word.is_empty() {
            let to = if depth > 0 { inside } else { words };
            to.push(std::mem::take(word));
        }
    };
    for c in text.chars() {
        match c {
            '(' | '[' | '（' | '【' => {
                flush(&mut word, &mut words, &mut inside, depth);
                depth += 1;
            }
            ')' | ']' | '）' | '】' => {
                flush(&mut word, &mut words, &mut inside, depth);
                depth = depth.saturating_sub(1);
            }
            // Latin letters run into a CJK word without a space (`API設計`, `UI测试`):
            // two words.
            _ if c.is_alphanumeric() => {
                if word.chars().last().is_some_and(|p| is_cjk(p) != is_cjk(c)) {
                    flush(&mut word, &mut words, &mut inside, depth);
                }
                if is_cjk(c) {
                    word.push(simplified(c));
                } else {
                    word.extend(c.to_lowercase());
                }
            }
            _ => {
                code_inside |= depth > 0 && matches!(c, '/' | '`' | '_' | '.');
                flush(&mut word, &mut words, &mut inside, depth)
            }
        }
    }
    flush(&mut word, &mut words, &mut inside, depth);
    let latin = |w: &String| w.chars().any(|c| c.is_ascii_alphabetic());
    // (Not a version or a release's tag: `スコープ外（v1）`, `概要（MVP）`.)
    let remark = |w: &String| {
        w.chars().any(|c| c.is_ascii_digit())
            || matches!(
                w.as_str(),
                "mvp" | "beta" | "alpha" | "draft" | "wip" | "todo" | "tbd" | "new" | "optional"
            )
    };
    // (Only a name wholly in Latin letters: `（V3.0 决策）` is a remark on the version.)
    if !words.is_empty()
        && !words.iter().any(latin)
        && inside.iter().any(|w| latin(w) && !remark(w))
        && !inside.iter().any(|w| w.chars().any(is_cjk))
        && !code_inside
    {
        words = inside;
    }
    join_prefixes(words)
        .into_iter()
        .filter(|w| !is_stop_word(w) && !AND_WORDS.contains(&w.as_str()))
        .map(|w| stem(&w))
        .collect()
}

/// A heading without the status a tracker appends after a mark (`## 9. Action Posture
/// Modes  ✅ *Phase 8 — implemented & enforced in CLI + API.*`): the words after the
/// mark say how far the work is, not what the section is.
fn without_status(text: &str) -> &str {
    const MARKS: [char; 6] = ['✅', '☑', '✔', '🚧', '⏳', '❌'];
    match text.find(MARKS) {
        Some(at) if !text[..at].trim().is_empty() => text[..at].trim_end(),
        _ => text,
    }
}

/// The heading without its bracketed remark, when `name_words` reads the heading by that
/// remark: a name in another script followed by Latin words in brackets
/// (`データモデル（SQLite）`).
pub(crate) fn outside_latin_remark(text: &str) -> Option<String> {
    let open = text.find(['(', '（'])?;
    let (name, rest) = text.split_at(open);
    let close = rest.find([')', '）'])?;
    let remark = &rest[..close];
    if !name.chars().any(is_cjk) || !remark.chars().any(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let after = rest[close..].trim_start_matches([')', '）']);
    Some(format!("{}{after}", name.trim_end()))
}

/// A Chinese character in its simplified form, for comparing names: specs in Traditional
/// Chinese write `問題陳述` for `问题陈述` and `測試` for `测试`, and Japanese shares many
/// of those forms (`技術`, `設計`) or has its own (`関係`, `処理`). Only the characters of
/// the names lint knows, and the words around them, are here.
fn simplified(c: char) -> char {
    const FORMS: &[(char, char)] = &[
        ('併', '并'),
        ('來', '来'),
        ('係', '系'),
        ('個', '个'),
        ('們', '们'),
        ('側', '侧'),
        ('備', '备'),
        ('傳', '传'),
        ('價', '价'),
        ('儀', '仪'),
        ('優', '优'),
        ('儲', '储'),
        ('內', '内'),
        ('兩', '两'),
        ('処', '处'),
        ('刪', '删'),
        ('則', '则'),
        ('創', '创'),
        ('動', '动'),
        ('務', '务'),
        ('勢', '势'),
        ('匯', '汇'),
        ('協', '协'),
        ('単', '单'),
        ('參', '参'),
        ('員', '员'),
        ('問', '问'),
        ('單', '单'),
        ('圍', '围'),
        ('圖', '图'),
        ('團', '团'),
        ('執', '执'),
        ('報', '报'),
        ('場', '场'),
        ('塊', '块'),
        ('實', '实'),
        ('審', '审'),
        ('寫', '写'),
        ('対', '对'),
        ('對', '对'),
        ('導', '导'),
        ('層', '层'),
        ('屬', '属'),
        ('幣', '币'),
        ('庫', '库'),
        ('廢', '废'),
        ('彈', '弹'),
        ('後', '后'),
        ('從', '从'),
        ('復', '复'),
        ('応', '应'),
        ('態', '态'),
        ('慮', '虑'),
        ('憑', '凭'),
        ('應', '应'),
        ('戶', '户'),
        ('擇', '择'),
        ('據', '据'),
        ('擴', '扩'),
        ('數', '数'),
        ('於', '于'),
        ('時', '时'),
        ('書', '书'),
        ('會', '会'),
        ('條', '条'),
        ('棧', '栈'),
        ('業', '业'),
        ('構', '构'),
        ('様', '样'),
        ('標', '标'),
        ('樣', '样'),
        ('機', '机'),
        ('檔', '档'),
        ('欄', '栏'),
        ('權', '权'),
        ('歷', '历'),
        ('歸', '归'),
        ('決', '决'),
        ('況', '况'),
        ('測', '测'),
        ('準', '准'),
        ('滿', '满'),
        ('災', '灾'),
        ('為', '为'),
        ('狀', '状'),
        ('現', '现'),
        ('環', '环'),
        ('產', '产'),
        ('畫', '画'),
        ('異', '异'),
        ('發', '发'),
        ('監', '监'),
        ('盤', '盘'),
        ('確', '确'),
        ('碼', '码'),
        ('種', '种'),
        ('節', '节'),
        ('範', '范'),
        ('簡', '简'),
        ('簽', '签'),
        ('約', '约'),
        ('級', '级'),
        ('細', '细'),
        ('組', '组'),
        ('結', '结'),
        ('統', '统'),
        ('綜', '综'),
        ('維', '维'),
        ('網', '网'),
        ('総', '总'),
        ('線', '线'),
        ('緣', '缘'),
        ('編', '编'),
        ('緩', '缓'),
        ('縮', '缩'),
        ('總', '总'),
        ('織', '织'),
        ('義', '义'),
        ('聯', '联'),
        ('與', '与'),
        ('舊', '旧'),
        ('處', '处'),
        ('號', '号'),
        ('術', '术'),
        ('衝', '冲'),
        ('製', '制'),
        ('規', '规'),
        ('視', '视'),
        ('覽', '览'),
        ('觀', '观'),
        ('訂', '订'),
        ('計', '计'),
        ('訊', '讯'),
        ('記', '记'),
        ('訪', '访'),
        ('設', '设'),
        ('証', '证'),
        ('評', '评'),
        ('詞', '词'),
        ('試', '试'),
        ('誌', '志'),
        ('認', '认'),
        ('語', '语'),
        ('誤', '误'),
        ('說', '说'),
        ('課', '课'),
        ('請', '请'),
        ('論', '论'),
        ('證', '证'),
        ('譯', '译'),
        ('議', '议'),
        ('護', '护'),
        ('讀', '读'),
        ('負', '负'),
        ('貨', '货'),
        ('買', '买'),
        ('費', '费'),
        ('資', '资'),
        ('賣', '卖'),
        ('質', '质'),
        ('賴', '赖'),
        ('購', '购'),
        ('軟', '软'),
        ('載', '载'),
        ('輯', '辑'),
        ('輸', '输'),
        ('辦', '办'),
        ('進', '进'),
        ('運', '运'),
        ('過', '过'),
        ('遞', '递'),
        ('遲', '迟'),
        ('遷', '迁'),
        ('選', '选'),
        ('遺', '遗'),
        ('邊', '边'),
        ('邏', '逻'),
        ('錄', '录'),
        ('錯', '错'),
        ('錶', '表'),
        ('鍵', '键'),
        ('鎖', '锁'),
        ('鐘', '钟'),
        ('鑑', '鉴'),
        ('門', '门'),
        ('開', '开'),
        ('間', '间'),
        ('関', '关'),
        ('關', '关'),
        ('陳', '陈'),
        ('険', '险'),
        ('隊', '队'),
        ('際', '际'),
        ('險', '险'),
        ('雜', '杂'),
        ('難', '难'),
        ('韌', '韧'),
        ('響', '响'),
        ('頁', '页'),
        ('項', '项'),
        ('順', '顺'),
        ('領', '领'),
        ('頻', '频'),
        ('題', '题'),
        ('類', '类'),
        ('顯', '显'),
        ('風', '风'),
        ('驗', '验'),
        ('體', '体'),
        ('點', '点'),
    ];
    FORMS
        .binary_search_by_key(&c, |&(from, _)| from)
        .map_or(c, |at| FORMS[at].1)
}

/// A character of Chinese, Japanese or Korean script (kana, ideographs, hangul).
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{AC00}'..='\u{D7AF}'
        | '\u{F900}'..='\u{FAFF}')
}

/// `2. Use cases` and `1.2 Data Models` without their number.
/// A heading numbered by a word, a number or letter and a dash, colon or dot (`Spec 1 —
/// Contexto y Alcance`): what follows.
pub(crate) fn numbered_by_word(text: &str) -> Option<&str> {
    const WORDS: &[&str] = &[
        "Spec",
        "Part",
        "Chapter",
        "Section",
        "Parte",
        "Capítulo",
        "Capitulo",
        "Chapitre",
        "Partie",
        "Kapitel",
        "Teil",
        "Abschnitt",
        "Sezione",
        "Capitolo",
        "Apéndice",
        "Anexo",
        "Annexe",
        "Anhang",
        "Rozdział",
        "Hoofdstuk",
        "Deel",
    ];
    let (word, rest) = text.split_once(' ')?;
    if !WORDS.contains(&word) {
        return None;
    }
    let (id, after) = rest.split_once(' ').unwrap_or((rest, ""));
    let id = id.trim_end_matches([':', '.']);
    let separated = rest[id.len()..]
        .trim_start()
        .starts_with([':', '.', '—', '–', '-']);
    (!id.is_empty()
        && id.chars().count() <= 3
        && id.chars().all(char::is_alphanumeric)
        && separated)
        .then(|| after.trim_start_matches([':', '.', '—', '–', '-', ' ']))
        .filter(|name| !name.is_empty())
}

/// A title without the requirement's id before it: `FR-13: Error Handling` is `Error
/// Handling`, `TR-8 — Error Handling` too; a title without one is as it is.
pub(crate) fn without_requirement_id(title: &str) -> &str {
    let Some((id, rest)) = title.split_once([':', ' ']) else {
        return title;
    };
    let (letters, digits) = id.split_at(
        id.find(|c: char| !c.is_ascii_uppercase())
            .unwrap_or(id.len()),
    );
    let digits = digits.strip_prefix('-').unwrap_or(digits);
    let rest = rest.trim_start_matches([':', '—', '–', '-', ' ']);
    if (1..=5).contains(&letters.len())
        && !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.starts_with(|c: char| c.is_ascii_digit())
        && !rest.is_empty()
    {
        rest
    } else {
        title
    }
}

pub(crate) fn strip_numbering(text: &str) -> &str {
    // A symbol opening the heading (`🧩 1. Overview`, `⚠️ Error Handling`) is not part of
    // its name.
    let text = match text.split_once(' ') {
        Some((first, rest)) if !first.is_empty() && !first.chars().any(char::is_alphanumeric) => {
            rest.trim_start()
        }
        _ => text,
    };
    // An appendix's letter or number is its numbering (`Appendix B — Out of Scope (v1)`,
    // `Appendix A: Polars vs Pandas`). So is a part's, a chapter's or a spec's, before a
    // dash or a colon (`Spec 1 — Contexto y Alcance`, `Part 2: Data Model`, `Capítulo 3.
    // API`).
    // (Numbered itself too: `## 19. Appendix — Stack Versions`.)
    if let Some((first, rest)) = text.split_once(' ')
        && first.len() > 1
        && first.ends_with('.')
        && first
            .trim_end_matches('.')
            .chars()
            .all(|c| c.is_ascii_digit())
        && rest.trim_start().starts_with("Appendix ")
    {
        return strip_numbering(rest.trim_start());
    }
    let text = match text.strip_prefix("Appendix ") {
        // (Or none, the dash at once: `Appendix — Stack Versions (pin in repo)`.)
        Some(rest) if rest.starts_with(['—', '–', ':']) => {
            rest.trim_start_matches([':', '—', '–', ' '])
        }
        Some(rest) => match rest.split_once([' ', ':', '.']) {
            Some((id, after))
                if !id.is_empty() && id.len() <= 3 && id.chars().all(char::is_alphanumeric) =>
            {
                after.trim_start_matches([':', '.', '—', '–', '-', ' '])
            }
            _ => text,
        },
        None => numbered_by_word(text).unwrap_or(text),
    };
    // Chinese numerals before an enumeration comma are numbering (`十一、待决策问题`).
    if let Some((first, rest)) = text.split_once('、')
        && !first.is_empty()
        && first
            .chars()
            .all(|c| "一二三四五六七八九十百零".contains(c))
    {
        return rest.trim_start();
    }
    match text.split_once(' ') {
        Some((first, rest))
            // (Also with the dot escaped, `4\.`, as some editors write it.)
            if first
                .trim_end_matches(['.', ')'])
                .trim_end_matches('\\')
                .split('.')
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit())) =>
        {
            rest.trim_start()
        }
        // (Or a number with a letter, closed: `3a)`, `2b.`.)
        Some((first, rest))
            if first.ends_with(['.', ')']) && {
                let mut id = first.trim_end_matches(['.', ')']).chars();
                id.next_back().is_some_and(|c| c.is_ascii_lowercase())
                    && id.clone().next().is_some()
                    && id.all(|c| c.is_ascii_digit())
            } =>
        {
            rest.trim_start()
        }
        // (Or joined by hyphens, after a letter too, with a dot: `3-12.`, `B-4.`.)
        Some((first, rest))
            if first.ends_with('.') && first.contains('-') && {
                let parts: Vec<&str> = first.trim_end_matches('.').split(['-', '.']).collect();
                parts.iter().any(|p| p.chars().all(|c| c.is_ascii_digit()))
                    && parts.iter().all(|p| {
                        !p.is_empty()
                            && (p.chars().all(|c| c.is_ascii_digit())
                                || (p.len() == 1 && p.chars().all(|c| c.is_ascii_uppercase())))
                    })
            } =>
        {
            rest.trim_start()
        }
        _ => text,
    }
}

/// A heading's name alone: without its numbering, a subtitle after `:` or ` — `, or a
/// remark in brackets (`Week 4: Integration & Testing` is `Week 4`, `SDK API Surface
/// (Next.js /api/sdk/ routes)` is `SDK API Surface`).
pub(crate) fn bare_name(text: &str) -> String {
    let text = cut_subtitle(strip_numbering(text.trim().trim_matches(['*', '_']).trim()));
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' | '[' | '（' | '【' => depth += 1,
            ')' | ']' | '）' | '】' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.trim().to_string()
}

/// `Major Architectural Choice: ID Filtering Strategy` names its section by the part
/// before the colon; `Rollout Plan — 7 Days` by the part before the dash.
fn cut_subtitle(text: &str) -> &str {
    let cut = [": ", " — ", " – ", " -- ", " - "]
        .iter()
        .filter_map(|sep| text.find(sep))
        .min();
    match cut {
        // A path or a file before the dash names where the part lives, and what follows
        // names the part: `` `apps/verification` — External Integrations ``.
        Some(at)
            if at > 0 && {
                let head = text[..at].trim();
                head.len() > 2
                    && head.starts_with('`')
                    && head.ends_with('`')
                    && head[1..head.len() - 1].contains(['/', '.'])
                    && !head[1..head.len() - 1].contains('`')
            } =>
        {
            let rest = &text[at..];
            let sep = [": ", " — ", " – ", " -- ", " - "]
                .iter()
                .find(|sep| rest.starts_with(**sep))
                .map_or(0, |sep| sep.len());
            rest[sep..].trim_start()
        }
        Some(at) if at > 0 => &text[..at],
        _ => text,
    }
}

/// Words that name nothing in a heading (`the`, `of`, `key`; articles in French,
/// Spanish, Italian and German: `### 1.1 Le problème`; Italian's `dei`: `Analisi dei
/// Requisiti Non Funzionali`; `## 1. Stack at a glance`), as one `match`: it is asked
/// of every word of every name.
fn is_stop_word(word: &str) -> bool {
    matches!(
        word,
        "a" | "an"
            | "or"
            | "the"
            | "of"
            | "for"
            | "to"
            | "with"
            | "on"
            | "in"
            | "by"
            | "key"
            | "major"
            | "main"
            | "our"
            | "this"
            | "explicitly"
            | "at"
            | "glance"
            | "dei"
            | "delle"
            | "degli"
            | "della"
            | "del"
            | "le"
            | "la"
            | "les"
            | "el"
            | "los"
            | "las"
            | "il"
            | "lo"
            | "gli"
            | "der"
            | "die"
            | "das"
    )
}

/// "Status" in the languages lint reads: a decision record's field (`**Estado**:
/// Aceptada`) and a document's metadata (`| **Status** | Aprovado |`).
pub(crate) const STATUS_WORDS: &[&str] = &[
    "status",
    "estado",
    "statut",
    "stato",
    "статус",
    "状态",
    "ステータス",
    "상태",
];

/// "and" in the languages lint reads: English, Korean, Russian, German, Spanish, French
/// (`배경 및 문제 정의`), Ukrainian, Turkish, Portuguese or Italian, Vietnamese, Polish
/// and Dutch. A name's words leave it out, and a heading joins two names with it
/// (`### Assunzioni e dipendenze`).
pub(crate) const AND_WORDS: &[&str] = &[
    "and", "및", "и", "und", "y", "et", "та", "і", "ve", "e", "và", "oraz", "en",
];

/// `pre-conditions`, `non-functional` and `non-goals` are one word each.
fn join_prefixes(words: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut pending: Option<String> = None;
    for w in words {
        if let Some(prefix) = pending.take() {
            out.push(format!("{prefix}{w}"));
            continue;
        }
        if matches!(w.as_str(), "pre" | "post" | "non" | "sub") {
            pending = Some(w);
        } else {
            out.push(w);
        }
    }
    out.extend(pending);
    out
}

fn stem(word: &str) -> String {
    match word {
        "architectural" => return "architecture".into(),
        "testing" | "tests" => return "test".into(),
        "nfrs" => return "nfr".into(),
        // (Not a word ending in `is`, like `analysis`.)
        "apis" => return "api".into(),
        _ => {}
    }
    if let Some(base) = word.strip_suffix("ies")
        && base.len() >= 2
    {
        return format!("{base}y");
    }
    let keeps_s = word.len() <= 3 || ["ss", "us", "is"].iter().any(|e| word.ends_with(e));
    match word.strip_suffix('s') {
        Some(base) if !keeps_s => base.to_string(),
        _ => word.to_string(),
    }
}

/// A heading's name for messages: without its number or emphasis.
pub(crate) fn display_name(title: &str) -> String {
    let title = title.trim();
    // An emphasized remark closing the heading (`User Scenarios & Testing
    // *(mandatory)*`, as spec-kit writes them) is not part of the name.
    let title = ["*(", "_("]
        .iter()
        .find_map(|open| {
            let close = if open.starts_with('*') { ")*" } else { ")_" };
            title
                .strip_suffix(close)
                .and_then(|t| t.rfind(open).map(|at| title[..at].trim_end()))
                .filter(|name| !name.is_empty())
        })
        .unwrap_or(title);
    // Emphasis around the whole name or inside it (`❓ **Q&A**`) is not shown.
    let plain = if title.contains("**") || title.contains("__") {
        title.replace("**", "").replace("__", "")
    } else {
        title.to_string()
    };
    strip_numbering(plain.trim().trim_matches(|c| c == '*' || c == '_').trim())
        .trim()
        .to_string()
}

/// Lowercase, single-spaced, without emphasis markers, numbering or a trailing colon,
/// so `## 2. Use cases:` names the same section as `## Use Cases`.
pub(crate) fn normalize(text: &str) -> String {
    let text = text.trim().trim_matches(|c| c == '*' || c == '_').trim();
    let text = text.trim_end_matches(':').trim();
    strip_numbering(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Other names real specs give a template section, and the words that may qualify its
/// name (`Edge Cases & Error Handling`, `Data Model Updates`, `Acceptance Tests`).
pub(crate) struct SectionVocab {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    pub qualifiers: &'static [&'static str],
    /// Words that name the section whatever else the heading says (`Error taxonomy`,
    /// `Service API Specifications`, `Most Important Tests`), when no other section's
    /// key words are in it too.
    pub keys: &'static [&'static str],
    /// Phrases in which a key word names something else (`User Interface`).
    pub not_keys: &'static [&'static str],
}

/// Key words that name a seed section in other languages (`테스트 요구사항`, `Обработка
/// ошибок`, `数据模型`): Korean, Chinese (simplified and traditional), Japanese, Russian,
/// Ukrainian, Spanish, Portuguese, German, French, Italian, Turkish, Polish, Czech, Slovak, Dutch,
/// Vietnamese, Indonesian and Arabic, each also as a whole name, as a `### ` heading gives it
/// (`### 7. Нефункціональні вимоги`). Chinese and Japanese keys match inside a heading's
/// words, since those scripts write no spaces.
pub(crate) const KEYS_IN_OTHER_LANGUAGES: &[(&str, &[&str])] = &[
    (
        "Overview",
        &[
            // (German writes one word: `## 1. Projektüberblick`.)
            "projektüberblick",
            "projektübersicht",
            "produktüberblick",
            "produktübersicht",
            "systemüberblick",
            "systemübersicht",
            // (Arabic: `## 3. نظرة عامة`, an overview; `## 1. الغرض والنطاق`, purpose and scope.)
            "نظرة عامة",
            "مقدمة",
            "ملخص",
            "الغرض",
            // (Slovak: `## 1. Účel a rozsah`, the purpose and scope; `## Prehľad`.)
            "účel a rozsah",
            "prehľad",
            // (Czech: `## 1. Úvod`, the introduction; `## Přehled`, the overview.)
            "úvod",
            "přehled",
            "shrnutí",
            "účel dokumentu",
            "účel systému",
            // (Polish: `## 1. Cel produktu`, what the product is for.)
            "cel produktu",
            "cel systemu",
            // (`## 1. Cel projektu`, what the project is for.)
            "cel projektu",
            // (`## 1. Opis projektu`, the project's description.)
            "opis projektu",
            "opis systemu",
            // (German: `## 1. Zweck und Produktkontext`, the purpose; Turkish: `## Problem
            // ve Hedef`, the problem and the goal.)
            "zweck",
            "problem ve hedef",
            // (Dutch: `## 1. Productkader`, the frame of the product.)
            "productkader",
            // (`## 1. Informacje ogólne` over `### 1.3. Cel systemu`; `## 1. Dokumentzweck`.)
            "informacje ogólne",
            "dokumentzweck",
            // (An RFC's `## Abstract`; `## 1. Ringkasan & Tujuan`, summary and goals.)
            "ringkasan",
            "개요",
            // (What the service does, `## 1. このサービスは何をするか`, as `What this
            // service does`; the system as a whole, `## システム全体像`; the project's
            // basic facts, `## 1. 프로젝트 기본 정보`.)
            "このサービスは何をするか",
            "このシステムは何をするか",
            "このツールは何をするか",
            "システム全体像",
            "프로젝트 기본 정보",
            "배경",
            "概述",
            "概要",
            // (The concept: `## 1. コンセプト`.)
            "コンセプト",
            "обзор",
            "введение",
            "引言",
            "resumen",
            "descripción general",
            "überblick",
            "übersicht",
            "zusammenfassung",
            "résumé",
            "aperçu",
            "présentation du projet",
            "vue d'ensemble",
            "visão geral",
            "visao geral",
            "visión general",
            "introducción",
            "resumen ejecutivo",
            "introdução",
            "resumo executivo",
            "resumo",
            "présentation",
            "introduction",
            "présentation générale",
            "einleitung",
            // (The target picture: `## 1. Zielbild und Scope`.)
            "zielbild",
            "einführung",
            "panoramica",
            "introduzione",
            // (A summary: `## 0. Sintesi del Progetto`.)
            "sintesi",
            "sintesi del progetto",
            "sommario",
            "общее описание",
            "огляд",
            "вступ",
            "загальний опис",
            "призначення системи",
            "genel bakış",
            "giriş",
            "özet",
            "przegląd",
            "wprowadzenie",
            "wstęp",
            "overzicht",
            "inleiding",
            "tổng quan",
            "giới thiệu",
            "ikhtisar",
            "gambaran umum",
            "pendahuluan",
            "總覽",
            "簡介",
            "简介",
            "はじめに",
            "소개",
            // (`# 2. 서론`, the introduction: purpose and scope.)
            "서론",
            "назначение проекта",
            "назначение системы",
            // (`## 1. 项目定位`: what the product is and is not; `## 1. 文档定位`, what
            // the document is for.)
            "项目定位",
            "产品定位",
            "文档定位",
            // (`## 一、定位与目标`: its positioning and goals.)
            "定位与目标",
            // (A Chinese RFC's `## 摘要`, its abstract; a Korean spec's `## 1. 목적`, its
            // purpose, as `## Purpose` is.)
            "摘要",
            "목적",
            // (`# 2 Назначение и цели создания продукта`: purpose and goals.)
            "назначение",
            "призначення",
            "propósito",
            // (`## 1. Scopo`, the purpose in Italian.)
            "scopo",
            "описание проекта",
            "загальна інформація",
            "общая информация",
            "información general",
            "informações gerais",
            "informations générales",
            "allgemeine informationen",
            "genel bilgiler",
        ],
    ),
    (
        "Use Cases",
        &[
            // (Arabic.)
            "حالات الاستخدام",
            // (Slovak: `## Prípady použitia`.)
            "prípady použitia",
            "scenáre použitia",
            // (Czech: `## 5. Popis klíčových scénářů`, the key scenarios.)
            "případy užití",
            "případů užití",
            "scénáře",
            "scénářů",
            "uživatelské scénáře",
            // (`## 🔄 Fluxos de Uso Detalhados`: the flows of use.)
            "fluxos de uso",
            // (A user's main flow: `## Flujo principal`, `## Fluxo principal`.)
            "flujo principal",
            "fluxo principal",
            // (`## 6. Fluxos de Trabalho Principais`: the main workflows.)
            "fluxos de trabalho",
            "flujos de uso",
            "사용 시나리오",
            // (`## 2) 사용자 시나리오`, the user scenarios.)
            "사용자 시나리오",
            "유스케이스",
            "사용자 스토리",
            "用例",
            "用户故事",
            "用户场景",
            // (The flows users go through: `## 4. 用户流程`; not a business's or the
            // system's core flows, `业务流程`, `核心流程`, which hold state machines and
            // caching as much as use cases.)
            "用户流程",
            // (`## 7. 核心交互流程`: the flows of the user's interactions.)
            "交互流程",
            "ユーザーストーリー",
            "使用场景",
            "ユースケース",
            "сценарии использования",
            "варианты использования",
            "casos de uso",
            "historias de usuario",
            "anwendungsfälle",
            "cas d'utilisation",
            "histórias de usuário",
            "cenários de uso",
            "historia de usuario",
            "cas d'usage",
            "scénarios d'utilisation",
            "nutzungsszenarien",
            "anwendungsfall",
            "casi d'uso",
            "caso d'uso",
            "scenari d'uso",
            "пользовательские истории",
            "сценарії використання",
            "варіанти використання",
            "користувацькі історії",
            "kullanım senaryoları",
            "kullanım durumları",
            "kullanıcı hikayeleri",
            "przypadki użycia",
            "historyjki użytkownika",
            "gebruiksscenario's",
            "ca sử dụng",
            "trường hợp sử dụng",
            "kịch bản sử dụng",
            "câu chuyện người dùng",
            "kasus penggunaan",
            "skenario pengguna",
            "cerita pengguna",
            "使用案例",
            "使用者故事",
            "利用シナリオ",
            "사용 사례",
            "пользовательские сценарии",
            "сценарии пользователя",
            // (A user's flow, as `User Flows`: `## 2. Flow użytkownika`, `## Exemples de
            // flux utilisateur`, `### 1.3 전체 사용자 흐름`.)
            "flow użytkownika",
            "przepływ użytkownika",
            "flux utilisateur",
            "flux utilisateurs",
            "benutzerfluss",
            "flusso utente",
            "flussi utente",
            "flujo de usuario",
            "flujos de usuario",
            "fluxo do usuário",
            "fluxos do usuário",
            "사용자 흐름",
            "ユーザーフロー",
        ],
    ),
    (
        "Data Models",
        &[
            // (Shared types: `## 8. Types partagés`.)
            "types partagés",
            "tipos compartidos",
            // (How the data is kept: `## 5. Lokale Datenhaltung`, `## STRUTTURA DATABASE`.)
            "datenhaltung",
            "struttura database",
            "struttura del database",
            "tipos compartilhados",
            // (Arabic.)
            "نموذج البيانات",
            "نماذج البيانات",
            "بنية البيانات",
            // (Slovak: `## 5. Doménový model (prehľad)`, `## Dátový model`.)
            "doménový model",
            "dátový model",
            "dátové štruktúry",
            // (Czech: `## Datový model`; Dutch in the plural, `## 10. Datamodellen`.)
            "datový model",
            "datové modely",
            "datové struktury",
            "datových struktur",
            "datamodellen",
            // (Data structures: `### 2.2 データ構造`, `### 2.3 数据结构设计`.)
            "データ構造",
            // (`## 6. データスキーマ`, as `schema` in English.)
            "スキーマ",
            // (A Russian specification's data requirements: `### 5.2. Требования к
            // данным`.)
            "требования к данным",
            "数据结构",
            "數據結構",
            "데이터 구조",
            "자료 구조",
            // (`## 📊 Estrutura de Dados Completa`, as `data structure` in English.)
            "estrutura de dados",
            "estructura de datos",
            "데이터 모델",
            "데이터",
            // (`## 2. DB設計`: the database design.)
            "db設計",
            "db设计",
            "db 설계",
            // (`## 2. Modelo de Entidades`: the entities, as `entity` is a key in English.)
            "entidades",
            "modelo de entidades",
            "entités",
            "entitäten",
            "数据模型",
            "データモデル",
            "модель данных",
            "база данных",
            "базе данных",
            "модели данных",
            "доменные типы",
            "типы данных",
            "доменная модель",
            "modelo de datos",
            // (Indonesian: `## Model Data & Kontrak API`.)
            "model data",
            "esquema sql",
            "base de données",
            "データ設計",
            "datenmodell",
            // (German writes it as one word: `## 3. Datenstrukturen`.)
            "datenstruktur",
            "datenstrukturen",
            "структура данных",
            "structures de données",
            "structure de données",
            "структуры данных",
            "modèle de données",
            "modelo de dados",
            "banco de dados",
            "数据库",
            "データベース",
            "데이터베이스",
            "base de datos",
            "modelos de dados",
            "mô hình dữ liệu",
            "modelos de datos",
            "esquema de base de datos",
            "esquema de datos",
            "modelo de dominio",
            "esquema do banco",
            "modelo de domínio",
            "schéma de données",
            "modèle de domaine",
            "datenbankschema",
            "domänenmodell",
            "datenbank",
            "modello dati",
            "modello dei dati",
            "modelli dati",
            "modelli dei dati",
            "modello di dominio",
            "схема данных",
            "схема базы данных",
            "модель даних",
            "база даних",
            "схема бази даних",
            "доменна модель",
            "veri modeli",
            "veritabanı",
            "veritabanı şeması",
            "alan modeli",
            "model danych",
            "baza danych",
            "schemat bazy danych",
            "model domeny",
            "datamodel",
            "gegevensmodel",
            // (Message structures: `## 4. Berichtstructuren`; `Domain modeli`.)
            "berichtstructuren",
            "datastructuren",
            "gegevensstructuren",
            "domain modeli",
            "strutture dati",
            "modello dati",
            "modello dei dati",
            "modelli dati",
            "modelli dei dati",
            "domeinmodel",
            "cơ sở dữ liệu",
            "lược đồ dữ liệu",
            "model data",
            "basis data",
            "skema basis data",
            "skema data",
            "資料模型",
            "資料庫",
            "领域模型",
            "領域模型",
            "ドメインモデル",
            "도메인 모델",
            "データベース設計",
        ],
    ),
    (
        "API Contracts",
        &[
            // (Russian: `## Команды`, a bot's commands, as `command` is a key in English.)
            "команды",
            // (Arabic.)
            "واجهة برمجة التطبيقات",
            "واجهات برمجة التطبيقات",
            "نقاط النهاية",
            // (Slovak: `## Návrh rozhrania`, `## Rozhranie API`.)
            "návrh rozhrania",
            "rozhranie api",
            // (Czech: `## 3. Návrh rozhraní (API Utility)`, the design of the interface.)
            "návrh rozhraní",
            "rozhraní api",
            "programové rozhraní",
            // (Polish: `## 6. Interfejsy uruchomieniowe`, how it is run and called.)
            "interfejsy",
            // (An MCP server's tools, specified: `## 3. ツール仕様`.)
            "ツール仕様",
            // (A command-line tool's commands: `## サブコマンド`, `## 서브커맨드`.)
            "サブコマンド",
            "서브커맨드",
            "子命令",
            // (The public surface: `## 7. Superfície pública`, its routes.)
            "superfície pública",
            "superficie pública",
            // (`## 4. ルーティング設計`: the routes; `## 路由结构`, `### 2.3 路由设计`. Not
            // `路由` alone: a gateway's `入口路由层` or `模型解析与路由` routes requests on.)
            "ルーティング",
            "路由设计",
            "路由结构",
            "路由表",
            "路由定义",
            "路由列表",
            "인터페이스",
            "接口",
            "工具定义",
            "工具规格",
            "インターフェース",
            "интерфейс",
            "интерфейсы",
            "contratos de api",
            "kontrak api",
            "contratos da api",
            // (`## 6. Contratos HTTP e tempo real`.)
            "contratos http",
            "contrats d'api",
            "api-verträge",
            "schnittstellen",
            "contratti api",
            "контракты api",
            "контракти api",
            "api sözleşmeleri",
            "uç noktalar",
            "kontrakty api",
            "hợp đồng api",
            "kontrak api",
            "介面",
            "インタフェース",
            "api仕様",
            "api 명세",
            // (`## 4. Rotas existentes`: the routes the service answers.)
            "rotas",
            "rutas",
        ],
    ),
    (
        "Error Handling",
        &[
            // (Russian: `## Логи и сбои`, logs and failures, as `failure` is a key in
            // English.)
            "сбои",
            // (Arabic.)
            "معالجة الأخطاء",
            "الأخطاء",
            // (Slovak: `## Spracovanie chýb`, `## Chybové stavy`.)
            "spracovanie chýb",
            "ošetrenie chýb",
            // (Czech: `## 6. Zpracování chyb`, error handling.)
            "zpracování chyb",
            "ošetření chyb",
            "chybové stavy",
            // (A command-line tool's errors are its exit codes: `## 終了コード`.)
            "終了コード",
            "종료 코드",
            "退出码",
            // (Error cases, `## 21. Fehlerfälle`; failures and reprocessing, `# 21. 장애 및 재처리`.)
            "fehlerfälle",
            "장애 및 재처리",
            // (Exception handling: `## 11. エッジケース・例外処理`, `异常处理`, `예외 처리`.)
            "例外処理",
            "예외 처리",
            "오류",
            "에러",
            "错误",
            "エラー",
            "ошибки",
            "ошибок",
            "errores",
            "fehler",
            "erreurs",
            "erros",
            "tratamento de erros",
            "manejo de errores",
            "エラーハンドリング",
            "エラー処理",
            "错误处理",
            "异常处理",
            // (Fault handling and recovery: `### 6.1 故障恢复机制`.)
            "故障处理",
            "故障恢复",
            // (Exception flows: `### 7.2 异常流程`, a table of each and its handling.)
            "异常流程",
            "오류 처리",
            "에러 처리",
            // Error codes (`### 9.3 에러 코드 및 해결방법`, `## 错误码`).
            "에러 코드",
            "오류 코드",
            "エラーコード一覧",
            "错误码",
            "错误代码",
            "códigos de error",
            "códigos de erro",
            // (Failures and how they are met: `## 10. 장애 대응 (시나리오 → 대응)`; the
            // failure policy, `## 실패 정책`.)
            "장애 대응",
            "실패 정책",
            "실패 처리",
            "장애 처리",
            "gestión de errores",
            "tratamiento de errores",
            "gestão de erros",
            "gestion des erreurs",
            "fehlerbehandlung",
            "gestione degli errori",
            "errori",
            "обработка ошибок",
            "обробка помилок",
            "помилки",
            "помилок",
            "hata yönetimi",
            // (Turkish: `## 12. Hata Modları ve Kullanıcı Mesajları`, the failure modes.)
            "hata modları",
            "hata işleme",
            "hatalar",
            "obsługa błędów",
            "błędy",
            "foutafhandeling",
            "fouten",
            // (Error messages, error states, error behaviour: `### Foutmeldingen`,
            // `### 11.8 Stati di errore`, `### Hata davranışı`.)
            "foutmeldingen",
            "stati di errore",
            "hata davranışı",
            "xử lý lỗi",
            "penanganan kesalahan",
            "penanganan error",
            "錯誤處理",
            "錯誤",
        ],
    ),
    (
        "Non-Functional Requirements",
        &[
            // (Indonesian: `## 13. Spesifikasi Performa`, the performance's specification.)
            "spesifikasi performa",
            "persyaratan performa",
            // (Arabic.)
            "المتطلبات غير الوظيفية",
            "متطلبات غير وظيفية",
            // (Slovak: `## 3. Nefunkčné požiadavky`.)
            "nefunkčné požiadavky",
            // (Czech: `## 7. Nefunkční požadavky`.)
            "nefunkční požadavky",
            "비기능",
            "非功能",
            "非機能",
            // (Concerns every part shares: `## 8. 跨切面關注點`, log retention and latency.)
            "跨切面关注点",
            "横切关注点",
            "横断的関心事",
            // (`## Observabilidad`, as `observability` in English.)
            "observabilidad",
            "observabilidade",
            "observabilité",
            "osservabilità",
            "beobachtbarkeit",
            "可观测性",
            "可観測性",
            "наблюдаемость",
            "нефункциональные",
            "масштабируемость",
            "производительность",
            "no funcionales",
            "nicht-funktionale",
            "non fonctionnelles",
            "não funcionais",
            "nao funcionais",
            "性能",
            "パフォーマンス",
            "성능",
            "requisitos no funcionales",
            "rendimiento",
            "requisitos não funcionais",
            "desempenho",
            "exigences non fonctionnelles",
            "nichtfunktionale",
            // Quality requirements, a built-in name in English (`## 5. Sicherheits- und
            // Qualitätsanforderungen`).
            "qualitätsanforderungen",
            "requisitos de calidad",
            "requisitos de qualidade",
            "exigences de qualité",
            "requisiti di qualità",
            "wymagania jakościowe",
            "requisiti non funzionali",
            "prestazioni",
            "нефункціональні",
            "продуктивність",
            "fonksiyonel olmayan",
            "işlevsel olmayan",
            "performans",
            "niefunkcjonalne",
            "wydajność",
            "niet-functionele",
            "prestaties",
            "phi chức năng",
            "hiệu năng",
            "non-fungsional",
            "non fungsional",
            "kinerja",
            "效能",
            "нефункциональные требования",
            "нефункціональні вимоги",
            "nichtfunktionale anforderungen",
            "nicht-funktionale anforderungen",
            "fonksiyonel olmayan gereksinimler",
            "işlevsel olmayan gereksinimler",
            "wymagania niefunkcjonalne",
            "niet-functionele eisen",
            "yêu cầu phi chức năng",
            "kebutuhan non-fungsional",
            "persyaratan non-fungsional",
        ],
    ),
    (
        "Architecture Decisions",
        &[
            // (Japanese design policies, the stances taken: `## 1. 設計方針`, `## 9.
            // 技術方針`; not the architecture's, `## 2. アーキテクチャ方針（既存踏襲）`, which
            // sets out the layering an ADR list beside it decides.)
            "設計方針",
            "技術方針",
            // (Arabic.)
            "القرارات المعمارية",
            "قرارات التصميم",
            "القرارات",
            // (Slovak: `## Architektonické rozhodnutia`, `## Rozhodnutia`.)
            "architektonické rozhodnutia",
            "návrhové rozhodnutia",
            "rozhodnutia",
            // (Czech: `## Architektonická rozhodnutí`, `## Rozhodnutí`.)
            "architektonická rozhodnutí",
            "návrhová rozhodnutí",
            "rozhodnutí",
            // (`## 35. Kritische Produktentscheidungen`, product decisions.)
            "produktentscheidungen",
            // (Alternatives and why they were turned down: `## Альтернативы и почему
            // отвергли`.)
            "альтернативы",
            // (A strategy decided, over its grounds: `## 2. 実装戦略判断` over `#### 判断根拠`.)
            "戦略判断",
            // (`## クリティカル設計決定`, the critical design decisions; `## 決定
            // （2026-10-05）`, decided on a day.)
            "設計決定",
            "決定",
            // (Swiss German: `## 2. Rahmenentscheide (fix)`, `| Thema | Entscheid |`.)
            "rahmenentscheide",
            // (Turkish: `### Kararlar`, the decisions.)
            "kararlar",
            "entscheide",
            "설계 결정",
            // (`## 4) 알려진 한계 / 결정`, known limits and the decisions.)
            "결정",
            // (`## 11. 구현 결정`, implementation decisions.)
            "구현 결정",
            "아키텍처 결정",
            // (`## 10. Phase A 결정 사항`, the items decided.)
            "결정 사항",
            "결정사항",
            // (`## 2. 핵심 결정 요약`, a summary of the key decisions.)
            "핵심 결정",
            "핵심 결정 요약",
            // (`## Decisiones ya tomadas`, decisions already taken.)
            "decisiones ya tomadas",
            "decisiones tomadas",
            // (`## 23. Decisiones explícitas`.)
            "decisiones explícitas",
            "决策",
            "设计原则",
            "決定事項",
            "設計原則",
            "설계 원칙",
            "設計判断",
            // (`## 8. 設計上の重要な判断事項`: the important design decisions.)
            "判断事項",
            "архитектурные решения",
            "decisiones de diseño",
            // (Decisions settled at a gate: `## 7. Decisiones del gate F1.4 (CERRADO)`.)
            "decisiones del",
            "architekturentscheidungen",
            "décisions d'architecture",
            "décisions techniques",
            // (`## 6. Choix techniques` over `| Sujet | Choix | Justification |`.)
            "choix techniques",
            "choix technologiques",
            "choix d'architecture",
            "décisions de conception",
            "decisiones técnicas",
            "decisões técnicas",
            // (The decisions alone: `## Decisões (confirmadas com o usuário)`,
            // `## Decisiones`.)
            "decisões",
            "decisoes",
            "decisiones",
            "decisões de arquitetura",
            "decisoes tecnicas",
            "decisões de design",
            // The options a decision set aside (`## 12. Alternativas descartadas`), as
            // English `Alternatives`.
            "alternativas descartadas",
            // (An RFC's alternatives: `## 替代方案`.)
            "替代方案",
            "alternativas consideradas",
            "alternatives écartées",
            "alternatives envisagées",
            "verworfene alternativen",
            "entscheidungen",
            "getroffene entscheidungen",
            "alternative scartate",
            "отвергнутые альтернативы",
            "decisiones de arquitectura",
            "entwurfsentscheidungen",
            "designentscheidungen",
            "technische entscheidungen",
            "decisioni architetturali",
            // (Design choices: `# Parte 2 - Scelte progettuali e trade-off`; deliberate
            // choices: `### 意図的な選択`.)
            "scelte progettuali",
            "scelte architetturali",
            "意図的な選択",
            "decisões arquiteturais",
            "decisiones arquitectónicas",
            "décisions architecturales",
            "decisioni di progettazione",
            "decisioni tecniche",
            // (Decisions already taken: `## 26. Decisioni già approvate`, `## 16. Ухвалені
            // рішення`.)
            "decisioni",
            "ухвалені рішення",
            "прийняті рішення",
            "принятые решения",
            "технические решения",
            "проектные решения",
            "архітектурні рішення",
            "технічні рішення",
            "проєктні рішення",
            "mimari kararlar",
            "tasarım kararları",
            "teknik kararlar",
            "decyzje architektoniczne",
            "decyzje projektowe",
            "decyzje techniczne",
            "architectuurbeslissingen",
            "ontwerpbeslissingen",
            "quyết định kiến trúc",
            "quyết định thiết kế",
            "keputusan arsitektur",
            "keputusan desain",
            "架構決策",
            "アーキテクチャ決定",
        ],
    ),
    (
        "Dependencies",
        &[
            // (The stack in katakana, `## テクノロジースタック`, as `技術スタック`.)
            "テクノロジースタック",
            "テックスタック",
            // (The manifest itself: `## 8. Cargo.toml` over its `[dependencies]`.)
            "cargo.toml",
            "requirements.txt",
            "pyproject.toml",
            "go.mod",
            "gemfile",
            "pom.xml",
            "build.gradle",
            // (Arabic.)
            "الاعتماديات",
            "التبعيات",
            // (Czech: `## Závislosti`.)
            "závislosti",
            "의존성",
            "기술 스택",
            "依赖",
            "外部依赖",
            "技术选型",
            "技术栈",
            "依存関係",
            "依存ライブラリ",
            // (`## ライブラリ`, the libraries, `依存関係まとめ` under it.)
            "ライブラリ",
            "技術スタック",
            // (Technical make-up: `### 6.1 技術構成`, the stack and each part's role.)
            "技術構成",
            "зависимости",
            "технологический стек",
            "стек технологий",
            // (`## 2. Архітектура, стек, середовища`: the stack among others.)
            "стек",
            "dependencias",
            "abhängigkeiten",
            "dépendances",
            "dependências",
            "stack tecnológica",
            "stack tecnológico",
            "stack technique",
            // (`## 6. Plataforma y stack técnico`, `## 2. Pile technique détaillée`.)
            "stack técnico",
            "stack tecnico",
            "pile technique",
            "stack de tecnologías",
            "tecnologías utilizadas",
            "tecnologías",
            "tecnologias",
            "technologien",
            "technologie-stack",
            // Libraries (`## 2. Wykorzystane biblioteki`, the libraries used).
            "biblioteki",
            "bibliotecas",
            "bibliothèques",
            "bibliotheken",
            "librerie",
            "библиотеки",
            "бібліотеки",
            "kütüphaneler",
            "dipendenze",
            "tecnologie",
            "залежності",
            "технології",
            "технологічний стек",
            "bağımlılıklar",
            "teknolojiler",
            "teknoloji yığını",
            "zależności",
            "stos technologiczny",
            "stack technologiczny",
            "afhankelijkheden",
            "technologieën",
            "phụ thuộc",
            "công nghệ sử dụng",
            "dependensi",
            "ketergantungan",
            "依賴",
            "技術棧",
        ],
    ),
    (
        "Testing Strategy",
        &[
            // (Arabic.)
            "استراتيجية الاختبار",
            "الاختبار",
            "الاختبارات",
            // (Slovak: `## Testovanie`, `## Stratégia testovania`.)
            "testovanie",
            "stratégia testovania",
            // (Czech: `## Testování`, `## Strategie testování`.)
            "testování",
            "strategie testování",
            // (`## 검증 전략`: the verification strategy.)
            "검증 전략",
            // (`## 검증`, the verification.)
            "검증",
            // (Polish: `## Jak testować narzędzie`, how to test the tool; Japanese
            // `## 手動の確認手順`, the steps to check it by hand.)
            "jak testować",
            "確認手順",
            // (`### B-6. 테스트 전략`, the test strategy; `### 7.1 测试策略`.)
            "테스트 전략",
            // (Also spelled `테스팅`: `## 테스팅 전략`.)
            "테스팅 전략",
            "테스팅",
            "测试策略",
            "テスト戦略",
            "테스트",
            "测试",
            // (An AI pipeline's evaluation: `## 8. 评测框架设计`, as `## 7. Evaluation`.)
            "评测",
            "テスト",
            "тестирование",
            "тестированию",
            "тестирования",
            "тесты",
            "pruebas",
            // (Indonesian: `## Uji & Penerimaan`, tests and acceptance; `Pengujian`.)
            "uji",
            "pengujian",
            "testes",
            "estratégia de testes",
            "estrategia de pruebas",
            "stratégie de test",
            "teststrategie",
            "testen",
            "strategia di test",
            "тестування",
            "testler",
            // (Turkish: `## 15. Demo Kabul Testi`, the acceptance test.)
            "kabul testi",
            "testowanie",
            "testy",
            "kiểm thử",
            "pengujian",
            "測試",
        ],
    ),
    (
        "Open Questions",
        &[
            // (Korean: `## 의논 사항`, the points still to discuss, each a decision needed.)
            "의논 사항",
            "논의 사항",
            "논의사항",
            // (Arabic: `## 12. القرارات المفتوحة`, the decisions still open.)
            "الأسئلة المفتوحة",
            "أسئلة مفتوحة",
            "القرارات المفتوحة",
            "المسائل المفتوحة",
            // (Slovak: `## Otvorené otázky`.)
            "otvorené otázky",
            "otvorené body",
            // (Czech: `## 8. Otevřené otázky návrhu (TODO)`.)
            "otevřené otázky",
            "otevřené body",
            // (What is still to be made precise: `## 16. Elementy do doprecyzowania`.)
            "do doprecyzowania",
            "elementy do doprecyzowania",
            // (`## 10. Itens em aberto`, open items; `### C. À trancher`, to settle.)
            // (What is not decided yet: `### 3-12. 아직 안 정한 것`.)
            "아직 안 정한 것",
            // (What still needs clarifying: `## Clarifications Needed`, Q1–Q5 with options.)
            "clarifications needed",
            "미정",
            "itens em aberto",
            "à trancher",
            "points à trancher",
            "미해결",
            // (Items still to confirm: `## 남은 확인 사항`.)
            "확인 사항",
            // (Open questions, undecided items: `# 5. 열린 질문`, `## 미결 사항`.)
            "열린 질문",
            "미결 사항",
            // (`## 6) 오픈 질문`, open questions; `## 미결정 항목`, undecided items.)
            "오픈 질문",
            "미결정 항목",
            "미결정",
            // (`## 13. 오픈 이슈`, open issues; `## 11. 待后续确认`, to be confirmed later.)
            "오픈 이슈",
            // (`## 10. 열린 것 (이번에 결정하지 않는다)`, what is left open.)
            "열린 것",
            "待后续确认",
            "待确认",
            "未决问题",
            "开放问题",
            "待解决问题",
            "未解决问题",
            "未解问题",
            "遗留问题",
            "待定事项",
            "待决策",
            "未解決",
            // (Undecided items: `## 13. 未決定事項・課題`.)
            "未決定",
            "未定事項",
            "未確定事項",
            "открытые вопросы",
            // (Questions to clarify: `## 9. Вопросы для уточнения`; points at issue:
            // `## 9. 別リポジトリ化に向けた論点`.)
            "вопросы для уточнения",
            "論点",
            // (`## 10. 열린 과제`, the open tasks; `## 5. Puntos que siguen abiertos`.)
            "열린 과제",
            "puntos abiertos",
            "puntos que siguen abiertos",
            "preguntas abiertas",
            "offene fragen",
            "questions ouvertes",
            "questões em aberto",
            "perguntas em aberto",
            "cuestiones abiertas",
            "preguntas pendientes",
            "perguntas restantes",
            "questões pendentes",
            "questions en suspens",
            "points ouverts",
            "offene punkte",
            "domande aperte",
            "questioni aperte",
            // (What is still to check or settle: `## 27. Questioni da verificare`, `## 9.
            // Wat nog niet vastligt`.)
            "questioni da verificare",
            // (Open issues, items still to confirm: `## 18. Vấn đề mở & rủi ro`, `## 10.
            // 要確認事項`.)
            "vấn đề mở",
            "要確認事項",
            // (Turkish: `## 14. Doğrulanacaklar`, what is still to confirm.)
            "doğrulanacaklar",
            // (Items still to consider: `## 15. 未定義 / 要検討事項`.)
            "要検討事項",
            "検討事項",
            "wat nog niet vastligt",
            "nog niet vastgelegd",
            "відкриті питання",
            "açık sorular",
            "açık konular",
            "otwarte pytania",
            "open vragen",
            "câu hỏi mở",
            "pertanyaan terbuka",
            "未決事項",
            "待解決問題",
            // Decisions still to take (`## 22. Decisiones tecnicas pendientes`).
            "pendiente",
            "pendente",
            "offene entscheidung",
            "décisions en suspens",
            // (`## Decisioni Ancora da Chiudere`, still to close.)
            "da chiudere",
        ],
    ),
];

/// Labels that give a choice's reason (`**Rationale:** Fast development`, `**Why this**:`);
/// a label giving a reason starts with one (`**Rationale for the locker vendor**:`).
pub(crate) const REASON_LABELS: [&str; 7] = [
    "rationale",
    "reasoning",
    "justification",
    "reason",
    "reasons",
    "why",
    "why this",
];

/// Whether a text holds one of the words (as a whole word, any case: `Error format`,
/// `Formato de erro`), or one of the parts written in a script without spaces anywhere
/// in it (`错误码`, `技术栈`).
pub(crate) fn has_word_or_part(text: &str, words: &[&str], parts: &[&str]) -> bool {
    let lower = text.to_lowercase();
    lower
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| words.contains(&w))
        || parts.iter().any(|k| lower.contains(k))
}

/// Whether the phrase's words are in the words, one after the other.
pub(crate) fn has_phrase(words: &[String], phrase: &[String]) -> bool {
    !phrase.is_empty() && words.windows(phrase.len()).any(|w| w == phrase)
}

/// Whether the words hold the phrase, or a one-word phrase in a script written without
/// spaces (`数据模型`) inside one of them (`数据模型设计`).
pub(crate) fn holds_phrase(words: &[String], phrase: &[String]) -> bool {
    has_phrase(words, phrase)
        // (A word in ASCII holds no such phrase: it is passed without a search.)
        || matches!(phrase, [one] if one.chars().any(unspaced_script)
            && words.iter().any(|w| !w.is_ascii() && w.contains(one.as_str())))
}

pub(crate) fn unspaced_script(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}')
}

pub(crate) const SECTIONS: &[SectionVocab] = &[
    SectionVocab {
        name: "Overview",
        // (`## 1. What this is`, as design docs written by hand open.)
        aliases: &[
            "summary",
            "introduction",
            // (`# 1. Intro`.)
            "intro",
            "purpose",
            // (`## Description`, first under the title: what the feature is and why.)
            "description",
            // (Czech: `## Účel`, the purpose; Dutch: `## Wat we bouwen`, what we build.)
            "účel",
            "wat we bouwen",
            "what this is",
            "what it is",
            "abstract",
            // (`## Mission`: what the product is for.)
            "mission",
            // (`## 1. Product definition`: what the product is, for whom and why.)
            "product definition",
            // (A design doc's opening summary: `## TL;DR`.)
            "tl;dr",
            "tldr",
            // (What it is for and where it stands: `## 1. Ziel & Kontext`.)
            "goal and context",
            "goals and context",
            "context and goals",
            "ziel und kontext",
            "ziele und kontext",
            "kontext und ziele",
        ],
        qualifiers: &[
            "project",
            // (`## 1. Session Overview`, one work session's spec.)
            "session",
            "product",
            "feature",
            "system",
            "general",
            "executive",
            "document",
            "epic",
            "solution",
            "high",
            "level",
            "spec",
            "specification",
            "technical",
            // (`Purpose and Audience`, `Purpose and Scope`.)
            "audience",
            "scope",
        ],
        keys: &[],
        // An overview of the architecture is not the Overview, in any language (`## 1.
        // 技术架构总览`).
        not_keys: &[
            // (`## 2. Architektur-Übersicht`, as `Architekturüberblick`.)
            "architektur übersicht",
            "architektur überblick",
            "架构总览",
            // (Nor an overview of the modules, a diagram of the parts: `### 模块总览`.)
            "模块总览",
            "模块概览",
            "架构概述",
            "架构概要",
            "アーキテクチャ概要",
            "kiến trúc tổng quan",
            "아키텍처 개요",
            "обзор архитектуры",
            "visão geral da arquitetura",
            "resumen de la arquitectura",
            "vue d'ensemble de l'architecture",
            "architekturüberblick",
            "architekturübersicht",
        ],
    },
    SectionVocab {
        name: "Use Cases",
        aliases: &[
            "usage scenarios",
            "user scenarios",
            // (`## 👥 **User Case**`, a common slip.)
            "user cases",
            "user workflow",
            "user flows",
            "user journeys",
            // (Worked requests over their steps: `## Example Workflows` over `### "Find 30
            // minutes with Jake"`; a mobile spec's `## UX flow`.)
            "example workflows",
            // (An architecture's `## Core Workflows`, each a user's flow.)
            "core workflows",
            "ux flow",
            "ux flows",
        ],
        // (`## 4. End-to-end User Journeys`.)
        qualifiers: &[
            "user",
            "role",
            "primary",
            "actor",
            "core",
            "main",
            "key",
            "end-to-end",
        ],
        keys: &[
            "use case",
            "user story",
            "user scenario",
            "usage scenario",
            "scenarios",
        ],
        // (Test cases, in words that also say use case, are tests: `## 验收用例`.)
        not_keys: &["验收用例", "测试用例", "テストケース"],
    },
    SectionVocab {
        name: "Data Models",
        aliases: &[
            "data",
            // (Russian: `## Данные`, the data.)
            "данные",
            "schemas",
            "data schema",
            "database schema",
            "database",
            "database design",
            "database model",
            // (`## 7. Database Architecture & RLS Design`; not `Data Architecture`, which
            // holds storage, backups and governance beside the model.)
            "database architecture",
            // (The shapes a feature's data must keep: `## 5. Target Data Contracts`; a
            // mobile app's store, `## Local DB (Room)`.)
            "data contracts",
            "local db",
            "local database",
            // (`## Local Storage (React Native)`: the app's tables and keys.)
            "local storage",
            // (`## Data Design`: the tables a design keeps.)
            "data design",
            "types",
            "value types",
            "data types",
            "domain model",
            "entities",
            "data structures",
            "storage model",
            "persistence model",
            "data requirements",
            // (`## 3. Database Structure` over its `CREATE TABLE`s; `## 4. Object Model`;
            // `## 8. Types partagés`, the shared types.)
            "database structure",
            "object model",
            "shared types",
        ],
        qualifiers: &[
            "update",
            "change",
            "core",
            "domain",
            "entity",
            "persistence",
        ],
        keys: &[
            "data model",
            // (`## 3. PostgreSQL DDL` over its `CREATE TABLE`s.)
            "ddl",
            "value type",
            "schema",
            "entity",
            "data structure",
            "domain model",
            // `## Chunk Struct` over a struct's fields.
            "struct",
            // (An entity-relationship diagram of the tables: `## 🗺️ ER Diagram`, `## ERD`.)
            "er diagram",
            "erd",
            "entity relationship",
        ],
        // A flow of data is not its model (`## 6. 데이터 흐름`).
        not_keys: &[
            // (A GraphQL schema is the API's types and operations: `### GraphQL Schema`
            // over `type Query { ... }`.)
            "graphql schema",
            "데이터 흐름",
            "데이터 흐름도",
            "데이터 플로우",
            "数据流",
            "データフロー",
            "flujo de datos",
            "fluxo de dados",
            "поток данных",
            "flux de données",
            "datenfluss",
        ],
    },
    SectionVocab {
        name: "API Contracts",
        aliases: &[
            "API",
            "API routes",
            "API endpoints",
            "endpoints",
            "API specification",
            "API design",
            "API reference",
            "interface contracts",
            "public API",
            "API surface",
            "CLI surface",
            "exposed surface",
            "public surface",
        ],
        qualifiers: &[
            "rest", "http", "grpc", "public", "internal", "shape", "summary", "existing",
        ],
        keys: &[
            "graphql schema",
            "API",
            "endpoint",
            "interface",
            "contract",
            "command",
            "tool definition",
            // (An MCP server's tools are what it offers: `## 5. MCP tools`; so are its
            // resources and prompts, `## 7. MCP Resources`, `## 8. MCP Prompts`.)
            "MCP tool",
            "MCP resource",
            "MCP prompt",
            // (A server's messages both ways: `## 3. WebSocket protocol`.)
            "websocket",
            // (`### 6. CLI (cli.py)`, `## CLI Design`: a command-line tool's surface.)
            "CLI",
            // (A Firebase app's functions called by name: `## Callables — functions/...`.)
            "callable",
        ],
        // (Nor the pages of a web app: `## Frontend — Rotas SPA`.)
        not_keys: &[
            "user interface",
            "graphical interface",
            "interface design",
            // (The same in other languages: `## 🎨 Interface do Usuário (UI/UX)`.)
            "interface do usuario",
            "interfaz de usuario",
            "interface utilisateur",
            "rotas spa",
            "rutas spa",
            // (A UI's screens: `## 4. Interface e UX`, `## Interfaz y UX`.)
            "interface e ux",
            "interface and ux",
            "interface et ux",
            "interfaz y ux",
            "interface ux",
            "rotas web",
            "rutas web",
            // (The shape of an event or a message is data: `## Event Contract`.)
            "event contract",
            "message contract",
            "data contract",
            // (Nor the settings a service reads: `## 10. Environment Variable Contract &
            // Validation`.)
            "environment variable contract",
            "environment contract",
            "env contract",
            "configuration contract",
            "config contract",
            // (A part that runs commands, or a UI's: `## Command Executor` over
            // `child_process.exec()`, `## 4. Command Palette`, Mod+K. A bot's `## 8.
            // Command Handlers` are its API.)
            "command executor",
            "command runner",
            "command execution",
            "command palette",
            // (Nor the commands that build and test the project: `## 17. NPM Scripts &
            // Tooling Commands`, `## Development Commands`.)
            "npm scripts",
            "tooling commands",
            "build commands",
            "development commands",
            "dev commands",
            // (How the API is kept safe, its keys, not what it offers: `## API Key
            // Security`, `key` naming nothing in a heading.)
            "api security",
            // (What a hosted API costs to call: `## 10. Costi API Claude`, `## API Costs`.)
            "api costs",
            "api cost",
            "api pricing",
            "costi api",
            "costos de api",
            "custos de api",
        ],
    },
    SectionVocab {
        name: "Error Handling",
        aliases: &[
            "errors",
            "error codes",
            "error catalog",
            "error cases",
            "error responses",
            "failure handling",
            "failure modes",
            "exception handling",
            // (`## 7. Error Scenarios` over `### 7.1 HTTP Error Codes`: the errors, not a
            // use case's field.)
            "error scenarios",
        ],
        qualifiers: &[
            "edge",
            "case",
            "graceful",
            // (`## 14. Reliability and Error Handling`.)
            "reliability",
            "degradation",
            "validation",
            "recovery",
            "strategy",
            "model",
            "retry",
            "fallback",
            "semantics",
            "policy",
            // (`### Empty / error states`, `### Error and retry behaviour`, `### Error
            // wrapping`.)
            "empty",
            "state",
            "behaviour",
            "behavior",
            "wrapping",
            // (`## Error Handling Patterns`.)
            "pattern",
            // (`## 11. Error Handling Contract`: the error section, not the API.)
            "contract",
        ],
        // (A command-line tool's errors are its exit codes: `### Exit codes`.)
        keys: &["error", "failure", "exception", "exit code", "exit status"],
        not_keys: &[],
    },
    SectionVocab {
        name: "Non-Functional Requirements",
        aliases: &[
            "NFR",
            "non-functional",
            "performance",
            "performance requirements",
            "quality attributes",
            // (`## Cross-Cutting Concerns`: logging, security, limits, what every part
            // must meet.)
            "cross-cutting concerns",
            "quality requirements",
            "service level objectives",
            "SLO",
            "SLA",
            "operational requirements",
            // (One requirement as its own section: `## 11. Retention`, what is kept how
            // long.)
            "retention",
            "data retention",
            // (How long each kind of data is kept: `## Data Lifecycle Policies`.)
            "data lifecycle",
            "data lifecycle policies",
        ],
        // (`**Performance Goals**: verify stays under 40 µs`, `Latency budget`.)
        qualifiers: &[
            "goals",
            "targets",
            "budget",
            "requirements",
            "characteristics",
            "considerations",
            // (`## Performance Optimization`.)
            "optimization",
            "optimisation",
        ],
        keys: &[
            "nonfunctional",
            "NFR",
            "performance",
            "quality attribute",
            "SLO",
            "SLA",
            "latency",
            "throughput",
            "scalability",
            "availability",
            "reliability",
            "observability",
            // (`## Logging & Monitoring`, `## Monitoring`: looked up last, as observing.)
            "monitoring",
            "operational",
            "data retention",
            "retention policy",
            // (What the service may use: `## 8. Resource Budget & Constraints`, a p99 target
            // and requests per second per worker.)
            "resource budget",
        ],
        // (A process run step by step is no requirement: `## 8. Operational Flow`.)
        not_keys: &["operational flow", "operational workflow"],
    },
    SectionVocab {
        name: "Architecture Decisions",
        aliases: &[
            "design decisions",
            "decisions",
            "decision log",
            "decision records",
            "ADR",
            "technical decisions",
            "architecture choices",
            "design choices",
            "architecture decision records",
            // (A design's chosen pattern with its reason, as cc-sdd's designs label it:
            // `- **Selected pattern**: ...` over `- **Rationale**: ...`.)
            "selected pattern",
            "selected approach",
            "chosen approach",
        ],
        // (`### 1.3 Design Decisions Summary`; `Key`, `Major` and `Main` are stop words.
        // `## 2. Locked Decisions`, taken for good.)
        qualifiers: &["summary", "locked"],
        keys: &[
            "decision",
            "ADR",
            "design choice",
            // (The stack chosen, each with its reasons: `## 10. Technology Choices`, `###
            // 8.1 Tech Choices`, `### Database Technology Choice`.)
            "technology choice",
            "tech choice",
            "technical choice",
            "design principle",
            "principle",
            "alternatives considered",
            "approaches considered",
            // (Russian decisions: `### Зафиксированные решения`.)
            "решения",
            // The options a decision weighed (`## Alternatives`, `## Rejected
            // Alternatives`, `## Architecture Options`), when no section records the
            // decision itself.
            "alternatives",
            // (Options weighed: `## Deep Dive & Trade-offs`, `### Trade-offs`.)
            "trade-offs",
            "tradeoffs",
            "design options",
            "architecture options",
            "options considered",
        ],
        // A use case's other flows; decisions still to take are questions; a product's
        // principles are rules for its users' experience, not design choices.
        not_keys: &[
            "product principle",
            // (Nor a product's experience principles, nor an API's design rules: `##
            // Product Vision & Experience Principles`, `## 9. API Design Principles`.)
            "experience principle",
            "ux principle",
            // (`## 10. UX / UI Principles`, visual design guidance.)
            "ui principle",
            "api design principle",
            // (`## 10. Response Design Principles`: how every response is shaped.)
            "response design principle",
            "request design principle",
            "endpoint design principle",
            "api 设计原则",
            "alternative flow",
            "alternate flow",
            "open decision",
            "pending decision",
            "outstanding decision",
            "decisions needed",
            "open technical decision",
            "open design decision",
            "未決定",
            "未定",
            // (Decisions still to take: `## 十一、待决策问题`, `## Decisiones tecnicas
            // pendientes`.)
            "待决策",
            "待決定",
            "pendiente",
            "pendente",
            "offene entscheidung",
            "en suspens",
            "da chiudere",
        ],
    },
    SectionVocab {
        name: "Dependencies",
        aliases: &[
            "stack",
            "tech stack",
            "technology stack",
            "technical stack",
            "third-party",
            "libraries",
            "external services",
            // (What it calls, not what it offers: `## External APIs` over Novu, FCM and
            // SMTP, as an architecture document lists the services it uses.)
            "external apis",
            "depends on",
            // (Czech: `## Technologický stack`.)
            "technologický stack",
            // (A manifest of what it builds on: `## 12. Go Module` over `go.mod`.)
            "go module",
            "go modules",
            // (The stack told as what it is built with: `## 3. 사용할 프레임워크 및 기술
            // (Frameworks to be Used)`, `## Language & Runtime`.)
            "frameworks to be used",
            "frameworks and technologies",
            "language and runtime",
            "toolchain",
        ],
        qualifiers: &[
            "external",
            "runtime",
            "service",
            "software",
            "system",
            "new",
            "required",
            "project",
            // (`## Proposed stack`; `## Stack Versions`, the stack with its versions.)
            "proposed",
            "version",
            "versions",
            // (`## 3. Recommended Stack`.)
            "recommended",
        ],
        keys: &[
            "dependency",
            "consumed",
            "third-party",
            "tech stack",
            "technology stack",
            "technical stack",
            "libraries",
        ],
        // Injecting dependencies is wiring, not what the system depends on (`## 12.
        // Hilt 依赖图`, the DI graph).
        not_keys: &[
            "dependency injection",
            "dependency graph",
            // (A codebase's import rules: `## 20. Module Layout & Dependency Rules`.)
            "dependency rule",
            // (`### 2.2 依赖规则`, which layer may use which.)
            "依赖规则",
            "依赖注入",
            "依赖图",
            "依存性注入",
        ],
    },
    SectionVocab {
        name: "Testing Strategy",
        aliases: &[
            "testing",
            "test plan",
            "verification",
            // (`## Validation plan` over `### Deterministic tests`; not `## Validation`
            // alone, which is as often the checking of input.)
            "validation plan",
            "validation strategy",
            // (An agent's or a model's tests: `## 7. Evaluation`, metrics and a release
            // gate.)
            "evaluation",
            "evaluation plan",
            "evals",
            "test coverage",
            "integration coverage",
            "quality assurance",
            "QA",
            // (A PRD's `## Testing Decisions` beside its `## Implementation Decisions`:
            // what is tested and how.)
            "testing decisions",
            "test decisions",
        ],
        qualifiers: &[
            // (`## 8. Verification strategy`, as `Testing Strategy`.)
            "strategy",
            "acceptance",
            "unit",
            "integration",
            "e2e",
            "end",
            "automated",
            "plan",
            "approach",
            "case",
            "command",
            "step",
            "procedure",
            "check",
            "checklist",
            "ui",
            "manual",
            // (`## Testing Scenarios` holding the functional and performance tests.)
            "scenario",
            // (`## 8. CI Verification`.)
            "ci",
            // (`## 10. Verification matrix`, `## 10. Verification Requirements`.)
            "matrix",
            "requirements",
        ],
        // (`## 9. Guía de desarrollo (TDD)`: development led by tests.)
        // (Test cases, in words that also say use case: `## 验收用例`, acceptance test
        // cases.)
        keys: &["test", "QA", "TDD", "验收用例", "测试用例", "テストケース"],
        not_keys: &[],
    },
    SectionVocab {
        name: "Open Questions",
        aliases: &[
            "questions",
            "unresolved questions",
            "open issues",
            "unresolved issues",
            "outstanding questions",
            "open points",
            "open items",
            // (Markers left in a generated spec for what is still open.)
            "open markers",
            "TBD",
            // (Assumptions awaiting the user's word: `## 10. Open Assumptions (Flag for
            // User Confirmation)`; what is still to find out: `## Pre-implementation
            // Research Required`, `## Unknowns`.)
            "open assumptions",
            "research required",
            "unknowns",
            // (Questions still to settle, under a heading saying what to do with them:
            // `## Questions to Consider`, `## Questions to Verify During Implementation`;
            // the points still discussed or in doubt: `## Discussion Points`, `## Puntos
            // de Duda / Ambigüedades`.)
            "questions to consider",
            "questions to verify",
            "questions to resolve",
            "questions to answer",
            "questions to verify during implementation",
            "discussion points",
            "points to discuss",
            "puntos de duda",
            "dudas",
            "ambigüedades",
            "puntos de duda ambigüedades",
        ],
        // (`## Open architectural questions`, `## Technical Questions`.)
        // (`## 14. Deferred Questions`, `## Pending questions`.)
        qualifiers: &[
            "remaining",
            "pre-implementation",
            "open",
            "architecture",
            "technical",
            "design",
            "deferred",
            "pending",
            "engineering",
        ],
        keys: &[
            "open question",
            "unresolved",
            "TBD",
            "open issue",
            "open item",
            // Decisions still to take (`## Open decisions (for the approver)`,
            // `## Open Questions / Decisions Needed`).
            "open decision",
            "decisions needed",
            "pending decision",
            "outstanding decision",
            "open technical decision",
            "open design decision",
        ],
        not_keys: &[],
    },
];

/// The built-in vocabulary of a template section, when it is one of the seed's.
pub(crate) fn section_vocab(name: &str) -> Option<&'static SectionVocab> {
    let words = name_words(name);
    SECTIONS.iter().find(|s| name_words(s.name) == words)
}

/// Other labels real specs give a template field (`**Actors:**`, `- Request:`), also in
/// the languages of the sections' names (`**Aktör**`, `**Передумови**`, `Fora do escopo`).
const FIELDS: &[(&str, &[&str])] = &[
    (
        "Problem statement",
        &[
            // (The problem to solve: `## 3. Problem do rozwiazania`, `## Problem to Solve`.)
            "problem to solve",
            // (`## 3. Core Problem`.)
            "core problem",
            "problems to solve",
            "problem do rozwiązania",
            "problemy do rozwiązania",
            "problema a resolver",
            "problème à résoudre",
            "problema da risolvere",
            "zu lösendes problem",
            // (Czech.)
            "problém",
            "výchozí stav",
            // (Slovak.)
            "východiskový stav",
            "problem",
            "problem definition",
            "problem frame",
            "background",
            "context",
            "motivation",
            // (Why the work is needed, and why now: `## Why now`, `## Why Needed`, `## 2.
            // Why now (and why this shape)`.)
            "why now",
            "why needed",
            "why this matters",
            "why it matters",
            "current state",
            // (`## 2. Problema e motivação`, the problem and the motivation; Polish
            // `## Kontekst problemu`, the problem's context; `## Por qué`.)
            "motivação",
            "motivación",
            "motivazione",
            "kontekst problemu",
            "por qué",
            "current state analysis",
            // (Korean: `## 1. 현재 시스템 분석`, the analysis of today's system.)
            "현재 시스템 분석",
            "현황 분석",
            "current situation",
            "current context",
            "why this exists",
            // (`## Why`: "There is no audit trail today ...".)
            "why",
            // (What hurts today, in an RFC: `## Pain`, `## Pain Points`.)
            "pain",
            "pain points",
            "as is",
            // In other languages: Korean, Chinese, Japanese, Russian, German, Spanish,
            // French (`## 1. 배경 및 문제 정의`).
            "배경",
            "문제",
            "문제 정의",
            // (The problem to solve, labelled: `**해결하고자 하는 비즈니스 문제:**`,
            // `**核心挑战**`, the core challenge.)
            "해결하고자 하는 비즈니스 문제",
            "해결하고자 하는 문제",
            "해결할 문제",
            "核心挑战",
            "core challenge",
            "背景",
            "问题",
            "課題",
            "предпосылки",
            "проблема",
            "описание проблемы",
            "постановка задачи",
            "hintergrund",
            "problemstellung",
            "contexto",
            "contexto general",
            // (The project's context, as `Project context` is: `## Contexto del proyecto`.)
            "contexto del proyecto",
            "contexto do projeto",
            "contexte du projet",
            "problema",
            "contexte",
            "contexte et motivation",
            "problème",
            "planteamiento del problema",
            "antecedentes",
            "declaração do problema",
            "problématique",
            "ausgangslage",
            "contesto",
            "контекст",
            "problem tanımı",
            "arka plan",
            "bağlam",
            "kontekst",
            "probleemstelling",
            "achtergrond",
            "vấn đề",
            "bối cảnh",
            // (An RFC's motivation: `## 动机`.)
            "动机",
            "latar belakang",
            "masalah",
            "konteks",
            "问题陈述",
            "問題",
        ],
    ),
    (
        "Goals",
        &[
            // (Czech.)
            "cíle",
            "cíl",
            // (Slovak.)
            "ciele",
            "cieľ",
            // (What is in scope, `## 2. 対象範囲`; the solution a PRD pairs with its problem
            // statement, `## Solution`.)
            "対象範囲",
            "solution",
            // (Scope and success criteria: `# 3. MVP 범위`, `# 32. MVP 완료 기준`, `## 8. Produktziele des MVP`.)
            "범위",
            "mvp 범위",
            "produktziele",
            "완료 기준",
            "성공 기준",
            "success criteria",
            "design goals",
            "objectives",
            "success metrics",
            "aims",
            "scope",
            "in scope",
            // (`## Rozsah a vymezení`, Czech: the scope and its bounds; `## Ruang
            // Lingkup`, Indonesian: the scope.)
            "rozsah",
            "rozsah a vymezení",
            "ruang lingkup",
            "target state",
            "to be",
            // (Qualified: `## 2. Technical Objectives`, `## 🎯 System Objectives`, `## 2.
            // V1 Scope`, `## Scope by Release`.)
            "technical objectives",
            "system objectives",
            "business objectives",
            "project objectives",
            "key objectives",
            "product goals",
            "project goals",
            "business goals",
            "v1 scope",
            "mvp scope",
            "project scope",
            "release scope",
            "scope by release",
            // (`## Scope Boundaries` over `### In Scope` and `### Out of Scope`.)
            "scope boundaries",
            "цели",
            "цель",
            // (Where the product is headed, and how success is measured: `## 1. ビジョン &
            // 成功指標`.)
            "vision",
            "product vision",
            // (In other languages: `## 1. VISIÓN DEL PRODUCTO`, `## 1. Vision du projet`,
            // `## 1. Produktvision und Abgrenzung`.)
            "visión",
            "visión del producto",
            "visión del proyecto",
            "vision du projet",
            "vision du produit",
            "visão",
            "visão do produto",
            "visão do projeto",
            "produktvision",
            "ビジョン",
            "愿景",
            "비전",
            "成功指標",
            "成功指标",
            // (`## 成功标准`, the criteria of success.)
            "成功标准",
            "成功基准",
            "metriche di successo",
            "metryki sukcesu",
            "プロジェクトの目的",
            "wizja",
            "métricas de éxito",
            "métricas de sucesso",
            "スコープ",
            "范围",
            "цели и задачи",
            "цели и задачи разработки",
            "core objectives",
            "objectifs",
            "objetivo",
            "objetivos",
            "ziel",
            "ziele",
            // (`## 1. Ziel des Projekts`, the project's goal.)
            "ziel des projekts",
            "ziele des projekts",
            "projektziel",
            "projektziele",
            "metas",
            "buts",
            "obiettivi",
            // (`## 设计目标`, design goals.)
            "设计目标",
            "мета",
            "цілі",
            "amaç",
            "amaçlar",
            "hedefler",
            // (`## 1. Tasarım hedefleri`, design goals; `## 1. Obiettivo`.)
            "hedefleri",
            "tasarım hedefleri",
            "obiettivo",
            "cele",
            "cel",
            "doelen",
            "doelstellingen",
            "mục tiêu",
            "tujuan",
            "sasaran",
            "目标",
            "目標",
            "目的",
            "ゴール",
            "목표",
            "alcance",
            "escopo",
            "périmètre",
            "périmètre mvp",
            "umfang",
            "ambito",
            "kapsam",
            "zakres",
            "phạm vi",
            "cakupan",
            "область",
            "область mvp",
            "критерий успеха",
            "критерии успеха",
            "входит в mvp",
        ],
    ),
    (
        "Non-goals",
        &[
            // (What it does not do, beside what it does: `### O que NÃO FAZ (v1)` after
            // `### O que FAZ`.)
            "o que não faz",
            "lo que no hace",
            "what it does not do",
            "what it doesn't do",
            // (`**It is NOT:** an AI agent, a categorizer, a rules engine`.)
            "it is not",
            "what it is not",
            // (Czech.)
            "mimo rozsah",
            "necíle",
            // (Slovak.)
            "mimo rozsahu",
            "necieľe",
            // (Out of the boundary, `### Out of boundary`; what is still not done, `仍**不做**：`;
            // `Sont hors périmètre :`.)
            "out of boundary",
            "out of bounds",
            "不做",
            "仍不做",
            // (`- **不含**：` beside `- **包含**：`, not included; `## 3. Non-Tujuan`;
            // `Nicht Ziel der ersten Version:`.)
            "不含",
            "non-tujuan",
            "nicht ziel",
            "sont hors périmètre",
            // (`## Nicht Ziele`; `## 3.2 MVP 이후`, after the MVP.)
            "nicht ziele",
            // (What the product is kept apart from: `## 1. Produktvision und Abgrenzung`.)
            "abgrenzung",
            // (`## Nicht enthalten`, not included.)
            "nicht enthalten",
            // (Said outright: `### 1.4 Explizite Nicht-Ziele`.)
            "explizite nicht ziele",
            "explizite nicht-ziele",
            "mvp 이후",
            "out of scope",
            "explicit non-goals",
            "not built",
            "対象外",
            "non-objectives",
            "not in scope",
            "what not to do",
            // (What the design need not meet: `## Non-Requirements`.)
            "non-requirements",
            // (Korean: `### 미포함` under `## 범위`, not included; `### 제외`, excluded.)
            "미포함",
            "제외",
            // (`**제외 사항**:`, the items excluded; `(현재 범위 외)`, outside the scope.)
            "제외 사항",
            "범위 외",
            // (`## 9. 향후 확장 여지 (이번 범위 밖)`, out of this scope.)
            "범위 밖",
            "non requirements",
            // (Polish: `## 16. Czego nie robić`, what not to do.)
            "czego nie robić",
            "czego nie robic",
            // (Russian: `## Чего НЕ делаем в v1 (YAGNI)`, what we do not do.)
            "чего не делаем",
            "чего не делаем в v1",
            "что не делаем",
            // (Dutch: `## Wat NIET te doen`, what not to do; `**Excluded**:` under
            // `## Scope`.)
            "wat niet te doen",
            "excluded",
            // (Japanese: `## やらないこと`, what we will not do; Italian `### Escluso`
            // beside `### Incluso`.)
            "やらないこと",
            "escluso",
            "esclusi",
            "not doing",
            "what we are not doing",
            // (`### What this spec does NOT cover`, what it leaves to others.)
            "what this spec does not cover",
            "what this document does not cover",
            "what this does not cover",
            "not covered",
            // (`### What It Is NOT` beside `### What It Is`.)
            "what it is not",
            "what this is not",
            "what it's not",
            // What it will not do, stated as its limits (`## Known Limitations`: text
            // only, English only, single user).
            "known limitations",
            "limitations",
            // (`## Negative Requirements`: what the system shall NOT do.)
            "negative requirements",
            // MoSCoW's last (`**Won't (this scope):**`).
            "won't",
            "won't have",
            "exclusions",
            // (`- **Out**:` beside `- **In**:` under `## Scope`; `Không bao gồm`, not
            // included.)
            "out",
            "không bao gồm",
            // What waits for a later phase (`### 2.2 次フェーズ` beside `### 2.1 MVP`).
            "deferred",
            "next phase",
            "post-mvp",
            "次フェーズ",
            "下一阶段",
            "비범위",
            // (Japanese: `## 範囲外 (本 Issue では対応しない)`, outside the scope; what the first
            // version leaves out: `## 2. Out of v1 (queued, not punted)`.)
            "範囲外",
            "out of v1",
            "not in v1",
            "out of mvp",
            "非目标",
            "范围外",
            "スコープ外",
            "hors périmètre",
            // (`## Hors scope (V2)`; `## 16. What's explicitly deferred (and to which
            // slice)`.)
            "hors scope",
            "explicitly deferred",
            "what's explicitly deferred",
            "what's deferred",
            "what is deferred",
            "fuera de alcance",
            "fuera del alcance",
            "fuori scope",
            "fuori ambito",
            "fuori dallo scope",
            "вне скоупа",
            "вне рамок",
            "за рамками",
            "nicht-ziele",
            "nicht im umfang",
            "ngoài phạm vi",
            "no objetivos",
            "fora do escopo",
            "fora de escopo",
            "não objetivos",
            "hors du périmètre",
            "hors champ",
            "non-objectifs",
            "außerhalb des umfangs",
            "fuori ambito",
            "non obiettivi",
            "поза межами",
            "kapsam dışı",
            "hedef olmayanlar",
            // (What is deliberately not done: `## 15. Bilinçli olarak yapılmayanlar`;
            // explicit non-goals, `### 1.3 Явні не-цілі`.)
            "yapılmayanlar",
            "bilinçli olarak yapılmayanlar",
            "не-цілі",
            "явні не-цілі",
            // (Russian: `## 3. Не цели`.)
            "не цели",
            "не-цели",
            "poza zakresem",
            "buiten scope",
            "buiten de scope",
            "niet-doelen",
            "di luar cakupan",
            "bukan tujuan",
            "不在范围内",
            "非目標",
            // (Katakana: `### 非ゴール`.)
            "非ゴール",
            "ノンゴール",
            // (German: `## Nicht enthalten`, not included.)
            "nicht enthalten",
            "비목표",
            "범위 외",
            // (`## 9. 향후 확장 여지 (이번 범위 밖)`, out of this scope.)
            "범위 밖",
            "не входит в mvp",
            "не входит",
        ],
    ),
    (
        "Actor",
        &[
            // (Czech.)
            "aktér",
            "aktéři",
            // (Slovak.)
            "aktéri",
            "primary actor",
            "actor(s)",
            "user",
            "актор",
            "актёр",
            "действующее лицо",
            "actor",
            "actores",
            "ator",
            // (`| **Ator Principal** | Usuário |`, the primary actor.)
            "ator principal",
            "actor principal",
            "atores",
            "acteur",
            "acteurs",
            "akteur",
            "akteure",
            "attore",
            "attori",
            "aktör",
            "aktor",
            "tác nhân",
            "参与者",
            "执行者",
            "アクター",
            "액터",
        ],
    ),
    (
        "Preconditions",
        &[
            // (Czech.)
            "předpoklady",
            "vstupní podmínky",
            // (Slovak.)
            "predpoklady",
            "vstupné podmienky",
            // (Short for it: `**Pre:** authenticated, case created.`)
            "pre",
            "given",
            // What starts it, standing for the state it starts from (`**Trigger:** Route
            // marked `cache: false``).
            "trigger",
            "triggers",
            "triggered by",
            "prerequisites",
            "предусловие",
            "предусловия",
            "precondiciones",
            "precondición",
            "pré-condições",
            "pré-condição",
            "préconditions",
            "précondition",
            "vorbedingungen",
            "vorbedingung",
            "precondizioni",
            "передумови",
            "önkoşullar",
            "önkoşul",
            "warunki wstępne",
            "precondities",
            "tiền điều kiện",
            "prasyarat",
            "前置条件",
            "前提条件",
            "事前条件",
            "사전 조건",
            "사전조건",
        ],
    ),
    (
        "Flow",
        &[
            // (Czech.)
            "průběh",
            "hlavní tok",
            // (Slovak.)
            "priebeh",
            "hlavný tok",
            "kroky",
            "main flow",
            "basic flow",
            "steps",
            "main success scenario",
            "flow of events",
            "scenario",
            // A scenario told as Given / When / Then: its When is what happens.
            "when",
            "шаги",
            "основной поток",
            "основной сценарий",
            "flujo",
            "flujo principal",
            "fluxo",
            "fluxo principal",
            "flux",
            "flux principal",
            // (French: `| Déroulement nominal | ... |`, the main course of events.)
            "déroulement nominal",
            "déroulement",
            "scénario nominal",
            "ablauf",
            "hauptablauf",
            "flusso",
            "flusso principale",
            "основний потік",
            "кроки",
            "akış",
            "ana akış",
            "adımlar",
            "przepływ",
            "główny przepływ",
            "kroki",
            "stappen",
            "luồng chính",
            "các bước",
            "alur",
            "alur utama",
            "langkah",
            "主流程",
            "基本流程",
            "步骤",
            "基本フロー",
            "メインフロー",
            // (`**フロー**:` over the steps, beside `**アクター**` and `**事前条件**`;
            // `**流程**`, `**흐름**`.)
            "フロー",
            "流程",
            "흐름",
            "手順",
            "기본 흐름",
            "주요 흐름",
        ],
    ),
    (
        "Postconditions",
        &[
            // (Czech.)
            "výsledek",
            "výstupní podmínky",
            // (Slovak.)
            "výsledok",
            "výstupné podmienky",
            // (Short for it: `**Post:** dashboard populated.`)
            "post",
            // (Its Then is what holds after.)
            "then",
            "success guarantee",
            "outcome",
            "result",
            "desired state",
            "end state",
            "expected outcome",
            "expected result",
            // A use case's success criteria are what is true after it (the Overview's
            // are its goals).
            "success criteria",
            "постусловие",
            "постусловия",
            "postcondiciones",
            "postcondición",
            "pós-condições",
            "pós-condição",
            "postconditions",
            "nachbedingungen",
            "postcondizioni",
            "постумови",
            "sonkoşullar",
            "sonkoşul",
            "warunki końcowe",
            "postcondities",
            "hậu điều kiện",
            "pascakondisi",
            "后置条件",
            "事後条件",
            "사후 조건",
            "사후조건",
        ],
    ),
    (
        "Error scenarios",
        &[
            // (Czech.)
            "chybové scénáře",
            "chybové stavy",
            // (Slovak.)
            "chybové scenáre",
            "alternative flows",
            // (French: `| Scénarios d'erreur | ... |`, `Cas d'erreur`.)
            "scénarios d'erreur",
            "scénario d'erreur",
            "cas d'erreur",
            // (Short for them: `**Alt:** AI tier unreachable → run FAILED`.)
            "alt",
            // (A Cockburn use case's `**Extensions**:`, what happens when a step fails.)
            "extensions",
            "alternate flows",
            "errors",
            "error cases",
            "exceptions",
            "exception flows",
            "failure scenarios",
            "edge cases",
            "error flows",
            "failure flow",
            "failure flows",
            "flujos alternativos",
            "fluxos alternativos",
            // (An exception flow: `| **Fluxo de Exceção** | ... |`.)
            "fluxo de exceção",
            "fluxos de exceção",
            "flujo de excepción",
            "flujos de excepción",
            // (The template's own label in Spanish and Portuguese.)
            "escenarios de error",
            "cenários de erro",
            "scénarios alternatifs",
            "alternativabläufe",
            "fehlerfälle",
            "flussi alternativi",
            "альтернативные потоки",
            "альтернативні потоки",
            "alternatif akış",
            "alternatif akışlar",
            "przepływy alternatywne",
            "luồng thay thế",
            "alur alternatif",
            "异常流程",
            "备选流程",
            // (The template's own label: `**错误场景**`, `**エラーシナリオ**`, `**오류 시나리오**`.)
            "错误场景",
            "异常场景",
            "エラーシナリオ",
            "오류 시나리오",
            "에러 시나리오",
            "代替フロー",
            "例外フロー",
            // (Edge cases and error handling, a use case's part: `#### Edge cases and
            // error handling`, `#### 边界情况与错误处理`, `#### 異常系`. Not the error
            // handling alone, which under the operations is the error section.)
            "edge cases and error handling",
            "边界情况",
            "边界情况与错误处理",
            "異常系",
            "エッジケース",
            "대안 흐름",
            "예외 흐름",
        ],
    ),
    (
        "Method/Interface",
        &[
            "method",
            "interface",
            "endpoint",
            "signature",
            "HTTP method",
            "route",
            // In Spanish, Portuguese, French and German (`- **Método**: \`POST
            // /api/tutores\``).
            "método",
            "méthode",
            // (A protocol's method, `**MCP Method:** \`tools/list\``; a CLI's way in,
            // `**Entry points:** python -m apcore_mcp [OPTIONS]`.)
            "MCP method",
            "RPC method",
            // (`**接口**：\`listAlertRules()\``, the interface in Chinese, Japanese and
            // Korean.)
            "接口",
            "接口签名",
            "端点",
            "エンドポイント",
            "엔드포인트",
            "api 엔드포인트",
            "インターフェース",
            "인터페이스",
            "entry points",
            "entry point",
        ],
    ),
    (
        "Input",
        &[
            // (Czech.)
            "vstup",
            "request",
            // (Slovak.)
            "vstupy",
            "request body",
            "query parameters",
            "query params",
            "path parameters",
            "path params",
            "parameters",
            "params",
            "body",
            "arguments",
            "payload",
            "request shape",
            // (`**Input schema:**` over a JSON schema, an MCP tool's.)
            "input schema",
            // (`**Input Parameters**:` over a table of them.)
            "input parameters",
            "input params",
            // In other languages: Chinese, Japanese, Korean, Spanish, Portuguese.
            "输入",
            "输入参数",
            "入参",
            // (The request body: `**请求体**:`, `**リクエストボディ**:`.)
            "请求体",
            "リクエストボディ",
            "요청 본문",
            "请求",
            "リクエスト",
            "입력",
            "요청",
            "entrada",
            "parámetros",
            "parâmetros",
            // (`- パラメータ: ...`, `- 参数: ...`.)
            "パラメータ",
            "参数",
            "请求参数",
            "파라미터",
            "매개변수",
        ],
    ),
    (
        "Output",
        &[
            // (Czech.)
            "výstup",
            "response",
            // (Slovak.)
            "výstupy",
            // (`Success \`200\`: returns the product`.)
            "success",
            "success response",
            "successful response",
            "returns",
            "return value",
            "result",
            "response body",
            // (French: `**Retour** : { statementId, ... }`, what it returns.)
            "retour",
            // (`**Response Payload**:` over the JSON, beside `**HTTP Status**: 200 OK`.)
            "response payload",
            "response model",
            "response shape",
            "output schema",
            // (`**Output Structure**:` over the JSON it returns.)
            "output structure",
            "response structure",
            "response format",
            "output format",
            "expected response",
            "expected response shape",
            "输出",
            "输出格式",
            "出参",
            // (The return value, the response body: `**返回值**:`.)
            "返回值",
            "响应体",
            // (`**响应格式：**`, the response's format, over its shape.)
            "响应格式",
            "响应结构",
            "响应示例",
            "返回格式",
            "返回结果",
            "返回数据",
            "응답 예시",
            "응답 형식",
            "レスポンスボディ",
            "응답 본문",
            "响应",
            "返回",
            "レスポンス",
            "출력",
            "응답",
            "salida",
            "respuesta",
            "saída",
            "resposta",
        ],
    ),
    (
        "Errors",
        &[
            // (Czech.)
            "chyby",
            "error codes",
            // (Slovak.)
            "chyby a stavy",
            "error responses",
            // (`**Error Conditions:**` under each command, a list of what fails and how.)
            "error conditions",
            "error cases",
            "failure cases",
            // (A command's: `**Exit codes:** 0 ok, 1 invalid arguments`.)
            "exit codes",
            "failures",
            "failure modes",
            // (Not `错误处理`, error handling: `### 4.3 错误处理` after the operations is
            // the error section, not the last operation's part.)
            "错误",
            // (An operation's error cases: `错误情况`, `异常情况`, `エラーケース`.)
            "错误情况",
            "异常情况",
            "错误码",
            "エラーケース",
            "エラー時",
            "오류 케이스",
            "에러 케이스",
            "エラー",
            "오류",
            "에러",
            "errores",
            "erros",
        ],
    ),
    ("Latency", &["response time"]),
    ("Throughput", &["load", "request rate"]),
    ("Availability", &["uptime", "SLA"]),
    ("Data retention", &["retention", "retention policy"]),
    ("Unit tests", &["unit", "unit testing"]),
    ("Integration tests", &["integration", "integration testing"]),
    ("Edge cases to cover", &["edge cases", "edge cases covered"]),
];

/// Phrases that show a field in prose, without its label (`Write unit tests covering
/// ...`): a field the template shows as a list of kinds of tests is there when the
/// section talks about that kind.
const MENTIONS: &[(&str, &[&str])] = &[
    (
        "Unit tests",
        &[
            "unit test",
            "component test",
            "snapshot test",
            "golden file",
            "table-driven",
            "table test",
            "property test",
            "property-based",
            // (A kind named alone in a testing section: `(unit, integration, e2e)`,
            // a test table's `| Unit |` rows.)
            "unit",
        ],
    ),
    (
        "Integration tests",
        &[
            "integration test",
            "end to end",
            "e2e",
            "end-to-end test",
            "manual",
            "live eval",
            "live test",
            "live check",
            "smoke",
            "system test",
            // Tools that drive the running service over HTTP or against real
            // dependencies (`Jest with supertest for HTTP-level tests`).
            "supertest",
            "testcontainers",
            "http-level",
            "api test",
        ],
    ),
    ("Edge cases to cover", &["edge case", "corner case"]),
];

/// What the role of a user story wants, lowercase (`As a planner, I want ...`).
pub(crate) const STORY_WANTS: [&str; 5] =
    [" i want", " i need", " i can", " i'd like", " i would like"];

/// Unit test runners (`pytest`, `cargo test`): tests run with one are unit tests unless
/// said otherwise.
const TEST_RUNNERS: &[&str] = &[
    "pytest",
    "unittest",
    "jest",
    "vitest",
    "mocha",
    "jasmine",
    "junit",
    "xunit",
    "nunit",
    "rspec",
    "phpunit",
    "pest",
    "minitest",
    "xctest",
    "kotest",
    "gtest",
    "testthat",
    "cargo test",
    "go test",
];

/// Whether a text's words name a unit test runner.
pub(crate) fn names_test_runner(words: &[String]) -> bool {
    static FORMS: std::sync::OnceLock<Vec<Words>> = std::sync::OnceLock::new();
    holds_any(words, &FORMS, TEST_RUNNERS)
}

/// Whether the words hold any of the phrases, reduced to words once per process.
fn holds_any(
    words: &[String],
    forms: &'static std::sync::OnceLock<Vec<Words>>,
    phrases: &[&str],
) -> bool {
    forms
        .get_or_init(|| phrases.iter().map(|p| all_name_words(p)).collect())
        .iter()
        .any(|p| has_phrase(words, p))
}

/// Conditions a test of an edge case names (`empty content`, `same webhook-id twice`,
/// `image over 5 MB bails`, `signature failure`).
const FAILURE_CASES: &[&str] = &[
    "empty",
    "missing",
    "invalid",
    "malformed",
    // (Words are compared stemmed: `fail` is also `fails`.)
    "fail",
    "failed",
    "failure",
    "failing",
    "error",
    "timeout",
    "times out",
    "timed out",
    "duplicate",
    "twice",
    "boundary",
    "overflow",
    "zero",
    "null",
    "unknown",
    "concurrent",
    "expired",
    "exceeds",
    "exceeding",
    "too large",
    "too long",
    "too many",
    "not found",
    "unavailable",
    // (`Server unreachable: retry with backoff`, `upload interrupted`, `worker crashes`.)
    "unreachable",
    "interrupted",
    "crash",
    "crashed",
    "disconnect",
    "disconnected",
    "negative",
    "unauthorized",
    "unauthorised",
    "forbidden",
    "oversized",
    "corrupt",
    "corrupted",
    "truncated",
    "rate limit",
    "offline",
    "edge",
    "insufficient",
    "below threshold",
    "nothing",
    "throws",
    "reject",
    "rejected",
    "refuse",
    "refused",
    // (`Verify access denied to other domains`.)
    "denied",
    "deny",
    // (`wrong role`, `overlap`, `truncates user-agent to 512 chars`, `over the limit`.)
    "wrong",
    "overlap",
    "overlapping",
    "truncate",
    "truncates",
    "exceed",
    "exceeded",
    "out of range",
    "unsupported",
    "nonexistent",
    "non-existent",
    "conflict",
    "conflicting",
    // The same in Spanish, French and German (`IF ... THEN ... SHALL fallar`).
    "fallar",
    "falla",
    "vacío",
    "vacía",
    "rechaza",
    "échoue",
    "échouer",
    "vide",
    "rejeté",
    "fehlschlagen",
    "schlägt fehl",
    "leer",
];

/// Whether a text's words name a failure or boundary condition.
pub(crate) fn names_failure_case(words: &[String]) -> bool {
    static FORMS: std::sync::OnceLock<Vec<Words>> = std::sync::OnceLock::new();
    holds_any(words, &FORMS, FAILURE_CASES)
        || words
            .iter()
            .any(|w| !w.is_ascii() && FAILURE_CASES_INSIDE.iter().any(|f| w.contains(f)))
}

/// Failure and boundary conditions in languages whose words lint reads as parts of longer
/// runs (Chinese, Japanese, Korean) or by their stems (Russian): `存在しないファイル`, a
/// missing file; `空入力`, empty input; `越界`, out of bounds; `пустой`, empty.
/// (Not the word "error" itself, `エラーハンドリング` in a checklist, nor a topic such as
/// permissions, `権限は間違えると影響が大きい`: they name what is tested, not a case.)
const FAILURE_CASES_INSIDE: &[&str] = &[
    "失败",
    "失敗",
    "异常",
    "異常",
    "超时",
    "タイムアウト",
    "无效",
    "無効",
    "不正",
    "不存在",
    "存在しない",
    "空输入",
    "空入力",
    "为空",
    "空文字",
    "空リスト",
    "边界",
    "境界",
    "越界",
    "并发",
    "同時",
    "重复",
    "重複",
    "过期",
    "期限切れ",
    "失效",
    "실패",
    "잘못된",
    "초과",
    "중복",
    "동시",
    "만료",
    "경계",
    "пуст",
    "неверн",
    "превыш",
    "истек",
    "недоступ",
];

/// The same phrases in other languages (`단위 테스트`, `单元测试`, `модульные тесты`);
/// Chinese and Japanese ones match inside a word.
const MENTIONS_IN_OTHER_LANGUAGES: &[(&str, &[&str])] = &[
    (
        "Unit tests",
        &[
            // (Czech.)
            "jednotkové testy",
            "jednotkový test",
            "단위 테스트",
            "单元测试",
            // (Short for it: `单测`.)
            "单测",
            "単体テスト",
            "ユニットテスト",
            "модульные тесты",
            "юнит-тесты",
            // (A label: `- Юнит: ...`, beside `- Интеграция: ...`.)
            "юнит",
            "pruebas unitarias",
            "testes unitários",
            "tests unitaires",
            "unit-tests",
            "unitários",
            "unitarios",
            "unitaires",
        ],
    ),
    (
        "Integration tests",
        &[
            // (Czech.)
            "integrační testy",
            "integrační test",
            // (Slovak.)
            "integračné testy",
            "integračný test",
            "통합 테스트",
            "集成测试",
            // (Tests of the API's interface: `| 接口测试 | /api/analyze ... | pytest + httpx |`.)
            "接口测试",
            // (Taiwan's word: `整合測試`.)
            "整合测试",
            "結合テスト",
            "統合テスト",
            "интеграционные тесты",
            // (A label: `- Интеграция: ...`.)
            "интеграция",
            "pruebas de integración",
            "testes de integração",
            "tests d'intégration",
            "integrationstests",
            // (End to end: `* **Bout en bout** : un scénario avec plusieurs clients`.)
            "bout en bout",
            "de extremo a extremo",
            "ponta a ponta",
            "端到端",
            "エンドツーエンド",
        ],
    ),
    (
        "Edge cases to cover",
        &[
            // (Czech.)
            "okrajové případy",
            "hraniční případy",
            // (Slovak.)
            "okrajové prípady",
            "hraničné prípady",
            "엣지 케이스",
            "경계 조건",
            "边界",
            "エッジケース",
            "граничные случаи",
            "casos límite",
            "casos de borda",
            "casos extremos",
            "cas limites",
            "cas limite",
            "grenzfälle",
            "casi limite",
        ],
    ),
];

/// The phrases (as words) that show a field in prose, if it has any.
pub(crate) fn mention_forms(label: &str) -> Vec<Vec<String>> {
    let words = name_words(label);
    MENTIONS
        .iter()
        .chain(MENTIONS_IN_OTHER_LANGUAGES)
        .filter(|(l, _)| name_words(l) == words)
        .flat_map(|(_, phrases)| phrases.iter().map(|p| all_name_words(p)))
        .collect()
}

/// The names a heading joins (`Edge Cases & Error Scenarios`, `Input / Output`, `A,
/// B and C`), each reduced to its words; one name gives one part.
pub(crate) fn joined_names(title: &str) -> Vec<Words> {
    title
        .split(['&', '/', ','])
        .flat_map(|p| p.split(" and "))
        .map(name_words)
        .filter(|w| !w.is_empty())
        .collect()
}

/// Whether a heading names a field: its words, or either part of `Background / Problem
/// Statement`.
pub(crate) fn title_names_field(title: &str, forms: &[Vec<String>]) -> bool {
    title
        .split(" / ")
        .any(|part| label_matches(&name_words(part), forms))
}

/// Field labels as the template writes them, `**Actor**, **Flow**`, joined by `sep`.
pub(crate) fn bold_list(labels: &[String], sep: &str) -> String {
    labels
        .iter()
        .map(|l| format!("**{l}**"))
        .collect::<Vec<_>>()
        .join(sep)
}

/// A name reduced to its words.
type Words = Vec<String>;

/// A field's word forms, shared.
pub(crate) type Forms = std::rc::Rc<[Vec<String>]>;

/// The word forms a field may be labelled with: its own label and, for the seed's
/// fields, their synonyms. Shared, not copied: lint asks for them per section, per entry
/// and per heading, and a field has dozens of synonyms in many languages.
pub(crate) fn field_forms(label: &str) -> Forms {
    // The built-in fields' forms, reduced to words once.
    static KNOWN: std::sync::OnceLock<Vec<(Words, Vec<Words>)>> = std::sync::OnceLock::new();
    thread_local! {
        static CACHE: std::cell::RefCell<std::collections::HashMap<String, Forms>> =
            std::cell::RefCell::new(std::collections::HashMap::new());
    }
    if let Some(forms) = CACHE.with(|c| c.borrow().get(label).cloned()) {
        return forms;
    }
    // Each form written with accents also without them (`problem do rozwiazania`,
    // `Pre-condicoes`), as section names are read: the phrase folded, then reduced to
    // words (so `pre-` joins as it does unaccented). Once per field, so the lookups still
    // compare words as they are.
    let words_of = |phrase: &str| {
        let words = name_words(phrase);
        let folded = (!phrase.is_ascii())
            .then(|| name_words(&super::outline::fold_accents(phrase)))
            .filter(|f| *f != words);
        std::iter::once(words).chain(folded)
    };
    let known = KNOWN.get_or_init(|| {
        FIELDS
            .iter()
            .map(|(l, aliases)| {
                (
                    name_words(l),
                    aliases.iter().flat_map(|a| words_of(a)).collect(),
                )
            })
            .collect()
    });
    let words = name_words(label);
    let mut forms: Vec<Words> = words_of(label).collect();
    if let Some((_, aliases)) = known.iter().find(|(l, _)| *l == words) {
        forms.extend(
            aliases
                .iter()
                .filter(|a| !forms.contains(a))
                .cloned()
                .collect::<Vec<_>>(),
        );
    }
    forms.retain(|f| !f.is_empty());
    let forms: Forms = forms.into();
    CACHE.with(|c| c.borrow_mut().insert(label.to_string(), forms.clone()));
    forms
}

/// Whether a label's words are one of the forms, allowing trailing numbers
/// (`Response 200`).
pub(crate) fn label_matches(label_words: &[String], forms: &[Vec<String>]) -> bool {
    // The project's or the product's (`Project goals`, `### 1.2 项目背景`, `프로젝트
    // 배경`) is the field itself. (Not the system's: a system context is a diagram of its
    // parts.)
    const WHOSE: [&str; 5] = ["project", "product", "프로젝트", "projet", "proyecto"];
    // (And the business's: `## 1. 业务背景与目标`.)
    const WHOSE_UNSPACED: [&str; 5] = ["项目", "本项目", "产品", "プロジェクト", "业务"];
    let label_words = match label_words {
        [first, rest @ ..] if !rest.is_empty() && WHOSE.contains(&first.as_str()) => rest,
        _ => label_words,
    };
    forms.iter().any(|form| {
        (label_words.len() >= form.len()
            && label_words[..form.len()] == form[..]
            && label_words[form.len()..]
                .iter()
                .all(|w| w.chars().all(|c| c.is_ascii_digit())))
            || (label_words.len() == 1
                && form.len() == 1
                && !label_words[0].is_ascii()
                && label_words[0].len() > form[0].len()
                && form[0].chars().any(unspaced_script)
                && label_words[0]
                    .strip_suffix(form[0].as_str())
                    .is_some_and(|head| WHOSE_UNSPACED.contains(&head) || modifies(head)))
            // (The field after a clause saying what is done with it: `### 1.2 解決する課題`,
            // the problems to solve; `要解决的问题`; `해결할 문제`.)
            || matches!((label_words, &form[..]), ([clause, word], [one])
                if word == one && !one.is_ascii() && modifies(clause))
    })
}

/// Whether a word is a clause modifying the noun after it, in Japanese, Chinese or
/// Korean: `解決する`, `解きたい`, `要解决的`, `해결할`, `해결하려는`.
fn modifies(word: &str) -> bool {
    !word.is_ascii()
        && ["する", "したい", "たい", "的", "할", "하려는", "하는"]
            .iter()
            .any(|end| word.len() > end.len() && word.ends_with(end))
}

/// Well-known technologies a spec depends on: languages, frameworks, libraries,
/// datastores, platforms and hosted services, lowercase, as a line's words give them
/// (`Next.js`, `PostgreSQL 15`, `Python/Django`). Names that are also everyday words
/// (`Go`, `Express`, `Spring`, `Room`) are left out: three others name a stack.
const TECHNOLOGIES: &[&str] = &[
    // Languages and runtimes.
    "python",
    "typescript",
    "javascript",
    "golang",
    "java",
    "kotlin",
    "php",
    "ruby",
    "c#",
    "elixir",
    "scala",
    "dart",
    "node.js",
    "nodejs",
    "deno",
    "jvm",
    ".net",
    // Web and app frameworks.
    "react",
    "vue",
    "vue.js",
    "vuejs",
    "angular",
    "svelte",
    "sveltekit",
    "next.js",
    "nextjs",
    "nuxt",
    "nuxt.js",
    "remix",
    "astro",
    "django",
    "flask",
    "fastapi",
    "express.js",
    "nestjs",
    "laravel",
    "symfony",
    "asp.net",
    "blazor",
    "flutter",
    "swiftui",
    "uikit",
    "electron",
    "tauri",
    "actix",
    "axum",
    "tokio",
    "sinatra",
    "streamlit",
    "gradio",
    "htmx",
    "jquery",
    "tailwind",
    "tailwindcss",
    "bootstrap",
    "shadcn",
    "vite",
    "webpack",
    "jetpack",
    "ktor",
    "quarkus",
    "micronaut",
    // Libraries.
    "prisma",
    "sqlalchemy",
    "typeorm",
    "sequelize",
    "drizzle",
    "hibernate",
    "mongoose",
    "celery",
    "sidekiq",
    "bullmq",
    "pydantic",
    "alembic",
    "zod",
    "trpc",
    "graphql",
    "apollo",
    "redux",
    "zustand",
    "axios",
    "retrofit",
    "okhttp",
    "pandas",
    "numpy",
    "pytorch",
    "tensorflow",
    "langchain",
    "langgraph",
    "llamaindex",
    "socket.io",
    "grpc",
    "protobuf",
    "serde",
    "clap",
    "uvicorn",
    "gunicorn",
    "puppeteer",
    "playwright",
    "cypress",
    "selenium",
    "recharts",
    "d3",
    "three.js",
    "fastify",
    "hono",
    "koa",
    "dapper",
    "entityframework",
    "mediatr",
    "automapper",
    "lombok",
    // Datastores and brokers.
    "postgresql",
    "postgres",
    "mysql",
    "mariadb",
    "sqlite",
    "mongodb",
    "redis",
    "elasticsearch",
    "opensearch",
    "cassandra",
    "dynamodb",
    "firestore",
    "supabase",
    "firebase",
    "timescaledb",
    "clickhouse",
    "neo4j",
    "kafka",
    "rabbitmq",
    "nats",
    "memcached",
    "minio",
    "s3",
    "duckdb",
    "pgvector",
    "qdrant",
    "pinecone",
    "chromadb",
    "weaviate",
    "milvus",
    "faiss",
    "influxdb",
    "couchdb",
    "cockroachdb",
    "valkey",
    "sqs",
    "sns",
    "pubsub",
    "mssql",
    // Platforms and infrastructure.
    "docker",
    "kubernetes",
    "k8s",
    "nginx",
    "terraform",
    "aws",
    "gcp",
    "azure",
    "vercel",
    "netlify",
    "heroku",
    "cloudflare",
    "helm",
    "ansible",
    "traefik",
    "caddy",
    "linux",
    "android",
    "ios",
    "wireguard",
    "prometheus",
    "grafana",
    "opentelemetry",
    "datadog",
    "sentry",
    "jenkins",
    // Hosted services and APIs.
    "stripe",
    "twilio",
    "openai",
    "anthropic",
    "claude",
    "gemini",
    "ollama",
    "sendgrid",
    "mailgun",
    "auth0",
    "clerk",
    "cloudinary",
    "okta",
    "keycloak",
    "onesignal",
    "pusher",
    "algolia",
    "mapbox",
    "paypal",
    "telegram",
    "huggingface",
    "bedrock",
    "openrouter",
    "resend",
    "posthog",
];

/// The distinct well-known technologies a line names.
pub(crate) fn technologies_named(text: &str) -> Vec<&'static str> {
    static SET: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    let set = SET.get_or_init(|| TECHNOLOGIES.iter().copied().collect());
    let lower = text.to_lowercase();
    let mut named: Vec<&'static str> = Vec::new();
    for token in lower.split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '#'))) {
        let token = token.trim_end_matches('.');
        if let Some(t) = set.get(token)
            && !named.contains(t)
        {
            named.push(t);
        }
    }
    named
}

/// Whether a heading names nothing but observing the running system: its logs,
/// metrics, traces, alerts and health checks (`## Monitoring & Observability`, `##
/// Monitoramento e Observabilidade`, `## 可観測性（基本）`), no requirement it must meet
/// (`## Performance & Monitoring` is not).
pub(crate) fn only_observes(title: &str) -> bool {
    const CJK: &[&str] = &["可観測性", "可观测性", "監視", "监控", "모니터링", "관측"];
    let words = name_words(&display_name(title));
    let observing = |w: &str| {
        [
            "observab",
            "monitor",
            "metric",
            "telemetr",
            "alert",
            "logging",
            "tracing",
            "dashboard",
        ]
        .iter()
        .any(|p| w.starts_with(p))
            || CJK.iter().any(|c| w.contains(c))
    };
    words.iter().any(|w| observing(w))
        && words.iter().all(|w| {
            observing(w)
                || matches!(
                    w.as_str(),
                    "and"
                        | "e"
                        | "y"
                        | "et"
                        | "und"
                        | "logs"
                        | "health"
                        | "checks"
                        | "basic"
                        | "基本"
                )
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    fn words(text: &str) -> Vec<String> {
        name_words(text)
    }

    #[test]
    fn a_number_with_a_letter_is_numbering() {
        assert_eq!(
            strip_numbering("3a) `debug_health_check`"),
            "`debug_health_check`"
        );
        assert_eq!(strip_numbering("2b. Queue"), "Queue");
        // (Not a word that ends like one, whatever its letters.)
        assert_eq!(strip_numbering("liseré) x"), "liseré) x");
        assert_eq!(strip_numbering("a) Queue"), "a) Queue");
        assert_eq!(strip_numbering("3ab) Queue"), "3ab) Queue");
    }

    #[test]
    fn latin_letters_run_into_cjk_are_a_word_of_their_own() {
        // (Chinese characters in their simplified form: `設計` and `设计` are alike.)
        assert_eq!(words("### API設計"), vec!["api", "设计"]);
        assert_eq!(words("問題陳述"), words("问题陈述"));
        assert_eq!(words("UI测试"), vec!["ui", "测试"]);
        assert_eq!(words("Café Menu"), vec!["café", "menu"]);
        // An English name in brackets after another script's is the name; a path is not.
        assert_eq!(words("사용 시나리오(Use Cases)"), vec!["use", "case"]);
        assert_eq!(
            words("Доменные типы (`internal/trade/`)"),
            vec!["доменные", "типы"]
        );
    }

    #[test]
    fn display_names_drop_numbering_emphasis_and_an_emphasized_remark() {
        assert_eq!(
            display_name("User Scenarios & Testing *(mandatory)*"),
            "User Scenarios & Testing"
        );
        // (A symbol opening the heading is not part of its name, nor the number after it.)
        assert_eq!(display_name("❓ **Q&A**"), "Q&A");
        assert_eq!(display_name("🧩 1. Overview"), "Overview");
        assert_eq!(display_name("⚠️ 9. Error Handling"), "Error Handling");
        assert_eq!(display_name("**3. Data Models**"), "Data Models");
        assert_eq!(
            display_name("Open Questions (deferred)"),
            "Open Questions (deferred)"
        );
        assert_eq!(display_name("*(mandatory)*"), "(mandatory)");
        // A part, chapter or spec numbered by a word, before a dash, colon or dot.
        assert_eq!(
            display_name("Spec 1 — Contexto y Alcance"),
            "Contexto y Alcance"
        );
        assert_eq!(display_name("Part 2: Data Model"), "Data Model");
        assert_eq!(display_name("Capítulo 3. API"), "API");
        // (Not a word before a name: `Section 3 overview` names a section's overview.)
        assert_eq!(display_name("Section 3 overview"), "Section 3 overview");
        assert_eq!(display_name("Spec 1"), "Spec 1");
    }

    #[test]
    fn names_reduce_to_stemmed_words() {
        assert_eq!(
            words("10. Architectural Decisions"),
            vec!["architecture", "decision"]
        );
        assert_eq!(
            words("Non-Functional Requirements"),
            vec!["nonfunctional", "requirement"]
        );
        assert_eq!(
            words("Nonfunctional requirements:"),
            vec!["nonfunctional", "requirement"]
        );
        assert_eq!(
            words("8. Open Questions (deferred to design)"),
            vec!["open", "question"]
        );
        assert_eq!(
            words("Edge Cases & Error Handling"),
            vec!["edge", "case", "error", "handling"]
        );
        assert_eq!(
            words("Major Architectural Choice: ID Filtering Strategy"),
            vec!["architecture", "choice"]
        );
        assert_eq!(words("9. Rollout Plan — 7 Days"), vec!["rollout", "plan"]);
        assert_eq!(words("Pre-conditions"), words("Preconditions"));
        assert_eq!(words("Dependencies"), vec!["dependency"]);
        assert_eq!(words("Testing Strategy"), vec!["test", "strategy"]);
        assert_eq!(words("Status"), vec!["status"]);
        assert_eq!(words("Actor(s)"), vec!["actor"]);
        // A name in another script with its English name in brackets.
        assert_eq!(words("4. 사용 시나리오(Use Cases)"), words("Use Cases"));
        assert_eq!(words("3. 비목표(Non-Goals)"), words("Non-Goals"));
        assert_eq!(words("Open Questions (deferred)"), words("Open Questions"));
    }

    #[test]
    fn field_labels_match_their_variants_and_synonyms() {
        let actor = field_forms("Actor");
        for label in ["Actors", "actor", "Primary Actor", "Actor(s)"] {
            assert!(label_matches(&name_words(label), &actor), "{label}");
        }
        assert!(!label_matches(&name_words("Actor notes"), &actor));
        let output = field_forms("Output");
        assert!(label_matches(&name_words("Response 200"), &output));
        assert!(!label_matches(&name_words("Response headers"), &output));
        assert!(label_matches(
            &name_words("Postcondition"),
            &field_forms("Postconditions")
        ));
        assert!(label_matches(
            &name_words("Success criteria"),
            &field_forms("Goals")
        ));
        // A custom template's field has no synonyms, only its variants.
        assert_eq!(
            field_forms("Owner").to_vec(),
            vec![vec!["owner".to_string()]]
        );
    }
}
