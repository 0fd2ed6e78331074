//! `bearing schema [KIND]`: print the JSON Schemas that editors and other tools use.

use std::io::Write;

use clap::Args;

use super::Outcome;
use super::common::CliError;

/// Print a JSON Schema of the plan format (draft-07).
///
/// `plan` (the default) accepts any plan document and dispatches on `kind`; `goal`,
/// `objective` and `project` are the kinds; `config` is bearing.yaml.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  bearing schema > plan.schema.json\n  bearing schema project")]
pub struct SchemaArgs {
    /// Which schema: plan, goal, objective, project or config.
    #[arg(value_name = "KIND", default_value = "plan", value_parser = clap::builder::PossibleValuesParser::new(crate::schema::NAMES))]
    pub kind: String,
}

pub(super) fn run(args: SchemaArgs, out: &mut dyn Write) -> Result<Outcome, CliError> {
    let text = crate::schema::text(&args.kind).ok_or_else(|| {
        CliError::usage(
            format!("no schema named `{}`", args.kind),
            "use plan, goal, objective, project or config",
        )
    })?;
    out.write_all(text.as_bytes())?;
    Ok(Outcome::Clean)
}
