"""The document as the suggestions page shows it: flat segments, each knowing its offsets in the stored text.

The browser's copy of the text is not the stored one (HTML reads a CRLF as one line end), so the
page never counts characters in the text it shows: every segment carries its `start` and `end` in
the stored text, and static/js/intake.js turns a selection into those offsets. Line ends are
segments of their own; a segment inside one or more mentions is highlighted, coloured by the
innermost one. Templates escape each segment's text, so the document cannot inject markup.
"""

import itertools
import re
from dataclasses import dataclass

_LINE_END = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    text: str
    kind: str = ""  # the innermost mention's kind, "" outside any mention
    suggestion_id: int | None = None
    line_end: bool = False


def segments(text, suggestions):
    """The segments of `text`, in order, for the suggestions (anything with start, end, kind and id)."""
    cuts = {0, len(text)}
    for suggestion in suggestions:
        cuts.update((suggestion.start, suggestion.end))
    for found in _LINE_END.finditer(text):
        cuts.update(found.span())
    bounds = sorted(cut for cut in cuts if 0 <= cut <= len(text))
    # One sweep: the mentions open at a segment are few (they nest, never cross), so finding the
    # innermost is cheap and a long document with thousands of mentions renders in linear time.
    waiting = sorted(suggestions, key=lambda s: (s.start, -s.end))
    next_up = 0
    open_now = []
    result = []
    for start, end in itertools.pairwise(bounds):
        piece = text[start:end]
        if _LINE_END.fullmatch(piece):
            result.append(Segment(start, end, piece, line_end=True))
            continue
        while next_up < len(waiting) and waiting[next_up].start <= start:
            open_now.append(waiting[next_up])
            next_up += 1
        open_now = [s for s in open_now if s.end > start]
        covering = [s for s in open_now if s.end >= end]
        innermost = min(covering, key=lambda s: s.end - s.start) if covering else None
        result.append(
            Segment(
                start,
                end,
                piece,
                kind=innermost.kind if innermost else "",
                suggestion_id=innermost.id if innermost else None,
            )
        )
    return result
