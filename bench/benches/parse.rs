//! Parsing and extraction per post (`server::ingest::post::parse_post`: front matter, markdown
//! rendered and sanitised, minutes and ballot facts extracted), on real posts: the largest
//! minutes, the largest ballot post, and the whole corpus (time per post = total / posts).
//! Run: `cargo bench -p quorum-bench`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use server::ingest::post::parse_post;

fn per_post(c: &mut Criterion) {
    let dir = quorum_bench::corpus_dir();
    let posts = quorum_bench::posts(&dir);
    assert!(!posts.is_empty(), "no posts under {}", dir.display());
    let largest = |kind: &str| {
        posts
            .iter()
            .filter(|(path, _)| path.to_lowercase().contains(kind))
            .max_by_key(|(_, bytes)| bytes.len())
            .cloned()
    };
    let mut group = c.benchmark_group("parse_post");
    for (label, post) in [("largest minutes", largest("minutes")), ("largest ballot post", largest("ballot"))] {
        let Some((path, bytes)) = post else { continue };
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_with_input(BenchmarkId::new(label, &path), &bytes, |b, bytes| {
            b.iter(|| parse_post(&path, std::hint::black_box(bytes)))
        });
    }
    group.throughput(Throughput::Elements(posts.len() as u64));
    group.sample_size(10);
    group.bench_function(BenchmarkId::new("whole corpus", posts.len()), |b| {
        b.iter(|| {
            for (path, bytes) in &posts {
                let _ = parse_post(path, std::hint::black_box(bytes));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, per_post);
criterion_main!(benches);
