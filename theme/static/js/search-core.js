/*
 * The directory's search engine, without any DOM: the browser page
 * (search-ui.js) and `make query` (plugins/directory_search/query.js) run
 * this same code. It needs lunr.js and search-fr.js (lunr.fr) loaded first.
 *
 *   AnnuaireSearch.create(indexJson, loadShard) -> engine
 *   engine.search(text, filters)   -> { results, total, allWords, facets }
 *   engine.documents(results)      -> Promise of display rows for those results
 *
 * Each word of the query is searched on its own (exact stems, prefixes while
 * typing, one typo for long words) and documents holding every word come
 * first: "salle guyancourt" means a room in Guyancourt, not any room.
 */
(function (root, factory) {
  if (typeof module === 'object' && module.exports) {
    module.exports = factory(require('lunr'))
  } else {
    root.AnnuaireSearch = factory(root.lunr)
  }
}(typeof self !== 'undefined' ? self : this, function (lunr) {
  'use strict'

  var FACETS = ['type', 'categorie', 'theme', 'commune']
  var PREFIX_MIN = 3 // letters typed before prefix matching starts
  var TYPO_MIN = 5 // letters before one typo is forgiven
  var TYPO2_MIN = 9 // letters before two are
  var BOOST = { exact: 10, prefix: 2, typo: 0.5 }

  // A query word as the index sees it: its stems, and its bare form for prefixes.
  function analyseWord (word) {
    var token = lunr.fr.normalise(new lunr.Token(word, {}))
    token = token && lunr.fr.elision(token)
    if (!token) return null
    var bare = lunr.fr.fold(token.toString())
    var stems = lunr.fr.stopWordFilter(new lunr.Token(token.toString(), {})) ? lunr.fr.analyse(token.toString()) : []
    return { word: token.toString(), bare: bare, stems: stems }
  }

  function splitWords (text) {
    return String(text || '').split(/[\s\-]+/).map(analyseWord).filter(function (w) {
      return w && (w.stems.length || w.bare.length >= PREFIX_MIN)
    })
  }

  function Engine (data, loadShard) {
    this.index = lunr.Index.load(data.index)
    this.count = data.count
    this.shardSize = data.shardSize
    this.facets = data.facets
    this.loadShard = loadShard
    this.shards = {}
  }

  // Scores of the documents matching one word: ref position -> score.
  Engine.prototype.matchWord = function (word) {
    var results = this.index.query(function (q) {
      word.stems.forEach(function (stem) {
        q.term(stem, { usePipeline: false, boost: BOOST.exact })
        if (stem.length >= TYPO_MIN) {
          q.term(stem, { usePipeline: false, boost: BOOST.typo, editDistance: stem.length >= TYPO2_MIN ? 2 : 1 })
        }
      })
      if (word.bare.length >= PREFIX_MIN) {
        q.term(word.bare, { usePipeline: false, boost: BOOST.prefix, wildcard: lunr.Query.wildcard.TRAILING })
      }
      word.stems.forEach(function (stem) {
        if (stem !== word.bare && stem.length >= PREFIX_MIN) {
          q.term(stem, { usePipeline: false, boost: BOOST.prefix, wildcard: lunr.Query.wildcard.TRAILING })
        }
      })
    })
    var scores = new Map()
    results.forEach(function (result) { scores.set(parseInt(result.ref, 36), result.score) })
    return scores
  }

  // filters: { type: ['offer'], theme: ['environnement', ...], ... } (values, not indexes)
  Engine.prototype.search = function (text, filters) {
    var self = this
    var words = splitWords(text)
    var candidates // position -> { score, words }
    if (words.length) {
      candidates = new Map()
      words.forEach(function (word) {
        self.matchWord(word).forEach(function (score, position) {
          var entry = candidates.get(position) || { score: 0, words: 0 }
          entry.score += score
          entry.words += 1
          candidates.set(position, entry)
        })
      })
    } else {
      candidates = new Map()
      for (var i = 0; i < this.count; i++) candidates.set(i, { score: 0, words: 0 })
    }
    var wanted = this.selectedIndexes(filters || {})
    var rows = this.facets.rows
    // Facet counts: each facet is counted with the query and the *other* facets' filters.
    var counts = {}
    FACETS.forEach(function (facet) { counts[facet] = new Map() })
    var matching = []
    var best = 0
    candidates.forEach(function (entry) { if (entry.words > best) best = entry.words })
    var allWords = words.length > 0 && best === words.length
    candidates.forEach(function (entry, position) {
      if (words.length && entry.words < best) return
      var row = rows[position]
      var failing = []
      FACETS.forEach(function (facet, f) {
        if (wanted[facet] && !valuesOf(row, f).some(function (v) { return wanted[facet].has(v) })) failing.push(facet)
      })
      if (failing.length === 0) matching.push({ position: position, score: entry.score })
      FACETS.forEach(function (facet, f) {
        if (failing.length === 0 || (failing.length === 1 && failing[0] === facet)) {
          valuesOf(row, f).forEach(function (v) { counts[facet].set(v, (counts[facet].get(v) || 0) + 1) })
        }
      })
    })
    matching.sort(function (a, b) { return b.score - a.score || a.position - b.position })
    var facets = {}
    FACETS.forEach(function (facet) {
      facets[facet] = self.facets[facet].map(function (pair, v) {
        return { value: pair[0], label: pair[1], count: counts[facet].get(v) || 0, selected: !!(wanted[facet] && wanted[facet].has(v)) }
      }).filter(function (item) { return item.count > 0 || item.selected })
    })
    return { results: matching, total: matching.length, words: words.length, allWords: allWords || !words.length, facets: facets }
  }

  function valuesOf (row, f) {
    var value = row[f]
    if (Array.isArray(value)) return value
    return value === -1 ? [] : [value]
  }

  Engine.prototype.selectedIndexes = function (filters) {
    var self = this
    var wanted = {}
    FACETS.forEach(function (facet) {
      var values = filters[facet]
      if (!values || !values.length) return
      var set = new Set()
      self.facets[facet].forEach(function (pair, v) { if (values.indexOf(pair[0]) !== -1) set.add(v) })
      wanted[facet] = set
    })
    return wanted
  }

  // Display rows (type, title, url, snippet, place, organisation) of some results.
  Engine.prototype.documents = function (results) {
    var self = this
    var needed = {}
    results.forEach(function (r) { needed[Math.floor(r.position / self.shardSize)] = true })
    return Promise.all(Object.keys(needed).map(function (n) {
      if (!self.shards[n]) self.shards[n] = self.loadShard(Number(n))
      return self.shards[n]
    })).then(function () {
      return Promise.all(results.map(function (r) {
        return self.shards[Math.floor(r.position / self.shardSize)].then(function (shard) {
          var row = shard[r.position % self.shardSize]
          return { type: row[0], title: row[1], url: row[2], snippet: row[3], place: row[4], organisation: row[5], score: r.score }
        })
      }))
    })
  }

  return {
    FACETS: FACETS,
    create: function (data, loadShard) { return new Engine(data, loadShard) },
    splitWords: splitWords
  }
}))
