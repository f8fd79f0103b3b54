// Test harness: the JavaScript half of the French search, driven by tests/search/*.py.
// Reads one JSON request on stdin, writes one JSON answer on stdout:
//   {"mode": "analyse", "texts": [...]}             -> {"labels": [...], "terms": [[...], ...],
//       "surfaces": [[...], ...]} (lunr.fr.analyse and lunr.fr.surfaces of each text)
//   {"mode": "stem", "words": [...]} -> {"stems": [...]}: stemmer-fr.js's stem of each word, as given
//   {"mode": "search", "index": {...}, "queries": [...]} -> {"results": [[ref, ...], ...]}
//   {"mode": "expand", "head": {...}, "chunks": [...]} -> {"index": lunr's serialisation of the
//       index search-core.js's loadIndex builds from codec.py's chunk_index, every chunk loaded}
//   {"mode": "scores", "head": {...}, "chunks": [...], "queries": [...]} -> {"query": [[[ref,
//       score], ...], ...], "whole": [...]}: each query through loadIndex's query() (vectors of
//       the terms read) and through lunr's own search on the same index (whole vectors)
//   {"mode": "run", "head": {...}, "chunks": [...], "clauses": [[[term, {boost, prefix}], ...], ...],
//       "queries": [...]} -> {"ours": [[[position, score, mask, fields], ...], ...], "lunr": [...]}:
//       loadIndex's run and lunr's own index.query on each set of clauses, then on the first
//       search's clauses of each query (search-core.js's queryTerms), results by position
//   {"mode": "expansions", "head": {...}, "chunks": [...], "patterns": [[text, editDistance], ...]}
//       -> {"ours": [[term, ...], ...], "lunr": [...]}: the index terms each pattern finds in
//       loadIndex's term set and in lunr's own TokenSet.fromArray of the same terms
//   {"mode": "shards", "data": index.json's content, "files": {name: content}, "query": "..."} ->
//       {"atCreate": [...], "afterSearch": [...]}: the files the engine asked for when created,
//       then for the query and its first result's display row
//   {"mode": "site", "output": "...", "queries": [{"q": ..., "filters": {...}, "limit": n}]}
//       -> {"results": [[{ref, type, title, score}, ...], ...], "searches": [{total, words,
//       ignored, allWords, facets, suggestion}, ...], "typeLabels": {type: label}} (the built
//       site's index, through the same search-core.js as the browser, and query.js's answer)
//   {"mode": "engine", "data": index.json's content, "files": {name: content} (the other files),
//       "queries": [...]} -> the same as "site", on an index built by the test
//   {"mode": "distances", "pairs": [[a, b], ...]} -> {"distances": [...]}: search-core.js's
//       editDistance of each pair
//   {"mode": "words", "texts": [...]} -> {"words": [[...], ...]}: search-codec.js's decodeWords
//   {"mode": "decode", "numbers": text, "fixed": [text, width, count], "postings": [text, ...],
//       "fieldCount": n} -> {"numbers": [...], "fixed": [...], "postings": [[[[position, tf], ...]
//       for each field] for each term]}: search-codec.js's decoders on codec.py's output
'use strict'
const path = require('node:path')

const root = path.resolve(__dirname, '..', '..')
// The same lunr module that search-fr.js requires, so the labels land in one registry.
const lunr = require(path.join(root, 'node_modules', 'lunr'))
require(path.join(root, 'annuaire', 'search', 'browser', 'search-fr.js'))
const AnnuaireCodec = require(path.join(root, 'annuaire', 'search', 'browser', 'search-codec.js'))
const AnnuaireStemmerFr = require(path.join(root, 'annuaire', 'search', 'browser', 'stemmer-fr.js'))

// A term's postings as codec_oracle.py's decode_postings gives them: [field] -> [[position, tf], ...].
function postingPairs (text, fieldCount) {
  const postings = AnnuaireCodec.decodePostings(text, fieldCount)
  const fields = []
  for (let f = 0; f < fieldCount; f++) {
    const pairs = []
    for (let k = postings.bounds[f]; k < postings.bounds[f + 1]; k++) pairs.push([postings.docs[k], postings.freqs[k]])
    fields.push(pairs)
  }
  return fields
}

async function main () {
  let input = ''
  // Decoded as a stream: a letter of several bytes may straddle two chunks.
  process.stdin.setEncoding('utf8')
  for await (const chunk of process.stdin) input += chunk
  const request = JSON.parse(input)

  let answer
  if (request.mode === 'analyse') {
    await lunr.fr.init()
    answer = { labels: lunr.fr.labels, terms: request.texts.map(lunr.fr.analyse), surfaces: request.texts.map(lunr.fr.surfaces) }
  } else if (request.mode === 'stem') {
    answer = { stems: request.words.map(AnnuaireStemmerFr.stem) }
  } else if (request.mode === 'search') {
    const index = lunr.Index.load(request.index) // before init(): only the labels are needed
    await lunr.fr.init()
    answer = { results: request.queries.map((q) => index.search(q).map((result) => result.ref)) }
  } else if (request.mode === 'expand') {
    const AnnuaireSearch = require(path.join(root, 'annuaire', 'search', 'browser', 'search-core.js'))
    const loaded = AnnuaireSearch.loadIndex(request.head, (n) => request.chunks[n])
    await loaded.loadAll()
    const index = loaded.index.toJSON()
    // Postings read their fields through getters: as plain objects, the way lunr.js reads them.
    index.invertedIndex = index.invertedIndex.map(([term, posting]) => {
      const plain = { _index: posting._index }
      index.fields.forEach((field) => { plain[field] = posting[field] })
      return [term, plain]
    })
    answer = { index }
  } else if (request.mode === 'scores') {
    await lunr.fr.init()
    const AnnuaireSearch = require(path.join(root, 'annuaire', 'search', 'browser', 'search-core.js'))
    const loaded = AnnuaireSearch.loadIndex(request.head, (n) => request.chunks[n])
    await loaded.loadAll()
    const pairs = (results) => results.map((result) => [result.ref, result.score])
    answer = {
      query: request.queries.map((text) => pairs(loaded.query((query) => new lunr.QueryParser(text, query).parse()))),
      whole: request.queries.map((text) => pairs(loaded.index.search(text)))
    }
  } else if (request.mode === 'run') {
    await lunr.fr.init()
    const AnnuaireSearch = require(path.join(root, 'annuaire', 'search', 'browser', 'search-core.js'))
    const loaded = AnnuaireSearch.loadIndex(request.head, (n) => request.chunks[n])
    await loaded.loadAll()
    const wildcard = (options) => ({ boost: options.boost, wildcard: options.prefix ? lunr.Query.wildcard.TRAILING : lunr.Query.wildcard.NONE })
    const sets = request.clauses.map((set) => set.map(([term, options]) => [term, wildcard(options)]))
      .concat(request.queries.map(AnnuaireSearch.queryTerms))
    const byPosition = (rows) => rows.sort((x, y) => x[0] - y[0])
    // A term's bit: any function of the term does, to check that a result's mask ORs those of its terms.
    const maskOf = (term) => 1 << ((term.length * 7 + term.charCodeAt(0)) % 30)
    const fieldBits = (fields) => fields.reduce((bits, field) => bits | (1 << request.head.fields.indexOf(field)), 0)
    answer = {
      ours: sets.map((set) => {
        const found = loaded.run(set, maskOf)
        return byPosition(found.positions.map((position, n) => [position, found.scores[n], found.masks[n], found.fields[n]]))
      }),
      lunr: sets.map((set) => byPosition(loaded.index.query((q) => { for (const [term, options] of set) q.term(term, { usePipeline: false, ...options }) })
        .map((r) => {
          const metadata = r.matchData.metadata
          const terms = Object.keys(metadata)
          return [parseInt(r.ref, 36), r.score, terms.reduce((mask, term) => mask | maskOf(term), 0), fieldBits(terms.flatMap((term) => Object.keys(metadata[term])))]
        })))
    }
  } else if (request.mode === 'expansions') {
    const AnnuaireSearch = require(path.join(root, 'annuaire', 'search', 'browser', 'search-core.js'))
    const loaded = AnnuaireSearch.loadIndex(request.head, (n) => request.chunks[n])
    await loaded.loadAll()
    const ours = loaded.index.tokenSet
    const theirs = lunr.TokenSet.fromArray(request.chunks.flatMap((chunk) => chunk.terms))
    const pattern = ([text, distance]) => distance ? lunr.TokenSet.fromFuzzyString(text, distance) : lunr.TokenSet.fromString(text)
    answer = {
      ours: request.patterns.map((p) => ours.intersect(pattern(p)).toArray().sort()),
      lunr: request.patterns.map((p) => theirs.intersect(pattern(p)).toArray().sort())
    }
  } else if (request.mode === 'shards') {
    await lunr.fr.init()
    const AnnuaireSearch = require(path.join(root, 'annuaire', 'search', 'browser', 'search-core.js'))
    const asked = []
    const engine = AnnuaireSearch.create(request.data, (name) => { asked.push(name); return request.files[name] })
    await engine.ready
    const atCreate = asked.slice()
    await engine.documents((await engine.search(request.query, {})).results.slice(0, 1)).catch(() => null)
    answer = { atCreate, afterSearch: asked.slice(atCreate.length) }
  } else if (request.mode === 'site' || request.mode === 'engine') {
    const { openSearch, answer: answerOf } = require(path.join(root, 'annuaire', 'search', 'query.js'))
    let engine
    if (request.mode === 'site') {
      engine = await openSearch(request.output)
    } else {
      await lunr.fr.init()
      const AnnuaireSearch = require(path.join(root, 'annuaire', 'search', 'browser', 'search-core.js'))
      engine = AnnuaireSearch.create(request.data, (name) => Promise.resolve(request.files[name]))
    }
    answer = { results: [], searches: [] }
    for (const query of request.queries) {
      const { results, ...search } = await answerOf(engine, query.q, query.filters, query.limit || 5)
      answer.results.push(results)
      answer.searches.push(search)
    }
    answer.typeLabels = engine.labels('type')
  } else if (request.mode === 'distances') {
    const AnnuaireSearch = require(path.join(root, 'annuaire', 'search', 'browser', 'search-core.js'))
    answer = { distances: request.pairs.map(([a, b]) => AnnuaireSearch.editDistance(a, b)) }
  } else if (request.mode === 'words') {
    answer = { words: request.texts.map(AnnuaireCodec.decodeWords) }
  } else if (request.mode === 'decode') {
    const [fixedText, width, count] = request.fixed
    answer = {
      numbers: Array.from(AnnuaireCodec.decodeNumbers(request.numbers)),
      fixed: Array.from({ length: count }, (_, n) => AnnuaireCodec.decodeFixed(fixedText, width, n)),
      postings: request.postings.map((text) => postingPairs(text, request.fieldCount))
    }
  } else {
    throw new Error(`unknown mode ${request.mode}`)
  }
  process.stdout.write(JSON.stringify(answer))
}

main().catch((error) => {
  process.stderr.write(`${String(error?.stack ? error.stack : error)}\n`)
  process.exit(1)
})
