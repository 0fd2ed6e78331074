//! The differential fuzz target of the YAML readers: every input that is UTF-8 is read
//! every way bearing can (`bearing::yaml::fuzzing::differential`): the fast reader
//! against granit, the builder against serde-saphyr's own deserialisation. A difference
//! is a panic, which AFL++ records as a crash, as it does any panic in the readers.

fn main() {
    afl::fuzz!(|data: &[u8]| {
        // The crate reads decoded text only; bytes that are not UTF-8 never reach YAML.
        let Ok(text) = std::str::from_utf8(data) else {
            return;
        };
        if let Err(difference) = bearing::yaml::fuzzing::differential(text) {
            panic!("{difference}\ninput: {text:?}");
        }
    });
}
