// The link page's map: the observations of the list below as points; clicking one ticks
// or unticks its checkbox in the list. The list with checkboxes does everything without
// the map (keyboard, screen readers, no JavaScript); the map only helps to see where.
(function () {
  "use strict";

  function load(box) {
    return new Promise(function (resolve, reject) {
      var css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = box.dataset.leafletCss;
      document.head.appendChild(css);
      var script = document.createElement("script");
      script.src = box.dataset.leafletJs;
      script.onload = function () { resolve(window.L); };
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function style(box, linked) {
    return linked
      ? { radius: 7, color: "#ffffff", weight: 2, fillColor: "#a4161a", fillOpacity: 0.9 }
      : { radius: 6, color: "#1b1f24", weight: 1, fillColor: "#ffffff", fillOpacity: 0.9 };
  }

  function draw(L, box, points) {
    box.hidden = false;
    var map = L.map(box, { keyboard: true, attributionControl: !!box.dataset.tileUrl });
    map.setView([59.27, 15.21], 11);
    if (box.dataset.tileUrl) L.tileLayer(box.dataset.tileUrl, { maxZoom: 19 }).addTo(map);
    var bounds = L.latLngBounds([]);
    points.forEach(function (p) {
      var checkbox = document.getElementById("obs-" + p.id);
      var marker = L.circleMarker([p.lat, p.lon], style(box, checkbox && checkbox.checked || p.linked))
        .bindTooltip(p.label).addTo(map);
      marker.on("click", function () {
        if (!checkbox) return;
        checkbox.checked = !checkbox.checked;
        marker.setStyle(style(box, checkbox.checked || p.linked));
      });
      if (checkbox) {
        checkbox.addEventListener("change", function () {
          marker.setStyle(style(box, checkbox.checked || p.linked));
        });
      }
      bounds.extend([p.lat, p.lon]);
    });
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [16, 16], maxZoom: 16 });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var box = document.querySelector("[data-link-map]");
    var data = document.getElementById("link-points");
    if (!box || !data) return;
    var points = JSON.parse(data.textContent);
    if (!points.length) return;
    load(box).then(function (L) { draw(L, box, points); }).catch(function () { box.hidden = true; });
  });
})();
