// Samenspel's small bit of JavaScript. Everything works without it; it only helps.
(function () {
  "use strict";

  // Put keyboard and screen-reader focus on the error summary or the first field with an error.
  function focusFirstError() {
    var summary = document.querySelector("[data-error-summary]");
    var first = document.querySelector("[aria-invalid='true'], .is-invalid");
    if (summary) {
      summary.focus();
    } else if (first) {
      first.focus();
    }
  }

  // Conditional questions: show a question only when the earlier answer has the given value.
  function currentValues(form, name) {
    var values = [];
    form.querySelectorAll("[name='" + name + "']").forEach(function (input) {
      if ((input.type === "radio" || input.type === "checkbox") && !input.checked) return;
      values.push(input.value);
    });
    return values;
  }

  function updateConditions(form) {
    form.querySelectorAll("[data-show-if]").forEach(function (input) {
      var wrapper = input.closest(".question");
      if (!wrapper) return;
      var shown = currentValues(form, input.dataset.showIf).indexOf(input.dataset.showValue) !== -1;
      wrapper.hidden = !shown;
    });
  }

  // Live counters for long answers with a limit.
  function updateCounter(textarea) {
    var wrapper = textarea.closest(".question");
    if (!wrapper) return;
    var counter = wrapper.querySelector(".live-counter");
    if (!counter) {
      counter = document.createElement("p");
      counter.className = "form-text live-counter";
      counter.setAttribute("aria-live", "polite");
      textarea.insertAdjacentElement("afterend", counter);
    }
    var text = textarea.value;
    var limit, count, template;
    if (textarea.dataset.maxWords) {
      limit = textarea.dataset.maxWords;
      count = text.trim() ? text.trim().split(/\s+/).length : 0;
      template = wrapper.dataset.wordsText;
    } else {
      limit = textarea.dataset.maxChars;
      count = text.length;
      template = wrapper.dataset.charsText;
    }
    counter.textContent = template.replace("%(count)s", count).replace("%(max)s", limit);
    counter.classList.toggle("text-danger", Number(count) > Number(limit));
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusFirstError();
    document.querySelectorAll("form.proposal-form").forEach(function (form) {
      updateConditions(form);
      form.addEventListener("change", function () { updateConditions(form); });
      form.querySelectorAll("textarea[data-max-chars], textarea[data-max-words]").forEach(function (t) {
        updateCounter(t);
        t.addEventListener("input", function () { updateCounter(t); });
      });
    });
    // A form submits once: a second click while the first is on its way does nothing.
    document.querySelectorAll("form[data-submit-once]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (form.dataset.submitting) { event.preventDefault(); return; }
        form.dataset.submitting = "1";
      });
    });
  });

  // Autosave could not reach the server: say so, keep the text.
  function saveFailed(event) {
    var form = event.target.closest && event.target.closest("form.proposal-form");
    var status = document.getElementById("save-status");
    if (form && status) {
      status.textContent = form.dataset.saveFailed;
      status.className = "small text-danger fw-bold";
    }
  }
  document.addEventListener("htmx:sendError", saveFailed);
  document.addEventListener("htmx:responseError", saveFailed);
})();
