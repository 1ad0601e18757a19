# Shared by the benchmark scripts: the release binary, the shared corpus, copies of it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${QUORUM_BIN:-$ROOT/target/release/quorum}"
CORPUS="${QUORUM_CORPUS_DIR:-$ROOT/../shared/corpus/cabforum}"

say() { printf '\033[1mbench:\033[0m %s\n' "$*" >&2; }

need() {
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 && continue
    say "installing $tool (apt)"
    case "$tool" in
      nginx) pkg=nginx-light ;;
      *) pkg="$tool" ;;
    esac
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO apt-get install -y --no-install-recommends "$pkg" >/dev/null 2>&1 \
      || { $SUDO apt-get update >/dev/null && $SUDO apt-get install -y --no-install-recommends "$pkg" >/dev/null; }
  done
}

release_binary() {
  if [ -z "${QUORUM_BIN:-}" ]; then
    say "building the release binary (cargo build --release -p server)"
    (cd "$ROOT" && cargo build --release -p server >&2)
  fi
  [ -x "$BIN" ] || { say "no binary at $BIN"; exit 1; }
}

# copies_of N DIR: DIR/content holds the corpus N times over (copy K under posts/cK/, file names
# and titles kept), the Hugo tree both tools read.
copies_of() {
  local n="$1" dir="$2"
  [ -d "$CORPUS/content" ] || { say "no corpus at $CORPUS (set QUORUM_CORPUS_DIR)"; exit 1; }
  mkdir -p "$dir/content"
  for k in $(seq 1 "$n"); do
    mkdir -p "$dir/content/posts/c$k"
    (cd "$CORPUS/content" && find . -type f \( -name '*.md' -o -name 'index.md' \) -print0) |
      while IFS= read -r -d '' f; do
        rel="${f#./}"
        # posts/2025/2025-05-19-x/index.md -> posts/cK/2025-05-19-x/index.md: file (or bundle)
        # names keep their leading date, which some posts need for their date.
        short="${rel#posts/}"; case "$short" in [0-9][0-9][0-9][0-9]/*) short="${short#*/}" ;; esac
        dest="$dir/content/posts/c$k/$short"
        mkdir -p "$(dirname "$dest")"
        cp "$CORPUS/content/$rel" "$dest"
      done
  done
  # Dated an hour ago, as a checkout made earlier would be: an import trusts the size and date of
  # files last modified more than a moment ago (see import::file_stamp).
  find "$dir/content" -type f -exec touch -d '1 hour ago' {} +
  find "$dir/content" -type f | wc -l
}
