//! `gate`: the alignment score must not fall below `gate.min-alignment`.

use super::Context;
use crate::finding::{Finding, Sink};
use crate::format::percent;
use crate::measure::alignment::Weighting;
use crate::vocab::Rule;

pub(super) fn check(ctx: &Context, sink: &mut Sink) {
    let Some(min) = sink.settings().min_alignment else {
        return;
    };
    let a = &ctx.analysis.alignment;
    let Some(score) = a.score else { return };
    if score + 1e-12 < min {
        let by = match a.weighting {
            Weighting::Budget => "by planned budget",
            Weighting::Count => "by project count",
        };
        sink.push(
            Finding::new(
                Rule::Gate,
                format!(
                    "alignment is {} ({by}; {} of {} active or proposed projects aligned), below the gate of {}",
                    percent(score),
                    a.aligned,
                    a.in_play,
                    percent(min)
                ),
            )
            .help("fix the orphan projects above, or lower `gate.min-alignment` in bearing.yaml"),
        );
    }
}
