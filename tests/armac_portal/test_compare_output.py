"""bench/compare_output.py: what it normalises (only what varies per run) and which links it follows."""

import datetime as dt

from bench.compare_output import _REQUEST, _links, compare, normaliser

RUN = (dt.datetime(2026, 11, 30, 23, 0, tzinfo=dt.UTC), dt.datetime(2026, 11, 30, 23, 30, tzinfo=dt.UTC))


def test_normalises_csrf_tokens_run_times_and_the_worktree_only():
    normalise = normaliser(RUN, ["/scratch/compare-before-x/tree"])
    text = (
        '<input type="hidden" name="csrfmiddlewaretoken" value="abc123">'
        '"modified": "2026-11-30T23:12:01.123456Z", "created": "2026-11-30T23:12:01+00:00" '
        "DTSTAMP:20261130T231201Z File /scratch/compare-before-x/tree/core/views.py"
    )
    assert normalise(text) == (
        '<input type="hidden" name="csrfmiddlewaretoken" value="CSRF">'
        '"modified": "<RUN-TIME>", "created": "<RUN-TIME>" DTSTAMP:<RUN-TIME> File <WORKTREE>/core/views.py'
    )


def test_keeps_the_records_own_dates_and_times():
    normalise = normaliser(RUN, [])
    text = '"start": "2019-03-04", "published_at": "2026-11-29T10:00:00Z", DTSTART:20190304T090000Z, 2026-11-30'
    assert normalise(text) == text


def test_follows_same_site_links_and_get_forms_but_not_admin_static_or_other_sites():
    page = (
        '<a href="/events/?page=2">next</a><a href="https://example.org/">x</a><a href="/admin/">a</a>'
        '<a href="/static/site.css">s</a><a href="mailto:a@b.c">m</a>'
        '<form method="get" action="/events/"><select name="kind"><option value="">Any</option>'
        '<option value="workshop">W</option></select></form><form method="post"><select name="x">'
        '<option value="1">1</option></select></form>'
    )
    assert _links("/events/", "text/html; charset=utf-8", page) == ["/events/?page=2", "/events/?kind=workshop"]
    api = '{"next": "http://testserver/api/v1/events/?page=2", "other": "https://example.org/a"}'
    assert _links("/api/v1/events/", "application/json", api) == ["/api/v1/events/?page=2"]


def test_compare_counts_and_writes_the_differences(tmp_path):
    page = {"status": 200, "headers": {"Content-Type": "text/html"}, "body": "<p>a</p>\n"}
    before = {"/": page, "/gone/": page, "/changed/": page}
    after = {"/": page, "/new/": page, "/changed/": {**page, "body": "<p>b</p>\n"}}
    out = tmp_path / "diff.txt"
    summary, differ, only_before, only_after = compare(before, after, normaliser(RUN, []), out)
    assert (differ, only_before, only_after) == (["/changed/"], ["/gone/"], ["/new/"])
    assert summary.startswith("4 URLs crawled, 2 compared: 1 identical, 1 differ; 1 only before, 1 only after")
    assert "-<p>a</p>\n+<p>b</p>" in out.read_text()


def test_crawl_keys_name_head_requests_and_accept_headers():
    assert _REQUEST.fullmatch("/events/?page=2").groups() == (None, "/events/?page=2", None)
    assert _REQUEST.fullmatch("HEAD /events/").groups() == ("HEAD", "/events/", None)
    assert _REQUEST.fullmatch("/api/v1/events/ [Accept: text/csv]").groups() == (None, "/api/v1/events/", "text/csv")
    assert _REQUEST.fullmatch("/search/?q=a b").groups() == (None, "/search/?q=a b", None)
