// The report form's service worker: the form opens without network.
//
// Served by reports.views.service_worker at /rapportera/sw.js, so its scope is
// /rapportera/ and nothing outside it. What it keeps (one cache, replaced on a new
// VERSION):
//   - the form page itself, GET /rapportera/ (the "shell"), refreshed every time the
//     form is opened online, and deleted when opening it online no longer gives the
//     form (signed out: the server redirects to the sign-in page);
//   - our own static files (/static/...) that the form uses.
// Nothing else: no other page, no API response, no POST. Posting a report is the
// page's business (outbox.js), which queues it while offline.
//
// A small script of our own rather than Workbox: two routes (network first for one
// page, stale-while-revalidate for static files) fit in this file, and a library would need
// vendoring, updating and its own review for that.
"use strict";

var VERSION = "samordna-rapport-v1";
var SHELL = "/rapportera/";
// The static files the shell refers to: scripts, styles, Leaflet (loaded on demand).
var STATIC_IN_HTML = /(?:src|href|data-leaflet-js|data-leaflet-css)="(\/static\/[^"]+)"/g;

function staticUrls(html) {
  var urls = [];
  var match;
  STATIC_IN_HTML.lastIndex = 0;
  while ((match = STATIC_IN_HTML.exec(html))) {
    if (urls.indexOf(match[1]) < 0) urls.push(match[1]);
  }
  return urls;
}

// Keep a fresh copy of the shell and of the static files it names.
function keepShell(response) {
  return caches.open(VERSION).then(function (cache) {
    if (!response.ok || response.redirected || response.type !== "basic") {
      return cache.delete(SHELL); // signed out or refused: keep no form around
    }
    return cache.put(SHELL, response.clone()).then(function () {
      return response.text();
    }).then(function (html) {
      return Promise.all(staticUrls(html).map(function (url) {
        return cache.match(url).then(function (hit) { return hit || cache.add(url); });
      }));
    });
  });
}

self.addEventListener("install", function (event) {
  event.waitUntil(
    fetch(SHELL, { credentials: "same-origin" })
      .then(keepShell)
      .catch(function () { /* offline while installing: the next visit fills the cache */ })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (k) { return k !== VERSION; }).map(function (k) {
        return caches.delete(k);
      }));
    }).then(function () { return self.clients.claim(); })
  );
});

// A form opened from the cache gets a new client UUID: the cached one may belong to a
// report that was already sent, and the server would take a new one for that report.
function withNewUuid(response) {
  return response.text().then(function (html) {
    var old = /name="client_uuid" value="([0-9a-f-]{36})"/.exec(html);
    if (old) html = html.split(old[1]).join(self.crypto.randomUUID());
    return new Response(html, {
      status: 200,
      headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
    });
  });
}

function openForm(request) {
  return fetch(request).then(function (response) {
    keepShell(response.clone()).catch(function () {});
    return response;
  }).catch(function () {
    return caches.match(SHELL).then(function (hit) {
      if (hit) return withNewUuid(hit);
      return Response.error();
    });
  });
}

// Static file names carry no hash: answer from the cache at once (offline too) and
// refresh the copy behind it, so a new version is used from the next visit on.
function staticFile(request) {
  return caches.open(VERSION).then(function (cache) {
    return cache.match(request).then(function (hit) {
      var fresh = fetch(request).then(function (response) {
        if (response.ok) cache.put(request, response.clone());
        return response;
      });
      if (!hit) return fresh;
      fresh.catch(function () {});
      return hit;
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && url.pathname === SHELL) {
    event.respondWith(openForm(request));
  } else if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(staticFile(request));
  }
  // Everything else goes to the network as if there were no service worker.
});
