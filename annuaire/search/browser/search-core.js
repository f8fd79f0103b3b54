/*
 * The directory's search engine, without any DOM: the browser page
 * (search-ui.js) and `make query` (annuaire/search/query.js) run
 * this same code. It needs lunr.js, search-fr.js (lunr.fr) and search-codec.js
 * (the index's transport form) loaded first.
 *
 *   AnnuaireSearch.create(indexJson, loadShard) -> engine
 *   engine.ready                   -> Promise, resolved once the shards the index
 *                                     says to fetch at once (eagerShards) are in
 *   engine.search(text, filters)   -> { results, total, allWords, facets }
 *   engine.documents(results)      -> Promise of display rows for those results
 *   engine.labels(facet)           -> { value: label } of a facet's values, as the
 *                                     index ships them (result types for "type")
 *
 * Each word of the query is searched on its own (exact stems, prefixes while
 * typing, one typo for long words) and documents holding every word come
 * first: "salle guyancourt" means a room in Guyancourt, not any room.
 */
(function (root, factory) {
  if (typeof module === 'object' && module.exports) {
    module.exports = factory(require('lunr'), require('./search-codec.js'))
  } else {
    root.AnnuaireSearch = factory(root.lunr, root.AnnuaireCodec)
  }
}(typeof self !== 'undefined' ? self : this, function (lunr, codec) {
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

  // The query's words that can find something: stems, or a bare form long enough for a prefix.
  function splitWords (text) {
    return String(text || '').split(/[\s-]+/).map(analyseWord).filter(function (w) {
      return w && (w.stems.length || w.bare.length >= PREFIX_MIN)
    })
  }

  // A lunr.Index from the compact form written by codec.py's compact_index (read with
  // search-codec.js), and the function to query it with. Postings and field lengths travel
  // alone, and what lunr's own loader would build for every document up front is built here
  // only for what a query reads: a term's postings are decoded when a query first reads it, a
  // document's field lengths when a query finds it. Loading reads only the term list.
  //
  // Field vectors hold lunr's BM25 score of each term of a document's field (computed with
  // its builder's formula), but lunr only uses them in a dot product with the query's vector.
  // So, inside query(), a document's vector holds just the terms the query read (the
  // postings' getters note them): the scores are the same, and no document's whole term
  // list is needed, so loading never builds one. Read outside query() (lunr's toJSON, the
  // tests), a vector is whole: that is the index lunr.Index.load would give for lunr.py's
  // serialisation.
  //
  // Its parts follow in this order: postingsCache (decoded postings), TermReads (the terms a
  // query read), fieldVectorMaker (BM25 vectors), queryNotingReads, invertedIndex and its
  // postingClass, termTrie (the term set) and lazyFieldVectors (the vectors' table).
  function loadIndex (compact) {
    var postingsOf = postingsCache(compact)
    var reads = new TermReads(compact, postingsOf)
    var index = new lunr.Index({
      fields: compact.fields,
      invertedIndex: invertedIndex(compact, postingsOf, reads),
      fieldVectors: lazyFieldVectors(compact.fields, compact.count, fieldVectorMaker(compact, postingsOf, reads)),
      tokenSet: termTrie(compact.terms),
      pipeline: lunr.Pipeline.load(compact.pipeline)
    })
    return { index: index, query: queryNotingReads(index, reads) }
  }

  // postingsOf(t): term t's postings (search-codec.js's decodePostings) and lunr's idf of the
  // term, decoded when a query first reads them, then kept.
  function postingsCache (compact) {
    var decoded = new Array(compact.terms.length)
    return function postingsOf (t) {
      if (!decoded[t]) {
        var postings = codec.decodePostings(compact.postings[t], compact.fields.length)
        postings.idf = inverseDocumentFrequency(compact.count, postings.docs.length)
        decoded[t] = postings
      }
      return decoded[t]
    }
  }

  // lunr's idf of a term whose postings hold `withTerm` (document, field) pairs out of `count` documents.
  function inverseDocumentFrequency (count, withTerm) {
    return Math.log(1 + Math.abs((count - withTerm + 0.5) / (withTerm + 0.5)))
  }

  // The terms the query under way has read (the postings' getters note them), and the (term, tf)
  // pairs of every document's fields for those terms, gathered once a vector is asked for.
  // Outside a query nothing is noted, and the pairs are those of every term.
  function TermReads (compact, postingsOf) {
    this.compact = compact
    this.postingsOf = postingsOf
    this.terms = null // numbers of the terms read by the query under way, if any
    this.pairs = null // gatherPairs(terms), once a vector is asked for; a later read starts it again
    this.allPairs = null // gatherPairs of every term, for vectors read outside a query
  }

  // A query starts: no term read yet.
  TermReads.prototype.start = function () {
    this.terms = []
    this.pairs = null
  }

  // The query is over: vectors read from now on are whole again.
  TermReads.prototype.stop = function () {
    this.terms = null
    this.pairs = null
  }

  // lunr read term t's postings: noted when a query is under way.
  TermReads.prototype.note = function (t) {
    if (this.terms) {
      this.terms.push(t)
      this.pairs = null
    }
  }

  var NO_PAIRS = Object.freeze([]) // the pairs of a field holding none of the terms

  // The (term, tf) pairs of field f of document doc, [t, tf, t, tf, ...], terms in order.
  TermReads.prototype.pairsOf = function (f, doc) {
    var pairs
    if (this.terms) {
      if (!this.pairs) this.pairs = gatherPairs(this.compact, this.postingsOf, distinctInOrder(this.terms))
      pairs = this.pairs
    } else {
      if (!this.allPairs) this.allPairs = gatherPairs(this.compact, this.postingsOf, termNumbers(this.compact.terms.length))
      pairs = this.allPairs
    }
    return pairs.get(f * this.compact.count + doc) || NO_PAIRS
  }

  // The numbers 0 to count - 1: every term.
  function termNumbers (count) {
    return Array.from({ length: count }, function (_, t) { return t })
  }

  // The term numbers read, each once, in increasing order.
  function distinctInOrder (terms) {
    return Array.from(new Set(terms)).sort(function (x, y) { return x - y })
  }

  // (term, tf) pairs of each (field, document) holding some of `terms`, terms in order, keyed
  // by f * count + doc.
  function gatherPairs (compact, postingsOf, terms) {
    var F = compact.fields.length
    var count = compact.count
    var pairs = new Map()
    for (var i = 0; i < terms.length; i++) {
      var t = terms[i]
      var postings = postingsOf(t)
      for (var f = 0; f < F; f++) {
        for (var k = postings.bounds[f]; k < postings.bounds[f + 1]; k++) {
          var key = f * count + postings.docs[k]
          var list = pairs.get(key)
          if (!list) {
            list = []
            pairs.set(key, list)
          }
          list.push(t, postings.freqs[k])
        }
      }
    }
    return pairs
  }

  // fieldVector(f, doc): lunr's vector of field f of document doc, the BM25 score of each term
  // of reads.pairsOf(f, doc) with its builder's formula, rounded as lunr serialises it.
  function fieldVectorMaker (compact, postingsOf, reads) {
    var k1 = compact.k1
    var b = compact.b
    return function fieldVector (f, doc) {
      var pairs = reads.pairsOf(f, doc)
      var elements = new Array(pairs.length)
      var length = codec.decodeFixed(compact.lengths, compact.lengthWidth, f * compact.count + doc)
      var norm = k1 * (1 - b + b * (length / compact.averages[f]))
      for (var i = 0; i < pairs.length; i += 2) {
        var tf = pairs[i + 1]
        var score = postingsOf(pairs[i]).idf * ((k1 + 1) * tf) / (norm + tf) * compact.boosts[f]
        elements[i] = pairs[i]
        elements[i + 1] = Math.round(score * 1000) / 1000
      }
      return new lunr.Vector(elements)
    }
  }

  // query(build): lunr's index.query(build), noting the terms it reads while it runs (see above).
  function queryNotingReads (index, reads) {
    return function query (build) {
      reads.start()
      try {
        return index.query(build)
      } finally {
        reads.stop()
      }
    }
  }

  // lunr's inverted index, term -> posting: a Posting per term, which decodes nothing until read.
  function invertedIndex (compact, postingsOf, reads) {
    var Posting = postingClass(compact.fields, postingsOf, reads)
    var postings = Object.create(null)
    for (var t = 0; t < compact.terms.length; t++) postings[compact.terms[t]] = new Posting(t)
    return postings
  }

  var NO_METADATA = Object.freeze({}) // what lunr keeps of a term in a document: nothing, here

  // A posting whose per-field { ref: {} } objects, which lunr's queries read, are only
  // built from the decoded positions on first use: most terms are never queried.
  function postingClass (fields, postingsOf, reads) {
    function Posting (number) {
      this._index = number
      this._refs = []
    }
    fields.forEach(function (field, f) {
      Object.defineProperty(Posting.prototype, field, {
        enumerable: true,
        get: function () {
          reads.note(this._index)
          var refs = this._refs[f]
          if (!refs) {
            refs = this._refs[f] = {}
            var postings = postingsOf(this._index)
            for (var k = postings.bounds[f]; k < postings.bounds[f + 1]; k++) refs[postings.docs[k].toString(36)] = NO_METADATA
          }
          return refs
        }
      })
    })
    return Posting
  }

  // The index's terms as a lunr.TokenSet that queries intersect with. Its nodes are made when a
  // query first walks through them: a word or a prefix reads a few, and loading none (lunr's
  // TokenSet.fromArray builds them all, and merges equal suffixes, up front). The terms come
  // sorted in JavaScript's string order (codec.py), so those under a node are a run of
  // the list, and the shorter one of a prefix comes first.
  function termTrie (terms) {
    return new TermNode(terms, 0, terms.length, 0)
  }

  // The node under which the terms terms[from] to terms[to - 1] go on, their first `depth` characters read.
  function TermNode (terms, from, to, depth) {
    this.terms = terms
    this.from = from
    this.to = to
    this.depth = depth
    this.made = null
    this.final = from < to && terms[from].length === depth
  }
  TermNode.prototype = Object.create(lunr.TokenSet.prototype)
  TermNode.prototype.constructor = TermNode
  // The node's edges, character -> TermNode, made on first read: one per character that follows.
  Object.defineProperty(TermNode.prototype, 'edges', {
    get: function () {
      if (!this.made) {
        this.made = {}
        for (var i = this.final ? this.from + 1 : this.from; i < this.to;) {
          var char = this.terms[i].charAt(this.depth)
          var end = i + 1
          while (end < this.to && this.terms[end].charAt(this.depth) === char) end++
          this.made[char] = new TermNode(this.terms, i, end, this.depth + 1)
          i = end
        }
      }
      return this.made
    }
  })

  // lunr reads field vectors as fieldVectors['titre/2s']: a Proxy makes each when it is read.
  // Listing the keys (lunr does for a query made only of prohibited terms, and in toJSON)
  // gives every field reference, in the order of lunr.py's serialisation.
  function lazyFieldVectors (fields, count, make) {
    var numbers = Object.create(null)
    fields.forEach(function (field, f) { numbers[field] = f })
    // [field number, document] of a field reference such as 'titre/2s', or null for any other key.
    function parse (key) {
      if (typeof key !== 'string') return null
      var slash = key.indexOf('/')
      var f = numbers[key.slice(0, slash)]
      var doc = parseInt(key.slice(slash + 1), 36)
      if (slash < 0 || f === undefined || !(doc >= 0 && doc < count) || doc.toString(36) !== key.slice(slash + 1)) return null
      return [f, doc]
    }
    return new Proxy({}, {
      get: function (_target, key) {
        var found = parse(key)
        return found ? make(found[0], found[1]) : undefined
      },
      has: function (_target, key) { return parse(key) !== null },
      ownKeys: function () {
        var keys = []
        fields.forEach(function (field) {
          for (var doc = 0; doc < count; doc++) keys.push(field + '/' + doc.toString(36))
        })
        return keys
      },
      getOwnPropertyDescriptor: function (_target, key) {
        var found = parse(key)
        return found && { value: make(found[0], found[1]), writable: false, enumerable: true, configurable: true }
      }
    })
  }


  // Facet values of each document (facet_data in index.py), as numbers: the values of
  // facet f of document d are numbers[at + 1] to numbers[at + numbers[at]], where at is
  // starts[d * FACETS.length + f]. Two plain loops over typed arrays: this runs once, on
  // every document, before the first search.
  function loadFacetRows (text, count) {
    var numbers = codec.decodeNumbers(text)
    var starts = new Int32Array(count * FACETS.length)
    for (var at = 0, k = 0; k < starts.length; k++) {
      starts[k] = at
      at += 1 + numbers[at]
    }
    return { starts: starts, numbers: numbers }
  }

  // The engine of one built index (index.json's content); loadShard(n) gives display shard n.
  function Engine (data, loadShard) {
    this.index = loadIndex(data.index) // { index: lunr.Index, query }
    this.count = data.count
    this.shardSize = data.shardSize
    this.facets = data.facets
    this.rows = loadFacetRows(data.facets.rows, data.count)
    this.loadShard = loadShard
    this.shards = {}
    // When the index says they are small, every display shard is fetched now (the search page
    // preloads them too): `ready` resolves once they are in, and results then show at once.
    var eager = []
    for (var n = 0; data.eagerShards && n * data.shardSize < data.count; n++) {
      this.shards[n] = loadShard(n)
      eager.push(this.shards[n])
    }
    this.ready = Promise.all(eager)
  }

  // One lunr query for all the words: exact stems, and the last word as a prefix while it is
  // typed. Typos are only forgiven for words that find nothing as typed: fuzzy matching is
  // the costly part. Returns position -> { score, words } where words counts the query words
  // a document holds (read from the terms lunr says it matched).
  Engine.prototype.match = function (words) {
    var results = this.index.query(function (q) { addExactAndPrefixTerms(q, words) })
    var counted = countWordsHeld(results, words)
    var lost = words.filter(function (_word, w) { return !counted.found[w] })
    if (lost.length) {
      addTypoMatches(counted.matches, this.index.query(function (q) { addTypoTerms(q, lost) }))
    }
    return counted.matches
  }

  // The first query's terms: every word's stems as they are, the last word's bare form and
  // stems as prefixes too.
  function addExactAndPrefixTerms (q, words) {
    var last = words[words.length - 1]
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
  }

  // matches: position -> { score, words } of each result, words counting the query words it
  // holds; found: how many results hold each query word.
  function countWordsHeld (results, words) {
    var wordsHeldBy = termWords(words)
    var found = new Int32Array(words.length) // results holding each word
    var seenIn = new Int32Array(words.length) // the last result (counted from 1) seen holding it
    var matches = new Map()
    results.forEach(function (result, r) {
      var held = 0
      for (var term in result.matchData.metadata) {
        var indexes = wordsHeldBy(term)
        for (var i = 0; i < indexes.length; i++) {
          if (seenIn[indexes[i]] !== r + 1) {
            seenIn[indexes[i]] = r + 1
            found[indexes[i]] += 1
            held += 1
          }
        }
      }
      matches.set(parseInt(result.ref, 36), { score: result.score, words: held })
    })
    return { matches: matches, found: found }
  }

  // wordsHeldBy(term): the indexes of the query words a matched term stands for, worked out
  // once per term: many results share the same few terms.
  function termWords (words) {
    var last = words[words.length - 1]
    var wordsOf = new Map()
    return function wordsHeldBy (term) {
      var held = wordsOf.get(term)
      if (!held) {
        held = []
        words.forEach(function (word, w) {
          if (standsFor(term, word, word === last)) held.push(w)
        })
        wordsOf.set(term, held)
      }
      return held
    }
  }

  // Whether a matched term stands for a query word: one of its stems, or, for the last word
  // (matched as a prefix), a term starting with its bare form or one of its stems.
  function standsFor (term, word, isLast) {
    return word.stems.indexOf(term) !== -1 || (isLast && (term.indexOf(word.bare) === 0 ||
      word.stems.some(function (stem) { return term.indexOf(stem) === 0 })))
  }

  // The typo query's terms: the long stems of the words that found nothing, one typo forgiven,
  // two for the longest.
  function addTypoTerms (q, lost) {
    lost.forEach(function (word) {
      word.stems.forEach(function (stem) {
        if (stem.length >= TYPO_MIN) {
          q.term(stem, { usePipeline: false, boost: BOOST.typo, editDistance: stem.length >= TYPO2_MIN ? 2 : 1 })
        }
      })
    })
  }

  // The typo query's results, added to matches: scores add up, and each holds one more word.
  function addTypoMatches (matches, results) {
    results.forEach(function (result) {
      var position = parseInt(result.ref, 36)
      var entry = matches.get(position) || { score: 0, words: 0 }
      // Which lost words matched is not worth working out: count one, the usual case.
      matches.set(position, { score: entry.score + result.score, words: entry.words + 1 })
    })
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
    var wanted = FACETS.map(function (facet) { return self.selectedIndexes(facet, filters || {}) })
    var starts = this.rows.starts
    var numbers = this.rows.numbers
    var F = FACETS.length
    function holdsAny (position, f) {
      var at = starts[position * F + f]
      for (var k = at + 1; k <= at + numbers[at]; k++) if (wanted[f].has(numbers[k])) return true
      return false
    }
    // Facet counts: each facet is counted with the query and the *other* facets' filters.
    var counts = FACETS.map(function (facet) { return new Int32Array(self.facets[facet].length) })
    var matching = []
    var best = 0
    candidates.forEach(function (entry) { if (entry.words > best) best = entry.words })
    var allWords = words.length > 0 && best === words.length
    candidates.forEach(function (entry, position) {
      if (words.length && entry.words < best) return
      var failures = 0
      var failing = -1
      for (var f = 0; f < FACETS.length; f++) {
        if (wanted[f] && !holdsAny(position, f)) { failures += 1; failing = f }
      }
      if (failures === 0) matching.push({ position: position, score: entry.score })
      else if (failures > 1) return
      for (f = 0; f < FACETS.length; f++) {
        if (failures === 0 || failing === f) {
          var at = starts[position * F + f]
          for (var k = at + 1; k <= at + numbers[at]; k++) counts[f][numbers[k]] += 1
        }
      }
    })
    matching.sort(function (a, b) { return b.score - a.score || a.position - b.position })
    var facets = {}
    FACETS.forEach(function (facet, f) {
      facets[facet] = self.facets[facet].map(function (pair, v) {
        return { value: pair[0], label: pair[1], count: counts[f][v], selected: !!wanted[f]?.has(v) }
      }).filter(function (item) { return item.count > 0 || item.selected })
    })
    return { results: matching, total: matching.length, words: words.length, allWords: allWords || !words.length, facets: facets }
  }

  // The indexes of the values of a facet the filters select, or null when none is.
  Engine.prototype.selectedIndexes = function (facet, filters) {
    var values = filters[facet]
    if (!values?.length) return null
    var set = new Set()
    this.facets[facet].forEach(function (pair, v) { if (values.indexOf(pair[0]) !== -1) set.add(v) })
    return set
  }

  // value -> label of a facet's values, as the index ships them (facet_data in index.py).
  Engine.prototype.labels = function (facet) {
    var labels = Object.create(null)
    this.facets[facet].forEach(function (pair) { labels[pair[0]] = pair[1] })
    return labels
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
    loadIndex: loadIndex,
    splitWords: splitWords
  }
}))
