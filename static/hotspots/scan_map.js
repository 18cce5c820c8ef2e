// The top places of the Scan ranking on a Leaflet map with no base layer (nothing is fetched
// from the network). Each shape links to its row of the table, which is the page's content:
// without JavaScript the table is all there is, and it holds everything the map shows.
(function () {
  "use strict";
  function start() {
    var panel = document.getElementById("scan-map-panel");
    var data = document.getElementById("scan-map-data");
    if (!panel || !data || typeof L === "undefined") return;
    var places = JSON.parse(data.textContent);
    if (!places.length) return;
    panel.hidden = false;
    var map = L.map("scan-map", { attributionControl: false });
    L.control.scale({ imperial: false }).addTo(map);
    var layers = places.map(function (place) {
      var layer = L.geoJSON(place.geometry, {
        style: { color: "#1d70b8", weight: 2, fillOpacity: 0.35 },
        pointToLayer: function (feature, latlng) {
          return L.circleMarker(latlng, { radius: 7, color: "#1d70b8", weight: 2, fillOpacity: 0.6 });
        }
      });
      layer.bindTooltip(place.rank + ". " + place.label + ": " + place.count);
      layer.on("click", function () { window.location.hash = place.anchor; });
      return layer.addTo(map);
    });
    map.fitBounds(L.featureGroup(layers).getBounds().pad(0.2));
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
