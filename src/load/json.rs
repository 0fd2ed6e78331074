//! A YAML node as the JSON value the schema validator checks.

use serde_json::{Map, Number, Value as Json};

use crate::yaml::node::{Node, Value};

pub(super) fn to_json(node: &Node) -> Json {
    match &node.value {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(i) => Json::Number((*i).into()),
        Value::UInt(u) => Json::Number((*u).into()),
        // `.nan` and `.inf` have no JSON form: keep their text so that the schema
        // reports a string where a number was expected.
        Value::Float(f) => {
            Number::from_f64(*f).map_or_else(|| Json::String(f.to_string()), Json::Number)
        }
        Value::Str(s) => Json::String(String::from(&**s)),
        Value::Seq(items) => Json::Array(items.iter().map(to_json).collect()),
        Value::Map(entries) => {
            let mut map = Map::with_capacity(entries.len());
            for (key, value) in entries {
                map.insert(key.name.as_str().to_owned(), to_json(value));
            }
            Json::Object(map)
        }
    }
}
