"""A document's text: .txt stored unchanged, HTML/DOCX/PDF converted, bad input refused in one sentence."""

import io

import docx
import pypdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from intake import extract
from intake.extract import (
    EmptyDocument,
    ExtractionRefused,
    NotText,
    TooLarge,
    UnsupportedType,
    text_from_file,
    text_from_paste,
    text_from_path,
    text_from_upload,
)

PRESS_RELEASE = "Phnom Penh, 7 July 2025 — ARMAC and UNDP signed an MoU.\r\nMs Rothna Buth said: “Together.”\r\n"


def pdf_with_text(*lines):
    """A one-page PDF whose text layer holds `lines` (Helvetica), written by hand: no PDF library writes text."""
    content = "BT /F1 12 Tf 72 720 Td 14 TL " + " ".join(f"({line}) Tj T*" for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        " /Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def blank_pdf(password=None):
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=612, height=792)
    if password:
        writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_bytes():
    document = docx.Document()
    document.add_heading("Joint press release", level=1)
    document.add_paragraph("Ha Noi, Viet Nam — 4 April 2025")
    document.add_paragraph("The workshop convened 56 participants.")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "VNMAC"
    table.rows[0].cells[1].text = "Viet Nam National Mine Action Centre"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- what is taken ------------------------------------------------------------------------------


def test_plain_text_is_stored_exactly_as_written_crlf_and_all():
    assert text_from_file("release.txt", PRESS_RELEASE.encode("utf-8")) == PRESS_RELEASE


def test_a_utf8_byte_order_mark_is_dropped_and_nothing_else():
    assert text_from_file("release.txt", b"\xef\xbb\xbf" + PRESS_RELEASE.encode("utf-8")) == PRESS_RELEASE


def test_utf16_text_with_its_byte_order_mark_is_read():
    assert text_from_file("release.txt", PRESS_RELEASE.encode("utf-16")) == PRESS_RELEASE


def test_pasted_text_has_its_line_ends_made_newlines():
    assert text_from_paste("One\r\nTwo\rThree") == "One\nTwo\nThree"


def test_a_file_on_disk_and_an_upload_give_the_same_text(tmp_path):
    path = tmp_path / "release.txt"
    path.write_bytes(PRESS_RELEASE.encode("utf-8"))
    upload = SimpleUploadedFile("release.txt", PRESS_RELEASE.encode("utf-8"), content_type="text/plain")
    assert text_from_path(path) == text_from_upload(upload) == PRESS_RELEASE


def test_html_gives_its_visible_text_one_block_a_line():
    html = b"""<!doctype html><html><head><title>Not shown</title><style>p{color:red}</style>
    <script>alert('x')</script></head><body><h1>UNDP &amp; ARMAC</h1>
    <p>Signed on <b>4&nbsp;July 2025</b> in
       Phnom Penh.</p><ul><li>First</li><li>Second</li></ul>
    <p hidden>Hidden text</p><a href="https://example.org/next">Read the MoU</a></body></html>"""
    assert text_from_file("release.html", html) == (
        "UNDP & ARMAC\nSigned on 4\u00a0July 2025 in Phnom Penh.\nFirst\nSecond\nRead the MoU"
    )


def test_html_in_a_declared_legacy_charset_is_decoded():
    html = '<html><head><meta charset="iso-8859-1"></head><body><p>Café Ngô</p></body></html>'.encode("latin-1")
    assert text_from_file("page.htm", html) == "Café Ngô".encode("latin-1").decode("latin-1")


def test_docx_gives_paragraphs_and_table_cells_in_reading_order():
    assert text_from_file("release.docx", docx_bytes()) == (
        "Joint press release\nHa Noi, Viet Nam — 4 April 2025\nThe workshop convened 56 participants.\n"
        "VNMAC\tViet Nam National Mine Action Centre"
    )


def test_pdf_gives_the_text_of_its_text_layer():
    text = text_from_file("release.pdf", pdf_with_text("ARMAC hosted 56 participants", "on 4 April 2025."))
    assert "ARMAC hosted 56 participants" in text
    assert "on 4 April 2025." in text


# --- what is refused, in one plain sentence ------------------------------------------------------

REFUSALS = [
    ("empty.txt", b"", EmptyDocument, "“empty.txt” is empty."),
    ("blank.txt", b" \n\t\n", EmptyDocument, "“blank.txt” is empty."),
    ("binary.txt", b"PK\x03\x04\x00\x00binary", NotText, "“binary.txt” holds binary data, not text."),
    (
        "latin.txt",
        "Café".encode("latin-1"),
        NotText,
        "“latin.txt” is not UTF-8 text; save it as UTF-8 and send it again.",
    ),
    (
        "report.doc",
        b"old word file",
        UnsupportedType,
        "“report.doc” is not a .txt, .html, .docx or .pdf file, the only kinds taken.",
    ),
    (
        "program.exe",
        b"MZ\x90\x00",
        UnsupportedType,
        "“program.exe” is not a .txt, .html, .docx or .pdf file, the only kinds taken.",
    ),
    ("fake.pdf", b"just some words", NotText, "“fake.pdf” is not a PDF document."),
    ("fake.docx", b"just some words", NotText, "“fake.docx” is not a Word (.docx) document."),
    ("empty.html", b"<html><body><script>x()</script></body></html>", EmptyDocument, "“empty.html” has no text."),
]


@pytest.mark.parametrize(("name", "data", "refusal", "sentence"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_bad_input_is_refused_with_one_sentence(name, data, refusal, sentence):
    with pytest.raises(refusal) as caught:
        text_from_file(name, data)
    assert str(caught.value) == sentence


def test_a_pdf_without_a_text_layer_is_refused():
    with pytest.raises(
        NotText, match=r"^“scan.pdf” has no text layer \(a scanned image\?\); paste its text instead\.$"
    ):
        text_from_file("scan.pdf", blank_pdf())


def test_a_password_protected_pdf_is_refused():
    with pytest.raises(NotText, match=r"^“locked.pdf” is protected by a password\.$"):
        text_from_file("locked.pdf", blank_pdf(password="secret"))


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * (extract.MAX_FILE_BYTES + 1))
    with pytest.raises(TooLarge, match=r"^“big.txt” is larger than 5 MB, the largest file taken\.$"):
        text_from_path(path)
    upload = SimpleUploadedFile("big.txt", b"a" * (extract.MAX_FILE_BYTES + 1))
    with pytest.raises(TooLarge):
        text_from_upload(upload)


def test_a_text_over_the_length_limit_is_refused():
    with pytest.raises(TooLarge, match=r"^“long.txt” is longer than 200,000 characters, the longest text taken\.$"):
        text_from_file("long.txt", b"word " * 40_001)
    with pytest.raises(TooLarge, match=r"^The pasted text is longer than 200,000 characters"):
        text_from_paste("word " * 40_001)


def test_empty_pasted_text_is_refused():
    with pytest.raises(EmptyDocument, match=r"^The pasted text has no text\.$"):
        text_from_paste("  \r\n ")


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(ExtractionRefused, match=r"^There is no file at .*nothing\.txt\.$"):
        text_from_path(tmp_path / "nothing.txt")


def test_a_zip_bomb_docx_is_refused(monkeypatch):
    monkeypatch.setattr(extract, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(TooLarge, match="unpacks to more than"):
        text_from_file("bomb.docx", docx_bytes())
