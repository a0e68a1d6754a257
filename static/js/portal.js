// Put keyboard and screen-reader focus on the first field with an error after a failed submit.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-error-summary]");
  var first = document.querySelector("[aria-invalid='true'], .is-invalid");
  if (summary) {
    summary.focus();
  } else if (first) {
    first.focus();
  }
});
