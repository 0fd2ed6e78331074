//! The site's pages about the plan as a whole: the index, the review of a period and
//! the changes.

use std::collections::HashMap;

use crate::measure::delivery::Quadrant;
use crate::model::Id;
use crate::report::markdown::projects_by_outcome;
use crate::report::model::{FindingEntry, ProjectEntry};
use crate::report::svg::{self, ImpactPoint};

use super::builder::{Builder, delivery_progress};
use super::contexts::{
    ChangesPage, ChartKey, FindingGroup, IndexPage, KrRow, MoveRow, OrphanRow, ProjectRow,
    ReviewPage, SiteInfo,
};
use super::{CHART_POINTS, INDEX_CHANGES, INDEX_FINDINGS, INDEX_ROWS};

impl<'a> Builder<'a> {
    pub(super) fn index(&self) -> IndexPage<'_> {
        let r = self.report;
        let at_risk: Vec<KrRow<'_>> = r
            .at_risk
            .iter()
            .take(INDEX_ROWS)
            .filter_map(|id| self.key_results.get(id.as_str()).copied())
            .map(|k| self.kr_row(k))
            .collect();
        let by_outcome = projects_by_outcome(r);
        let projects: Vec<ProjectRow<'_>> = by_outcome
            .iter()
            .take(INDEX_ROWS)
            .map(|p| self.project_row(p))
            .collect();
        let charted: Vec<&ProjectEntry> = by_outcome
            .iter()
            .copied()
            .filter(|p| !matches!(p.outcome, Quadrant::Stopped | Quadrant::Proposed))
            .collect();
        let points: Vec<ImpactPoint> = charted
            .iter()
            .take(CHART_POINTS)
            .enumerate()
            .map(|(i, p)| {
                let (delivery, basis) = delivery_progress(p, r.as_of);
                ImpactPoint {
                    id: p.id.to_string(),
                    title: p.title.clone(),
                    href: self.pages.file(&p.id),
                    delivered: p.delivery.delivered,
                    delivery,
                    basis,
                    number: i + 1,
                    impact: p.impact,
                    outcome: p.outcome,
                }
            })
            .collect();
        let key = points
            .iter()
            .zip(&charted)
            .map(|(point, p)| ChartKey {
                number: point.number,
                project: p,
                href: self.pages.href(p.id.as_str()),
                delivery: point.delivery,
                basis: point.basis.clone(),
                outcome_class: svg::outcome_class(p.outcome),
            })
            .collect();
        let mut findings: Vec<&FindingEntry> = r.findings.iter().collect();
        findings.sort_by_key(|f| f.level);
        let more_findings = findings.len().saturating_sub(INDEX_FINDINGS);
        findings.truncate(INDEX_FINDINGS);
        // Grouped by entity in order of each group's most severe finding (the list is
        // sorted by level, so a group's first finding is its worst).
        let mut groups: Vec<FindingGroup<'_>> = Vec::new();
        let mut group_of: HashMap<Option<&str>, usize> = HashMap::new();
        for f in findings {
            let key = f.entity.as_ref().map(Id::as_str);
            let at = *group_of.entry(key).or_insert_with(|| {
                groups.push(FindingGroup {
                    entity: key.map(|id| self.link(id)),
                    findings: Vec::new(),
                });
                groups.len() - 1
            });
            groups[at].findings.push(f);
        }
        let findings = groups;
        IndexPage {
            site: SiteInfo {
                current: "index",
                ..self.site
            },
            headline: &r.headline,
            goals: self.goal_tree(),
            at_risk,
            more_at_risk: r.at_risk.len().saturating_sub(INDEX_ROWS),
            orphans: r
                .orphans
                .iter()
                .take(INDEX_ROWS)
                .map(|o| OrphanRow {
                    orphan: o,
                    href: self.pages.href(o.id.as_str()),
                })
                .collect(),
            more_orphans: r.orphans.len().saturating_sub(INDEX_ROWS),
            chart: svg::delivery_impact_chart(&points),
            chart_key: key,
            charted: points.len(),
            chartable: charted.len(),
            projects,
            more_projects: r.projects.len().saturating_sub(INDEX_ROWS),
            findings,
            more_findings,
            changes: r
                .changes
                .iter()
                .take(INDEX_CHANGES)
                .map(|c| self.change_row(c))
                .collect(),
            more_changes: r.changes.len().saturating_sub(INDEX_CHANGES),
            review: r.review.as_ref(),
        }
    }

    pub(super) fn review(&self) -> ReviewPage<'_> {
        let review = self
            .report
            .review
            .as_ref()
            .expect("a review page only with a review");
        let moved = review
            .moved
            .iter()
            .map(|m| MoveRow {
                kr: m,
                href: self.pages.href(m.id.as_str()),
                bar: svg::progress_bar_since(m.progress_before, m.progress_after, m.track_after),
            })
            .collect();
        let ids = review
            .confidence
            .iter()
            .map(|c| &c.id)
            .chain(review.new_risks.iter().map(|r| &r.id))
            .chain(review.lowered_targets.iter().map(|l| &l.id))
            .chain(review.newly_orphaned.iter().map(|o| &o.id))
            .chain(review.added.iter().map(|a| &a.id))
            .chain(review.dropped.iter().map(|d| &d.id))
            .chain(review.changes.iter().map(|c| &c.id));
        let links = ids
            .map(|id| (id.as_str(), self.pages.href(id.as_str())))
            .collect();
        ReviewPage {
            site: SiteInfo {
                current: "review",
                ..self.site
            },
            review,
            moved,
            links,
        }
    }

    pub(super) fn changes(&self) -> ChangesPage<'_> {
        ChangesPage {
            site: SiteInfo {
                current: "changes",
                ..self.site
            },
            commits: &self.report.commits,
            changes: self
                .report
                .changes
                .iter()
                .map(|c| self.change_row(c))
                .collect(),
        }
    }
}
