//! Every screen drawn into ratatui's `TestBackend` at 80×24 and 120×40, with colours and
//! under NO_COLOR, as `insta` snapshots; and the keys that move between them, driven
//! through the app's `update` with a made-up clock.

use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use grill::bank::{Catalog, parse_bank};
use grill::round::RoundOptions;
use grill::scoring::Scorer;
use grill::tui::app::{App, Message, Screen, Start};
use grill::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::common;

fn catalog() -> Catalog {
    let bank =
        parse_bank("mini.toml", include_str!("../fixtures/mini.toml")).expect("fixture is valid");
    Catalog::from_banks(vec![bank])
}

/// One instant for every snapshot, so the clocks drawn never depend on how fast the test
/// runs.
fn fixed_now() -> Instant {
    static START: std::sync::LazyLock<Instant> = std::sync::LazyLock::new(Instant::now);
    *START
}

fn key(code: KeyCode) -> Message {
    Message::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn ctrl(c: char) -> Message {
    Message::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn typed(app: &mut App<'_>, text: &str, now: Instant) {
    for c in text.chars() {
        app.update(key(KeyCode::Char(c)), now);
    }
}

/// A round of the shutdown question with one follow-up, seeded.
fn round_start() -> Start {
    Start::Round(
        RoundOptions {
            count: 1,
            topic: Some("Deep dive".into()),
            follow_ups: 1,
            seed: 1,
            ..RoundOptions::default()
        },
        Some(1),
    )
}

/// Opens Browse from the home screen: its fourth entry.
fn open_browse(app: &mut App<'_>, now: Instant) {
    for _ in 0..3 {
        app.update(key(KeyCode::Down), now);
    }
    app.update(key(KeyCode::Enter), now);
    assert_eq!(app.context(), grill::tui::keys::Context::Browse);
}

fn draw(app: &App<'_>, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| app.view(frame)).unwrap();
    terminal
}

/// Snapshots `app` at both sizes, drawn plain, and checks its colour drawing against the
/// plain one ([`common::check_colour`]).
fn snapshot(
    name: &str,
    build: impl Fn(Theme) -> (Catalog, Box<dyn Fn(&Catalog, Theme) -> App<'static>>),
) {
    let (colour_catalog, make) = build(Theme::colour());
    let colour = make(&colour_catalog, Theme::colour());
    let (plain_catalog, make) = build(Theme::plain());
    let plain = make(&plain_catalog, Theme::plain());
    for (width, height) in [(80, 24), (120, 40)] {
        let drawn = draw(&plain, width, height);
        insta::assert_snapshot!(format!("{name}-{width}x{height}"), drawn.backend());
        common::check_colour(
            &format!("{name}-{width}x{height}"),
            draw(&colour, width, height).backend().buffer(),
            drawn.backend().buffer(),
        );
    }
}

fn at(
    catalog: &Catalog,
    theme: Theme,
    start: Start,
    steps: &[Message],
    typed_text: &str,
) -> App<'static> {
    let catalog: &'static Catalog = Box::leak(Box::new(catalog.clone()));
    let scorer: &'static Scorer<'static> = Box::leak(Box::new(Scorer::new(catalog)));
    let now = fixed_now();
    let mut app = App::new(scorer, theme, start, now);
    typed(&mut app, typed_text, now);
    for step in steps {
        app.update(step.clone(), now);
    }
    app
}

#[test]
fn home() {
    snapshot("home", |_| {
        (
            catalog(),
            Box::new(|c: &Catalog, t| at(c, t, Start::Home, &[], "")),
        )
    });
}

#[test]
fn setup() {
    snapshot("setup", |_| {
        (
            catalog(),
            Box::new(|c: &Catalog, t| {
                at(
                    c,
                    t,
                    Start::Home,
                    &[key(KeyCode::Enter), key(KeyCode::Down)],
                    "",
                )
            }),
        )
    });
}

#[test]
fn browse() {
    snapshot("browse", |_| {
        (
            catalog(),
            Box::new(|c: &Catalog, t| {
                at(
                    c,
                    t,
                    Start::Home,
                    &[
                        key(KeyCode::Up),
                        key(KeyCode::Up),
                        key(KeyCode::Enter),
                        key(KeyCode::Char('m')),
                    ],
                    "",
                )
            }),
        )
    });
}

#[test]
fn question_with_an_answer_being_typed() {
    snapshot("question", |_| {
        (
            catalog(),
            Box::new(|c: &Catalog, t| at(c, t, round_start(), &[], "ECS sends SIGTERM first.")),
        )
    });
}

#[test]
fn pause_menu() {
    snapshot("menu", |_| {
        (
            catalog(),
            Box::new(|c: &Catalog, t| {
                at(
                    c,
                    t,
                    round_start(),
                    &[key(KeyCode::Esc), key(KeyCode::Down)],
                    "",
                )
            }),
        )
    });
}

#[test]
fn follow_up() {
    snapshot("follow-up", |_| {
        (
            catalog(),
            Box::new(|c: &Catalog, t| {
                at(
                    c,
                    t,
                    round_start(),
                    &[ctrl('s')],
                    "ECS sends SIGTERM first.",
                )
            }),
        )
    });
}

#[test]
fn feedback() {
    snapshot("feedback", |_| {
        (
            catalog(),
            Box::new(|c: &Catalog, t| {
                let mut app = at(
                    c,
                    t,
                    round_start(),
                    &[ctrl('s')],
                    "ECS sends SIGTERM, then SIGKILL first.",
                );
                typed(&mut app, "The stop timeout is 30 seconds.", fixed_now());
                app.update(ctrl('s'), fixed_now());
                app
            }),
        )
    });
}

#[test]
fn feedback_with_the_model_answer() {
    snapshot("feedback-model", |_| {
        (
            catalog(),
            Box::new(|c: &Catalog, t| {
                at(
                    c,
                    t,
                    round_start(),
                    &[ctrl('s'), ctrl('s'), key(KeyCode::Char('m'))],
                    "We drain requests.",
                )
            }),
        )
    });
}

#[test]
fn summary() {
    snapshot("summary", |_| {
        (
            catalog(),
            Box::new(|c: &Catalog, t| {
                at(
                    c,
                    t,
                    round_start(),
                    &[ctrl('s'), ctrl('s'), key(KeyCode::Enter)],
                    "We drain requests.",
                )
            }),
        )
    });
}

#[test]
fn help_overlay() {
    snapshot("help", |_| {
        (
            catalog(),
            Box::new(|c: &Catalog, t| at(c, t, round_start(), &[key(KeyCode::F(1))], "")),
        )
    });
}

#[test]
fn too_small_a_window_asks_to_enlarge_it_and_recovers() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let app = App::new(&scorer, Theme::plain(), Start::Home, Instant::now());
    let small = draw(&app, 40, 10);
    insta::assert_snapshot!("too-small", small.backend());
    let large = draw(&app, 80, 24);
    assert!(format!("{}", large.backend()).contains("Practice round"));
}

#[test]
fn the_clock_waits_while_the_window_is_too_small_to_show_the_question() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let start = Instant::now();
    let mut app = App::new(&scorer, Theme::plain(), round_start(), start);
    app.update(Message::Resize(80, 24), start);
    app.update(Message::Resize(40, 10), start + Duration::from_secs(10));
    app.update(Message::Tick, start + Duration::from_secs(100));
    app.update(Message::Resize(80, 24), start + Duration::from_secs(130));
    app.update(Message::Tick, start + Duration::from_secs(130));
    // 10 s ran before the window shrank; the two minutes it was too small did not count.
    let screen = format!("{}", draw(&app, 80, 24).backend());
    assert!(
        screen.contains("How does a container shut down cleanly?"),
        "{screen}"
    );
    assert!(screen.contains("1:20"), "{screen}");
}

#[test]
fn the_clock_runs_out_and_submits_what_was_typed() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let start = Instant::now();
    let mut app = App::new(&scorer, Theme::plain(), round_start(), start);
    typed(&mut app, "SIGTERM", start);
    assert!(format!("{}", draw(&app, 80, 24).backend()).contains("1:30"));
    // A tick within the time changes only the clock.
    assert!(app.update(Message::Tick, start + Duration::from_millis(1500)));
    assert!(format!("{}", draw(&app, 80, 24).backend()).contains("1:29"));
    assert!(!app.update(Message::Tick, start + Duration::from_millis(1600)));
    // At the limit the answer goes in, the title says so, and the follow-up waits.
    app.update(Message::Tick, start + Duration::from_secs(90));
    let screen = format!("{}", draw(&app, 80, 24).backend());
    assert!(screen.contains("How long does the app have?"), "{screen}");
    assert!(
        screen.contains("time's up: your answer was submitted"),
        "{screen}"
    );
    // Its clock starts once that moment has passed, with its whole minute.
    let moment_over = start + Duration::from_millis(91_500);
    app.update(Message::Tick, moment_over + Duration::from_secs(1));
    let screen = format!("{}", draw(&app, 80, 24).backend());
    assert!(screen.contains("0:59"), "{screen}");
    // The follow-up times out too, with nothing typed: feedback shows it.
    app.update(Message::Tick, moment_over + Duration::from_secs(60));
    let screen = format!("{}", draw(&app, 80, 24).backend());
    assert!(screen.contains("time up"), "{screen}");
    assert!(screen.contains("(nothing was typed)"), "{screen}");
}

#[test]
fn ctrl_c_quits_from_every_screen() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let now = Instant::now();
    for steps in [
        vec![],
        vec![key(KeyCode::Enter)],
        vec![key(KeyCode::Down), key(KeyCode::Down), key(KeyCode::Enter)],
        vec![key(KeyCode::Up), key(KeyCode::Up), key(KeyCode::Enter)],
    ] {
        let mut app = App::new(&scorer, Theme::plain(), Start::Home, now);
        for step in steps {
            app.update(step, now);
        }
        assert!(!app.quit);
        app.update(ctrl('c'), now);
        assert!(app.quit);
    }
    let mut app = App::new(&scorer, Theme::plain(), round_start(), now);
    app.update(ctrl('c'), now);
    assert!(app.quit);
}

#[test]
fn summary_keys_start_a_new_round_or_practise_the_misses() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let now = Instant::now();
    let mut app = App::new(&scorer, Theme::plain(), round_start(), now);
    app.update(ctrl('s'), now);
    app.update(ctrl('s'), now);
    app.update(key(KeyCode::Enter), now);
    assert!(format!("{}", draw(&app, 80, 24).backend()).contains("Round over"));
    app.update(key(KeyCode::Char('p')), now);
    let screen = format!("{}", draw(&app, 80, 24).backend());
    assert!(
        screen.contains("How does a container shut down cleanly?"),
        "{screen}"
    );
    assert!(matches!(app.screen, Screen::Play(_)));
    app.update(key(KeyCode::Esc), now);
    app.update(key(KeyCode::Down), now);
    app.update(key(KeyCode::Down), now);
    app.update(key(KeyCode::Enter), now);
    // `r` opens the set-up, with the last round's settings.
    app.update(key(KeyCode::Char('r')), now);
    assert_eq!(app.context(), grill::tui::keys::Context::Setup);
    let setup = text_of(&app);
    assert!(setup.contains("‹ Deep dive ›"), "{setup}");
}

#[test]
fn question_mark_types_in_the_editor_but_opens_help_elsewhere() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let now = Instant::now();
    let mut app = App::new(&scorer, Theme::plain(), round_start(), now);
    typed(&mut app, "Why?", now);
    let screen = format!("{}", draw(&app, 80, 24).backend());
    assert!(
        screen.contains("Why?") && !screen.contains("Keys"),
        "{screen}"
    );
    let mut home = App::new(&scorer, Theme::plain(), Start::Home, now);
    home.update(key(KeyCode::Char('?')), now);
    assert!(format!("{}", draw(&home, 80, 24).backend()).contains("Keys"));
}

#[test]
fn escape_sequences_in_a_bank_or_a_paste_never_reach_the_terminal() {
    let hostile = include_str!("../fixtures/mini.toml")
        .replace(
            "How does a container shut down cleanly?",
            "Clear \\u001b[2J and title \\u001b]0;pwned\\u0007 here?",
        )
        .replace("ECS sends SIGTERM first", "Label \\u009b31m red");
    let bank = parse_bank("hostile.toml", &hostile).expect("escape sequences are valid TOML");
    assert!(
        bank.questions[0].prompt.contains('\u{1b}'),
        "the bank holds a real escape"
    );
    let catalog = Catalog::from_banks(vec![bank]);
    let scorer = Scorer::new(&catalog);
    let now = fixed_now();
    let mut app = App::new(&scorer, Theme::plain(), round_start(), now);
    app.update(Message::Paste("pasted \u{1b}[31m red \u{7}".into()), now);
    let question = draw(&app, 80, 24);
    app.update(ctrl('s'), now);
    app.update(ctrl('s'), now);
    let feedback = draw(&app, 80, 24);
    // Each escape shows as a visible replacement, the text around it as written.
    let shown = format!("{}", question.backend());
    for replaced in ["Clear �[2J", "pwned�", "pasted �[31m red �"] {
        assert!(
            shown.contains(replaced),
            "{replaced:?} not on screen:\n{shown}"
        );
    }
    for terminal in [question, feedback] {
        for cell in terminal.backend().buffer().content() {
            assert!(
                !cell.symbol().chars().any(|c| c.is_control()),
                "a control character reached the screen: {:?}",
                cell.symbol()
            );
        }
    }
}

#[test]
fn the_pause_menu_stops_the_clock() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let start = fixed_now();
    let mut app = App::new(&scorer, Theme::plain(), round_start(), start);
    app.update(key(KeyCode::Esc), start + Duration::from_secs(10));
    app.update(Message::Tick, start + Duration::from_secs(60));
    let paused = format!("{}", draw(&app, 80, 24).backend());
    assert!(
        paused.contains("1:20") && paused.contains("Paused"),
        "{paused}"
    );
    assert!(
        !paused.contains("How does a container shut down cleanly?"),
        "the question is out of sight while the clock waits: {paused}"
    );
    app.update(key(KeyCode::Esc), start + Duration::from_secs(60));
    app.update(Message::Tick, start + Duration::from_secs(65));
    assert!(format!("{}", draw(&app, 80, 24).backend()).contains("1:15"));
}

#[test]
fn ending_the_round_keeps_what_was_typed() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let now = fixed_now();
    let mut app = App::new(&scorer, Theme::plain(), round_start(), now);
    typed(&mut app, "ECS sends SIGTERM.", now);
    for step in [
        key(KeyCode::Esc),
        key(KeyCode::Down),
        key(KeyCode::Down),
        key(KeyCode::Enter),
    ] {
        app.update(step, now);
    }
    // The answer it submitted has its feedback first, its follow-up left unasked.
    let feedback = text_of(&app);
    assert_eq!(app.context(), grill::tui::keys::Context::Feedback);
    assert!(feedback.contains("ECS sends SIGTERM."), "{feedback}");
    assert!(
        !feedback.contains("How long does the app have?"),
        "{feedback}"
    );
    app.update(key(KeyCode::Enter), now);
    let screen = format!("{}", draw(&app, 80, 24).backend());
    assert!(
        screen.contains("Round over · 1 question · average 67"),
        "{screen}"
    );
}

#[test]
fn typing_as_the_clock_runs_out_does_not_spill_into_the_follow_up() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let start = fixed_now();
    let mut app = App::new(&scorer, Theme::plain(), round_start(), start);
    typed(&mut app, "SIGTERM", start);
    let up = start + Duration::from_secs(90);
    app.update(Message::Tick, up);
    typed(&mut app, "late words", up + Duration::from_millis(300));
    let screen = format!("{}", draw(&app, 80, 24).backend());
    assert!(screen.contains("How long does the app have?"), "{screen}");
    assert!(!screen.contains("late words"), "{screen}");
    typed(&mut app, "on time", up + Duration::from_secs(2));
    assert!(format!("{}", draw(&app, 80, 24).backend()).contains("on time"));
}

#[test]
fn keys_wait_while_the_window_is_too_small() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let now = fixed_now();
    let mut app = App::new(&scorer, Theme::plain(), round_start(), now);
    app.update(Message::Resize(40, 10), now);
    typed(&mut app, "QQ", now);
    app.update(Message::Resize(80, 24), now);
    assert!(!format!("{}", draw(&app, 80, 24).backend()).contains("QQ"));
}

#[test]
fn feedback_scrolls_no_further_than_its_end() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let now = fixed_now();
    let mut app = App::new(&scorer, Theme::plain(), round_start(), now);
    app.update(Message::Resize(80, 24), now);
    typed(&mut app, "ECS sends SIGTERM first.", now);
    for step in [ctrl('s'), ctrl('s'), key(KeyCode::Char('m'))] {
        app.update(step, now);
    }
    for _ in 0..30 {
        app.update(key(KeyCode::PageDown), now);
    }
    let bottom = format!("{}", draw(&app, 80, 24).backend());
    assert!(
        bottom.contains("(this question has none)"),
        "the last line shows: {bottom}"
    );
    assert!(bottom.contains("↑ the end"), "{bottom}");
    app.update(key(KeyCode::Up), now);
    let one_up = format!("{}", draw(&app, 80, 24).backend());
    assert!(one_up.contains("↓ 1 more row"), "{one_up}");
    assert_ne!(
        bottom, one_up,
        "one line up moves at once, however often PgDn was pressed"
    );
    app.update(key(KeyCode::Home), now);
    assert!(
        format!("{}", draw(&app, 80, 24).backend())
            .contains("How does a container shut down cleanly?")
    );
}

#[test]
fn feedback_of_a_long_answer_that_wraps_on_words_scrolls_to_its_last_line() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let now = fixed_now();
    let mut app = App::new(&scorer, Theme::plain(), round_start(), now);
    app.update(Message::Resize(80, 24), now);
    // Long words wrap early, so the answer takes more rows than its characters fill.
    typed(&mut app, &"interchangeability SIGTERM ".repeat(120), now);
    for step in [
        ctrl('s'),
        ctrl('s'),
        key(KeyCode::Char('m')),
        key(KeyCode::End),
    ] {
        app.update(step, now);
    }
    let bottom = format!("{}", draw(&app, 80, 24).backend());
    assert!(
        bottom.contains("(this question has none)"),
        "the last line shows: {bottom}"
    );
}

#[test]
fn up_in_a_wrapped_answer_moves_to_the_row_above() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let now = fixed_now();
    let mut app = App::new(&scorer, Theme::plain(), round_start(), now);
    app.update(Message::Resize(80, 24), now);
    // One paragraph of several rows, the way answers are usually typed.
    typed(&mut app, &"draining connections ".repeat(20), now);
    draw(&app, 80, 24);
    app.update(key(KeyCode::Up), now);
    typed(&mut app, "XYZ", now);
    let screen = format!("{}", draw(&app, 80, 24).backend());
    let rows: Vec<&str> = screen.lines().collect();
    let at = rows
        .iter()
        .position(|row| row.contains("XYZ"))
        .expect("the typed text is on screen");
    assert!(
        rows[at + 1].contains("draining"),
        "XYZ went in on the row above the last one: {screen}"
    );
}

#[test]
fn every_submitted_answer_is_in_the_history_at_once() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let dir = tempfile::tempdir().unwrap();
    let store = grill::history::Store::open(dir.path()).unwrap();
    let now = fixed_now();
    let mut app =
        App::new(&scorer, Theme::plain(), round_start(), now).with_history(Ok(store.clone()));
    typed(&mut app, "ECS sends SIGTERM first.", now);
    app.update(ctrl('s'), now);
    let after_main = store.load().unwrap().records;
    assert_eq!(after_main.len(), 1);
    assert_eq!(after_main[0].question, "mini-shutdown");
    assert_eq!(after_main[0].bank, "mini");
    assert_eq!(after_main[0].covered, ["sigterm"]);
    typed(&mut app, "30 seconds", now);
    app.update(ctrl('s'), now);
    let records = store.load().unwrap().records;
    assert_eq!(records.len(), 2);
    assert_eq!(records[1].follow_up.as_deref(), Some("stop-timeout"));
    assert_eq!(records[0].session, records[1].session);
}

#[test]
fn a_history_that_cannot_be_written_is_said_on_every_screen() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let app = App::new(&scorer, Theme::plain(), Start::Home, fixed_now())
        .with_history(Err("cannot write /nowhere".into()));
    assert!(format!("{}", draw(&app, 80, 24).backend()).contains("⚠ answers are not being saved"));
    assert_eq!(app.unsaved(), Some("cannot write /nowhere"));
}

fn text_of(app: &App<'_>) -> String {
    format!("{}", draw(app, 100, 30).backend())
}

#[test]
fn an_interrupted_round_is_offered_on_the_home_screen_and_resumed_where_it_stopped() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let dir = tempfile::tempdir().unwrap();
    let store = grill::history::Store::open(dir.path()).unwrap();
    let now = fixed_now();
    let mut killed =
        App::new(&scorer, Theme::plain(), round_start(), now).with_history(Ok(store.clone()));
    typed(&mut killed, "ECS sends SIGTERM first.", now);
    killed.update(ctrl('s'), now);
    typed(&mut killed, "30 sec", now + Duration::from_secs(1));
    // Typing is saved every few seconds, without a key being pressed.
    killed.update(Message::Tick, now + Duration::from_secs(4));
    drop(killed);

    let later = now + Duration::from_secs(600);
    let mut app =
        App::new(&scorer, Theme::plain(), Start::Home, later).with_history(Ok(store.clone()));
    let home = text_of(&app);
    assert!(home.contains("▸ Resume the interrupted round"), "{home}");
    assert!(
        home.contains("at the follow-up of question 1 of 1 · 1 answer saved"),
        "{home}"
    );
    app.update(key(KeyCode::Enter), later);
    let screen = text_of(&app);
    assert!(screen.contains("How long does the app have?"), "{screen}");
    assert!(screen.contains("30 sec"), "{screen}");
    // The follow-up's clock lost the four seconds it had run.
    assert!(screen.contains("0:56"), "{screen}");
    typed(&mut app, "onds, the stop timeout", later);
    app.update(ctrl('s'), later);
    let records = store.load().unwrap().records;
    assert_eq!(records.len(), 2, "the main answer is not written twice");
    assert_eq!(records[0].session, records[1].session);
    assert_eq!(records[1].answer, "30 seconds, the stop timeout");
    assert!(text_of(&app).contains("Follow-up: How long does the app have?"));
}

/// The draft of a round in `data_dir`, if there is one.
fn draft_path(data_dir: &std::path::Path) -> Option<std::path::PathBuf> {
    std::fs::read_dir(data_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.starts_with("draft-") && name.ends_with(".json")
        })
}

/// What the draft of a round in `data_dir` holds, if there is one.
fn saved_draft(data_dir: &std::path::Path) -> Option<grill::history::draft::Draft> {
    let text = std::fs::read_to_string(draft_path(data_dir)?).unwrap();
    Some(serde_json::from_str(&text).unwrap())
}

#[test]
fn two_grills_on_one_data_folder_keep_to_their_own_rounds() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let dir = tempfile::tempdir().unwrap();
    let store = grill::history::Store::open(dir.path()).unwrap();
    let now = fixed_now();
    let mut first =
        App::new(&scorer, Theme::plain(), round_start(), now).with_history(Ok(store.clone()));
    typed(&mut first, "ECS sends SIGTERM", now);
    first.keep_draft(now);
    // A second grill does not offer the round the first is playing.
    let second =
        App::new(&scorer, Theme::plain(), Start::Home, now).with_history(Ok(store.clone()));
    assert!(!text_of(&second).contains("Resume"), "{}", text_of(&second));
    drop(second);
    // A third plays a round to its end, and the first's draft stays.
    let mut third =
        App::new(&scorer, Theme::plain(), round_start(), now).with_history(Ok(store.clone()));
    typed(&mut third, "SIGTERM", now);
    third.update(ctrl('s'), now);
    third.update(ctrl('s'), now);
    third.update(key(KeyCode::Enter), now);
    assert_eq!(third.context(), grill::tui::keys::Context::Summary);
    assert_eq!(third.unsaved(), None);
    assert_eq!(saved_draft(dir.path()).unwrap().typing, "ECS sends SIGTERM");
    // Once the first grill stops, its round is offered.
    drop(first);
    let later = App::new(&scorer, Theme::plain(), Start::Home, now).with_history(Ok(store));
    assert!(text_of(&later).contains("▸ Resume the interrupted round"));
}

/// grill stopped after the answer reached the history and before the draft did.
#[test]
fn an_answer_in_the_history_but_not_the_draft_is_kept_on_resume_not_asked_again() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let dir = tempfile::tempdir().unwrap();
    let store = grill::history::Store::open(dir.path()).unwrap();
    let now = fixed_now();
    let mut killed =
        App::new(&scorer, Theme::plain(), round_start(), now).with_history(Ok(store.clone()));
    typed(&mut killed, "ECS sends SIGTERM first.", now);
    killed.keep_draft(now);
    let draft_file = draft_path(dir.path()).expect("the round has a draft");
    let before_submit = std::fs::read(&draft_file).unwrap();
    killed.update(ctrl('s'), now);
    drop(killed);
    std::fs::write(&draft_file, before_submit).unwrap();
    assert_eq!(store.load().unwrap().records.len(), 1);

    let later = now + Duration::from_secs(600);
    let mut app =
        App::new(&scorer, Theme::plain(), Start::Home, later).with_history(Ok(store.clone()));
    run_effects(&mut app, later);
    let home = text_of(&app);
    assert!(
        home.contains("at the follow-up of question 1 of 1 · 1 answer saved"),
        "{home}"
    );
    app.update(key(KeyCode::Enter), later);
    let screen = text_of(&app);
    assert!(screen.contains("How long does the app have?"), "{screen}");
    assert!(!screen.contains("ECS sends SIGTERM first."), "{screen}");
    typed(&mut app, "30 seconds", later);
    app.update(ctrl('s'), later);
    let answers: Vec<String> = store
        .load()
        .unwrap()
        .records
        .into_iter()
        .map(|r| r.answer)
        .collect();
    assert_eq!(answers, ["ECS sends SIGTERM first.", "30 seconds"]);
}

#[test]
fn an_answer_the_history_could_not_take_is_written_once_it_can() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let dir = tempfile::tempdir().unwrap();
    let store = grill::history::Store::open(dir.path()).unwrap();
    // A folder where the history file should be: every append fails.
    std::fs::create_dir(store.path()).unwrap();
    let now = fixed_now();
    let mut app =
        App::new(&scorer, Theme::plain(), round_start(), now).with_history(Ok(store.clone()));
    typed(&mut app, "ECS sends SIGTERM first.", now);
    app.update(ctrl('s'), now);
    assert!(text_of(&app).contains("⚠ answers are not being saved"));
    assert!(
        app.unsaved().unwrap().contains("1 answer kept"),
        "{:?}",
        app.unsaved()
    );
    std::fs::remove_dir(store.path()).unwrap();
    // Too soon to try again.
    app.update(Message::Tick, now + Duration::from_secs(1));
    assert!(!store.path().exists());
    app.update(Message::Tick, now + Duration::from_secs(6));
    let answers: Vec<String> = store
        .load()
        .unwrap()
        .records
        .into_iter()
        .map(|r| r.answer)
        .collect();
    assert_eq!(answers, ["ECS sends SIGTERM first."]);
    assert_eq!(app.unsaved(), None);
    assert!(!text_of(&app).contains("⚠ answers are not being saved"));
}

#[test]
fn the_draft_keeps_what_was_typed_when_grill_stops_and_goes_when_the_round_ends() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let dir = tempfile::tempdir().unwrap();
    let store = grill::history::Store::open(dir.path()).unwrap();
    let now = fixed_now();
    let mut app =
        App::new(&scorer, Theme::plain(), round_start(), now).with_history(Ok(store.clone()));
    typed(&mut app, "SIGTERM, then", now);
    app.update(ctrl('c'), now);
    app.keep_draft(now);
    assert_eq!(saved_draft(dir.path()).unwrap().typing, "SIGTERM, then");
    assert!(app.round_kept());
    drop(app);
    let kept = draft_path(dir.path()).unwrap();
    std::fs::remove_file(kept.with_extension("lock")).unwrap();
    std::fs::remove_file(kept).unwrap();

    let mut app = App::new(&scorer, Theme::plain(), round_start(), now).with_history(Ok(store));
    typed(&mut app, "SIGTERM", now);
    app.update(ctrl('s'), now);
    assert!(saved_draft(dir.path()).is_some());
    app.update(ctrl('s'), now);
    app.update(key(KeyCode::Enter), now);
    assert_eq!(app.context(), grill::tui::keys::Context::Summary);
    assert_eq!(saved_draft(dir.path()), None);
    assert!(!app.round_kept());
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(left.len(), 1, "only the history is left: {left:?}");
}

#[test]
fn a_draft_whose_questions_are_gone_is_not_offered() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let dir = tempfile::tempdir().unwrap();
    let store = grill::history::Store::open(dir.path()).unwrap();
    let draft = grill::history::draft::Draft::new(
        "gone".into(),
        RoundOptions::default(),
        vec!["mini-shutdown".into(), "a-question-since-removed".into()],
    );
    grill::history::draft::DraftFile::claim(dir.path(), "gone")
        .unwrap()
        .save(&draft)
        .unwrap();
    let app = App::new(&scorer, Theme::plain(), Start::Home, fixed_now()).with_history(Ok(store));
    let home = text_of(&app);
    assert!(!home.contains("Resume"), "{home}");
    assert!(
        home.contains("The interrupted round cannot be resumed"),
        "{home}"
    );
}

/// A history in which the shutdown question's `sigterm` point was missed two days ago.
fn history_with_a_due_concept() -> (tempfile::TempDir, grill::history::Store) {
    history_with_a_miss_of("mini-shutdown")
}

/// A history in which `question`'s `sigterm` point was missed two days ago.
fn history_with_a_miss_of(question: &str) -> (tempfile::TempDir, grill::history::Store) {
    history_with_a_miss_days_ago(question, 2)
}

/// A history in which `question`'s `sigterm` point was missed `days` ago.
fn history_with_a_miss_days_ago(
    question: &str,
    days: u64,
) -> (tempfile::TempDir, grill::history::Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = grill::history::Store::open(dir.path()).unwrap();
    store
        .append(&grill::history::Record {
            time: grill::history::now_secs() - days * 24 * 60 * 60,
            session: "old".into(),
            answer: "We drain the connections.".into(),
            score: 40.0,
            covered: common::ids(&["drain"]),
            missed: common::ids(&["sigterm"]),
            time_used_secs: 20.0,
            time_allowed_secs: 90.0,
            ..common::record("mini", question)
        })
        .unwrap();
    (dir, store)
}

/// Runs the work `app` asked for, as the terminal does on threads, and hands it the
/// results.
fn run_effects(app: &mut App<'_>, now: Instant) {
    for effect in app.take_effects() {
        app.update(effect.run(), now);
    }
}

#[test]
fn the_home_screen_shows_before_the_history_is_read() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let (_dir, store) = history_with_a_due_concept();
    let now = fixed_now();
    let mut app = App::new(&scorer, Theme::plain(), Start::Home, now).with_history(Ok(store));
    let home = text_of(&app);
    assert!(
        home.contains("Review missed concepts (counting what is due…)"),
        "{home}"
    );
    app.update(key(KeyCode::Down), now);
    app.update(key(KeyCode::Enter), now);
    assert_eq!(app.context(), grill::tui::keys::Context::Home);
    assert!(text_of(&app).contains("Still reading the history to count what is due"));
    let mut effects = app.take_effects();
    assert_eq!(effects.len(), 1, "{effects:?}");
    // An answer to an earlier request is passed over.
    let stale = Message::HistoryRead {
        request: 0,
        read: Err("an earlier read".to_owned()),
    };
    assert!(!app.update(stale, now));
    assert!(app.take_effects().is_empty());
    assert!(app.update(effects.remove(0).run(), now));
    assert!(text_of(&app).contains("Review missed concepts (1 due)"));
}

#[test]
fn home_counts_the_due_concepts_and_a_review_marks_them_in_the_feedback() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let (_dir, store) = history_with_a_due_concept();
    let now = fixed_now();
    let mut app = App::new(&scorer, Theme::plain(), Start::Home, now).with_history(Ok(store));
    run_effects(&mut app, now);
    assert!(text_of(&app).contains("Review missed concepts (1 due)"));
    app.update(key(KeyCode::Down), now);
    app.update(key(KeyCode::Enter), now);
    let question = text_of(&app);
    assert!(
        question.contains("How does a container shut down cleanly?"),
        "{question}"
    );
    assert!(question.contains("Question 1 of 1"), "{question}");
    assert!(
        question.contains("Review: this question holds 1 concept you missed before"),
        "{question}"
    );
    typed(
        &mut app,
        "ECS sends SIGTERM and we drain in-flight requests.",
        now,
    );
    app.update(ctrl('s'), now);
    app.update(ctrl('s'), now);
    let feedback = text_of(&app);
    assert!(
        feedback.contains("Review: you covered 1 of the 1 concept missed before (◎)"),
        "{feedback}"
    );
    assert!(feedback.contains("◎ review"), "{feedback}");
    app.update(key(KeyCode::Enter), now);
    let summary = text_of(&app);
    assert!(
        summary.contains("Review: you covered 1 of the 1 concept missed before; each moves up"),
        "{summary}"
    );
}

#[test]
fn a_concept_whose_question_left_the_banks_is_not_due() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let (_dir, store) = history_with_a_miss_of("a-question-since-removed");
    let now = fixed_now();
    let mut app = App::new(&scorer, Theme::plain(), Start::Home, now).with_history(Ok(store));
    run_effects(&mut app, now);
    assert!(text_of(&app).contains("Review missed concepts (none due)"));
    app.update(key(KeyCode::Down), now);
    app.update(key(KeyCode::Enter), now);
    let after = text_of(&app);
    assert!(after.contains("Nothing is due for review today"), "{after}");
    assert!(!after.contains("Round over"), "{after}");
}

#[test]
fn a_damaged_draft_is_set_aside_with_a_notice_that_names_it() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let dir = tempfile::tempdir().unwrap();
    let store = grill::history::Store::open(dir.path()).unwrap();
    std::fs::write(dir.path().join("draft.json"), "{\"schema\":1,\"sess").unwrap();
    let now = fixed_now();
    let app = App::new(&scorer, Theme::plain(), Start::Home, now).with_history(Ok(store));
    let home = text_of(&app);
    assert!(home.contains("set aside as"), "{home}");
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.contains(&"draft.json".to_owned()), "{names:?}");
    assert!(
        names.iter().any(|n| n.starts_with("draft.json.damaged-")),
        "{names:?}"
    );
}

#[test]
fn a_draft_set_aside_and_a_damaged_history_line_are_both_told() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let dir = tempfile::tempdir().unwrap();
    let store = grill::history::Store::open(dir.path()).unwrap();
    std::fs::write(dir.path().join("draft.json"), "{\"schema\":1,\"sess").unwrap();
    std::fs::write(store.path(), "not json\n").unwrap();
    let now = fixed_now();
    let mut app = App::new(&scorer, Theme::plain(), Start::Home, now).with_history(Ok(store));
    run_effects(&mut app, now);
    let home = text_of(&app).replace(['"', '\n'], "");
    let squeezed: String = home.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(squeezed.contains("set aside as"), "{squeezed}");
    assert!(squeezed.contains("skipped a damaged line"), "{squeezed}");
}

#[test]
fn a_draft_with_more_steps_than_its_round_is_set_aside_not_offered() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let dir = tempfile::tempdir().unwrap();
    let store = grill::history::Store::open(dir.path()).unwrap();
    let mut steps = vec![serde_json::json!({"step": "skipped"})];
    steps.extend(
        (0..50).map(|_| serde_json::json!({"step": "answered", "text": "", "used_ms": u64::MAX})),
    );
    let draft = serde_json::json!({
        "schema": 1, "session": "s", "saved": 0, "options": {},
        "questions": ["mini-shutdown"], "steps": steps, "typing": "", "used_ms": 0
    });
    std::fs::write(dir.path().join("draft.json"), draft.to_string()).unwrap();
    let now = fixed_now();
    let app = App::new(&scorer, Theme::plain(), Start::Home, now).with_history(Ok(store));
    let home = text_of(&app);
    assert!(!home.contains("Resume"), "{home}");
    assert!(home.contains("set aside as"), "{home}");
    assert!(!dir.path().join("draft.json").exists());
}

#[test]
fn review_feedback() {
    snapshot("review-feedback", |_| {
        (
            catalog(),
            Box::new(|c: &Catalog, t| {
                let review = vec![grill::history::mastery::Concept {
                    bank: "mini".into(),
                    question: "mini-shutdown".into(),
                    follow_up: None,
                    point: "sigterm".into(),
                }];
                at(
                    c,
                    t,
                    Start::Review(review),
                    &[ctrl('s'), ctrl('s')],
                    "We drain in-flight requests, then exit.",
                )
            }),
        )
    });
}

#[test]
fn the_home_screen_names_a_bank_file_left_out_for_its_problems() {
    let folder = tempfile::tempdir().unwrap();
    std::fs::write(folder.path().join("broken.toml"), "[bank]\nid = \"x\"\n").unwrap();
    let catalog = Catalog::load_usable(&grill::bank::Sources {
        user_folder: Some(folder.path().to_owned()),
        ..Default::default()
    })
    .unwrap();
    let scorer = Scorer::new(&catalog);
    let app = App::new(&scorer, Theme::plain(), Start::Home, fixed_now());
    let home = text_of(&app);
    assert!(home.contains("Left out for their problems:"), "{home}");
    assert!(home.contains("broken.toml"), "{home}");
}

#[test]
fn at_the_smallest_size_the_home_menu_scrolls_to_the_selection_and_keeps_its_indent() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let now = fixed_now();
    let mut app = App::new(&scorer, Theme::plain(), Start::Home, now);
    app.update(Message::Resize(50, 15), now);
    // Up from the first entry selects the last, Quit.
    app.update(key(KeyCode::Up), now);
    let rows = rows_of(&app, 50, 15);
    assert!(rows.iter().any(|r| r.trim() == "▸ Quit"), "{rows:#?}");
    app.update(key(KeyCode::Down), now);
    let rows = rows_of(&app, 50, 15);
    assert!(
        rows.iter().any(|r| r.trim() == "▸ Practice round"),
        "{rows:#?}"
    );
    // A description that wraps goes on at its indent.
    let about = rows
        .iter()
        .position(|r| r.contains("timed questions with follow-ups"))
        .expect("the practice entry's description");
    assert!(rows[about + 1].starts_with("      "), "{rows:#?}");
}

#[test]
fn at_the_smallest_size_the_help_keeps_its_columns_and_says_what_does_not_fit() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let now = fixed_now();
    let mut app = App::new(&scorer, Theme::plain(), round_start(), now);
    app.update(Message::Resize(50, 15), now);
    app.update(key(KeyCode::F(1)), now);
    let rows = rows_of(&app, 50, 15);
    let inside: Vec<&str> = rows
        .iter()
        .filter_map(|r| r.strip_prefix('│'))
        .map(|r| r.trim_end_matches([' ', '│']))
        .collect();
    assert!(
        inside.iter().any(|r| r.trim() == "Ctrl-S/F2  submit"),
        "{rows:#?}"
    );
    // Every description starts at its indent, none at the box's edge.
    for row in &inside {
        assert!(row.is_empty() || row.starts_with(' '), "{rows:#?}");
    }
    assert!(
        inside
            .iter()
            .any(|r| r.contains("more keys in a taller window")),
        "{rows:#?}"
    );
}

#[test]
fn browse_never_cuts_off_the_difficulty() {
    let catalog = Catalog::built_in().unwrap();
    let scorer = Scorer::new(&catalog);
    let now = fixed_now();
    let mut app = App::new(&scorer, Theme::plain(), Start::Home, now);
    app.update(Message::Resize(80, 24), now);
    open_browse(&mut app, now);
    let rows = rows_of(&app, 80, 24);
    let listed: Vec<&String> = rows.iter().filter(|r| r.starts_with("  ●")).collect();
    assert!(listed.len() > 5, "{rows:#?}");
    for row in listed {
        let dots: String = row.trim_start().chars().take(3).collect();
        assert!(dots.chars().all(|c| c == '●' || c == '○'), "{row}");
    }
}

#[test]
fn f2_and_alt_enter_submit_where_ctrl_s_is_taken() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let now = fixed_now();
    for submit in [
        key(KeyCode::F(2)),
        Message::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::ALT)),
    ] {
        let mut app = App::new(&scorer, Theme::plain(), round_start(), now);
        typed(&mut app, "ECS sends SIGTERM first.", now);
        app.update(submit, now);
        let screen = text_of(&app);
        assert!(screen.contains("grill · follow-up"), "{screen}");
        assert!(screen.contains("How long does the app have?"), "{screen}");
    }
}

#[test]
fn a_due_follow_up_is_reviewed_on_its_own_with_its_question_as_context() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let dir = tempfile::tempdir().unwrap();
    let store = grill::history::Store::open(dir.path()).unwrap();
    store
        .append(&grill::history::Record {
            time: grill::history::now_secs() - 2 * 24 * 60 * 60,
            session: "old".into(),
            follow_up: Some("stop-timeout".into()),
            answer: "No idea.".into(),
            missed: common::ids(&["thirty-seconds"]),
            time_used_secs: 5.0,
            time_allowed_secs: 60.0,
            ..common::record("mini", "mini-shutdown")
        })
        .unwrap();
    let now = fixed_now();
    let mut app =
        App::new(&scorer, Theme::plain(), Start::Home, now).with_history(Ok(store.clone()));
    run_effects(&mut app, now);
    app.update(key(KeyCode::Down), now);
    app.update(key(KeyCode::Enter), now);
    let screen = text_of(&app);
    assert!(screen.contains("grill · follow-up"), "{screen}");
    assert!(screen.contains("How long does the app have?"), "{screen}");
    assert!(
        screen.contains("On the question: How does a container shut down cleanly?"),
        "{screen}"
    );
    typed(&mut app, "30 seconds by default", now);
    app.update(ctrl('s'), now);
    assert!(
        text_of(&app).contains("Answer 100 / 100"),
        "{}",
        text_of(&app)
    );
    let records = store.load().unwrap().records;
    let last = records.last().unwrap();
    assert_eq!(records.len(), 2, "only the follow-up's answer is recorded");
    assert_eq!(last.follow_up.as_deref(), Some("stop-timeout"));
    assert_eq!(last.covered, ["thirty-seconds"]);
}

#[test]
fn a_skipped_follow_up_is_marked_skipped_in_the_feedback_and_the_summary() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let now = fixed_now();
    let mut app = App::new(&scorer, Theme::plain(), round_start(), now);
    typed(&mut app, "ECS sends SIGTERM first.", now);
    app.update(ctrl('s'), now);
    // Esc, then Skip, on the follow-up.
    app.update(key(KeyCode::Esc), now);
    app.update(key(KeyCode::Down), now);
    app.update(key(KeyCode::Enter), now);
    let feedback = text_of(&app);
    assert!(
        feedback.contains("Follow-up: How long does the app have?   skipped"),
        "{feedback}"
    );
    assert!(feedback.contains("follow-up skipped"), "{feedback}");
    app.update(key(KeyCode::Enter), now);
    let summary = rows_of(&app, 80, 24);
    let row = summary
        .iter()
        .find(|r| r.contains("▸ 1 "))
        .expect("the question's row");
    assert!(row.contains("skipped"), "{summary:#?}");
}

#[test]
fn enter_in_browse_practises_the_selected_question() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let now = fixed_now();
    let mut app = App::new(&scorer, Theme::plain(), Start::Home, now);
    open_browse(&mut app, now);
    app.update(key(KeyCode::Down), now);
    app.update(key(KeyCode::Enter), now);
    let screen = text_of(&app);
    assert!(screen.contains("Question 1 of 1"), "{screen}");
    assert!(
        screen.contains("Why does a long-lived process help with database connections?"),
        "{screen}"
    );
}

#[test]
fn slash_in_browse_searches_the_questions() {
    let catalog = Catalog::built_in().unwrap();
    let scorer = Scorer::new(&catalog);
    let now = fixed_now();
    let mut app = App::new(&scorer, Theme::plain(), Start::Home, now);
    app.update(Message::Resize(100, 30), now);
    open_browse(&mut app, now);
    app.update(key(KeyCode::Char('/')), now);
    for c in "graceful".chars() {
        app.update(key(KeyCode::Char(c)), now);
    }
    let screen = text_of(&app);
    assert!(screen.contains("/graceful"), "{screen}");
    assert!(screen.contains("graceful-shutdown"), "{screen}");
    assert!(!screen.contains("why-fargate-over-ec2"), "{screen}");
    // Enter practises the question found.
    let found = screen.contains("graceful-shutdown");
    app.update(key(KeyCode::Enter), now);
    assert!(found && text_of(&app).contains("Question 1 of 1"));
    // Esc ends a search before it leaves Browse.
    let mut app = App::new(&scorer, Theme::plain(), Start::Home, now);
    open_browse(&mut app, now);
    app.update(key(KeyCode::Char('/')), now);
    app.update(key(KeyCode::Char('x')), now);
    app.update(key(KeyCode::Esc), now);
    assert_eq!(app.context(), grill::tui::keys::Context::Browse);
    assert!(!text_of(&app).contains("/x"));
    app.update(key(KeyCode::Esc), now);
    assert_eq!(app.context(), grill::tui::keys::Context::Home);
}

#[test]
fn with_nothing_due_home_says_when_the_next_are_and_reviews_them_ahead_of_time() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let (_dir, store) = history_with_a_miss_days_ago("mini-shutdown", 0);
    let now = fixed_now();
    let mut app = App::new(&scorer, Theme::plain(), Start::Home, now).with_history(Ok(store));
    run_effects(&mut app, now);
    let home = text_of(&app);
    assert!(
        home.contains("Review missed concepts (none due; the next tomorrow)"),
        "{home}"
    );
    assert!(
        home.contains("Enter reviews them now, ahead of time"),
        "{home}"
    );
    app.update(key(KeyCode::Down), now);
    app.update(key(KeyCode::Enter), now);
    let question = text_of(&app);
    assert!(
        question.contains("How does a container shut down cleanly?"),
        "{question}"
    );
}

#[test]
fn nothing_due_is_said_on_the_home_screen() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let dir = tempfile::tempdir().unwrap();
    let store = grill::history::Store::open(dir.path()).unwrap();
    let now = fixed_now();
    let mut app = App::new(&scorer, Theme::plain(), Start::Home, now).with_history(Ok(store));
    run_effects(&mut app, now);
    assert!(text_of(&app).contains("Review missed concepts (none due)"));
    app.update(key(KeyCode::Down), now);
    app.update(key(KeyCode::Enter), now);
    assert_eq!(app.context(), grill::tui::keys::Context::Home);
    assert!(text_of(&app).contains("Nothing is due for review today"));
}

#[test]
fn the_stats_screen_opens_from_home_and_esc_goes_back() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let (_dir, store) = history_with_a_due_concept();
    let now = fixed_now();
    let mut app = App::new(&scorer, Theme::plain(), Start::Home, now).with_history(Ok(store));
    app.update(key(KeyCode::Down), now);
    app.update(key(KeyCode::Down), now);
    app.update(key(KeyCode::Enter), now);
    assert_eq!(app.context(), grill::tui::keys::Context::Stats);
    let stats = text_of(&app);
    assert!(stats.contains("grill · stats"), "{stats}");
    assert!(stats.contains("Score over time"), "{stats}");
    assert!(stats.contains("ECS sends SIGTERM first"), "{stats}");
    app.update(key(KeyCode::Esc), now);
    assert_eq!(app.context(), grill::tui::keys::Context::Home);
}

/// The rows of `app` drawn `width`×`height`, as text.
fn rows_of(app: &App<'_>, width: u16, height: u16) -> Vec<String> {
    let terminal = draw(app, width, height);
    let buffer = terminal.backend().buffer();
    (0..height)
        .map(|y| (0..width).map(|x| buffer[(x, y)].symbol()).collect())
        .collect()
}

#[test]
fn the_saved_reports_path_shows_whole_on_lines_of_its_own() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let dir = tempfile::tempdir().unwrap();
    let deep = dir
        .path()
        .join("a-data-folder-with-a-rather-long-name/and-another-level-below");
    let store = grill::history::Store::open(&deep).unwrap();
    let now = fixed_now();
    let mut app = App::new(&scorer, Theme::plain(), round_start(), now).with_history(Ok(store));
    app.update(Message::Resize(50, 15), now);
    typed(&mut app, "ECS sends SIGTERM first.", now);
    app.update(ctrl('s'), now);
    app.update(ctrl('s'), now);
    app.update(key(KeyCode::Enter), now);
    app.update(key(KeyCode::Char('e')), now);
    let rows = rows_of(&app, 50, 15);
    assert_eq!(rows[0].trim_end(), " grill · summary", "{rows:#?}");
    let report = std::fs::read_dir(deep.join("reports"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let notice = rows[1..].iter().take_while(|r| !r.trim().is_empty());
    let shown: String = notice.map(|r| r.trim()).collect();
    let expected = format!("report saved to {}", report.display()).replace(' ', "");
    assert_eq!(shown.replace(' ', ""), expected, "{rows:#?}");
}

#[test]
fn a_skipped_question_keeps_the_summary_table_in_its_columns() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let now = fixed_now();
    let mut app = App::new(&scorer, Theme::plain(), round_start(), now);
    app.update(key(KeyCode::Esc), now);
    app.update(key(KeyCode::Down), now);
    app.update(key(KeyCode::Enter), now);
    assert_eq!(app.context(), grill::tui::keys::Context::Summary);
    let rows = rows_of(&app, 80, 24);
    let header = rows.iter().find(|r| r.contains("Score")).expect("a header");
    let skipped = rows
        .iter()
        .find(|r| r.contains("skipped"))
        .expect("{rows:#?}");
    // Columns, not bytes: the selected row starts with a three-byte `▸`.
    let column = |row: &str, text: &str| row.find(text).map(|at| row[..at].chars().count());
    assert_eq!(
        column(header, "Time"),
        column(skipped, "0:00"),
        "{header}\n{skipped}"
    );
    assert_eq!(
        column(header, "Score").map(|at| at + "Score".len()),
        column(skipped, "skipped").map(|at| at + "skipped".len())
    );
}

#[test]
fn e_on_the_summary_exports_the_rounds_report() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let dir = tempfile::tempdir().unwrap();
    let store = grill::history::Store::open(dir.path()).unwrap();
    let now = fixed_now();
    let mut app = App::new(&scorer, Theme::plain(), round_start(), now).with_history(Ok(store));
    typed(&mut app, "ECS sends SIGTERM first.", now);
    app.update(ctrl('s'), now);
    typed(&mut app, "thirty seconds", now);
    app.update(ctrl('s'), now);
    app.update(key(KeyCode::Enter), now);
    app.update(key(KeyCode::Char('e')), now);
    let reports: Vec<_> = std::fs::read_dir(dir.path().join("reports"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(reports.len(), 1);
    let markdown = std::fs::read_to_string(&reports[0]).unwrap();
    assert!(markdown.starts_with("# grill report"), "{markdown}");
    assert!(
        markdown.contains("> ECS sends SIGTERM first."),
        "{markdown}"
    );
    assert!(markdown.contains("> thirty seconds"), "{markdown}");
    assert!(text_of(&app).contains("report saved to"));
}

#[test]
fn a_question_of_the_summary_opens_its_feedback_again() {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let now = Instant::now();
    let start = Start::Round(
        RoundOptions {
            count: 2,
            follow_ups: 0,
            seed: 1,
            ..RoundOptions::default()
        },
        Some(1),
    );
    let mut app = App::new(&scorer, Theme::plain(), start, now);
    typed(&mut app, "First answer: we drain requests.", now);
    app.update(ctrl('s'), now);
    app.update(key(KeyCode::Enter), now);
    typed(&mut app, "Second answer.", now);
    app.update(ctrl('s'), now);
    app.update(key(KeyCode::Enter), now);
    let summary = text_of(&app);
    assert!(summary.contains("▸ 1 "), "{summary}");
    assert!(summary.contains("Enter its feedback"), "{summary}");
    app.update(key(KeyCode::Down), now);
    app.update(key(KeyCode::Enter), now);
    assert_eq!(app.context(), grill::tui::keys::Context::Reopened);
    let second = text_of(&app);
    assert!(second.contains("Second answer."), "{second}");
    assert!(second.contains("Esc back to the summary"), "{second}");
    app.update(key(KeyCode::Esc), now);
    let summary = text_of(&app);
    assert!(summary.contains("▸ 2 "), "{summary}");
    app.update(key(KeyCode::Up), now);
    app.update(key(KeyCode::Enter), now);
    assert!(text_of(&app).contains("First answer: we drain requests."));
    // Enter goes back too, and the summary keys work again.
    app.update(key(KeyCode::Enter), now);
    assert_eq!(app.context(), grill::tui::keys::Context::Summary);
}

#[test]
fn a_red_flag_quote_too_long_for_its_line_wraps_under_the_note() {
    let bank = include_str!("../fixtures/mini.toml").replace(
        r#"keywords = ["sigkill first"]"#,
        r#"keywords = ["sigkill first to every container in the task"]"#,
    );
    let catalog = Catalog::from_banks(vec![parse_bank("mini.toml", &bank).expect("valid")]);
    let scorer = Scorer::new(&catalog);
    let now = fixed_now();
    let mut app = App::new(&scorer, Theme::plain(), round_start(), now);
    typed(
        &mut app,
        "We send SIGKILL first to every container in the task.",
        now,
    );
    app.update(ctrl('s'), now);
    typed(&mut app, "Thirty seconds.", now);
    app.update(ctrl('s'), now);
    let mut screen = format!("{}", draw(&app, 50, 15).backend());
    while !screen.contains("Red flag") && screen.contains("more rows") {
        app.update(key(KeyCode::PageDown), now);
        screen = format!("{}", draw(&app, 50, 15).backend());
    }
    let rows: Vec<&str> = screen.lines().map(|row| row.trim_matches('"')).collect();
    let flag = rows
        .iter()
        .position(|row| row.contains("Red flag"))
        .unwrap_or_else(|| panic!("no red flag on screen:\n{screen}"));
    assert!(
        !rows[flag].contains("task”"),
        "the quote should not fit on the title's row:\n{screen}"
    );
    assert!(
        rows[flag + 1].starts_with("       ") && rows[flag + 1].contains('”'),
        "the quote's rest should sit under the note's indent:\n{screen}"
    );
}
