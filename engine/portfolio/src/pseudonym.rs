//! The names pupils go by in a class session, and the learner ids they stand for.
//!
//! A pupil joins a session with their class's join code and a name of their own choosing
//! ("Kettu 7"). Within a class, the same name is the same learner: their learner id is a
//! keyed hash (HMAC-SHA-256) of the class and the name under a secret that only the store
//! holds ([`crate::store::Store::learner_key`]). It is the same id on every join, so a
//! pupil's export and erasure reach everything they did in every session; it gives neither
//! the name nor the class away, and nobody without the store can make it.

use crate::store::hmac_sha256_hex;

/// Hexadecimal digits of the HMAC a learner id keeps: 64 bits, so that two of a school's
/// pupils sharing an id is out of the question (about one chance in 10⁹ among a million
/// pupils, by the birthday bound n²/2⁶⁵).
const ID_HEX_DIGITS: usize = 16;

/// The form in which two names are the same: without case or accents, and with space, `-`
/// and `_` alike ("Kettu 7", "kettu-7" and "KETTU_7" are one name; so are "Lärare" and
/// "larare").
pub fn pseudonym_key(name: &str) -> String {
    use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};
    let mut key = String::new();
    let mut gap = false;
    for c in name.nfkd().filter(|c| !is_combining_mark(*c)) {
        if matches!(c, ' ' | '-' | '_') {
            gap = !key.is_empty();
            continue;
        }
        if gap {
            key.push(' ');
            gap = false;
        }
        key.extend(c.to_lowercase());
    }
    key
}

/// The learner id of the pupil called `name` in `class`, under the store's learner key:
/// `p-` and 16 hexadecimal digits. Names that are the same by [`pseudonym_key`] give the same
/// id, and so do `7B` and ` 7b `.
pub fn learner_id(key: &[u8], class: &str, name: &str) -> String {
    let class = pseudonym_key(class);
    let name = pseudonym_key(name);
    let mac = hmac_sha256_hex(key, format!("{class}\n{name}").as_bytes());
    format!("p-{}", &mac[..ID_HEX_DIGITS])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_the_same_without_case_accents_or_separators() {
        assert_eq!(pseudonym_key("Kettu 7"), pseudonym_key("kettu-7"));
        assert_eq!(pseudonym_key("KETTU__7"), pseudonym_key("kettu 7"));
        assert_eq!(pseudonym_key("Äijä"), "aija");
        assert_ne!(pseudonym_key("Kettu 7"), pseudonym_key("Kettu 71"));
    }

    #[test]
    fn one_name_in_one_class_is_one_learner_under_one_key() {
        let key = b"the store's learner key";
        let id = learner_id(key, "7B", "Kettu 7");
        assert!(
            id.starts_with("p-") && id.len() == 2 + ID_HEX_DIGITS,
            "{id}"
        );
        assert_eq!(id, learner_id(key, " 7b", "kettu-7"));
        assert_ne!(id, learner_id(key, "7C", "Kettu 7"), "another class");
        assert_ne!(id, learner_id(key, "7B", "Kettu 8"), "another name");
        assert_ne!(id, learner_id(b"another store", "7B", "Kettu 7"));
        // The class and the name cannot trade characters across the separator.
        assert_ne!(
            learner_id(key, "7", "b kettu"),
            learner_id(key, "7 b", "kettu")
        );
    }
}
