"""Checks Quorum's feeds and calendars with real clients: feedparser (RSS 2.0, Atom 1.0) and
icalendar (RFC 5545). Starts the `quorum` binary on a temporary database with the sample content
(and the shared CA/B Forum corpus when ../shared is there), then reads every feed and calendar.

Run by scripts/test; by hand: target/venv/bin/python tests/python/check_feeds.py
"""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.request

import feedparser
import icalendar

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.path.abspath(os.environ.get("QUORUM_BIN", os.path.join(ROOT, "target", "debug", "quorum")))
CORPUS = os.environ.get("QUORUM_CORPUS_DIR", os.path.join(ROOT, "..", "shared", "corpus", "cabforum"))
GROUPS = ["scwg", "cscwg", "smcwg", "netsec", "forum"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url, headers=None):
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as res:
            return res.status, res.headers, res.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


class QuorumFeeds(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        db = "sqlite://" + os.path.join(cls.tmp.name, "feeds.db")
        # A post with what feeds must rewrite or drop: relative links and images, and a control
        # character pasted into an action item.
        crafted = os.path.join(cls.tmp.name, "crafted", "posts", "2026")
        os.makedirs(crafted)
        with open(os.path.join(crafted, "2026-11-05-minutes-of-the-network-security-working-group.md"), "w") as f:
            f.write(
                "---\ntitle: 2026-11-05 Minutes of the Network Security Working Group\ndate: 2026-11-05 18:00:00\n"
                "tags:\n  - Minutes\n  - Network Security\n---\n\n## Attendees\n\nAiko Tanaka (Globex PKI)\n\n"
                "## Minutes\n\nSee [the earlier post](/posts/a/) and ![the chart](chart.png).\n\n"
                "ACTION: Aiko Tanaka to send the\u001f draft, due December 20, 2026.\n"
            )
        dirs = [os.path.join(ROOT, "content"), os.path.join(cls.tmp.name, "crafted")]
        if os.path.isdir(CORPUS):
            dirs.append(CORPUS)
        else:
            print(f"note: shared corpus not found at {CORPUS}; checking the sample content only", file=sys.stderr)
        subprocess.run([BIN, "--database-url", db, "import", "--quiet", *dirs], check=True, stdout=subprocess.DEVNULL)
        port = free_port()
        cls.base = f"http://127.0.0.1:{port}"
        env = dict(os.environ, QUORUM_PUBLIC_URL=cls.base)
        cls.server = subprocess.Popen(
            [BIN, "--database-url", db, "serve", "--addr", f"127.0.0.1:{port}", "--no-import", "--site-root", os.path.join(cls.tmp.name, "none")],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        for _ in range(150):
            try:
                if get(cls.base + "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("quorum did not start")
        cls.minutes = json.loads(get(cls.base + "/api/v1/minutes")[2])["minutes"]
        cls.ballots = json.loads(get(cls.base + "/api/v1/ballots")[2])["ballots"]

    @classmethod
    def tearDownClass(cls):
        cls.server.terminate()
        cls.server.wait(timeout=10)
        cls.tmp.cleanup()

    def parse(self, path):
        d = feedparser.parse(self.base + path)
        self.assertEqual(d.get("status"), 200, path)
        self.assertFalse(d.bozo, f"{path}: {d.get('bozo_exception')}")
        return d

    def check_entries(self, path, d):
        ids = [e.id for e in d.entries]
        self.assertEqual(len(ids), len(set(ids)), f"{path}: duplicate entry ids")
        for e in d.entries:
            self.assertTrue(e.link.startswith(self.base + "/"), f"{path}: relative link {e.link}")
            self.assertIsNotNone(e.get("published_parsed") or e.get("updated_parsed"), f"{path}: entry without a date")
            self.assertTrue(e.title, path)
        dates = [time.mktime(e.get("published_parsed") or e.get("updated_parsed")) for e in d.entries]
        self.assertEqual(dates, sorted(dates, reverse=True), f"{path}: entries not newest first")

    def pages(self, path):
        """Every page of a paged feed (RFC 5005), following its "next" links from the first."""
        seen, url = [], self.base + path
        while url:
            d = self.parse(url[len(self.base):])
            seen.append(d)
            nexts = [l.href for l in d.feed.get("links", []) if l.get("rel") == "next"]
            self.assertLessEqual(len(nexts), 1, url)
            url = nexts[0] if nexts else None
            self.assertLess(len(seen), 100, "paging does not end")
        return seen

    def test_minutes_feeds_list_every_minutes_record_over_their_pages(self):
        for wg in [None] + GROUPS:
            expected = [m for m in self.minutes if wg is None or m["wg"] == wg]
            for ext, version in [("xml", "rss20"), ("atom", "atom10")]:
                path = f"/feeds/minutes.{ext}" if wg is None else f"/feeds/{wg}/minutes.{ext}"
                pages = self.pages(path)
                entries = [e for d in pages for e in d.entries]
                for d in pages:
                    self.assertEqual(d.version, version, path)
                    self.assertLessEqual(len(d.entries), 50, f"{path}: more than 50 entries on a page")
                self.assertEqual(len(entries), len(expected), path)
                self.check_entries(path, pages[0])
                links = {e.link for e in entries}
                self.assertEqual(links, {f"{self.base}/minutes/{m['slug']}" for m in expected}, path)

    def test_feeds_page_by_fifty_and_stay_small_whatever_the_corpus(self):
        status, _, body = get(self.base + "/feeds/minutes.xml")
        self.assertEqual(status, 200)
        self.assertLess(len(body), 300_000, "the default minutes feed is over 300 KB")
        if len(self.minutes) > 50:
            d = self.parse("/feeds/minutes.atom")
            self.assertEqual(len(d.entries), 50)
            rels = {l.get("rel"): l.href for l in d.feed.links}
            self.assertEqual(rels.get("first"), self.base + "/feeds/minutes.atom")
            self.assertEqual(rels.get("next"), self.base + "/feeds/minutes.atom?page=2")
            self.assertIn("last", rels)
            self.assertNotIn("previous", rels)
            second = self.parse("/feeds/minutes.atom?page=2")
            self.assertEqual({l.get("rel"): l.href for l in second.feed.links}.get("previous"), self.base + "/feeds/minutes.atom")
            self.assertEqual(len(self.parse(f"/feeds/minutes.xml?limit={min(500, len(self.minutes))}").entries), min(500, len(self.minutes)))
        for bad in ["limit=0", "limit=501", "limit=all", "page=0"]:
            self.assertEqual(get(self.base + "/feeds/minutes.xml?" + bad)[0], 400, bad)

    def test_links_and_images_inside_entries_are_absolute(self):
        for ext in ["xml", "atom"]:
            d = self.parse(f"/feeds/netsec/minutes.{ext}")
            entry = next(e for e in d.entries if "2026-11-05" in e.title)
            html = entry.content[0].value if "content" in entry else entry.summary
            self.assertIn(f'href="{self.base}/posts/a/"', html, ext)
            self.assertIn(f'src="{self.base}/minutes/chart.png"', html, ext)

    def test_no_control_character_reaches_a_calendar_or_a_feed(self):
        for path in ["/calendar.ics", "/feeds/netsec/calendar.ics", "/feeds/minutes.xml", "/feeds/netsec/minutes.atom"]:
            status, _, body = get(self.base + path)
            self.assertEqual(status, 200, path)
            bad = [c for c in body.decode("utf-8") if (ord(c) < 0x20 and c not in "\t\r\n") or ord(c) == 0x7F]
            self.assertEqual(bad, [], path)
        body = get(self.base + "/feeds/netsec/calendar.ics")[2].decode("utf-8")
        self.assertIn("send the draft", body.replace("\r\n ", ""))

    def test_ballot_feeds_have_a_dated_entry_per_stage_change(self):
        for wg in [None] + GROUPS:
            for ext in ["xml", "atom"]:
                path = f"/feeds/ballots.{ext}" if wg is None else f"/feeds/{wg}/ballots.{ext}"
                d = self.parse(path)
                self.check_entries(path, d)
                self.assertLessEqual(len(d.entries), 50, path)
                for e in d.entries:
                    ballot = e.link.rsplit("/", 1)[1]
                    self.assertTrue(e.title.startswith(ballot + " "), f"{path}: {e.title}")
                    if wg:
                        self.assertTrue(any(b["id"] == ballot and b["wg"] == wg for b in self.ballots), f"{path}: {ballot} is not in {wg}")
        entries = [e for d in self.pages("/feeds/ballots.xml") for e in d.entries]
        for b in self.ballots:
            if b["voting_end"] and b["status"] in ("review", "passed", "failed"):
                self.assertTrue(any(e.link.endswith("/ballots/" + b["id"]) for e in entries), f"{b['id']} has no entry")

    def test_each_ballot_has_a_history_feed(self):
        for b in self.ballots:
            path = f"/ballots/{b['id']}/feed.xml"
            d = self.parse(path)
            self.check_entries(path, d)
            self.assertTrue(all(e.link == f"{self.base}/ballots/{b['id']}" for e in d.entries), path)

    def test_feed_readers_get_304_when_nothing_changed(self):
        for path in ["/feeds/minutes.xml", "/feeds/ballots.atom", "/calendar.ics"]:
            first = feedparser.parse(self.base + path)
            again = feedparser.parse(self.base + path, etag=first.get("etag"))
            self.assertEqual(again.get("status"), 304, f"{path} with ETag")
            again = feedparser.parse(self.base + path, modified=first.get("modified"))
            self.assertEqual(again.get("status"), 304, f"{path} with Last-Modified")

    def test_calendars_parse_with_stable_unique_uids_and_real_times(self):
        host = self.base.split("://", 1)[1]
        for wg in [None] + GROUPS:
            path = "/calendar.ics" if wg is None else f"/feeds/{wg}/calendar.ics"
            status, headers, body = get(self.base + path)
            self.assertEqual(status, 200, path)
            self.assertTrue(headers.get("Content-Type", "").startswith("text/calendar"), path)
            cal = icalendar.Calendar.from_ical(body)
            events = list(cal.walk("VEVENT"))
            uids = [str(e["UID"]) for e in events]
            self.assertEqual(len(uids), len(set(uids)), f"{path}: duplicate UIDs")
            for e in events:
                self.assertIn("DTSTART", e, path)
                self.assertIn("DTSTAMP", e, path)
                self.assertTrue(str(e["URL"]).startswith(self.base + "/"), path)
                start = e.decoded("DTSTART")
                if "DTEND" in e:
                    self.assertLessEqual(start, e.decoded("DTEND"), f"{path}: {e['UID']} ends before it starts")
            minutes = [m for m in self.minutes if wg is None or m["wg"] == wg]
            for m in minutes:
                self.assertIn(f"meeting-{m['slug']}@{host}", uids, path)
            by_uid = {str(e["UID"]): e for e in events}
            for b in self.ballots:
                if (wg is None or b["wg"] == wg) and b["voting_start"] and b["voting_end"]:
                    ev = by_uid.get(f"{b['id']}-voting@{host}")
                    self.assertIsNotNone(ev, f"{path}: no voting window for {b['id']}")
                    self.assertEqual(ev.decoded("DTSTART").timestamp(), time_of(b["voting_start"]), b["id"])
                    self.assertEqual(ev.decoded("DTEND").timestamp(), time_of(b["voting_end"]), b["id"])
        # The same request twice gives the same calendar: DTSTAMP and UIDs are stable.
        self.assertEqual(get(self.base + "/calendar.ics")[2], get(self.base + "/calendar.ics")[2])


def time_of(rfc3339):
    from datetime import datetime
    return datetime.fromisoformat(rfc3339).timestamp()


if __name__ == "__main__":
    unittest.main(verbosity=2)
