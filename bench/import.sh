#!/usr/bin/env bash
# Import of the shared corpus N times over (default 10), side by side with Hugo building the
# same tree: wall time and peak memory of each, and the ratios. Then a re-import with one file
# changed. Usage: bench/import.sh [N]
source "$(dirname "$0")/lib.sh"
N="${1:-10}"
need hugo time
release_binary
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
files=$(copies_of "$N" "$work/site")
say "corpus ×$N: $files files, $(du -sh "$work/site/content" | cut -f1)"

# A minimal Hugo site that renders every post's markdown to HTML (as the real site does).
mkdir -p "$work/site/layouts/_default"
cat > "$work/site/hugo.toml" <<'TOML'
baseURL = "http://localhost/"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
[markup.goldmark.renderer]
unsafe = true
TOML
echo '<html><body>{{ .Content }}</body></html>' > "$work/site/layouts/_default/single.html"
echo '<html><body>{{ range .Pages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</body></html>' > "$work/site/layouts/_default/list.html"

measure() { # prints "seconds peak_kib"
  /usr/bin/time -f '%e %M' -o "$work/time" "$@" >"$work/out" 2>&1 || { cat "$work/out" >&2; exit 1; }
  cat "$work/time"
}
# Hugo stops at a post whose front matter it cannot read (Quorum reads it, with a warning): such
# posts are left out of the tree for both tools, as the comparison needs the same input.
for _ in 1 2 3 4 5; do
  if hugo --source "$work/site" --destination "$work/public" --quiet >"$work/hugo.out" 2>&1; then break; fi
  bad="$(grep -o 'content/posts/c[0-9]*/[^":]*' "$work/hugo.out" | head -1 | sed 's|.*/||')"
  [ -n "$bad" ] || { cat "$work/hugo.out" >&2; exit 1; }
  say "Hugo refuses $bad: left out of the tree for both tools"
  rm -f "$work"/site/content/posts/c*/"$bad"
done
rm -rf "$work/public"
files=$(find "$work/site/content" -type f | wc -l)
read -r h_s h_kb < <(measure hugo --source "$work/site" --destination "$work/public" --quiet)
read -r q_s q_kb < <(measure "$BIN" --database-url "sqlite://$work/q.db" import --quiet "$work/site/content")
# One file changed in the tree, then a re-import: minutes (a sentence added: no ballot input
# changes), then a ballot post (a line added: its ballot is assembled again).
m="$(find "$work/site/content" -name '*minutes*.md' | sort | sed -n 1p)"
b="$(find "$work/site/content" -name '*ballot*.md' | sort | sed -n 1p)"
printf '\nOne more sentence.\n' >> "$m"
read -r r_s r_kb < <(measure "$BIN" --database-url "sqlite://$work/q.db" import --quiet "$work/site/content")
printf '\nOne more line.\n' >> "$b"
read -r rb_s rb_kb < <(measure "$BIN" --database-url "sqlite://$work/q.db" import --quiet "$work/site/content")
read -r rn_s rn_kb < <(measure "$BIN" --database-url "sqlite://$work/q.db" import --quiet "$work/site/content")

awk -v n="$N" -v files="$files" -v hs="$h_s" -v hk="$h_kb" -v qs="$q_s" -v qk="$q_kb" -v rs="$r_s" -v rb="$rb_s" -v rn="$rn_s" 'BEGIN {
  printf "| corpus x%d (%d files) | Quorum | Hugo | ratio (Quorum/Hugo) |\n|---|---|---|---|\n", n, files
  printf "| wall time | %.2f s | %.2f s | %.2f |\n", qs, hs, qs / hs
  printf "| peak memory | %.0f MiB | %.0f MiB | %.2f |\n", qk / 1024, hk / 1024, qk / hk
  printf "| re-import, one minutes file changed | %.3f s | | |\n", rs
  printf "| re-import, one ballot post changed | %.3f s | | |\n", rb
  printf "| re-import, nothing changed | %.3f s | | |\n", rn
}'
