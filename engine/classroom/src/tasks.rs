//! The lesson step's tasks, shown to the pupil over their view, and choice tasks answered with
//! the choose actions (the number keys on a laptop, the menu's answer buttons in a headset). The server sends the step's tasks with every step ([`ServerMessage::LessonStep`]);
//! an answer is marked sent when the key is pressed and done when the server acknowledges it.
//!
//! [`ServerMessage::LessonStep`]: retki_session::server::ServerMessage::LessonStep

use bevy::prelude::*;
use retki_core::poi::{Lang, Language};
use retki_input::menu::MenuOffer;
use retki_input::{Action, Actions};
use retki_session::net::{SessionClient, ToServer, send};
use retki_session::protocol::{ClientMessage, Role};
use retki_session::server::TaskCard;

/// The tasks of the lesson step the class is at, and what this pupil has answered.
#[derive(Resource, Debug, Default)]
pub struct LessonTasks {
    /// The step: its number from 1, how many there are, and its id.
    pub step: Option<(u32, u32, String)>,
    /// Its tasks.
    pub tasks: Vec<TaskCard>,
    /// Tasks answered here and not yet acknowledged.
    pub sent: Vec<String>,
    /// Tasks the server has acknowledged an answer to.
    pub done: Vec<String>,
}

impl LessonTasks {
    /// A new step's tasks; what was answered before is forgotten.
    pub fn start(&mut self, index: u32, of: u32, id: String, tasks: Vec<TaskCard>) {
        *self = Self {
            step: Some((index + 1, of, id)),
            tasks,
            ..default()
        };
    }

    /// The server acknowledged an answer to `task`.
    pub fn acknowledged(&mut self, task: &str) {
        self.sent.retain(|t| t != task);
        if !self.done.iter().any(|t| t == task) {
            self.done.push(task.to_owned());
        }
    }

    /// The first choice task not answered yet.
    pub fn open_choice(&self) -> Option<&TaskCard> {
        self.tasks.iter().find(|t| {
            t.kind == "choice" && !self.sent.contains(&t.id) && !self.done.contains(&t.id)
        })
    }

    /// What the card says, line by line, in `lang`.
    pub fn lines(&self, lang: Lang) -> Vec<String> {
        let Some((number, of, _)) = &self.step else {
            return Vec::new();
        };
        let text = |t: &[String; 3]| lang.pick(t).clone();
        let mut lines = vec![format!("{number}/{of}")];
        let open = self.open_choice().map(|t| t.id.clone());
        for (n, task) in self.tasks.iter().enumerate() {
            let mark = if self.done.contains(&task.id) {
                " ✓"
            } else if self.sent.contains(&task.id) {
                " …"
            } else {
                ""
            };
            lines.push(format!("{}. {}{mark}", n + 1, text(&task.question)));
            if open.as_ref() == Some(&task.id) {
                for (k, (_, choice)) in task.choices.iter().enumerate() {
                    lines.push(format!("   [{}] {}", k + 1, text(choice)));
                }
            }
        }
        lines
    }
}

/// The text over the pupil's view that shows the card.
#[derive(Component)]
pub struct TaskCardText;

/// Answers the open choice task with the choice chosen (pupils only).
pub fn answer_with_actions(
    actions: Option<Res<Actions>>,
    client: Res<SessionClient>,
    mut tasks: ResMut<LessonTasks>,
    mut writer: MessageWriter<ToServer>,
) {
    let Some(actions) = actions else { return };
    if client.me.as_ref().is_none_or(|me| me.role != Role::Pupil) || client.frozen {
        return;
    }
    let Some(pressed) = (1..=9).position(|n| actions.just_pressed(Action::Choose(n))) else {
        return;
    };
    let Some(task) = tasks.open_choice() else {
        return;
    };
    let Some((choice, _)) = task.choices.get(pressed) else {
        return;
    };
    let answer = ClientMessage::Answer {
        task: task.id.clone(),
        response: choice.clone(),
    };
    let id = task.id.clone();
    send(&mut writer, &answer);
    tasks.sent.push(id);
}

/// Shows the card over the view, whenever it changes.
pub fn show_card(
    tasks: Res<LessonTasks>,
    language: Option<Res<Language>>,
    mut shown: Query<&mut Text, With<TaskCardText>>,
    mut commands: Commands,
) {
    if !tasks.is_changed() {
        return;
    }
    let lang = language.map_or(Lang::Fi, |l| l.0);
    let text = tasks.lines(lang).join("\n");
    match shown.single_mut() {
        Ok(mut shown) => shown.0 = text,
        Err(_) => {
            commands.spawn((
                TaskCardText,
                Text::new(text),
                TextFont::from_font_size(20.0),
                TextColor(Color::WHITE),
                Node {
                    position_type: PositionType::Absolute,
                    top: px(12),
                    right: px(12),
                    max_width: px(480),
                    padding: UiRect::all(px(10)),
                    ..default()
                },
                BackgroundColor(Color::srgba(0.04, 0.05, 0.08, 0.8)),
            ));
        }
    }
}

/// The menu offers a pupil as many answers as the open choice task has choices (up to
/// four); a teacher answers nothing, so is offered none.
pub fn offer_answers(
    tasks: Res<LessonTasks>,
    client: Res<SessionClient>,
    offer: Option<ResMut<MenuOffer>>,
) {
    let Some(mut offer) = offer else { return };
    if !tasks.is_changed() && !client.is_changed() {
        return;
    }
    let pupil = client.me.as_ref().is_some_and(|me| me.role == Role::Pupil);
    let answers = tasks
        .open_choice()
        .filter(|_| pupil)
        .map_or(0, |t| u8::try_from(t.choices.len().min(4)).unwrap_or(4));
    if offer.answers != answers {
        offer.answers = answers;
    }
}
