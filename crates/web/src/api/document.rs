//! The OpenAPI document as served, with each record's schema written as one object.
//!
//! utoipa writes a record that flattens its input (`Activity` = `ActivityInput` + `RecordMeta` + its
//! id) as an `allOf` of the three. The input schemas forbid properties they do not name
//! (`additionalProperties: false`, from `deny_unknown_fields`: a request with an unknown field is
//! refused), and JSON Schema checks each part of an `allOf` on its own, so every record the API
//! returned broke its own schema for a strict client (and for the fuzzer's response check). Here such
//! an `allOf` of plain objects, wherever it is written, becomes the one object it describes, its
//! properties and required fields merged; the input schemas stay strict for requests.

use serde_json::{Map, Value};
use utoipa::openapi::OpenApi;

/// The document, as JSON, with every `allOf` of objects merged into one object. (JSON, because utoipa's types do not read back every schema they write.)
pub fn served(document: &OpenApi) -> Value {
    let mut json = serde_json::to_value(document).expect("an OpenAPI document serialises");
    let Some(schemas) = json.pointer("/components/schemas").and_then(Value::as_object).cloned() else { return json };
    merge_within(&mut json, &schemas);
    json
}

/// Merges every mergeable `allOf` in `value` and below it (a list's items are written inline).
fn merge_within(value: &mut Value, schemas: &Map<String, Value>) {
    if let Some(object) = merged(value, schemas) {
        *value = object;
    }
    match value {
        Value::Object(map) => map.values_mut().for_each(|v| merge_within(v, schemas)),
        Value::Array(items) => items.iter_mut().for_each(|v| merge_within(v, schemas)),
        _ => {}
    }
}

/// One object for an `allOf` whose parts are all objects (inline or by reference); `None` otherwise.
fn merged(schema: &Value, schemas: &Map<String, Value>) -> Option<Value> {
    let parts = schema.get("allOf")?.as_array()?;
    let mut properties = Map::new();
    let mut required: Vec<Value> = Vec::new();
    for part in parts {
        let part = match part.get("$ref").and_then(Value::as_str) {
            Some(reference) => schemas.get(reference.strip_prefix("#/components/schemas/")?)?,
            None => part,
        };
        // A part that is not a plain object (a `oneOf`, a nested `allOf`) is left as utoipa wrote it.
        if part.get("type").and_then(Value::as_str) != Some("object") || part.get("allOf").is_some() || part.get("oneOf").is_some() {
            return None;
        }
        properties.extend(part.get("properties").and_then(Value::as_object).cloned().unwrap_or_default());
        for field in part.get("required").and_then(Value::as_array).into_iter().flatten() {
            if !required.contains(field) {
                required.push(field.clone());
            }
        }
    }
    let mut object = Map::new();
    object.insert("type".into(), "object".into());
    if let Some(description) = schema.get("description") {
        object.insert("description".into(), description.clone());
    }
    object.insert("required".into(), Value::Array(required));
    object.insert("properties".into(), Value::Object(properties));
    Some(Value::Object(object))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_is_one_object_that_its_responses_satisfy_while_its_input_stays_strict() {
        let document = served(&crate::api::routes().split_for_parts().1);
        let schemas = &document["components"]["schemas"];
        let activity = &schemas["ActivityView"];
        assert!(activity.get("allOf").is_none(), "{activity}");
        for field in ["id", "title_th", "version", "participation_summary"] {
            assert!(activity["properties"].get(field).is_some(), "ActivityView lacks {field}");
        }
        assert!(activity["required"].as_array().unwrap().contains(&"id".into()));
        assert!(activity.get("additionalProperties").is_none());
        assert_eq!(schemas["ActivityInput"]["additionalProperties"], false, "requests still refuse unknown fields");
        let listed = &schemas["ListResponse_ActivityView"]["properties"]["items"]["items"];
        assert!(listed.get("allOf").is_none() && listed["properties"].get("id").is_some(), "a list's items: {listed}");
    }
}
