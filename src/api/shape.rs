//! Checks the JSON types of a request body against the published OpenAPI schema before it is
//! deserialized.
//!
//! serde is lenient in ways the schema is not: it reads a struct from an array (`"options":
//! []` would mean "all defaults") and tries untagged variants in order. The document promises
//! objects where it says `object`, so a body is first walked along its schema and any value
//! whose JSON type the schema does not admit is refused (422 `invalid_body`) with its pointer.
//! Only types are checked here; required and unknown fields, enumerations and ranges are left
//! to deserialization and to the scenario layer, which give more specific messages.

use std::sync::Arc;

use serde_json::{Map, Value};

use super::body::escape;

/// The component schemas of the OpenAPI document, shared: every request body is checked
/// against them, and a clone is a reference count.
#[derive(Debug, Clone, Default)]
pub struct Schemas(Arc<Map<String, Value>>);

/// A value of a type the schema does not admit.
#[derive(Debug, Clone, PartialEq)]
pub struct Mismatch {
    pub pointer: String,
    /// The admitted types, e.g. `an object`.
    pub expected: String,
    /// The JSON type received, e.g. `an array`.
    pub found: String,
    /// The component schema expected there, if the place refers to one (e.g. `ProjectRef`).
    pub schema: Option<String>,
}

impl Schemas {
    /// The schemas of `spec`.
    pub fn of(spec: &utoipa::openapi::OpenApi) -> Self {
        let schemas = spec
            .components
            .as_ref()
            .and_then(|c| serde_json::to_value(&c.schemas).ok())
            .and_then(|v| v.as_object().cloned())
            .unwrap_or_default();
        Schemas(Arc::new(schemas))
    }

    /// Checks `value` against the component schema `name`; pointers start with `prefix`.
    pub fn check(&self, name: &str, value: &Value, prefix: &str) -> Result<(), Mismatch> {
        match self.0.get(name) {
            Some(schema) => self.walk(schema, value, &mut prefix.to_string(), 0),
            None => Ok(()),
        }
    }

    fn resolve<'a>(&'a self, schema: &'a Value) -> &'a Value {
        let mut s = schema;
        for _ in 0..32 {
            match s
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/components/schemas/"))
                .and_then(|n| self.0.get(n))
            {
                Some(target) => s = target,
                None => break,
            }
        }
        s
    }

    /// The JSON types a schema admits at its top level; `None` for any.
    fn types(&self, schema: &Value) -> Option<Vec<String>> {
        let s = self.resolve(schema);
        if let Some(t) = s.get("type") {
            return Some(match t {
                Value::String(t) => vec![t.clone()],
                Value::Array(ts) => ts
                    .iter()
                    .filter_map(|t| t.as_str().map(String::from))
                    .collect(),
                _ => return None,
            });
        }
        if let Some(branches) = s
            .get("oneOf")
            .or_else(|| s.get("anyOf"))
            .and_then(Value::as_array)
        {
            let mut all = Vec::new();
            for b in branches {
                for t in self.types(b)? {
                    if !all.contains(&t) {
                        all.push(t);
                    }
                }
            }
            return Some(all);
        }
        if let Some(parts) = s.get("allOf").and_then(Value::as_array) {
            // The first part that constrains the type decides (utoipa puts the object first).
            return parts.iter().find_map(|p| self.types(p));
        }
        None
    }

    fn walk(
        &self,
        schema: &Value,
        value: &Value,
        pointer: &mut String,
        depth: usize,
    ) -> Result<(), Mismatch> {
        if depth > 64 {
            return Ok(());
        }
        let s = self.resolve(schema);
        if let Some(types) = self.types(s)
            && !types.iter().any(|t| admits(t, value))
        {
            return Err(Mismatch {
                pointer: pointer.clone(),
                expected: phrase(&types),
                found: json_type(value).to_string(),
                schema: ref_name(schema, s),
            });
        }
        if let Some(parts) = s.get("allOf").and_then(Value::as_array) {
            for p in parts {
                self.walk(p, value, pointer, depth + 1)?;
            }
        }
        if let Some(branches) = s
            .get("oneOf")
            .or_else(|| s.get("anyOf"))
            .and_then(Value::as_array)
        {
            // Follow the branch the value's type selects, when exactly one does.
            let mut fitting: Vec<&Value> = branches
                .iter()
                .filter(|b| {
                    self.types(b)
                        .is_none_or(|ts| ts.iter().any(|t| admits(t, value)))
                })
                .collect();
            // Among object branches (e.g. an externally tagged enum), the one whose required
            // fields are all present.
            if let (Value::Object(map), true) = (value, fitting.len() > 1) {
                fitting.retain(|b| {
                    self.resolve(b)
                        .get("required")
                        .and_then(Value::as_array)
                        .is_some_and(|req| {
                            req.iter()
                                .all(|k| k.as_str().is_some_and(|k| map.contains_key(k)))
                        })
                });
            }
            if let [one] = fitting.as_slice() {
                self.walk(one, value, pointer, depth + 1)?;
            }
        }
        match value {
            Value::Object(map) => {
                let props = s.get("properties").and_then(Value::as_object);
                let extra = s.get("additionalProperties").filter(|a| a.is_object());
                for (key, v) in map {
                    let sub = props.and_then(|p| p.get(key)).or(extra);
                    if let Some(sub) = sub {
                        let len = pointer.len();
                        pointer.push('/');
                        pointer.push_str(&escape(key));
                        self.walk(sub, v, pointer, depth + 1)?;
                        pointer.truncate(len);
                    }
                }
            }
            Value::Array(items) => {
                if let Some(item_schema) = s.get("items").filter(|i| i.is_object()) {
                    for (i, v) in items.iter().enumerate() {
                        let len = pointer.len();
                        pointer.push_str(&format!("/{i}"));
                        self.walk(item_schema, v, pointer, depth + 1)?;
                        pointer.truncate(len);
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }
}

/// The name of the component a schema refers to, directly or as the non-null branch of an
/// optional (`oneOf: [{$ref}, {type: null}]`).
fn ref_name(schema: &Value, _resolved: &Value) -> Option<String> {
    let name = |s: &Value| {
        s.get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/components/schemas/"))
            .map(String::from)
    };
    name(schema).or_else(|| {
        schema
            .get("oneOf")
            .and_then(Value::as_array)
            .and_then(|b| b.iter().find_map(name))
    })
}

fn admits(t: &str, v: &Value) -> bool {
    match t {
        "null" => v.is_null(),
        "boolean" => v.is_boolean(),
        "string" => v.is_string(),
        "array" => v.is_array(),
        "object" => v.is_object(),
        "number" => v.is_number(),
        "integer" => v.is_i64() || v.is_u64() || v.as_f64().is_some_and(|f| f.fract() == 0.0),
        _ => true,
    }
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_f64() => "a number",
        Value::Number(_) => "an integer",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn phrase(types: &[String]) -> String {
    let words: Vec<&str> = types
        .iter()
        .map(|t| match t.as_str() {
            "null" => "null",
            "boolean" => "a boolean",
            "string" => "a string",
            "array" => "an array",
            "object" => "an object",
            "number" => "a number",
            "integer" => "an integer",
            _ => "a value",
        })
        .collect();
    match words.as_slice() {
        [] => "a value".into(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check(v: Value) -> Result<(), Mismatch> {
        Schemas::of(&crate::api::spec()).check("ScenarioRequest", &v, "")
    }

    #[test]
    fn arrays_are_not_objects() {
        let e = check(json!({"project": "renca-solar", "options": []})).unwrap_err();
        assert_eq!(e.pointer, "/options");
        assert_eq!(e.expected, "an object");
        assert_eq!(e.found, "an array");
        let e = check(json!(["renca-solar"])).unwrap_err();
        assert_eq!(e.pointer, "");
    }

    #[test]
    fn one_of_follows_the_branch_the_type_selects() {
        let e = check(json!({"project": {"model": 3}})).unwrap_err();
        assert_eq!(e.pointer, "/project/model");
        let e = check(json!({"project": "renca-solar", "parameters": {"tilt": true}})).unwrap_err();
        assert_eq!(e.pointer, "/parameters/tilt");
        assert_eq!(e.expected, "a string, an object or a number");
        let e = check(json!({"project": "renca-solar", "options": {"grid_factor": {"trajectory": [{"year": 2030, "value": []}]}}}))
            .unwrap_err();
        assert_eq!(e.pointer, "/options/grid_factor/trajectory/0/value");
    }

    #[test]
    fn valid_bodies_pass() {
        check(json!({
            "project": "renca-solar",
            "parameters": {"capacity": "3 MW", "albedo": 0.2, "tilt": {"value": 10, "unit": "deg"}},
            "options": {"crediting_start": null, "gwp": "ar6", "uncertainty": {"draws": 10}, "hourly": true,
                        "grid_factor": {"constant": "0.3 tCO2e/MWh"}}
        }))
        .unwrap();
    }
}
