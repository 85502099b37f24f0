//! What the lobby's board shows and what each press on it does, with no Bevy: the start
//! screen (the places, "Join a class", the language), the classes found on the network, an
//! address typed by hand, the join code on a keypad, and the name; or, for the teacher, the
//! session's teacher key. The board is a grid of
//! [`COLUMNS`] × [`ROWS`] cells; every line and button has its rectangle in cells, which the
//! plugin turns into pixels of the board's texture and into colliders for the pointer.

use retki_content::Lang;
use retki_input::comfort::Setting;
use retki_session::code::{ALPHABET, CODE_LEN};
use retki_session::discovery::FoundClass;
use retki_session::protocol::{PSEUDONYM_CHARS, check_pseudonym};

/// Cells across the board.
pub const COLUMNS: f32 = 16.0;
/// Cells down the board.
pub const ROWS: f32 = 9.0;
/// Most classes listed at once (a school rarely has more lessons at once on one network).
pub const MAX_LISTED: usize = 6;
/// Most characters of a typed address (`HOST:PORT`).
pub const MAX_ADDRESS: usize = 64;
/// The name keypad: letters, the Finnish and Swedish ones, digits and a space.
pub const NAME_KEYS: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖ0123456789 ";
/// The address keypad: digits and what host names and ports need.
pub const ADDRESS_KEYS: &str = "0123456789.:-abcdefghijklmnopqrstuvwxyz";
/// The teacher key's keypad: it is 32 hexadecimal digits (`retki serve` and
/// `retki lesson run` print it).
pub const KEY_KEYS: &str = "0123456789abcdef";
/// How many digits a teacher key has.
pub const KEY_LEN: usize = 32;

/// A rectangle of the board, in cells from its top left corner.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Cells {
    /// Left edge.
    pub x: f32,
    /// Top edge.
    pub y: f32,
    /// Width.
    pub w: f32,
    /// Height.
    pub h: f32,
}

const fn cells(x: f32, y: f32, w: f32, h: f32) -> Cells {
    Cells { x, y, w, h }
}

impl Cells {
    /// The centre, in cells.
    pub fn centre(&self) -> (f32, f32) {
        (self.x + self.w / 2.0, self.y + self.h / 2.0)
    }
}

/// Which page of the lobby is open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    /// The places, "Join a class" and the language.
    Start,
    /// The classes announced on the network.
    Classes,
    /// A server's address, typed.
    Address,
    /// The join code.
    Code,
    /// The name the class sees.
    Name,
    /// The teacher key, for the session's teacher.
    Key,
    /// Waiting for the server to let the pupil in.
    Joining,
    /// Comfort and access.
    Comfort,
}

/// What a button does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Press {
    /// Open the n-th place (from 0) on one's own.
    Place(usize),
    /// Go to the classes found on the network.
    JoinClass,
    /// Join the chosen class as its teacher: type the teacher key instead of a code.
    Teach,
    /// The next language.
    Language,
    /// Choose the n-th class listed.
    Class(usize),
    /// Type a server's address instead.
    TypeAddress,
    /// Type a character into the open field.
    Type(char),
    /// Take back the last character.
    Erase,
    /// Go on with what is typed.
    Next,
    /// Back to the page before.
    Back,
    /// Take the n-th suggested name and join.
    Suggestion(usize),
    /// Open comfort and access.
    Comfort,
    /// Switch a comfort or access setting.
    Toggle(Setting),
}

/// A text to show: one of the lobby's own (a Fluent key of `lobby.ftl`), or words as they
/// came (a server's reason, a typed field).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Words {
    /// The lobby's text with this key, in the chosen language.
    Key(&'static str),
    /// This text as it is.
    Said(String),
    /// The n-th place's title, in the chosen language.
    Place(usize),
    /// The n-th class found: its name, place and lesson.
    Class(usize),
    /// A comfort or access setting and whether it is on.
    Setting(Setting),
}

/// How a line of text is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Look {
    /// The page's title.
    Title,
    /// A field being typed into.
    Field,
    /// A note: what to do, or what went wrong.
    Note,
    /// What went wrong.
    Problem,
}

/// A line of text on the board.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    /// What it says.
    pub words: Words,
    /// Where it is.
    pub at: Cells,
    /// How it looks.
    pub look: Look,
}

/// A button on the board.
#[derive(Clone, Debug, PartialEq)]
pub struct Button {
    /// What pressing it does.
    pub press: Press,
    /// Its label.
    pub words: Words,
    /// Where it is.
    pub at: Cells,
}

/// Everything on the board now.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layout {
    /// The lines of text.
    pub lines: Vec<Line>,
    /// The buttons, in reading order.
    pub buttons: Vec<Button>,
}

/// What the app must do after a press.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Open the n-th place on one's own.
    OpenPlace(usize),
    /// Speak this language from now on.
    Language(Lang),
    /// Join this class.
    Join(JoinRequest),
    /// Stop joining.
    Cancel,
    /// Switch this setting (and keep the settings on the device).
    Toggle(Setting),
}

/// A class to join, as it was chosen and typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JoinRequest {
    /// The server, `HOST:PORT`.
    pub server: String,
    /// Its certificate's fingerprint, as announced.
    pub fingerprint: Option<String>,
    /// Who joins.
    pub who: Who,
}

/// Who joins a class from the lobby.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Who {
    /// A pupil.
    Pupil {
        /// The join code, as typed (six characters of the code alphabet).
        code: String,
        /// The name the class will see.
        name: String,
    },
    /// The session's teacher.
    Teacher {
        /// The teacher key, as typed ([`KEY_LEN`] hexadecimal digits).
        key: String,
    },
}

/// The lobby: which page is open and what has been typed.
#[derive(Clone, Debug)]
pub struct Lobby {
    /// The open page.
    pub screen: Screen,
    /// The language of the texts.
    pub lang: Lang,
    /// How many places there are to open.
    pub places: usize,
    /// The classes found on the network, newest list.
    pub classes: Vec<FoundClass>,
    /// The server chosen (`HOST:PORT`) and its certificate's fingerprint.
    pub server: Option<(String, Option<String>)>,
    /// The address being typed.
    pub address: String,
    /// The join code being typed.
    pub code: String,
    /// The name being typed.
    pub name: String,
    /// The teacher key being typed.
    pub key: String,
    /// Names to choose from: an animal and a number, in the chosen language.
    pub suggestions: Vec<String>,
    /// What to tell the pupil now.
    pub note: Option<(Words, Look)>,
    /// The button that Enter (or a controller's confirm) presses, by index.
    pub focus: usize,
    /// Whether the last join asked was the teacher's.
    teaching: bool,
    /// Animals for the name suggestions, in the chosen language.
    animals: Vec<String>,
    /// Turns for the suggestions, so each visit offers new ones.
    turn: u64,
}

impl Lobby {
    /// A lobby on `screen` offering `places` places, in `lang`, suggesting names made of
    /// `animals`.
    pub fn new(screen: Screen, places: usize, lang: Lang, animals: Vec<String>, seed: u64) -> Self {
        let mut lobby = Self {
            screen,
            lang,
            places,
            classes: Vec::new(),
            server: None,
            address: String::new(),
            code: String::new(),
            name: String::new(),
            key: String::new(),
            suggestions: Vec::new(),
            note: None,
            focus: 0,
            teaching: false,
            animals,
            turn: seed,
        };
        lobby.show(screen);
        lobby
    }

    /// Whether the open page has a field that keys type into.
    pub fn typing(&self) -> bool {
        matches!(
            self.screen,
            Screen::Address | Screen::Code | Screen::Name | Screen::Key
        )
    }

    /// Sets the animals of the name suggestions (after a change of language).
    pub fn set_animals(&mut self, animals: Vec<String>) {
        self.animals = animals;
        if self.screen == Screen::Name {
            self.suggest();
        }
    }

    /// Opens `screen` (the note stays until the pupil acts).
    pub fn show(&mut self, screen: Screen) {
        self.screen = screen;
        if screen == Screen::Name {
            self.suggest();
        }
        let layout = self.layout();
        // Enter goes on from a field; elsewhere it presses the first button.
        self.focus = layout
            .buttons
            .iter()
            .position(|b| b.press == Press::Next)
            .unwrap_or(0);
    }

    /// Three names made of an animal and a number from 2 to 99, different from each other.
    fn suggest(&mut self) {
        self.suggestions.clear();
        if self.animals.is_empty() {
            return;
        }
        while self.suggestions.len() < 3 {
            // SplitMix64 (Steele, Lea and Flood 2014): well spread from consecutive turns.
            self.turn = self.turn.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = self.turn;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^= z >> 31;
            let animal = &self.animals[(z % self.animals.len() as u64) as usize];
            let name = format!("{animal} {}", 2 + (z >> 32) % 98);
            if !self.suggestions.contains(&name) && check_pseudonym(&name).is_ok() {
                self.suggestions.push(name);
            }
        }
    }

    /// The classes found now, sorted by class and address so that the list does not jump
    /// under a pupil's aim. Whether the list changed.
    pub fn found(&mut self, mut classes: Vec<FoundClass>) -> bool {
        classes.sort_by(|a, b| (&a.info.class, a.address).cmp(&(&b.info.class, b.address)));
        classes.truncate(MAX_LISTED);
        let same = classes.len() == self.classes.len()
            && classes
                .iter()
                .zip(&self.classes)
                .all(|(a, b)| a.address == b.address && a.info == b.info);
        self.classes = classes;
        !same
    }

    /// The server refused the join: with `at_door`, before any connection (the code or the
    /// teacher key), else after the hello (the name). The pupil or teacher is back where the
    /// fix is typed, with what was typed kept and the server's reason shown.
    pub fn refused(&mut self, reason: String, at_door: bool) {
        self.show(match (self.teaching, at_door) {
            (true, _) => Screen::Key,
            (false, true) => Screen::Code,
            (false, false) => Screen::Name,
        });
        self.note = Some((Words::Said(reason), Look::Problem));
    }

    /// Moves the focus to the nearest button in the direction (`dx`, `dy`), each −1, 0 or 1.
    pub fn move_focus(&mut self, dx: f32, dy: f32) {
        let buttons = self.layout().buttons;
        let Some(now) = buttons.get(self.focus) else {
            self.focus = 0;
            return;
        };
        let (x0, y0) = now.at.centre();
        let best = buttons
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != self.focus)
            .filter_map(|(i, b)| {
                let (x, y) = b.at.centre();
                let (ddx, ddy) = (x - x0, y - y0);
                let along = ddx * dx + ddy * dy;
                // Only buttons that lie that way, the nearest first, those off the line
                // counting double.
                let across = (ddx * dy - ddy * dx).abs();
                (along > 0.01).then_some((i, along + 2.0 * across))
            })
            .min_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((i, _)) = best {
            self.focus = i;
        }
    }

    /// Presses the focused button.
    pub fn press_focused(&mut self) -> Option<Outcome> {
        let press = self.layout().buttons.get(self.focus)?.press;
        self.press(press)
    }

    /// What `press` does on the open page; presses that the page does not offer do nothing.
    pub fn press(&mut self, press: Press) -> Option<Outcome> {
        let offered = self.layout().buttons.iter().any(|b| b.press == press)
            || matches!(
                press,
                Press::Type(_) | Press::Erase | Press::Next | Press::Back
            );
        if !offered {
            return None;
        }
        match (self.screen, press) {
            (Screen::Start, Press::Place(n)) => return Some(Outcome::OpenPlace(n)),
            (Screen::Start, Press::JoinClass) => {
                self.note = None;
                self.show(Screen::Classes);
            }
            (Screen::Start, Press::Comfort) => {
                self.note = None;
                self.show(Screen::Comfort);
            }
            (Screen::Comfort, Press::Toggle(setting)) => return Some(Outcome::Toggle(setting)),
            (Screen::Comfort, Press::Back) => self.show(Screen::Start),
            (Screen::Start, Press::Language) => {
                let next = Lang::ALL
                    .iter()
                    .position(|l| *l == self.lang)
                    .map_or(0, |i| (i + 1) % Lang::ALL.len());
                self.lang = Lang::ALL[next];
                return Some(Outcome::Language(self.lang));
            }
            (Screen::Classes, Press::Class(n)) => {
                let found = self.classes.get(n)?;
                self.server = Some((found.server(), found.info.fingerprint.clone()));
                self.note = None;
                self.show(Screen::Code);
            }
            (Screen::Classes, Press::TypeAddress) => {
                self.note = None;
                self.show(Screen::Address);
            }
            (Screen::Classes, Press::Back) => self.show(Screen::Start),
            (Screen::Address, Press::Type(c))
                if ADDRESS_KEYS.contains(c.to_ascii_lowercase())
                    && self.address.chars().count() < MAX_ADDRESS =>
            {
                self.address.push(c.to_ascii_lowercase());
            }
            (Screen::Address, Press::Erase) => {
                self.address.pop();
            }
            (Screen::Address, Press::Next) => {
                if self.address.contains(':') && !self.address.ends_with(':') {
                    self.server = Some((self.address.clone(), None));
                    self.note = None;
                    self.show(Screen::Code);
                } else {
                    self.note = Some((Words::Key("lobby-address-needs-port"), Look::Problem));
                }
            }
            (Screen::Address, Press::Back) => self.show(Screen::Classes),
            (Screen::Code, Press::Type(c)) => {
                let c = c.to_ascii_uppercase();
                if ALPHABET.contains(&(c as u8)) && c.is_ascii() && self.code.len() < CODE_LEN {
                    self.code.push(c);
                } else if c == '0' || c == '1' || c == 'I' || c == 'O' {
                    self.note = Some((Words::Key("lobby-code-no-look-alikes"), Look::Note));
                }
            }
            (Screen::Code, Press::Erase) => {
                self.code.pop();
            }
            (Screen::Code, Press::Next) => {
                if self.code.len() == CODE_LEN {
                    self.note = None;
                    self.show(Screen::Name);
                } else {
                    self.note = Some((Words::Key("lobby-code-is-six"), Look::Problem));
                }
            }
            (Screen::Code, Press::Back) => self.show(Screen::Classes),
            (Screen::Code, Press::Teach) => {
                self.note = None;
                self.show(Screen::Key);
            }
            // Keys as printed (in groups, or upper case) type as they are meant.
            (Screen::Key, Press::Type(c)) if c == ' ' || c == '-' => {}
            (Screen::Key, Press::Type(c)) => {
                let c = c.to_ascii_lowercase();
                if KEY_KEYS.contains(c) && self.key.len() < KEY_LEN {
                    self.key.push(c);
                }
            }
            (Screen::Key, Press::Erase) => {
                self.key.pop();
            }
            (Screen::Key, Press::Next) => {
                if self.key.len() != KEY_LEN {
                    self.note = Some((Words::Key("lobby-key-is-32"), Look::Problem));
                    return None;
                }
                let (server, fingerprint) = self.server.clone()?;
                self.note = None;
                self.teaching = true;
                self.show(Screen::Joining);
                return Some(Outcome::Join(JoinRequest {
                    server,
                    fingerprint,
                    who: Who::Teacher {
                        key: self.key.clone(),
                    },
                }));
            }
            (Screen::Key, Press::Back) => self.show(Screen::Code),
            (Screen::Name, Press::Type(c))
                if (c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
                    && self.name.chars().count() < PSEUDONYM_CHARS.1 =>
            {
                // A name reads as one: a capital at the start of each word.
                let starts_word = self.name.is_empty() || self.name.ends_with(' ');
                let c = if starts_word {
                    c.to_uppercase().next().unwrap_or(c)
                } else {
                    c.to_lowercase().next().unwrap_or(c)
                };
                self.name.push(c);
            }
            (Screen::Name, Press::Erase) => {
                self.name.pop();
            }
            (Screen::Name, Press::Suggestion(n)) => {
                self.name = self.suggestions.get(n)?.clone();
                return self.join();
            }
            (Screen::Name, Press::Next) => return self.join(),
            (Screen::Name, Press::Back) => self.show(Screen::Code),
            (Screen::Joining, Press::Back) => {
                self.show(if self.teaching {
                    Screen::Key
                } else {
                    Screen::Name
                });
                return Some(Outcome::Cancel);
            }
            _ => {}
        }
        None
    }

    /// Asks to join with what is typed, if the name is one the class may see.
    fn join(&mut self) -> Option<Outcome> {
        let name = self.name.trim().to_owned();
        if let Err(error) = check_pseudonym(&name) {
            self.note = Some((Words::Said(error.to_string()), Look::Problem));
            return None;
        }
        let (server, fingerprint) = self.server.clone()?;
        self.note = None;
        self.teaching = false;
        self.show(Screen::Joining);
        Some(Outcome::Join(JoinRequest {
            server,
            fingerprint,
            who: Who::Pupil {
                code: self.code.clone(),
                name,
            },
        }))
    }

    /// What the board shows now.
    pub fn layout(&self) -> Layout {
        let mut layout = Layout::default();
        let title = |key| Line {
            words: Words::Key(key),
            at: cells(0.5, 0.2, 15.0, 1.0),
            look: Look::Title,
        };
        let button = |press, words, at| Button { press, words, at };
        match self.screen {
            Screen::Start => {
                layout.lines.push(title("lobby-start-title"));
                // Cards of 2.8 × 3.4 cells, side by side: a picture and a title of up to two
                // lines.
                for n in 0..self.places.min(5) {
                    let at = cells(0.5 + 3.0 * n as f32 + 0.1, 1.4, 2.8, 3.4);
                    layout
                        .buttons
                        .push(button(Press::Place(n), Words::Place(n), at));
                }
                layout.buttons.push(button(
                    Press::JoinClass,
                    Words::Key("lobby-join-class"),
                    cells(0.6, 5.2, 5.6, 1.5),
                ));
                layout.buttons.push(button(
                    Press::Language,
                    Words::Key("lobby-language"),
                    cells(6.5, 5.2, 4.2, 1.5),
                ));
                layout.buttons.push(button(
                    Press::Comfort,
                    Words::Key("lobby-comfort"),
                    cells(11.0, 5.2, 4.4, 1.5),
                ));
                layout.lines.push(Line {
                    words: Words::Key("lobby-start-hint"),
                    at: cells(0.5, 7.0, 15.0, 0.7),
                    look: Look::Note,
                });
            }
            Screen::Classes => {
                layout.lines.push(title("lobby-classes-title"));
                for n in 0..self.classes.len() {
                    let at = cells(0.6, 1.4 + 0.95 * n as f32, 14.8, 0.85);
                    layout
                        .buttons
                        .push(button(Press::Class(n), Words::Class(n), at));
                }
                layout.buttons.push(button(
                    Press::TypeAddress,
                    Words::Key("lobby-type-address"),
                    cells(0.6, 7.3, 7.2, 1.0),
                ));
                layout.buttons.push(button(
                    Press::Back,
                    Words::Key("lobby-back"),
                    cells(8.2, 7.3, 7.2, 1.0),
                ));
                if self.classes.is_empty() {
                    layout.lines.push(Line {
                        words: Words::Key("lobby-looking"),
                        at: cells(0.6, 1.4, 14.8, 0.85),
                        look: Look::Note,
                    });
                }
            }
            Screen::Address => {
                layout.lines.push(title("lobby-address-title"));
                layout.lines.push(field(&self.address));
                keypad(&mut layout, ADDRESS_KEYS, 10, KEYPAD_ROWS);
                erase_back_next(&mut layout, "lobby-next");
            }
            Screen::Code => {
                layout.lines.push(title("lobby-code-title"));
                let shown: String = (0..CODE_LEN)
                    .map(|i| self.code.chars().nth(i).unwrap_or('_'))
                    .flat_map(|c| [c, ' '])
                    .collect();
                layout.lines.push(field(shown.trim_end()));
                let keys: String = ALPHABET.iter().map(|&b| char::from(b)).collect();
                keypad(&mut layout, &keys, 8, KEYPAD_ROWS);
                bottom_row(
                    &mut layout,
                    &[
                        (Press::Erase, "lobby-erase"),
                        (Press::Back, "lobby-back"),
                        (Press::Teach, "lobby-teacher"),
                        (Press::Next, "lobby-next"),
                    ],
                );
            }
            Screen::Key => {
                layout.lines.push(Line {
                    at: cells(0.5, 0.2, 15.0, 0.8),
                    ..title("lobby-key-title")
                });
                // In groups of four, as it is printed.
                let shown: String = (0..KEY_LEN)
                    .map(|i| self.key.chars().nth(i).unwrap_or('_'))
                    .collect::<Vec<char>>()
                    .chunks(4)
                    .map(|group| group.iter().collect::<String>())
                    .collect::<Vec<_>>()
                    .join(" ");
                layout.lines.push(field(&shown));
                keypad(&mut layout, KEY_KEYS, 8, (2.8, 1.6, 1.4));
                erase_back_next(&mut layout, "lobby-join");
            }
            Screen::Name => {
                layout.lines.push(title("lobby-name-title"));
                for (n, name) in self.suggestions.iter().enumerate() {
                    layout.buttons.push(button(
                        Press::Suggestion(n),
                        Words::Said(name.clone()),
                        cells(0.6 + 5.0 * n as f32, 1.3, 4.8, 0.9),
                    ));
                }
                let mut typed = field(&self.name);
                typed.at.y = 2.3;
                typed.at.h = 0.8;
                layout.lines.push(typed);
                keypad(&mut layout, NAME_KEYS, 10, (3.2, 1.0, 0.85));
                erase_back_next(&mut layout, "lobby-join");
            }
            Screen::Comfort => {
                layout.lines.push(title("lobby-comfort-title"));
                // Two columns: the body and the hands on the left, seeing on the right.
                for (n, setting) in Setting::ALL.into_iter().enumerate() {
                    let (column, row) = (n / 4, n % 4);
                    layout.buttons.push(button(
                        Press::Toggle(setting),
                        Words::Setting(setting),
                        cells(0.6 + 7.6 * column as f32, 1.4 + 1.15 * row as f32, 7.2, 1.0),
                    ));
                }
                layout.buttons.push(button(
                    Press::Back,
                    Words::Key("lobby-back"),
                    cells(0.6, 6.3, 7.2, 1.0),
                ));
            }
            Screen::Joining => {
                layout.lines.push(title("lobby-joining"));
                layout.buttons.push(button(
                    Press::Back,
                    Words::Key("lobby-cancel"),
                    cells(4.0, 4.0, 8.0, 1.2),
                ));
            }
        }
        if let Some((words, look)) = &self.note {
            layout.lines.push(Line {
                words: words.clone(),
                at: cells(0.5, 8.35, 15.0, 0.6),
                look: *look,
            });
        }
        layout
    }
}

/// The field being typed, under the title.
fn field(text: &str) -> Line {
    Line {
        words: Words::Said(text.to_owned()),
        at: cells(2.0, 1.3, 12.0, 1.0),
        look: Look::Field,
    }
}

/// Where a keypad's rows are, cells: the first row's top, the step from row to row, and a
/// key's height.
const KEYPAD_ROWS: (f32, f32, f32) = (2.6, 1.05, 0.95);

/// A key for each character of `keys`, `columns` to a row, its rows at `(top, step, height)`.
fn keypad(layout: &mut Layout, keys: &str, columns: usize, (top, step, height): (f32, f32, f32)) {
    let width = 15.0 / columns as f32;
    for (i, c) in keys.chars().enumerate() {
        let (column, row) = (i % columns, i / columns);
        let label = if c == ' ' {
            "␣".to_owned()
        } else {
            c.to_string()
        };
        layout.buttons.push(Button {
            press: Press::Type(c),
            words: Words::Said(label),
            at: cells(
                0.5 + width * column as f32 + 0.05,
                top + step * row as f32,
                width - 0.1,
                height,
            ),
        });
    }
}

/// Erase, back and go on (with the lobby's text `next`), under a keypad.
fn erase_back_next(layout: &mut Layout, next: &'static str) {
    bottom_row(
        layout,
        &[
            (Press::Erase, "lobby-erase"),
            (Press::Back, "lobby-back"),
            (Press::Next, next),
        ],
    );
}

/// A row of buttons under a keypad, sharing the board's width, each labelled with the
/// lobby's text of that key.
fn bottom_row(layout: &mut Layout, buttons: &[(Press, &'static str)]) {
    let step = 15.0 / buttons.len() as f32;
    for (n, (press, key)) in buttons.iter().enumerate() {
        layout.buttons.push(Button {
            press: *press,
            words: Words::Key(key),
            at: cells(0.6 + step * n as f32, 7.15, step - 0.2, 1.0),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use retki_session::discovery::ClassInfo;

    fn lobby(screen: Screen) -> Lobby {
        Lobby::new(
            screen,
            5,
            Lang::En,
            vec!["Fox".into(), "Lynx".into(), "Owl".into()],
            7,
        )
    }

    fn class(name: &str, port: u16) -> FoundClass {
        FoundClass {
            info: ClassInfo {
                class: name.into(),
                place: "lunar".into(),
                lesson: None,
                fingerprint: Some("ab".repeat(32)),
            },
            address: format!("10.9.0.1:{port}").parse().unwrap(),
        }
    }

    fn type_text(lobby: &mut Lobby, text: &str) {
        for c in text.chars() {
            lobby.press(Press::Type(c));
        }
    }

    #[test]
    fn a_pupil_chooses_a_class_types_the_code_and_takes_a_suggested_name() {
        let mut lobby = lobby(Screen::Start);
        assert_eq!(lobby.press(Press::JoinClass), None);
        assert_eq!(lobby.screen, Screen::Classes);
        lobby.found(vec![class("8A", 7444), class("7B", 7443)]);
        assert_eq!(lobby.layout().buttons[0].words, Words::Class(0));
        lobby.press(Press::Class(0));
        assert_eq!(lobby.screen, Screen::Code);
        // Only the code's characters, at most six, upper case; look-alikes are explained.
        type_text(&mut lobby, "7kq0!2mxzz");
        assert_eq!(lobby.code, "7KQ2MX");
        lobby.press(Press::Erase);
        lobby.press(Press::Next);
        assert_eq!(lobby.screen, Screen::Code, "five characters are not a code");
        assert_eq!(
            lobby.note,
            Some((Words::Key("lobby-code-is-six"), Look::Problem))
        );
        type_text(&mut lobby, "x");
        lobby.press(Press::Next);
        assert_eq!(lobby.screen, Screen::Name);
        assert_eq!(lobby.suggestions.len(), 3);
        let chosen = lobby.suggestions[1].clone();
        let Some(Outcome::Join(request)) = lobby.press(Press::Suggestion(1)) else {
            panic!("a suggestion joins");
        };
        assert_eq!(
            request.who,
            Who::Pupil {
                code: "7KQ2MX".into(),
                name: chosen
            }
        );
        assert_eq!(
            request.server, "10.9.0.1:7443",
            "the list is sorted by class: 7B first"
        );
        assert!(request.fingerprint.is_some());
        assert_eq!(lobby.screen, Screen::Joining);
    }

    #[test]
    fn a_refusal_brings_the_pupil_back_with_what_they_typed() {
        let mut lobby = lobby(Screen::Classes);
        lobby.press(Press::TypeAddress);
        type_text(&mut lobby, "127.0.0.1");
        lobby.press(Press::Next);
        assert_eq!(lobby.screen, Screen::Address, "an address needs its port");
        type_text(&mut lobby, ":8080");
        lobby.press(Press::Next);
        type_text(&mut lobby, "ABCDEF");
        lobby.press(Press::Next);
        type_text(&mut lobby, "kETTU 7");
        assert_eq!(lobby.name, "Kettu 7");
        assert!(matches!(lobby.press(Press::Next), Some(Outcome::Join(_))));
        lobby.refused("no class has this code".into(), true);
        assert_eq!(lobby.screen, Screen::Code);
        assert_eq!(lobby.code, "ABCDEF", "the typed code is kept");
        assert_eq!(
            lobby.note,
            Some((Words::Said("no class has this code".into()), Look::Problem))
        );
        lobby.press(Press::Next);
        lobby.refused("someone is already called that".into(), false);
        assert_eq!(
            (lobby.screen, lobby.name.as_str()),
            (Screen::Name, "Kettu 7")
        );
    }

    #[test]
    fn the_teacher_types_the_key_instead_of_a_code_and_a_refusal_keeps_it() {
        let mut lobby = lobby(Screen::Classes);
        lobby.found(vec![class("7B", 7443)]);
        lobby.press(Press::Class(0));
        assert_eq!(lobby.press(Press::Teach), None);
        assert_eq!(lobby.screen, Screen::Key);
        assert!(lobby.typing());
        // As printed: in groups, or in capitals; nothing else types.
        let key = "0123 4567 89AB CDEF 0123 4567 89ab cdef";
        type_text(&mut lobby, &key[..20]);
        lobby.press(Press::Next);
        assert_eq!(
            (lobby.screen, lobby.note.clone()),
            (
                Screen::Key,
                Some((Words::Key("lobby-key-is-32"), Look::Problem))
            )
        );
        type_text(&mut lobby, &key[20..]);
        type_text(&mut lobby, "gz9");
        assert_eq!(lobby.key, "0123456789abcdef0123456789abcdef");
        let Some(Outcome::Join(request)) = lobby.press(Press::Next) else {
            panic!("a whole key joins");
        };
        assert_eq!(
            request.who,
            Who::Teacher {
                key: lobby.key.clone()
            }
        );
        assert_eq!(request.server, "10.9.0.1:7443");
        lobby.refused("no session has this teacher key".into(), true);
        assert_eq!(lobby.screen, Screen::Key, "back where the key is typed");
        assert_eq!(lobby.key.len(), KEY_LEN, "the typed key is kept");
        lobby.press(Press::Back);
        assert_eq!(lobby.screen, Screen::Code);
    }

    #[test]
    fn a_name_the_class_may_not_see_is_refused_on_the_board() {
        let mut lobby = lobby(Screen::Name);
        lobby.server = Some(("127.0.0.1:8080".into(), None));
        type_text(&mut lobby, "k");
        assert_eq!(lobby.press(Press::Next), None);
        assert_eq!(lobby.screen, Screen::Name);
        assert!(matches!(lobby.note, Some((Words::Said(_), Look::Problem))));
    }

    #[test]
    fn buttons_lie_on_the_board_apart_and_the_focus_moves_between_them() {
        let mut all = lobby(Screen::Start);
        all.found((0..MAX_LISTED as u16 + 2).map(|p| class("7B", p)).collect());
        for screen in [
            Screen::Start,
            Screen::Classes,
            Screen::Address,
            Screen::Code,
            Screen::Name,
            Screen::Key,
            Screen::Joining,
            Screen::Comfort,
        ] {
            all.show(screen);
            all.note = Some((Words::Key("lobby-looking"), Look::Note));
            let layout = all.layout();
            let apart = |a: Cells, c: Cells| {
                a.x + a.w <= c.x || c.x + c.w <= a.x || a.y + a.h <= c.y || c.y + c.h <= a.y
            };
            for (i, b) in layout.buttons.iter().enumerate() {
                let a = b.at;
                assert!(a.x >= 0.0 && a.y >= 0.0, "{screen:?} {b:?}");
                assert!(
                    a.x + a.w <= COLUMNS && a.y + a.h <= ROWS,
                    "{screen:?} {b:?}"
                );
                for c in &layout.buttons[i + 1..] {
                    assert!(apart(a, c.at), "{screen:?}: {a:?} and {:?} overlap", c.at);
                }
                for line in layout.lines.iter().filter(|l| l.look != Look::Note) {
                    assert!(apart(a, line.at), "{screen:?}: {b:?} covers {line:?}");
                }
            }
        }
        let mut start = lobby(Screen::Start);
        assert_eq!(start.focus, 0, "the first card");
        start.move_focus(1.0, 0.0);
        assert_eq!(start.layout().buttons[start.focus].press, Press::Place(1));
        start.move_focus(0.0, 1.0);
        assert_eq!(start.layout().buttons[start.focus].press, Press::JoinClass);
        assert_eq!(start.press_focused(), None);
        assert_eq!(start.screen, Screen::Classes);
    }

    #[test]
    fn comfort_settings_are_switched_from_their_page() {
        let mut lobby = lobby(Screen::Start);
        lobby.press(Press::Comfort);
        assert_eq!(lobby.screen, Screen::Comfort);
        assert_eq!(
            lobby.press(Press::Toggle(Setting::Seated)),
            Some(Outcome::Toggle(Setting::Seated))
        );
        lobby.press(Press::Back);
        assert_eq!(lobby.screen, Screen::Start);
        assert_eq!(
            lobby.press(Press::Toggle(Setting::Seated)),
            None,
            "not offered there"
        );
    }

    #[test]
    fn the_language_goes_round_and_suggestions_differ() {
        let mut lobby = lobby(Screen::Start);
        assert_eq!(
            lobby.press(Press::Language),
            Some(Outcome::Language(Lang::Fi))
        );
        assert_eq!(
            lobby.press(Press::Language),
            Some(Outcome::Language(Lang::Sv))
        );
        lobby.show(Screen::Name);
        let first = lobby.suggestions.clone();
        lobby.show(Screen::Name);
        assert_ne!(first, lobby.suggestions, "each visit offers new names");
        for name in &first {
            check_pseudonym(name).unwrap();
        }
    }
}
