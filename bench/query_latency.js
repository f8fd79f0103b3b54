// Query latency in lunr.js for `make bench`: our engine (search-core.js, as in the browser)
// and a naive lunr index with lunr.js's default English pipeline. Queries come on stdin as JSON.
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

function timings (run, queries) {
  const samples = []
  for (let round = 0; round < ROUNDS; round++) {
    for (const query of queries) {
      const start = process.hrtime.bigint()
      run(query)
      samples.push(Number(process.hrtime.bigint() - start) / 1e6)
    }
  }
  samples.sort((a, b) => a - b)
  return { median_ms: percentile(samples, 0.5), p95_ms: percentile(samples, 0.95) }
}

async function main () {
  const [oursFolder, naivePath] = process.argv.slice(2)
  let input = ''
  for await (const chunk of process.stdin) input += chunk
  const queries = JSON.parse(input)

  await lunr.fr.init()
  let start = process.hrtime.bigint()
  const data = JSON.parse(fs.readFileSync(path.join(oursFolder, 'index.json'), 'utf8'))
  const engine = AnnuaireSearch.create(data, (n) => Promise.resolve(JSON.parse(fs.readFileSync(path.join(oursFolder, `docs-${n}.json`), 'utf8'))))
  const oursLoad = Number(process.hrtime.bigint() - start) / 1e6
  let shards = 0
  for (const query of queries) {
    const found = engine.search(query, {})
    shards += new Set(found.results.slice(0, 20).map((r) => Math.floor(r.position / data.shardSize))).size
  }
  const ours = timings((query) => engine.search(query, {}), queries)

  start = process.hrtime.bigint()
  const naive = lunr.Index.load(JSON.parse(fs.readFileSync(naivePath, 'utf8')))
  const naiveLoad = Number(process.hrtime.bigint() - start) / 1e6
  const clean = (query) => query.replace(/[:~^*+-]/g, ' ')
  const naiveTimes = timings((query) => naive.search(clean(query)), queries)

  process.stdout.write(JSON.stringify({
    ours: { ...ours, load_ms: oursLoad, shards_per_query: shards / queries.length },
    naive: { ...naiveTimes, load_ms: naiveLoad }
  }))
}

main().catch((error) => { process.stderr.write(`${String(error.stack || error)}\n`); process.exit(1) })
