//! Tool arguments, checked here rather than by serde, so that a bad call gets one sentence
//! that says what to send instead of a deserializer's message.

use serde_json::{Map, Value};

/// A tool's arguments and the names it takes, for messages.
pub struct Args<'a> {
    tool: &'static str,
    map: &'a Map<String, Value>,
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl<'a> Args<'a> {
    /// Checks that every argument is one the tool takes.
    pub fn new(
        tool: &'static str,
        map: &'a Map<String, Value>,
        known: &[&str],
    ) -> Result<Args<'a>, String> {
        if let Some(unknown) = map.keys().find(|k| !known.contains(&k.as_str())) {
            let takes = match known {
                [] => "no arguments".to_string(),
                [one] => format!("only `{one}`"),
                _ => format!(
                    "{} and `{}`",
                    known[..known.len() - 1]
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    known[known.len() - 1]
                ),
            };
            return Err(format!(
                "{tool} takes {takes}; `{}` is not one of its arguments.",
                unknown.chars().take(40).collect::<String>()
            ));
        }
        Ok(Args { tool, map })
    }

    fn get(&self, name: &str) -> Option<&'a Value> {
        self.map.get(name).filter(|v| !v.is_null())
    }

    /// A string the call must give.
    pub fn string(&self, name: &str, what: &str) -> Result<&'a str, String> {
        match self.get(name) {
            Some(Value::String(s)) => Ok(s),
            Some(other) => Err(format!(
                "{}: `{name}` must be a string ({what}), not {}.",
                self.tool,
                type_name(other)
            )),
            None => Err(format!("{}: `{name}` is missing ({what}).", self.tool)),
        }
    }

    /// A string the call may give.
    pub fn opt_string(&self, name: &str, what: &str) -> Result<Option<&'a str>, String> {
        match self.get(name) {
            None => Ok(None),
            Some(_) => self.string(name, what).map(Some),
        }
    }

    pub fn opt_bool(&self, name: &str) -> Result<Option<bool>, String> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(other) => Err(format!(
                "{}: `{name}` must be true or false, not {}.",
                self.tool,
                type_name(other)
            )),
        }
    }

    /// A whole number of at least 1 the call may give.
    pub fn opt_count(&self, name: &str) -> Result<Option<usize>, String> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::Number(n)) => match n.as_u64().and_then(|n| usize::try_from(n).ok()) {
                Some(n) if n >= 1 => Ok(Some(n)),
                _ => Err(format!(
                    "{}: `{name}` must be a whole number of at least 1.",
                    self.tool
                )),
            },
            Some(other) => Err(format!(
                "{}: `{name}` must be a whole number, not {}.",
                self.tool,
                type_name(other)
            )),
        }
    }

    /// Any JSON value the call must give.
    pub fn value(&self, name: &str, what: &str) -> Result<&'a Value, String> {
        self.get(name)
            .ok_or_else(|| format!("{}: `{name}` is missing ({what}).", self.tool))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => unreachable!(),
        }
    }

    #[test]
    fn bad_arguments_get_one_sentence() {
        let m = map(json!({"session_id": 3, "extra": true}));
        let err = Args::new("spec_reply", &m, &["session_id", "text"])
            .err()
            .unwrap();
        assert_eq!(
            err,
            "spec_reply takes `session_id` and `text`; `extra` is not one of its arguments."
        );
        let m = map(json!({"session_id": 3}));
        let a = Args::new("spec_reply", &m, &["session_id", "text"]).unwrap();
        assert_eq!(
            a.string("session_id", "the id spec_start returned")
                .unwrap_err(),
            "spec_reply: `session_id` must be a string (the id spec_start returned), not a number."
        );
        assert_eq!(
            a.string("text", "the person's reply").unwrap_err(),
            "spec_reply: `text` is missing (the person's reply)."
        );
        let m = map(json!({"max_questions": 0, "accept_recommendations": "yes"}));
        let a = Args::new(
            "spec_start",
            &m,
            &["max_questions", "accept_recommendations"],
        )
        .unwrap();
        assert!(a.opt_count("max_questions").is_err());
        assert!(a.opt_bool("accept_recommendations").is_err());
        let none = Map::new();
        let err = Args::new("spec_sessions", &map(json!({"x": 1})), &[])
            .err()
            .unwrap();
        assert_eq!(
            err,
            "spec_sessions takes no arguments; `x` is not one of its arguments."
        );
        assert!(Args::new("spec_sessions", &none, &[]).is_ok());
    }
}
