// The portal's one editor: every form with data-editor saves what people type, and loses nothing.
//
// - Each field has the revision this page holds (`_revisions`); a save names the fields it
//   changes (`_fields`). The server answers in JSON (portal/editing.py).
// - Unsaved text lives in localStorage (per user, page and field) until the server confirms
//   it, and is put back when the page opens again.
// - Failed saves are retried with backoff, and at once when the browser is online again.
// - A conflict stays until the person chooses: keep mine, take the saved text, or both.
// - Logged out: say so, link to the login in a new tab, and save once logged in again.
// - The buttons save through the same path; a failure never navigates away.
// Without JavaScript the form posts as a normal form.
(function () {
  "use strict";

  var STORE = "samenspel:editor:";
  var HEADER = "X-Samenspel-Editor";
  var RETRY = [2, 4, 8, 15, 30, 60];
  var texts = {};

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_m, key) { return values[key]; });
  }

  function store() {
    try { return window.localStorage; } catch (e) { return null; }
  }

  function Editor(form) {
    this.form = form;
    this.url = form.dataset.editor;
    this.user = form.dataset.editorUser || "";
    this.key = STORE + this.user + ":" + form.dataset.editorKey;
    this.status = form.querySelector("#save-status");
    this.presence = form.querySelector("[data-editor-presence]");
    this.notice = form.querySelector("[data-editor-notice]");
    this.revisionsInput = form.querySelector("input[name='_revisions']");
    this.editorInput = form.querySelector("input[name='_editor']");
    this.base = JSON.parse(this.revisionsInput.value || "{}");
    this.confirmed = {};
    this.conflicts = {};
    this.inFlight = false;
    this.again = false;
    this.failures = 0;
    this.timer = null;
    this.loggedOut = false;
    this.finalAction = null;
    this.csrf = (form.querySelector("input[name='csrfmiddlewaretoken']") || {}).value || "";
    this.editorId = this.tabEditorId();
    var self = this;
    this.names().forEach(function (name) { self.confirmed[name] = self.read(name); });
    this.restore();
    this.listen();
    this.heartbeat();
  }

  // One id per page in one tab: a reload or Back in the same tab keeps it; another tab has its own.
  Editor.prototype.tabEditorId = function () {
    var id = this.editorInput.value;
    try {
      var key = "samenspel:editor-id:" + this.form.dataset.editorKey;
      id = window.sessionStorage.getItem(key) || id;
      window.sessionStorage.setItem(key, id);
    } catch (e) { /* no sessionStorage: the page's own id */ }
    this.editorInput.value = id;
    return id;
  };

  // --- Fields ---------------------------------------------------------------------------------
  Editor.prototype.inputs = function () {
    return Array.prototype.filter.call(this.form.elements, function (input) {
      return input.name && input.name.charAt(0) !== "_" && input.name !== "csrfmiddlewaretoken" &&
        input.type !== "file" && input.type !== "submit" && input.type !== "button" &&
        input.type !== "hidden" && input.name !== "new_theme" &&
        !input.closest("[data-editor-ignore]");
    });
  };
  Editor.prototype.fieldOf = function (input) { return input.dataset.editorField || input.name; };
  Editor.prototype.names = function () {
    var seen = [];
    var self = this;
    this.inputs().forEach(function (input) {
      var name = self.fieldOf(input);
      if (seen.indexOf(name) === -1) seen.push(name);
    });
    return seen;
  };
  Editor.prototype.inputsOf = function (name) {
    var self = this;
    return this.inputs().filter(function (input) { return self.fieldOf(input) === name; });
  };
  // A field's value as [[input name, value], ...]: what the form would send for it.
  Editor.prototype.pairs = function (name) {
    var pairs = [];
    this.inputsOf(name).forEach(function (input) {
      if ((input.type === "checkbox" || input.type === "radio") && !input.checked) return;
      if (input.tagName === "SELECT" && input.multiple) {
        Array.prototype.forEach.call(input.selectedOptions, function (option) {
          pairs.push([input.name, option.value]);
        });
        return;
      }
      pairs.push([input.name, input.value]);
    });
    return pairs;
  };
  Editor.prototype.read = function (name) { return JSON.stringify(this.pairs(name)); };
  Editor.prototype.writePairs = function (name, pairs) {
    this.inputsOf(name).forEach(function (input) {
      var mine = pairs.filter(function (pair) { return pair[0] === input.name; })
        .map(function (pair) { return pair[1]; });
      if (input.type === "checkbox" || input.type === "radio") {
        input.checked = mine.indexOf(input.value) !== -1;
      } else if (input.tagName === "SELECT" && input.multiple) {
        Array.prototype.forEach.call(input.options, function (option) {
          option.selected = mine.indexOf(option.value) !== -1;
        });
      } else {
        input.value = mine.length ? mine.shift() : "";
      }
    });
    this.form.dispatchEvent(new Event("editor:changed", { bubbles: true }));
  };
  // A value from the server (a string, or a list for choices) into a single-input field.
  Editor.prototype.writeValue = function (name, value) {
    var values = Array.isArray(value) ? value : [value];
    var inputs = this.inputsOf(name);
    var pairs = [];
    inputs.forEach(function (input) {
      if (input.type === "checkbox" || input.type === "radio") {
        if (values.indexOf(input.value) !== -1) pairs.push([input.name, input.value]);
      }
    });
    if (!pairs.length && inputs.length && inputs[0].type !== "checkbox" && inputs[0].type !== "radio") {
      pairs.push([inputs[0].name, values.length ? String(values[0]) : ""]);
    }
    this.writePairs(name, pairs);
  };
  Editor.prototype.dirty = function () {
    var self = this;
    return this.names().filter(function (name) {
      return !self.conflicts[name] && self.read(name) !== self.confirmed[name];
    });
  };
  Editor.prototype.unsaved = function () {
    return this.dirty().length > 0 || Object.keys(this.conflicts).length > 0;
  };

  // --- Kept in the browser --------------------------------------------------------------------
  Editor.prototype.keep = function () {
    var storage = store();
    if (!storage) return;
    var self = this;
    var fields = {};
    this.names().forEach(function (name) {
      if (self.read(name) !== self.confirmed[name] || self.conflicts[name]) {
        fields[name] = { pairs: self.pairs(name), base: self.base[name] || 0 };
      }
    });
    try {
      if (Object.keys(fields).length) {
        storage.setItem(this.key, JSON.stringify({
          editor: this.editorId, fields: fields, hidden: this.hiddenState(), at: Date.now()
        }));
      } else {
        storage.removeItem(this.key);
      }
    } catch (e) { /* storage full: the page keeps the text */ }
  };
  Editor.prototype.restore = function () {
    var storage = store();
    var kept = null;
    try { kept = storage && JSON.parse(storage.getItem(this.key) || "null"); } catch (e) { kept = null; }
    if (!kept || !kept.fields) return;
    var self = this;
    var restored = 0;
    Object.keys(kept.fields).forEach(function (name) {
      if (!self.inputsOf(name).length) return;
      var field = kept.fields[name];
      if (JSON.stringify(field.pairs) === self.read(name)) return;
      self.writePairs(name, field.pairs);
      // Saved from the revision it was typed on: a newer one by someone else is a conflict.
      self.base[name] = field.base;
      restored += 1;
    });
    Object.keys(kept.hidden || {}).forEach(function (name) {
      var input = self.form.querySelector("input[type='hidden'][data-editor-keep][name='" + name + "']");
      if (input && !input.value) input.value = kept.hidden[name];
    });
    if (kept.editor) {
      this.editorId = kept.editor;
      this.editorInput.value = kept.editor;
    }
    if (restored) {
      this.showNotice(texts.restored);
      this.schedule(300);
    }
  };

  // --- Saving ---------------------------------------------------------------------------------
  Editor.prototype.schedule = function (delay) {
    var self = this;
    clearTimeout(this.timer);
    this.timer = setTimeout(function () { self.save(); }, delay);
  };
  Editor.prototype.say = function (text, level) {
    if (!this.status) return;
    this.status.textContent = text;
    this.status.className = "small " + (level === "error" ? "text-danger fw-bold" :
      level === "warning" ? "text-warning-emphasis" : level === "ok" ? "text-success" : "");
  };
  Editor.prototype.showNotice = function (text) {
    if (!this.notice) return;
    this.notice.textContent = text;
    this.notice.hidden = false;
  };
  Editor.prototype.body = function (names, extra) {
    var data = new FormData();
    var self = this;
    data.append("csrfmiddlewaretoken", this.csrf);
    data.append("_editor", this.editorId);
    data.append("_user", this.user);
    data.append("_revisions", JSON.stringify(this.base));
    data.append("_fields", JSON.stringify(names));
    // The page's own hidden fields (a draft's id) go along with every save.
    this.form.querySelectorAll("input[type='hidden']").forEach(function (input) {
      if (input.name && input.name.charAt(0) !== "_" && input.name !== "csrfmiddlewaretoken") {
        data.append(input.name, input.value);
      }
    });
    var sent = {};
    names.forEach(function (name) {
      var pairs = self.pairs(name);
      sent[name] = JSON.stringify(pairs);
      pairs.forEach(function (pair) { data.append(pair[0], pair[1]); });
    });
    Object.keys(extra || {}).forEach(function (key) { data.append(key, extra[key]); });
    return { data: data, sent: sent };
  };
  Editor.prototype.save = function (extra) {
    if (this.inFlight) { this.again = true; return Promise.resolve(); }
    clearTimeout(this.timer);
    var names = this.dirty();
    var action = this.finalAction;
    if (!names.length && !extra && !action) return Promise.resolve();
    var request = this.body(names, Object.assign({}, extra || {}, action ? { _action: action } : {}));
    this.inFlight = true;
    if (names.length || action) this.say(texts.saving, "");
    var self = this;
    var headers = {};
    headers[HEADER] = "1";
    headers["X-CSRFToken"] = this.csrf;
    return fetch(this.url, {
      method: "POST", body: request.data, headers: headers, credentials: "same-origin",
      redirect: "manual", cache: "no-store"
    }).then(function (response) {
      if (response.type === "opaqueredirect" || response.status === 401) return self.onLoggedOut(response);
      if (response.status === 403) {
        return response.json().catch(function () { return {}; }).then(function (answer) {
          if (answer.status === "csrf") return self.refreshSession(true);
          if (answer.status === "refused") { self.onAnswer(answer, {}, false); return; }
          throw new Error("forbidden");
        });
      }
      if (response.status >= 500) throw new Error("server " + response.status);
      return response.json().then(function (answer) {
        self.failures = 0;
        self.onAnswer(answer, request.sent, response.ok);
      });
    }).catch(function () {
      self.onFailure();
    }).then(function () {
      self.inFlight = false;
      self.keep();
      if (self.loggedOut || self.failures) return;
      if (self.again) { // typed while the save was on its way
        self.again = false;
        self.schedule(400);
      } else if (self.nativeAfterSave) {
        self.submitNatively();
      }
    });
  };
  Editor.prototype.retryDelay = function () {
    return RETRY[Math.min(this.failures - 1, RETRY.length - 1)];
  };
  Editor.prototype.onFailure = function () {
    this.failures += 1;
    var seconds = this.retryDelay();
    this.say(format(navigator.onLine === false ? texts.offline : texts.failed, { seconds: seconds }), "error");
    this.schedule(seconds * 1000);
  };
  Editor.prototype.onAnswer = function (answer, sent, ok) {
    var self = this;
    if (answer.status === "refused") {
      this.finalAction = null;
      this.say(answer.message, "error");
      return;
    }
    Object.keys(answer.revisions || {}).forEach(function (name) {
      if (self.conflicts[name] || (answer.conflicts || {})[name]) return;
      self.base[name] = answer.revisions[name];
    });
    // What was sent and neither refused nor in conflict is stored: the browser may forget it.
    Object.keys(sent).forEach(function (name) {
      if ((answer.conflicts || {})[name] || (answer.errors || {})[name]) return;
      self.confirmed[name] = sent[name];
    });
    Object.keys(answer.hidden || {}).forEach(function (name) {
      var input = self.form.querySelector("input[type='hidden'][name='" + name + "']");
      if (input) input.value = answer.hidden[name];
    });
    this.revisionsInput.value = JSON.stringify(this.base);
    Object.keys(answer.updates || {}).forEach(function (name) {
      var update = answer.updates[name];
      if (self.conflicts[name] || !self.inputsOf(name).length) return;
      if (self.read(name) !== self.confirmed[name]) return; // being edited here: the save decides
      var before = self.read(name);
      self.writeValue(name, update.value);
      self.confirmed[name] = self.read(name);
      self.base[name] = update.revision;
      if (before !== self.confirmed[name]) self.showNotice(format(texts.updated, { name: update.by }));
    });
    this.revisionsInput.value = JSON.stringify(this.base);
    Object.keys(answer.conflicts || {}).forEach(function (name) { self.showConflict(name, answer.conflicts[name]); });
    this.showErrors(answer.errors || {}, Boolean(this.finalAction));
    if (answer.files) this.showFiles(answer.files);
    var warning = document.getElementById("budget-warning");
    if (warning && answer.warning !== undefined) warning.hidden = !answer.warning;
    if (this.presence) {
      this.presence.textContent = (answer.others || []).length ?
        format(texts.others, { names: answer.others.join(", ") }) : "";
    }
    if (answer.message && (Object.keys(sent).length || this.finalAction || answer.status !== "saved")) {
      this.say(answer.message, answer.level);
    }
    if (this.nativeAfterSave && (answer.status !== "saved" || this.unsaved())) {
      this.nativeAfterSave = false;
      this.focusFirstProblem();
    }
    if (this.finalAction && ok && answer.status !== "refused") {
      this.finalAction = null;
      if (answer.next_url && !this.unsaved()) {
        this.inFlight = false;
        window.location.assign(answer.next_url);
        return;
      }
      if (this.unsaved() || answer.status !== "saved") this.focusFirstProblem();
    }
  };

  // --- Conflicts ------------------------------------------------------------------------------
  Editor.prototype.containerOf = function (name) {
    var group = this.form.querySelector("[data-editor-container='" + name + "']");
    if (group) return group;
    var input = this.inputsOf(name)[0] || this.fileInput(name);
    return input && (input.closest(".question, .editor-field, fieldset, .mb-3") || input.parentNode);
  };
  Editor.prototype.showConflict = function (name, conflict) {
    var self = this;
    this.conflicts[name] = conflict;
    var container = this.containerOf(name);
    if (!container) return;
    var panel = container.querySelector(".editor-conflict[data-field='" + name + "']");
    if (!panel) {
      panel = document.createElement("div");
      panel.className = "editor-conflict alert alert-warning mt-2";
      panel.dataset.field = name;
      panel.setAttribute("role", "group");
      container.appendChild(panel);
    }
    panel.innerHTML = "";
    var intro = document.createElement("p");
    intro.className = "fw-bold";
    intro.id = "conflict-" + name;
    intro.textContent = format(conflict.by_you ? texts.conflict_you : texts.conflict_intro,
      { name: conflict.by, time: conflict.at });
    panel.setAttribute("aria-labelledby", intro.id);
    var label = document.createElement("p");
    label.className = "mb-1";
    label.textContent = texts.theirs;
    var theirs = document.createElement("blockquote");
    theirs.className = "editor-theirs border-start ps-2";
    theirs.textContent = conflict.display;
    var mine = document.createElement("p");
    mine.className = "small";
    mine.textContent = texts.mine_is_above;
    var buttons = document.createElement("div");
    buttons.className = "d-flex flex-wrap gap-2";
    var own = this.inputsOf(name);
    var isText = own.length === 1 && (own[0].tagName === "TEXTAREA" || own[0].type === "text");
    [["mine", texts.keep_mine], ["theirs", texts.take_theirs]].concat(isText ? [["both", texts.edit_both]] : [])
      .forEach(function (choice) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "btn btn-sm " + (choice[0] === "mine" ? "btn-primary" : "btn-outline-primary");
        button.textContent = choice[1];
        button.addEventListener("click", function () { self.resolve(name, choice[0]); });
        buttons.appendChild(button);
      });
    [intro, label, theirs, mine, buttons].forEach(function (node) { panel.appendChild(node); });
    this.inputsOf(name).forEach(function (input) { input.setAttribute("aria-describedby", intro.id); });
  };
  Editor.prototype.resolve = function (name, choice) {
    var conflict = this.conflicts[name];
    if (!conflict) return;
    delete this.conflicts[name];
    this.base[name] = conflict.revision;
    var container = this.containerOf(name);
    var panel = container && container.querySelector(".editor-conflict[data-field='" + name + "']");
    if (panel) panel.remove();
    var first = this.inputsOf(name)[0];
    this.inputsOf(name).forEach(function (input) { input.removeAttribute("aria-describedby"); });
    if (choice === "theirs" && conflict.value === null) { // many inputs (budget lines): reload
      this.confirmed[name] = this.read(name);
      this.keep();
      this.submitting = true;
      window.location.reload();
      return;
    }
    if (choice === "theirs") {
      this.writeValue(name, conflict.value);
      this.confirmed[name] = this.read(name);
    } else if (choice === "both") {
      var text = first.value;
      first.value = conflict.display + "\n\n" + text;
      this.confirmed[name] = null;
      first.focus();
    } else {
      this.confirmed[name] = null; // mine: save it over the newer revision, now seen
    }
    this.revisionsInput.value = JSON.stringify(this.base);
    this.keep();
    if (choice !== "both") this.schedule(50);
  };

  // --- Errors and files -----------------------------------------------------------------------
  Editor.prototype.showErrors = function (errors, summary) {
    var self = this;
    this.form.querySelectorAll(".editor-error").forEach(function (node) {
      if (node.dataset.file && !errors[node.dataset.file] && errors.__upload__ === undefined) return;
      node.remove();
    });
    this.inputs().forEach(function (input) {
      if (input.dataset.editorError) {
        input.removeAttribute("aria-invalid");
        input.classList.remove("is-invalid");
        delete input.dataset.editorError;
      }
    });
    var old = document.querySelector("[data-editor-summary]");
    if (old) old.remove();
    var names = Object.keys(errors).filter(function (name) { return name !== "__upload__"; });
    names.forEach(function (name) {
      var container = self.containerOf(name) || self.form;
      var error = document.createElement("div");
      error.className = "editor-error invalid-feedback d-block";
      error.id = "editor-error-" + name;
      error.textContent = errors[name].join(" ");
      if (self.fileInput(name)) error.dataset.file = name; // stays until the next upload
      container.appendChild(error);
      self.inputsOf(name).concat(self.fileInput(name) ? [self.fileInput(name)] : []).forEach(function (input) {
        input.setAttribute("aria-invalid", "true");
        input.classList.add("is-invalid");
        input.setAttribute("aria-describedby", error.id);
        input.dataset.editorError = "1";
      });
    });
    if (summary && names.length) {
      var box = document.createElement("div");
      box.className = "alert alert-danger";
      box.setAttribute("role", "alert");
      box.tabIndex = -1;
      box.dataset.editorSummary = "1";
      var intro = document.createElement("p");
      intro.textContent = texts.errors;
      var list = document.createElement("ul");
      names.forEach(function (name) {
        var input = self.inputsOf(name)[0] || self.fileInput(name);
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = "#" + (input ? input.id : "");
        var label = input && self.form.querySelector("label[for='" + input.id + "'], legend");
        link.textContent = (label ? label.textContent.trim() + ": " : "") + errors[name].join(" ");
        item.appendChild(link);
        list.appendChild(item);
      });
      box.appendChild(intro);
      box.appendChild(list);
      this.form.parentNode.insertBefore(box, this.form);
      box.focus();
    }
  };
  Editor.prototype.focusFirstProblem = function () {
    var summary = document.querySelector("[data-editor-summary]");
    var conflict = this.form.querySelector(".editor-conflict button");
    (summary || conflict || this.status).focus && (summary || conflict || this.status).focus();
  };
  Editor.prototype.fileInput = function (name) {
    return this.form.querySelector("input[type='file'][name='" + name + "']");
  };
  Editor.prototype.showFiles = function (files) {
    var self = this;
    Object.keys(files).forEach(function (name) {
      var list = self.form.querySelector("[data-file-list='" + name + "']");
      if (!list) return;
      list.innerHTML = "";
      files[name].forEach(function (file) {
        var item = document.createElement("li");
        item.className = "d-flex gap-2 align-items-center mb-1";
        var link = document.createElement("a");
        link.href = file.url;
        link.textContent = file.name;
        var button = document.createElement("button");
        button.type = "submit";
        button.name = "remove_file";
        button.value = file.id;
        button.formNoValidate = true;
        button.className = "btn btn-outline-danger btn-sm";
        button.textContent = texts.remove;
        var hidden = document.createElement("span");
        hidden.className = "visually-hidden";
        hidden.textContent = ": " + file.name;
        button.appendChild(hidden);
        item.appendChild(link);
        item.appendChild(button);
        list.appendChild(item);
      });
    });
  };
  Editor.prototype.upload = function (input) {
    if (!input.files.length) return;
    var extra = {};
    var file = input.files[0];
    var self = this;
    var request = this.body([], {});
    request.data.append(input.name, file, file.name);
    this.say(texts.saving, "");
    var headers = {};
    headers[HEADER] = "1";
    headers["X-CSRFToken"] = this.csrf;
    fetch(this.url, { method: "POST", body: request.data, headers: headers, credentials: "same-origin", redirect: "manual" })
      .then(function (response) {
        if (response.type === "opaqueredirect" || response.status === 401) return self.onLoggedOut(response);
        if (!response.ok && response.status !== 409) throw new Error("upload " + response.status);
        return response.json().then(function (answer) {
          answer.errors = Object.assign({ __upload__: true }, answer.errors || {});
          self.onAnswer(answer, extra, true);
          if (!(answer.errors || {})[input.name]) {
            input.value = "";
            self.say(format(texts.file_saved, { name: file.name }), "ok");
          }
        });
      })
      .catch(function () { self.say(format(texts.failed, { seconds: RETRY[0] }), "error"); });
  };

  // --- Logged out -----------------------------------------------------------------------------
  Editor.prototype.onLoggedOut = function (response) {
    var self = this;
    this.loggedOut = true;
    var loginUrl = "/accounts/login/?next=/editor/weer-ingelogd/";
    var done = function () {
      self.say(texts.logged_out, "error");
      if (self.status && !self.status.querySelector("a")) {
        var link = document.createElement("a");
        link.href = loginUrl;
        link.target = "_blank";
        link.rel = "opener";
        link.className = "ms-2";
        link.textContent = texts.log_in;
        self.status.appendChild(document.createTextNode(" "));
        self.status.appendChild(link);
      }
      clearTimeout(self.timer);
      self.timer = setTimeout(function () { self.refreshSession(false); }, 5000);
    };
    if (response && response.status === 401) {
      return response.json().then(function (answer) {
        loginUrl = answer.login_url || loginUrl;
        done();
      }).catch(done);
    }
    done();
  };
  // Logged in again (in another tab)? Then take the new CSRF token and save what waits.
  Editor.prototype.refreshSession = function (retry) {
    var self = this;
    var headers = {};
    headers[HEADER] = "1";
    return fetch(this.form.dataset.editorSession, { headers: headers, credentials: "same-origin", cache: "no-store", redirect: "manual" })
      .then(function (response) {
        if (response.status !== 200) throw new Error("logged out");
        return response.json();
      })
      .then(function (answer) {
        if (String(answer.user) !== String(self.user)) throw new Error("someone else");
        self.csrf = answer.csrf;
        self.form.querySelectorAll("input[name='csrfmiddlewaretoken']").forEach(function (input) {
          input.value = answer.csrf;
        });
        var wasOut = self.loggedOut;
        self.loggedOut = false;
        if (wasOut) self.say(texts.signed_in, "ok");
        self.inFlight = false;
        if (wasOut || retry) self.schedule(50);
      })
      .catch(function () {
        if (!self.loggedOut) { self.onLoggedOut(null); return; }
        clearTimeout(self.timer);
        self.timer = setTimeout(function () { self.refreshSession(false); }, 5000);
      });
  };

  // Everything is stored: now the form goes as a normal form (its view shares the draft).
  Editor.prototype.submitNatively = function () {
    this.nativeAfterSave = false;
    this.submitting = true;
    this.revisionsInput.value = JSON.stringify(this.base);
    this.form.submit();
  };

  Editor.prototype.hiddenState = function () {
    var state = {};
    this.form.querySelectorAll("input[type='hidden'][data-editor-keep]").forEach(function (input) {
      state[input.name] = input.value;
    });
    return state;
  };

  Editor.prototype.heartbeat = function () {
    var self = this;
    setInterval(function () {
      if (document.visibilityState === "visible" && !self.inFlight && !self.loggedOut && !self.failures) {
        self.save({ _heartbeat: "1" });
      }
    }, 20000);
  };

  // --- Events ---------------------------------------------------------------------------------
  Editor.prototype.listen = function () {
    var self = this;
    var typed = function () {
      self.keep();
      if (self.loggedOut) return;
      if (!self.failures) self.say(texts.unsaved, "");
      if (!self.failures) self.schedule(1200);
    };
    this.form.addEventListener("input", function (event) {
      if (event.target.type === "file") return;
      typed();
    });
    this.form.addEventListener("change", function (event) {
      if (event.target.type === "file") { // a file list of its own: upload now; else with the form
        if (self.form.querySelector("[data-file-list='" + event.target.name + "']")) self.upload(event.target);
        return;
      }
      typed();
    });
    this.form.addEventListener("submit", function (event) {
      var submitter = event.submitter;
      if (submitter && submitter.getAttribute("formaction")) return; // its own address (help comments)
      event.preventDefault();
      if (submitter && submitter.name === "remove_file") {
        self.save({ remove_file: submitter.value });
        return;
      }
      if (self.form.dataset.editorFinal === "native") { // save here, then send the form itself
        self.nativeAfterSave = true;
        if (self.inFlight) { self.again = true; return; }
        if (!self.dirty().length) { self.submitNatively(); return; }
        self.save();
        return;
      }
      self.finalAction = submitter && submitter.name === "next" ? "next" : "save";
      self.again = false;
      if (self.inFlight) { self.again = true; return; }
      self.save();
    });
    window.addEventListener("online", function () {
      if (self.unsaved() || self.failures) { self.failures = 0; self.schedule(0); }
    });
    window.addEventListener("beforeunload", function (event) {
      if (self.submitting) return;
      if (self.unsaved() || self.inFlight) {
        self.keep();
        event.preventDefault();
        event.returnValue = texts.leave;
        return texts.leave;
      }
    });
    window.addEventListener("storage", function (event) {
      if (event.key === "samenspel:signed-in" && self.loggedOut) self.refreshSession(false);
    });
    window.addEventListener("pageshow", function (event) {
      if (event.persisted && self.dirty().length) self.schedule(100); // back from the bfcache
    });
  };

  document.addEventListener("DOMContentLoaded", function () {
    var node = document.getElementById("editor-texts");
    if (node) texts = JSON.parse(node.textContent);
    document.querySelectorAll("form[data-editor]").forEach(function (form) {
      form.editor = new Editor(form);
    });
    // "Log out" on this computer: unsaved drafts in this browser go too.
    document.querySelectorAll("form[action$='/accounts/logout/']").forEach(function (form) {
      form.addEventListener("submit", function () {
        var storage = store();
        if (!storage) return;
        Object.keys(storage).forEach(function (key) {
          if (key.indexOf(STORE) === 0) storage.removeItem(key);
        });
      });
    });
  });
})();
