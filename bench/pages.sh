#!/usr/bin/env bash
# Requests per second for the pages anonymous readers load, Quorum (release build, shared corpus
# N times over, default 1) against nginx serving the very same bytes as files. wrk: 2 threads,
# 32 connections, D seconds per page (default 10). Usage: bench/pages.sh [N]
source "$(dirname "$0")/lib.sh"
N="${1:-1}"; D="${D:-10}"
need wrk nginx curl bc
release_binary
work="$(mktemp -d)"
cleanup() { [ -n "${qpid:-}" ] && kill "$qpid" 2>/dev/null; [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
files=$(copies_of "$N" "$work/site")
say "corpus ×$N: $files files; importing"
"$BIN" --database-url "sqlite://$work/q.db" import --quiet "$work/site/content" "$ROOT/content" >/dev/null
qport=3917; nport=3918
"$BIN" --database-url "sqlite://$work/q.db" serve --no-import --addr "127.0.0.1:$qport" --site-root "$ROOT/target/site" \
  >"$work/quorum.log" 2>&1 & qpid=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$qport/healthz" >/dev/null && break; sleep 0.2; done

minutes_slug="$(curl -fs "http://127.0.0.1:$qport/api/v1/minutes" | python3 -c 'import json,sys; print(json.load(sys.stdin)["minutes"][0]["slug"])')"
pages=("/" "/minutes" "/ballots" "/ballots/CSC-11" "/minutes/$minutes_slug")
mkdir -p "$work/www"
i=0
for p in "${pages[@]}"; do curl -fs "http://127.0.0.1:$qport$p" > "$work/www/p$i.html"; i=$((i+1)); done
cat > "$work/nginx.conf" <<CONF
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx.err;
events { worker_connections 1024; }
http {
  access_log off;
  default_type text/html;
  server { listen 127.0.0.1:$nport; root $work/www; }
}
CONF
# nginx's workers run as an unprivileged user: they must be able to read the files.
chmod a+rx "$work" "$work/www"; chmod a+r "$work"/www/*
nginx -c "$work/nginx.conf"
sleep 0.5
i=0
for p in "${pages[@]}"; do
  # Both servers must send the very same bytes.
  curl -fs "http://127.0.0.1:$nport/p$i.html" | cmp -s - "$work/www/p$i.html" || { say "nginx does not serve p$i.html"; exit 1; }
  i=$((i+1))
done

rps() { wrk -t2 -c32 -d"${D}s" "$1" | awk '/Requests\/sec/ {print $2}'; }
printf '| page (corpus x%s) | bytes | Quorum rps | nginx rps | ratio |\n|---|---|---|---|---|\n' "$N"
i=0
for p in "${pages[@]}"; do
  q=$(rps "http://127.0.0.1:$qport$p"); n=$(rps "http://127.0.0.1:$nport/p$i.html")
  printf '| `%s` | %s | %.0f | %.0f | %.2f |\n' "$p" "$(stat -c %s "$work/www/p$i.html")" "$q" "$n" "$(echo "$q / $n" | bc -l)"
  i=$((i+1))
done
q=$(rps "http://127.0.0.1:$qport/healthz"); printf '| `/healthz` | | %.0f | | |\n' "$q"
