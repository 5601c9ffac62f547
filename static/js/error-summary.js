// The error summary of a form sent back takes the focus, so that a screen reader reads it first
// and a keyboard user goes on from it to the first box in error (WCAG 3.3.1, 2.4.3). On "load",
// after the admin's own change_form.js, which focuses the first box of an add form.
window.addEventListener("load", function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }
});
