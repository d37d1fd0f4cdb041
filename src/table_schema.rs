//! Frictionless Table Schema import and export, so a cleaning profile can be
//! shared with the tools that speak it (Frictionless, CKAN, Open Data
//! portals).
//!
//! Mapping: each profile column is a schema field with its name; the type
//! maps to the closest Table Schema type and format (`email` → `string` with
//! format `email`, `url` → `string`/`uri`, `date`, `datetime`, `number`,
//! everything else `string`), and the exact crm-cleaner type is kept in the
//! custom field property `crmType`, so a round trip loses nothing.
//! Constraints map one to one: `required`, `unique`, `enum`, `pattern`,
//! `minLength`, `maxLength`, `minimum`, `maximum`.

use serde_json::{json, Map, Value};

use crate::error::{Error, Result};
use crate::profile::{ColumnProfile, ColumnType, Profile};

/// The Table Schema `type` and `format` closest to a column type.
fn schema_type(kind: ColumnType) -> (&'static str, Option<&'static str>) {
    match kind {
        ColumnType::Email => ("string", Some("email")),
        ColumnType::Url => ("string", Some("uri")),
        ColumnType::Date => ("date", None),
        ColumnType::Datetime => ("datetime", None),
        ColumnType::Number | ColumnType::Currency => ("number", None),
        _ => ("string", None),
    }
}

/// The column type a schema field describes: `crmType` when present, else
/// from its `type` and `format`.
fn column_type(field: &Map<String, Value>) -> Result<ColumnType> {
    if let Some(name) = field.get("crmType").and_then(Value::as_str) {
        return ColumnType::parse(name).ok_or_else(|| Error::Profile(format!("unknown crmType {name:?}")));
    }
    let kind = field.get("type").and_then(Value::as_str).unwrap_or("string");
    let format = field.get("format").and_then(Value::as_str).unwrap_or("default");
    Ok(match (kind, format) {
        ("string", "email") => ColumnType::Email,
        ("string", "uri") => ColumnType::Url,
        ("date", _) => ColumnType::Date,
        ("datetime", _) => ColumnType::Datetime,
        ("number" | "integer", _) => ColumnType::Number,
        _ => ColumnType::Text,
    })
}

/// The profile's columns as a Table Schema.
pub fn to_table_schema(profile: &Profile) -> Value {
    let fields: Vec<Value> = profile
        .columns
        .iter()
        .map(|column| {
            let (kind, format) = schema_type(column.kind);
            let mut field = json!({ "name": column.name, "type": kind, "crmType": column.kind.as_str() });
            if let Some(format) = format {
                field["format"] = format.into();
            }
            let mut constraints = Map::new();
            if column.required {
                constraints.insert("required".into(), true.into());
            }
            if column.unique {
                constraints.insert("unique".into(), true.into());
            }
            if let Some(values) = &column.allowed {
                constraints.insert("enum".into(), json!(values));
            }
            if let Some(pattern) = &column.pattern {
                constraints.insert("pattern".into(), pattern.clone().into());
            }
            if let Some(n) = column.min_length {
                constraints.insert("minLength".into(), n.into());
            }
            if let Some(n) = column.max_length {
                constraints.insert("maxLength".into(), n.into());
            }
            if let Some(n) = column.minimum {
                constraints.insert("minimum".into(), json!(n));
            }
            if let Some(n) = column.maximum {
                constraints.insert("maximum".into(), json!(n));
            }
            if !constraints.is_empty() {
                field["constraints"] = Value::Object(constraints);
            }
            field
        })
        .collect();
    json!({ "fields": fields })
}

fn usize_of(value: &Value, what: &str) -> Result<usize> {
    value.as_u64().map(|n| n as usize).ok_or_else(|| Error::Profile(format!("{what} must be a whole number")))
}

/// A profile whose columns come from a Table Schema (everything else default).
pub fn from_table_schema(schema: &Value) -> Result<Profile> {
    let fields = schema
        .get("fields")
        .and_then(Value::as_array)
        .ok_or_else(|| Error::Profile("a Table Schema needs a \"fields\" array".into()))?;
    let mut profile = Profile::default();
    for field in fields {
        let field = field.as_object().ok_or_else(|| Error::Profile("each schema field must be an object".into()))?;
        let name = field
            .get("name")
            .and_then(Value::as_str)
            .ok_or_else(|| Error::Profile("each schema field needs a \"name\"".into()))?;
        let mut column = ColumnProfile { name: name.to_string(), kind: column_type(field)?, ..ColumnProfile::default() };
        let empty = Map::new();
        let constraints = field.get("constraints").and_then(Value::as_object).unwrap_or(&empty);
        for (key, value) in constraints {
            let what = format!("field {name:?} constraint {key}");
            match key.as_str() {
                "required" => column.required = value.as_bool().unwrap_or(false),
                "unique" => column.unique = value.as_bool().unwrap_or(false),
                "enum" => {
                    let values = value.as_array().ok_or_else(|| Error::Profile(format!("{what} must be a list")))?;
                    column.allowed = Some(values.iter().map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string)).collect());
                }
                "pattern" => column.pattern = value.as_str().map(str::to_string),
                "minLength" => column.min_length = Some(usize_of(value, &what)?),
                "maxLength" => column.max_length = Some(usize_of(value, &what)?),
                "minimum" => column.minimum = value.as_f64(),
                "maximum" => column.maximum = value.as_f64(),
                _ => return Err(Error::Profile(format!("{what} is not supported"))),
            }
        }
        profile.columns.push(column);
    }
    Ok(profile)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_keeps_types_and_constraints() {
        let mut profile = Profile::default();
        profile.columns.push(ColumnProfile {
            name: "邮箱".into(),
            kind: ColumnType::Email,
            required: true,
            unique: true,
            ..ColumnProfile::default()
        });
        profile.columns.push(ColumnProfile {
            name: "level".into(),
            kind: ColumnType::Category,
            allowed: Some(vec!["A".into(), "B".into()]),
            pattern: Some("[AB]".into()),
            min_length: Some(1),
            max_length: Some(1),
            ..ColumnProfile::default()
        });
        profile.columns.push(ColumnProfile { name: "age".into(), kind: ColumnType::Number, minimum: Some(0.0), maximum: Some(130.0), ..ColumnProfile::default() });
        let schema = to_table_schema(&profile);
        assert_eq!(schema["fields"][0]["type"], "string");
        assert_eq!(schema["fields"][0]["format"], "email");
        assert_eq!(schema["fields"][0]["constraints"]["unique"], true);
        assert_eq!(schema["fields"][2]["constraints"]["maximum"], 130.0);
        assert_eq!(from_table_schema(&schema).unwrap(), profile);
    }

    #[test]
    fn a_plain_frictionless_schema_maps_by_type_and_format() {
        let schema = json!({"fields": [
            {"name": "mail", "type": "string", "format": "email", "constraints": {"required": true}},
            {"name": "born", "type": "date"},
            {"name": "n", "type": "integer", "constraints": {"minimum": 1}},
            {"name": "x", "type": "boolean"}
        ]});
        let profile = from_table_schema(&schema).unwrap();
        let kinds: Vec<ColumnType> = profile.columns.iter().map(|c| c.kind).collect();
        assert_eq!(kinds, [ColumnType::Email, ColumnType::Date, ColumnType::Number, ColumnType::Text]);
        assert!(profile.columns[0].required);
        assert_eq!(profile.columns[2].minimum, Some(1.0));
    }

    #[test]
    fn bad_schemas_are_refused_with_the_reason() {
        assert!(from_table_schema(&json!({})).unwrap_err().to_string().contains("fields"));
        let e = from_table_schema(&json!({"fields": [{"name": "a", "constraints": {"exclusiveMinimum": 1}}]})).unwrap_err();
        assert!(e.to_string().contains("exclusiveMinimum"), "{e}");
    }
}
