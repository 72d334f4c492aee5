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
  var SKIP = /^(csrfmiddlewaretoken|client_uuid|.*-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS)$/;

  function read(key) {
    try { return JSON.parse(storage.getItem(key)); } catch (e) { return null; }
  }

  function newestOtherDraft() {
    var best = null;
    for (var i = 0; i < storage.length; i++) {
      var key = storage.key(i);
      if (key.indexOf(prefix) !== 0 || key === prefix + uuidInput.value) continue;
      var draft = read(key);
      if (!draft || Date.now() - draft.savedAt > MAX_AGE_MS) { storage.removeItem(key); continue; }
      if (!best || draft.savedAt > best.savedAt) best = draft;
    }
    return best;
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
      if (el.type === "radio" || el.type === "checkbox") el.checked = value === el.value;
      else if (value !== undefined) el.value = value;
    });
    form.querySelector("[data-draft-status]").textContent = form.dataset.textDraftRestored;
    discard.hidden = false;
  }

  note.hidden = false;
  // A draft under this page's own id means the server sent the form back (errors, or
  // the no-JS "add" button): what the page shows is newer. Otherwise offer the last one.
  var draft = storage.getItem(prefix + uuidInput.value) ? null : newestOtherDraft();
  if (draft) restore(draft);

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
