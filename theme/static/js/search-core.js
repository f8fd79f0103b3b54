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

  // lunr's serialised index from the compact form written by search_index.py (compact_index):
  // postings travel alone; field vectors and their BM25 scores are recomputed here with lunr's
  // formula (as its builder does). A posting's document list is only expanded into lunr's
  // { ref: {} } object when a query first reads it, which keeps loading fast.
  function expandIndex (compact) {
    var fields = compact.fields
    var count = compact.count
    var k1 = compact.k1
    var b = compact.b
    var Posting = postingClass(fields)
    var termCount = compact.terms.length
    // Pass 1: how many terms each (field, document) holds, and the field lengths.
    var sizes = fields.map(function () { return new Int32Array(count + 1) })
    var lengths = fields.map(function () { return new Float64Array(count) })
    var documentsWithTerm = new Int32Array(termCount)
    for (var t = 0; t < termCount; t++) {
      for (var f = 0; f < fields.length; f++) {
        var encoded = compact.postings[t][f]
        var deltas = encoded[0]
        var tfs = encoded[1]
        var position = 0
        for (var i = 0; i < deltas.length; i++) {
          position += deltas[i]
          sizes[f][position + 1] += 1
          lengths[f][position] += tfs ? tfs[i] : 1
        }
        documentsWithTerm[t] += deltas.length
      }
    }
    // Pass 2: each document's (term, tf) pairs, in flat typed arrays (terms come in order).
    var starts = sizes.map(function (size) {
      for (var d = 0; d < count; d++) size[d + 1] += size[d]
      return size
    })
    var termsOf = starts.map(function (start) { return new Int32Array(start[count]) })
    var tfsOf = starts.map(function (start) { return new Int32Array(start[count]) })
    var filled = fields.map(function () { return new Int32Array(count) })
    var invertedIndex = new Array(termCount)
    for (t = 0; t < termCount; t++) {
      for (f = 0; f < fields.length; f++) {
        encoded = compact.postings[t][f]
        deltas = encoded[0]
        tfs = encoded[1]
        position = 0
        for (i = 0; i < deltas.length; i++) {
          position += deltas[i]
          var slot = starts[f][position] + filled[f][position]++
          termsOf[f][slot] = t
          tfsOf[f][slot] = tfs ? tfs[i] : 1
        }
      }
      invertedIndex[t] = [compact.terms[t], new Posting(t, compact.postings[t])]
    }
    // Field vectors: lunr's BM25 score of each term, as its builder computes it.
    var idf = new Float64Array(termCount)
    for (t = 0; t < termCount; t++) {
      idf[t] = Math.log(1 + Math.abs((count - documentsWithTerm[t] + 0.5) / (documentsWithTerm[t] + 0.5)))
    }
    var fieldVectors = []
    fields.forEach(function (field, f) {
      var total = 0
      for (var d = 0; d < count; d++) total += lengths[f][d]
      var average = total / count
      var boost = compact.boosts[f]
      for (var doc = 0; doc < count; doc++) {
        var from = starts[f][doc]
        var to = starts[f][doc + 1]
        var elements = new Array(2 * (to - from))
        var norm = k1 * (1 - b + b * (lengths[f][doc] / average))
        for (var k = from; k < to; k++) {
          var tf = tfsOf[f][k]
          var score = idf[termsOf[f][k]] * ((k1 + 1) * tf) / (norm + tf) * boost
          elements[2 * (k - from)] = termsOf[f][k]
          elements[2 * (k - from) + 1] = Math.round(score * 1000) / 1000
        }
        fieldVectors.push([field + '/' + doc.toString(36), elements])
      }
    })
    return { version: lunr.version, fields: fields, fieldVectors: fieldVectors, invertedIndex: invertedIndex, pipeline: compact.pipeline }
  }

  // A posting whose per-field { ref: {} } objects, which lunr's queries read, are only
  // built from the delta-coded positions on first use: most terms are never queried.
  function postingClass (fields) {
    function Posting (number, encoded) {
      this._index = number
      this._encoded = encoded
      this._refs = []
    }
    fields.forEach(function (field, f) {
      Object.defineProperty(Posting.prototype, field, {
        enumerable: true,
        get: function () {
          var refs = this._refs[f]
          if (!refs) {
            refs = this._refs[f] = {}
            var deltas = this._encoded[f][0]
            var position = 0
            for (var i = 0; i < deltas.length; i++) {
              position += deltas[i]
              refs[position.toString(36)] = {}
            }
          }
          return refs
        }
      })
    })
    return Posting
  }

  function Engine (data, loadShard) {
    this.index = lunr.Index.load(expandIndex(data.index))
    this.count = data.count
    this.shardSize = data.shardSize
    this.facets = data.facets
    this.loadShard = loadShard
    this.shards = {}
  }

  // One lunr query for all the words: exact stems, and the last word as a prefix while it is
  // typed. Typos are only forgiven for words that find nothing as typed: fuzzy matching is
  // the costly part. Returns position -> { score, words } where words counts the query words
  // a document holds (read from the terms lunr says it matched).
  Engine.prototype.match = function (words) {
    var last = words[words.length - 1]
    var results = this.index.query(function (q) {
      words.forEach(function (word) {
        word.stems.forEach(function (stem) { q.term(stem, { usePipeline: false, boost: BOOST.exact }) })
      })
      if (last.bare.length >= PREFIX_MIN) {
        q.term(last.bare, { usePipeline: false, boost: BOOST.prefix, wildcard: lunr.Query.wildcard.TRAILING })
        last.stems.forEach(function (stem) {
          if (stem !== last.bare && stem.length >= PREFIX_MIN) {
            q.term(stem, { usePipeline: false, boost: BOOST.prefix, wildcard: lunr.Query.wildcard.TRAILING })
          }
        })
      }
    })
    var found = words.map(function () { return false })
    var matches = new Map()
    results.forEach(function (result) {
      var terms = Object.keys(result.matchData.metadata)
      var held = 0
      words.forEach(function (word, w) {
        var isLast = word === last
        var holds = terms.some(function (term) {
          return word.stems.indexOf(term) !== -1 ||
            (isLast && (term.indexOf(word.bare) === 0 || word.stems.some(function (stem) { return term.indexOf(stem) === 0 })))
        })
        if (holds) { held += 1; found[w] = true }
      })
      matches.set(parseInt(result.ref, 36), { score: result.score, words: held })
    })
    var lost = words.filter(function (word, w) { return !found[w] })
    if (lost.length) {
      this.index.query(function (q) {
        lost.forEach(function (word) {
          word.stems.forEach(function (stem) {
            if (stem.length >= TYPO_MIN) {
              q.term(stem, { usePipeline: false, boost: BOOST.typo, editDistance: stem.length >= TYPO2_MIN ? 2 : 1 })
            }
          })
        })
      }).forEach(function (result) {
        var position = parseInt(result.ref, 36)
        var entry = matches.get(position) || { score: 0, words: 0 }
        // Which lost words matched is not worth working out: count one, the usual case.
        matches.set(position, { score: entry.score + result.score, words: entry.words + 1 })
      })
    }
    return matches
  }

  // filters: { type: ['offer'], theme: ['environnement', ...], ... } (values, not indexes)
  Engine.prototype.search = function (text, filters) {
    var self = this
    var words = splitWords(text)
    var candidates // position -> { score, words }
    if (words.length) {
      candidates = this.match(words)
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
    expandIndex: expandIndex,
    splitWords: splitWords
  }
}))
