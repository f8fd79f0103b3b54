/* The contribution form (plugins/directory_contribute): read it, check it, write the record, send it.
 *
 * The page carries, as JSON, its type's fields, its schema ($ref inlined) and the plan of the file
 * `make new` writes. The check is the one `make validate` makes, through Ajv and problems.js, with
 * the same French messages; the file is the one `make new` writes (record-yaml.js). With
 * `?modifier=<identifiant>`, the form is filled from the record's own JSON file first, and keeps the
 * fields a volunteer does not fill (map position, images, register's provenance).
 */
(() => {
  const data = JSON.parse(document.getElementById("donnees-formulaire").textContent);
  // The day the volunteer fills the form (the site may have been built days ago): the file's dates.
  const now = new Date();
  data.today = [now.getFullYear(), now.getMonth() + 1, now.getDate()].map((part) => String(part).padStart(2, "0")).join("-");
  const form = document.getElementById("formulaire");
  const summary = document.getElementById("resume-erreurs");
  const result = document.getElementById("resultat");
  const folder = form.dataset.folder;
  const Combobox = window.AnnuaireCombobox;
  const ajv = new window.ajv2020.default({ allErrors: true, verbose: true, strict: false });
  ajv.addFormat("date", window.AnnuaireProblems.isDate);
  const lists = {};
  const choosers = new Map(); // the combobox of each reference field, by its input's id
  let original = null; // the record being changed, as published
  let checked = false; // once checked, each change checks again

  // Where the lists of choices and the records' own files are, under the form's folder.
  for (const [name, path] of Object.entries(data.lists)) lists[name] = new Combobox.ChoiceList(folder + path);

  // ---- the fields, found by their place --------------------------------------------------------

  function container(scope, field) {
    return scope.querySelector(`[data-path="${field.path}"]`);
  }

  function control(scope, field) {
    const box = container(scope, field);
    return box.matches("input, select, textarea") ? box : box.querySelector("input, select, textarea");
  }

  function setup(scope) {
    for (const input of scope.querySelectorAll("input[role=combobox]")) {
      if (!choosers.has(input.id)) choosers.set(input.id, Combobox.attach(input, lists[input.dataset.reference], recheck));
    }
  }

  let items = 0;
  function addItem(field, scope = form) {
    const box = container(scope, field);
    const template = box.querySelector("template");
    const number = ++items;
    const html = template.innerHTML.replaceAll("-__N__", `-${number}`).replaceAll("__N__", String(number));
    const holder = document.createElement("ol");
    holder.innerHTML = html;
    const item = holder.firstElementChild;
    box.querySelector(".items").appendChild(item);
    item.querySelector(".item-remove").addEventListener("click", () => {
      item.remove();
      renumber(box);
      box.querySelector(".item-add").focus();
      recheck();
    });
    renumber(box);
    setup(item);
    return item;
  }

  function renumber(box) {
    [...box.querySelectorAll(".items > .item")].forEach((item, position) => {
      item.querySelector(".item-number").textContent = String(position + 1);
    });
  }

  // ---- reading -------------------------------------------------------------------------------

  function read(scope, field) {
    const box = container(scope, field);
    switch (field.widget) {
      case "group":
        return readGroup(box, field.children);
      case "group-list":
        return [...box.querySelectorAll(":scope > .items > .item")].map((item) => readGroup(item, field.children));
      case "radios": {
        const on = box.querySelector("input:checked");
        return on ? on.value : "";
      }
      case "checkboxes": {
        // A changed record keeps its order (its first theme leads); new choices come after.
        const order = JSON.parse(box.dataset.order || "[]");
        const rank = (value) => (order.includes(value) ? order.indexOf(value) : order.length);
        const checked = [...box.querySelectorAll("input:checked")].map((input) => input.value);
        return checked.map((value, position) => [rank(value), position, value]).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map((entry) => entry[2]);
      }
      case "checkbox":
        return control(scope, field).checked ? true : "";
      case "reference":
      case "references":
        return choosers.get(control(scope, field).id).value();
      case "integer":
      case "number":
        return number(control(scope, field).value.trim(), field.widget);
      case "lines":
        return control(scope, field)
          .value.split("\n")
          .map((line) => line.trim())
          .filter(Boolean);
      default:
        return control(scope, field).value.trim();
    }
  }

  /** A number as `make new` reads it (a comma for the decimals); other text stays text, and is reported. */
  function number(text, widget) {
    if (text === "") return "";
    if (widget === "integer") return /^-?\d+$/.test(text) ? Number.parseInt(text, 10) : text;
    const value = text.replace(",", ".");
    return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : text;
  }

  function readGroup(scope, fields) {
    const group = {};
    for (const field of fields) group[field.name] = read(scope, field);
    return group;
  }

  function empty(value) {
    return value === "" || value === null || value === undefined || (Array.isArray(value) && !value.length) || (typeof value === "object" && !Array.isArray(value) && !Object.keys(value).length);
  }

  /** The record as `make validate` reads the file: empty optional fields absent, the day's dates. */
  function record() {
    const found = {};
    for (const field of data.fields) {
      let value = read(form, field);
      if (field.widget === "group") value = pruned(value, field.children, field.required);
      if (field.widget === "group-list") value = value.map((item) => pruned(item, field.children, true));
      if (!empty(value) || field.required) found[field.name] = value;
    }
    for (const [name, value] of Object.entries(kept())) found[name] = value;
    return window.AnnuaireProblems.dropEmptyOptional(ordered(found), data.schema);
  }

  /** A group as `make new` writes it: left empty, it is absent (if optional); else its required
   * fields stay, empty ones too (« à remplir »), and its optional ones only when filled. */
  function pruned(group, fields, required) {
    if (!required && fields.every((field) => empty(group[field.name]))) return {};
    return Object.fromEntries(fields.filter((field) => field.required || !empty(group[field.name])).map((field) => [field.name, group[field.name]]));
  }

  /** What the form does not ask: the day's dates, and, for a change, the record's own kept fields. */
  function kept() {
    const properties = data.schema.properties;
    const found = {};
    for (const [name, value] of Object.entries(original || {})) {
      if (!data.fields.some((field) => field.name === name)) found[name] = value;
    }
    if ("publie_le" in properties && !found.publie_le) found.publie_le = data.today;
    found.mis_a_jour = data.today;
    return found;
  }

  /** Fields in the schema's order, as the file writes them. */
  function ordered(found) {
    const order = Object.keys(data.schema.properties);
    return Object.fromEntries(Object.entries(found).sort(([a], [b]) => order.indexOf(a) - order.indexOf(b)));
  }

  /** {dotted path: value} as `make new` takes it; a list of groups (partenaires) whole. */
  function values(found) {
    const flat = {};
    for (const [name, value] of Object.entries(found)) {
      if (name === "registre") continue; // kept by the register's import: written after the plan
      const property = data.schema.properties[name] || {};
      if (property.type === "object" && !Array.isArray(value) && typeof value === "object") {
        for (const [key, inner] of Object.entries(value)) flat[`${name}.${key}`] = inner;
      } else {
        flat[name] = value;
      }
    }
    return flat;
  }

  // ---- checking --------------------------------------------------------------------------------

  /** What problems.js needs beside the record: the identifiers known so far (the themes, and the
   * organisations and communes of the lists fetched while typing), the postal codes of those communes. */
  function context() {
    const known = { theme: data.known.theme };
    for (const [name, list] of Object.entries(lists)) known[name] = list.names;
    const postalCodes = {};
    for (const [identifier, detail] of Object.entries(lists.commune.details)) postalCodes[identifier] = detail ? detail.split(", ") : [];
    return {
      ajv,
      kind: { name: data.type, references: data.references },
      known,
      unknown: data.unknown,
      today: data.today,
      postalCodes,
      legal: { rna: {}, siren: {}, siret: {} }, // numbers of the other organisations: checked by the team's build
      slug: original ? original.__id : null,
    };
  }

  /** The field's box (and control) a problem's path points to, or null. */
  function place(path) {
    let scope = form;
    let fields = data.fields;
    let field = null;
    for (let position = 0; position < path.length; position++) {
      const part = path[position];
      if (typeof part === "number") {
        if (field?.widget !== "group-list") break;
        const item = container(scope, field).querySelectorAll(":scope > .items > .item")[part];
        if (!item) break;
        scope = item;
        fields = field.children;
        continue;
      }
      const next = (fields || []).find((candidate) => candidate.name === part);
      if (!next) break;
      if (field && field.widget === "group") scope = container(scope, field);
      field = next;
      fields = next.children;
    }
    return field ? { field, box: container(scope, field) } : null;
  }

  /** A problem's field as the form names it: « Partenaire n° 2, Rôle » rather than the file's « partenaires (2e valeur), role ». */
  function label(path, field) {
    const item = path.find((part) => typeof part === "number");
    const list = item === undefined ? null : data.fields.find((candidate) => candidate.name === path[0]);
    return list ? `${list.item} n° ${item + 1}, ${field.label}` : field.label;
  }

  function clear() {
    for (const message of form.querySelectorAll(".field-error")) {
      message.hidden = true;
      message.textContent = "";
    }
    for (const box of form.querySelectorAll(".field-invalid")) box.classList.remove("field-invalid");
    for (const input of form.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
  }

  function show(problems) {
    clear();
    const links = [];
    for (const problem of problems) {
      const found = place(problem.path);
      let target = null;
      if (found) {
        found.box.classList.add("field-invalid");
        const message = found.box.querySelector(".field-error");
        message.hidden = false;
        message.textContent = message.textContent ? `${message.textContent} ; ${problem.message}` : problem.message;
        target = found.box.querySelector("input, select, textarea");
        for (const input of found.box.querySelectorAll("input, select, textarea")) input.setAttribute("aria-invalid", "true");
      }
      links.push({ text: `${found ? label(problem.path, found.field) : problem.field} : ${problem.message}`, target });
    }
    const list = summary.querySelector("ul");
    list.replaceChildren();
    for (const { text, target } of links) {
      const item = document.createElement("li");
      if (target) {
        const link = document.createElement("a");
        link.href = `#${target.id}`;
        link.textContent = text;
        link.addEventListener("click", (event) => {
          event.preventDefault();
          target.focus();
        });
        item.appendChild(link);
      } else {
        item.textContent = text;
      }
      list.appendChild(item);
    }
    summary.hidden = problems.length === 0;
  }

  function check() {
    const found = record();
    return { found, problems: window.AnnuaireProblems.check(found, data.schema, context()) };
  }

  function recheck() {
    if (!checked) return;
    const { problems } = check();
    show(problems);
  }

  // ---- the file and its sending ------------------------------------------------------------------

  function slugify(text) {
    let slug = Combobox.fold(text)
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "");
    if (slug.length > 60) slug = slug.slice(0, 60).replace(/-[^-]*$/, "");
    return slug;
  }

  /** The file name `make new` suggests: from the title, after its organisation's for offers and needs. */
  function suggestedSlug(found) {
    const title = found.titre || found.nom || "";
    let slug = slugify(title);
    const owner = found.organisation;
    if (data.type !== "organisation" && typeof owner === "string" && owner && "organisation" in data.schema.properties && !slug.startsWith(owner)) {
      slug = slugify(`${owner} ${title}`);
    }
    return slug;
  }

  function text(found) {
    let yaml = window.AnnuaireRecordYaml.render(data.plan, values(found), data.today);
    if (found.registre) yaml += `\n${block("registre", found.registre, "")}`;
    return yaml;
  }

  /** A group kept as it was (the register's provenance, which the plan leaves to the import). */
  function block(key, value, indent) {
    const end = indent ? "" : "\n"; // the whole block ends its line; its inner lines are joined
    if (value && typeof value === "object" && !Array.isArray(value)) {
      const inner = Object.entries(value).map(([name, item]) => block(name, item, `${indent}  `));
      return `${[`${indent}${key}:`, ...inner].join("\n")}${end}`;
    }
    return `${indent}${key}: ${window.AnnuaireRecordYaml.scalar(value)}${end}`;
  }

  function changedFields(found) {
    if (!original) return [];
    const names = new Set(Object.keys(found).concat(Object.keys(original)));
    // Compared as the form reads answers: trimmed, as `make new` trims them.
    const same = (value) => JSON.stringify(value, (_key, inner) => (typeof inner === "string" ? inner.trim() : inner));
    return [...names].filter((name) => name !== "mis_a_jour" && same(found[name]) !== same(original[name]));
  }

  function message(found, slug, path) {
    const title = found.titre || found.nom || slug;
    const lines = ["Bonjour,", ""];
    if (original) {
      const changed = changedFields(found);
      lines.push(`Je propose une modification de la fiche « ${title} » (${data.label.toLowerCase()}), fichier ${path}.`);
      lines.push(changed.length ? `Champs modifiés : ${changed.join(", ")}.` : "Aucun champ n'a changé : je confirme que la fiche est à jour.");
    } else {
      lines.push(`Je propose une nouvelle fiche pour l'annuaire : « ${title} » (${data.label.toLowerCase()}), à enregistrer dans ${path}.`);
    }
    lines.push("Elle a été vérifiée par le formulaire du site ; la voici :", "", "");
    return lines.join("\n");
  }

  /** The number of the file holding a record: FNV-1a (32 bits) of its identifier, as record_files.py. */
  function fileOf(slug, files) {
    let value = 0x811c9dc5;
    for (const byte of new TextEncoder().encode(slug)) value = Math.imul(value ^ byte, 0x01000193) >>> 0;
    return value % files;
  }

  const recordFiles = new Map();
  /** The record `slug` of this type as the site published it ({fiche, noms}), or null. */
  async function published(slug) {
    const number = fileOf(slug, data.records.files);
    if (!recordFiles.has(number)) {
      recordFiles.set(
        number,
        fetch(`${folder}${data.records.folder}${number}.json`).then((response) => {
          if (!response.ok) throw new Error(String(response.status));
          return response.json();
        }),
      );
    }
    return (await recordFiles.get(number))[slug] || null;
  }

  async function taken(slug) {
    try {
      return (await published(slug)) !== null;
    } catch (_error) {
      return false; // not known here: the team checks the name when it adds the file
    }
  }

  async function prepare(found) {
    const slug = original ? original.__id : suggestedSlug(found);
    const path = `data/${data.folder}/${slug}.yaml`;
    const yaml = text(found);
    document.getElementById("resultat-fichier").textContent = path;
    document.getElementById("resultat-texte").textContent = yaml;
    document.getElementById("resultat-nom-pris").hidden = original ? true : !(await taken(slug));
    const subject = `${original ? "Modification" : "Nouvelle fiche"} : ${found.titre || found.nom} (${data.label.toLowerCase()})`;
    const email = document.getElementById("envoi-courriel");
    if (email) email.href = `mailto:${data.email}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(message(found, slug, path) + yaml)}`;
    const git = document.getElementById("envoi-depot");
    if (git) {
      const links = data.repository;
      if (original) git.href = links.edit.replace("{slug}", slug);
      else if (git.dataset.host === "gitlab") git.href = links.new; // GitLab is not known to read a name or content from the address (gitlab-org/gitlab#337038)
      else git.href = `${links.new}?filename=${encodeURIComponent(`${slug}.yaml`)}&value=${encodeURIComponent(yaml)}`;
      git.onclick = () => copy(yaml); // where the host cannot take the text in its address, it is pasted
    }
    for (const name of result.querySelectorAll(".nom-fichier")) name.textContent = `${slug}.yaml`;
    for (const note of result.querySelectorAll(".depot-nouvelle")) note.hidden = Boolean(original);
    for (const note of result.querySelectorAll(".depot-modification")) note.hidden = !original;
    const changes = document.getElementById("resultat-changements");
    changes.hidden = !original;
    if (original) {
      const changed = changedFields(found).map((name) => data.fields.find((field) => field.name === name)?.label || name);
      changes.textContent = changed.length ? `Vous avez modifié : ${changed.join(", ")}.` : "Vous n'avez rien modifié : la fiche sera seulement datée d'aujourd'hui, pour dire qu'elle est à jour.";
    }
    document.getElementById("envoi-telecharger").onclick = () => download(`${slug}.yaml`, yaml);
    document.getElementById("envoi-copier").onclick = () => copy(yaml, true);
    form.hidden = true;
    summary.hidden = true;
    result.hidden = false;
    const heading = document.getElementById("resultat-titre");
    heading.scrollIntoView({ block: "start" });
    heading.focus({ preventScroll: true });
  }

  function download(name, content) {
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([content], { type: "application/yaml;charset=utf-8" }));
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  }

  async function copy(content, say) {
    const done = document.getElementById("copie-faite");
    try {
      await navigator.clipboard.writeText(content);
      if (say) done.textContent = "Texte copié : collez-le dans votre message.";
    } catch (_error) {
      if (say) done.textContent = "La copie n'a pas pu se faire : ouvrez « Voir la fiche » et copiez le texte.";
    }
  }

  // ---- filling, for a change ---------------------------------------------------------------------

  function fill(scope, field, value, names) {
    if (value === undefined || value === null) return;
    const box = container(scope, field);
    switch (field.widget) {
      case "group":
        for (const child of field.children) fill(box, child, value[child.name], names);
        return;
      case "group-list":
        for (const entry of value) {
          const item = addItem(field, scope);
          for (const child of field.children) fill(item, child, entry[child.name], names);
        }
        return;
      case "radios":
      case "checkboxes":
        box.dataset.order = JSON.stringify([].concat(value));
        for (const input of box.querySelectorAll("input")) input.checked = [].concat(value).includes(input.value);
        return;
      case "checkbox":
        control(scope, field).checked = value === true;
        return;
      case "reference":
      case "references":
        choosers.get(control(scope, field).id).fill(value, names[field.reference] || {});
        return;
      case "lines":
        control(scope, field).value = [].concat(value).join("\n");
        return;
      default:
        control(scope, field).value = String(value);
    }
  }

  async function load(slug) {
    const content = await published(slug);
    if (content === null) throw new Error(`${slug} : fiche inconnue`);
    original = { ...content.fiche };
    Object.defineProperty(original, "__id", { enumerable: false, value: slug });
    for (const field of data.fields) {
      if (field.widget === "group-list") container(form, field).querySelector(".items").replaceChildren();
      fill(form, field, content.fiche[field.name], content.noms || {});
    }
    const title = document.getElementById("titre-formulaire");
    title.textContent = title.dataset.change + (content.fiche.titre || content.fiche.nom || slug);
    document.getElementById("intro-nouvelle").hidden = true;
    document.getElementById("intro-modification").hidden = false;
  }

  // ---- start ---------------------------------------------------------------------------------

  async function start() {
    document.getElementById("formulaire-sans-js").hidden = true;
    form.hidden = false;
    setup(form);
    for (const field of data.fields) {
      if (field.widget !== "group-list") continue;
      addItem(field);
      container(form, field)
        .querySelector(".item-add")
        .addEventListener("click", () => addItem(field).querySelector("input, select, textarea").focus());
    }
    form.addEventListener("change", recheck);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      checked = true;
      const { found, problems } = check();
      show(problems);
      if (problems.length) summary.focus();
      else prepare(found);
    });
    document.getElementById("retour-formulaire").addEventListener("click", () => {
      result.hidden = true;
      form.hidden = false;
      form.querySelector("input, select, textarea").focus();
    });
    const slug = new URLSearchParams(window.location.search).get("modifier");
    if (slug) {
      try {
        await load(slug);
      } catch (_error) {
        const notice = document.getElementById("intro-modification");
        notice.hidden = false;
        notice.textContent = `La fiche « ${slug} » n'a pas pu être chargée : le formulaire est vide. Vérifiez l'adresse, ou remplissez-le.`;
      }
    }
    // « Proposer un contact » opens the form at its contact fields: the form was hidden when the page scrolled.
    const wanted = window.location.hash && document.getElementById(window.location.hash.slice(1));
    if (wanted && form.contains(wanted)) {
      wanted.scrollIntoView({ block: "start" });
      wanted.querySelector("input, select, textarea")?.focus({ preventScroll: true });
    }
    form.dataset.ready = "true";
  }

  window.AnnuaireForm = { fileOf }; // for the tests: the same file numbers as record_files.py
  start();
})();
