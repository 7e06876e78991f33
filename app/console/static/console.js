/* Lantai console: the little script it needs (served from this site; no inline script anywhere).
   - After a page loads or htmx swaps a fragment, focus moves to the first field marked invalid,
     so that a keyboard or screen-reader user lands on the error.
   - A button with data-confirm asks first (a plain confirm dialog). */
(function () {
  "use strict";
  function focusFirstError(root) {
    var field = (root || document).querySelector('[aria-invalid="true"]');
    if (field) { field.focus(); }
  }
  document.addEventListener("DOMContentLoaded", function () { focusFirstError(document); });
  document.addEventListener("htmx:afterSwap", function (event) { focusFirstError(event.target); });
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    var question = button && button.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { event.preventDefault(); }
  });
})();
