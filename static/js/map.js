/* The map of /map/: country outlines served by the site (or a tile server named in the
   settings), the filtered events clustered, each popup linking to its page. */
(function () {
  "use strict";
  var element = document.getElementById("event-map");
  if (!element || typeof L === "undefined") return;
  element.classList.add("is-active");
  var map = L.map(element, { worldCopyJump: true, minZoom: 1, maxZoom: 18 }).setView([20, 0], 2);
  var tiles = element.dataset.tileUrl;
  if (tiles) {
    L.tileLayer(tiles, { attribution: element.dataset.tileAttribution, maxZoom: 18 }).addTo(map);
  } else {
    map.attributionControl.addAttribution(element.dataset.outlinesAttribution);
    fetch(element.dataset.outlines)
      .then(function (r) { return r.json(); })
      .then(function (outlines) {
        L.geoJSON(outlines, { className: "country-outline", interactive: false }).addTo(map);
      });
  }
  var clusters = L.markerClusterGroup();
  fetch(element.dataset.events, { headers: { Accept: "application/geo+json" } })
    .then(function (r) { return r.json(); })
    .then(function (collection) {
      collection.features.forEach(function (feature) {
        var c = feature.geometry.coordinates;
        var marker = L.marker([c[1], c[0]], { title: feature.properties.title });
        var link = document.createElement("a");
        link.href = feature.properties.url;
        link.textContent = feature.properties.title;
        var popup = document.createElement("div");
        popup.appendChild(link);
        var when = document.createElement("p");
        when.textContent = feature.properties.starts_at.slice(0, 16).replace("T", " ") +
          " (" + feature.properties.timezone + ")";
        popup.appendChild(when);
        marker.bindPopup(popup);
        clusters.addLayer(marker);
      });
      map.addLayer(clusters);
      element.dataset.loaded = String(collection.features.length);
    });
})();
