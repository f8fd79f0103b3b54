// Query latency in lunr.js for `make bench`: our engine (search-core.js, as in the browser)
// and a naive lunr index with lunr.js's default English pipeline. Queries come on stdin as JSON.
// Ours: the passes after a first one that reads the chunks of the index each query needs (timed
// apart: first_pass_*), and the gzip bytes of the files each query fetches on a fresh engine.
'use strict'
const fs = require('node:fs')
const path = require('node:path')

const root = path.resolve(__dirname, '..')
const lunr = require(path.join(root, 'node_modules', 'lunr'))
require(path.join(root, 'annuaire', 'search', 'browser', 'search-fr.js'))
require(path.join(root, 'annuaire', 'search', 'browser', 'search-codec.js')) // as in the browser, before search-core.js
const AnnuaireSearch = require(path.join(root, 'annuaire', 'search', 'browser', 'search-core.js'))

const ROUNDS = 5

function percentile (sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]
}

async function timings (run, queries) {
  const samples = []
  for (let round = 0; round < ROUNDS; round++) {
    for (const query of queries) {
      const start = process.hrtime.bigint()
      await run(query)
      samples.push(Number(process.hrtime.bigint() - start) / 1e6)
    }
  }
  samples.sort((a, b) => a - b)
  return { median_ms: percentile(samples, 0.5), p95_ms: percentile(samples, 0.95) }
}

// The files of the index a fresh engine fetches for a query and the display rows of its first
// 20 results (what the search page shows), and their gzip bytes: index.json apart.
async function fetched (folder, data, query) {
  const asked = new Set()
  const engine = AnnuaireSearch.create(data, (name) => {
    asked.add(name)
    return JSON.parse(fs.readFileSync(path.join(folder, name), 'utf8'))
  })
  await engine.ready
  const found = await engine.search(query, {})
  await engine.documents(found.results.slice(0, 20))
  let bytes = 0
  for (const name of asked) bytes += fs.statSync(path.join(folder, `${name}.gz`)).size
  return { files: Array.from(asked), gzip: bytes, shards: new Set(found.results.slice(0, 20).map((r) => Math.floor(r.position / data.shardSize))).size }
}

async function main () {
  if (process.argv[2] === '--fetched') { // node query_latency.js --fetched FOLDER QUERY
    const [folder, query] = process.argv.slice(3)
    await lunr.fr.init()
    const data = JSON.parse(fs.readFileSync(path.join(folder, 'index.json'), 'utf8'))
    process.stdout.write(JSON.stringify(await fetched(folder, data, query)))
    return
  }
  const [oursFolder, naivePath] = process.argv.slice(2)
  let input = ''
  // Decoded as a stream: a letter of several bytes may straddle two chunks.
  process.stdin.setEncoding('utf8')
  for await (const chunk of process.stdin) input += chunk
  const queries = JSON.parse(input)

  await lunr.fr.init()
  let start = process.hrtime.bigint()
  const data = JSON.parse(fs.readFileSync(path.join(oursFolder, 'index.json'), 'utf8'))
  // Files are read as they are asked for, as a browser fetches them: the chunks of the index a
  // query needs (whose reading the first round of timings counts) and the display shards.
  const read = (name) => JSON.parse(fs.readFileSync(path.join(oursFolder, name), 'utf8'))
  const engine = AnnuaireSearch.create(data, read)
  await engine.ready
  const oursLoad = Number(process.hrtime.bigint() - start) / 1e6
  let shards = 0
  const files = [] // gzip bytes of the files of the index each query fetches, on a fresh engine
  for (const query of queries) {
    const fresh = await fetched(oursFolder, data, query)
    shards += fresh.shards
    files.push(fresh.gzip)
  }
  // The first pass apart: each query fetches (here, reads and parses) the chunks of the index it
  // needs, as the browser does over the network; the timed passes after it find them loaded.
  const first = []
  for (const query of queries) {
    const start = process.hrtime.bigint()
    await engine.search(query, {})
    first.push(Number(process.hrtime.bigint() - start) / 1e6)
  }
  first.sort((a, b) => a - b)
  const ours = await timings((query) => engine.search(query, {}), queries)
  ours.first_pass_median_ms = percentile(first, 0.5)
  ours.first_pass_p95_ms = percentile(first, 0.95)

  start = process.hrtime.bigint()
  const naive = lunr.Index.load(JSON.parse(fs.readFileSync(naivePath, 'utf8')))
  const naiveLoad = Number(process.hrtime.bigint() - start) / 1e6
  const clean = (query) => query.replace(/[:~^*+-]/g, ' ')
  const naiveTimes = await timings((query) => naive.search(clean(query)), queries)

  process.stdout.write(JSON.stringify({
    ours: { ...ours, load_ms: oursLoad, shards_per_query: shards / queries.length, fetched_gzip_median: files.sort((a, b) => a - b)[files.length >> 1] },
    naive: { ...naiveTimes, load_ms: naiveLoad }
  }))
}

main().catch((error) => { process.stderr.write(`${String(error.stack || error)}\n`); process.exit(1) })
