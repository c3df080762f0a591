"""manage.py suggest_records: the suggestions for a file, printed and stored nowhere."""

import io
import json
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command

from intake import extract
from registry.models import Organisation, Person

from .helpers import SOURCES


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("suggest_records", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def registry(portal_records):
    """The portal's records in the database, which the command reads."""


@pytest.mark.parametrize("path", sorted(SOURCES.glob("*.txt")), ids=lambda p: p.name[:3])
def test_json_has_the_issues_shape_and_every_text_is_the_document_at_its_offsets(registry, path):
    document = path.read_text(encoding="utf-8")
    mentions = json.loads(run(str(path), "--format", "json")[0])["mentions"]
    assert mentions
    for mention in mentions:
        assert {"kind", "text", "start", "end", "match", "value", "end_value"} <= mention.keys()
        assert mention["kind"] in {"person", "organisation", "country", "theme", "date", "figure"}
        assert document[mention["start"] : mention["end"]] == mention["text"]


def test_offsets_index_a_crlf_file_as_stored(registry, tmp_path):
    path = tmp_path / "release.txt"
    path.write_bytes("Ha Noi, Viet Nam — 4 April 2025\r\nMs. Rothna Buth said:\r\n56 participants".encode())
    document = extract.text_from_path(path)
    assert "\r\n" in document
    mentions = json.loads(run(str(path), "--format", "json")[0])["mentions"]
    assert [(m["kind"], m["match"]) for m in mentions if m["kind"] in ("person", "date", "figure")] == [
        ("date", None),
        ("person", "rothna-buth"),
        ("figure", None),
    ]
    assert all(document[m["start"] : m["end"]] == m["text"] for m in mentions)


def test_json_values_for_dates_figures_and_matches(registry):
    mentions = json.loads(run(str(SOURCES / "004_d4589bf5409e4db6.txt"), "--format", "json")[0])["mentions"]
    by_text = {m["text"]: m for m in mentions}
    assert by_text["May 23-27"]["value"] == "--05-23" and by_text["May 23-27"]["end_value"] == "--05-27"
    assert by_text["Armida Salsiah Alisjahbana"]["match"] == "armida-salsiah-alisjahbana"
    assert by_text["UNESCAP"]["match"] == "unescap"
    assert by_text["Cambodia"]["match"] == "KHM"
    assert by_text["eight areas"]["value"] == 8 and by_text["eight areas"]["unit"] == "areas"


def test_the_default_format_is_a_readable_table(registry):
    out, _ = run(str(SOURCES / "002_3c92728bb01ac018.txt"))
    lines = out.splitlines()
    assert lines[0].split() == ["where", "kind", "text", "match", "/", "suggestion"]
    assert any("person" in line and "rothna-buth (name)" in line for line in lines)
    assert any("figure" in line and "more-than 384 km²" in line for line in lines)


def test_nothing_is_stored(registry):
    before = (Person.objects.count(), Organisation.objects.count())
    run(str(SOURCES / "002_3c92728bb01ac018.txt"), "--format", "json")
    assert (Person.objects.count(), Organisation.objects.count()) == before


BAD = [
    ("missing.txt", None, "There is no file at"),
    ("notes.doc", b"old Word", "is not a .txt, .html, .docx or .pdf file, the only kinds taken."),
    ("empty.txt", b"", "is empty."),
    ("binary.txt", b"\x00\x01\x02", "holds binary data, not text."),
    ("fake.pdf", b"not a pdf at all", "is not a PDF document."),
]


@pytest.mark.parametrize(("name", "data", "sentence"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_exits_non_zero_with_one_sentence(db, tmp_path, name, data, sentence):
    path = tmp_path / name
    if data is not None:
        path.write_bytes(data)
    err = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("suggest_records", str(path), stdout=io.StringIO(), stderr=err)
    assert exited.value.code == 2
    assert sentence in err.getvalue()
    assert len(err.getvalue().strip().splitlines()) == 1


def test_a_too_large_file_exits_non_zero(db, tmp_path, monkeypatch):
    monkeypatch.setattr(extract, "MAX_FILE_BYTES", 10)
    path = tmp_path / "big.txt"
    path.write_text("more than ten bytes of text")
    err = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("suggest_records", str(path), stderr=err)
    assert "larger than" in err.getvalue()


def test_from_the_shell_a_refusal_is_one_line_and_no_traceback(tmp_path):
    path = tmp_path / "notes.rtf"
    path.write_text("{\\rtf1 text}")
    result = subprocess.run(  # noqa: S603 - our own manage.py with a path we made
        [sys.executable, str(settings.BASE_DIR / "manage.py"), "suggest_records", str(path)],
        capture_output=True,
        text=True,
        check=False,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode == 2
    assert result.stderr.strip() == f"“{path.name}” is not a .txt, .html, .docx or .pdf file, the only kinds taken."
