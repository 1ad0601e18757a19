//! Times the parsing of pathological posts (nesting, opener runs, reference amplification):
//! `cargo run --release -p server --example pathological`.
use std::time::Instant;

fn main() {
    for (name, body) in server::ingest::pathological::cases() {
        let text = format!("---\ntitle: 2026-01-01 Minutes of the SCWG\ndate: 2026-01-01\n---\n{body}");
        let t = Instant::now();
        let r = server::ingest::parse_post("x.md", text.as_bytes());
        let secs = t.elapsed().as_secs_f64();
        let (html, warnings) = match &r {
            Ok(p) => (p.rendered.html.len(), p.warnings.len()),
            Err(_) => (0, 0),
        };
        println!(
            "{name:40} {:>8} bytes  {secs:>8.3} s  html {html:>9}  warnings {warnings}  {}",
            text.len(),
            if r.is_ok() { "ok" } else { "error" }
        );
    }
}
