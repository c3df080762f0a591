"""Compare what anonymous visitors get from two revisions of the portal: HTML pages, the API, CSV and calendars.

    python bench/compare_output.py --before 22fabf8 --after 98050b5 --out /tmp/compare.diff

or `make compare-output BEFORE=<rev> AFTER=<rev>`. Standard library and Django only.

For each revision the script checks it out with `git worktree add` into a temporary directory (removed
afterwards, also on failure), builds a fresh SQLite database there with this interpreter (the project's
venv): `manage.py migrate`, `manage.py load_portal_data`, `manage.py generate_sample_data --events 300
--seed 1`, then crawls it in a subprocess with Django's test Client as an anonymous visitor.

The crawl starts from a fixed list of entry URLs (home, every list, search, every API resource in JSON and
CSV, filters, second pages, feeds, refused parameters, a few HEAD requests and Accept headers) and from the
pages of unpublished records read from the database (nothing links to them; they must stay hidden). It
follows same-site links (href attributes in HTML, URLs in JSON, API detail pages of the records an API page
lists), tries each GET form's choices one at a time, keeps at most 100 query-string variants of one path,
and stops at --limit URLs; /admin/ and static files are skipped. The "after" crawl first fetches every URL
the "before" crawl fetched, and the "before" revision then fetches the URLs only the "after" crawl found,
so both sides are compared on the same set of URLs.

What is compared: the status code, the Content-Type, the Location of a redirect, the Content-Disposition of
a download and the body. Other headers are not compared: ETag, Last-Modified, Cache-Control, Vary, Expires and
Date depend on the moment of the run and on caching policy, not on what the visitor reads.

What is normalised in bodies (and in the compared headers), and why -- nothing else:
- the CSRF token in forms (`csrfmiddlewaretoken` values) and a `csrftoken` cookie value: random per request;
- instants inside the run's own time window (from a minute before the "before" database was built to a minute
  after the last request), written as ISO 8601 (`2026-11-30T23:15:02.123456Z`, `2026-11-30 23:15:02`, with or
  without fractions and offsets) or as iCalendar UTC times (`20261130T231502Z`): these are the `created` and
  `modified` values the loader writes, export timestamps and calendars' DTSTAMP, which differ between two runs
  by construction. A time without an offset counts as the run's if it is within 14 hours of the window (the
  portal's TIME_ZONE, whichever it is). Dates without a time are left alone: records' own dates must match;
- the temporary worktree's path (it appears only in DEBUG error pages): it differs per run.
The crawl runs with DEBUG=1, the public page cache off (PUBLIC_CACHE=0, where the revision knows it), no
Redis and API throttles raised, so that no answer depends on the order or number of requests.

Exit status: 0 when both revisions answer identically, 1 when they differ, 2 when a revision could not be built.
"""

import argparse
import collections
import contextlib
import datetime as dt
import difflib
import html.parser
import json
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

HOST = "testserver"
DEFAULT_LIMIT = 1500
# The "after" crawl may follow this share of --limit beyond the URLs the "before" crawl fetched.
AFTER_EXTRA = 0.2
# Per GET form field, how many of its choices are tried one at a time.
CHOICES_PER_FIELD = 3
DIFF_LINES = 120
API_RESOURCES = [
    "organisations",
    "people",
    "countries",
    "events",
    "agreements",
    "studies",
    "programmes",
    "sources",
    "themes",
]
API_LOOKUPS = {"countries": "iso3"}  # each API resource's detail key, when not the slug
# At most this many query-string variants (filters, orderings, pages) of one path are followed, so that the
# combinations of one list's filters do not spend the whole --limit.
VARIANTS_PER_PATH = 100
REGISTRY_LISTS = ["partners", "people", "countries", "agreements", "studies", "programmes", "sources"]
SKIPPED_PREFIXES = ("/admin/", "/static/", "/media/", "/__debug__/")
SKIPPED_SUFFIXES = (".css", ".js", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".ico", ".woff", ".woff2", ".map")


def entry_urls():
    """The fixed starting points: every public surface once, with filters, pages 2 and a few bad parameters."""
    # fmt: off
    urls = ["/", "/events/", "/events/?page=2", "/events/feed.ics", "/events/feed.ics?year=2019",
            "/events/?year=2019", "/events/?date_from=2015-01-01&date_to=2018-12-31", "/events/?ordering=-start",
            "/events/?year=abc", "/events/?page=999", "/events/?page=abc", "/events/?q=mine",
            "/search/", "/search/?q=mine", "/search/?q=Cambodia", "/search/?q=victim+assistance",
            "/search/?q=UNDP", "/search/?q=zzzznotfound", "/search/?q=d%C3%A9minage",
            "/api/v1/", "/api/v1/schema/", "/api/v1/docs/", "/privacy/", "/does-not-exist/"]
    for name in REGISTRY_LISTS:
        urls += [f"/{name}/", f"/{name}/?page=2", f"/{name}/?q=mine"]
    for name in API_RESOURCES:
        urls += [f"/api/v1/{name}/", f"/api/v1/{name}/?format=json", f"/api/v1/{name}/?format=csv",
                 f"/api/v1/{name}/?page=2", f"/api/v1/{name}/?page_size=5", f"/api/v1/{name}/?format=csv&page=2"]
    urls += ["/api/v1/events/?format=ics", "/api/v1/events/?year=2019", "/api/v1/events/?year=2019&format=csv",
             "/api/v1/events/?ordering=-start&page_size=20", "/api/v1/events/?year=abc",
             "/api/v1/events/?kind=nonsense", "/api/v1/events/?format=xml", "/api/v1/events/?page_size=100000"]
    # Markup that must be escaped once, echoed back in search boxes and filter forms; values a form refuses.
    urls += ["/search/?q=%3Cem%3Emine%26amp%3B%22x%22%27", "/events/?q=%26amp%3B%3Cb%3E+%22mine%22",
             "/partners/?q=%22quoted%22+%26+%3Cb%3E", "/events/?kind=nonsense", "/events/?country=ZZZ",
             "/events/?date_from=notadate", "/events/?theme=%3Cx%3E&ordering=bogus", "/search/?q=%C3%A9%C3%A8"]
    # Not URLs alone: a HEAD request and the API's content negotiation by Accept header (see _request).
    urls += ["HEAD /", "HEAD /events/", "HEAD /api/v1/events/", "/api/v1/events/ [Accept: text/csv]",
             "/api/v1/events/ [Accept: text/calendar]", "/api/v1/people/ [Accept: text/csv]",
             "/api/v1/events/ [Accept: application/xml]", "/events/ [Accept: application/json]"]
    # fmt: on
    return urls


# ---------------------------------------------------------------- the crawl (runs inside a revision's worktree)


class _LinkParser(html.parser.HTMLParser):
    """hrefs, and each GET form's action with its select options and radio/checkbox values."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs = []
        self.forms = []  # (action, {name: [values]})
        self._form = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
        elif tag == "form" and (attrs.get("method") or "get").lower() == "get":
            self._form = (attrs.get("action") or "", {})
            self.forms.append(self._form)
        elif self._form is not None and tag == "select" and attrs.get("name"):
            self._select = attrs["name"]
        elif self._form is not None and self._select and tag == "option" and attrs.get("value"):
            self._form[1].setdefault(self._select, []).append(attrs["value"])
        elif (
            self._form is not None
            and tag == "input"
            and attrs.get("type") in ("radio", "checkbox")
            and (attrs.get("name") and attrs.get("value"))
        ):
            self._form[1].setdefault(attrs["name"], []).append(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "form":
            self._form = None


def _same_site(url, base):
    """The path and query of a same-site link, or None (other hosts, schemes, admin and static files)."""
    parts = urlsplit(urljoin(base, url.strip()))
    if parts.scheme not in ("http", "https") or parts.netloc != HOST:
        return None
    path = parts.path or "/"
    if path.startswith(SKIPPED_PREFIXES) or path.lower().endswith(SKIPPED_SUFFIXES):
        return None
    return path + (f"?{parts.query}" if parts.query else "")


def _links(url, content_type, body):
    base = f"http://{HOST}{url}"
    found = []
    if "html" in content_type:
        parser = _LinkParser()
        parser.feed(body)
        found += parser.hrefs
        for action, fields in parser.forms:
            target = urlsplit(urljoin(base, action))
            kept = [(k, v) for k, v in parse_qsl(target.query)]
            for name, values in sorted(fields.items()):
                for value in values[:CHOICES_PER_FIELD]:
                    found.append(urljoin(base, target.path) + "?" + urlencode([*kept, (name, value)]))
    elif "json" in content_type:
        found += re.findall(rf'"(https?://{re.escape(HOST)}/[^"\s]*)"', body)
        found += re.findall(r'"url":\s*"(/[^"\s]*)"', body)  # the records' page links
        found += _api_details(url, body)
    return [link for link in (_same_site(u, base) for u in found) if link]


def _api_details(url, body):
    """The detail URL of each record on an API list page (the lists name their records' slugs, not their URLs)."""
    match = re.fullmatch(r"/api/v1/([a-z-]+)/(\?.*)?", url)
    if not match:
        return []
    try:
        results = json.loads(body).get("results") or []
    except (ValueError, AttributeError):
        return []
    lookup = API_LOOKUPS.get(match.group(1), "slug")
    return [f"/api/v1/{match.group(1)}/{row[lookup]}/" for row in results if isinstance(row, dict) and row.get(lookup)]


_REQUEST = re.compile(r"(?:(HEAD) )?(.+?)(?: \[Accept: ([^\]]+)\])?")


def _request(client, key):
    """The answer to one crawl key: a path, "HEAD <path>", or "<path> [Accept: <media type>]"."""
    method, path, accept = _REQUEST.fullmatch(key).groups()
    headers = {"HTTP_ACCEPT": accept} if accept else {}
    return (client.head if method else client.get)(path, **headers)


def _draft_urls(per_model=3):
    """Pages of records the public must not see (not published): each must answer the same on both sides.

    Read from the database rather than from links, since nothing public links to them.
    """
    from django.apps import apps
    from django.urls import NoReverseMatch

    urls = []
    for model in apps.get_models():
        names = {field.name for field in model._meta.get_fields()}
        manager = getattr(model, "objects", None)
        if "status" not in names or manager is None or not hasattr(model, "get_absolute_url"):
            continue
        for record in manager.exclude(status="published").order_by("pk")[:per_model]:
            with contextlib.suppress(NoReverseMatch):  # a record without a page has nothing to compare
                urls.append(record.get_absolute_url())
    return sorted(urls)


def crawl(seeds, limit, follow):
    """Fetch seeds, then (when following) the links they lead to, breadth first, up to limit URLs."""
    import django

    sys.path.insert(0, os.getcwd())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "armac_portal.settings")
    django.setup()
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()  # "testserver" joins ALLOWED_HOSTS, as under the test runner
    # The answers are recorded whole (a 500 with its DEBUG page); the log's "Not Found" lines would only be noise.
    logging.disable(logging.WARNING)
    client = Client(raise_request_exception=False)
    if follow:
        seeds = [*seeds, *_draft_urls()]
    queue, seen, results = list(dict.fromkeys(seeds)), set(), {}
    seen.update(queue)
    variants = collections.Counter(url.split("?")[0] for url in queue if "?" in url)
    while queue and len(results) < limit:
        url = queue.pop(0)
        response = _request(client, url)
        raw = b"".join(response.streaming_content) if response.streaming else response.content
        content_type = response.get("Content-Type", "")
        body = raw.decode("utf-8", errors="replace")
        results[url] = {
            "status": response.status_code,
            "headers": {h: response[h] for h in ("Content-Type", "Location", "Content-Disposition") if h in response},
            "body": body,
        }
        # Links are followed from plain GETs only: a HEAD has no body, and a page fetched with another Accept
        # header is the same page.
        if follow and response.status_code == 200 and _REQUEST.fullmatch(url).group(1, 3) == (None, None):
            for link in _links(url, content_type, body):
                path, query = link.partition("?")[::2]
                if link in seen or (query and variants[path] >= VARIANTS_PER_PATH):
                    continue
                seen.add(link)
                variants[path] += bool(query)
                queue.append(link)
    return results


# ---------------------------------------------------------------- building each revision


def _env(database):
    env = dict(os.environ)
    for name in ("REDIS_URL", "DJANGO_SETTINGS_MODULE", "SECRET_KEY", "ALLOWED_HOSTS"):
        env.pop(name, None)
    env.update(
        DEBUG="1",
        DATABASE_URL=f"sqlite:///{database}",
        PUBLIC_CACHE="0",
        TASKS_BACKEND="immediate",
        API_THROTTLE_ANON="1000000/minute",
        API_THROTTLE_USER="1000000/minute",
        LOG_LEVEL="ERROR",
        PYTHONHASHSEED="0",
    )
    return env


def _run(command, check=True, **kwargs):
    """A subprocess whose argv this script builds itself (no shell), its output captured as text."""
    return subprocess.run(command, check=check, capture_output=True, text=True, **kwargs)  # noqa: S603


def _git(repo, *args, check=True):
    return _run([shutil.which("git") or "git", "-C", str(repo), *args], check=check)


class Revision:
    """One revision checked out in a temporary worktree with its own SQLite database."""

    def __init__(self, repo, rev, label, events, seed):
        self.repo, self.rev, self.label, self.events, self.seed = repo, rev, label, events, seed
        self.tmp = Path(tempfile.mkdtemp(prefix=f"compare-{label}-"))
        self.tree = self.tmp / "tree"
        self.database = self.tmp / "db.sqlite3"

    def __enter__(self):
        try:
            _git(self.repo, "worktree", "add", "--detach", "--quiet", str(self.tree), self.rev)
            self.commit = _git(self.tree, "rev-parse", "--short", "HEAD").stdout.strip()
            for command in (
                ["migrate", "--noinput"],
                ["load_portal_data"],
                ["generate_sample_data", "--events", str(self.events), "--seed", str(self.seed)],
            ):
                self.manage(command)
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def manage(self, command):
        print(f"==> {self.label} ({self.rev}): manage.py {' '.join(command)}", file=sys.stderr)
        done = _run([sys.executable, "manage.py", *command], cwd=self.tree, env=_env(self.database), check=False)
        if done.returncode:
            raise RuntimeError(f"{self.label}: manage.py {' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")

    def crawl(self, seeds, limit, follow):
        seeds_file, out_file = self.tmp / "seeds.json", self.tmp / "crawl.json"
        seeds_file.write_text(json.dumps(seeds))
        print(f"==> {self.label} ({self.rev}): crawling {len(seeds)} seeds, limit {limit}", file=sys.stderr)
        command = [sys.executable, str(Path(__file__).resolve()), "--crawl", str(seeds_file), "--limit", str(limit)]
        command += ["--dump", str(out_file), *(["--follow"] if follow else [])]
        # The crawl's own output (its warnings) goes to this terminal; its results to the dump file.
        subprocess.run(command, cwd=self.tree, env=_env(self.database), check=True)  # noqa: S603 - our own argv
        return json.loads(out_file.read_text())

    def __exit__(self, *exc):
        _git(self.repo, "worktree", "remove", "--force", str(self.tree), check=False)
        _git(self.repo, "worktree", "prune", check=False)
        shutil.rmtree(self.tmp, ignore_errors=True)


# ---------------------------------------------------------------- normalising and comparing

_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?")
_ICAL = re.compile(r"(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z")
_CSRF_VALUE = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*"')
_CSRF_VALUE_FIRST = re.compile(r'value="[^"]*"( name="csrfmiddlewaretoken")')
_CSRF_COOKIE = re.compile(r"(csrftoken=)[^;\s]+")
# A time without an offset is in the portal's TIME_ZONE, whichever that is: any offset up to 14 hours.
_NAIVE_SLACK = dt.timedelta(hours=14)


def normaliser(window, roots):
    """The one normalisation applied to both sides' bodies and compared headers (see the module docstring)."""
    start, end = window
    counts = collections.Counter()  # how many of each normalisation were made, for the summary

    def replaced(kind, text):
        counts[kind] += 1
        return text

    def instant(match, offset):
        y, mo, d, h, mi = (int(match.group(i)) for i in range(1, 6))
        when = dt.datetime(y, mo, d, h, mi, int(match.group(6) or 0), tzinfo=dt.UTC)
        if offset is None:
            return start - _NAIVE_SLACK <= when <= end + _NAIVE_SLACK
        if offset != "Z":
            sign = 1 if offset[0] == "+" else -1
            digits = offset[1:].replace(":", "")
            when -= sign * dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        return start <= when <= end

    def normalise(text):
        text = _CSRF_VALUE.sub(lambda m: replaced("CSRF token", m.group(1) + 'CSRF"'), text)
        text = _CSRF_VALUE_FIRST.sub(lambda m: replaced("CSRF token", 'value="CSRF"' + m.group(1)), text)
        text = _CSRF_COOKIE.sub(lambda m: replaced("CSRF cookie", m.group(1) + "CSRF"), text)
        text = _ISO.sub(
            lambda m: replaced("run time (ISO 8601)", "<RUN-TIME>") if instant(m, m.group(7)) else m.group(0), text
        )
        text = _ICAL.sub(
            lambda m: replaced("run time (iCalendar)", "<RUN-TIME>") if instant(m, "Z") else m.group(0), text
        )
        for root in roots:
            if root in text:
                counts["worktree path"] += text.count(root)
                text = text.replace(root, "<WORKTREE>")
        return text

    normalise.counts = counts
    return normalise


def _kind(content_type):
    for kind in ("html", "json", "csv", "calendar"):
        if kind in content_type:
            return kind
    return content_type.split(";")[0] or "no content type"


def compare(before, after, normalise, out):
    urls = sorted(set(before) | set(after))
    only_before = [u for u in urls if u not in after]
    only_after = [u for u in urls if u not in before]
    identical, differ = [], []
    report = []
    for url in urls:
        if url not in before or url not in after:
            continue
        a, b = before[url], after[url]
        problems = []
        if a["status"] != b["status"]:
            problems.append(f"status {a['status']} -> {b['status']}")
        for header in sorted(set(a["headers"]) | set(b["headers"])):
            ha, hb = normalise(a["headers"].get(header, "")), normalise(b["headers"].get(header, ""))
            if ha != hb:
                problems.append(f"{header}: {ha!r} -> {hb!r}")
        body_a, body_b = normalise(a["body"]), normalise(b["body"])
        if body_a != body_b:
            lines = list(
                difflib.unified_diff(body_a.splitlines(), body_b.splitlines(), "before", "after", lineterm="", n=2)
            )
            shown = lines[:DIFF_LINES]
            if len(lines) > DIFF_LINES:
                shown.append(f"... ({len(lines) - DIFF_LINES} more diff lines)")
            problems.append("body differs:\n" + "\n".join(shown))
        if problems:
            differ.append(url)
            report.append(f"=== {url}\n" + "\n".join(problems) + "\n")
        else:
            identical.append(url)
    kinds = collections.Counter(
        f"{before[u]['status']} {_kind(before[u]['headers'].get('Content-Type', ''))}" for u in urls if u in before
    )
    summary = (
        f"{len(urls)} URLs crawled, {len(identical) + len(differ)} compared: {len(identical)} identical, "
        f"{len(differ)} differ; {len(only_before)} only before, {len(only_after)} only after"
        f"\nbefore's answers by status and kind: {', '.join(f'{k} x{n}' for k, n in sorted(kinds.items()))}"
        f"\nnormalised (both sides): {', '.join(f'{k} x{n}' for k, n in sorted(normalise.counts.items())) or 'nothing'}"
    )
    with open(out, "w", encoding="utf-8") as handle:
        handle.write(summary + "\n\n")
        for url in only_before:
            handle.write(f"=== {url}\nonly before (status {before[url]['status']})\n\n")
        for url in only_after:
            handle.write(f"=== {url}\nonly after (status {after[url]['status']})\n\n")
        handle.write("\n".join(report))
    return summary, differ, only_before, only_after


# ---------------------------------------------------------------- main


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", help="The revision before (any git revision).")
    parser.add_argument("--after", help="The revision after.")
    parser.add_argument("--out", default="compare-output.diff", help="Where to write the full comparison.")
    parser.add_argument("--limit", type=int, default=DEFAULT_LIMIT, help="At most this many URLs per crawl.")
    parser.add_argument("--events", type=int, default=300, help="Synthetic events (generate_sample_data).")
    parser.add_argument("--seed", type=int, default=1, help="generate_sample_data's random seed.")
    parser.add_argument("--save", help="Also keep both crawls' raw answers here (before.json, after.json).")
    parser.add_argument("--repo", default=str(Path(__file__).resolve().parent.parent), help="The git repository.")
    # Internal: the crawl itself, run inside a revision's worktree.
    parser.add_argument("--crawl", help=argparse.SUPPRESS)
    parser.add_argument("--follow", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--dump", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.crawl:
        results = crawl(json.loads(Path(args.crawl).read_text()), args.limit, args.follow)
        Path(args.dump).write_text(json.dumps(results))
        return 0
    if not (args.before and args.after):
        parser.error("--before and --after are required")

    # A terminated run still removes its worktrees: SIGTERM unwinds through the with-blocks like an exception.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    start = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    began = time.monotonic()
    try:
        with (
            Revision(args.repo, args.before, "before", args.events, args.seed) as before_rev,
            Revision(args.repo, args.after, "after", args.events, args.seed) as after_rev,
        ):
            before = before_rev.crawl(entry_urls(), args.limit, follow=True)
            after = after_rev.crawl(list(before), len(before) + int(args.limit * AFTER_EXTRA), follow=True)
            missing = [u for u in after if u not in before]
            if missing:
                before.update(before_rev.crawl(missing, len(missing), follow=False))
            roots = [str(before_rev.tree), str(after_rev.tree)]
            labels = (before_rev.commit, after_rev.commit)
    except (subprocess.CalledProcessError, RuntimeError) as error:
        print(f"compare_output: {error}", file=sys.stderr)
        return 2
    end = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1)
    if args.save:
        Path(args.save).mkdir(parents=True, exist_ok=True)
        for name, results in (("before", before), ("after", after)):
            (Path(args.save) / f"{name}.json").write_text(json.dumps(results))
    normalise = normaliser((start, end), roots)
    summary, differ, only_before, only_after = compare(before, after, normalise, args.out)
    print(f"before {args.before} ({labels[0]}), after {args.after} ({labels[1]}): {summary}")
    for url in (only_before + only_after + differ)[:40]:
        print(f"  {url}")
    print(f"Full comparison in {args.out} ({time.monotonic() - began:.0f} s).")
    return 0 if not (differ or only_before or only_after) else 1


if __name__ == "__main__":
    sys.exit(main())
