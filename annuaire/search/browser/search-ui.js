/*
 * The search page: instant results as you type, facets with counts, and the
 * query and facets kept in the URL (?q=salle&type=offer&theme=...), so that a
 * search can be shared and the back button works. When a word was corrected,
 * the status ends with « Vouliez-vous dire … ? » and a link that runs the
 * corrected query. The engine is search-core.js.
 */
(function () {
  'use strict'

  var app = document.getElementById('search-app')
  if (!app || !window.fetch || !window.lunr || !window.AnnuaireSearch) return

  // The search files the page preloads (the index, and the display shards when they are small)
  // are asked for first thing, so that reading them goes on while the rest is set up.
  var base = app.getAttribute('data-index')
  var requests = {}
  function fetched (name) {
    if (!requests[name]) {
      requests[name] = fetch(base + name).then(function (response) {
        if (!response.ok) throw new Error(name + ' : ' + response.status)
        return response.json()
      })
      requests[name].catch(function () {}) // a failure is reported where the file is used
    }
    return requests[name]
  }
  app.getAttribute('data-preload').split(' ').forEach(fetched)

  var PAGE = 20
  var FACET_LABELS = { type: 'Type', acces: 'Accès', categorie: 'Catégorie', theme: 'Thème', commune: 'Commune' }
  // The facets as the page shows them: « Gratuit » and « Disponible maintenant » after the type.
  var FACET_ORDER = ['type', 'acces', 'categorie', 'theme', 'commune']
  var input = document.getElementById('search-q')
  var form = input.form
  var status = document.getElementById('search-status')
  var list = document.getElementById('search-results')
  var facetBox = document.getElementById('search-facets')
  // « Filtrer », before the results: folded on a phone, always open beside them on a wide screen (site.css).
  var facetPanel = facetBox.closest('details')
  var facetToggle = facetPanel.querySelector('summary')
  var more = document.getElementById('search-more')
  var empty = document.getElementById('search-empty')
  var emptyFilters = document.getElementById('search-empty-filters')
  var siteRoot = app.getAttribute('data-root') // result URLs are relative to the site's root
  var engine = null
  var typeLabels = null // result type -> its label, as the index ships them
  var shown = PAGE
  var renderCount = 0

  document.getElementById('search-nojs').hidden = true
  app.hidden = false

  function readState () {
    var params = new URLSearchParams(window.location.search)
    var filters = {}
    AnnuaireSearch.FACETS.forEach(function (facet) {
      var values = params.getAll(facet)
      if (values.length) filters[facet] = values
    })
    return { q: params.get('q') || '', filters: filters }
  }

  // The page's address for a query and its filters.
  function urlOf (state) {
    var params = new URLSearchParams()
    if (state.q) params.set('q', state.q)
    AnnuaireSearch.FACETS.forEach(function (facet) {
      (state.filters[facet] || []).forEach(function (value) { params.append(facet, value) })
    })
    return window.location.pathname + (params.toString() ? '?' + params.toString() : '')
  }

  function writeState (state, push) {
    var url = urlOf(state)
    if (url === window.location.pathname + window.location.search) return
    window.history[push ? 'pushState' : 'replaceState'](null, '', url)
  }

  var state = readState()
  if (Object.keys(state.filters).length) facetPanel.open = true // an address with filters shows them
  input.value = state.q

  function plural (n, one, many) { return n + ' ' + (n > 1 ? many : one) }

  function element (tag, attributes, text) {
    var node = document.createElement(tag)
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]) })
    if (text) node.textContent = text
    return node
  }

  function renderFacets (facets) {
    facetBox.textContent = ''
    FACET_ORDER.forEach(function (facet) {
      var items = facets[facet] || []
      if (!items.length) return
      var fieldset = element('fieldset', { class: 'facet' })
      fieldset.appendChild(element('legend', {}, FACET_LABELS[facet]))
      items.forEach(function (item) {
        var id = 'f-' + facet + '-' + item.value
        var row = element('div', { class: 'facet-option' })
        var box = element('input', { type: 'checkbox', id: id, name: facet, value: item.value })
        box.checked = item.selected
        var label = element('label', { for: id })
        label.appendChild(document.createTextNode(item.label + ' '))
        label.appendChild(element('span', { class: 'n' }, '(' + item.count + ')'))
        row.appendChild(box)
        row.appendChild(label)
        fieldset.appendChild(row)
      })
      facetBox.appendChild(fieldset)
    })
  }

  // An offer's or a need's terms and dates, as on its listing card (the macro `terms` of
  // _macros.html): « Gratuit », the period, the expiry; terms is [conditions type, its label,
  // period, expiry], "" for what it lacks. Text nodes only: nothing in it is read as HTML.
  function termsLine (terms) {
    var line = element('p', { class: 'card-terms' })
    if (terms[0]) line.appendChild(element('span', { class: 'terms terms-' + terms[0] }, terms[1]))
    if (terms[2]) line.appendChild(element('span', {}, terms[2]))
    if (terms[3]) line.appendChild(element('span', {}, terms[3]))
    return line
  }

  function renderResults (rows) {
    list.textContent = ''
    rows.forEach(function (row) {
      var item = element('li')
      var article = element('article', { class: 'card card-' + row.type })
      var heading = element('h2', { class: 'card-title' })
      heading.appendChild(element('a', { href: siteRoot + row.url }, row.title))
      article.appendChild(heading)
      var meta = element('p', { class: 'card-meta' })
      meta.appendChild(element('span', { class: 'badge badge-' + row.type }, typeLabels[row.type] || row.type))
      if (row.place) meta.appendChild(element('span', { class: 'place' }, row.place))
      if (row.organisation) meta.appendChild(element('span', {}, row.organisation))
      article.appendChild(meta)
      if (row.snippet) article.appendChild(element('p', {}, row.snippet))
      if (row.terms.length) article.appendChild(termsLine(row.terms))
      item.appendChild(article)
      list.appendChild(item)
    })
  }

  // The status line: its message, then « Vouliez-vous dire … ? » with a link to the corrected
  // query when there is one. It is a live region: a screen reader reads both.
  function showStatus (message, suggestion) {
    status.textContent = message
    if (!suggestion) return
    status.appendChild(document.createTextNode(' Vouliez-vous dire « '))
    var link = element('a', { href: urlOf({ q: suggestion, filters: state.filters }), id: 'search-suggestion' }, suggestion)
    link.addEventListener('click', function (event) {
      event.preventDefault()
      runQuery(suggestion)
      input.focus()
    })
    status.appendChild(link)
    status.appendChild(document.createTextNode(' » ?'))
  }

  function showFailure () {
    status.textContent = 'La recherche n\'a pas pu se charger. Parcourez les listes de l\'annuaire en attendant.'
    document.getElementById('search-nojs').hidden = false
  }

  // The results, their count and the facets change together, in one update of the page, once
  // the results' display data is in (it may need a fetch). Resolves once the page shows them.
  function render () {
    if (!engine) return Promise.resolve()
    var current = ++renderCount
    var found = null
    return engine.search(state.q, state.filters).then(function (answer) {
      found = answer
      return current === renderCount ? engine.documents(found.results.slice(0, shown)) : null
    }).then(function (rows) {
      if (current !== renderCount) return
      renderResults(rows)
      // On a large directory the facets come after the first results: drawn once they are in.
      if (found.facets) renderFacets(found.facets)
      else engine.loadFacets().then(function () { if (current === renderCount) render() }).catch(showFailure)
      var filtered = Object.keys(state.filters).length > 0
      var chosen = 0
      Object.keys(state.filters).forEach(function (facet) { chosen += state.filters[facet].length })
      facetToggle.textContent = chosen ? 'Filtrer (' + chosen + ')' : 'Filtrer'
      var message
      // Stop words alone search nothing: the page lists the directory, as for an empty query.
      var ignored = found.words ? '' : 'Mots trop courants pour être cherchés : « ' + found.ignored.join(' ') + ' ». '
      if (!found.total) message = 'Aucun résultat' + (state.q ? ' pour « ' + state.q + ' »' : '') + '.'
      else if (!found.words) message = (found.ignored.length ? ignored : '') + plural(found.total, 'fiche', 'fiches') + (filtered ? ' avec ces filtres.' : ' dans l\'annuaire.')
      else message = plural(found.total, 'résultat', 'résultats') + ' pour « ' + state.q + ' »' + (found.allWords ? '' : ' (sans tous les mots)') + '.'
      var texts = []
      rows.forEach(function (row) { texts.push(row.title, row.snippet, row.organisation, row.place) })
      showStatus(message, found.correction && AnnuaireSearch.correctedQuery(found.correction, texts))
      empty.hidden = found.total > 0
      emptyFilters.hidden = !filtered
      more.hidden = found.total <= shown
    }).catch(showFailure)
  }

  var timer = null
  input.addEventListener('input', function () {
    clearTimeout(timer)
    timer = setTimeout(function () {
      state.q = input.value.trim()
      shown = PAGE
      writeState(state, false)
      render()
    }, 120)
  })
  form.addEventListener('submit', function (event) {
    event.preventDefault()
    runQuery(input.value.trim())
  })

  // A query run at once, as a new step of the history (submitted, or a suggestion followed).
  function runQuery (q) {
    clearTimeout(timer)
    input.value = q
    state.q = q
    shown = PAGE
    writeState(state, true)
    render()
  }
  facetBox.addEventListener('change', function (event) {
    var box = event.target
    var values = state.filters[box.name] || []
    values = box.checked ? values.concat([box.value]) : values.filter(function (v) { return v !== box.value })
    if (values.length) state.filters[box.name] = values
    else delete state.filters[box.name]
    shown = PAGE
    writeState(state, true)
    // The facets are drawn again: keep the focus on the box just ticked.
    render().then(function () {
      var again = document.getElementById(box.id)
      if (again) again.focus()
    })
  })
  document.getElementById('search-clear').addEventListener('click', function () {
    state.filters = {}
    writeState(state, true)
    render()
    input.focus()
  })
  more.addEventListener('click', function () {
    shown += PAGE
    render()
  })
  window.addEventListener('popstate', function () {
    state = readState()
    input.value = state.q
    render()
  })

  // The engine is built as soon as its index is in (the stemmer, plain JavaScript, is in this script).
  fetched('index.json').then(function (data) {
    var created = AnnuaireSearch.create(data, fetched)
    return created.ready.then(function () { return created })
  }).then(function (created) {
    engine = created
    typeLabels = engine.labels('type')
    render()
  }).catch(showFailure)
}())
