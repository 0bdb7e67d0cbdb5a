//! Scoring speed: a typical answer (its words new, or known as in a batch), loading the
//! built-in banks, a batch of 10,000 answers, and a pasted 1 MB answer.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use grill::bank::Catalog;
use grill::scoring::Scorer;

const QUESTION: &str = "why-not-provisioned-concurrency";

/// A realistic spoken answer of about 300 words, with a few typos.
const TYPICAL_ANSWER: &str = "So the short version is that provisioned concurrency would have fixed \
the wrong problem for us. Provisioned concurrency keeps a number of execution environments \
initialised and warm, so it takes away cold starts, but our pain during the cricket matches was \
not cold starts, it was the database. Each Lambda execution environment only handles one request \
at a time, so if we had two thousand concurrent requests we had roughly two thousand environments, \
and every one of them held its own connection to Postgres. When traffic spiked Lambda scaled out \
very fast and all of those new environments opened new connections at the same moment, a \
thundering herd, and we hit the max_connections limit on RDS and started seeing too many \
connections errors and timeouts. Environments also get recycled every few hours, so even the warm \
ones reconnect, and you pay the TCP and TLS handshake again. Provisioned concurrency does not \
change any of that: the environments are still one request at a time and each still needs its own \
conection. On ECS Fargate a single Node.js process handles many concurrent requests, so one task \
can share a small connection pool, say twenty connections, across hundreds of in-flight requests, \
and the pool lives as long as the task, which is days. That made the number of database \
connections proportional to the number of tasks rather than to the number of concurrent requests, \
which is a much smaller and much more predictable number. We also looked at RDS Proxy, which \
would have helped by pooling connections in front of the database, and that is a fair option, but \
it adds cost and latency and it would not have fixed the other issues we had with Redis and \
Hazelcast clients that also want to be long lived. So provisioned concurrency solves cold starts, \
and we needed a persistent runtime with connection reuse, which is why we moved to ECS.";

fn catalog() -> Catalog {
    Catalog::built_in().expect("built-in banks load")
}

fn typical_answer(c: &mut Criterion) {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let index = scorer.rubric(QUESTION).expect("question exists");
    c.bench_function("score a 300-word answer", |b| {
        b.iter(|| index.score(black_box(TYPICAL_ANSWER)))
    });
    // As in a batch: the words of earlier answers are already classified.
    let mut table = grill::scoring::WordTable::default();
    c.bench_function("score a 300-word answer, its words known", |b| {
        b.iter(|| index.score_with(black_box(TYPICAL_ANSWER), &mut table))
    });
}

fn load_banks(c: &mut Criterion) {
    c.bench_function("load and check the built-in banks", |b| b.iter(catalog));
    let catalog = catalog();
    c.bench_function("build the keyword indexes of the built-in banks", |b| {
        b.iter(|| Scorer::new(black_box(&catalog)).build_all())
    });
    let lexicon = grill::scoring::CompiledLexicon::new(catalog.lexicon());
    let rubric = &catalog
        .question(QUESTION)
        .expect("question exists")
        .1
        .rubric;
    c.bench_function("build the keyword index of one question", |b| {
        b.iter(|| grill::scoring::RubricIndex::with_lexicons(black_box(rubric), &[&lexicon]))
    });
}

fn batch(c: &mut Criterion) {
    let catalog = catalog();
    let ids: Vec<&str> = catalog.question_ids().collect();
    let words: Vec<&str> = TYPICAL_ANSWER.split(' ').collect();
    // 10,000 answers of 10 to 300 words, spread over every question.
    let answers: Vec<(&str, String)> = (0..10_000)
        .map(|i| {
            let len = 10 + (i * 37) % 290;
            let start = (i * 13) % (words.len() - len.min(words.len() - 1));
            (
                ids[i % ids.len()],
                words[start..(start + len).min(words.len())].join(" "),
            )
        })
        .collect();
    let mut group = c.benchmark_group("batch");
    group.sample_size(10);
    group.throughput(Throughput::Elements(answers.len() as u64));
    group.bench_function("score 10,000 answers", |b| {
        b.iter(|| {
            let scorer = Scorer::new(&catalog);
            let mut total = 0.0;
            for (id, answer) in &answers {
                total += scorer
                    .rubric(id)
                    .expect("question exists")
                    .score(answer)
                    .score;
            }
            total
        })
    });
    group.finish();
}

fn one_megabyte(c: &mut Criterion) {
    let catalog = catalog();
    let scorer = Scorer::new(&catalog);
    let index = scorer.rubric(QUESTION).expect("question exists");
    let mut answer = String::with_capacity(1 << 20);
    let mut n = 0u32;
    while answer.len() < 1 << 20 {
        // Repeated prose plus a stream of distinct made-up words near real terms, the worst
        // case for the per-word cache and the typo search.
        answer.push_str(TYPICAL_ANSWER);
        for _ in 0..200 {
            n += 1;
            answer.push_str(&format!(" connec{} prov{}", letters(n), letters(n)));
        }
    }
    let mut group = c.benchmark_group("huge");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(answer.len() as u64));
    group.bench_function("score a 1 MB answer", |b| {
        b.iter(|| index.score(black_box(&answer)))
    });
    group.finish();
}

/// `n` written in the letters a–z, so it reads as a word.
fn letters(mut n: u32) -> String {
    let mut word = String::new();
    while n > 0 {
        word.push(char::from(b'a' + (n % 26) as u8));
        n /= 26;
    }
    word
}

criterion_group!(benches, typical_answer, load_banks, batch, one_megabyte);
criterion_main!(benches);
