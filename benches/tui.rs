//! Interface speed: building the app and drawing its first frame, and handling one
//! keystroke with a 10,000-character answer in the editor (update + view).

use std::hint::black_box;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use grill::bank::Catalog;
use grill::round::RoundOptions;
use grill::scoring::Scorer;
use grill::tui::app::{App, Message, Start};
use grill::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn round() -> Start {
    Start::Round(
        RoundOptions {
            count: 3,
            seed: 1,
            ..RoundOptions::default()
        },
        Some(1),
    )
}

fn first_frame(c: &mut Criterion) {
    c.bench_function("load the banks, build the app, draw the first frame", |b| {
        b.iter(|| {
            let catalog = Catalog::built_in().expect("built-in banks load");
            let scorer = Scorer::new(&catalog);
            let app = App::new(&scorer, Theme::colour(), Start::Home, Instant::now());
            let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
            terminal.draw(|frame| app.view(frame)).unwrap();
            black_box(terminal.backend().buffer().area)
        })
    });
}

fn keystroke(c: &mut Criterion) {
    let catalog = Catalog::built_in().expect("built-in banks load");
    let scorer = Scorer::new(&catalog);
    let now = Instant::now();
    let sentence = "ECS sends SIGTERM, we close the server and drain in-flight requests. ";
    for chars in [10_000, 50_000, 200_000] {
        let mut app = App::new(&scorer, Theme::colour(), round(), now);
        let long: String = sentence
            .repeat(chars / sentence.len() + 1)
            .chars()
            .take(chars)
            .collect();
        app.update(Message::Paste(long), now);
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
        let key = Message::Key(KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE));
        let name = format!("one keystroke with a {chars}-character answer (update + view)");
        c.bench_function(&name, |b| {
            b.iter(|| {
                app.update(key.clone(), now);
                terminal.draw(|frame| app.view(frame)).unwrap();
            })
        });
    }
}

criterion_group!(benches, first_frame, keystroke);
criterion_main!(benches);
