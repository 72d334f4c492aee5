// The picture's map: replaces the server-drawn SVG map with Leaflet when it loads.
// Data comes from the json_script "picture-map-data" (the same as the tables show);
// without JavaScript, or if Leaflet fails, the SVG map stays.
(function () {
  "use strict";
  // The colours of the server-drawn map (chart_map.py): Okabe-Ito, safe for colour blindness.
  var COLOURS = { up: "#E69F00", down: "#56B4E9", same: "#8c8c8c" };

  function load(figure) {
    return new Promise(function (resolve, reject) {
      var css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = figure.dataset.leafletCss;
      document.head.appendChild(css);
      var script = document.createElement("script");
      script.src = figure.dataset.leafletJs;
      script.onload = function () { resolve(window.L); };
      script.onerror = reject;
      document.head.appendChild(script);
    });
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
      L.circleMarker([p[0], p[1]], { radius: 3 + (p[3] || 1), color: "#ffffff", weight: 1, fillColor: "#1b1f24", fillOpacity: 0.85 })
        .bindTooltip(p[2]).addTo(map);
      bounds.extend([p[0], p[1]]);
    });
    data.hot.forEach(function (c) {
      L.rectangle(squareAround(c[0], c[1], data.cell_size_m), { color: "#7a0177", weight: 2, fillOpacity: 0.35 })
        .bindTooltip("Het cell: " + c[2] + " (z " + c[3].toFixed(1) + ")").addTo(map);
    });
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [10, 10] });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var figure = document.querySelector("[data-picture-map]");
    var source = document.getElementById("picture-map-data");
    if (!figure || !source) return;
    var data = JSON.parse(source.textContent);
    if (!data.areas.length && !data.points.length) return;
    var drawn = figure.innerHTML;
    load(figure).then(function (L) { draw(L, figure, data); }).catch(function (error) {
      // The server-drawn map stays when Leaflet cannot start; say why in the console.
      console.error("Kartan kunde inte starta:", error);
      figure.innerHTML = drawn;
    });
  });
})();
