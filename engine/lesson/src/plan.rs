//! Lesson plans: TOML files a teacher writes or picks, read and checked against the places
//! they visit before a class ever sees them. Every problem is reported at once, with file,
//! line, column and field, and what to do.
//!
//! ```toml
//! id = "lunar-gravity"                  # lower case, digits, - and _
//! grades = "7-9"                        # 1-2, 3-6, 7-9 or upper-secondary
//! minutes = 45                          # the class's length; the steps must fit in it
//! title = { fi = "Painovoima Kuussa", sv = "Tyngdkraften på månen", en = "Gravity on the Moon" }
//! goals = { fi = ["…"], sv = ["…"], en = ["…"] }
//!
//! [[curriculum]]                        # the Finnish core curriculum (POPS 2014)
//! subject = "physics"
//! area = "S5"                           # the content area, as the curriculum numbers it
//!
//! [[step]]
//! id = "arrive"                         # unique in the plan
//! scene = "lunar"                       # a place: lunar, seabed, schoolyard, …
//! viewpoint = "landing_site"            # one of the place's viewpoints
//! pois = ["gravity"]                    # points of interest to visit (may be empty)
//! narration = "lunar-gravity-narration" # a text of the place, in its Fluent files
//! minutes = 8                           # the step's time box, over 0
//!
//! [[step.task]]
//! id = "q1"                             # unique in the plan
//! kind = "choice"                       # choice, free, measure, place or find
//! question = { fi = "…", sv = "…", en = "…" }
//! choices = [{ id = "a", fi = "…", sv = "…", en = "…" }, { id = "b", fi = "…", sv = "…", en = "…" }]
//! answer = "b"                          # choice: a choice's id; measure: a number
//! ```
//!
//! A `measure` task has a numeric `answer`, a `tolerance` and a `unit`; a `place` task names an
//! `item` of the schoolyard catalogue and a `count`; a `find` task names a `poi` of the step's
//! place; a `free` task has no answer.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use retki_content::{ContentError, ContentErrors, Lang, Place};
use serde::Deserialize;
use toml::Spanned;

/// Grade bands a plan may be for: Finnish basic education's 1–2, 3–6 and 7–9, and upper
/// secondary school.
pub const GRADE_BANDS: [&str; 4] = ["1-2", "3-6", "7-9", "upper-secondary"];

/// Subjects of the Finnish core curriculum (Opetushallitus, Perusopetuksen opetussuunnitelman
/// perusteet 2014; Lukion opetussuunnitelman perusteet 2019) a plan may name.
pub const SUBJECTS: [&str; 14] = [
    "environmental_studies",
    "biology",
    "geography",
    "physics",
    "chemistry",
    "health_education",
    "history",
    "social_studies",
    "mathematics",
    "visual_arts",
    "crafts",
    "physical_education",
    "mother_tongue",
    "religion_ethics",
];

/// A text in Finnish, Swedish and English.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Texts3 {
    /// Finnish.
    pub fi: String,
    /// Swedish.
    pub sv: String,
    /// English.
    pub en: String,
}

impl Texts3 {
    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fi => &self.fi,
            Lang::Sv => &self.sv,
            Lang::En => &self.en,
        }
    }
}

/// A choice of a choice task.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// Its id, which `answer` names.
    pub id: String,
    /// Finnish.
    pub fi: String,
    /// Swedish.
    pub sv: String,
    /// English.
    pub en: String,
}

/// What a task asks for, with its correct answer where there is one.
#[derive(Clone, Debug, PartialEq)]
pub enum TaskKind {
    /// Pick one of the choices.
    Choice {
        /// The choices.
        choices: Vec<Choice>,
        /// The right choice's id.
        answer: String,
    },
    /// Answer in one's own words; no answer is right or wrong.
    Free,
    /// Measure something in the place.
    Measure {
        /// The right value.
        answer: f64,
        /// How far off still counts as right.
        tolerance: f64,
        /// Its unit, such as `m` or `m/s²`.
        unit: String,
    },
    /// Place items in the schoolyard.
    Place {
        /// The kind of item, from the schoolyard catalogue.
        item: String,
        /// How many.
        count: u32,
    },
    /// Find a point of interest.
    Find {
        /// The point's id.
        poi: String,
    },
}

/// A task for the pupils.
#[derive(Clone, Debug, PartialEq)]
pub struct Task {
    /// Its id, unique in the plan.
    pub id: String,
    /// The question, or what to do.
    pub question: Texts3,
    /// What it asks for.
    pub kind: TaskKind,
}

/// A step of a lesson.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// Its id, unique in the plan.
    pub id: String,
    /// The place.
    pub scene: String,
    /// The viewpoint pupils start at.
    pub viewpoint: String,
    /// Points of interest to visit.
    pub pois: Vec<String>,
    /// The place's text the teacher's narration follows.
    pub narration: String,
    /// The step's time box, minutes.
    pub minutes: f64,
    /// Its tasks.
    pub tasks: Vec<Task>,
}

/// A link to the Finnish core curriculum.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Curriculum {
    /// The subject.
    pub subject: String,
    /// The content area, as the curriculum numbers or names it.
    pub area: String,
}

/// A checked lesson plan.
#[derive(Clone, Debug, PartialEq)]
pub struct LessonPlan {
    /// Its id.
    pub id: String,
    /// Its grade band.
    pub grades: String,
    /// The class's length, minutes.
    pub minutes: f64,
    /// Its title.
    pub title: Texts3,
    /// Its goals, in each language.
    pub goals: HashMap<Lang, Vec<String>>,
    /// Links to the curriculum.
    pub curriculum: Vec<Curriculum>,
    /// Its steps, in order.
    pub steps: Vec<Step>,
}

/// What a plan may refer to: the places, with their viewpoints and content, and the
/// schoolyard catalogue's kinds.
pub struct World<'a> {
    /// Each place's name, viewpoints and content.
    pub places: Vec<(&'a str, Vec<&'a str>, &'a Place)>,
    /// The kinds of the schoolyard catalogue.
    pub item_kinds: Vec<&'a str>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlan {
    id: Spanned<String>,
    grades: Spanned<String>,
    minutes: Spanned<f64>,
    title: Spanned<Texts3>,
    goals: Spanned<RawGoals>,
    #[serde(default)]
    curriculum: Vec<Spanned<Curriculum>>,
    #[serde(default)]
    step: Vec<RawStep>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGoals {
    fi: Vec<String>,
    sv: Vec<String>,
    en: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStep {
    id: Spanned<String>,
    scene: Spanned<String>,
    viewpoint: Spanned<String>,
    #[serde(default)]
    pois: Vec<Spanned<String>>,
    narration: Spanned<String>,
    minutes: Spanned<f64>,
    #[serde(default)]
    task: Vec<RawTask>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTask {
    id: Spanned<String>,
    kind: Spanned<String>,
    question: Spanned<Texts3>,
    #[serde(default)]
    choices: Vec<Choice>,
    answer: Option<Spanned<toml::Value>>,
    tolerance: Option<f64>,
    unit: Option<String>,
    item: Option<Spanned<String>>,
    count: Option<u32>,
    poi: Option<Spanned<String>>,
}

struct Checker<'a> {
    path: &'a Path,
    source: &'a str,
    errors: ContentErrors,
}

impl Checker<'_> {
    fn fail(&mut self, span: Range<usize>, field: &str, message: impl Into<String>) {
        self.errors.push(ContentError::at(
            self.path,
            self.source,
            span.start,
            field,
            message.into(),
        ));
    }
}

fn good_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// Reads and checks the plan at `path` against `world`.
pub fn load(path: &Path, world: &World) -> Result<LessonPlan, ContentErrors> {
    let bytes = std::fs::read(path).map_err(|e| {
        ContentErrors(vec![ContentError::whole(
            path,
            format!("cannot read the plan: {e}"),
        )])
    })?;
    let source = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let valid = String::from_utf8_lossy(valid).into_owned();
        ContentErrors(vec![ContentError::at(
            path,
            &valid,
            valid.len(),
            "",
            "this is not UTF-8 text: save the plan as UTF-8".into(),
        )])
    })?;
    parse(path, &source, world)
}

/// Checks a plan's text; `path` names it in problems.
pub fn parse(path: &Path, source: &str, world: &World) -> Result<LessonPlan, ContentErrors> {
    let raw: RawPlan = toml::from_str(source).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        ContentErrors(vec![ContentError::at(
            path,
            source,
            offset,
            "",
            format!(
                "{} (see the lesson plan format in docs/lessons.md)",
                e.message().trim()
            ),
        )])
    })?;
    let mut check = Checker {
        path,
        source,
        errors: ContentErrors::default(),
    };
    if !good_id(raw.id.get_ref()) {
        check.fail(
            raw.id.span(),
            "id",
            "use lower case letters, digits, - and _",
        );
    }
    if !GRADE_BANDS.contains(&raw.grades.get_ref().as_str()) {
        check.fail(
            raw.grades.span(),
            "grades",
            format!(
                "'{}' is not a grade band: use {}",
                raw.grades.get_ref(),
                GRADE_BANDS.join(", ")
            ),
        );
    }
    let lesson_minutes = *raw.minutes.get_ref();
    if !(0.0..=240.0).contains(&lesson_minutes) || lesson_minutes == 0.0 {
        check.fail(
            raw.minutes.span(),
            "minutes",
            "give the class's length in minutes, over 0",
        );
    }
    for lang in [Lang::Fi, Lang::Sv, Lang::En] {
        if raw.title.get_ref().get(lang).trim().is_empty() {
            check.fail(
                raw.title.span(),
                "title",
                format!("the title is empty in {}", lang.code()),
            );
        }
    }
    let goals = raw.goals.get_ref();
    for (lang, list) in [
        (Lang::Fi, &goals.fi),
        (Lang::Sv, &goals.sv),
        (Lang::En, &goals.en),
    ] {
        if list.is_empty() || list.iter().any(|g| g.trim().is_empty()) {
            check.fail(
                raw.goals.span(),
                "goals",
                format!("give the goals in {}", lang.code()),
            );
        }
    }
    for (i, link) in raw.curriculum.iter().enumerate() {
        let field = format!("curriculum[{i}]");
        if !SUBJECTS.contains(&link.get_ref().subject.as_str()) {
            check.fail(
                link.span(),
                &format!("{field}.subject"),
                format!(
                    "'{}' is not a subject: use {}",
                    link.get_ref().subject,
                    SUBJECTS.join(", ")
                ),
            );
        }
        if link.get_ref().area.trim().is_empty() {
            check.fail(
                link.span(),
                &format!("{field}.area"),
                "name the content area",
            );
        }
    }
    if raw.curriculum.is_empty() {
        check.errors.push(ContentError::whole(
            path,
            "has no [[curriculum]]: link the lesson to the core curriculum".into(),
        ));
    }
    if raw.step.is_empty() {
        check.errors.push(ContentError::whole(
            path,
            "has no [[step]]: a lesson needs steps".into(),
        ));
    }

    let mut step_ids: HashMap<String, usize> = HashMap::new();
    let mut task_ids: HashMap<String, usize> = HashMap::new();
    let mut steps = Vec::new();
    let mut total_minutes = 0.0;
    for (s, raw_step) in raw.step.into_iter().enumerate() {
        let field = format!("step[{s}]");
        let id = raw_step.id.get_ref().clone();
        let (line, _) = retki_content::error::line_column(source, raw_step.id.span().start);
        if let Some(first) = step_ids.insert(id.clone(), line) {
            check.fail(
                raw_step.id.span(),
                &format!("{field}.id"),
                format!("step '{id}' is already on line {first}: give each step its own id"),
            );
        } else if !good_id(&id) {
            check.fail(
                raw_step.id.span(),
                &format!("{field}.id"),
                "use lower case letters, digits, - and _",
            );
        }
        let minutes = *raw_step.minutes.get_ref();
        // NaN is refused too.
        if minutes.is_nan() || minutes <= 0.0 {
            check.fail(
                raw_step.minutes.span(),
                &format!("{field}.minutes"),
                format!("a step's time box must be over 0 minutes, not {minutes}"),
            );
        } else {
            total_minutes += minutes;
        }
        let scene = raw_step.scene.get_ref().clone();
        let place = world.places.iter().find(|(name, _, _)| *name == scene);
        match place {
            None => {
                let names: Vec<&str> = world.places.iter().map(|(n, _, _)| *n).collect();
                check.fail(
                    raw_step.scene.span(),
                    &format!("{field}.scene"),
                    format!("there is no place '{scene}': use {}", names.join(", ")),
                );
            }
            Some((_, viewpoints, content)) => {
                let vp = raw_step.viewpoint.get_ref();
                if !viewpoints.contains(&vp.as_str()) {
                    check.fail(
                        raw_step.viewpoint.span(),
                        &format!("{field}.viewpoint"),
                        format!(
                            "{scene} has no viewpoint '{vp}': use {}",
                            viewpoints.join(", ")
                        ),
                    );
                }
                for (p, poi) in raw_step.pois.iter().enumerate() {
                    if content.poi(poi.get_ref()).is_none() {
                        check.fail(
                            poi.span(),
                            &format!("{field}.pois[{p}]"),
                            format!("{scene} has no point of interest '{}'", poi.get_ref()),
                        );
                    }
                }
                let key = raw_step.narration.get_ref();
                let missing: Vec<&str> = [Lang::Fi, Lang::Sv, Lang::En]
                    .into_iter()
                    .filter(|l| content.texts.get(*l, key).is_none())
                    .map(|l| l.code())
                    .collect();
                if !missing.is_empty() {
                    check.fail(
                        raw_step.narration.span(),
                        &format!("{field}.narration"),
                        format!("no text '{key}' of {scene} in {}", missing.join(", ")),
                    );
                }
            }
        }

        let mut tasks = Vec::new();
        for (t, raw_task) in raw_step.task.into_iter().enumerate() {
            let tfield = format!("{field}.task[{t}]");
            let tid = raw_task.id.get_ref().clone();
            let (line, _) = retki_content::error::line_column(source, raw_task.id.span().start);
            if let Some(first) = task_ids.insert(tid.clone(), line) {
                check.fail(
                    raw_task.id.span(),
                    &format!("{tfield}.id"),
                    format!("task '{tid}' is already on line {first}: give each task its own id"),
                );
            }
            for lang in [Lang::Fi, Lang::Sv, Lang::En] {
                if raw_task.question.get_ref().get(lang).trim().is_empty() {
                    check.fail(
                        raw_task.question.span(),
                        &format!("{tfield}.question"),
                        format!("the question is empty in {}", lang.code()),
                    );
                }
            }
            let answer_span = raw_task
                .answer
                .as_ref()
                .map_or(raw_task.kind.span(), |a| a.span());
            let answer = raw_task.answer.as_ref().map(|a| a.get_ref());
            let kind = match raw_task.kind.get_ref().as_str() {
                "choice" => match answer.and_then(toml::Value::as_str) {
                    Some(a) if raw_task.choices.iter().any(|c| c.id == a) => {
                        Some(TaskKind::Choice {
                            choices: raw_task.choices.clone(),
                            answer: a.to_owned(),
                        })
                    }
                    Some(a) => {
                        check.fail(
                            answer_span,
                            &format!("{tfield}.answer"),
                            format!("'{a}' is not one of the choices' ids"),
                        );
                        None
                    }
                    None => {
                        check.fail(
                            answer_span,
                            &format!("{tfield}.answer"),
                            "a choice task needs its answer: the right choice's id",
                        );
                        None
                    }
                },
                "free" => Some(TaskKind::Free),
                "measure" => {
                    let value =
                        answer.and_then(|a| a.as_float().or(a.as_integer().map(|i| i as f64)));
                    match (value, raw_task.tolerance, raw_task.unit.clone()) {
                        (Some(answer), Some(tolerance), Some(unit)) if tolerance >= 0.0 => {
                            Some(TaskKind::Measure {
                                answer,
                                tolerance,
                                unit,
                            })
                        }
                        _ => {
                            check.fail(
                                answer_span,
                                &format!("{tfield}.answer"),
                                "a measure task needs a numeric answer, a tolerance of 0 or more, and a unit",
                            );
                            None
                        }
                    }
                }
                "place" => match (&raw_task.item, raw_task.count) {
                    (Some(item), Some(count))
                        if world.item_kinds.contains(&item.get_ref().as_str()) && count > 0 =>
                    {
                        Some(TaskKind::Place {
                            item: item.get_ref().clone(),
                            count,
                        })
                    }
                    (Some(item), _) if !world.item_kinds.contains(&item.get_ref().as_str()) => {
                        check.fail(
                            item.span(),
                            &format!("{tfield}.item"),
                            format!("the schoolyard catalogue has no '{}'", item.get_ref()),
                        );
                        None
                    }
                    _ => {
                        check.fail(
                            raw_task.kind.span(),
                            &tfield,
                            "a place task needs an item of the catalogue and a count over 0",
                        );
                        None
                    }
                },
                "find" => match &raw_task.poi {
                    Some(poi) if place.is_some_and(|(_, _, c)| c.poi(poi.get_ref()).is_some()) => {
                        Some(TaskKind::Find {
                            poi: poi.get_ref().clone(),
                        })
                    }
                    Some(poi) => {
                        check.fail(
                            poi.span(),
                            &format!("{tfield}.poi"),
                            format!("{scene} has no point of interest '{}'", poi.get_ref()),
                        );
                        None
                    }
                    None => {
                        check.fail(
                            raw_task.kind.span(),
                            &tfield,
                            "a find task needs the poi to find",
                        );
                        None
                    }
                },
                other => {
                    check.fail(
                        raw_task.kind.span(),
                        &format!("{tfield}.kind"),
                        format!("'{other}' is not a kind of task: use choice, free, measure, place or find"),
                    );
                    None
                }
            };
            if let Some(kind) = kind {
                tasks.push(Task {
                    id: tid,
                    question: raw_task.question.into_inner(),
                    kind,
                });
            }
        }
        steps.push(Step {
            id,
            scene,
            viewpoint: raw_step.viewpoint.into_inner(),
            pois: raw_step.pois.into_iter().map(Spanned::into_inner).collect(),
            narration: raw_step.narration.into_inner(),
            minutes,
            tasks,
        });
    }
    if lesson_minutes > 0.0 && total_minutes > lesson_minutes {
        check.fail(
            raw.minutes.span(),
            "minutes",
            format!(
                "the steps take {total_minutes} minutes, more than the lesson's {lesson_minutes}: \
                 shorten a step or lengthen the lesson"
            ),
        );
    }
    if !check.errors.is_empty() {
        return Err(check.errors);
    }
    let goals = raw.goals.into_inner();
    Ok(LessonPlan {
        id: raw.id.into_inner(),
        grades: raw.grades.into_inner(),
        minutes: lesson_minutes,
        title: raw.title.into_inner(),
        goals: HashMap::from([
            (Lang::Fi, goals.fi),
            (Lang::Sv, goals.sv),
            (Lang::En, goals.en),
        ]),
        curriculum: raw
            .curriculum
            .into_iter()
            .map(Spanned::into_inner)
            .collect(),
        steps,
    })
}

/// The fuzz target's check: any bytes, as text, checked against a world with no places;
/// returns whether they made a plan. Never panics.
pub fn check_bytes(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes);
    let world = World {
        places: Vec::new(),
        item_kinds: vec!["bench"],
    };
    parse(Path::new("fuzz.toml"), &text, &world).is_ok()
}
