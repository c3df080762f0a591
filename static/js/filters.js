// The filter panel of a list page is a <details>, folded by default so that on a phone the first
// result shows without scrolling; on a screen wide enough for the panel beside the results, open it.
(function () {
  "use strict";
  if (!window.matchMedia("(min-width: 48em)").matches) {
    return;
  }
  document.querySelectorAll("details.filter-panel").forEach(function (panel) {
    panel.open = true;
  });
})();
