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
    // Keys, enum values and ids are short: a long text (a hostile megabyte where a
    // status goes) can only be one of them written exactly, and is never read letter by
    // letter.
    if written.len() > LONGEST_NAME {
        return candidates.into_iter().find(|c| *c == written);
    }
    let lower: Vec<char> = written.chars().flat_map(char::to_lowercase).collect();
    let folded: Vec<char> = folded_chars(written).collect();
    let mut best: Option<(usize, &'k str)> = None;
    let mut tied = false;
    // Reused for every candidate: an id given to `trace` is compared with every id of a
    // plan of tens of thousands, so nothing is allocated per candidate.
    let mut other: Vec<char> = Vec::with_capacity(64);
    let mut rows = Rows::default();
    let mut letters = Letters::new(&lower);
    for candidate in candidates {
        if candidate == written {
            return Some(candidate);
        }
        // Names of very different lengths are neither slips nor the same name written
        // with other separators: most candidates stop here, cheaply.
        if candidate.len().abs_diff(written.len()) > 4 {
            continue;
        }
        let ascii = candidate.is_ascii();
        let length = if ascii {
            candidate.len()
        } else {
            candidate.chars().flat_map(char::to_lowercase).count()
        };
        let allowed = if length.max(lower.len()) > 5 { 2 } else { 1 };
        if ascii && letters.too_different(candidate, allowed) {
            continue;
        }
        let distance = if same_when_folded(candidate, &folded) {
            0
        } else {
            other.clear();
            if ascii {
                other.extend(
                    candidate
                        .bytes()
                        .map(|b| char::from(b.to_ascii_lowercase())),
                );
            } else {
                other.extend(candidate.chars().flat_map(char::to_lowercase));
            }
            match rows.bounded_distance(&lower, &other, allowed) {
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

/// Which characters a name holds (lower case, separators left out), as bits: one
/// mistake adds or removes at most two, so names whose signatures differ in more than
/// four bits are never within [`closest`]'s reach of each other. A caller that guesses
/// against the same tens of thousands of ids many times computes theirs once, and
/// passes on to `closest` only the ids [`may_be_close`] keeps.
pub(crate) fn signature(name: &str) -> u64 {
    // A multiplicative hash to six bits: `% 64` would put `r` and `2` together.
    let bit = |c: u32| 1 << (c.wrapping_mul(0x9E37_79B9) >> 26);
    if name.is_ascii() {
        // Every id: no Unicode tables.
        return name
            .bytes()
            .filter(|&b| !is_separator(b))
            .fold(0, |bits, b| bits | bit(u32::from(b.to_ascii_lowercase())));
    }
    name.chars()
        .filter(|&c| !matches!(c, '-' | '_' | ' ' | '.'))
        .flat_map(char::to_lowercase)
        .fold(0, |bits, c| bits | bit(u32::from(c)))
}

/// Whether names of these signatures may be close enough for [`closest`] to choose.
pub(crate) fn may_be_close(a: u64, b: u64) -> bool {
    (a ^ b).count_ones() <= 4
}

/// The longest text [`closest`] compares letter by letter, in bytes.
const LONGEST_NAME: usize = 256;

/// How many times each ASCII character but the separators occurs in the written name,
/// in lower case, to drop at once a candidate made of other characters: one mistake (a
/// character changed, added, removed or two swapped) changes the counts by at most two,
/// so names whose counts differ by more than twice the allowed mistakes are not slips;
/// and the same name with other separators has the same counts. Most ids of a large plan
/// stop here, before the edit-distance table.
struct Letters {
    counts: Option<[i32; 128]>,
    /// How many characters were counted.
    total: usize,
}

impl Letters {
    fn new(lower: &[char]) -> Letters {
        let mut counts = [0i32; 128];
        let mut total = 0;
        for &c in lower {
            match u8::try_from(c) {
                Ok(byte) if byte < 128 => {
                    if !is_separator(byte) {
                        counts[usize::from(byte)] += 1;
                        total += 1;
                    }
                }
                _ => {
                    return Letters {
                        counts: None,
                        total,
                    };
                }
            }
        }
        Letters {
            counts: Some(counts),
            total,
        }
    }

    /// Whether the ASCII name `candidate` is more than `allowed` mistakes away.
    fn too_different(&mut self, candidate: &str, allowed: usize) -> bool {
        let Some(counts) = &mut self.counts else {
            return false;
        };
        // The sum of the differences of the counts, kept as each character is taken
        // away: taking one the written name still has left brings them closer.
        let mut changed = self.total;
        let letters = candidate.bytes().filter(|&b| !is_separator(b));
        for b in letters.clone() {
            let count = &mut counts[usize::from(b.to_ascii_lowercase())];
            if *count > 0 {
                changed -= 1;
            } else {
                changed += 1;
            }
            *count -= 1;
        }
        for b in letters {
            counts[usize::from(b.to_ascii_lowercase())] += 1;
        }
        changed > 2 * allowed
    }
}

/// The characters [`fold`] leaves out.
fn is_separator(byte: u8) -> bool {
    matches!(byte, b'-' | b'_' | b' ' | b'.')
}

/// Whether `candidate` folds to `folded` (see [`fold`]).
fn same_when_folded(candidate: &str, folded: &[char]) -> bool {
    if candidate.is_ascii() {
        let mut rest = folded.iter();
        candidate
            .bytes()
            .filter(|&b| !is_separator(b))
            .all(|b| rest.next() == Some(&char::from(b.to_ascii_lowercase())))
            && rest.next().is_none()
    } else {
        folded_chars(candidate).eq(folded.iter().copied())
    }
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
    Rows::default()
        .bounded_distance(&a, &b, usize::MAX)
        .unwrap_or(usize::MAX)
}

/// The three rows of the edit-distance table, kept between candidates.
#[derive(Default)]
struct Rows {
    before: Vec<usize>,
    previous: Vec<usize>,
    current: Vec<usize>,
}

impl Rows {
    /// The edit distance of `a` and `b` (swaps of neighbours count one), or `None` as
    /// soon as it must exceed `max`: no work past the bound.
    fn bounded_distance(&mut self, a: &[char], b: &[char], max: usize) -> Option<usize> {
        if a.len().abs_diff(b.len()) > max {
            return None;
        }
        let width = b.len() + 1;
        let Rows {
            before,
            previous,
            current,
        } = self;
        before.clear();
        before.resize(width, 0);
        previous.clear();
        previous.extend(0..width);
        current.clear();
        current.resize(width, 0);
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
            std::mem::swap(before, previous);
            std::mem::swap(previous, current);
        }
        let d = previous[b.len()];
        (d <= max).then_some(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_megabyte_of_one_letter_is_no_slip_and_no_crash() {
        let statuses = ["active", "achieved", "dropped", "on-hold"];
        let long = "x".repeat(500_000);
        assert_eq!(closest(&long, statuses), None);
        // Below the cut, a letter counted past i16 once overflowed.
        let many = "x".repeat(LONGEST_NAME);
        assert_eq!(closest(&many, [many.as_str()]), Some(many.as_str()));
        assert_eq!(closest(&many, statuses), None);
    }

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
        // The letter counts drop only what the distance would: a swap, a change, an
        // addition still get through.
        assert_eq!(closest("KR-0021", ["KR-0012", "KR-9999"]), Some("KR-0012"));
        assert_eq!(closest("KR-0021", ["KR-0031", "KR-9999"]), Some("KR-0031"));
        assert_eq!(closest("KR-00211", ["KR-0021", "KR-9999"]), Some("KR-0021"));
        assert_eq!(closest("KR-0021", ["KR-9934"]), None);
        // The signatures keep what `closest` may choose.
        for (a, b) in [
            ("KR-0021", "KR-0012"),
            ("on hold", "On-Hold"),
            ("actve", "active"),
            ("KR-chrun", "KR-churn"),
            ("stauts", "status"),
            ("KR-00211", "kr-0021"),
        ] {
            assert!(may_be_close(signature(a), signature(b)), "{a} {b}");
        }
        assert!(!may_be_close(signature("KR-0523"), signature("KR-9999")));
        assert_eq!(signature("Ünïcode-X"), signature("ünïcodex"));
    }
}
