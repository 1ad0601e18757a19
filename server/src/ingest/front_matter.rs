//! Front matter: splitting a post into its metadata block and body, and reading that block.
//!
//! Hugo allows YAML (`---`), TOML (`+++`) and JSON (`{ … }`). This is the only module that names
//! the YAML and TOML crates: everything is turned into JSON values here, the known fields are
//! typed, and the rest is kept as `extra` so nothing the author wrote is lost.

use super::error::IngestError;
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};
use serde_json::{Map, Value};

/// The front matter fields Quorum understands, plus everything else verbatim.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub date: Option<DateTime<FixedOffset>>,
    pub author: Option<String>,
    pub tags: Vec<String>,
    /// Hugo's `type` (e.g. `post`).
    pub page_type: Option<String>,
    pub aliases: Vec<String>,
    pub draft: bool,
    pub slug: Option<String>,
    /// Hugo's `publishDate`: before it the post is scheduled, and it stands in for a missing `date`.
    pub publish_date: Option<DateTime<FixedOffset>>,
    /// Hugo's `expiryDate`: from it on the post is expired (kept, but out of lists and feeds).
    pub expiry_date: Option<DateTime<FixedOffset>>,
    /// A `date` that could not be read (or names an implausible year), with its line in the file;
    /// the post falls back to the date in its file name or title when it has one.
    pub bad_date: Option<BadDate>,
    /// Every field not listed above, as written.
    pub extra: Map<String, Value>,
}

/// A front matter date that could not be used, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadDate {
    pub field: String,
    pub value: String,
    pub line: Option<usize>,
}

impl BadDate {
    /// The error a post gets when nothing else dates it.
    pub fn into_error(self) -> IngestError {
        IngestError::BadDate { field: self.field, value: self.value, line: self.line }
    }
}

impl FrontMatter {
    /// The whole front matter as one JSON object (known fields in their normal form).
    pub fn to_json(&self) -> Value {
        let mut map = self.extra.clone();
        if let Some(t) = &self.title {
            map.insert("title".into(), Value::String(t.clone()));
        }
        if let Some(d) = &self.date {
            map.insert("date".into(), Value::String(d.to_rfc3339()));
        }
        if let Some(a) = &self.author {
            map.insert("author".into(), Value::String(a.clone()));
        }
        if !self.tags.is_empty() {
            map.insert("tags".into(), self.tags.clone().into());
        }
        if let Some(t) = &self.page_type {
            map.insert("type".into(), Value::String(t.clone()));
        }
        if !self.aliases.is_empty() {
            map.insert("aliases".into(), self.aliases.clone().into());
        }
        if self.draft {
            map.insert("draft".into(), Value::Bool(true));
        }
        if let Some(s) = &self.slug {
            map.insert("slug".into(), Value::String(s.clone()));
        }
        if let Some(d) = &self.publish_date {
            map.insert("publishDate".into(), Value::String(d.to_rfc3339()));
        }
        if let Some(d) = &self.expiry_date {
            map.insert("expiryDate".into(), Value::String(d.to_rfc3339()));
        }
        if let Some(b) = &self.bad_date {
            map.insert(b.field.clone(), Value::String(b.value.clone()));
        }
        Value::Object(map)
    }
}

/// Writes front matter (as stored, a JSON object) back as a YAML block with its `---` fences, in a
/// stable key order: the known fields first, as Hugo sites usually write them, then the rest.
pub fn to_yaml_block(front_matter: &Value) -> String {
    let mut map = serde_yaml::Mapping::new();
    let obj = front_matter.as_object().cloned().unwrap_or_default();
    let order = ["title", "date", "author", "tags", "type", "aliases", "slug", "draft"];
    let mut keys: Vec<&String> = obj.keys().collect();
    keys.sort_by_key(|k| (order.iter().position(|o| o == k).unwrap_or(order.len()), k.to_string()));
    for k in keys {
        if let Ok(v) = serde_yaml::to_value(&obj[k]) {
            map.insert(serde_yaml::Value::String(k.clone()), v);
        }
    }
    let yaml = serde_yaml::to_string(&map).unwrap_or_default();
    format!("---\n{yaml}---\n")
}

/// Which syntax a front matter block was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Toml,
    Json,
}

impl Format {
    fn name(self) -> &'static str {
        match self {
            Format::Yaml => "YAML",
            Format::Toml => "TOML",
            Format::Json => "JSON",
        }
    }
}

/// A post split in two.
#[derive(Debug, Clone, PartialEq)]
pub struct Split<'a> {
    /// `None` when the file has no front matter at all.
    pub front_matter: Option<FrontMatter>,
    pub format: Option<Format>,
    pub body: &'a str,
    /// 1-based line of the file where the body starts.
    pub body_line: usize,
    /// Problems that did not stop reading the front matter (e.g. read line by line).
    pub warnings: Vec<String>,
}

/// Does this text start the way a Hugo post with front matter does?
pub fn looks_like_front_matter(text: &str) -> bool {
    let t = text.trim_start_matches('\u{feff}');
    first_line(t) == "---" || first_line(t) == "+++" || t.trim_start().starts_with('{')
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("").trim_end()
}

/// Splits `text` into front matter and body and parses the front matter.
pub fn split(text: &str) -> Result<Split<'_>, IngestError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let head = first_line(text);
    if head == "---" || head == "+++" {
        let format = if head == "---" { Format::Yaml } else { Format::Toml };
        let delimiter: &'static str = if head == "---" { "---" } else { "+++" };
        let (block, body, body_line) =
            fenced(text, delimiter).ok_or(IngestError::UnterminatedFrontMatter { delimiter, line: 1 })?;
        let mut warnings = Vec::new();
        let value = match format {
            Format::Yaml => match yaml_to_json(block) {
                Ok(v) => v,
                Err(e) => match plain_lines(block) {
                    // Front matter a YAML parser rejects (an apostrophe inside a single-quoted
                    // title) but whose lines are plain `key: value`: read it line by line.
                    Some(v) => {
                        let why = match &e {
                            IngestError::BadFrontMatter { line: Some(line), message, .. } => {
                                format!("{message} on line {line}")
                            }
                            IngestError::BadFrontMatter { message, .. } => message.clone(),
                            other => other.to_string(),
                        };
                        warnings.push(format!(
                            "the front matter is not valid YAML ({why}); it was read line by line as `key: value` pairs"
                        ));
                        v
                    }
                    None => return Err(e),
                },
            },
            _ => toml_to_json(block)?,
        };
        let mut fm = typed(value, format, 2).map_err(|e| locate_field(e, block, 2))?;
        locate_bad_date(&mut fm, block, 2);
        return Ok(Split { front_matter: Some(fm), format: Some(format), body, body_line, warnings });
    }
    if text.trim_start().starts_with('{') {
        let start = text.len() - text.trim_start().len();
        let mut stream = serde_json::Deserializer::from_str(&text[start..]).into_iter::<Value>();
        let value = match stream.next() {
            Some(Ok(v)) => v,
            Some(Err(e)) if e.is_eof() => {
                return Err(IngestError::UnterminatedFrontMatter { delimiter: "{", line: line_of(text, start) })
            }
            Some(Err(e)) => {
                return Err(IngestError::BadFrontMatter {
                    format: "JSON",
                    line: Some(e.line() + line_of(text, start) - 1),
                    message: strip_position(&e.to_string()),
                })
            }
            None => return Err(IngestError::UnterminatedFrontMatter { delimiter: "{", line: 1 }),
        };
        let end = start + stream.byte_offset();
        let body = text[end..].strip_prefix("\r\n").or_else(|| text[end..].strip_prefix('\n')).unwrap_or(&text[end..]);
        let body_line = line_of(text, text.len() - body.len());
        let first = line_of(text, start);
        let mut fm = typed(value, Format::Json, first).map_err(|e| locate_field(e, &text[start..end], first))?;
        locate_bad_date(&mut fm, &text[start..end], first);
        return Ok(Split { front_matter: Some(fm), format: Some(Format::Json), body, body_line, warnings: Vec::new() });
    }
    Ok(Split { front_matter: None, format: None, body: text, body_line: 1, warnings: Vec::new() })
}

/// 1-based line number of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// Returns (block, body, body_line) for a block between two delimiter lines.
fn fenced<'a>(text: &'a str, delimiter: &str) -> Option<(&'a str, &'a str, usize)> {
    let after_open = text.find('\n')? + 1;
    let mut offset = after_open;
    // Line 1 is the opening delimiter; the block's lines are numbered from 2.
    for (i, raw) in text[after_open..].split_inclusive('\n').enumerate() {
        let trimmed = raw.trim_end();
        // YAML also allows `...` to end a document.
        if trimmed == delimiter || (delimiter == "---" && trimmed == "...") {
            let block = &text[after_open..offset];
            let body = &text[offset + raw.len()..];
            return Some((block, body, i + 3));
        }
        offset += raw.len();
    }
    None
}

fn yaml_to_json(block: &str) -> Result<Value, IngestError> {
    if block.trim().is_empty() {
        return Ok(Value::Object(Map::new()));
    }
    let yaml: serde_yaml::Value = serde_yaml::from_str(block).map_err(|e| IngestError::BadFrontMatter {
        format: "YAML",
        // +1 for the opening `---` line.
        line: e.location().map(|l| l.line() + 1),
        message: strip_position(&e.to_string()),
    })?;
    yaml_value_to_json(yaml)
}

fn yaml_value_to_json(v: serde_yaml::Value) -> Result<Value, IngestError> {
    use serde_yaml::Value as Y;
    Ok(match v {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                n.as_f64().and_then(serde_json::Number::from_f64).map(Value::Number).unwrap_or(Value::Null)
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(items.into_iter().map(yaml_value_to_json).collect::<Result<_, _>>()?),
        Y::Mapping(m) => {
            let mut out = Map::new();
            for (k, v) in m {
                let key = match k {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    other => {
                        return Err(IngestError::BadFrontMatter {
                            format: "YAML",
                            line: None,
                            message: format!("a key must be text, found {other:?}"),
                        })
                    }
                };
                out.insert(key, yaml_value_to_json(v)?);
            }
            Value::Object(out)
        }
        Y::Tagged(t) => yaml_value_to_json(t.value)?,
    })
}

fn toml_to_json(block: &str) -> Result<Value, IngestError> {
    let table: toml::Table = block.parse().map_err(|e: toml::de::Error| IngestError::BadFrontMatter {
        format: "TOML",
        line: e.span().map(|s| line_of(block, s.start) + 1),
        message: e.message().to_string(),
    })?;
    Ok(toml_value_to_json(toml::Value::Table(table)))
}

fn toml_value_to_json(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map(Value::Number).unwrap_or(Value::Null),
        toml::Value::Boolean(b) => Value::Bool(b),
        // TOML has real dates; keep their text so they go through the same date reader.
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_value_to_json).collect()),
        toml::Value::Table(t) => Value::Object(t.into_iter().map(|(k, v)| (k, toml_value_to_json(v))).collect()),
    }
}

/// Error messages from the parsers repeat the position we already report; drop it.
fn strip_position(message: &str) -> String {
    let m = message.split(" at line ").next().unwrap_or(message);
    m.trim_end_matches('.').to_string()
}

/// The line of a field in the block, found by looking for its key at the start of a line
/// (`date:`, `date =`, `"date":`).
fn field_line(block: &str, field: &str, first_line: usize) -> Option<usize> {
    block
        .lines()
        .position(|l| {
            let l = l.trim_start().trim_start_matches('"');
            l.strip_prefix(field)
                .map(|rest| rest.trim_start_matches('"').trim_start().starts_with([':', '=']))
                .unwrap_or(false)
        })
        .map(|i| i + first_line)
}

fn locate_bad_date(fm: &mut FrontMatter, block: &str, first_line: usize) {
    if let Some(bad) = fm.bad_date.as_mut() {
        bad.line = field_line(block, &bad.field, first_line);
    }
}

/// Adds the line of the offending field to a field error.
fn locate_field(err: IngestError, block: &str, first_line: usize) -> IngestError {
    let find = |field: &str| field_line(block, field, first_line);
    match err {
        IngestError::BadDate { field, value, line: None } => {
            let line = find(&field);
            IngestError::BadDate { field, value, line }
        }
        IngestError::BadField { field, expected, found, line: None } => {
            let line = find(&field);
            IngestError::BadField { field, expected, found, line }
        }
        other => other,
    }
}

/// Picks the known fields out of a JSON object.
fn typed(value: Value, format: Format, first_line: usize) -> Result<FrontMatter, IngestError> {
    let Value::Object(mut map) = value else {
        return Err(IngestError::BadFrontMatter {
            format: format.name(),
            line: Some(first_line),
            message: "expected a mapping of fields".into(),
        });
    };
    let mut fm = FrontMatter { title: text_field(&mut map, "title")?, ..FrontMatter::default() };
    for key in ["date", "publishDate", "expiryDate"] {
        let Some(v) = map.remove(key) else { continue };
        let parsed = match v {
            Value::Null => None,
            Value::String(s) if s.trim().is_empty() => None,
            Value::String(s) => match parse_date(&s) {
                Some(d) => Some(d),
                None => {
                    if fm.bad_date.is_none() {
                        fm.bad_date = Some(BadDate { field: key.to_string(), value: s.clone(), line: None });
                    }
                    None
                }
            },
            other => return Err(bad_field(key, "a date", &other)),
        };
        match key {
            "date" => fm.date = parsed,
            "publishDate" => fm.publish_date = parsed,
            _ => fm.expiry_date = parsed,
        }
    }
    fm.author = text_field(&mut map, "author")?;
    if fm.author.is_none() {
        // Hugo themes often use `authors: [..]`; keep it in extra too, but show the first.
        if let Some(Value::Array(a)) = map.get("authors") {
            fm.author = a.iter().find_map(|v| v.as_str().map(str::to_string));
        }
    }
    fm.tags = list_field(&mut map, "tags")?;
    fm.page_type = text_field(&mut map, "type")?;
    fm.aliases = list_field(&mut map, "aliases")?;
    fm.slug = text_field(&mut map, "slug")?;
    fm.draft = match map.remove("draft") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => b,
        // Hugo reads booleans the way Go's strconv.ParseBool and spf13/cast do.
        Some(Value::String(s)) => match s.trim() {
            "1" | "t" | "T" | "TRUE" | "true" | "True" => true,
            "0" | "f" | "F" | "FALSE" | "false" | "False" | "" => false,
            _ => return Err(bad_field("draft", "true or false", &Value::String(s))),
        },
        Some(Value::Number(n)) => n.as_f64().map(|f| f != 0.0).unwrap_or(false),
        Some(other) => return Err(bad_field("draft", "true or false", &other)),
    };
    fm.extra = map;
    Ok(fm)
}

fn bad_field(field: &str, expected: &'static str, found: &Value) -> IngestError {
    let found = match found {
        Value::Null => "nothing".to_string(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the text \"{s}\""),
        Value::Array(_) => "a list".to_string(),
        Value::Object(_) => "a mapping".to_string(),
    };
    IngestError::BadField { field: field.into(), expected, found, line: None }
}

fn text_field(map: &mut Map<String, Value>, key: &str) -> Result<Option<String>, IngestError> {
    match map.remove(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.trim().to_string()).filter(|s| !s.is_empty())),
        // A number or boolean title is odd but harmless: keep its text.
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(Value::Bool(b)) => Ok(Some(b.to_string())),
        Some(other) => Err(bad_field(key, "text", &other)),
    }
}

fn list_field(map: &mut Map<String, Value>, key: &str) -> Result<Vec<String>, IngestError> {
    match map.remove(key) {
        None | Some(Value::Null) => Ok(Vec::new()),
        // `tags: Minutes` is a common slip for a one-item list.
        Some(Value::String(s)) => Ok(vec![s]),
        Some(Value::Array(items)) => items
            .into_iter()
            .map(|v| match v {
                Value::String(s) => Ok(s),
                Value::Number(n) => Ok(n.to_string()),
                other => Err(bad_field(key, "a list of text", &other)),
            })
            .collect(),
        Some(other) => Err(bad_field(key, "a list of text", &other)),
    }
}

/// Years a post can plausibly carry. Anything else is a slip (`205-09-29`) or Go's zero time
/// (`-001-11-30T00:00:00+00:00`, what Hugo writes for an unset date), never a real date.
pub const PLAUSIBLE_YEARS: std::ops::RangeInclusive<i32> = 1990..=2200;

/// Reads the date formats Hugo accepts (RFC 3339, `2006-01-02 15:04:05`, RFC 1123/822 and their
/// relatives, Go's default `2006-01-02 15:04:05 -0700 MST`) plus month names anywhere
/// (`2024-April-09 16:00 UTC`, `9 April 2024`). Dates without a zone are taken as UTC, as Hugo
/// does when the site sets no time zone. `None` for text that is not a date or whose year is
/// outside [`PLAUSIBLE_YEARS`].
pub fn parse_date(s: &str) -> Option<DateTime<FixedOffset>> {
    use chrono::Datelike;
    exact_date(s).or_else(|| loose_date(s)).filter(|d| PLAUSIBLE_YEARS.contains(&d.year()))
}

fn exact_date(s: &str) -> Option<DateTime<FixedOffset>> {
    let s = s.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d);
    }
    for fmt in ["%Y-%m-%d %H:%M:%S %z", "%Y-%m-%d %H:%M:%S%.f %z", "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%d %H:%M %z"] {
        if let Ok(d) = DateTime::parse_from_str(s, fmt) {
            return Some(d);
        }
    }
    // "2021-10-07 17:00:00 +0000 UTC" (Go's default time format).
    if let Some(stripped) = s.strip_suffix(" UTC") {
        if let Some(d) = exact_date(stripped) {
            return Some(d);
        }
    }
    for fmt in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(n) = NaiveDateTime::parse_from_str(s, fmt) {
            return Some(Utc.from_utc_datetime(&n).fixed_offset());
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Some(Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0)?).fixed_offset());
    }
    None
}

/// Fixed offsets (hours east of UTC) of the zone abbreviations dates are written with.
fn zone_offset(word: &str) -> Option<i32> {
    Some(
        match word {
            "z" | "utc" | "gmt" | "ut" => 0,
            "est" => -5,
            "edt" | "ast" => -4,
            "cst" => -6,
            "cdt" => -5,
            "mst" => -7,
            "mdt" => -6,
            "pst" => -8,
            "pdt" => -7,
            "cet" | "bst" | "wat" => 1,
            "cest" | "eet" => 2,
            "eest" | "msk" => 3,
            "ist" => return None, // India or Ireland: too ambiguous to guess
            "jst" | "kst" => 9,
            _ => return None,
        } * 3600,
    )
}

/// A date written with words and numbers in any common order: a four-digit year, a month by name
/// (or a numeric year-month-day), a day, an optional `H:MM[:SS]` with am/pm, and an optional zone
/// (`UTC`, `EST`, `+02:00`, `-0500`). Weekday names are ignored; any other word makes it not a date.
fn loose_date(s: &str) -> Option<DateTime<FixedOffset>> {
    let chars: Vec<char> = s.trim().chars().collect();
    let mut year: Option<i32> = None;
    let mut month: Option<u32> = None;
    let mut small: Vec<u32> = Vec::new();
    let mut year_first = false;
    let mut time: Option<(u32, u32, u32)> = None;
    let mut pm: Option<bool> = None;
    let mut offset: Option<i32> = None;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == ':' || chars[i] == '.') {
                i += 1;
            }
            let tok: String = chars[start..i].iter().collect();
            let tok = tok.trim_end_matches(['.', ':']);
            if tok.contains(':') {
                let mut parts = tok.split(':');
                let h: u32 = parts.next()?.parse().ok()?;
                let m: u32 = parts.next()?.parse().ok()?;
                let sec: u32 =
                    parts.next().map(|p| p.split('.').next().unwrap_or("0").parse().ok()).unwrap_or(Some(0))?;
                if time.is_some() || parts.next().is_some() {
                    return None;
                }
                time = Some((h, m, sec));
            } else if tok.contains('.') {
                return None;
            } else if tok.len() == 4 && year.is_none() {
                year = Some(tok.parse().ok()?);
                year_first = month.is_none() && small.is_empty();
            } else if tok.len() <= 2 {
                small.push(tok.parse().ok()?);
            } else {
                return None;
            }
        } else if (c == '+' || c == '-') && time.is_some() && chars.get(i + 1).is_some_and(|d| d.is_ascii_digit()) {
            let sign = if c == '-' { -1 } else { 1 };
            i += 1;
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == ':') {
                i += 1;
            }
            let digits: String = chars[start..i].iter().filter(|c| c.is_ascii_digit()).collect();
            let (h, m) = match digits.len() {
                1 | 2 => (digits.parse::<i32>().ok()?, 0),
                4 => (digits[..2].parse::<i32>().ok()?, digits[2..].parse::<i32>().ok()?),
                _ => return None,
            };
            if h > 14 || m > 59 {
                return None;
            }
            offset = Some(sign * (h * 3600 + m * 60));
        } else if c.is_alphabetic() {
            let start = i;
            while i < chars.len() && chars[i].is_alphabetic() {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect::<String>().to_lowercase();
            if let Some(m) = super::dates::month_from_name(&word) {
                if month.is_some() {
                    return None;
                }
                month = Some(m);
            } else if matches!(word.as_str(), "am" | "pm") {
                pm = Some(word == "pm");
            } else if let Some(o) = zone_offset(&word) {
                offset = offset.or(Some(o));
            } else if !matches!(
                word.as_str(),
                "t" | "at"
                    | "of"
                    | "on"
                    | "st"
                    | "nd"
                    | "rd"
                    | "th"
                    | "mon"
                    | "monday"
                    | "tue"
                    | "tues"
                    | "tuesday"
                    | "wed"
                    | "wednesday"
                    | "thu"
                    | "thur"
                    | "thurs"
                    | "thursday"
                    | "fri"
                    | "friday"
                    | "sat"
                    | "saturday"
                    | "sun"
                    | "sunday"
            ) {
                return None;
            }
        } else {
            i += 1;
        }
    }
    let (month, day) = match month {
        Some(m) => (m, *small.first()?),
        // Numbers only: year first, then month and day (day-month order is too ambiguous).
        None if year_first && small.len() >= 2 => (small[0], small[1]),
        None => return None,
    };
    let year = match year {
        Some(y) => y,
        // RFC 822's two-digit year.
        None => 2000 + *small.get(1)? as i32,
    };
    let (mut h, m, sec) = time.unwrap_or((0, 0, 0));
    match pm {
        Some(true) if h < 12 => h += 12,
        Some(false) if h == 12 => h = 0,
        _ => {}
    }
    let naive = NaiveDate::from_ymd_opt(year, month, day)?.and_hms_opt(h, m, sec)?;
    let zone = FixedOffset::east_opt(offset.unwrap_or(0))?;
    zone.from_local_datetime(&naive).single()
}

/// Front matter that a YAML parser rejects but whose lines are plain `key: value` pairs (with
/// `- item` lists under a key), as hand-edited posts often are: one real post has an apostrophe
/// inside a single-quoted title. `None` when the block has other structure (nesting, flow maps)
/// or yields neither a title nor a date.
fn plain_lines(block: &str) -> Option<Value> {
    let mut map = Map::new();
    let mut list_key: Option<String> = None;
    for raw in block.lines() {
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if let Some(item) = trimmed.strip_prefix("- ").or_else(|| (trimmed == "-").then_some("")) {
            let key = list_key.as_ref()?;
            if let Some(Value::Array(items)) = map.get_mut(key) {
                items.push(Value::String(unquote(item.trim())));
            }
            continue;
        }
        if line.starts_with(char::is_whitespace) {
            return None;
        }
        let (key, value) = line.split_once(':')?;
        let key = key.trim();
        if key.is_empty() || !key.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-') {
            return None;
        }
        let value = value.trim();
        if value.is_empty() {
            map.insert(key.to_string(), Value::Array(Vec::new()));
            list_key = Some(key.to_string());
        } else if let Some(inner) = value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
            let items = inner.split(',').map(|i| i.trim()).filter(|i| !i.is_empty());
            map.insert(key.to_string(), Value::Array(items.map(|i| Value::String(unquote(i))).collect()));
            list_key = None;
        } else if value.starts_with(['{', '[', '|', '>', '&', '*', '!'])
            || (value.starts_with('\'') && !(value.len() >= 2 && value.ends_with('\'')))
            || (value.starts_with('"') && !(value.len() >= 2 && value.ends_with('"')))
        {
            // Flow collections, block scalars, anchors, tags and unclosed quotes are real YAML.
            return None;
        } else {
            map.insert(key.to_string(), Value::String(unquote(value)));
            list_key = None;
        }
    }
    // A key with nothing under it was not a list after all.
    for v in map.values_mut() {
        if matches!(v, Value::Array(items) if items.is_empty()) {
            *v = Value::Null;
        }
    }
    (map.contains_key("title") || map.contains_key("date")).then_some(Value::Object(map))
}

/// A scalar without its quotes: `'it''s'` → `it's`; a single-quoted value with a stray inner
/// apostrophe is taken from its first to its last quote.
fn unquote(v: &str) -> String {
    let v = v.trim();
    if v.len() >= 2 && v.starts_with('\'') && v.ends_with('\'') {
        return v[1..v.len() - 1].replace("''", "'");
    }
    if v.len() >= 2 && v.starts_with('"') && v.ends_with('"') {
        return v[1..v.len() - 1].replace("\\\"", "\"").replace("\\\\", "\\");
    }
    v.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> String {
        parse_date(s).map(|d| d.to_rfc3339()).unwrap_or_else(|| "none".into())
    }

    #[test]
    fn the_date_formats_real_posts_use_are_read() {
        let cases = [
            ("2021-10-07 17:00:00", "2021-10-07T17:00:00+00:00"),
            ("2021-10-07", "2021-10-07T00:00:00+00:00"),
            ("2021-10-07T17:00:00Z", "2021-10-07T17:00:00+00:00"),
            ("2021-10-07T17:00:00+02:00", "2021-10-07T17:00:00+02:00"),
            ("2021-10-07T17:00:00", "2021-10-07T17:00:00+00:00"),
            ("2021-10-07 17:00", "2021-10-07T17:00:00+00:00"),
            ("2021-10-07 17:00:00 +0000 UTC", "2021-10-07T17:00:00+00:00"),
            ("07/10/2021", "none"),
            ("2021-13-01", "none"),
            ("2024-April-09 16:00 UTC", "2024-04-09T16:00:00+00:00"),
            ("9 April 2024", "2024-04-09T00:00:00+00:00"),
            ("April 9, 2024 4:30 pm EST", "2024-04-09T16:30:00-05:00"),
            ("Tue, 09 Apr 2024 16:00:00 +0200", "2024-04-09T16:00:00+02:00"),
            ("Mon, 02 Jan 2006 15:04:05 MST", "2006-01-02T15:04:05-07:00"),
            ("2021-10-7", "2021-10-07T00:00:00+00:00"),
            ("205-09-29", "none"),
            ("-001-11-30T00:00:00+00:00", "none"),
            ("0001-01-01T00:00:00Z", "none"),
            ("next tuesday", "none"),
            ("the 9th of April", "none"),
        ];
        for (input, want) in cases {
            assert_eq!(date(input), want, "{input}");
        }
    }

    #[test]
    fn yaml_front_matter_is_typed_and_extras_are_kept() {
        let text = "---\ntitle: 'Ballot SC-68: x'\ndate: 2024-02-01 10:00:00\nauthor: A\ntags:\n- Ballot\naliases:\n- /old/\ntype: post\nweight: 3\n---\nBody\n";
        let s = split(text).unwrap();
        let fm = s.front_matter.unwrap();
        assert_eq!(fm.title.as_deref(), Some("Ballot SC-68: x"));
        assert_eq!(fm.tags, ["Ballot"]);
        assert_eq!(fm.aliases, ["/old/"]);
        assert_eq!(fm.page_type.as_deref(), Some("post"));
        assert_eq!(fm.extra.get("weight"), Some(&Value::from(3)));
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.body_line, 12);
        assert_eq!(s.format, Some(Format::Yaml));
    }

    #[test]
    fn toml_front_matter_with_a_native_date_is_read() {
        let text =
            "+++\ntitle = \"Minutes\"\ndate = 2021-10-07T17:00:00Z\ntags = [\"Minutes\"]\ndraft = true\n+++\nHello";
        let s = split(text).unwrap();
        let fm = s.front_matter.unwrap();
        assert_eq!(fm.date.unwrap().to_rfc3339(), "2021-10-07T17:00:00+00:00");
        assert!(fm.draft);
        assert_eq!(s.body, "Hello");
    }

    #[test]
    fn json_front_matter_ends_where_the_object_ends() {
        let text = "{\n  \"title\": \"T\",\n  \"date\": \"2021-10-07\"\n}\n# Heading\n";
        let s = split(text).unwrap();
        assert_eq!(s.front_matter.unwrap().title.as_deref(), Some("T"));
        assert_eq!(s.body, "# Heading\n");
        assert_eq!(s.body_line, 5);
    }

    #[test]
    fn a_file_without_front_matter_is_all_body() {
        let s = split("Roll Call\n\nAaron").unwrap();
        assert!(s.front_matter.is_none());
        assert_eq!(s.body, "Roll Call\n\nAaron");
    }

    #[test]
    fn unterminated_front_matter_names_its_delimiter_and_line() {
        let err = split("---\ntitle: x\n\nbody").unwrap_err();
        assert_eq!(err, IngestError::UnterminatedFrontMatter { delimiter: "---", line: 1 });
        assert!(matches!(split("{\"title\": \"x\"").unwrap_err(), IngestError::UnterminatedFrontMatter { .. }));
    }

    #[test]
    fn broken_yaml_reports_the_line_in_the_file() {
        let err = split("---\ntitle: x\ntags: [a, b\ndate: 2021\n---\nbody").unwrap_err();
        match err {
            IngestError::BadFrontMatter { format: "YAML", line: Some(line), .. } => assert!(line >= 3, "line {line}"),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn broken_toml_reports_the_line_in_the_file() {
        let err = split("+++\ntitle = \"x\"\ndate = \n+++\n").unwrap_err();
        assert!(matches!(err, IngestError::BadFrontMatter { format: "TOML", line: Some(3), .. }), "{err:?}");
    }

    #[test]
    fn an_unreadable_date_is_kept_aside_with_its_field_value_and_line() {
        let fm = split("---\ntitle: x\ndate: next tuesday\n---\n").unwrap().front_matter.unwrap();
        assert_eq!(fm.date, None);
        let err = fm.bad_date.unwrap().into_error();
        assert_eq!(err.line(), Some(3));
        assert_eq!(
            err.to_string().split(" (expected").next().unwrap(),
            "field `date`: cannot read \"next tuesday\" as a date"
        );
    }

    #[test]
    fn yaml_with_an_apostrophe_inside_a_single_quoted_title_is_read_line_by_line_with_a_warning() {
        let text = "---\ntitle: 'Ballot NS-008: Trusted Roles, Systems' Applicability, and more'\nauthor: Clint Wilson\ndate: 2025-06-03 16:00:00\ntags:\n- Network Security\n- Ballot\ntype: post\n---\nbody";
        let s = split(text).unwrap();
        let fm = s.front_matter.unwrap();
        assert_eq!(fm.title.as_deref(), Some("Ballot NS-008: Trusted Roles, Systems' Applicability, and more"));
        assert_eq!(fm.tags, ["Network Security", "Ballot"]);
        assert_eq!(fm.date.unwrap().to_rfc3339(), "2025-06-03T16:00:00+00:00");
        assert_eq!(fm.page_type.as_deref(), Some("post"));
        assert_eq!(s.body, "body");
        assert_eq!(s.warnings.len(), 1);
        assert!(s.warnings[0].contains("read line by line"), "{:?}", s.warnings);
    }

    #[test]
    fn broken_yaml_with_nested_structure_is_still_an_error() {
        let err = split("---\ntitle: 'a' b'\nparams:\n  x: 1\n---\n").unwrap_err();
        assert!(matches!(err, IngestError::BadFrontMatter { format: "YAML", .. }), "{err:?}");
    }

    #[test]
    fn publish_and_expiry_dates_are_read() {
        let fm = split("---\ntitle: x\npublishDate: 2030-01-01\nexpiryDate: 2020-01-01\n---\n")
            .unwrap()
            .front_matter
            .unwrap();
        assert_eq!(fm.publish_date.unwrap().to_rfc3339(), "2030-01-01T00:00:00+00:00");
        assert_eq!(fm.expiry_date.unwrap().to_rfc3339(), "2020-01-01T00:00:00+00:00");
        assert_eq!(fm.date, None);
    }

    #[test]
    fn draft_values_are_read_as_hugo_reads_them() {
        let draft = |v: &str| split(&format!("---\ndraft: {v}\n---\n")).map(|s| s.front_matter.unwrap().draft);
        for (v, want) in [
            ("true", true),
            ("'true'", true),
            ("'1'", true),
            ("'T'", true),
            ("false", false),
            ("'0'", false),
            ("1", true),
            ("0", false),
        ] {
            assert_eq!(draft(v), Ok(want), "{v}");
        }
        assert!(draft("maybe").is_err());
    }

    #[test]
    fn fields_of_the_wrong_shape_are_errors() {
        let err = split("---\ntitle: [a, b]\n---\n").unwrap_err();
        assert_eq!(err.to_string(), "field `title` must be text, found a list");
        let err = split("---\ndraft: maybe\n---\n").unwrap_err();
        assert!(err.to_string().starts_with("field `draft` must be true or false"), "{err}");
    }

    #[test]
    fn a_scalar_where_a_list_belongs_becomes_a_one_item_list() {
        let fm = split("---\ntags: Minutes\n---\n").unwrap().front_matter.unwrap();
        assert_eq!(fm.tags, ["Minutes"]);
    }

    #[test]
    fn front_matter_written_back_reads_the_same() {
        let text =
            "+++\ntitle = \"Ballot: a, b\"\ndate = 2021-10-07T17:00:00Z\ntags = [\"Minutes\"]\nweight = 3\n+++\n";
        let fm = split(text).unwrap().front_matter.unwrap();
        let text = format!("{}body", to_yaml_block(&fm.to_json()));
        let again = split(&text).unwrap();
        assert_eq!(again.front_matter.unwrap(), fm);
        assert_eq!(again.body, "body");
    }

    #[test]
    fn a_byte_order_mark_and_crlf_line_ends_are_accepted() {
        let s = split("\u{feff}---\r\ntitle: x\r\n---\r\nbody").unwrap();
        assert_eq!(s.front_matter.unwrap().title.as_deref(), Some("x"));
        assert_eq!(s.body, "body");
    }
}
