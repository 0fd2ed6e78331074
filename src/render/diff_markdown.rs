//! `bearing diff --format markdown`: one pull-request comment. What a reviewer must see
//! comes first — lowered targets, newly orphaned projects, the alignment change — and
//! the detail follows in collapsible `<details>` blocks.
//!
//! User text is escaped so that tables and lists stay intact (docs/threat-model.md H8) and
//! `@mentions` in titles notify no one; the comment stays under GitHub's 65,536
//! characters, with a note saying what was left out (A5).

use super::changes::{field_line, headline, sign};
use super::diff::{DiffView, alignment_line, score};
use crate::change::diff::ChangeKind;
use crate::change::snapshot::Side;
use crate::format::markdown::escape;
use crate::format::{number, percent, quantity, signed};

/// GitHub refuses comments longer than this many characters.
pub(crate) const COMMENT_LIMIT: usize = 65_536;
/// Room kept for the closing note.
const RESERVE: usize = 400;

fn code(id: &str) -> String {
    // Ids are checked against `^[A-Za-z][A-Za-z0-9_.-]{0,63}$`: safe in a code span.
    format!("`{id}`")
}

/// Builds the comment within the size limit.
struct Comment {
    text: String,
    left_out: usize,
}

impl Comment {
    fn fits(&self, extra: usize) -> bool {
        self.text.len() + extra + RESERVE <= COMMENT_LIMIT
    }

    fn line(&mut self, line: &str) {
        if self.fits(line.len() + 1) {
            self.text.push_str(line);
            self.text.push('\n');
        } else {
            self.left_out += 1;
        }
    }

    /// A heading (or `<details>` opening), as many items as fit, and the closing text.
    fn block(&mut self, head: &str, items: &[String], tail: &str) {
        if items.is_empty() {
            return;
        }
        if !self.fits(head.len() + tail.len() + 2) {
            self.left_out += items.len();
            return;
        }
        self.text.push_str(head);
        self.text.push('\n');
        for (n, item) in items.iter().enumerate() {
            if self.fits(item.len() + tail.len() + 2) {
                self.text.push_str(item);
                self.text.push('\n');
            } else {
                self.left_out += items.len() - n;
                break;
            }
        }
        self.text.push_str(tail);
        self.text.push('\n');
    }
}

pub(crate) fn render(view: &DiffView) -> String {
    let (d, i) = (view.diff, view.impact);
    let mut c = Comment {
        text: String::new(),
        left_out: 0,
    };
    c.line(&format!(
        "### bearing: plan change {} → {}",
        code_or_text(&view.base.label()),
        code_or_text(&view.head.label())
    ));
    c.line("");

    let lowered: Vec<String> = i
        .lowered_targets
        .iter()
        .map(|l| {
            let of = l
                .objective
                .as_ref()
                .map(|o| format!(" of {}", code(o.as_str())))
                .unwrap_or_default();
            format!(
                "| {} {}{of} — {} | {} → {} | {} | **{}** |",
                l.kind.noun(),
                code(l.id.as_str()),
                escape(&l.title),
                escape(&quantity(l.lowering.from, l.unit.as_deref())),
                escape(&quantity(l.lowering.to, l.unit.as_deref())),
                escape(&quantity(l.lowering.baseline, l.unit.as_deref())),
                percent(l.lowering.given_up)
            )
        })
        .collect();
    c.block(
        &format!(
            "#### Lowered targets ({})\n\n| target | from → to | baseline | improvement given up |\n|---|---|---|---|",
            lowered.len()
        ),
        &lowered,
        "",
    );

    let orphans: Vec<String> = i
        .newly_orphaned
        .iter()
        .map(|p| {
            format!(
                "- {}{} — {}: {}",
                code(p.id.as_str()),
                if p.added { " (new)" } else { "" },
                escape(&p.title),
                p.why.as_deref().map_or_else(String::new, escape_why)
            )
        })
        .collect();
    c.block(
        &format!("#### Newly orphaned projects ({})\n", orphans.len()),
        &orphans,
        "",
    );
    let objectives: Vec<String> = i
        .newly_orphaned_objectives
        .iter()
        .map(|o| {
            format!(
                "- {}{} — {}: {}",
                code(o.id.as_str()),
                if o.added { " (new)" } else { "" },
                escape(&o.title),
                o.why.as_deref().map_or_else(String::new, escape_why)
            )
        })
        .collect();
    c.block(
        &format!("#### Newly orphaned objectives ({})\n", objectives.len()),
        &objectives,
        "",
    );

    let alignment_changed = i.alignment.before.score != i.alignment.after.score;
    c.line(&format!(
        "**Alignment {} → {}**{}",
        score(&i.alignment.before),
        score(&i.alignment.after),
        if alignment_changed {
            ""
        } else {
            " (unchanged)"
        }
    ));
    c.line(&format!("<sub>{}</sub>", escape(&alignment_line(i))));
    c.line("");

    let stranded: Vec<String> = i
        .left_without_projects
        .iter()
        .map(|s| {
            let had: Vec<String> = s.projects_before.iter().map(|p| code(p.as_str())).collect();
            format!(
                "- {} {} — {} (had {})",
                s.kind.noun(),
                code(s.id.as_str()),
                escape(&s.title),
                had.join(", ")
            )
        })
        .collect();
    c.block(
        &format!(
            "#### Left without active or proposed projects ({})\n",
            stranded.len()
        ),
        &stranded,
        "",
    );

    let summary = format!(
        "{} added, {} removed, {} changed, {} moved",
        d.count(ChangeKind::Added),
        d.count(ChangeKind::Removed),
        d.count(ChangeKind::Changed),
        d.moves.len()
    );
    if d.changes.is_empty() && d.moves.is_empty() {
        c.line("No semantic change to the plan.");
    }

    let slipped: Vec<String> = i
        .slipped
        .iter()
        .map(|s| {
            format!(
                "| {} {} | {} | {} → {} | +{} |",
                s.kind.noun(),
                code(s.id.as_str()),
                s.field,
                escape(&s.from),
                escape(&s.to),
                crate::format::count(usize::try_from(s.days).unwrap_or(0), "day", "days")
            )
        })
        .collect();
    c.block(
        &format!(
            "<details><summary>Slipped dates and periods ({})</summary>\n\n| entity | field | from → to | later by |\n|---|---|---|---|",
            slipped.len()
        ),
        &slipped,
        "\n</details>\n",
    );

    let mut budgets: Vec<String> = i
        .budgets
        .iter()
        .map(|b| {
            let amount = |v: Option<f64>| v.map_or("—".to_owned(), number);
            format!(
                "| {} — {} | {} → {} {} | {} |",
                code(b.id.as_str()),
                escape(&b.title),
                amount(b.from),
                amount(b.to),
                b.currency.as_deref().map(escape).unwrap_or_default(),
                b.delta.map_or("currency changed".to_owned(), signed)
            )
        })
        .collect();
    budgets.extend(i.budget_totals.iter().map(|t| {
        format!(
            "| **all active and proposed projects** | {} → {} {} | {} |",
            number(t.from),
            number(t.to),
            t.currency.as_deref().map(escape).unwrap_or_default(),
            signed(t.delta)
        )
    }));
    c.block(
        &format!(
            "<details><summary>Budget changes ({})</summary>\n\n| project | planned | delta |\n|---|---|---|",
            i.budgets.len()
        ),
        &budgets,
        "\n</details>\n",
    );

    let aligned: Vec<String> = i
        .newly_aligned
        .iter()
        .map(|p| format!("- {} — {}", code(p.id.as_str()), escape(&p.title)))
        .collect();
    c.block(
        &format!(
            "<details><summary>Newly aligned projects ({})</summary>\n",
            aligned.len()
        ),
        &aligned,
        "\n</details>\n",
    );

    let mut changes: Vec<String> = Vec::new();
    for ch in &d.changes {
        let mut item = format!(
            "- {} {}",
            sign_word(ch.change),
            headline(ch, &code, &escape)
        );
        for f in &ch.fields {
            item.push_str(&format!("\n  - {}", field_line(f, &escape)));
        }
        changes.push(item);
    }
    changes.extend(d.moves.iter().map(|m| {
        format!(
            "- moved {} {}: {} → {} (not a change)",
            m.kind.noun(),
            code(m.id.as_str()),
            escape(&m.from),
            escape(&m.to)
        )
    }));
    c.block(
        &format!("<details><summary>All changes: {summary}</summary>\n"),
        &changes,
        "\n</details>\n",
    );

    let problems: Vec<String> = view
        .problems
        .iter()
        .map(|(side, p)| {
            let rev = match side {
                Side::Base => &view.base.rev,
                Side::Head => &view.head.rev,
            };
            format!(
                "- {}:{} — {}",
                escape(rev),
                escape(&p.path),
                escape(&p.message)
            )
        })
        .collect();
    c.block(
        "#### Files that could not be read (the diff is incomplete)\n",
        &problems,
        "",
    );

    if c.left_out > 0 {
        c.text.push_str(&format!(
            "\n_{} more {} not shown: a comment is limited to {} characters. Run `bearing diff` for everything._\n",
            c.left_out,
            if c.left_out == 1 { "item" } else { "items" },
            COMMENT_LIMIT
        ));
    }
    c.text
}

/// A `why` sentence is built by bearing from ids in backticks and fixed words: escape
/// only what is outside the code spans.
fn escape_why(why: &str) -> String {
    why.split('`')
        .enumerate()
        .map(|(n, part)| {
            if n % 2 == 1 {
                format!("`{part}`")
            } else {
                escape(part)
            }
        })
        .collect()
}

fn code_or_text(label: &str) -> String {
    format!("`{}`", label.replace('`', "'"))
}

fn sign_word(kind: ChangeKind) -> String {
    format!("**{}**", sign(kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_text_cannot_break_a_table_or_mention() {
        let e = escape("a | b *c* <script> @team\nnext `x`");
        assert!(!e.contains(" | "), "{e}");
        assert!(!e.contains('\n'));
        assert!(e.contains("\\<script\\>"));
        assert!(!e.contains("@team"));
        assert!(e.contains("\\`x\\`"));
    }

    #[test]
    fn why_keeps_its_code_spans() {
        assert_eq!(
            escape_why("`P-a` traces to `O-b`, which is dropped"),
            "`P-a` traces to `O-b`, which is dropped"
        );
    }
}
