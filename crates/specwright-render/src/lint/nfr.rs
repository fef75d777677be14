//! Non-functional requirements stated as numbers with units: latency in ms or s with p50
//! and p99, throughput as a rate, availability as a percentage, retention as a duration.
//! A requirement without its measure is an error: a spec writer states NFRs measurably.

use super::doc::{Doc, Field, Section};
use super::quality::{OpenQuestions, is_unspecified, value_finding};
use super::syntax::list_item_text;
use super::vocab::{field_forms, normalize};
use super::{Finding, error, warning};

pub(crate) const NFR: &str = "Non-Functional Requirements";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Measure {
    Latency,
    Throughput,
    Availability,
    Retention,
}

/// The requirements this module measures, by label.
const MEASURED: [(&str, Measure); 4] = [
    ("Latency", Measure::Latency),
    ("Throughput", Measure::Throughput),
    ("Availability", Measure::Availability),
    ("Data retention", Measure::Retention),
];

impl Measure {
    fn of(label: &str) -> Option<Measure> {
        let key = normalize(label);
        MEASURED
            .iter()
            .find(|(l, _)| normalize(l) == key)
            .map(|(_, m)| *m)
    }

    /// Words that name the requirement in a sentence (`Target p95 latency < 300 ms`).
    fn keywords(self) -> &'static [&'static str] {
        // Also in the languages specs here were found written in (`Время ответа (p95):
        // <5 секунд`, `История ... хранится ... 7 дней`), and in Portuguese, Italian,
        // Ukrainian, Turkish, Polish, Dutch, Vietnamese and Indonesian; so are the units.
        match self {
            Measure::Latency => &[
                "latency",
                // A percentile is of a time (`API p95 under 300ms for catalog reads`).
                "p50",
                "p90",
                "p95",
                "p99",
                "response time",
                // (A response within a time: `API responses under 200 ms`, `Risposta API <
                // 200ms`.)
                "response",
                "responses",
                "risposta",
                "respuesta",
                "réponse",
                "resposta",
                "processing time",
                "start time",
                "startup time",
                "load time",
                "time to first",
                // (The time of one, not a round trip of data: `Round-trip guarantee:
                // export -> import -> export produces identical data`.)
                "round trip time",
                "round-trip time",
                "round-trip latency",
                "время ответа",
                "latenz",
                "antwortzeit",
                "latencia",
                "tiempo de respuesta",
                "latence",
                "temps de réponse",
                "响应时间",
                "延迟",
                // (Traditional Chinese and Japanese: `驗證延遲`, `遅延時間`; not `遅延読み込み`,
                // lazy loading.)
                "響應時間",
                "延遲",
                "遅延時間",
                "応答時間",
                // (`### レスポンス時間目標`.)
                "レスポンス時間",
                "レスポンスタイム",
                "レイテンシ",
                "응답 시간",
                "tempo de resposta",
                "latência",
                "tempo di risposta",
                "latenza",
                "час відповіді",
                "затримка",
                "yanıt süresi",
                "cevap süresi",
                "gecikme",
                "czas odpowiedzi",
                "opóźnienie",
                "doba odezvy",
                "latence",
                "responstijd",
                "thời gian phản hồi",
                "độ trễ",
                "waktu respons",
                "latensi",
            ],
            Measure::Throughput => &[
                "throughput",
                "requests per second",
                "rps",
                "qps",
                "пропускная способность",
                "durchsatz",
                "débit",
                "吞吐",
                "スループット",
                "처리량",
                "vazão",
                "пропускна здатність",
                "verim",
                "işlem hacmi",
                "przepustowość",
                "propustnost",
                "doorvoer",
                "thông lượng",
            ],
            Measure::Availability => &[
                "availability",
                "uptime",
                "sla",
                "доступность",
                "verfügbarkeit",
                "disponibilidad",
                "disponibilité",
                "可用性",
                "가용성",
                "disponibilidade",
                "disponibilità",
                "доступність",
                "çalışma süresi",
                "dostępność",
                "dostupnost",
                "beschikbaarheid",
                "tính sẵn sàng",
                "ketersediaan",
            ],
            Measure::Retention => &[
                "retention",
                "retained",
                // (`No user data persisted`, `### Data Persistence`.)
                "data persisted",
                "data persistence",
                "kept for",
                "deleted after",
                "хранится",
                "хранятся",
                "хранение",
                "aufbewahrung",
                "retención",
                "conservation",
                "保留",
                "保存期間",
                "保持期間",
                "データ保持",
                "보관",
                "보존",
                "retenção",
                "conservazione",
                "зберігання",
                "saklama",
                "przechowywanie",
                "uchování dat",
                "doba uchování",
                "bewaartermijn",
                "lưu trữ",
                "retensi",
            ],
        }
    }

    /// What a stated value lacks, and how to state it.
    fn expectation(self) -> (&'static str, &'static str) {
        match self {
            Measure::Latency => (
                "a number with a time unit (ms or s)",
                "State p50 and p99 targets with units, e.g. `p50 < 20 ms, p99 < 100 ms`.",
            ),
            Measure::Throughput => (
                "a rate (a number per second or per minute)",
                "State a rate with its unit, e.g. `2,000 requests/s` or `300 req/min`.",
            ),
            Measure::Availability => (
                "a percentage",
                "State the SLA as a percentage, e.g. `99.9%` (three nines).",
            ),
            Measure::Retention => (
                "a duration",
                "State how long data is kept, e.g. `90 days` or `7 years`, or `indefinitely`.",
            ),
        }
    }

    fn is_met(self, tokens: &[Token]) -> bool {
        match self {
            // Or a budget relative to the work it adds to (`overhead must not exceed 5%
            // of request processing time`).
            Measure::Latency => {
                numbers(tokens).any(|i| unit_in(tokens, i, TIME))
                    // (A bound in words: `Sub-millisecond latency`.)
                    || ["millisecond", "second", "microsecond"]
                        .iter()
                        .any(|unit| has_phrase(tokens, &["sub", unit]))
                    || tokens.iter().any(|t| {
                        matches!(t, Token::Word(w) if matches!(w.as_str(), "submillisecond" | "subsecond"))
                    })
                    || (numbers(tokens).any(|i| matches!(tokens.get(i + 1), Some(Token::Sym('%'))))
                        && tokens
                            .iter()
                            .any(|t| matches!(t, Token::Word(w) if w == "overhead" || w == "time")))
            }
            Measure::Throughput => numbers(tokens).any(|i| is_rate(tokens, i)),
            Measure::Availability => {
                numbers(tokens).any(|i| {
                    matches!(tokens.get(i + 1), Some(Token::Sym('%')))
                        // (Written before the number in Turkish: `%99,9`.)
                        || (i > 0 && tokens[i - 1] == Token::Sym('%'))
                        || unit_in(tokens, i, &["percent"])
                }) || tokens.windows(2).any(|w| {
                    matches!(&w[1], Token::Word(n) if n == "nines")
                        && match &w[0] {
                            Token::Number => true,
                            Token::Word(w) => {
                                matches!(w.as_str(), "two" | "three" | "four" | "five" | "six")
                            }
                            Token::Sym(_) => false,
                        }
                })
            }
            Measure::Retention => {
                numbers(tokens).any(|i| unit_in(tokens, i, DURATION))
                    || tokens.iter().any(|t| {
                        matches!(t, Token::Word(w)
                            if matches!(w.as_str(), "indefinitely" | "forever" | "permanently")
                                // (Kept for good in Chinese, Japanese and Korean: `永久`,
                                // `無期限`, `영구`.)
                                || ["永久", "無期限", "无期限", "영구"].iter().any(|k| w.contains(k)))
                    })
                    || has_phrase(tokens, &["not", "stored"])
                    || has_phrase(tokens, &["not", "persisted"])
                    || has_phrase(tokens, &["never", "stored"])
                    || has_phrase(tokens, &["never", "persisted"])
                    || has_phrase(tokens, &["nothing", "is", "stored"])
                    || has_phrase(tokens, &["not", "retained"])
                    // Bound to an event: `until the member closes the account`.
                    || has_phrase(tokens, &["until"])
                    || has_phrase(tokens, &["never", "retained"])
                    || has_phrase(tokens, &["no", "data", "is", "retained"])
                    // Kept only while the app runs: `Data cleared on app termination`,
                    // `In-memory only (session-based)`.
                    || negated_keeping(tokens)
                    || has_phrase(tokens, &["cleared", "on"])
                    || has_phrase(tokens, &["in-memory", "only"])
                    || has_phrase(tokens, &["in", "memory", "only"])
            }
        }
    }
}

const TIME: &[&str] = &[
    "ns",
    "µs",
    "μs",
    "us",
    "microsecond",
    "microseconds",
    "ms",
    "msec",
    "msecs",
    "millisecond",
    "milliseconds",
    "s",
    "sec",
    "secs",
    "second",
    "seconds",
    "min",
    "mins",
    "minute",
    "minutes",
    // (A long run's: `Training round completion < 1 hour`.)
    "h",
    "hr",
    "hour",
    "hours",
    // Other languages' seconds, milliseconds and minutes.
    "мс",
    "сек",
    "секунда",
    "секунды",
    "секунд",
    "миллисекунд",
    "минута",
    "минуты",
    "минут",
    "sekunde",
    "sekunden",
    "millisekunden",
    "segundo",
    "segundos",
    "milisegundos",
    "seconde",
    "secondes",
    "millisecondes",
    "秒",
    "毫秒",
    "ミリ秒",
    // (Minutes: `推送延迟 p95 < 5 分钟`, `5分以内`, `5분`.)
    "分钟",
    "分",
    "초",
    "밀리초",
    "분",
    "milissegundos",
    "millisecondi",
    "secondi",
    "мілісекунд",
    "секунди",
    "секунд",
    "milisaniye",
    "saniye",
    "dakika",
    "milisekund",
    "sekund",
    "sekundy",
    "milliseconden",
    "seconden",
    "mili giây",
    "giây",
    "milidetik",
    "detik",
];

/// What is done with data when its time is up, or until then.
const KEPT_OR_DELETED: &[&str] = &[
    "deleted", "purged", "removed", "erased", "kept", "stored", "archived", "expire", "expires",
];

/// Words of a heading over performance targets, where a time bound is a latency.
const PERFORMANCE: &[&str] = &[
    "performance",
    "speed",
    "responsiveness",
    "производительность",
    "leistung",
    "rendimiento",
    "desempeño",
    "desempenho",
    "prestazioni",
    "продуктивність",
    "performans",
    "wydajność",
    "prestaties",
    "hiệu năng",
    "kinerja",
    "性能",
    "성능",
    "パフォーマンス",
];

const RATE_PERIOD: &[&str] = &[
    "s",
    "sec",
    "second",
    "min",
    "minute",
    "h",
    "hr",
    "hour",
    "d",
    "day",
    "night",
    // The same in Chinese, Japanese and Korean: `5-10/租户/分钟`, `100/秒`.
    "秒",
    "分钟",
    "分",
    "小时",
    "時間",
    "天",
    "日",
    "초",
    "분",
    "시간",
    // And in European languages: `500 documentos/hora`, `20 requêtes/seconde`.
    "segundo",
    "seconde",
    "sekunde",
    "secondo",
    "minuto",
    "minuten",
    "hora",
    "heure",
    "stunde",
    "ora",
    "día",
    "dia",
    "jour",
    "tag",
    "giorno",
    "сек",
    "секунду",
    "минуту",
    "час",
    "день",
    // (Czech, Slovak and Polish: `20 výpožičiek za sekundu`, `100 zapytań na sekundę`.)
    "sekundu",
    "sekundę",
    "minutu",
    "minútu",
    "minutę",
    "hodinu",
    "godzinę",
    "den",
    "deň",
    "dzień",
];

// (Also bits and frames per second: `1.5 Gbps`, `VGA 11fps`.)
const RATE_WORDS: &[&str] = &[
    "rps", "qps", "tps", "rpm", "rph", "bps", "kbps", "mbps", "gbps", "fps",
];

const DURATION: &[&str] = &[
    "minute",
    "minutes",
    "hour",
    "hours",
    "h",
    "day",
    "days",
    "d",
    "week",
    "weeks",
    "month",
    "months",
    "year",
    "years",
    "yr",
    "yrs",
    "y",
    // The same in other languages.
    "час",
    "часа",
    "часов",
    "день",
    "дня",
    "дней",
    "недели",
    "недель",
    "месяца",
    "месяцев",
    "год",
    "года",
    "лет",
    "stunden",
    "tag",
    "tage",
    "tagen",
    "woche",
    "wochen",
    "monat",
    "monate",
    "monaten",
    "jahr",
    "jahre",
    "jahren",
    "horas",
    "día",
    "días",
    "semanas",
    "mes",
    "meses",
    "año",
    "años",
    "heures",
    "jour",
    "jours",
    "semaines",
    "mois",
    "ans",
    "天",
    "日",
    "일",
    "년",
    // (Chinese and Japanese years and months: `保留 3 年`, `6 个月`, `3ヶ月`.)
    "年",
    "个月",
    "ヶ月",
    "か月",
    "年間",
    "dias",
    "anos",
    "semanas",
    "giorni",
    "mesi",
    "anni",
    "днів",
    "місяців",
    "років",
    "gün",
    "ay",
    "yıl",
    "dni",
    "miesięcy",
    "lat",
    // (Czech: `2 roky`, `30 dní`, `6 měsíců`.)
    "dní",
    "dny",
    "den",
    "týdny",
    "týdnů",
    "měsíce",
    "měsíců",
    "rok",
    "roky",
    "let",
    "dagen",
    "maanden",
    "jaar",
    "ngày",
    "tháng",
    "năm",
    "hari",
    "bulan",
    "tahun",
];

/// A multiplier between a number and its unit: `10k rps`, `2 million requests/day`.
const MULTIPLIERS: &[&str] = &["k", "m", "thousand", "million", "billion", "bn"];

#[derive(Debug, PartialEq)]
enum Token {
    Number,
    Word(String),
    Sym(char),
}

/// Numbers, words (`p99.9` is one word) and the symbols `%` and `/`, lowercased.
fn tokenize(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.to_lowercase().chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    let digit_at = |i: usize| chars.get(i).is_some_and(char::is_ascii_digit);
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            while i < chars.len()
                && (chars[i].is_ascii_digit() || (matches!(chars[i], '.' | ',') && digit_at(i + 1)))
            {
                i += 1;
            }
            tokens.push(Token::Number);
        } else if c.is_alphabetic() {
            let start = i;
            // (A word ends where the script changes: `ms以内` is `ms`, `以内`.)
            let cjk = super::vocab::is_cjk(c);
            while i < chars.len()
                && (chars[i].is_alphanumeric() || (chars[i] == '.' && digit_at(i + 1)))
                && super::vocab::is_cjk(chars[i]) == cjk
            {
                i += 1;
            }
            tokens.push(Token::Word(chars[start..i].iter().collect()));
        } else {
            if matches!(c, '%' | '/') {
                tokens.push(Token::Sym(c));
            }
            i += 1;
        }
    }
    tokens
}

fn numbers(tokens: &[Token]) -> impl Iterator<Item = usize> + '_ {
    tokens
        .iter()
        .enumerate()
        .filter(|(_, t)| **t == Token::Number)
        .map(|(i, _)| i)
}

fn word(tokens: &[Token], i: usize) -> Option<&str> {
    match tokens.get(i) {
        Some(Token::Word(w)) => Some(w),
        _ => None,
    }
}

/// The index of the unit after the number at `i`, past a multiplier.
fn unit_index(tokens: &[Token], i: usize) -> usize {
    match (word(tokens, i + 1), word(tokens, i + 2)) {
        (Some(m), Some(_)) if MULTIPLIERS.contains(&m) => i + 2,
        _ => i + 1,
    }
}

fn unit_in(tokens: &[Token], i: usize, units: &[&str]) -> bool {
    word(tokens, unit_index(tokens, i)).is_some_and(|u| {
        units.contains(&u)
            // Scripts written without spaces run the unit into what follows
            // (`2秒以内に完了`, `100ms以内`).
            || (u.starts_with(super::vocab::is_cjk)
                && units
                    .iter()
                    .any(|x| x.starts_with(super::vocab::is_cjk) && u.starts_with(x)))
    })
}

/// A number followed, before the next number, by `/s`, `per minute`, `rps` and the like,
/// or by `in` / `within` and a duration (`200,000 invoices within 30 minutes`).
fn is_rate(tokens: &[Token], i: usize) -> bool {
    let mut j = i + 1;
    while j < tokens.len() && j <= i + 6 {
        match &tokens[j] {
            Token::Number => return false,
            _ if names_rate_unit(tokens, j) => return true,
            Token::Word(w)
                if matches!(w.as_str(), "in" | "within" | "every")
                    && tokens.get(j + 1) == Some(&Token::Number)
                    && unit_in(tokens, j + 1, DURATION) =>
            {
                return true;
            }
            _ => {}
        }
        j += 1;
    }
    false
}

/// Whether a rate's unit starts at `tokens[j]`: `/s`, `rps`, `per minute`, `a day`.
fn names_rate_unit(tokens: &[Token], j: usize) -> bool {
    let period = || word(tokens, j + 1).is_some_and(|w| RATE_PERIOD.contains(&w));
    match &tokens[j] {
        Token::Sym('/') => period(),
        Token::Word(w) if RATE_WORDS.contains(&w.as_str()) => true,
        // (Also `50 richieste al secondo`, `100 solicitudes por segundo`, `20 requêtes par
        // seconde`, `10 Anfragen pro Sekunde`, `20 výpožičiek za sekundu`, `100 zapytań na
        // sekundę`, `500 запросов в секунду`.)
        Token::Word(w) => {
            matches!(
                w.as_str(),
                "per" | "a" | "each" | "every" | "al" | "por" | "par" | "pro" | "za" | "na" | "в"
            ) && period()
        }
        _ => false,
    }
}

/// A rate named before its number (`| Messages/second | 100-1000+ |`, `Requests per
/// second: 500`): the unit heads the value.
fn rate_before_number(tokens: &[Token]) -> bool {
    numbers(tokens)
        .next()
        // (Not `a day`: before a number it is a span, `within a day: 5`.)
        .is_some_and(|first| {
            (0..first).any(|j| word(tokens, j) != Some("a") && names_rate_unit(tokens, j))
        })
}

fn has_phrase(tokens: &[Token], phrase: &[&str]) -> bool {
    tokens.windows(phrase.len()).any(|w| {
        w.iter()
            .zip(phrase)
            .all(|(t, p)| matches!(t, Token::Word(x) if x == p))
    })
}

/// Whether the words say no data is kept: `No user data persisted`, `no personal data is
/// stored` (`no`, at most one word, `data`, then the verb; not `No accounts. All data
/// stored locally`).
fn negated_keeping(tokens: &[Token]) -> bool {
    let word = |i: usize| match tokens.get(i) {
        Some(Token::Word(w)) => w.as_str(),
        _ => "",
    };
    (0..tokens.len()).any(|i| {
        if !matches!(word(i), "persisted" | "stored" | "retained" | "kept") {
            return false;
        }
        let mut j = i;
        while j > 0 && matches!(word(j - 1), "is" | "are" | "being" | "ever") {
            j -= 1;
        }
        j >= 2 && word(j - 1) == "data" && (word(j - 2) == "no" || (j >= 3 && word(j - 3) == "no"))
    })
}

/// Whether a requirement's value says there is none to meet: `None: a tool run by hand`,
/// `N/A`, `No uptime requirements`, `No concurrent user requirements` (`no`, at most three
/// words, then a requirement, target, guarantee or SLA).
fn waived(tokens: &[Token]) -> bool {
    let word = |i: usize| match tokens.get(i) {
        Some(Token::Word(w)) => w.as_str(),
        _ => "",
    };
    if word(0) == "none"
        || (word(0) == "n" && matches!(tokens.get(1), Some(Token::Sym('/'))) && word(2) == "a")
        || (word(0) == "not" && word(1) == "applicable")
    {
        return true;
    }
    (0..tokens.len()).any(|i| {
        word(i) == "no"
            && (i + 1..=i + 4).any(|j| {
                matches!(
                    word(j),
                    "requirement" | "requirements" | "target" | "targets" | "guarantee" | "sla"
                )
            })
    })
}

/// Which of p50 and p99 a latency leaves out.
fn missing_percentiles(value: &str) -> Vec<&'static str> {
    let lower = value.to_lowercase();
    let tokens = tokenize(value);
    let has_word =
        |f: &dyn Fn(&str) -> bool| tokens.iter().any(|t| matches!(t, Token::Word(w) if f(w)));
    let mut missing = Vec::new();
    if !(has_word(&|w| w == "p50" || w == "median") || lower.contains("50th percentile")) {
        missing.push("p50");
    }
    if !(has_word(&|w| w.starts_with("p99") || w == "p999") || lower.contains("99th percentile")) {
        missing.push("p99");
    }
    missing
}

/// The labels this module checks, so the generic field check leaves them alone.
/// Whether a text states a measured target: a time (`within 10 seconds`, `< 100ms`) or
/// a rate (`1,000 requests per second`).
pub(crate) fn states_a_target(text: &str) -> bool {
    let tokens = tokenize(text);
    Measure::Latency.is_met(&tokens) || Measure::Throughput.is_met(&tokens)
}

pub(crate) fn measured_labels() -> Vec<&'static str> {
    MEASURED.iter().map(|(l, _)| *l).collect()
}

/// Checks each measured requirement the template's section shows. A requirement not
/// given as a field may be stated in a sentence of the section that names it.
pub(crate) fn check(
    doc: &Doc,
    section: &Section,
    owner: &str,
    labels: &[String],
    questions: &OpenQuestions,
    out: &mut Vec<Finding>,
) {
    for label in labels {
        let Some(measure) = Measure::of(label) else {
            continue;
        };
        let (expected, hint) = measure.expectation();
        let field = doc
            .field(section.body.clone(), &field_forms(label))
            .or_else(|| stated_in_prose(doc, section.body.clone(), measure))
            .or_else(|| latency_table_row(doc, section, measure));
        let Some(field) = field else {
            // Stated with its measure elsewhere in the spec (`System Uptime: 99.9%
            // availability` under `## Success Metrics`): there, out of place.
            if stated_in_prose(doc, 0..doc.lines.len(), measure)
                .is_some_and(|f| measure.is_met(&tokenize(&f.value)))
            {
                continue;
            }
            out.push(error(
                section.line,
                "nfr-missing",
                format!("{owner} has no **{label}**"),
                hint,
            ));
            continue;
        };
        let tokens = tokenize(&field.value);
        // (In the section, a row may name the rate before its number: `| Messages/second
        // | 100-1000+ |`. Elsewhere, a setting's row is no requirement: `| RATE_MAX |
        // 1000 | Max new IPs per second |`.)
        let rate_first = measure == Measure::Throughput && rate_before_number(&tokens);
        if !measure.is_met(&tokens) && !rate_first && !waived(&tokens) {
            // "Not specified" while an open question tracks it is the one acceptable gap.
            if is_unspecified(&field.value) && questions.tracking(&[label]).is_some() {
                out.push(value_finding(field.line, label, &field.value, questions));
                continue;
            }
            let message = if field.value.is_empty() {
                format!("**{label}** is empty; it needs {expected}")
            } else {
                format!("**{label}** is not stated as {expected}")
            };
            out.push(error(field.line, "nfr-unmeasured", message, hint));
            continue;
        }
        if measure == Measure::Latency {
            // The other latency lines of the section count too (`| POST Latency (p50) |
            // <50ms |` then `| POST Latency (p99) | <200ms |`), and so do lines naming a
            // percentile of a time whatever they call it (`- Computation p50: 80 ms`
            // then `- Computation p99: 1,200 ms`).
            let mut stated = field.value.clone();
            for l in doc.lines[section.body.clone()].iter().filter(|l| !l.hidden) {
                let lower = l.prose.to_lowercase();
                let percentile = || {
                    lower.contains("percentile")
                        || lower
                            .split(|c: char| !c.is_alphanumeric())
                            .any(|w| matches!(w, "p50" | "p99" | "p999" | "median"))
                };
                if lower.contains("latency") || lower.contains("response time") || percentile() {
                    stated.push(' ');
                    stated.push_str(&l.prose);
                }
            }
            // A row's columns may name them (`| Operation | Target (p50) | Target (p99)
            // |` over `| Search | 50ms | 200ms |`): its table's header counts too.
            if let Some(header) = table_header_above(doc, field.line) {
                stated.push(' ');
                stated.push_str(header);
            }
            let missing = missing_percentiles(&stated);
            if !missing.is_empty() {
                out.push(warning(
                    field.line,
                    "nfr-percentiles",
                    format!("**{label}** gives no {} target", missing.join(" or ")),
                    hint,
                ));
            }
        }
    }
}

/// The header of the table a line (numbered from 1) is a row of, if it is one.
fn table_header_above(doc: &Doc, number: usize) -> Option<&str> {
    let is_row = |i: usize| {
        doc.lines
            .get(i)
            .is_some_and(|l| !l.hidden && l.prose.trim_start().starts_with('|'))
    };
    let mut at = number.checked_sub(1).filter(|&i| is_row(i))?;
    while at > 0 && is_row(at - 1) {
        at -= 1;
    }
    Some(&doc.lines[at].prose)
}

/// Whether words (spaced, lowercase) name the availability of the service, not of a
/// thing in it: `Cache username availability checks` and `room availability` ask
/// whether a name or a room is free.
fn service_availability(spaced: &str) -> bool {
    const THINGS: &[&str] = &[
        "username",
        "name",
        "email",
        "domain",
        "slot",
        "slots",
        "room",
        "rooms",
        "seat",
        "seats",
        "stock",
        "inventory",
        "product",
        "item",
        "appointment",
        "table",
        "driver",
        "doctor",
    ];
    const ASKING: &[&str] = &["check", "checks", "checking", "lookup", "lookups"];
    spaced.match_indices(" availability ").any(|(at, m)| {
        let before = spaced[..at].rsplit(' ').next().unwrap_or("");
        let after = spaced[at + m.len()..].split(' ').next().unwrap_or("");
        !THINGS.contains(&before) && !ASKING.contains(&after)
    })
}

/// The paragraph or list item of the section whose words name the requirement: the
/// first that states it with its measure, else the first that names it. (A requirement
/// wrapped over lines, `... latency thresholds ... target MUST be <250ms.`, is one
/// statement.)
fn stated_in_prose(doc: &Doc, body: std::ops::Range<usize>, measure: Measure) -> Option<Field> {
    // Words of scripts written without spaces are found inside longer runs.
    // (Not a delay in loading: `延迟加载`, lazy loading, is no latency.)
    // (`spaced`: the text's words, spaced, made once for several lists.)
    let has_in = |text: &str, spaced: &str, words: &[&str]| {
        words.iter().any(|k| {
            (if *k == "availability" {
                service_availability(spaced)
            } else {
                // (A whole word or phrase, found without building ` {k} ` for each.)
                spaced.match_indices(k).any(|(at, _)| {
                    spaced[..at].ends_with(' ') && spaced[at + k.len()..].starts_with(' ')
                })
            }) || (k.chars().any(super::vocab::unspaced_script)
                && text.match_indices(k).any(|(at, _)| {
                    let after = &text[at + k.len()..];
                    !["加载", "加載", "載入", "读取"]
                        .iter()
                        .any(|l| after.starts_with(l))
                }))
        })
    };
    let has = |text: &str, words: &[&str]| has_in(text, &format!(" {} ", words_of(text)), words);
    // Each statement, and whether the heading over it names the requirement (`####
    // Пропускная способность`) or, for latency, performance (`#### NFR-1: Performance`,
    // then `- Login: < 30 seconds`).
    let mut statements: Vec<(Field, bool)> = Vec::new();
    let mut open = false;
    let names_it = |title: &str| {
        has(title, measure.keywords()) || (measure == Measure::Latency && has(title, PERFORMANCE))
    };
    // The section's own heading naming the requirement (`## Evaluation And Latency
    // Gates`) names it for all its parts (`### Gates`, then `- p95 under 75 ms on 10k
    // rows`). (Not one naming performance: a `## Performance` section holds cache TTLs.)
    let whole = body
        .start
        .checked_sub(1)
        .and_then(|h| doc.lines[h].heading.as_ref())
        .is_some_and(|(_, title)| has(title, measure.keywords()));
    // Its targets under a section named for performance do (`## Performance
    // Optimization`, then `### Target Metrics` with `- **Page Load**: <2s (p95)`).
    let performance = measure == Measure::Latency
        && body
            .start
            .checked_sub(1)
            .and_then(|h| doc.lines[h].heading.as_ref())
            .is_some_and(|(_, title)| has(title, PERFORMANCE));
    let mut headed = whole;
    for l in &doc.lines[body] {
        let text = l.text.trim();
        if let Some((_, title)) = l.heading.as_ref().filter(|_| !l.hidden) {
            headed = whole
                || names_it(title)
                || (performance
                    && has(
                        title,
                        &[
                            "target", "targets", "metrics", "goals", "slo", "slos", "budget",
                            "budgets",
                        ],
                    ));
        }
        if l.hidden || l.heading.is_some() || text.is_empty() {
            open = false;
            continue;
        }
        // A table's row is a statement of its own (`| Reliability | Available 99% of
        // the time |`).
        if text.starts_with('|') {
            if !super::syntax::is_delimiter_row(text) {
                statements.push((
                    Field {
                        line: l.number,
                        value: l.prose.trim().to_string(),
                    },
                    headed,
                ));
            }
            open = false;
            continue;
        }
        let starts_item = list_item_text(text).is_some() || text.starts_with("**");
        match statements.last_mut() {
            Some((last, _)) if open && !starts_item => {
                last.value.push(' ');
                last.value.push_str(l.prose.trim());
            }
            _ => statements.push((
                Field {
                    line: l.number,
                    value: l.prose.trim().to_string(),
                },
                headed,
            )),
        }
        open = true;
    }
    // A response is a latency when it is timed or said to be fast (`API responses under
    // 200 ms`, `responses should feel instant`), not as a format or its compression
    // (`Consistent response formats`, `**Response Compression** with gzip`). (These are
    // the latency's key words that name a response.)
    const RESPONSE: [&str; 6] = [
        "response",
        "responses",
        "risposta",
        "respuesta",
        "réponse",
        "resposta",
    ];
    const SPEED: [&str; 16] = [
        "fast",
        "faster",
        "quick",
        "quickly",
        "slow",
        "slower",
        "instant",
        "instantly",
        "immediate",
        "immediately",
        "snappy",
        "time",
        "times",
        "within",
        "under",
        "below",
    ];
    let other: Vec<&str> = measure
        .keywords()
        .iter()
        .copied()
        .filter(|k| !RESPONSE.contains(k))
        .collect();
    let names_by_keyword = |value: &str| {
        if measure != Measure::Latency {
            return has(value, measure.keywords());
        }
        let spaced = format!(" {} ", words_of(value));
        has_in(value, &spaced, &other)
            || (has_in(value, &spaced, &RESPONSE)
                && (has_in(value, &spaced, &SPEED)
                    || (value.bytes().any(|b| b.is_ascii_digit())
                        && measure.is_met(&tokenize(value)))))
    };
    // Under a heading of performance, or beside the word (`| Speed | Under 2 seconds on
    // a phone |`), only a time bound is a latency.
    let names = |(f, headed): &(Field, bool)| {
        // (Users coming back are no data kept: `Day 7 retention` under `### Retention`.)
        if measure == Measure::Retention && user_retention(&f.value) {
            return false;
        }
        names_by_keyword(&f.value)
            // `Available` names the availability with its percentage (`available 99.9%
            // of the month`), not alone (`Verify available disk space`).
            || (measure == Measure::Availability
                && has(&f.value, &["available"])
                && measure.is_met(&tokenize(&f.value)))
            || (measure == Measure::Latency
                && has(&f.value, PERFORMANCE)
                && measure.is_met(&tokenize(&f.value)))
            // Data deleted, kept or archived after a time is a retention (`Sign-ups are
            // deleted 12 months after their slot`).
            || (measure == Measure::Retention
                && has(&f.value, KEPT_OR_DELETED)
                && measure.is_met(&tokenize(&f.value)))
            || (*headed
                && (measure != Measure::Latency
                    || names_by_keyword(&f.value)
                    || measure.is_met(&tokenize(&f.value))))
    };
    // A rate is a throughput whatever it is called (`Can process 10,000 lines/sec`).
    let rate = (measure == Measure::Throughput)
        .then(|| {
            statements
                .iter()
                .map(|(f, _)| f)
                .find(|f| measure.is_met(&tokenize(&f.value)))
                .map(|f| Field {
                    line: f.line,
                    value: f.value.clone(),
                })
        })
        .flatten();
    let mut naming = statements.into_iter().filter(names).peekable();
    let first = naming.peek().map(|(f, _)| Field {
        line: f.line,
        value: f.value.clone(),
    });
    naming
        .find(|(f, headed)| {
            let tokens = tokenize(&f.value);
            measure.is_met(&tokens)
                // (Under its heading, a row may name the rate first: `#### Throughput`
                // over `| Messages/second | 100-1000+ |`.)
                || (*headed && measure == Measure::Throughput && rate_before_number(&tokens))
        })
        .map(|(f, _)| f)
        .or(rate)
        .or(first)
}

/// A row of a table of latency targets (`| Operation | Target |`, `| Load | <500ms |`):
/// the latency given per operation rather than as one field.
fn latency_table_row(doc: &Doc, section: &Section, measure: Measure) -> Option<Field> {
    if measure != Measure::Latency {
        return None;
    }
    let mut header = String::new();
    let lines = &doc.lines[section.body.clone()];
    for (k, l) in lines.iter().enumerate() {
        if l.hidden || !l.text.trim_start().starts_with('|') {
            header.clear();
            continue;
        }
        if lines
            .get(k + 1)
            .is_some_and(|n| super::syntax::is_delimiter_row(&n.text))
        {
            header = words_of(&l.prose);
            continue;
        }
        let names_time = [
            "target",
            "latency",
            "response time",
            "p50",
            "p95",
            "p99",
            "duration",
        ]
        .iter()
        .any(|w| format!(" {header} ").contains(&format!(" {w} ")));
        if names_time && measure.is_met(&tokenize(&l.prose)) {
            return Some(Field {
                line: l.number,
                value: l.prose.trim().to_string(),
            });
        }
    }
    None
}

/// Lowercase words separated by single spaces.
/// Whether a text speaks of retention only as users coming back, a product metric (`Day
/// 7 retention`, `user retention`, `retention rate`), not as data kept: every
/// `retention` in it has a user, a day or a rate beside it.
pub(crate) fn user_retention(text: &str) -> bool {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut any = false;
    for (k, w) in words.iter().enumerate() {
        if *w != "retention" {
            continue;
        }
        any = true;
        let before = k.checked_sub(1).map(|b| words[b]);
        let after = words.get(k + 1).copied();
        // (`Day 7 retention`: a day's number before it; `30 day retention` is a duration.)
        let numbered_day = before.is_some_and(|b| b.chars().all(|c| c.is_ascii_digit()))
            && k.checked_sub(2)
                .is_some_and(|b| matches!(words[b], "day" | "week" | "month"));
        let of_users = numbered_day
            || before.is_some_and(|b| {
                matches!(
                    b,
                    "d1" | "d7"
                        | "d30"
                        | "user"
                        | "users"
                        | "customer"
                        | "customers"
                        | "player"
                        | "players"
                        | "cohort"
                        | "subscriber"
                        | "member"
                )
            })
            || after.is_some_and(|a| {
                matches!(
                    a,
                    "rate" | "rates" | "curve" | "curves" | "cohort" | "cohorts"
                )
            });
        if !of_users {
            return false;
        }
    }
    any
}

fn words_of(text: &str) -> String {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn met(measure: Measure, text: &str) -> bool {
        measure.is_met(&tokenize(text))
    }

    #[test]
    fn latency_needs_a_time_unit() {
        assert!(met(Measure::Latency, "p50 &lt; 0.2 ms, p99 &lt; 1 ms"));
        assert!(met(Measure::Latency, "p99 under 1s"));
        assert!(met(Measure::Latency, "p99 200 µs"));
        assert!(!met(Measure::Latency, "{p50, p99 targets}"));
        assert!(!met(Measure::Latency, "low, p99 matters"));
        assert!(!met(Measure::Latency, "HTTP/2 status"));
        assert_eq!(
            missing_percentiles("p50 20 ms, p99.9 80 ms"),
            Vec::<&str>::new()
        );
        assert_eq!(
            missing_percentiles("median 20 ms, 99th percentile 80 ms"),
            Vec::<&str>::new()
        );
        assert_eq!(missing_percentiles("under 1 ms"), vec!["p50", "p99"]);
        assert_eq!(missing_percentiles("p95 1 ms"), vec!["p50", "p99"]);
    }

    #[test]
    fn throughput_needs_a_rate() {
        assert!(met(Measure::Throughput, "50,000 requests/s per node"));
        assert!(met(
            Measure::Throughput,
            "2000 redirects per second at peak"
        ));
        assert!(met(Measure::Throughput, "10k rps"));
        assert!(met(Measure::Throughput, "300 req/min"));
        assert!(met(
            Measure::Throughput,
            "200,000 invoices within 30 minutes"
        ));
        assert!(!met(Measure::Throughput, "{requests/sec}"));
        assert!(!met(Measure::Throughput, "high"));
        assert!(!met(Measure::Throughput, "10,000 users"));
    }

    #[test]
    fn availability_needs_a_percentage() {
        assert!(met(Measure::Availability, "99.95%"));
        assert!(met(Measure::Availability, "99.9 percent monthly"));
        assert!(met(Measure::Availability, "three nines"));
        assert!(!met(Measure::Availability, "{SLA}"));
        assert!(!met(Measure::Availability, "high, 24/7"));
    }

    #[test]
    fn users_coming_back_are_no_data_retention() {
        assert!(user_retention("- Day 7 retention above 40%"));
        assert!(user_retention("User retention and retention rate"));
        assert!(user_retention("D30 retention"));
        assert!(!user_retention("Audit logs: 1 year retention"));
        assert!(!user_retention(
            "Retention: 90 days, then user data is deleted"
        ));
        assert!(!user_retention("Day 7 retention; log retention 30 days"));
        assert!(!user_retention("no such word"));
        assert!(!user_retention("30 day retention for raw events"));
        assert!(!user_retention("30-day retention"));
    }

    #[test]
    fn retention_needs_a_duration() {
        assert!(met(
            Measure::Retention,
            "Links forever; click events 13 months"
        ));
        assert!(met(Measure::Retention, "90 days"));
        assert!(met(Measure::Retention, "kept indefinitely"));
        assert!(met(Measure::Retention, "Request bodies are not stored"));
        assert!(!met(Measure::Retention, "{policy}"));
        assert!(!met(Measure::Retention, "as long as needed, 3 copies"));
        // Nothing kept beyond the session.
        assert!(met(Measure::Retention, "In-memory only (session-based)"));
        assert!(met(Measure::Retention, "Data cleared on app termination"));
        assert!(met(Measure::Retention, "No user data persisted"));
        assert!(met(Measure::Retention, "no personal data is stored"));
        assert!(!met(
            Measure::Retention,
            "No backend. No accounts. All data stored locally"
        ));
    }
}
