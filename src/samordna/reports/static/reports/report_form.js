// The report form, enhanced: "add an observation" without a round trip, a map to
// place a pin, "här jag står" (the device's position), and a warning when the chosen
// place and the pin lie in different areas. Everything works without this file; it is configured by the form's
// data- attributes. Leaflet is loaded only when someone opens a map.
(function () {
  "use strict";

  var form = document.querySelector("[data-report-form]");
  if (!form) return;
  var blocks = form.querySelector("[data-observations]");
  var template = form.querySelector("[data-observation-template]");
  var total = form.querySelector("input[name$='-TOTAL_FORMS']");
  var areas = readJson(form.dataset.areas);
  var placeAreas = readJson(form.dataset.placeAreas) || {};
  // The reporter's other municipalities, one outline each (issue 19), or null.
  var others = readJson(form.dataset.otherMunicipalities);
  var elsewhere = form.querySelector("[data-elsewhere]");
  var leaflet = null; // a promise, once somebody opens a map

  var summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();

  function readJson(id) {
    var script = id && document.getElementById(id);
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

  // The area feature under a point, or null. EST areas win where areas overlap, as on
  // the server (core.locate).
  function areaAt(lon, lat) {
    if (!areas) return null;
    var sorted = areas.features.slice().sort(function (a, b) { return b.properties.est - a.properties.est; });
    for (var k = 0; k < sorted.length; k++) {
      var g = sorted[k].geometry;
      var polygons = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
      for (var p = 0; p < polygons.length; p++) {
        if (inRings(polygons[p], lon, lat)) return sorted[k].properties;
      }
    }
    return null;
  }

  // Another of the reporter's municipalities whose outline holds the point, or null.
  function municipalityAt(lon, lat) {
    if (!others) return null;
    for (var k = 0; k < others.features.length; k++) {
      var g = others.features[k].geometry;
      var polygons = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
      for (var p = 0; p < polygons.length; p++) {
        if (inRings(polygons[p], lon, lat)) return others.features[k].properties;
      }
    }
    return null;
  }

  // Says so, and offers to move the report, when a point outside this municipality's
  // areas lies in another of the reporter's; the server refuses such a report as well.
  function showElsewhere() {
    if (!elsewhere) return;
    var found = null;
    form.querySelectorAll("[data-observations] input[name$='-longitude']").forEach(function (lon) {
      var lat = lon.form.elements[lon.name.replace(/-longitude$/, "-latitude")];
      if (found || !lon.value || !lat || !lat.value) return;
      var x = parseFloat(lon.value), y = parseFloat(lat.value);
      if (!areaAt(x, y)) found = municipalityAt(x, y);
    });
    elsewhere.hidden = !found;
    if (!found) return;
    elsewhere.querySelector("[data-elsewhere-text]").textContent = form.dataset.textElsewhere.replace("%s", found.name);
    var move = elsewhere.querySelector("[data-elsewhere-move]");
    move.value = found.slug;
    move.textContent = form.dataset.textMove.replace("%s", found.name);
  }

  function areaName(id) {
    if (!areas) return "";
    for (var k = 0; k < areas.features.length; k++) {
      if (areas.features[k].properties.id === id) return areas.features[k].properties.name;
    }
    return "";
  }

  // --- Where: the place list, "här jag står", the map; and their disagreement -------
  // Returns the warning when the chosen place lies in another area than the pin, else "".
  // The server refuses the same combination; this says it before anything is sent.
  function mismatch(block) {
    var select = block.querySelector("select[name$='-place']");
    var lon = block.querySelector("input[name$='-longitude']");
    var lat = block.querySelector("input[name$='-latitude']");
    if (!select || !select.value || !lon.value || !lat.value) return "";
    var placeArea = placeAreas[select.value];
    var pin = areaAt(parseFloat(lon.value), parseFloat(lat.value));
    if (!placeArea || !pin || pin.id === placeArea) return "";
    return form.dataset.textMismatch
      .replace("%(name)s", select.options[select.selectedIndex].text)
      .replace("%(place)s", areaName(placeArea))
      .replace("%(pin)s", pin.name);
  }

  function setUpMapPicker(block) {
    var picker = block.querySelector("[data-map-picker]");
    if (!picker) return;
    var hasMap = form.dataset.tileUrl || (areas && areas.features.length);
    picker.hidden = false;
    var open = picker.querySelector("[data-map-open]");
    var here = picker.querySelector("[data-here]");
    var panel = block.querySelector("[data-map-panel]");
    var lon = block.querySelector("input[name$='-longitude']");
    var lat = block.querySelector("input[name$='-latitude']");
    var select = block.querySelector("select[name$='-place']");
    var status = block.querySelector("[data-map-status]");
    var clear = block.querySelector("[data-map-clear]");
    var map = null, marker = null, L = null;
    open.hidden = !hasMap;
    if (!navigator.geolocation) here.hidden = true;

    function show(prefix) {
      if (!lon.value || !lat.value) {
        status.textContent = form.dataset.textNoPoint;
        status.classList.remove("map-status--warning");
        clear.hidden = true;
        showElsewhere();
        return;
      }
      var warning = mismatch(block);
      var area = areaAt(parseFloat(lon.value), parseFloat(lat.value));
      var where = area ? form.dataset.textInArea.replace("%s", area.name) : form.dataset.textNoArea;
      status.textContent = warning || (prefix ? prefix + " " : "") + where;
      status.classList.toggle("map-status--warning", !!warning);
      clear.hidden = false;
      showElsewhere();
    }

    function setPoint(lng, la, prefix) {
      lon.value = lng.toFixed(6);
      lat.value = la.toFixed(6);
      lon.dispatchEvent(new Event("input", { bubbles: true }));
      if (map) {
        var latlng = L.latLng(la, lng);
        if (marker) marker.setLatLng(latlng);
        else marker = L.circleMarker(latlng, { radius: 9, color: "#a4161a", weight: 3, fillOpacity: 0.6 }).addTo(map);
      }
      show(prefix);
    }

    function build() {
      map = L.map(block.querySelector("[data-map]"), { keyboard: true, attributionControl: !!form.dataset.tileUrl });
      if (form.dataset.tileUrl) L.tileLayer(form.dataset.tileUrl, { maxZoom: 19 }).addTo(map);
      var layer = areas ? L.geoJSON(areas, {
        style: { color: "#0b4f6c", weight: 2, fillOpacity: 0.08 },
        onEachFeature: function (f, l) { l.bindTooltip(f.properties.name, { permanent: true, direction: "center", className: "area-label" }); },
      }).addTo(map) : null;
      if (layer && layer.getBounds().isValid()) map.fitBounds(layer.getBounds());
      else map.setView([62.0, 15.0], 5);
      if (lon.value && lat.value) setPoint(parseFloat(lon.value), parseFloat(lat.value));
      map.on("click", function (e) { setPoint(e.latlng.lng, e.latlng.lat); });
      map.getContainer().addEventListener("keydown", function (e) {
        if (e.target === map.getContainer() && (e.key === "Enter" || e.key === " ")) {
          e.preventDefault();
          var c = map.getCenter();
          setPoint(c.lng, c.lat);
        }
      });
    }

    open.addEventListener("click", function () {
      var opening = panel.hidden;
      panel.hidden = !opening;
      open.setAttribute("aria-expanded", String(opening));
      open.textContent = opening ? form.dataset.textCloseMap : form.dataset.textOpenMap;
      if (!opening) return;
      loadLeaflet().then(function (leafletGlobal) {
        L = leafletGlobal;
        if (!map) build();
        map.invalidateSize();
        map.getContainer().focus();
      });
    });

    // "Här jag står": the device's position, asked for only when the button is pressed.
    here.addEventListener("click", function () {
      status.textContent = form.dataset.textLocating;
      navigator.geolocation.getCurrentPosition(
        function (position) {
          setPoint(position.coords.longitude, position.coords.latitude, form.dataset.textHere);
        },
        function () { status.textContent = form.dataset.textNoPosition; },
        { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
      );
    });

    clear.addEventListener("click", function () {
      lon.value = "";
      lat.value = "";
      lon.dispatchEvent(new Event("input", { bubbles: true }));
      if (marker) { marker.remove(); marker = null; }
      show();
      (open.hidden ? here : open).focus();
    });

    if (select) select.addEventListener("change", function () { show(); });
    block.addEventListener("samordna:reset", function () {
      if (marker) { marker.remove(); marker = null; }
      show();
    });
    show();
  }

  // Nothing is sent while a place and a pin disagree: the warning takes focus instead.
  form.addEventListener("submit", function (event) {
    var list = form.querySelectorAll("[data-observation]");
    for (var i = 0; i < list.length; i++) {
      if (mismatch(list[i])) {
        event.preventDefault();
        event.stopImmediatePropagation();
        var status = list[i].querySelector("[data-map-status]");
        status.setAttribute("tabindex", "-1");
        status.focus();
        return;
      }
    }
  });

  blocks.querySelectorAll("[data-observation]").forEach(setUpMapPicker);
})();
