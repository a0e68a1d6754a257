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
    // Error pages: "go back" goes back when there is a page to go back to.
    document.querySelectorAll("[data-history-back]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        if (window.history.length > 1) { event.preventDefault(); window.history.back(); }
      });
    });
    document.querySelectorAll("form.proposal-form").forEach(function (form) {
      updateConditions(form);
      form.addEventListener("change", function () { updateConditions(form); });
      form.addEventListener("editor:changed", function () { updateConditions(form); });
      form.querySelectorAll("textarea[data-max-chars], textarea[data-max-words]").forEach(function (t) {
        updateCounter(t);
        t.addEventListener("input", function () { updateCounter(t); });
      });
    });
    document.querySelectorAll("form#budget-form").forEach(function (form) {
      form.addEventListener("input", function () { updateBudget(form); });
    });
    // A form submits once: a second click while the first is on its way does nothing.
    document.querySelectorAll("form[data-submit-once]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (form.dataset.submitting) { event.preventDefault(); return; }
        form.dataset.submitting = "1";
      });
    });
  });

  // Budget totals while typing; the server computes them again when saved.
  function parseAmount(text) {
    var value = (text || "").trim().replace(/\s/g, "");
    if (document.documentElement.lang === "nl") {
      value = value.replace(/\./g, "").replace(",", ".");
    } else {
      value = value.replace(/,/g, "");
    }
    var number = parseFloat(value);
    return isNaN(number) ? 0 : number;
  }

  function updateBudget(form) {
    var total = 0;
    form.querySelectorAll("input[name$='-amount']").forEach(function (input) {
      var row = input.closest("tr");
      var removed = row && row.querySelector("input[name$='-DELETE']:checked");
      if (!removed) total += parseAmount(input.value);
    });
    var own = parseAmount((form.querySelector("[name='own_contribution']") || {}).value);
    var other = parseAmount((form.querySelector("[name='other_funders_amount']") || {}).value);
    var format = new Intl.NumberFormat(document.documentElement.lang, {
      style: "currency", currency: "EUR"
    });
    document.getElementById("total").textContent = format.format(total);
    document.getElementById("requested").textContent = format.format(total - own - other);
    // Over the call's maximum: say so at once, not only when sending in.
    var warning = document.getElementById("budget-warning");
    if (warning && form.dataset.max) {
      warning.hidden = !(total - own - other > Number(form.dataset.max));
    }
  }

  // Autosave could not reach the server: say so, keep the text.
  function saveFailed(event) {
    var form = event.target.closest && event.target.closest("form[data-save-failed]");
    var status = document.getElementById("save-status");
    if (form && status) {
      status.textContent = form.dataset.saveFailed;
      status.className = "small text-danger fw-bold";
    }
  }
  // Saving for good while an autosave is on its way: wait for the autosave's answer first, so
  // the final save carries the draft's id and newest revision.
  function autosaveForm(event) {
    var form = event.detail && event.detail.elt;
    return form && form.matches && form.matches("form[data-save-failed]") ? form : null;
  }
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = autosaveForm(event);
    if (form) form.dataset.saving = "1";
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = autosaveForm(event);
    if (!form) return;
    delete form.dataset.saving;
    if (form.dataset.submitAfterSave) {
      delete form.dataset.submitAfterSave;
      var submitter = form.pendingSubmitter;
      form.pendingSubmitter = null;
      // The button that was pressed goes along, so its name and value reach the server.
      if (submitter && submitter.form === form) {
        form.requestSubmit(submitter);
      } else {
        form.requestSubmit();
      }
    }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.matches("form[data-save-failed]") && form.dataset.saving) {
      event.preventDefault();
      event.stopPropagation();
      form.dataset.submitAfterSave = "1";
      form.pendingSubmitter = event.submitter || null;
    }
  }, true);
  document.addEventListener("htmx:sendError", saveFailed);
  document.addEventListener("htmx:responseError", saveFailed);
  // "Choose all" / "Choose none" above a list of check boxes (the export's field chooser).
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-check-all]");
    if (!button) return;
    var boxes = button.form.querySelectorAll('input[type="checkbox"][name="' + button.dataset.checkAll + '"]');
    boxes.forEach(function (box) { box.checked = button.dataset.checked === "true"; });
  });
})();
