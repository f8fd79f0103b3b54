/*
 * The directory's search engine, without any DOM: the browser page
 * (search-ui.js) and `make query` (annuaire/search/query.js) run
 * this same code. It needs lunr.js, search-fr.js (lunr.fr) and search-codec.js
 * (the index's transport form) loaded first.
 *
 *   AnnuaireSearch.create(indexJson, loadShard) -> engine
 *   engine.ready                   -> Promise, resolved once the shards the index
 *                                     says to fetch at once (eagerShards) are in
 *   engine.search(text, filters)   -> { results, total, words, ignored, allWords,
 *                                     facets, correction }
 *   engine.documents(results)      -> Promise of display rows for those results
 *   engine.labels(facet)           -> { value: label } of a facet's values, as the
 *                                     index ships them (result types for "type")
 *   AnnuaireSearch.correctedQuery(correction, texts) -> the query with its typos
 *                                     corrected, for « Vouliez-vous dire … ? »
 *
 * Each word of the query is searched on its own (exact stems, the last word
 * also as a prefix while it is typed) and documents holding every word come
 * first: "salle guyancourt" means a room in Guyancourt, not any room. A word
 * that finds nothing is then completed (the last one) or corrected (one typo
 * from 5 letters, two from 9) against the index's vocabulary, the directory's
 * own words as written, accents folded; what only a correction finds comes after
 * the rest. Results of the index's secondary types (pages), and those holding
 * the words only in its secondary fields (descriptions), come after the others.
 * Stop words are not searched: a query of stop words alone is an empty query.
 */
(function (root, factory) {
  if (typeof module === 'object' && module.exports) {
    module.exports = factory(require('lunr'), require('./search-codec.js'))
  } else {
    root.AnnuaireSearch = factory(root.lunr, root.AnnuaireCodec)
  }
}(typeof self !== 'undefined' ? self : this, function (lunr, codec) {
  'use strict'

  var FACETS = ['type', 'categorie', 'theme', 'commune', 'acces'] // facet_data's order in index.py
  var PREFIX_MIN = 3 // letters typed before prefix matching starts
  var TYPO_MIN = 5 // letters before one typo is forgiven (the vocabulary holds words from 4: index.py)
  var TYPO2_MIN = 9 // letters before two are
  var BOOST = { exact: 10, prefix: 2, typo: 1 }
  var SEPARATORS = /[\s-]+/ // between the words of a query, as lunr.js's tokenizer splits

  // A query word as typed (raw), normalised (word), its surface form (bare: accents folded, as the
  // vocabulary holds it, for prefixes and typos), its stems, and the elided article it was typed
  // with ("l'" of "l'ordinateur"), if any; a stop word is only said to be one.
  function analyseWord (raw) {
    var token = lunr.fr.normalise(new lunr.Token(raw, {}))
    var normalised = token?.toString()
    token = token && lunr.fr.elision(token)
    if (!token) return null
    var word = token.toString()
    var bare = lunr.fr.surface(word)
    if (bare === null) return { raw: raw, word: word, stop: true }
    var elided = word === normalised ? '' : raw.slice(0, raw.search(/['\u2019\u02bc]/) + 1)
    return { raw: raw, word: word, bare: bare, stems: lunr.fr.analyse(word), elided: elided, stop: false }
  }

  // The query's words, and the stop words it holds (ignored: never searched).
  function readQuery (text) {
    var words = []
    var ignored = []
    String(text || '').split(SEPARATORS).forEach(function (raw) {
      var word = analyseWord(raw)
      if (word?.stop) ignored.push(word.word)
      else if (word) words.push(word)
    })
    return { words: words, ignored: ignored }
  }

  // The words of a query that are searched.
  function splitWords (text) {
    return readQuery(text).words
  }

  // Letters of a word, as Python counts them (code points).
  function letters (word) {
    return Array.from(word).length
  }

  // The number of edits (a letter added, dropped, changed, or two letters swapped) from a to b,
  // as lunr's TokenSet.fromFuzzyString counts them.
  function editDistance (a, b) {
    var before = null
    var previous = []
    for (var j = 0; j <= b.length; j++) previous.push(j)
    for (var i = 1; i <= a.length; i++) {
      var current = [i]
      for (j = 1; j <= b.length; j++) {
        var value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a.charAt(i - 1) === b.charAt(j - 1) ? 0 : 1))
        if (i > 1 && j > 1 && a.charAt(i - 1) === b.charAt(j - 2) && a.charAt(i - 2) === b.charAt(j - 1)) {
          value = Math.min(value, before[j - 2] + 1)
        }
        current.push(value)
      }
      before = previous
      previous = current
    }
    return previous[b.length]
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
    // How many (document, field) pairs hold a term: how common a correction is.
    function frequency (term) {
      var posting = index.invertedIndex[term]
      return posting ? postingsOf(posting._index).docs.length : 0
    }
    return { index: index, query: queryNotingReads(index, reads), frequency: frequency }
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
    this.index = loadIndex(data.index) // { index: lunr.Index, query, frequency }
    this.words = data.words || '' // the vocabulary, decoded by the first query that needs it
    this.vocabularyTrie = null
    var secondary = data.secondary || { types: [], fields: [] }
    // Type numbers (in the type facet's order) and field names ranked after the others.
    this.secondaryTypes = new Set()
    data.facets.type.forEach(function (pair, v) { if (secondary.types.indexOf(pair[0]) !== -1) this.secondaryTypes.add(v) }, this)
    this.secondaryFields = secondary.fields
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

  // lunr's results for these [term, options] pairs; none for no term (lunr would then return
  // every document, as for a query of prohibited terms only).
  Engine.prototype.run = function (terms) {
    if (!terms.length) return []
    return this.index.query(function (q) {
      terms.forEach(function (term) { q.term(term[0], term[1]) })
    })
  }

  // One lunr query for all the words: exact stems, and the last word as a prefix while it is
  // typed. Then, for the words that found nothing, one more query: the last word completed from
  // the vocabulary, or each word corrected (fuzzy matching is the costly part, so it runs only
  // then). Returns { matches, corrections }: matches maps position -> { score, words, typos,
  // primary }, words counting the query words a document holds (read from the terms lunr says it
  // matched), typos those it holds only through a correction, primary whether it holds one in a
  // field other than the secondary ones.
  Engine.prototype.match = function (words) {
    var fields = this.secondaryFields
    var counted = countWordsHeld(this.run(exactAndPrefixTerms(words)), termWords(words), fields)
    var matches = new Map()
    counted.matches.forEach(function (held, position) {
      matches.set(position, { score: held.score, words: held.words.length, typos: 0, primary: held.primary })
    })
    var lost = []
    words.forEach(function (_word, w) { if (!counted.found[w]) lost.push(w) })
    var second = lost.length ? this.completeOrCorrect(words, lost) : { terms: [], wordsOf: new Map(), corrections: [] }
    var typo = new Set(second.corrections.map(function (correction) { return correction.w }))
    var wordsOfSecond = function (term) { return second.wordsOf.get(term) || [] }
    countWordsHeld(this.run(second.terms), wordsOfSecond, fields).matches.forEach(function (held, position) {
      var entry = matches.get(position) || { score: 0, words: 0, typos: 0, primary: false }
      matches.set(position, {
        score: entry.score + held.score,
        words: entry.words + held.words.length,
        typos: entry.typos + held.words.filter(function (w) { return typo.has(w) }).length,
        primary: entry.primary || held.primary
      })
    })
    return { matches: matches, corrections: second.corrections }
  }

  // The first query's terms: every word's stems as they are, the last word's bare form and
  // stems as prefixes too.
  function exactAndPrefixTerms (words) {
    var terms = []
    var last = words[words.length - 1]
    words.forEach(function (word) {
      word.stems.forEach(function (stem) { terms.push([stem, { usePipeline: false, boost: BOOST.exact }]) })
    })
    if (letters(last.bare) >= PREFIX_MIN) {
      terms.push([last.bare, { usePipeline: false, boost: BOOST.prefix, wildcard: lunr.Query.wildcard.TRAILING }])
      last.stems.forEach(function (stem) {
        if (stem !== last.bare && letters(stem) >= PREFIX_MIN) {
          terms.push([stem, { usePipeline: false, boost: BOOST.prefix, wildcard: lunr.Query.wildcard.TRAILING }])
        }
      })
    }
    return terms
  }

  // matches: position -> { score, words, primary } of each result, words listing the indexes of
  // the query words it holds, as wordsHeldBy(term) says of the terms it matched, primary whether
  // it matched one in a field that is not in secondaryFields; found: how many results hold each
  // query word.
  function countWordsHeld (results, wordsHeldBy, secondaryFields) {
    var found = Object.create(null) // query word index -> results holding it
    var matches = new Map()
    results.forEach(function (result) {
      var held = new Set()
      var primary = false
      var metadata = result.matchData.metadata
      for (var term in metadata) {
        wordsHeldBy(term).forEach(function (w) { held.add(w) })
        for (var field in metadata[term]) if (secondaryFields.indexOf(field) === -1) primary = true
      }
      held.forEach(function (w) { found[w] = (found[w] || 0) + 1 })
      matches.set(parseInt(result.ref, 36), { score: result.score, words: Array.from(held), primary: primary })
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

  // The vocabulary's words as a lunr.TokenSet, built when a query first needs it.
  Engine.prototype.vocabulary = function () {
    if (!this.vocabularyTrie) this.vocabularyTrie = termTrie(codec.decodeWords(this.words))
    return this.vocabularyTrie
  }

  // The vocabulary's words that `pattern` (a lunr.TokenSet) accepts, in JavaScript's string order.
  Engine.prototype.wordsMatching = function (pattern) {
    return this.vocabulary().intersect(pattern).toArray().sort()
  }

  // The second query, for the words that found nothing (their indexes in `lost`): the last word,
  // while it is typed, completed from the vocabulary ("cooperati" -> "cooperation", whose stem
  // the first query's prefixes miss); else each word of TYPO_MIN letters or more corrected (the
  // vocabulary's words one edit away, two from TYPO2_MIN letters). Returns { terms: [term, options]
  // pairs, wordsOf: term -> indexes of the words it stands for, corrections: [{ w, raw, elided,
  // word }], the best correction of each word corrected }.
  Engine.prototype.completeOrCorrect = function (words, lost) {
    var self = this
    var terms = []
    var wordsOf = new Map()
    var corrections = []
    function add (found, w, boost) {
      found.forEach(function (surface) {
        lunr.fr.analyse(surface).forEach(function (term) {
          if (!wordsOf.has(term)) {
            wordsOf.set(term, [])
            terms.push([term, { usePipeline: false, boost: boost }])
          }
          if (wordsOf.get(term).indexOf(w) === -1) wordsOf.get(term).push(w)
        })
      })
    }
    lost.forEach(function (w) {
      var word = words[w]
      var length = letters(word.bare)
      if (w === words.length - 1 && length >= PREFIX_MIN) {
        var completions = self.wordsMatching(lunr.TokenSet.fromString(word.bare + '*'))
        if (completions.length) {
          add(completions, w, BOOST.prefix)
          return
        }
      }
      if (length < TYPO_MIN) return
      var near = self.wordsMatching(lunr.TokenSet.fromFuzzyString(word.bare, length >= TYPO2_MIN ? 2 : 1))
      if (!near.length) return
      add(near, w, BOOST.typo)
      corrections.push({ w: w, raw: word.raw, elided: word.elided, word: self.bestCorrection(word.bare, near) })
    })
    return { terms: terms, wordsOf: wordsOf, corrections: corrections }
  }

  // Of the vocabulary's words near a word typed, the one to suggest: fewest edits away, then the
  // most common in the index, then the first in string order.
  Engine.prototype.bestCorrection = function (typed, near) {
    var frequency = this.index.frequency
    var ranked = near.map(function (word) {
      var common = 0
      lunr.fr.analyse(word).forEach(function (term) { common = Math.max(common, frequency(term)) })
      return { word: word, edits: editDistance(typed, word), common: common }
    })
    ranked.sort(function (a, b) {
      return a.edits - b.edits || b.common - a.common || (a.word < b.word ? -1 : a.word > b.word ? 1 : 0)
    })
    return ranked[0].word
  }

  // The query with its typos corrected: each word corrected replaced by its correction (after
  // its elided article, if any), spelt as in `texts` (the results' titles, snippets...) when one
  // of their words has it for surface form ("cooperation" -> "coopération"), else as the
  // vocabulary holds it, accents folded.
  function correctedQuery (correction, texts) {
    var spellings = Object.create(null)
    ;(texts || []).forEach(function (text) {
      String(text || '').split(SEPARATORS).forEach(function (raw) {
        var word = analyseWord(raw)
        if (word && !word.stop && !(word.bare in spellings)) spellings[word.bare] = word.word
      })
    })
    var fixes = Object.create(null)
    correction.words.forEach(function (fix) { fixes[fix.raw] = fix.elided + (spellings[fix.word] || fix.word) })
    return correction.query.split(/([\s-]+)/).map(function (piece) {
      return piece in fixes ? fixes[piece] : piece
    }).join('')
  }

  // filters: { type: ['offer'], theme: ['environnement', ...], ... } (values, not indexes)
  Engine.prototype.search = function (text, filters) {
    var self = this
    var query = readQuery(text)
    var words = query.words
    var candidates // position -> { score, words, typos, primary }
    var correction = null
    if (words.length) {
      var matched = this.match(words)
      candidates = matched.matches
      if (matched.corrections.length) correction = { query: String(text), words: matched.corrections }
    } else { // an empty query, or stop words alone: every document, in the index's order
      candidates = new Map()
      for (var i = 0; i < this.count; i++) candidates.set(i, { score: 0, words: 0, typos: 0, primary: true })
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
      if (failures === 0) {
        var secondary = !entry.primary || self.secondaryTypes.has(numbers[starts[position * F] + 1])
        matching.push({ position: position, score: entry.score, typos: entry.typos, secondary: secondary ? 1 : 0 })
      }
      else if (failures > 1) return
      for (f = 0; f < FACETS.length; f++) {
        if (failures === 0 || failing === f) {
          var at = starts[position * F + f]
          for (var k = at + 1; k <= at + numbers[at]; k++) counts[f][numbers[k]] += 1
        }
      }
    })
    // What only a correction finds comes after the rest, then secondary results, whatever their scores.
    matching.sort(function (a, b) {
      return a.typos - b.typos || a.secondary - b.secondary || b.score - a.score || a.position - b.position
    })
    var facets = {}
    FACETS.forEach(function (facet, f) {
      facets[facet] = self.facets[facet].map(function (pair, v) {
        return { value: pair[0], label: pair[1], count: counts[f][v], selected: !!wanted[f]?.has(v) }
      }).filter(function (item) { return item.count > 0 || item.selected })
    })
    return {
      results: matching,
      total: matching.length,
      words: words.length,
      ignored: query.ignored,
      allWords: allWords || !words.length,
      facets: facets,
      correction: correction // { query, words: [{ w, raw, elided, word }] } when a word was corrected
    }
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
    splitWords: splitWords,
    editDistance: editDistance,
    correctedQuery: correctedQuery
  }
}))
