//! Texts in Finnish, Swedish and English, from Fluent files.

use std::collections::BTreeMap;
use std::path::Path;

use fluent_bundle::{FluentBundle, FluentResource};

use crate::error::{ContentError, ContentErrors};

/// A language Retki speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, clap::ValueEnum)]
pub enum Lang {
    /// Finnish (the default).
    Fi,
    /// Swedish.
    Sv,
    /// English.
    En,
}

impl Lang {
    /// Every language, in the order they are checked.
    pub const ALL: [Lang; 3] = [Lang::Fi, Lang::Sv, Lang::En];

    /// The language's code (`fi`, `sv`, `en`), also its folder under `assets/locales/`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fi => "fi",
            Lang::Sv => "sv",
            Lang::En => "en",
        }
    }

    /// This language's one of `three`, which are in Finnish, Swedish, English order (as
    /// [`Lang::ALL`]).
    pub fn pick<T>(self, three: &[T; 3]) -> &T {
        match self {
            Lang::Fi => &three[0],
            Lang::Sv => &three[1],
            Lang::En => &three[2],
        }
    }
}

/// Every text of a place in every language, formatted once when read (the texts take no
/// arguments).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Texts {
    by_lang: BTreeMap<Lang, BTreeMap<String, String>>,
}

impl Texts {
    /// Reads `assets/locales/{fi,sv,en}/SCENE.ftl`, adding any problem to `errors`: a file
    /// that is missing or does not parse, and a text that one language has and another lacks.
    pub fn load(assets: &Path, scene: &str, errors: &mut ContentErrors) -> Self {
        let mut texts = Texts::default();
        for lang in Lang::ALL {
            let path = assets
                .join("locales")
                .join(lang.code())
                .join(format!("{scene}.ftl"));
            match std::fs::read_to_string(&path) {
                Ok(source) => {
                    let messages = read_fluent(&path, &source, lang, errors);
                    texts.by_lang.insert(lang, messages);
                }
                Err(e) => errors.push(ContentError::whole(
                    &path,
                    format!("cannot read the {} texts: {e}", lang.code()),
                )),
            }
        }
        texts.check_languages_agree(assets, scene, errors);
        texts
    }

    /// The text `key` in `lang`.
    pub fn get(&self, lang: Lang, key: &str) -> Option<&str> {
        self.by_lang.get(&lang)?.get(key).map(String::as_str)
    }

    /// The keys `lang` has.
    pub fn keys(&self, lang: Lang) -> impl Iterator<Item = &str> {
        self.by_lang
            .get(&lang)
            .into_iter()
            .flat_map(|m| m.keys().map(String::as_str))
    }

    /// Every key that some language has and `lang` lacks is an error in `lang`'s file.
    fn check_languages_agree(&self, assets: &Path, scene: &str, errors: &mut ContentErrors) {
        let all: std::collections::BTreeSet<&String> =
            self.by_lang.values().flat_map(|m| m.keys()).collect();
        for (lang, own) in &self.by_lang {
            for key in all.iter().filter(|k| !own.contains_key(k.as_str())) {
                let having: Vec<&str> = self
                    .by_lang
                    .iter()
                    .filter(|(_, m)| m.contains_key(key.as_str()))
                    .map(|(l, _)| l.code())
                    .collect();
                let path = assets
                    .join("locales")
                    .join(lang.code())
                    .join(format!("{scene}.ftl"));
                errors.push(ContentError::whole(
                    &path,
                    format!(
                        "no text '{key}', which {} {}: add it in {}",
                        having.join(" and "),
                        if having.len() == 1 { "has" } else { "have" },
                        lang.code()
                    ),
                ));
            }
        }
    }
}

/// Parses one Fluent file and formats each of its messages.
fn read_fluent(
    path: &Path,
    source: &str,
    lang: Lang,
    errors: &mut ContentErrors,
) -> BTreeMap<String, String> {
    let resource = match FluentResource::try_new(source.to_string()) {
        Ok(resource) => resource,
        Err((resource, parse_errors)) => {
            for e in parse_errors {
                errors.push(ContentError::at(
                    path,
                    source,
                    e.pos.start,
                    "",
                    format!("not valid Fluent: {}", e.kind),
                ));
            }
            resource
        }
    };
    let ids: Vec<String> = resource
        .entries()
        .filter_map(|entry| match entry {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
            _ => None,
        })
        .collect();
    let langid = lang
        .code()
        .parse()
        .expect("fi, sv and en are language identifiers");
    let mut bundle = FluentBundle::new(vec![langid]);
    // Plain text for panels and logs, without Unicode direction marks around placeables.
    bundle.set_use_isolating(false);
    bundle.add_resource(resource).unwrap_or_else(|overriding| {
        for e in overriding {
            errors.push(ContentError::whole(
                path,
                format!("{e:?}: each id once, please"),
            ));
        }
    });
    let mut messages = BTreeMap::new();
    for id in ids {
        let Some(pattern) = bundle.get_message(&id).and_then(|m| m.value()) else {
            errors.push(ContentError::whole(
                path,
                format!("message '{id}' has no text (only attributes): give it a value"),
            ));
            continue;
        };
        let mut format_errors = Vec::new();
        let text = bundle.format_pattern(pattern, None, &mut format_errors);
        for e in format_errors {
            errors.push(ContentError::whole(path, format!("message '{id}': {e}")));
        }
        messages.insert(id, text.into_owned());
    }
    messages
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, lang: &str, text: &str) {
        let folder = dir.join("locales").join(lang);
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("test.ftl"), text).unwrap();
    }

    fn temp(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("retki-locale-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn languages_are_typed_by_code() {
        use clap::ValueEnum;
        for lang in Lang::ALL {
            assert_eq!(Lang::from_str(lang.code(), false), Ok(lang));
        }
    }

    #[test]
    fn terms_are_resolved_and_texts_kept_per_language() {
        let dir = temp("ok");
        write(&dir, "fi", "-moon = Kuu\nhello = Hei, { -moon }!\n");
        write(&dir, "sv", "hello = Hej, månen!\n");
        write(&dir, "en", "hello = Hello, Moon!\n");
        let mut errors = ContentErrors::default();
        let texts = Texts::load(&dir, "test", &mut errors);
        assert!(errors.is_empty(), "{errors}");
        assert_eq!(texts.get(Lang::Fi, "hello"), Some("Hei, Kuu!"));
        assert_eq!(texts.get(Lang::Sv, "hello"), Some("Hej, månen!"));
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_key_missing_in_one_language_is_named() {
        let dir = temp("missing");
        write(&dir, "fi", "a = yksi\nb = kaksi\n");
        write(&dir, "sv", "a = ett\n");
        write(&dir, "en", "a = one\nb = two\n");
        let mut errors = ContentErrors::default();
        Texts::load(&dir, "test", &mut errors);
        let text = errors.to_string();
        assert_eq!(errors.0.len(), 1, "{text}");
        assert!(
            text.contains("sv/test.ftl: no text 'b', which fi and en have: add it in sv"),
            "{text}"
        );
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_syntax_error_names_line_and_column() {
        let dir = temp("syntax");
        write(&dir, "fi", "a = yksi\n\nb = { \n");
        write(&dir, "sv", "a = ett\n");
        write(&dir, "en", "a = one\n");
        let mut errors = ContentErrors::default();
        Texts::load(&dir, "test", &mut errors);
        let text = errors.to_string();
        // The parser stops where the placeable should have ended: the start of line 4.
        assert!(text.contains("fi/test.ftl:4:1: not valid Fluent"), "{text}");
        assert!(text.contains("not valid Fluent"), "{text}");
        std::fs::remove_dir_all(dir).unwrap();
    }
}
