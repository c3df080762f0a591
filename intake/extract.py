"""The text of a new document: pasted, or read from an uploaded .txt, .html, .docx or .pdf file.

What comes out is what will be stored, and every suggestion's offsets index it:

- A .txt file is stored exactly as written: it is decoded (UTF-8, or UTF-16 when it starts with
  a UTF-16 byte order mark) and nothing else changes. A leading byte order mark is dropped,
  because it marks the encoding and is not text; CRLF line ends are kept, so offsets count the
  "\\r" like any other character.
- Pasted text has its line ends made "\\n": browsers send every pasted line end as CRLF, whatever
  the writer pasted, so there is no original to keep.
- HTML, DOCX and PDF are converted: their visible text, paragraphs on lines of their own, line
  ends "\\n", Unicode in composed form (NFC). Nothing is fetched: links, images and styles are
  ignored, never followed.

Anything that cannot be taken is refused with one plain sentence (an `ExtractionRefused`).
"""

import io
import re
import unicodedata
import zipfile
from html.parser import HTMLParser
from pathlib import Path

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_TEXT_CHARS = 200_000
# A .docx is a zip: refuse one that would unpack into more than this (a "zip bomb").
MAX_UNPACKED_BYTES = 50 * 1024 * 1024

EXTENSIONS = (".txt", ".html", ".htm", ".docx", ".pdf")

# Control characters other than tab, line ends and form feed do not occur in text.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


class ExtractionRefused(Exception):
    """The document cannot be taken; the message is one plain sentence for the person who sent it."""


class TooLarge(ExtractionRefused):
    """The file or its text is over the limit."""


class EmptyDocument(ExtractionRefused):
    """There is no text in it."""


class NotText(ExtractionRefused):
    """It is not a text document of the kind its name says (binary, undecodable, a scanned PDF...)."""


class UnsupportedType(ExtractionRefused):
    """Its name does not end with one of the extensions taken."""


def text_from_paste(text):
    """Pasted text, line ends made "\\n"; refused when empty or too long."""
    text = (text or "").removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return _checked(text, "The pasted text")


def text_from_path(path):
    """The text of a file on disk (the size is checked before it is read)."""
    path = Path(path)
    if not path.is_file():
        raise ExtractionRefused(f"There is no file at {path}.")
    _check_extension(path.name)
    if path.stat().st_size > MAX_FILE_BYTES:
        raise _too_large_file(path.name)
    return text_from_file(path.name, path.read_bytes())


def text_from_upload(uploaded):
    """The text of an uploaded file (a Django UploadedFile), read no further than the size limit."""
    _check_extension(uploaded.name)
    if uploaded.size is not None and uploaded.size > MAX_FILE_BYTES:
        raise _too_large_file(uploaded.name)
    data = uploaded.read(MAX_FILE_BYTES + 1)
    return text_from_file(uploaded.name, data)


def text_from_file(name, data):
    """The text of a file given as its name and its bytes."""
    extension = _check_extension(name)
    if len(data) > MAX_FILE_BYTES:
        raise _too_large_file(name)
    if not data.strip():
        raise EmptyDocument(f"“{name}” is empty.")
    if extension == ".txt":
        return _checked(_decode_plain_text(name, data), f"“{name}”")
    reader = {".html": _html_text, ".htm": _html_text, ".docx": _docx_text, ".pdf": _pdf_text}[extension]
    return _checked(_tidy(reader(name, data)), f"“{name}”")


def _check_extension(name):
    extension = Path(name or "").suffix.lower()
    if extension not in EXTENSIONS:
        raise UnsupportedType(f"“{name}” is not a .txt, .html, .docx or .pdf file, the only kinds taken.")
    return extension


def _too_large_file(name):
    return TooLarge(f"“{name}” is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB, the largest file taken.")


def _checked(text, what):
    if not text.strip():
        raise EmptyDocument(f"{what} has no text.")
    if len(text) > MAX_TEXT_CHARS:
        raise TooLarge(f"{what} is longer than {MAX_TEXT_CHARS:,} characters, the longest text taken.")
    return text


def _decode_plain_text(name, data):
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        encoding, data = "utf-8", data.removeprefix(b"\xef\xbb\xbf")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        raise NotText(f"“{name}” is not UTF-8 text; save it as UTF-8 and send it again.") from None
    text = text.removeprefix("\ufeff")
    if _CONTROL.search(text):
        raise NotText(f"“{name}” holds binary data, not text.")
    return text


def _tidy(text):
    """Converted text: "\\n" line ends, NFC, no control characters, no trailing spaces, no runs of blank lines."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _CONTROL.sub("", text)
    text = re.sub(r"[ \t\u00a0]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


# --- HTML -----------------------------------------------------------------------------------------

_HTML_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)


def _decode_html(name, data):
    try:
        if data.startswith(b"\xef\xbb\xbf"):
            return data[3:].decode("utf-8")
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return data.decode("utf-16")
    except UnicodeDecodeError:
        raise NotText(f"“{name}” is not text in the character set its byte order mark declares.") from None
    declared = _HTML_CHARSET.search(data[:4096])
    encodings = [declared.group(1).decode("ascii").lower()] if declared else []
    for encoding in [*encodings, "utf-8"]:
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    raise NotText(f"“{name}” is not text in the character set it declares or in UTF-8.")


class _VisibleText(HTMLParser):
    """The text a reader sees, one line per block; scripts, styles and the head are skipped."""

    SKIPPED = frozenset({"script", "style", "noscript", "template", "head", "title", "svg", "math", "iframe", "object"})
    BLOCKS = frozenset(
        {
            "address", "article", "aside", "blockquote", "body", "br", "dd", "details", "div", "dl", "dt",
            "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
            "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "th", "thead", "tr", "ul",
        }
    )  # fmt: skip
    VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "wbr"})

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.skipping = []
        self.pre = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            if tag in self.BLOCKS and not self.skipping:
                self.parts.append("\n")
            return
        if self.skipping or tag in self.SKIPPED or any(name == "hidden" for name, _ in attrs):
            self.skipping.append(tag)
            return
        if tag == "pre":
            self.pre += 1
        if tag in self.BLOCKS:
            self.parts.append("\n")
        elif tag == "td" or tag == "th":
            self.parts.append("\t")

    def handle_startendtag(self, tag, attrs):
        if tag in self.BLOCKS and not self.skipping:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if self.skipping:
            if self.skipping[-1] == tag:
                self.skipping.pop()
            return
        if tag == "pre" and self.pre:
            self.pre -= 1
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if self.skipping:
            return
        # HTML collapses its own white space (not the no-break space &nbsp;).
        self.parts.append(data if self.pre else re.sub(r"[ \t\n\r\f]+", " ", data))

    def text(self):
        lines = "".join(self.parts).split("\n")
        return "\n".join(line.strip(" ") for line in lines if line.strip())


def _html_text(name, data):
    parser = _VisibleText()
    parser.feed(_decode_html(name, data))
    parser.close()
    return parser.text()


# --- DOCX -----------------------------------------------------------------------------------------


def _docx_text(name, data):
    import docx  # python-docx; imported here so the rest of intake loads without it

    not_word = NotText(f"“{name}” is not a Word (.docx) document.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(member.file_size for member in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise TooLarge(f"“{name}” unpacks to more than {MAX_UNPACKED_BYTES // (1024 * 1024)} MB.")
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError):
        raise not_word from None
    except Exception as error:  # python-docx raises its own and lxml's errors for a broken package
        if isinstance(error, ExtractionRefused):
            raise
        raise not_word from None
    lines = []
    for block in document.iter_inner_content():
        if hasattr(block, "rows"):
            for row in block.rows:
                cells = []
                for cell in row.cells:
                    if cell.text.strip() and (not cells or cells[-1] != cell.text.strip()):
                        cells.append(cell.text.strip())  # a merged cell repeats; keep it once
                lines.append("\t".join(cells))
        else:
            lines.append(block.text)
    return "\n".join(line for line in lines if line.strip())


# --- PDF ------------------------------------------------------------------------------------------


def _pdf_text(name, data):
    import pypdf
    from pypdf.errors import PyPdfError

    if b"%PDF-" not in data[:1024]:
        raise NotText(f"“{name}” is not a PDF document.")
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise NotText(f"“{name}” is protected by a password.")
        pages = [page.extract_text() or "" for page in reader.pages]
    except ExtractionRefused:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError):
        raise NotText(f"“{name}” could not be read as a PDF.") from None
    text = "\n\n".join(page.strip() for page in pages)
    if not text.strip():
        raise NotText(f"“{name}” has no text layer (a scanned image?); paste its text instead.")
    return text
