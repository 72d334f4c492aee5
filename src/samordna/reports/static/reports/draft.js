// Drafts: the report form's content is kept on this device while the person types, so a
// dropped connection or a closed tab loses nothing. A draft carries its client_uuid, so
// sending a restored draft twice still files one report. The thank-you page clears it.
(function () {
  "use strict";

  var MAX_AGE_MS = 7 * 24 * 3600 * 1000;
  var storage;
  try {
    storage = window.localStorage;
    storage.setItem("samordna:probe", "1");
    storage.removeItem("samordna:probe");
  } catch (e) {
    return; // private mode or storage switched off: the form still works, without drafts
  }

  var cleared = document.querySelector("[data-draft-clear]");
  if (cleared) storage.removeItem(cleared.dataset.draftClear);

  var form = document.querySelector("[data-report-form][data-draft-key]");
  if (!form) return;
  var prefix = form.dataset.draftKey;
  var uuidInput = form.querySelector("input[name='client_uuid']");
  var note = form.querySelector("[data-draft-note]");
  var discard = form.querySelector("[data-draft-discard]");
  var PICK = "samordna:utkastval";
  var SKIP = /^(csrfmiddlewaretoken|client_uuid|.*-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS)$/;

  function read(key) {
    try { return JSON.parse(storage.getItem(key)); } catch (e) { return null; }
  }

  // Every other draft on this device, newest first (expired ones are dropped).
  function otherDrafts() {
    var found = [];
    var keys = [];
    for (var i = 0; i < storage.length; i++) keys.push(storage.key(i));
    keys.forEach(function (key) {
      if (key.indexOf(prefix) !== 0 || key === prefix + uuidInput.value) return;
      var draft = read(key);
      if (!draft || Date.now() - draft.savedAt > MAX_AGE_MS) { storage.removeItem(key); return; }
      found.push(draft);
    });
    return found.sort(function (a, b) { return b.savedAt - a.savedAt; });
  }

  // What a draft is about, as the reporter will recognise it: category and time.
  function describe(draft) {
    var select = form.querySelector("select[name$='-category']");
    var value = draft.values[select ? select.name : ""];
    var option = select && value ? select.querySelector("option[value='" + value + "']") : null;
    var when = new Date(draft.savedAt).toLocaleString("sv-SE", { weekday: "short", hour: "2-digit", minute: "2-digit" });
    return (option ? option.text : form.dataset.textDraftUntitled || "?") + " · " + when;
  }

  // The other drafts as buttons; choosing one opens the form again with that draft.
  function offer(drafts) {
    var list = form.querySelector("[data-draft-list]");
    if (!list || !drafts.length) return;
    drafts.slice(0, 5).forEach(function (draft) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button button--small button--secondary";
      button.textContent = describe(draft);
      button.addEventListener("click", function () {
        try { window.sessionStorage.setItem(PICK, draft.uuid); } catch (e) { /* no choice kept */ }
        window.location.assign(window.location.pathname);
      });
      list.appendChild(button);
    });
    list.hidden = false;
  }

  function values() {
    var out = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || SKIP.test(el.name) || el.type === "submit" || el.type === "button") return;
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) return;
      out[el.name] = el.value;
    });
    return out;
  }

  function save() {
    var draft = {
      uuid: uuidInput.value,
      savedAt: Date.now(),
      blocks: form.querySelectorAll("[data-observation]").length,
      values: values(),
    };
    try { storage.setItem(prefix + draft.uuid, JSON.stringify(draft)); } catch (e) { /* full */ }
  }

  function restore(draft) {
    var add = form.querySelector("[data-add-observation]");
    // Only report_form.js's handler adds a block in place; without it a click would post.
    while (form.dataset.enhanced && form.querySelectorAll("[data-observation]").length < draft.blocks) add.click();
    uuidInput.value = draft.uuid;
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || SKIP.test(el.name) || el.type === "submit" || el.type === "button") return;
      var value = draft.values[el.name];
      // A radio group the draft says nothing about (a draft from before the field
      // existed) keeps the page's prefilled answer.
      if (el.type === "radio") { if (value !== undefined) el.checked = value === el.value; }
      else if (el.type === "checkbox") el.checked = value === el.value;
      else if (value !== undefined) el.value = value;
    });
    form.querySelector("[data-draft-status]").textContent = form.dataset.textDraftRestored;
    discard.hidden = false;
  }

  note.hidden = false;
  // A draft under this page's own id means the server sent the form back (errors, or
  // the no-JS "add" button): what the page shows is newer. Otherwise offer the last one.
  // The reporter may pick another of the drafts (kept for this tab only, once).
  var picked = null;
  try { picked = window.sessionStorage.getItem(PICK); window.sessionStorage.removeItem(PICK); } catch (e) { /* none */ }
  var others = otherDrafts();
  var draft = null;
  if (!storage.getItem(prefix + uuidInput.value)) {
    draft = others.filter(function (d) { return d.uuid === picked; })[0] || others[0] || null;
  }
  if (draft) restore(draft);
  offer(others.filter(function (d) { return d !== draft; }));

  var timer = null;
  function later() {
    clearTimeout(timer);
    timer = setTimeout(save, 300);
  }
  form.addEventListener("input", later);
  form.addEventListener("change", later);
  form.addEventListener("samordna:block-added", later);

  discard.addEventListener("click", function () {
    storage.removeItem(prefix + uuidInput.value);
    window.location.assign(window.location.pathname);
  });
})();
