// Test runner: annuaire/contribute/browser/problems.js in Node, driven by tests/contribute/test_message_parity.py.
// Reads one JSON request on stdin, writes one JSON answer on stdout:
//   {"schemas": {type: inlined schema}, "contexts": {type: problems.js context without `ajv`},
//    "cases": [{"name", "type", "record", "slug"}, ...],
//    "suggestions": [[value, {identifier: name}], ...], "fieldNames": [[part, ...], ...],
//    "ratios": [[a, b], ...], "closeMatches": [[word, [possibility, ...]], ...], "folds": [...],
//    "dates": [...]}
//   -> {"cases": {name: [{"path", "field", "message"}, ...]}, "suggestions": [identifier or null, ...],
//       "fieldNames": [...], "ratios": [...], "closeMatches": [[...], ...], "folds": [...], "dates": [...]}
'use strict'
const path = require('node:path')

const root = path.resolve(__dirname, '..', '..')
const Ajv2020 = require(path.join(root, 'node_modules', 'ajv-dist', 'dist', 'ajv2020.bundle.js')).default
const problems = require(path.join(root, 'annuaire', 'contribute', 'browser', 'problems.js'))

async function main() {
  let input = ''
  // Decoded as a stream: a letter of several bytes may straddle two chunks.
  process.stdin.setEncoding('utf8')
  for await (const chunk of process.stdin) input += chunk
  const request = JSON.parse(input)
  // The options the contribution form compiles the schemas with.
  const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: false })
  ajv.addFormat('date', problems.isDate)
  const answer = { cases: {} }
  for (const item of request.cases || []) {
    const context = Object.assign({}, request.contexts[item.type], { ajv, slug: item.slug })
    answer.cases[item.name] = problems.check(item.record, request.schemas[item.type], context)
  }
  answer.suggestions = (request.suggestions || []).map(([value, known]) => problems.suggestion(value, known))
  answer.fieldNames = (request.fieldNames || []).map((parts) => problems.fieldName(parts))
  answer.ratios = (request.ratios || []).map(([a, b]) => problems.ratio(a, b))
  answer.closeMatches = (request.closeMatches || []).map(([word, possibilities]) => problems.getCloseMatches(word, possibilities, 3, 0.6))
  answer.folds = (request.folds || []).map((text) => problems.fold(text))
  answer.dates = (request.dates || []).map((text) => problems.isDate(text))
  process.stdout.write(JSON.stringify(answer))
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`)
  process.exit(1)
})
