// The report form, enhanced: "add an observation" without a round trip, and a map to
// place a pin. Everything works without this file; it is configured by the form's
// data- attributes. Leaflet is loaded only when someone opens a map.
(function () {
  "use strict";

  var form = document.querySelector("[data-report-form]");
  if (!form) return;
  var blocks = form.querySelector("[data-observations]");
  var template = form.querySelector("[data-observation-template]");
  var total = form.querySelector("input[name$='-TOTAL_FORMS']");
  var areas = readAreas();
  var leaflet = null; // a promise, once somebody opens a map

  var summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();

  function readAreas() {
    var script = document.getElementById(form.dataset.areas);
    try { return script ? JSON.parse(script.textContent) : null; } catch (e) { return null; }
  }

  // --- Another observation block, copied from the <template> ---------------------
  function addBlock() {
    var index = parseInt(total.value, 10);
    var html = template.innerHTML.replace(/__prefix__/g, index).replace(/__number__/g, index + 1);
    var holder = document.createElement("div");
    holder.innerHTML = html.trim();
    var block = holder.firstElementChild;
    blocks.appendChild(block);
    total.value = index + 1;
    setUpMapPicker(block);
    form.dispatchEvent(new CustomEvent("samordna:block-added", { bubbles: true }));
    return block;
  }

  var addButton = form.querySelector("[data-add-observation]");
  if (addButton && template && total) {
    addButton.addEventListener("click", function (event) {
      event.preventDefault();
      addBlock().querySelector("h2").focus();
    });
    form.dataset.enhanced = "1"; // draft.js may now add blocks by clicking the button
  }

  // --- The map -------------------------------------------------------------------
  function loadLeaflet() {
    if (!leaflet) {
      leaflet = new Promise(function (resolve, reject) {
        var css = document.createElement("link");
        css.rel = "stylesheet";
        css.href = form.dataset.leafletCss;
        document.head.appendChild(css);
        var script = document.createElement("script");
        script.src = form.dataset.leafletJs;
        script.onload = function () { resolve(window.L); };
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return leaflet;
  }

  // Ray casting over every ring; holes count as outside because crossings cancel out.
  function inRings(rings, x, y) {
    var inside = false;
    rings.forEach(function (ring) {
      for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        var xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
        if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
      }
    });
    return inside;
  }

  function areaAt(lon, lat) {
    if (!areas) return null;
    // EST areas win where areas overlap, as on the server (core.locate).
    var sorted = areas.features.slice().sort(function (a, b) { return b.properties.est - a.properties.est; });
    for (var k = 0; k < sorted.length; k++) {
      var g = sorted[k].geometry;
      var polygons = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
      for (var p = 0; p < polygons.length; p++) {
        if (inRings(polygons[p], lon, lat)) return sorted[k].properties.name;
      }
    }
    return null;
  }

  function setUpMapPicker(block) {
    var picker = block.querySelector("[data-map-picker]");
    var hasSomethingToShow = form.dataset.tileUrl || (areas && areas.features.length);
    if (!picker || !hasSomethingToShow) return;
    picker.hidden = false;
    var open = picker.querySelector("[data-map-open]");
    var panel = picker.querySelector("[data-map-panel]");
    var lon = block.querySelector("input[name$='-longitude']");
    var lat = block.querySelector("input[name$='-latitude']");
    var status = picker.querySelector("[data-map-status]");
    var clear = picker.querySelector("[data-map-clear]");
    var map = null, marker = null;

    function show(latlng) {
      if (!latlng) {
        status.textContent = form.dataset.textNoPoint;
        clear.hidden = true;
        return;
      }
      var name = areaAt(latlng.lng, latlng.lat);
      status.textContent = name ? form.dataset.textInArea.replace("%s", name) : form.dataset.textNoArea;
      clear.hidden = false;
    }

    function place(L, latlng) {
      lon.value = latlng.lng.toFixed(6);
      lat.value = latlng.lat.toFixed(6);
      lon.dispatchEvent(new Event("input", { bubbles: true }));
      if (marker) marker.setLatLng(latlng);
      else marker = L.circleMarker(latlng, { radius: 9, color: "#a4161a", weight: 3, fillOpacity: 0.6 }).addTo(map);
      show(latlng);
    }

    function build(L) {
      map = L.map(picker.querySelector("[data-map]"), { keyboard: true, attributionControl: !!form.dataset.tileUrl });
      if (form.dataset.tileUrl) L.tileLayer(form.dataset.tileUrl, { maxZoom: 19 }).addTo(map);
      var layer = areas ? L.geoJSON(areas, {
        style: { color: "#0b4f6c", weight: 2, fillOpacity: 0.08 },
        onEachFeature: function (f, l) { l.bindTooltip(f.properties.name, { permanent: true, direction: "center", className: "area-label" }); },
      }).addTo(map) : null;
      if (layer && layer.getBounds().isValid()) map.fitBounds(layer.getBounds());
      else map.setView([62.0, 15.0], 5);
      if (lon.value && lat.value) place(L, L.latLng(parseFloat(lat.value), parseFloat(lon.value)));
      map.on("click", function (e) { place(L, e.latlng); });
      map.getContainer().addEventListener("keydown", function (e) {
        if (e.target === map.getContainer() && (e.key === "Enter" || e.key === " ")) {
          e.preventDefault();
          place(L, map.getCenter());
        }
      });
    }

    open.addEventListener("click", function () {
      var opening = panel.hidden;
      panel.hidden = !opening;
      open.setAttribute("aria-expanded", String(opening));
      open.textContent = opening ? form.dataset.textCloseMap : form.dataset.textOpenMap;
      if (!opening) return;
      loadLeaflet().then(function (L) {
        if (!map) build(L);
        map.invalidateSize();
        map.getContainer().focus();
      });
    });

    clear.addEventListener("click", function () {
      lon.value = "";
      lat.value = "";
      lon.dispatchEvent(new Event("input", { bubbles: true }));
      if (marker) { marker.remove(); marker = null; }
      show(null);
      open.focus();
    });

    show(lon.value && lat.value ? { lng: parseFloat(lon.value), lat: parseFloat(lat.value) } : null);
  }

  blocks.querySelectorAll("[data-observation]").forEach(setUpMapPicker);
})();
