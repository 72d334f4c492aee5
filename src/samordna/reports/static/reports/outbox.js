// The outbox: reports written without network wait on this device and are sent, each
// with its own client UUID, when the network returns. The server files a UUID once,
// so a report sent twice (a retry after a dropped answer) is still one report.
//
// Also registers the service worker (sw.js) that lets the form open offline.
//
// Kept in localStorage under data-outbox-key (per user), newest first:
//   {uuid, queuedAt, label, body, draft, state: "waiting" | "arrived" | "problem", doneAt}
// body is the form as application/x-www-form-urlencoded, exactly what a normal submit
// posts; draft is what draft.js needs to put a refused report back into the form.
(function () {
  "use strict";

  var form = document.querySelector("[data-report-form][data-outbox-key]");
  if (!form) return;
  var KEY = form.dataset.outboxKey;
  var KEEP_MS = 7 * 24 * 3600 * 1000; // arrived reports stay listed for a week
  var box = document.querySelector("[data-outbox]");
  var list = box && box.querySelector("[data-outbox-list]");
  var uuidInput = form.querySelector("input[name='client_uuid']");
  var draftPrefix = form.dataset.draftKey || "";
  var sending = false;
  var storage;
  try { storage = window.localStorage; storage.length; } catch (e) { return; }

  if ("serviceWorker" in navigator && form.dataset.outboxSw) {
    navigator.serviceWorker.register(form.dataset.outboxSw, { scope: "/rapportera/" }).catch(function () {
      /* no service worker (e.g. plain http on another host): the form still works online */
    });
  }

  function load() {
    try { return JSON.parse(storage.getItem(KEY)) || []; } catch (e) { return []; }
  }

  function store(entries) {
    var now = Date.now();
    entries = entries.filter(function (e) { return e.state !== "arrived" || now - e.doneAt < KEEP_MS; });
    try { storage.setItem(KEY, JSON.stringify(entries.slice(0, 30))); } catch (e) { /* full */ }
    render(entries);
  }

  function newUuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function time(ms) {
    return new Date(ms).toLocaleString("sv-SE", { weekday: "short", hour: "2-digit", minute: "2-digit" });
  }

  function render(entries) {
    if (!box) return;
    box.hidden = entries.length === 0;
    list.textContent = "";
    entries.forEach(function (entry) {
      var item = document.createElement("li");
      item.className = "outbox__item outbox__item--" + entry.state;
      item.dataset.state = entry.state;
      var text = { waiting: form.dataset.textWaiting, arrived: form.dataset.textArrived, problem: form.dataset.textProblem }[entry.state];
      var when = entry.state === "arrived" ? entry.doneAt : entry.queuedAt;
      item.textContent = entry.label + " · " + time(when) + " – " + text;
      list.appendChild(item);
    });
  }

  // What the first block says: the chosen category, as the reporter will recognise it.
  function label() {
    var select = form.querySelector("select[name$='-category']");
    var option = select && select.options[select.selectedIndex];
    var blocks = form.querySelectorAll("[data-observation]").length;
    return (option && option.value ? option.text.replace(/^.* – /, "") : "?") + (blocks > 1 ? " (+" + (blocks - 1) + ")" : "");
  }

  function draftOf() {
    var values = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "submit" || el.type === "button" || /^(csrfmiddlewaretoken|client_uuid)$|_FORMS$/.test(el.name)) return;
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) return;
      values[el.name] = el.value;
    });
    return { uuid: uuidInput.value, savedAt: Date.now(), blocks: form.querySelectorAll("[data-observation]").length, values: values };
  }

  // An empty form for the next report: one block, the page's own defaults, a new UUID.
  function startOver() {
    var blocks = form.querySelectorAll("[data-observation]");
    for (var i = blocks.length - 1; i > 0; i--) blocks[i].remove();
    var total = form.querySelector("input[name$='-TOTAL_FORMS']");
    if (total) total.value = "1";
    form.reset();
    if (draftPrefix) storage.removeItem(draftPrefix + uuidInput.value);
    uuidInput.value = newUuid();
    blocks[0].dispatchEvent(new CustomEvent("samordna:reset"));
  }

  // "Nu" and "Tidigare idag" mean the moment of writing, not of sending: a queued
  // report says the date (and for "Nu" the time) itself, as "Annan dag" does.
  function pinnedInTime(data) {
    var params = new URLSearchParams(data);
    var now = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    var day = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
    Array.from(params.keys()).forEach(function (name) {
      var match = /^(.*-)when$/.exec(name);
      if (!match || (params.get(name) !== "now" && params.get(name) !== "today")) return;
      if (params.get(name) === "now") {
        params.set(match[1] + "time_from", pad(now.getHours()) + ":" + pad(now.getMinutes()));
        params.set(match[1] + "time_to", "");
      }
      params.set(match[1] + "date", day);
      params.set(name, "other");
    });
    return params;
  }

  function queue(event) {
    event.preventDefault();
    var entries = load();
    entries.unshift({
      uuid: uuidInput.value,
      queuedAt: Date.now(),
      label: label(),
      body: pinnedInTime(new FormData(form)).toString(),
      draft: draftOf(),
      state: "waiting",
    });
    store(entries);
    startOver();
    var status = form.querySelector("[data-draft-status]");
    if (status) status.textContent = form.dataset.textQueued;
    var heading = form.querySelector("[data-observation] h2");
    if (heading) heading.focus();
  }

  // Send the waiting reports one at a time, oldest first; stop at the first that
  // cannot reach the server (still offline), keep it waiting.
  function flush() {
    if (sending || navigator.onLine === false) return;
    var waiting = load().filter(function (e) { return e.state === "waiting"; });
    if (!waiting.length) return;
    sending = true;
    var entry = waiting[waiting.length - 1];
    fetch(form.getAttribute("action") || window.location.pathname, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: entry.body,
    }).then(function (response) {
      var entries = load();
      var mine = entries.filter(function (e) { return e.uuid === entry.uuid; })[0];
      if (!mine) return true;
      if (response.redirected && response.url.indexOf("/tack/") >= 0) {
        mine.state = "arrived";
      } else if (response.ok || (response.status >= 400 && response.status < 500)) {
        // The server sent the form back (an error, or "almost like one you sent"), or
        // refused it (signed out, another user's form): the report becomes a draft
        // again, for the reporter to look at. Sending it again would not help.
        mine.state = "problem";
        if (draftPrefix) {
          try { storage.setItem(draftPrefix + mine.uuid, JSON.stringify(mine.draft)); } catch (e) { /* full */ }
        }
      } else {
        return false; // the server is in trouble: try again later
      }
      mine.doneAt = Date.now();
      delete mine.body;
      store(entries);
      return true;
    }).catch(function () { return false; }).then(function (progressed) {
      sending = false;
      if (progressed) flush();
    });
  }

  // Drafts of reports already in the outbox are not drafts any more.
  load().forEach(function (e) {
    if (e.state !== "problem" && draftPrefix) storage.removeItem(draftPrefix + e.uuid);
  });
  // A form opened again for a UUID that was already queued gets a new one.
  if (load().some(function (e) { return e.uuid === uuidInput.value; })) uuidInput.value = newUuid();

  form.addEventListener("submit", function (event) {
    if (navigator.onLine === false && !event.defaultPrevented) queue(event);
  });
  window.addEventListener("online", flush);
  render(load());
  flush();
})();
