// Draw a hotspot outline on a Leaflet map with no base layer (nothing is fetched from the
// network). The GeoJSON textarea stays the source of truth: the page works without this.
(function () {
  "use strict";
  function start() {
    var panel = document.getElementById("area-map-panel");
    var textarea = document.getElementById("id_geometry");
    var control = document.getElementById("id_control_geometry");
    var dc = document.getElementById("id_displacement_control_geometry");
    if (!panel || !textarea || typeof L === "undefined") return;
    panel.hidden = false;
    var map = L.map("area-map", { zoomControl: true, attributionControl: false }).setView([52.6345, -1.1325], 15);
    L.control.scale({ imperial: false }).addTo(map);
    var outline = null, controlLayer = null, dcLayer = null, draft = [], draftLine = null;

    function parse(text) {
      try { return JSON.parse(text); } catch (e) { return null; }
    }
    function show() {
      if (outline) { map.removeLayer(outline); outline = null; }
      if (controlLayer) { map.removeLayer(controlLayer); controlLayer = null; }
      if (dcLayer) { map.removeLayer(dcLayer); dcLayer = null; }
      var data = parse(textarea.value);
      if (data) {
        try { outline = L.geoJSON(data, { style: { color: "#1d70b8", weight: 3 } }).addTo(map); } catch (e) { outline = null; }
      }
      var c = control && parse(control.value);
      if (c) {
        try { controlLayer = L.geoJSON(c, { style: { color: "#00703c", weight: 2, dashArray: "6 4" } }).addTo(map); } catch (e) { controlLayer = null; }
      }
      var d = dc && parse(dc.value);
      if (d) {
        try { dcLayer = L.geoJSON(d, { style: { color: "#4c2c92", weight: 2, dashArray: "2 4", fillOpacity: 0.05 } }).addTo(map); } catch (e) { dcLayer = null; }
      }
      var group = L.featureGroup([outline, controlLayer, dcLayer].filter(Boolean));
      if (group.getLayers().length) { map.fitBounds(group.getBounds().pad(0.3)); }
    }
    function redrawDraft() {
      if (draftLine) { map.removeLayer(draftLine); }
      draftLine = draft.length ? L.polyline(draft, { color: "#d4351c", weight: 2, dashArray: "4 4" }).addTo(map) : null;
    }
    map.on("click", function (event) {
      draft.push([event.latlng.lat, event.latlng.lng]);
      redrawDraft();
    });
    document.getElementById("area-map-finish").addEventListener("click", function () {
      if (draft.length < 3) { return; }
      var ring = draft.map(function (p) { return [Number(p[1].toFixed(6)), Number(p[0].toFixed(6))]; });
      ring.push(ring[0]);
      textarea.value = JSON.stringify({ type: "Polygon", coordinates: [ring] });
      draft = [];
      redrawDraft();
      show();
    });
    document.getElementById("area-map-clear").addEventListener("click", function () {
      draft = [];
      redrawDraft();
      textarea.value = "";
      show();
    });
    textarea.addEventListener("change", show);
    if (control) { control.addEventListener("change", show); }
    if (dc) { dc.addEventListener("change", show); }
    show();
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
