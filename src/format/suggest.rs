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
    let lower: Vec<char> = written.chars().flat_map(char::to_lowercase).collect();
    let folded: Vec<char> = folded_chars(written).collect();
    let mut best: Option<(usize, &'k str)> = None;
    let mut tied = false;
    let mut other: Vec<char> = Vec::with_capacity(64);
    for candidate in candidates {
        if candidate == written {
            return Some(candidate);
        }
        // Names of very different lengths are neither slips nor the same name written
        // with other separators: most candidates stop here, cheaply.
        if candidate.len().abs_diff(written.len()) > 4 {
            continue;
        }
        other.clear();
        other.extend(candidate.chars().flat_map(char::to_lowercase));
        let allowed = if other.len().max(lower.len()) > 5 {
            2
        } else {
            1
        };
        let distance = if folded_chars(candidate).eq(folded.iter().copied()) {
            0
        } else {
            match bounded_distance(&lower, &other, allowed) {
                Some(d) => d,
                None => continue,
            }
        };
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

/// The characters of [`fold`], without building the string.
fn folded_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars()
        .filter(|c| !matches!(c, '-' | '_' | ' ' | '.'))
        .flat_map(char::to_lowercase)
}

/// Lower case with `-`, `_` and spaces removed: `On Hold`, `on_hold` and `on-hold` are
/// one name.
pub(crate) fn fold(text: &str) -> String {
    folded_chars(text).collect()
}

/// Edit distance where swapping two neighbours counts as one mistake (`stauts`).
#[cfg(test)]
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    bounded_distance(&a, &b, usize::MAX).unwrap_or(usize::MAX)
}

/// The edit distance of `a` and `b` (swaps of neighbours count one), or `None` as soon
/// as it must exceed `max`: three rows, and no work past the bound.
fn bounded_distance(a: &[char], b: &[char], max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let width = b.len() + 1;
    let mut before: Vec<usize> = vec![0; width];
    let mut previous: Vec<usize> = (0..width).collect();
    let mut current: Vec<usize> = vec![0; width];
    // A swap reaches back two rows: stop only when two rows in a row are past the bound.
    let mut previous_min = 0;
    for i in 1..=a.len() {
        current[0] = i;
        let mut row_min = current[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(before[j - 2] + 1);
            }
            current[j] = best;
            row_min = row_min.min(best);
        }
        if row_min > max && previous_min > max {
            return None;
        }
        previous_min = row_min;
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    let d = previous[b.len()];
    (d <= max).then_some(d)
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
