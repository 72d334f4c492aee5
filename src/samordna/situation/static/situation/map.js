// The picture's map: replaces the server-drawn SVG map with Leaflet when it loads.
// Data comes from the json_script "picture-map-data" (the same as the tables show);
// without JavaScript, or if Leaflet fails, the SVG map stays.
(function () {
  "use strict";
  // The colours of the server-drawn map (chart_map.py): Okabe-Ito, safe for colour blindness.
  var COLOURS = { up: "#E69F00", down: "#56B4E9", same: "#8c8c8c" };

  var leaflet = null;

  function load(figure) {
    if (leaflet) return leaflet;
    leaflet = new Promise(function (resolve, reject) {
      var css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = figure.dataset.leafletCss;
      document.head.appendChild(css);
      var script = document.createElement("script");
      script.src = figure.dataset.leafletJs;
      script.onload = function () { resolve(window.L); };
      script.onerror = function (error) { leaflet = null; reject(error); };
      document.head.appendChild(script);
    });
    return leaflet;
  }

  function squareAround(lat, lon, metres) {
    var dLat = metres / 2 / 111320;
    var dLon = dLat / Math.cos((lat * Math.PI) / 180);
    return [[lat - dLat, lon - dLon], [lat + dLat, lon + dLon]];
  }

  function draw(L, figure, data) {
    var box = document.createElement("div");
    box.className = "leaflet-map";
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", figure.querySelector("title") ? figure.querySelector("title").textContent : "Karta");
    // In the page first: Leaflet measures its container when it starts.
    figure.replaceChildren(box);
    var map = L.map(box, { keyboard: true, zoomSnap: 0.25, attributionControl: !!figure.dataset.tileUrl });
    // A view before any layer: Leaflet cannot place a layer on a map without one.
    map.setView([59.27, 15.21], 11);
    if (figure.dataset.tileUrl) L.tileLayer(figure.dataset.tileUrl, { maxZoom: 19 }).addTo(map);
    var bounds = L.latLngBounds([]);
    data.areas.forEach(function (area) {
      var layer = L.geoJSON(area.geometry, {
        style: { color: COLOURS[area.direction], weight: area.flagged ? 4 : 2, fillOpacity: 0.25,
                 dashArray: area.direction === "down" ? "6 4" : null },
      }).bindTooltip(area.name + ": " + area.count).addTo(map);
      bounds.extend(layer.getBounds());
    });
    data.points.forEach(function (p) {
      L.circleMarker([p[0], p[1]], { radius: 3 + (p[3] || 1), color: "#ffffff", weight: 1, fillColor: "#1b1f24", fillOpacity: 0.85, className: "map-point" })
        .bindTooltip(p[2]).addTo(map);
      bounds.extend([p[0], p[1]]);
    });
    data.hot.forEach(function (c) {
      L.rectangle(squareAround(c[0], c[1], data.cell_size_m), { color: "#7a0177", weight: 2, fillOpacity: 0.35, className: "map-hot" })
        .bindTooltip("Många iakttagelser: " + c[2]).addTo(map);
    });
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [10, 10] });
  }

  function start() {
    var figure = document.querySelector("[data-picture-map]");
    var source = document.getElementById("picture-map-data");
    if (!figure || !source || figure.dataset.started) return;
    figure.dataset.started = "1";
    var data = JSON.parse(source.textContent);
    if (!data.areas.length && !data.points.length) return;
    var drawn = figure.innerHTML;
    load(figure).then(function (L) { draw(L, figure, data); }).catch(function (error) {
      // The server-drawn map stays when Leaflet cannot start; say why in the console.
      console.error("Kartan kunde inte starta:", error);
      figure.innerHTML = drawn;
    });
  }

  // Going back: the filters' selects follow the address.
  function syncFilters() {
    var query = new URLSearchParams(window.location.search);
    [["f-omrade", "omrade"], ["f-kategori", "kategori"]].forEach(function (pair) {
      var select = document.getElementById(pair[0]);
      if (select) select.value = query.get(pair[1]) || "";
    });
  }

  document.addEventListener("DOMContentLoaded", start);
  // A filter fetched a new body (HTMX): draw its map.
  document.addEventListener("htmx:afterSettle", start);
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-reset-filters]")) {
      ["f-omrade", "f-kategori"].forEach(function (id) {
        var select = document.getElementById(id);
        if (select) select.value = "";
      });
    }
  });
  document.addEventListener("htmx:historyRestore", function () { syncFilters(); start(); });
})();
