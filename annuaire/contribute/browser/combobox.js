/* The contribution form's searchable choices: an organisation, a commune, among thousands.
 *
 * The names come in small files (annuaire/contribute/choice_lists.py): one per start of a word (two
 * letters, more where needed), and index.json with each file's count and the words too common to be
 * filed. A search fetches the file of the typed word whose file is smallest, and keeps the names whose
 * words begin with every typed word.
 *
 * The field follows the ARIA "combobox with list autocomplete" pattern: arrows move in the
 * suggestions, Entrée chooses, Échap closes; a status line says how many there are. The chosen
 * identifier is kept in `data-value`; text typed and not chosen stays as typed, and the form's
 * check says what it may mean (« vouliez-vous dire … »).
 */
(() => {
  const PREFIX = 2;
  const SHOWN = 12;

  /** As choice_lists.words folds: the search's fold (ported in problems.js), œ and æ spelt out. */
  function fold(text) {
    return window.AnnuaireProblems.fold(String(text)).replace(/œ/g, "oe").replace(/æ/g, "ae");
  }

  function words(text) {
    return fold(text)
      .split(/[^a-z0-9]+/)
      .filter(Boolean);
  }

  /** The names of one type (organisation, commune), fetched by pieces and remembered. */
  class ChoiceList {
    constructor(base) {
      this.base = base;
      this.index = null;
      this.pieces = new Map();
      this.names = {}; // {identifier: name} of every entry seen: the form's check looks there
      this.details = {}; // {identifier: detail}: a commune's postal codes, an organisation's commune
    }

    async fetchJson(name) {
      const response = await fetch(this.base + name);
      if (!response.ok) throw new Error(`${this.base}${name} : ${response.status}`);
      return response.json();
    }

    remember(identifier, name, detail) {
      this.names[identifier] = name;
      if (detail !== undefined) this.details[identifier] = detail;
    }

    async piece(prefix) {
      if (!this.pieces.has(prefix)) {
        this.pieces.set(
          prefix,
          this.fetchJson(`${prefix}.json`).then((rows) => {
            for (const [identifier, name, detail] of rows) this.remember(identifier, name, detail);
            return rows;
          }),
        );
      }
      return this.pieces.get(prefix);
    }

    /** The file holding every name with a word that begins with `word`, or null: a word too common to
     * be filed (« association »), or shorter than the start its file needs (« as » where « ass » is). */
    key(word) {
      const letters = this.index.depth[word.slice(0, PREFIX)] || PREFIX;
      // The start of a word too common to be filed (« assoc ») would find only the other words.
      if (word.length < letters || this.index.common.some((common) => common.startsWith(word))) return null;
      const key = word.slice(0, letters);
      return key in this.index.files ? key : "";
    }

    /** [[identifier, name, detail], ...] whose words begin with each word of `query`; null: type more. */
    async search(query) {
      const wanted = words(query);
      if (this.index === null) this.index = await this.fetchJson("index.json");
      const keys = wanted.map((word) => this.key(word));
      if (keys.includes("")) return []; // a word no name has
      const usable = keys.filter(Boolean);
      if (!usable.length) return null;
      const smallest = usable.reduce((best, key) => (this.index.files[key] < this.index.files[best] ? key : best));
      const rows = await this.piece(smallest);
      return rows.filter(([identifier, name]) => {
        const own = words(name).concat(words(identifier));
        return wanted.every((word) => own.some((candidate) => candidate.startsWith(word)));
      });
    }
  }

  let counter = 0;

  /** Turn `input` (role=combobox) into a searchable choice; `onChange` runs after each choice. */
  function attach(input, list, onChange) {
    const listbox = document.getElementById(input.getAttribute("aria-controls"));
    const many = input.dataset.many === "true";
    const chosen = many ? document.getElementById(`${input.id}-choisis`) : null;
    const status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    input.parentNode.appendChild(status);
    let rows = [];
    let active = -1;
    let typing = null;
    let asked = 0;

    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function show(found) {
      rows = found.slice(0, SHOWN);
      listbox.replaceChildren();
      rows.forEach(([identifier, name, detail], position) => {
        const option = document.createElement("li");
        option.id = `${input.id}-option-${++counter}`;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.dataset.value = identifier;
        option.textContent = name;
        if (detail) {
          const small = document.createElement("span");
          small.className = "option-detail";
          small.textContent = ` · ${detail}`;
          option.appendChild(small);
        }
        option.addEventListener("mousedown", (event) => event.preventDefault()); // keep the focus in the field
        option.addEventListener("click", () => choose(position));
        listbox.appendChild(option);
      });
      listbox.hidden = rows.length === 0;
      input.setAttribute("aria-expanded", rows.length ? "true" : "false");
      status.textContent = input.value.trim()
        ? rows.length
          ? `${found.length} suggestion${found.length > 1 ? "s" : ""}${found.length > SHOWN ? `, ${SHOWN} affichées : précisez` : ""}`
          : "aucune suggestion"
        : "";
    }

    function move(step) {
      if (!rows.length) return;
      const options = listbox.children;
      if (active >= 0) options[active].setAttribute("aria-selected", "false");
      active = (active + step + rows.length) % rows.length;
      options[active].setAttribute("aria-selected", "true");
      options[active].scrollIntoView({ block: "nearest" });
      input.setAttribute("aria-activedescendant", options[active].id);
    }

    function choose(position) {
      const [identifier, name] = rows[position];
      list.remember(identifier, name);
      if (many) {
        add(identifier, name);
        input.value = "";
      } else {
        input.value = name;
        input.dataset.value = identifier;
      }
      close();
      onChange();
    }

    function add(identifier, name) {
      if ([...chosen.children].some((item) => item.dataset.value === identifier)) return;
      const item = document.createElement("li");
      item.dataset.value = identifier;
      item.append(`${name} `);
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "link-button";
      remove.textContent = "retirer";
      remove.setAttribute("aria-label", `Retirer ${name}`);
      remove.addEventListener("click", () => {
        item.remove();
        input.focus();
        onChange();
      });
      item.appendChild(remove);
      chosen.appendChild(item);
    }

    input.addEventListener("input", () => {
      delete input.dataset.value;
      clearTimeout(typing);
      const query = input.value;
      typing = setTimeout(async () => {
        const ticket = ++asked;
        let found = [];
        try {
          found = await list.search(query);
        } catch (_error) {
          status.textContent = "la liste des suggestions n'a pas pu être chargée";
          return;
        }
        if (ticket !== asked) return; // an older answer never replaces a newer one
        if (found === null) {
          show([]);
          status.textContent = query.trim() ? "continuez à taper : ce mot est trop courant ou trop court" : "";
        } else show(found);
      }, 120);
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (listbox.hidden && rows.length) {
          listbox.hidden = false;
          input.setAttribute("aria-expanded", "true");
        }
        move(event.key === "ArrowDown" ? 1 : -1);
      } else if (event.key === "Enter" && !listbox.hidden && active >= 0) {
        event.preventDefault();
        choose(active);
      } else if (event.key === "Escape" && !listbox.hidden) {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", () => setTimeout(close, 150));

    return {
      /** The identifier(s) of the field: chosen ones, else the text typed (checked as written). */
      value() {
        if (!many) return input.dataset.value || input.value.trim();
        const values = [...chosen.children].map((item) => item.dataset.value);
        const pending = input.value.trim();
        return pending ? values.concat([pending]) : values;
      },
      /** Fill with identifiers, shown by the names `names` gives ({identifier: name}). */
      fill(value, names) {
        for (const identifier of [].concat(value)) {
          const name = names[identifier] || identifier;
          list.remember(identifier, name);
          if (many) add(identifier, name);
          else {
            input.value = name;
            input.dataset.value = identifier;
          }
        }
      },
    };
  }

  window.AnnuaireCombobox = { ChoiceList, attach, fold, words };
})();
