/*
 * The directory's search engine, without any DOM: the browser page
 * (search-ui.js) and `make query` (annuaire/search/query.js) run
 * this same code. It needs lunr.js, search-fr.js (lunr.fr) and search-codec.js
 * (the index's transport form) loaded first.
 *
 *   AnnuaireSearch.create(indexJson, loadFile) -> engine; loadFile(name) gives the
 *                                     content (or a Promise of it) of another file of
 *                                     the index: 'terms-<n>.json' (a chunk of terms),
 *                                     'words.json' (the vocabulary), 'docs-<n>.json'
 *   engine.ready                   -> Promise, resolved once the shards the index
 *                                     says to fetch at once (eagerShards) are in, and
 *                                     the chunks of an index that travels whole
 *   engine.search(text, filters)   -> Promise of { results, total, words, ignored,
 *                                     allWords, facets, correction }, once the chunks
 *                                     of the index holding its words are in
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
  var MAX_WORDS = 30 // words of a query searched: each is a bit of the masks of loadIndex's run
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

  // A lunr.Index from the chunked form written by codec.py's chunk_index (read with
  // search-codec.js), and the functions to query it with. The head says where each chunk of
  // terms starts; a chunk is loaded (loadChunk(n), or the head's `inline` chunks) when a query
  // needs one of its terms: need(ranges) loads those holding terms from low to high, and the
  // lunr.Index then knows every term of the chunks loaded, which are all those the query reads.
  // What lunr's own loader would build for every document up front is built here only for what
  // a query reads: a term's postings are decoded when a query first reads it, with the field
  // lengths of the documents holding it.
  //
  // Field vectors hold lunr's BM25 score of each term of a document's field (computed with
  // its builder's formula), but lunr only uses them in a dot product with the query's vector.
  // So, inside query(), a document's vector holds just the terms the query read (the
  // postings' getters note them): the scores are the same, and no document's whole term
  // list is needed, so loading never builds one. Read outside query() (lunr's toJSON, the
  // tests), a vector holds every term loaded: with every chunk loaded (loadAll), that is the
  // index lunr.Index.load would give for lunr.py's serialisation.
  //
  // Its parts follow in this order: postingsCache (decoded postings), TermReads (the terms a
  // query read), fieldVectorMaker (BM25 vectors), queryNotingReads, postingClass, termTrie
  // (the term set) and lazyFieldVectors (the vectors' table).
  function loadIndex (head, loadChunk) {
    var chunks = head.chunks
    var table = { terms: new Array(head.termCount), postings: new Array(head.termCount), loaded: [] }
    var postingsOf = postingsCache(head, table)
    var reads = new TermReads(head, table, postingsOf)
    var Posting = postingClass(head.fields, postingsOf, reads)
    var index = new lunr.Index({
      fields: head.fields,
      invertedIndex: Object.create(null),
      fieldVectors: lazyFieldVectors(head.fields, head.count, fieldVectorMaker(head, postingsOf, reads)),
      tokenSet: termTrie([]),
      pipeline: lunr.Pipeline.load(head.pipeline)
    })
    var pending = []
    // Chunk n's terms go into the inverted index and the term set (rebuilt from the chunks loaded, in order).
    function add (n, chunk) {
      var first = chunks[n][1]
      chunk.terms.forEach(function (term, i) {
        table.terms[first + i] = term
        table.postings[first + i] = chunk.postings[i]
        index.invertedIndex[term] = new Posting(first + i)
      })
      table.loaded[n] = chunk.terms
      var terms = []
      for (var c = 0; c < chunks.length; c++) if (table.loaded[c]) terms = terms.concat(table.loaded[c])
      index.tokenSet = termTrie(terms)
    }
    function load (n) {
      if (!pending[n]) {
        pending[n] = Promise.resolve(head.inline ? head.inline[n] : loadChunk(n)).then(function (chunk) { add(n, chunk) })
        pending[n].catch(function () { pending[n] = null }) // let a later query try again
      }
      return pending[n]
    }
    // The chunk holding a term, if any would: the last whose first term is not after it.
    function chunkOf (term) {
      var low = 0
      var high = chunks.length - 1
      while (low < high) {
        var middle = (low + high + 1) >> 1
        if (chunks[middle][0] <= term) low = middle
        else high = middle - 1
      }
      return low
    }
    // Loads the chunks holding the terms from ranges[i][0] to ranges[i][1], both included.
    function need (ranges) {
      var wanted = []
      if (chunks.length) {
        ranges.forEach(function (range) {
          for (var n = chunkOf(range[0]); n <= chunkOf(range[1]); n++) wanted.push(load(n))
        })
      }
      return Promise.all(wanted)
    }
    function loadAll () {
      return Promise.all(chunks.map(function (_chunk, n) { return load(n) }))
    }
    // How many (document, field) pairs hold a term: how common a correction is.
    function frequency (term) {
      var posting = index.invertedIndex[term]
      return posting ? postingsOf(posting._index).docs.length : 0
    }
    return { index: index, query: queryNotingReads(index, reads), frequency: frequency, need: need, loadAll: loadAll, run: scorer(head, index, table, postingsOf) }
  }

  // run(clauses, maskOf): what lunr's index.query gives for these optional clauses, [term,
  // { boost, wildcard }] (no pipeline, every field), computed straight from the postings:
  // { positions, scores, masks, fields }, the n-th result being document positions[n], in no
  // particular order, with its score, its mask and its fields, where mask is the OR of
  // maskOf(term) over the terms the document holds (the query words they stand for, as bits)
  // and fields has bit f set when field f holds one. lunr builds objects for every (document,
  // field) it finds (match data, refs, vectors): most of a query's time, and of its garbage, on
  // a large directory. Here a query fills a few typed arrays. The score is lunr's, to the bit (a
  // test compares them): for each field holding a term of the query, the dot product of the
  // query's vector (each term's boosts added up, clause by clause) with the field's (lunr's
  // rounded BM25 of those terms, added up in increasing term number as lunr's sparse vectors
  // do), over the query vector's magnitude; these are added up in the order lunr first meets
  // the document's fields (clause by clause, term by term, field by field).
  function scorer (head, index, table, postingsOf) {
    var F = head.fields.length
    var count = head.count
    var k1 = head.k1
    var b = head.b
    var dots = null // [f * count + doc] -> dot product, where met
    var met = null // [f * count + doc] -> when (f, doc) was first met, 0 for not yet
    var masks = null // [doc] -> mask, where met
    var seen = null // [doc] -> 1 once met
    return function run (clauses, maskOf) {
      if (!dots) {
        dots = new Float64Array(F * count)
        met = new Int32Array(F * count)
        masks = new Int32Array(count)
        seen = new Uint8Array(count)
      }
      var weights = new Map() // term number -> the query vector's element
      var order = [] // term numbers, as first expanded
      clauses.forEach(function (clause) {
        var term = clause[0]
        var options = clause[1]
        var expanded = options.wildcard === lunr.Query.wildcard.TRAILING
          ? index.tokenSet.intersect(lunr.TokenSet.fromString(term + '*')).toArray()
          : (index.invertedIndex[term] ? [term] : [])
        var boost = 'boost' in options ? options.boost : 1
        expanded.forEach(function (found) {
          var t = index.invertedIndex[found]._index
          if (!weights.has(t)) order.push(t)
          weights.set(t, (weights.has(t) ? weights.get(t) : 0) + boost) // lunr adds each field's alike
        })
      })
      // The (field, document) pairs met, in lunr's order, and the documents, in the order first met.
      var pairs = []
      var docs = []
      order.forEach(function (t) {
        var postings = postingsOf(t)
        var mask = maskOf ? maskOf(table.terms[t]) : 0
        for (var f = 0; f < F; f++) {
          for (var k = postings.bounds[f]; k < postings.bounds[f + 1]; k++) {
            var doc = postings.docs[k]
            var key = f * count + doc
            if (!met[key]) {
              pairs.push(key)
              met[key] = pairs.length
              dots[key] = 0
              if (!seen[doc]) {
                docs.push(doc)
                seen[doc] = 1
                masks[doc] = 0
              }
            }
            masks[doc] |= mask
          }
        }
      })
      var ascending = order.slice().sort(function (x, y) { return x - y })
      var squares = 0
      ascending.forEach(function (t) { squares += weights.get(t) * weights.get(t) })
      var magnitude = Math.sqrt(squares)
      ascending.forEach(function (t) {
        var postings = postingsOf(t)
        var weight = weights.get(t)
        for (var f = 0; f < F; f++) {
          var boost = head.boosts[f]
          var average = head.averages[f]
          for (var k = postings.bounds[f]; k < postings.bounds[f + 1]; k++) {
            var tf = postings.freqs[k]
            var norm = k1 * (1 - b + b * (postings.lengths[k] / average))
            var bm25 = postings.idf * ((k1 + 1) * tf) / (norm + tf) * boost
            dots[f * count + postings.docs[k]] += weight * (Math.round(bm25 * 1000) / 1000)
          }
        }
      })
      var results = { positions: docs, scores: new Float64Array(docs.length), masks: new Int32Array(docs.length), fields: new Int32Array(docs.length) }
      var keys = []
      docs.forEach(function (doc, n) {
        keys.length = 0
        for (var f = 0; f < F; f++) if (met[f * count + doc]) keys.push(f * count + doc)
        if (keys.length > 1) keys.sort(function (x, y) { return met[x] - met[y] })
        var score = dots[keys[0]] / magnitude || 0
        var fields = 1 << Math.floor(keys[0] / count)
        for (var i = 1; i < keys.length; i++) {
          score += dots[keys[i]] / magnitude || 0
          fields |= 1 << Math.floor(keys[i] / count)
        }
        results.scores[n] = score
        results.masks[n] = masks[doc]
        results.fields[n] = fields
      })
      pairs.forEach(function (key) { met[key] = 0 }) // ready for the next query
      docs.forEach(function (doc) { seen[doc] = 0 })
      return results
    }
  }

  // postingsOf(t): term t's postings (search-codec.js's decodePostings, with the field lengths)
  // and lunr's idf of the term, decoded when a query first reads them, then kept.
  function postingsCache (head, table) {
    var decoded = []
    return function postingsOf (t) {
      if (!decoded[t]) {
        var postings = codec.decodePostings(table.postings[t], head.fields.length, true)
        postings.idf = inverseDocumentFrequency(head.count, postings.docs.length)
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
  // Outside a query nothing is noted, and the pairs are those of every term loaded.
  function TermReads (head, table, postingsOf) {
    this.head = head
    this.table = table
    this.postingsOf = postingsOf
    this.terms = null // numbers of the terms read by the query under way, if any
    this.pairs = null // gatherPairs(terms), once a vector is asked for; a later read starts it again
    this.allPairs = null // gatherPairs of every term loaded, for vectors read outside a query
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
    this.allPairs = null // chunks may have come in since
  }

  // lunr read term t's postings: noted when a query is under way.
  TermReads.prototype.note = function (t) {
    if (this.terms) {
      this.terms.push(t)
      this.pairs = null
    }
  }

  var NO_PAIRS = Object.freeze({ list: Object.freeze([]), length: 0 }) // a field holding none of the terms

  // The (term, tf) pairs of field f of document doc, { list: [t, tf, t, tf, ...], length: the
  // field's length }, terms in order.
  TermReads.prototype.pairsOf = function (f, doc) {
    var pairs
    if (this.terms) {
      if (!this.pairs) this.pairs = gatherPairs(this.head, this.postingsOf, distinctInOrder(this.terms))
      pairs = this.pairs
    } else {
      if (!this.allPairs) this.allPairs = gatherPairs(this.head, this.postingsOf, loadedTerms(this.table.postings))
      pairs = this.allPairs
    }
    return pairs.get(f * this.head.count + doc) || NO_PAIRS
  }

  // The numbers of the terms loaded, in increasing order.
  function loadedTerms (postings) {
    var terms = []
    postings.forEach(function (_text, t) { terms.push(t) }) // forEach skips the terms not loaded
    return terms
  }

  // The term numbers read, each once, in increasing order.
  function distinctInOrder (terms) {
    return Array.from(new Set(terms)).sort(function (x, y) { return x - y })
  }

  // (term, tf) pairs and field length of each (field, document) holding some of `terms`, terms
  // in order, keyed by f * count + doc.
  function gatherPairs (head, postingsOf, terms) {
    var F = head.fields.length
    var count = head.count
    var pairs = new Map()
    for (var i = 0; i < terms.length; i++) {
      var t = terms[i]
      var postings = postingsOf(t)
      for (var f = 0; f < F; f++) {
        for (var k = postings.bounds[f]; k < postings.bounds[f + 1]; k++) {
          var key = f * count + postings.docs[k]
          var entry = pairs.get(key)
          if (!entry) {
            entry = { list: [], length: postings.lengths[k] }
            pairs.set(key, entry)
          }
          entry.list.push(t, postings.freqs[k])
        }
      }
    }
    return pairs
  }

  // fieldVector(f, doc): lunr's vector of field f of document doc, the BM25 score of each term
  // of reads.pairsOf(f, doc) with its builder's formula, rounded as lunr serialises it.
  function fieldVectorMaker (head, postingsOf, reads) {
    var k1 = head.k1
    var b = head.b
    return function fieldVector (f, doc) {
      var pairs = reads.pairsOf(f, doc)
      var list = pairs.list
      var elements = new Array(list.length)
      var norm = k1 * (1 - b + b * (pairs.length / head.averages[f]))
      for (var i = 0; i < list.length; i += 2) {
        var tf = list[i + 1]
        var score = postingsOf(list[i]).idf * ((k1 + 1) * tf) / (norm + tf) * head.boosts[f]
        elements[i] = list[i]
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

  // Each document's type number, from runs of [type number, how many documents] (index.py's type_runs).
  function decodeRuns (text, count) {
    var runs = codec.decodeNumbers(text)
    var types = new Uint8Array(count)
    for (var i = 0, at = 0; i < runs.length; i += 2) {
      types.fill(runs[i], at, at + runs[i + 1])
      at += runs[i + 1]
    }
    return types
  }

  // The engine of one built index (index.json's content); loadFile(name) gives the content of
  // another of its files ('terms-3.json', 'docs-0.json', 'words.json'), or a Promise of it.
  function Engine (data, loadFile) {
    this.loadFile = function (name) { return Promise.resolve(loadFile(name)) }
    var load = this.loadFile
    // { index: lunr.Index, query, frequency, need, loadAll }
    this.index = loadIndex(data.index, function (n) { return load('terms-' + n + '.json') })
    // The vocabulary: in the index when it is small, else words.json, fetched by the first query that needs it.
    this.words = typeof data.words === 'string' ? data.words : null
    this.vocabularyTrie = null
    var secondary = data.secondary || { types: [], fields: [] }
    // Type numbers (in the type facet's order) and field names ranked after the others.
    this.secondaryTypes = new Set()
    data.facets.type.forEach(function (pair, v) { if (secondary.types.indexOf(pair[0]) !== -1) this.secondaryTypes.add(v) }, this)
    this.typeFacet = data.facets.type
    this.types = decodeRuns(data.types, data.count) // each document's type number
    // The fields not ranked after the others, as bits (field f is bit f), as loadIndex's run gives them.
    this.primaryFields = 0
    data.index.fields.forEach(function (field, f) { if (secondary.fields.indexOf(field) === -1) this.primaryFields |= 1 << f }, this)
    this.count = data.count
    this.shardSize = data.shardSize
    // The facets' values and the documents' (facet_data in index.py): in index.json when the index
    // travels whole, else in facets.json, fetched by loadFacets (a search with filters waits for it).
    this.facets = null
    this.rows = null
    this.facetsLoading = null
    if (data.facets.rows !== undefined) this.setFacets(data.facets)
    this.shards = {}
    // When the index says they are small, every display shard is fetched now (the search page
    // preloads them too): `ready` resolves once they are in, and results then show at once.
    // So are the chunks of an index that travels whole in index.json.
    var eager = data.index.inline ? [this.index.loadAll()] : []
    for (var n = 0; data.eagerShards && n * data.shardSize < data.count; n++) {
      this.shards[n] = this.loadShard(n)
      eager.push(this.shards[n])
    }
    this.ready = Promise.all(eager)
  }

  Engine.prototype.setFacets = function (facets) {
    this.facets = facets
    this.rows = loadFacetRows(facets.rows, this.count)
  }

  // A Promise resolved once the facets are in (at once when index.json holds them).
  Engine.prototype.loadFacets = function () {
    var self = this
    if (this.facets) return Promise.resolve()
    if (!this.facetsLoading) {
      this.facetsLoading = this.loadFile('facets.json').then(function (facets) { self.setFacets(facets) })
      this.facetsLoading.catch(function () { self.facetsLoading = null }) // let a later search try again
    }
    return this.facetsLoading
  }

  // Display shard n.
  Engine.prototype.loadShard = function (n) {
    return this.loadFile('docs-' + n + '.json')
  }

  // Loads the chunks of the index holding these [term, options] pairs' terms, and, for a
  // trailing wildcard, every term it starts (the last of them comes before term + U+FFFF).
  Engine.prototype.need = function (terms) {
    return this.index.need(terms.map(function (term) {
      var wildcard = term[1].wildcard === lunr.Query.wildcard.TRAILING
      return [term[0], wildcard ? term[0] + '\uffff' : term[0]]
    }))
  }

  // lunr's results for these [term, options] pairs (loadIndex's run, with maskOf); none for no term.
  Engine.prototype.run = function (terms, maskOf) {
    return terms.length ? this.index.run(terms, maskOf) : { positions: [] }
  }

  // One lunr query for all the words: exact stems, and the last word as a prefix while it is
  // typed. Then, for the words that found nothing, one more query: the last word completed from
  // the vocabulary, or each word corrected (fuzzy matching is the costly part, so it runs only
  // then). Returns { matches, corrections }: matches maps position -> { score, words, typos,
  // primary }, words counting the query words a document holds (read from the terms lunr says it
  // matched), typos those it holds only through a correction, primary whether it holds one in a
  // field other than the secondary ones.
  // A Promise: the chunks of the index each query needs are loaded first.
  Engine.prototype.match = function (words) {
    var self = this
    var fields = this.primaryFields
    words = words.slice(0, MAX_WORDS)
    var first = exactAndPrefixTerms(words)
    return this.need(first).then(function () {
      var counted = countWordsHeld(self.run(first, maskOf(termWords(words))), fields, new Map(), null)
      var matches = counted.matches
      var lost = []
      words.forEach(function (_word, w) { if (!counted.found[w]) lost.push(w) })
      if (!lost.length) return self.matchAgain(matches, { terms: [], wordsOf: new Map(), corrections: [] })
      return self.completeOrCorrect(words, lost).then(function (second) { return self.matchAgain(matches, second) })
    })
  }

  // match's second query, with completeOrCorrect's answer (its terms' chunks loaded), added to the first's matches.
  Engine.prototype.matchAgain = function (matches, second) {
    var fields = this.primaryFields
    var typo = new Set(second.corrections.map(function (correction) { return correction.w }))
    var wordsOfSecond = function (term) { return second.wordsOf.get(term) || [] }
    var typoMask = 0
    typo.forEach(function (w) { typoMask |= 1 << w })
    countWordsHeld(this.run(second.terms, maskOf(wordsOfSecond)), fields, matches, typoMask)
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

  // maskOf(term) for loadIndex's run: the query words wordsHeldBy(term) says the term stands
  // for, as bits (word w is bit w: MAX_WORDS at most).
  function maskOf (wordsHeldBy) {
    return function (term) {
      var mask = 0
      wordsHeldBy(term).forEach(function (w) { mask |= 1 << w })
      return mask
    }
  }

  // The results of loadIndex's run added to matches (position -> { score, words, typos, primary }):
  // score added, words counting the query words a result holds (its mask), typos those of them in
  // typoMask (words held only through a correction: a second query's), primary whether it holds
  // one in a field of primaryFields (bits, as run's fields). Returns { matches, found }, found
  // counting the results that hold each query word.
  function countWordsHeld (results, primaryFields, matches, typoMask) {
    var found = Object.create(null) // query word index -> results holding it
    for (var n = 0; n < results.positions.length; n++) {
      var mask = results.masks[n]
      for (var w = 0; mask >>> w; w++) if ((mask >>> w) & 1) found[w] = (found[w] || 0) + 1
      var primary = (results.fields[n] & primaryFields) !== 0
      var entry = matches.get(results.positions[n])
      if (entry) {
        entry.score += results.scores[n]
        entry.words += bitCount(mask)
        entry.typos += bitCount(mask & typoMask)
        entry.primary = entry.primary || primary
      } else {
        matches.set(results.positions[n], { score: results.scores[n], words: bitCount(mask), typos: bitCount(mask & typoMask), primary: primary })
      }
    }
    return { matches: matches, found: found }
  }

  // How many bits of a mask are set.
  function bitCount (mask) {
    var bits = 0
    for (; mask; mask &= mask - 1) bits++
    return bits
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

  // A Promise of the vocabulary's words as a lunr.TokenSet, built when a query first needs it.
  Engine.prototype.vocabulary = function () {
    var self = this
    if (!this.vocabularyTrie) {
      this.vocabularyTrie = Promise.resolve(this.words === null ? this.loadFile('words.json') : this.words).then(function (words) {
        return termTrie(codec.decodeWords(words))
      })
      this.vocabularyTrie.catch(function () { self.vocabularyTrie = null }) // let a later query try again
    }
    return this.vocabularyTrie
  }

  // The second query, for the words that found nothing (their indexes in `lost`): the last word,
  // while it is typed, completed from the vocabulary ("cooperati" -> "cooperation", whose stem
  // the first query's prefixes miss); else each word of TYPO_MIN letters or more corrected (the
  // vocabulary's words one edit away, two from TYPO2_MIN letters). A Promise, once the vocabulary
  // and the chunks of the terms found are in, of { terms: [term, options] pairs, wordsOf: term ->
  // indexes of the words it stands for, corrections: [{ w, raw, elided, word }], the best
  // correction of each word corrected }.
  Engine.prototype.completeOrCorrect = function (words, lost) {
    var self = this
    var terms = []
    var wordsOf = new Map()
    var corrected = [] // [{ w, raw, elided, bare, near }] of each word corrected
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
    return this.vocabulary().then(function (vocabulary) {
      // The vocabulary's words that `pattern` (a lunr.TokenSet) accepts, in JavaScript's string order.
      function wordsMatching (pattern) {
        return vocabulary.intersect(pattern).toArray().sort()
      }
      lost.forEach(function (w) {
        var word = words[w]
        var length = letters(word.bare)
        if (w === words.length - 1 && length >= PREFIX_MIN) {
          var completions = wordsMatching(lunr.TokenSet.fromString(word.bare + '*'))
          if (completions.length) {
            add(completions, w, BOOST.prefix)
            return
          }
        }
        if (length < TYPO_MIN) return
        var near = wordsMatching(lunr.TokenSet.fromFuzzyString(word.bare, length >= TYPO2_MIN ? 2 : 1))
        if (!near.length) return
        add(near, w, BOOST.typo)
        corrected.push({ w: w, raw: word.raw, elided: word.elided, bare: word.bare, near: near })
      })
      return self.need(terms)
    }).then(function () {
      var corrections = corrected.map(function (word) {
        return { w: word.w, raw: word.raw, elided: word.elided, word: self.bestCorrection(word.bare, word.near) }
      })
      return { terms: terms, wordsOf: wordsOf, corrections: corrections }
    })
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

  // A Promise of the answer; filters: { type: ['offer'], theme: ['environnement', ...], ... }
  // (values, not indexes).
  Engine.prototype.search = function (text, filters) {
    var self = this
    var query = readQuery(text)
    var filtered = FACETS.some(function (facet) { return filters?.[facet]?.length > 0 })
    return Promise.all([
      query.words.length ? this.match(query.words) : null,
      filtered ? this.loadFacets() : null
    ]).then(function (done) {
      return self.rank(text, query, done[0], filters)
    })
  }

  // search's answer, once match has given the query's matches (null for a query without words).
  Engine.prototype.rank = function (text, query, matched, filters) {
    var self = this
    var words = query.words
    var candidates // position -> { score, words, typos, primary }
    var correction = null
    if (matched) {
      candidates = matched.matches
      if (matched.corrections.length) correction = { query: String(text), words: matched.corrections }
    } else { // an empty query, or stop words alone: every document, in the index's order
      candidates = new Map()
      for (var i = 0; i < this.count; i++) candidates.set(i, { score: 0, words: 0, typos: 0, primary: true })
    }
    // Without the facets (not fetched yet, and no filter), the results alone, and facets: null.
    var rows = this.rows
    var wanted = FACETS.map(function (facet) { return rows ? self.selectedIndexes(facet, filters || {}) : null })
    var starts = rows?.starts
    var numbers = rows?.numbers
    var F = FACETS.length
    var types = this.types
    function holdsAny (position, f) {
      var at = starts[position * F + f]
      for (var k = at + 1; k <= at + numbers[at]; k++) if (wanted[f].has(numbers[k])) return true
      return false
    }
    // Facet counts: each facet is counted with the query and the *other* facets' filters.
    var counts = rows && FACETS.map(function (facet) { return new Int32Array(self.facets[facet].length) })
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
        var secondary = !entry.primary || self.secondaryTypes.has(types[position])
        matching.push({ position: position, score: entry.score, typos: entry.typos, secondary: secondary ? 1 : 0 })
      }
      if (failures > 1 || !rows) return
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
    var facets = rows ? {} : null
    if (rows) FACETS.forEach(function (facet, f) {
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
      facets: facets, // null before loadFacets
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
    ;(facet === 'type' ? this.typeFacet : this.facets?.[facet] || []).forEach(function (pair) { labels[pair[0]] = pair[1] })
    return labels
  }

  // Display rows (type, title, url, snippet, place, organisation, terms: an offer's or a need's
  // [conditions type, its label, period, expiry], documents.terms_line) of some results.
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
          return { type: row[0], title: row[1], url: row[2], snippet: row[3], place: row[4], organisation: row[5], terms: row[6] || [], score: r.score }
        })
      }))
    })
  }

  return {
    FACETS: FACETS,
    create: function (data, loadFile) { return new Engine(data, loadFile) },
    loadIndex: loadIndex,
    splitWords: splitWords,
    // The [term, options] pairs of a query's first search (its words' stems, the last word's prefixes).
    queryTerms: function (text) {
      var words = splitWords(text)
      return words.length ? exactAndPrefixTerms(words) : []
    },
    editDistance: editDistance,
    correctedQuery: correctedQuery
  }
}))
