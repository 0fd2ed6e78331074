//! "Did you mean": the known name closest to what was written, for keys, enum values,
//! ids in references and ids given on the command line. One measure everywhere, so that
//! every suggestion bearing makes is the same kind of guess.

/// The candidate closest to `written`, when it is close enough to be a slip: the same
/// text in another case or with other separators (`on hold`, `On-Hold`), or within two
/// typing mistakes for names longer than five characters (one for shorter names).
/// `None` when two candidates are equally close: a guess must be unambiguous.
pub(crate) fn closest<'k>(
    written: &str,
    candidates: impl IntoIterator<Item = &'k str>,
) -> Option<&'k str> {
    let folded = fold(written);
    let mut best: Option<(usize, &'k str)> = None;
    let mut tied = false;
    for candidate in candidates {
        if candidate == written {
            return Some(candidate);
        }
        let distance = if fold(candidate) == folded {
            0
        } else {
            edit_distance(&written.to_lowercase(), &candidate.to_lowercase())
        };
        let allowed = if candidate.chars().count() > 5 { 2 } else { 1 };
        if distance > allowed {
            continue;
        }
        match best {
            Some((d, c)) if distance == d && c != candidate => tied = true,
            Some((d, _)) if distance >= d => {}
            _ => {
                best = Some((distance, candidate));
                tied = false;
            }
        }
    }
    if tied { None } else { best.map(|(_, c)| c) }
}

/// Lower case with `-`, `_` and spaces removed: `On Hold`, `on_hold` and `on-hold` are
/// one name.
pub(crate) fn fold(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '-' | '_' | ' ' | '.'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Edit distance where swapping two neighbours counts as one mistake (`stauts`).
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > 3 {
        return a.len().abs_diff(b.len());
    }
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slips_are_found_and_ties_are_not_guessed() {
        let statuses = ["active", "achieved", "dropped", "on-hold"];
        assert_eq!(closest("Active", statuses), Some("active"));
        assert_eq!(closest("on hold", statuses), Some("on-hold"));
        assert_eq!(closest("actve", statuses), Some("active"));
        assert_eq!(closest("stauts", ["status", "stage"]), Some("status"));
        assert_eq!(closest("finished", statuses), None);
        assert_eq!(
            closest("KR-chrun", ["KR-churn", "KR-repeat"]),
            Some("KR-churn")
        );
        // One mistake from each of two names: no guess.
        assert_eq!(closest("KR-b", ["KR-a", "KR-c"]), None);
        assert_eq!(edit_distance("stauts", "status"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
