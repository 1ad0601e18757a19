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
    /// Every field not listed above, as written.
    pub extra: Map<String, Value>,
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
        let value = match format {
            Format::Yaml => yaml_to_json(block)?,
            _ => toml_to_json(block)?,
        };
        let fm = typed(value, format, 2).map_err(|e| locate_field(e, block, 2))?;
        return Ok(Split { front_matter: Some(fm), format: Some(format), body, body_line });
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
        let fm = typed(value, Format::Json, first).map_err(|e| locate_field(e, &text[start..end], first))?;
        return Ok(Split { front_matter: Some(fm), format: Some(Format::Json), body, body_line });
    }
    Ok(Split { front_matter: None, format: None, body: text, body_line: 1 })
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

/// Adds the line of the offending field to a field error, found by looking for its key at the
/// start of a line of the block (`date:`, `date =`, `"date":`).
fn locate_field(err: IngestError, block: &str, first_line: usize) -> IngestError {
    let find = |field: &str| {
        block
            .lines()
            .position(|l| {
                let l = l.trim_start().trim_start_matches('"');
                l.strip_prefix(field)
                    .map(|rest| rest.trim_start_matches('"').trim_start().starts_with([':', '=']))
                    .unwrap_or(false)
            })
            .map(|i| i + first_line)
    };
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
    if let Some(v) = map.remove("date") {
        fm.date = match v {
            Value::Null => None,
            Value::String(s) if s.trim().is_empty() => None,
            Value::String(s) => Some(parse_date(&s).ok_or(IngestError::BadDate {
                field: "date".into(),
                value: s.clone(),
                line: None,
            })?),
            other => return Err(bad_field("date", "a date", &other)),
        };
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
        Some(Value::String(s)) if s == "true" || s == "false" => s == "true",
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

/// Reads the date formats Hugo sites use. Dates without a zone are taken as UTC, as Hugo does
/// when the site sets no time zone.
pub fn parse_date(s: &str) -> Option<DateTime<FixedOffset>> {
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
        if let Some(d) = parse_date(stripped) {
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
    fn an_unreadable_date_is_an_error_naming_the_field_and_value() {
        let err = split("---\ntitle: x\ndate: next tuesday\n---\n").unwrap_err();
        assert_eq!(err.line(), Some(3));
        assert_eq!(
            err.to_string().split(" (expected").next().unwrap(),
            "field `date`: cannot read \"next tuesday\" as a date"
        );
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
