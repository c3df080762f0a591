/* Source intake (templates/intake/document.html): selecting a passage of the shown document fills the
   cite form's first and last character, as offsets into the STORED text.

   The shown text is not the stored one (HTML reads a CRLF line end as one character), so nothing is
   counted in the page's text as a whole: every segment of it carries data-start/data-end, its place
   in the stored text (intake/highlight.py), and only the characters inside one segment are counted,
   in code points as Python counts them (Array.from, not .length, which counts UTF-16 units).
   Without this script the form still works: type the offsets, or use a suggestion's link. */
(function () {
  "use strict";
  var text = document.getElementById("intake-text");
  var form = document.querySelector("form[data-intake-cite]");
  if (!text || !form) {
    return;
  }
  var startInput = form.elements.start;
  var endInput = form.elements.end;
  var recordSelect = form.elements.record;
  var factSelect = form.elements.fact;
  var preview = form.querySelector("[data-intake-quote]");

  function codePoints(value) {
    return Array.from(value).length;
  }

  function segmentOf(node) {
    var element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    return element ? element.closest("[data-start]") : null;
  }

  // The stored-text offset of a selection boundary (node, offset) inside the shown text, or null.
  function offsetOf(node, offset) {
    if (node === text) {
      var child = text.childNodes[offset];
      if (child && child.dataset && child.dataset.start) {
        return Number(child.dataset.start);
      }
      var last = text.lastElementChild;
      return last ? Number(last.dataset.end) : 0;
    }
    var segment = segmentOf(node);
    if (!segment || !text.contains(segment)) {
      return null;
    }
    if (segment.classList.contains("eol")) {
      return offset > 0 ? Number(segment.dataset.end) : Number(segment.dataset.start);
    }
    var before = document.createRange();
    before.setStart(segment, 0);
    before.setEnd(node, offset);
    return Number(segment.dataset.start) + codePoints(before.toString());
  }

  function showQuote(quote) {
    if (preview) {
      preview.textContent = quote ? "Selected: “" + quote + "”" : "";
    }
  }

  document.addEventListener("selectionchange", function () {
    var selection = document.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) {
      return;
    }
    var range = selection.getRangeAt(0);
    if (!text.contains(range.startContainer) || !text.contains(range.endContainer)) {
      return;
    }
    var start = offsetOf(range.startContainer, range.startOffset);
    var end = offsetOf(range.endContainer, range.endOffset);
    if (start === null || end === null || end <= start) {
      return;
    }
    startInput.value = start;
    endInput.value = end;
    showQuote(range.toString());
  });

  // Only the facts of the chosen record's kind can be chosen: the other groups are disabled.
  function limitFacts() {
    if (!recordSelect || !factSelect) {
      return;
    }
    var chosen = recordSelect.options[recordSelect.selectedIndex];
    var kind = chosen && chosen.value ? chosen.text.split(":")[0] : "";
    var firstEnabled = null;
    Array.prototype.forEach.call(factSelect.querySelectorAll("optgroup"), function (group) {
      group.disabled = Boolean(kind) && group.label !== kind;
      if (!group.disabled && firstEnabled === null && group.querySelector("option")) {
        firstEnabled = group.querySelector("option");
      }
    });
    var current = factSelect.options[factSelect.selectedIndex];
    if (firstEnabled && (!current || current.parentElement.disabled)) {
      firstEnabled.selected = true;
    }
  }
  if (recordSelect) {
    recordSelect.addEventListener("change", limitFacts);
    limitFacts();
  }
})();
