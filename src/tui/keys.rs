//! Every key binding, as data: what each screen's keys do, and how they are shown in
//! the footer and the help overlay.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What a key asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Left,
    Right,
    Select,
    Back,
    Quit,
    Help,
    Submit,
    Menu,
    ToggleModel,
    NewRound,
    PractiseMisses,
    Export,
    Search,
}

/// The screens, as far as keys are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Home,
    Setup,
    Browse,
    Answer,
    Menu,
    Feedback,
    Summary,
    /// A question's feedback opened again from the summary.
    Reopened,
    Stats,
}

/// One key of one screen.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
    pub action: Action,
    /// How the key is written: "Ctrl-S".
    pub key: &'static str,
    /// What it does, in a few words.
    pub does: &'static str,
    /// Shown in the footer, not only in the help.
    pub main: bool,
}

const fn bind(
    code: KeyCode,
    modifiers: KeyModifiers,
    action: Action,
    key: &'static str,
    does: &'static str,
    main: bool,
) -> Binding {
    Binding {
        code,
        modifiers,
        action,
        key,
        does,
        main,
    }
}

/// How the keys that submit an answer are written.
const SUBMIT_KEYS: &str = "Ctrl-S/F2";

const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;

const LIST: [Binding; 5] = [
    bind(KeyCode::Up, NONE, Action::Up, "↑", "previous", false),
    bind(KeyCode::Down, NONE, Action::Down, "↓", "next", false),
    bind(KeyCode::Char('k'), NONE, Action::Up, "k", "previous", false),
    bind(KeyCode::Char('j'), NONE, Action::Down, "j", "next", false),
    bind(
        KeyCode::Enter,
        NONE,
        Action::Select,
        "Enter",
        "choose",
        true,
    ),
];

const SCROLL: [Binding; 4] = [
    bind(
        KeyCode::PageUp,
        NONE,
        Action::PageUp,
        "PgUp",
        "scroll up",
        false,
    ),
    bind(
        KeyCode::PageDown,
        NONE,
        Action::PageDown,
        "PgDn",
        "scroll down",
        false,
    ),
    bind(
        KeyCode::Home,
        NONE,
        Action::Top,
        "Home",
        "to the top",
        false,
    ),
    bind(
        KeyCode::End,
        NONE,
        Action::Bottom,
        "End",
        "to the end",
        false,
    ),
];

const HELP: Binding = bind(KeyCode::F(1), NONE, Action::Help, "F1", "help", true);
const QUESTION_MARK: Binding = bind(KeyCode::Char('?'), NONE, Action::Help, "?", "help", false);

const HOME: &[Binding] = &[
    LIST[0],
    LIST[1],
    LIST[2],
    LIST[3],
    LIST[4],
    bind(KeyCode::Char('q'), NONE, Action::Quit, "q", "quit", true),
    HELP,
    QUESTION_MARK,
];

const SETUP: &[Binding] = &[
    LIST[0],
    LIST[1],
    bind(
        KeyCode::Left,
        NONE,
        Action::Left,
        "←",
        "less / previous",
        true,
    ),
    bind(
        KeyCode::Right,
        NONE,
        Action::Right,
        "→",
        "more / next",
        true,
    ),
    bind(KeyCode::Enter, NONE, Action::Select, "Enter", "start", true),
    bind(KeyCode::Esc, NONE, Action::Back, "Esc", "back", true),
    HELP,
    QUESTION_MARK,
];

const BROWSE: &[Binding] = &[
    LIST[0],
    LIST[1],
    LIST[2],
    LIST[3],
    SCROLL[0],
    SCROLL[1],
    bind(
        KeyCode::Enter,
        NONE,
        Action::Select,
        "Enter",
        "practise it",
        true,
    ),
    bind(
        KeyCode::Char('/'),
        NONE,
        Action::Search,
        "/",
        "search (Esc ends it)",
        true,
    ),
    bind(
        KeyCode::Char('m'),
        NONE,
        Action::ToggleModel,
        "m",
        "model answer",
        true,
    ),
    bind(KeyCode::Esc, NONE, Action::Back, "Esc", "back", true),
    HELP,
    QUESTION_MARK,
];

const ANSWER: &[Binding] = &[
    bind(
        KeyCode::Char('s'),
        CTRL,
        Action::Submit,
        SUBMIT_KEYS,
        "submit",
        true,
    ),
    // Where the terminal takes Ctrl-S for flow control.
    bind(
        KeyCode::F(2),
        NONE,
        Action::Submit,
        SUBMIT_KEYS,
        "submit",
        false,
    ),
    bind(
        KeyCode::Enter,
        KeyModifiers::ALT,
        Action::Submit,
        "Alt-Enter",
        "submit",
        false,
    ),
    bind(
        KeyCode::Esc,
        NONE,
        Action::Menu,
        "Esc",
        "pause: skip, end",
        true,
    ),
    HELP,
];

/// Keys of the editor itself, listed in the help of the answer screen.
pub const EDITOR_KEYS: &[(&str, &str)] = &[
    ("Enter", "new line"),
    ("Ctrl-← / Ctrl-→", "move by word"),
    (
        "Ctrl-W, Alt-Backspace, Ctrl-Backspace",
        "delete the word before",
    ),
    ("Alt-D", "delete the word after"),
    ("Ctrl-K / Ctrl-J", "delete to the line's end / start"),
    ("Ctrl-U / Ctrl-R", "undo / redo a word"),
    ("Home / End", "start / end of the line"),
];

const MENU: &[Binding] = &[
    LIST[0],
    LIST[1],
    LIST[4],
    bind(KeyCode::Esc, NONE, Action::Back, "Esc", "resume", true),
    HELP,
];

const FEEDBACK: &[Binding] = &[
    bind(KeyCode::Enter, NONE, Action::Select, "Enter", "go on", true),
    bind(
        KeyCode::Char('m'),
        NONE,
        Action::ToggleModel,
        "m",
        "model answer",
        true,
    ),
    LIST[0],
    LIST[1],
    LIST[2],
    LIST[3],
    SCROLL[0],
    SCROLL[1],
    SCROLL[2],
    SCROLL[3],
    bind(KeyCode::Char('q'), NONE, Action::Quit, "q", "quit", true),
    HELP,
    QUESTION_MARK,
];

const REOPENED: &[Binding] = &[
    bind(
        KeyCode::Esc,
        NONE,
        Action::Back,
        "Esc",
        "back to the summary",
        true,
    ),
    bind(KeyCode::Enter, NONE, Action::Back, "Enter", "back", false),
    FEEDBACK[1],
    LIST[0],
    LIST[1],
    LIST[2],
    LIST[3],
    SCROLL[0],
    SCROLL[1],
    SCROLL[2],
    SCROLL[3],
    HELP,
    QUESTION_MARK,
];

const SUMMARY: &[Binding] = &[
    LIST[0],
    LIST[1],
    LIST[2],
    LIST[3],
    bind(
        KeyCode::Enter,
        NONE,
        Action::Select,
        "Enter",
        "its feedback",
        true,
    ),
    SCROLL[0],
    SCROLL[1],
    SCROLL[2],
    SCROLL[3],
    bind(
        KeyCode::Char('r'),
        NONE,
        Action::NewRound,
        "r",
        "a new round",
        true,
    ),
    bind(
        KeyCode::Char('p'),
        NONE,
        Action::PractiseMisses,
        "p",
        "practise the misses",
        true,
    ),
    bind(
        KeyCode::Char('e'),
        NONE,
        Action::Export,
        "e",
        "export a report",
        true,
    ),
    bind(KeyCode::Char('q'), NONE, Action::Quit, "q", "quit", true),
    bind(KeyCode::Esc, NONE, Action::Back, "Esc", "home", false),
    HELP,
    QUESTION_MARK,
];

const STATS: &[Binding] = &[
    LIST[0],
    LIST[1],
    LIST[2],
    LIST[3],
    bind(KeyCode::Esc, NONE, Action::Back, "Esc", "back", true),
    bind(KeyCode::Char('q'), NONE, Action::Quit, "q", "quit", true),
    HELP,
    QUESTION_MARK,
];

/// The keys of a screen.
pub fn bindings(context: Context) -> &'static [Binding] {
    match context {
        Context::Home => HOME,
        Context::Setup => SETUP,
        Context::Browse => BROWSE,
        Context::Answer => ANSWER,
        Context::Menu => MENU,
        Context::Feedback => FEEDBACK,
        Context::Summary => SUMMARY,
        Context::Reopened => REOPENED,
        Context::Stats => STATS,
    }
}

/// What `key` does on a screen, if anything.
pub fn action(context: Context, key: &KeyEvent) -> Option<Action> {
    let modifiers = key.modifiers - KeyModifiers::SHIFT;
    bindings(context)
        .iter()
        .find(|b| b.code == key.code && b.modifiers == modifiers)
        .map(|b| b.action)
}

/// Ctrl-Z suspends grill from everywhere, as in a shell.
pub fn is_suspend(key: &KeyEvent) -> bool {
    key.code == KeyCode::Char('z') && key.modifiers.contains(KeyModifiers::CONTROL)
}

/// Ctrl-C quits from everywhere, at once.
pub fn is_interrupt(key: &KeyEvent) -> bool {
    key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_screen_has_help_and_no_key_twice() {
        for context in [
            Context::Home,
            Context::Setup,
            Context::Browse,
            Context::Answer,
            Context::Menu,
            Context::Feedback,
            Context::Summary,
            Context::Stats,
        ] {
            let keys = bindings(context);
            assert!(keys.iter().any(|b| b.action == Action::Help), "{context:?}");
            for (i, a) in keys.iter().enumerate() {
                assert!(
                    !keys[i + 1..]
                        .iter()
                        .any(|b| b.code == a.code && b.modifiers == a.modifiers),
                    "{context:?}: {} bound twice",
                    a.key
                );
            }
        }
    }

    #[test]
    fn question_mark_is_text_in_the_editor() {
        let key = KeyEvent::new(KeyCode::Char('?'), KeyModifiers::SHIFT);
        assert_eq!(action(Context::Answer, &key), None);
        assert_eq!(action(Context::Home, &key), Some(Action::Help));
    }
}
