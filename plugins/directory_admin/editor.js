/* The web editor's page (theme/templates/admin.html): serves Sveltia CMS's own files from the site, fills the
 * demonstration's storage with the directory's records, then loads the editor. Its settings come as JSON in
 * the page (#editeur-reglages), written by plugins/directory_admin. */
(() => {
  const settings = JSON.parse(document.getElementById("editeur-reglages").textContent);
  const cdn = "https://unpkg.com/@sveltia/cms";
  // Sveltia fetches its French strings and its latest version from a CDN: this site serves its own copies.
  const served = {
    [`${cdn}@${settings.version}/locales/fr.json`]: `${settings.vendor}locales/fr.json`,
    [`${cdn}/package.json`]: `${settings.vendor}package.json`,
  };
  const fetchFromNetwork = window.fetch.bind(window);
  window.fetch = (resource, options) => {
    const url = String(resource?.url || resource);
    return fetchFromNetwork(served[url] || resource, options);
  };

  function loadEditor() {
    const script = document.createElement("script");
    script.src = settings.script;
    document.body.appendChild(script);
  }

  if (!settings.demo) {
    loadEditor();
    return;
  }

  document.getElementById("annuaire-demo-hide").addEventListener("click", () => {
    document.getElementById("annuaire-demo").hidden = true;
  });

  // The records go where Sveltia's test backend reads them: the browser's private storage (OPFS).
  // Kept until the site is built again, so that the visitor's trial edits survive a reload.
  async function putRecords() {
    const root = await navigator.storage.getDirectory();
    const present = await root.getDirectoryHandle(settings.storage).then(
      () => true,
      () => false,
    );
    if (present && localStorage.getItem("annuaire-demo") === settings.build) return;
    const files = await (await fetch(settings.files)).json();
    await root.removeEntry(settings.storage, { recursive: true }).catch(() => {});
    const base = await root.getDirectoryHandle(settings.storage, { create: true });
    for (const [path, text] of Object.entries(files)) {
      const parts = path.split("/");
      let folder = base;
      for (const part of parts.slice(0, -1)) folder = await folder.getDirectoryHandle(part, { create: true });
      const writable = await (await folder.getFileHandle(parts[parts.length - 1], { create: true })).createWritable();
      await writable.write(text);
      await writable.close();
    }
    localStorage.setItem("annuaire-demo", settings.build);
  }

  putRecords()
    .catch(() => {
      document.getElementById("annuaire-demo-text").textContent =
        "Démonstration : ce navigateur ne permet pas d'y copier les fiches de l'annuaire ; l'éditeur s'ouvre sans elles.";
    })
    .then(loadEditor);
})();
