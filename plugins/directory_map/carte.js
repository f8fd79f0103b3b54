// The map page (plugins/directory_map): Leaflet and Leaflet.markercluster, with the list of the points
// shown beside it. The list is the way to the records by keyboard and screen reader: it follows the
// map's view and the type filters. Titles are contributors' text: every one goes in with textContent.
(() => {
  "use strict";

  const box = document.getElementById("carte");
  const fallback = document.getElementById("carte-sans-js");
  if (!box || !window.L || !L.markerClusterGroup || !window.fetch) {
    return; // the page's text says how else to browse
  }
  const PAGE = 100; // items of the list at a time
  const LABELS = 150; // commune names drawn at most in the view
  const TYPES = { organisation: "Organisation", offre: "Offre", besoin: "Besoin" };
  const SOURCES = {
    fiche: "position de la fiche",
    commune: "position de la commune",
    organisation: "position de l'organisation",
    "commune-organisation": "position de la commune de l'organisation",
  };
  const canvas = document.getElementById("carte-plan");
  const status = document.getElementById("carte-etat");
  const list = document.getElementById("carte-liste");
  const more = document.getElementById("carte-plus");
  const near = document.getElementById("carte-autour");
  const form = box.querySelector(".map-filters");
  const root = box.dataset.root || "";
  const collator = new Intl.Collator("fr");
  const number = new Intl.NumberFormat("fr-FR");

  box.hidden = false;
  if (fallback) {
    fallback.hidden = true;
  }
  // Markers are reached through the list: out of the Tab order, clusters too.
  L.MarkerCluster.mergeOptions({ keyboard: false });
  const map = L.map(canvas, { zoomSnap: 0.5, minZoom: 3, maxZoom: 18, zoomControl: false }); // the clusters need a maxZoom
  L.control.zoom({ zoomInTitle: "Rapprocher", zoomOutTitle: "Éloigner" }).addTo(map);
  const tiles = box.dataset.tiles;
  if (tiles) {
    const credit = document.createElement("span");
    credit.textContent = box.dataset.attribution || "";
    L.tileLayer(tiles, { attribution: credit.innerHTML, maxZoom: 18 }).addTo(map);
  }
  const clusters = L.markerClusterGroup({ chunkedLoading: true, showCoverageOnHover: false, maxClusterRadius: 60 });
  clusters.addTo(map);
  const communeLabels = L.layerGroup().addTo(map);
  const icons = {};
  for (const type of Object.keys(TYPES)) {
    icons[type] = L.divIcon({ className: `map-point map-point-${type}`, iconSize: [18, 18] });
  }

  let points = [];
  let communes = [];
  let shown = [];
  let limit = PAGE;
  let origin = null;
  let here = null;

  function describe(point) {
    let text = `${TYPES[point.type]} · ${SOURCES[point.source] || point.source}`;
    if (origin) {
      text += ` · à ${(Math.round(distance(origin, point) * 10) / 10).toLocaleString("fr-FR")} km`;
    }
    return text;
  }

  function link(point) {
    const anchor = document.createElement("a");
    anchor.href = root + point.url;
    anchor.textContent = point.title;
    return anchor;
  }

  function popup(point) {
    const content = document.createElement("div");
    const title = document.createElement("p");
    title.className = "map-popup-title";
    title.append(link(point));
    const meta = document.createElement("p");
    meta.className = "map-popup-meta";
    meta.textContent = describe(point);
    content.append(title, meta);
    return content;
  }

  function distance(a, b) {
    const rad = Math.PI / 180;
    const dlat = (b.lat - a.lat) * rad;
    const dlon = (b.lon - a.lon) * rad;
    const h = Math.sin(dlat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dlon / 2) ** 2;
    return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  function places(count) {
    return number.format(count) + (count > 1 ? " lieux" : " lieu");
  }

  // The list: the points of the filtered types inside the map's view, by name or by distance.
  function update() {
    const bounds = map.getBounds();
    const visible = shown.filter((point) => bounds.contains(point.latlng));
    if (origin) {
      visible.sort((a, b) => distance(origin, a) - distance(origin, b));
    }
    const items = [];
    for (const point of visible.slice(0, limit)) {
      const item = document.createElement("li");
      const meta = document.createElement("span");
      meta.className = "muted";
      meta.textContent = describe(point);
      item.append(link(point), " ", meta);
      items.push(item);
    }
    list.replaceChildren(...items);
    let text = `${places(visible.length)} dans la zone affichée`;
    if (visible.length > items.length) {
      text += ` ; les ${number.format(items.length)} premiers ci-dessous`;
    }
    text += origin ? ", du plus proche au plus loin de votre position." : ", par ordre alphabétique.";
    status.textContent = shown.length ? text : "Aucun lieu pour ces filtres : cochez au moins un type.";
    more.hidden = visible.length <= items.length;
    drawCommunes(bounds);
  }

  // Without background tiles, the communes' names at their centres say where the map is. The communes
  // with the most points come first (`communes` is in that order), and a name whose box would overlap one
  // already written is left out: zoomed out, on a phone, only the names that have room are shown.
  function drawCommunes(bounds) {
    if (tiles) {
      return;
    }
    communeLabels.clearLayers();
    const placed = [];
    for (const commune of communes) {
      if (placed.length >= LABELS) {
        break;
      }
      if (!bounds.contains(commune.latlng)) {
        continue;
      }
      const box = labelBox(commune);
      if (placed.some((other) => overlaps(box, other))) {
        continue;
      }
      placed.push(box);
      const label = document.createElement("span");
      label.textContent = commune.name;
      const icon = L.divIcon({ className: "map-commune", html: label, iconSize: null });
      communeLabels.addLayer(L.marker(commune.latlng, { icon, interactive: false, keyboard: false, pane: "tilePane" }));
    }
  }

  // Where a commune's name goes on screen: centred under its point (site.css: .map-commune span), with a margin.
  const LABEL_GAP = 2;
  const LABEL_TOP = 22; // px under the point, as in site.css
  let measure = null;
  let lineHeight = 0;
  function labelBox(commune) {
    if (!measure) {
      const probe = document.createElement("div");
      probe.className = "map-commune";
      canvas.append(probe);
      const style = getComputedStyle(probe);
      measure = document.createElement("canvas").getContext("2d");
      measure.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      lineHeight = Number.parseFloat(style.fontSize) * 1.3;
      probe.remove();
    }
    if (commune.width === undefined) {
      commune.width = measure.measureText(commune.name).width;
    }
    const at = map.latLngToContainerPoint(commune.latlng);
    const left = at.x - commune.width / 2 - LABEL_GAP;
    const top = at.y + LABEL_TOP - LABEL_GAP;
    return [left, top, left + commune.width + 2 * LABEL_GAP, top + lineHeight + 2 * LABEL_GAP];
  }

  function overlaps(a, b) {
    return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
  }

  function selectedTypes() {
    return new Set([...form.querySelectorAll("input[name=type]:checked")].map((input) => input.value));
  }

  function filter() {
    const types = selectedTypes();
    shown = points.filter((point) => types.has(point.type));
    limit = PAGE;
    box.dataset.state = "loading";
    clusters.clearLayers();
    update();
    if (!shown.length) {
      box.dataset.state = "ready";
      return;
    }
    clusters.addLayers(
      shown.map((point) => point.marker),
      true,
    );
  }

  function start(data) {
    const fields = data.fields;
    const at = (name) => fields.indexOf(name);
    const [id, type, title, url, lat, lon, source] = ["id", "type", "title", "url", "lat", "lon", "source"].map(at);
    points = data.points.map((row) => ({
      id: row[id],
      type: row[type],
      title: String(row[title]),
      url: String(row[url]),
      lat: row[lat],
      lon: row[lon],
      source: row[source],
    }));
    points.sort((a, b) => collator.compare(a.title, b.title));
    for (const point of points) {
      point.latlng = L.latLng(point.lat, point.lon);
      point.marker = L.marker(point.latlng, { icon: icons[point.type] || icons.organisation, keyboard: false, title: point.title });
      point.marker.bindPopup(() => popup(point));
    }
    communes = data.communes.map((row) => ({ name: String(row[0]), latlng: L.latLng(row[1], row[2]), id: String(row[3]), count: row[4] }));
    communes.sort((a, b) => b.count - a.count || collator.compare(a.name, b.name));
    map.invalidateSize(); // the page's scroll bar may have narrowed the map since it was made
    if (points.length) {
      map.fitBounds(L.latLngBounds(points.map((point) => point.latlng)), { padding: [48, 48], maxZoom: 14 });
    } else {
      map.setView([46.6, 2.4], 5);
    }
    map.on("moveend", () => {
      limit = PAGE;
      update();
    });
    filter();
    focusPlace();
  }

  // The small maps of the record and commune pages link here with ?commune=slug, ?organisation=slug,
  // ?offre=slug or ?besoin=slug: the map shows that commune, or that record with its popup open.
  function focusPlace() {
    const query = new URLSearchParams(location.search);
    const kind = ["commune", "organisation", "offre", "besoin"].find((name) => query.has(name));
    if (!kind) {
      return;
    }
    const id = query.get(kind);
    if (kind === "commune") {
      const commune = communes.find((item) => item.id === id);
      if (commune) {
        map.setView(commune.latlng, 14);
      }
      return;
    }
    const point = points.find((item) => item.type === kind && item.id === id);
    if (point && shown.includes(point)) {
      clusters.zoomToShowLayer(point.marker, () => point.marker.openPopup());
    }
  }

  clusters.options.chunkProgress = (processed, total) => {
    if (processed >= total) {
      box.dataset.state = "ready";
    }
  };
  form.addEventListener("change", filter);
  form.addEventListener("submit", (event) => event.preventDefault());
  more.addEventListener("click", () => {
    const first = list.children.length;
    limit += PAGE;
    update();
    const next = list.children[first]?.querySelector("a");
    if (next) {
      next.focus();
    }
  });

  if (navigator.geolocation) {
    near.addEventListener("click", () => {
      status.textContent = "Recherche de votre position…";
      navigator.geolocation.getCurrentPosition(
        (position) => {
          origin = { lat: position.coords.latitude, lon: position.coords.longitude };
          const hereLatlng = L.latLng(origin.lat, origin.lon);
          if (here) {
            map.removeLayer(here);
          }
          here = L.circleMarker(hereLatlng, { radius: 8, interactive: false, className: "map-here" }).addTo(map);
          const nearest = shown
            .slice()
            .sort((a, b) => distance(origin, a) - distance(origin, b))
            .slice(0, 5);
          const area = L.latLngBounds([hereLatlng, ...nearest.map((point) => point.latlng)]);
          limit = PAGE;
          map.fitBounds(area, { padding: [32, 32], maxZoom: 14 });
          update();
        },
        (error) => {
          status.textContent = `Position indisponible (${error.message}) : la liste reste par ordre alphabétique.`;
        },
        { timeout: 15000, maximumAge: 600000 },
      );
    });
  } else {
    near.parentElement.hidden = true;
  }

  fetch(box.dataset.points)
    .then((response) => {
      if (!response.ok) {
        throw new Error(`${response.status} ${response.statusText}`);
      }
      return response.json();
    })
    .then(start)
    .catch((error) => {
      status.textContent = `Les lieux n'ont pas pu être chargés (${error.message || error}).`;
      if (fallback) {
        fallback.hidden = false;
      }
    });
})();
