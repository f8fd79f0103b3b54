/*
 * The French messages of `make validate`, in the browser: the contribution form checks one record
 * with the project's JSON Schemas (Ajv 8, npm `ajv-dist`) and says its mistakes in the very words
 * the Python validator prints. Each function ports a Python one; change them together
 * (tests/contribute/test_message_parity.py runs both sides on the same cases):
 *
 *   fieldName(path)                    annuaire/problems.py field_name
 *   suggestion(value, known)           annuaire/records/identifiers.py suggestion (fold, _key, difflib)
 *   getCloseMatches(word, possibilities, n, cutoff), ratio(a, b)   Python's difflib
 *   dropEmptyOptional(data, schema)    annuaire/records/empty_values.py drop_empty_optional
 *   isDate(value)                      jsonschema's FormatChecker for "date": ajv.addFormat('date', isDate)
 *   sirenValid(s), siretValid(s)       annuaire/records/identifiers.py
 *   check(record, schema, context)     annuaire/records/schema_check.py check, then the checks of
 *                                      annuaire/records/consistency.py that concern one record
 *
 * check(record, schema, context) -> [{path: ['partenaires', 1, 'role'], field: 'partenaires (2e valeur), role',
 * message: '…'}, ...]: the problems `make validate` reports for that record's file. `record` is the
 * record as the form holds it (its empty optional fields are dropped here first, as the loader does);
 * `schema` is `schemas.inlined(kind.schema)` as JSON, the same object each time (its compiled
 * validator is kept). `context`:
 *
 *   ajv          an Ajv2020 instance: new Ajv2020({allErrors: true, verbose: true, strict: false}),
 *                with ajv.addFormat('date', AnnuaireProblems.isDate)
 *   kind         {name: 'offer', references: [{path: 'partenaires[].organisation', target: 'organisation',
 *                partnership: true, field: {description: '…', examples: [...]}}, ...]}: the record
 *                type's `references`, each with the description and examples of its field as
 *                `schemas.fields(kind.schema)` gives them (schema_check._reference_fields: the
 *                inlined schema may hold another description, and the Python message uses this one)
 *   known        {organisation: {id: name or null}, theme: {...}, commune: {...}}: every identifier of
 *                each type, with its readable name (title field), as consistency.check's `known`;
 *                null for a list that could not be read (its references are then not checked)
 *   unknown      {organisation: 'organisation inconnue', theme: 'thème inconnu', commune: 'commune
 *                inconnue'}: BY_NAME[target].unknown for each target
 *   today        'AAAA-MM-JJ', the date the checks compare with (build_date)
 *   postalCodes  {commune id: ['78280', ...]} of the communes that passed their schema
 *   legal        {rna: {value: slug}, siren: {...}, siret: {...}}: the well-formed numbers of the
 *                other organisations, each with the first slug (in file order) that holds it
 *   slug         the record's identifier (its file name without .yaml), or null when not chosen yet:
 *                a number already used is said of the later file only, as Python does
 *
 * Plain script, no build step: window.AnnuaireProblems in a page, module.exports in Node.
 */
;((root, factory) => {
  const api = factory()
  if (typeof module === 'object' && module.exports) {
    module.exports = api
  } else {
    root.AnnuaireProblems = api
  }
})(typeof globalThis !== 'undefined' ? globalThis : this, () => {
  'use strict'

  // ---- Python's str() of a JSON value, as the messages print it --------------------------------

  function pyFloat (number) {
    if (!Number.isFinite(number)) return Number.isNaN(number) ? 'nan' : number > 0 ? 'inf' : '-inf'
    // A JSON number cannot tell 20 from 20.0: an integral value is shown as Python shows an int.
    if (Number.isInteger(number)) return BigInt(number).toString()
    // Python's repr: shortest digits, exponent below 1e-4 or from 1e16, written e-05 / e+16.
    const magnitude = Math.abs(number)
    const text = magnitude < 1e-4 || magnitude >= 1e16 ? number.toExponential() : String(number)
    return text.replace(/e([+-])(\d)$/, 'e$10$2')
  }

  function pyRepr (value) {
    if (typeof value === 'string') {
      const quote = value.includes("'") && !value.includes('"') ? '"' : "'"
      const escaped = value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')
      return quote + (quote === "'" ? escaped.replace(/'/g, "\\'") : escaped) + quote
    }
    return pyStr(value)
  }

  function pyStr (value) {
    if (value === null || value === undefined) return 'None'
    if (value === true) return 'True'
    if (value === false) return 'False'
    if (typeof value === 'number') return pyFloat(value)
    if (typeof value === 'string') return value
    if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`
    return `{${Object.keys(value)
      .map((key) => `${pyRepr(key)}: ${pyRepr(value[key])}`)
      .join(', ')}}`
  }

  // Python compares strings by code point; JavaScript's < by UTF-16 unit (they differ past U+FFFF).
  function comparePy (a, b) {
    const left = Array.from(a)
    const right = Array.from(b)
    for (let i = 0; i < Math.min(left.length, right.length); i++) {
      const x = left[i].codePointAt(0)
      const y = right[i].codePointAt(0)
      if (x !== y) return x < y ? -1 : 1
    }
    return left.length - right.length
  }

  // Python's \s on text: what str.isspace() accepts (JavaScript's \s adds U+FEFF, lacks U+001C-U+001F, U+0085).
  const PY_SPACE = '\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000'

  // ---- annuaire/problems.py -------------------------------------------------------------------

  function ordinal (number) {
    return number === 1 ? '1re' : `${number}e`
  }

  function fieldName (path) {
    let text = ''
    let afterItem = false
    for (const part of path) {
      if (typeof part === 'number') {
        const position = `${ordinal(part + 1)} valeur`
        text += text ? ` (${position})` : position
      } else if (!text) {
        text = String(part)
      } else {
        text += `${afterItem ? ', ' : '.'}${part}`
      }
      afterItem = typeof part === 'number'
    }
    return text
  }

  // ---- difflib: SequenceMatcher(None, a, b) and get_close_matches, on code points --------------

  function matcher (b) {
    const b2j = new Map()
    b.forEach((elt, i) => {
      if (!b2j.has(elt)) b2j.set(elt, [])
      b2j.get(elt).push(i)
    })
    // autojunk: in a sequence of 200 or more, an element more frequent than 1% + 1 is "popular",
    // left out of the index (but still matched by the extensions of find_longest_match).
    if (b.length >= 200) {
      const ntest = Math.floor(b.length / 100) + 1
      for (const [elt, indices] of Array.from(b2j)) {
        if (indices.length > ntest) b2j.delete(elt)
      }
    }
    const fullbcount = new Map()
    for (const elt of b) fullbcount.set(elt, (fullbcount.get(elt) || 0) + 1)
    return { b, b2j, fullbcount }
  }

  function calculateRatio (matches, length) {
    return length ? (2.0 * matches) / length : 1.0
  }

  function findLongestMatch (a, m, alo, ahi, blo, bhi) {
    const b = m.b
    let besti = alo
    let bestj = blo
    let bestsize = 0
    let j2len = new Map()
    for (let i = alo; i < ahi; i++) {
      const newj2len = new Map()
      for (const j of m.b2j.get(a[i]) || []) {
        if (j < blo) continue
        if (j >= bhi) break
        const k = (j2len.get(j - 1) || 0) + 1
        newj2len.set(j, k)
        if (k > bestsize) {
          besti = i - k + 1
          bestj = j - k + 1
          bestsize = k
        }
      }
      j2len = newj2len
    }
    // No junk function: bjunk is empty, so only the first two extensions can apply.
    while (besti > alo && bestj > blo && a[besti - 1] === b[bestj - 1]) {
      besti--
      bestj--
      bestsize++
    }
    while (besti + bestsize < ahi && bestj + bestsize < bhi && a[besti + bestsize] === b[bestj + bestsize]) {
      bestsize++
    }
    return [besti, bestj, bestsize]
  }

  function matchingSize (a, m) {
    const queue = [[0, a.length, 0, m.b.length]]
    let total = 0
    while (queue.length) {
      const [alo, ahi, blo, bhi] = queue.pop()
      const [i, j, k] = findLongestMatch(a, m, alo, ahi, blo, bhi)
      if (k) {
        total += k
        if (alo < i && blo < j) queue.push([alo, i, blo, j])
        if (i + k < ahi && j + k < bhi) queue.push([i + k, ahi, j + k, bhi])
      }
    }
    return total
  }

  function quickRatio (a, m) {
    const avail = new Map()
    let matches = 0
    for (const elt of a) {
      const numb = avail.has(elt) ? avail.get(elt) : m.fullbcount.get(elt) || 0
      avail.set(elt, numb - 1)
      if (numb > 0) matches++
    }
    return calculateRatio(matches, a.length + m.b.length)
  }

  /** SequenceMatcher(None, a, b).ratio() */
  function ratio (a, b) {
    const first = Array.from(a)
    const m = matcher(Array.from(b))
    return calculateRatio(matchingSize(first, m), first.length + m.b.length)
  }

  function getCloseMatches (word, possibilities, n = 3, cutoff = 0.6) {
    const m = matcher(Array.from(word))
    const result = []
    for (const x of possibilities) {
      const a = Array.from(x)
      const la = a.length
      const lb = m.b.length
      if (calculateRatio(Math.min(la, lb), la + lb) >= cutoff && quickRatio(a, m) >= cutoff) {
        const score = calculateRatio(matchingSize(a, m), la + lb)
        if (score >= cutoff) result.push([score, x])
      }
    }
    // heapq.nlargest on (score, x): the best score, then the greatest text.
    result.sort((p, q) => (p[0] !== q[0] ? q[0] - p[0] : comparePy(q[1], p[1])))
    return result.slice(0, n).map((pair) => pair[1])
  }

  // ---- annuaire/meeting/keywords.py fold, annuaire/records/identifiers.py ------------------------

  // str.casefold() is full case folding: a character's capitals put back in small letters (ς → Σ → σ,
  // ᾳ → ΑΙ → αι, ß → SS → ss), except that ẞ folds to ss, ı stays ı and Cherokee folds to capitals.
  // Over every character Python 3.11 knows, fold() below gives what Python's does (measured).
  const CHEROKEE = /[\u13a0-\u13f5\u13f8-\u13fd\uab70-\uabbf]/u

  function casefold (text) {
    let folded = ''
    for (const char of text) {
      if (char === 'ẞ') folded += 'ss'
      else if (char === 'ı') folded += char
      else if (CHEROKEE.test(char)) folded += char.toUpperCase()
      else folded += char.toUpperCase().toLowerCase()
    }
    return folded
  }

  // unicodedata.combining(char) != 0: a mark of non-zero combining class is reordered before
  // U+0345 (class 240, the highest but one) by canonical ordering; a starter is not.
  function combining (char) {
    if (char === '\u0345') return true
    const probe = `a\u0345${char}`
    return probe.normalize('NFD') !== probe
  }

  function fold (word) {
    return Array.from(casefold(word).normalize('NFKD'))
      .filter((char) => !combining(char))
      .join('')
  }

  function key (text) {
    return fold(text)
      .replace(/œ/g, 'oe')
      .replace(/æ/g, 'ae')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
  }

  function sortedPy (items) {
    return items.slice().sort(comparePy)
  }

  /** The identifier `value` most likely means among `known` ({identifier: name}), or null. */
  function suggestion (value, known) {
    const wanted = key(value)
    if (!wanted) return null
    const identifiers = sortedPy(Object.keys(known))
    for (const identifier of identifiers) {
      const name = known[identifier]
      if (wanted === key(identifier) || (typeof name === 'string' && wanted === key(name))) return identifier
    }
    const longer = identifiers.filter((identifier) => key(identifier).startsWith(`${wanted}-`))
    if (longer.length === 1) return longer[0]
    const byKey = new Map()
    for (const identifier of identifiers) {
      const folded = key(identifier)
      if (!byKey.has(folded)) byKey.set(folded, identifier)
    }
    const close = getCloseMatches(wanted, Array.from(byKey.keys()), 1, 0.6)
    return close.length ? byKey.get(close[0]) : null
  }

  function luhnValid (digits) {
    let total = 0
    Array.from(digits)
      .reverse()
      .forEach((char, position) => {
        const value = Number(char) * (position % 2 ? 2 : 1)
        total += value > 9 ? value - 9 : value
      })
    return total % 10 === 0
  }

  const ALL_DIGITS = /^[0-9]+$/
  const LA_POSTE_SIREN = '356000000'
  const LA_POSTE_HEAD_OFFICE = '35600000000048'

  function sirenValid (siren) {
    return siren.length === 9 && ALL_DIGITS.test(siren) && luhnValid(siren)
  }

  function siretValid (siret) {
    if (siret.length !== 14 || !ALL_DIGITS.test(siret)) return false
    if (siret.startsWith(LA_POSTE_SIREN) && siret !== LA_POSTE_HEAD_OFFICE) {
      return Array.from(siret).reduce((sum, char) => sum + Number(char), 0) % 5 === 0
    }
    return luhnValid(siret)
  }

  // ---- annuaire/records/empty_values.py ----------------------------------------------------------

  function isPlainObject (value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value)
  }

  function isEmpty (value) {
    return value === '' || value === null || (Array.isArray(value) && value.length === 0) || (isPlainObject(value) && Object.keys(value).length === 0)
  }

  function dropEmptyOptional (data, node) {
    if (Array.isArray(data)) {
      const items = node.items || {}
      return data.map((item) => dropEmptyOptional(item, items))
    }
    if (!isPlainObject(data) || !isPlainObject(node.properties)) return data
    const required = new Set(node.required || [])
    const result = {}
    for (const name of Object.keys(data)) {
      let value = data[name]
      const child = Object.hasOwn(node.properties, name) ? node.properties[name] : undefined
      if (child !== undefined) value = dropEmptyOptional(value, child)
      if (!required.has(name) && child !== undefined && isEmpty(value)) continue
      result[name] = value
    }
    return result
  }

  // ---- jsonschema's FormatChecker "date": AAAA-MM-JJ (ASCII digits), a day that exists ----------

  function dateExists (year, month, day) {
    if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return false
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
    const lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return day <= lengths[month - 1]
  }

  function isDate (value) {
    if (typeof value !== 'string') return true
    const match = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(value)
    return match !== null && dateExists(Number(match[1]), Number(match[2]), Number(match[3]))
  }

  // ---- annuaire/records/schema_check.py ----------------------------------------------------------

  const TYPE_NAMES = {
    string: 'un texte',
    integer: 'un nombre entier',
    number: 'un nombre',
    boolean: 'true ou false',
    array: 'une liste (lignes commençant par « - »)',
    object: 'un groupe de champs (« champ: valeur » indentés en dessous)',
    null: 'vide'
  }

  const FILL_IN = new Set(['oneOf', 'enum', 'const', 'pattern', 'format', 'type', 'minLength'])
  const FRENCH_DATE = new RegExp(`^[${PY_SPACE}]*([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})[${PY_SPACE}]*$`, 'u')
  const SPACES = new RegExp(`[${PY_SPACE}]+`, 'gu')

  /** schemas.choices: {value: label} of a closed list of `const`s, or null. */
  function choices (node) {
    const options = node.oneOf
    if (Array.isArray(options) && options.length && options.every((option) => isPlainObject(option) && 'const' in option)) {
      const labels = {}
      for (const option of options) labels[option.const] = 'title' in option ? option.title : option.const
      return labels
    }
    return null
  }

  function length (text) {
    return Array.from(text).length
  }

  function dateExample (node) {
    const examples = node.examples
    return pyStr(Array.isArray(examples) && examples.length ? examples[0] : '2026-11-13')
  }

  function dateHint (value, node) {
    const match = FRENCH_DATE.exec(value)
    if (match) {
      const [day, month, year] = match.slice(1).map(Number)
      if (dateExists(year, month, day)) {
        const iso = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
        return ` ; vouliez-vous dire « ${iso} » ?`
      }
    }
    return ` (par exemple ${dateExample(node)})`
  }

  function compactHint (value, pattern) {
    const compact = value.replace(SPACES, '')
    // The schema's pattern as Ajv reads it (a `u` regular expression), like the check that failed.
    if (compact !== value && new RegExp(pattern, 'u').test(compact)) return ` ; sans les espaces : « ${compact} »`
    return ''
  }

  function expectedFormat (node) {
    const parts = []
    if (node.description) {
      const description = String(node.description).replace(/\.+$/, '')
      parts.push(description.charAt(0).toLowerCase() + description.slice(1))
    }
    if (Array.isArray(node.examples) && node.examples.length) {
      const example = node.examples[0]
      parts.push(`exemple : ${pyStr(Array.isArray(example) && example.length ? example[0] : example)}`)
    }
    return parts.length ? ` : ${parts.join(' ; ')}` : ''
  }

  function unknownField (name, known, properties) {
    const close = getCloseMatches(name, known, 1, 0.6)
    if (close.length) return `champ inconnu : vouliez-vous dire « ${close[0]} » ?`
    // A field of a group written at the wrong level: `telephone:` beside `nom:` instead of under `contact:`.
    const groups = Object.keys(properties).filter((group) => {
      const node = properties[group]
      return isPlainObject(node) && isPlainObject(node.properties) && Object.hasOwn(node.properties, name)
    })
    if (groups.length) {
      return `champ inconnu à cet endroit : « ${name} » se range dans « ${groups[0]} » (écrivez « ${groups[0]}: » puis, en dessous et en retrait, « ${name}: … »)`
    }
    return `champ inconnu ; champs permis : ${known.join(', ')}`
  }

  /** schema_check._message: `keyword` failed on `value` in schema `node`; `field`: a reference field's own schema. */
  function message (keyword, value, node, field, fallback) {
    const expected = node[keyword]
    if ((value === '' || value === null) && FILL_IN.has(keyword)) {
      // Left empty: to fill in, not a wrong value.
      const allowed = choices(node)
      return `à remplir${allowed ? ` ; valeurs permises : ${Object.keys(allowed).join(', ')}` : ''}`
    }
    if (keyword === 'oneOf' && choices(node)) {
      const allowed = choices(node)
      const close = suggestion(pyStr(value), allowed)
      const hint = close ? ` ; vouliez-vous dire « ${close} » ?` : ''
      return `valeur « ${pyStr(value)} » inconnue ; valeurs permises : ${Object.keys(allowed).join(', ')}${hint}`
    }
    if (keyword === 'type') {
      const names = typeof expected === 'string' ? [expected] : expected
      const onlyString = names.length === 1 && names[0] === 'string'
      if (onlyString && node.format === 'date') return `doit être une date au format AAAA-MM-JJ, par exemple ${dateExample(node)}`
      if (onlyString && typeof value === 'number') return `doit être un texte : écrivez la valeur entre guillemets, « "${pyStr(value)}" »`
      return `doit être ${names.map((name) => (Object.hasOwn(TYPE_NAMES, name) ? TYPE_NAMES[name] : name)).join(' ou ')}`
    }
    if (keyword === 'minLength') return expected <= 1 ? 'ne doit pas être vide' : `trop court (${length(value)} caractères, ${expected} au moins)`
    if (keyword === 'maxLength') return `trop long (${length(value)} caractères, ${expected} au plus)`
    if (keyword === 'pattern') {
      if (expected === '\\S') return 'ne doit pas être vide'
      return `format invalide « ${value} »${expectedFormat(field || node)}${compactHint(value, expected)}`
    }
    if (keyword === 'format') {
      if (expected === 'date') return `date invalide « ${value} » : écrivez une date qui existe, au format AAAA-MM-JJ${dateHint(value, node)}`
      return `format invalide « ${value} »${expectedFormat(field || node)}`
    }
    if (keyword === 'minItems') return expected <= 1 ? 'la liste ne doit pas être vide' : `la liste doit avoir au moins ${pyStr(expected)} éléments`
    if (keyword === 'maxItems') return `la liste a trop d'éléments (${value.length}, ${pyStr(expected)} au plus)`
    if (keyword === 'uniqueItems') return 'la liste contient des doublons'
    if (keyword === 'minProperties') return 'ne doit pas être vide : remplissez au moins un champ, ou retirez-le'
    if (keyword === 'minimum') return `doit valoir au moins ${pyStr(expected)}`
    if (keyword === 'maximum') return `doit valoir au plus ${pyStr(expected)}`
    if (keyword === 'exclusiveMinimum') return `doit être supérieur à ${pyStr(expected)}`
    if (keyword === 'const' || keyword === 'enum') {
      const allowed = keyword === 'const' ? [expected] : expected
      return `valeur « ${pyStr(value)} » non permise ; valeurs permises : ${allowed.map(pyStr).join(', ')}`
    }
    // jsonschema's English message has no equivalent here: Ajv's stands in (not met with these schemas).
    return `valeur invalide (${fallback})`
  }

  // ---- From Ajv's errors to the Python validator's ----------------------------------------------

  function unescapePointer (part) {
    return part.replace(/~1/g, '/').replace(/~0/g, '~')
  }

  /** Ajv's instancePath as absolute_path: an item's place is a number, as jsonschema gives it. */
  function instancePath (pointer, data) {
    const path = []
    let value = data
    for (const raw of pointer ? pointer.split('/').slice(1) : []) {
      const part = unescapePointer(raw)
      if (Array.isArray(value)) {
        path.push(Number(part))
        value = value[Number(part)]
      } else {
        path.push(part)
        value = isPlainObject(value) ? value[part] : undefined
      }
    }
    return path
  }

  /** The place of each keyword met on the way to an error, in schema order: jsonschema walks a
   * schema's keywords in that order and keeps, for each field, the first error it meets. */
  function schemaOrder (schema, schemaPath) {
    const order = []
    let node = schema
    for (const raw of schemaPath.replace(/^#\/?/, '').split('/')) {
      const part = unescapePointer(raw)
      if (Array.isArray(node)) {
        order.push(Number(part))
      } else if (isPlainObject(node)) {
        order.push(Object.keys(node).indexOf(part))
      } else {
        break
      }
      node = node === null || node === undefined ? undefined : node[part]
    }
    return order
  }

  function compareOrder (a, b) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      if (a[i] !== b[i]) return a[i] - b[i]
    }
    return a.length - b.length
  }

  // An error inside a branch of oneOf/anyOf is part of that keyword's own error, as in jsonschema.
  const IN_BRANCH = /\/(oneOf|anyOf)\/[0-9]+(\/|$)/

  function dotted (path) {
    let text = ''
    for (const part of path) {
      text += typeof part === 'number' ? '[]' : text ? `.${part}` : String(part)
    }
    return text.replace(/\[\]$/, '')
  }

  const validators = new WeakMap()

  function validatorOf (ajv, schema) {
    const cached = validators.get(schema)
    if (cached && cached.ajv === ajv) return cached.validate
    // offer and need inline the same resource.schema.json: without its $id, one Ajv holds both.
    const copy = Object.assign({}, schema)
    delete copy.$id
    const validate = ajv.compile(copy)
    validators.set(schema, { ajv, validate })
    return validate
  }

  function schemaProblems (data, schema, context) {
    const validate = validatorOf(context.ajv, schema)
    if (validate(data)) return []
    const references = {}
    for (const reference of context.kind.references || []) references[reference.path] = reference.field || null
    const found = []
    for (const error of validate.errors) {
      if (error.keyword === 'propertyNames' || IN_BRANCH.test(error.schemaPath)) continue
      const path = instancePath(error.instancePath, data)
      const order = schemaOrder(schema, error.schemaPath)
      const node = error.parentSchema
      if (error.keyword === 'additionalProperties') {
        const properties = isPlainObject(node.properties) ? node.properties : {}
        const extra = error.params.additionalProperty
        found.push({ order, path: path.concat([extra]), message: unknownField(extra, sortedPy(Object.keys(properties)), properties) })
      } else if (error.keyword === 'required') {
        // As schema_check._problems: every missing field, each once.
        found.push({ order, path: path.concat([error.params.missingProperty]), message: 'champ obligatoire manquant' })
      } else {
        const value = error.propertyName !== undefined ? error.propertyName : error.data
        const where = dotted(path)
        const field = Object.hasOwn(references, where) ? references[where] : null
        found.push({ order, path, message: message(error.keyword, value, node, field, error.message) })
      }
    }
    found.sort((a, b) => compareOrder(a.order, b.order))
    const byField = new Map()
    for (const problem of found) {
      const name = fieldName(problem.path)
      if (!byField.has(name)) byField.set(name, { path: problem.path, field: name, message: problem.message })
    }
    return Array.from(byField.values())
  }

  // ---- annuaire/records/consistency.py, for one record ------------------------------------------

  function problem (path, text) {
    return { path, field: fieldName(path), message: text }
  }

  function isBlank (text) {
    return !text.replace(new RegExp(`^[${PY_SPACE}]+|[${PY_SPACE}]+$`, 'gu'), '')
  }

  function places (reference, data, valid, schema) {
    const field = reference.path.split('.')[0].replace(/\[\]$/, '')
    const value = isPlainObject(data) ? data[field] : undefined
    const partnership = reference.path !== field
    const entryKey = reference.path.split('.').pop()
    if (valid) {
      if (value === undefined || value === null || value === '') return []
      if (partnership) return value.map((entry, index) => [[field, index, entryKey], entry[entryKey]])
      if (Array.isArray(value)) return value.map((item, index) => [[field, index], item])
      return [[[field], value]]
    }
    // A record that failed its schema: only identifiers written as text where the schema wants them.
    let found
    if (partnership) {
      const entries = Array.isArray(value) ? value : []
      found = []
      entries.forEach((entry, index) => {
        if (isPlainObject(entry)) found.push([[field, index, entryKey], entry[entryKey]])
      })
    } else if (isPlainObject(schema.properties) && isPlainObject(schema.properties[field]) && schema.properties[field].type === 'array') {
      found = Array.isArray(value) ? value.map((item, index) => [[field, index], item]) : []
    } else {
      found = [[[field], value]]
    }
    return found.filter(([, item]) => typeof item === 'string' && !isBlank(item))
  }

  function referenceProblems (data, valid, schema, context) {
    const problems = []
    for (const reference of context.kind.references || []) {
      const known = context.known?.[reference.target]
      const seen = new Set()
      for (const [where, value] of places(reference, data, valid, schema)) {
        if (known && !Object.hasOwn(known, value)) {
          const close = suggestion(value, known)
          const hint = close ? ` ; vouliez-vous dire « ${close} » ?` : ''
          problems.push(problem(where, `${context.unknown[reference.target]} « ${value} »${hint}`))
        }
        if (reference.partnership) {
          if (seen.has(value)) problems.push(problem(where, `« ${value} » est déjà cité comme partenaire : un seul rôle par organisation`))
          seen.add(value)
        }
      }
    }
    return problems
  }

  // Python's `$` also matches before a final newline: these are consistency.py's own expressions.
  const ISO_DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}\n?$/
  const LEGAL_FORMS = { rna: /^W[0-9][0-9AB][0-9]{7}\n?$/, siren: /^[0-9]{9}\n?$/, siret: /^[0-9]{14}\n?$/ }
  const POSTAL_CODE = /^[0-9]{5}\n?$/

  function dateAt (data, path) {
    let value = data
    for (const part of path) {
      if (!isPlainObject(value) || !Object.hasOwn(value, part)) return null
      value = value[part]
    }
    if (typeof value !== 'string' || !ISO_DATE.test(value) || !isDate(value)) return null
    return value
  }

  function nextDay (iso) {
    const [year, month, day] = iso.split('-').map(Number)
    const date = new Date(0)
    date.setUTCFullYear(year, month - 1, day + 1) // not Date.UTC, which reads years below 100 as 19xx
    return `${String(date.getUTCFullYear()).padStart(4, '0')}-${String(date.getUTCMonth() + 1).padStart(2, '0')}-${String(date.getUTCDate()).padStart(2, '0')}`
  }

  function dateProblems (data, today) {
    if (!isPlainObject(data) || !today) return []
    const problems = []
    const pairs = [
      [['debut'], ['fin'], 'la fin précède le début'],
      [['disponibilite', 'debut'], ['disponibilite', 'fin'], 'la fin de disponibilité précède son début'],
      [['publie_le'], ['expire_le'], "la date d'expiration précède la date de publication"]
    ]
    for (const [startPath, endPath, text] of pairs) {
      const start = dateAt(data, startPath)
      const end = dateAt(data, endPath)
      if (start && end && end < start) problems.push(problem(endPath, `${text} (${end} < ${start})`))
    }
    const tomorrow = nextDay(today)
    for (const path of [['mis_a_jour'], ['publie_le']]) {
      const value = dateAt(data, path)
      if (value && value > tomorrow) problems.push(problem(path, `date dans le futur (${value}) : faute de frappe ?`))
    }
    const end = dateAt(data, ['fin'])
    if (data.statut === 'termine' && end && end > today) problems.push(problem(['statut'], `projet dit « terminé » mais sa fin est à venir (${end})`))
    return problems
  }

  function legalProblems (data, context) {
    if (!isPlainObject(data)) return []
    const problems = []
    const numbers = {}
    for (const name of Object.keys(LEGAL_FORMS)) {
      if (typeof data[name] === 'string' && LEGAL_FORMS[name].test(data[name])) numbers[name] = data[name]
    }
    if ('siren' in numbers && !sirenValid(numbers.siren)) {
      problems.push(problem(['siren'], `SIREN « ${numbers.siren} » invalide : la clé de contrôle ne correspond pas (vérifiez les chiffres)`))
    }
    if ('siret' in numbers) {
      if (!siretValid(numbers.siret)) {
        problems.push(problem(['siret'], `SIRET « ${numbers.siret} » invalide : la clé de contrôle ne correspond pas (vérifiez les chiffres)`))
      } else if ('siren' in numbers && !numbers.siret.startsWith(numbers.siren)) {
        problems.push(problem(['siret'], `le SIRET doit commencer par le SIREN ${numbers.siren}`))
      }
    }
    const legal = context.legal || {}
    for (const name of ['rna', 'siren', 'siret']) {
      const holders = legal[name] || {}
      if (!(name in numbers) || !Object.hasOwn(holders, numbers[name])) continue
      const other = holders[numbers[name]]
      // Files are read in name order: the later of the two is told.
      if (context.slug === null || context.slug === undefined || comparePy(`${other}.yaml`, `${context.slug}.yaml`) < 0) {
        problems.push(problem([name], `${name.toUpperCase()} « ${numbers[name]} » déjà utilisé par « ${other} »`))
      }
    }
    return problems
  }

  function postalProblems (data, context) {
    const codes = context.postalCodes || {}
    if (!isPlainObject(data)) return []
    const postal = data.code_postal
    const commune = data.commune
    if (typeof postal === 'string' && POSTAL_CODE.test(postal) && typeof commune === 'string' && Object.hasOwn(codes, commune) && !codes[commune].includes(postal)) {
      return [problem(['code_postal'], `le code postal ${postal} n'est pas celui de la commune « ${commune} » (${codes[commune].join(', ')})`)]
    }
    return []
  }

  /** Every problem `make validate` reports for one record of type `context.kind` (see the top of the file). */
  function check (record, schema, context) {
    const data = dropEmptyOptional(record, schema)
    const found = schemaProblems(data, schema, context)
    const references = referenceProblems(data, found.length === 0, schema, context)
    // An unknown identifier takes the place of the format problem of the same field.
    const replaced = new Set(references.map((item) => item.field))
    let others = dateProblems(data, context.today)
    if (context.kind.name === 'organisation') others = others.concat(legalProblems(data, context), postalProblems(data, context))
    return found.filter((item) => !replaced.has(item.field)).concat(references, others)
  }

  return {
    check,
    dropEmptyOptional,
    fieldName,
    fold,
    getCloseMatches,
    isDate,
    ratio,
    sirenValid,
    siretValid,
    suggestion
  }
})
