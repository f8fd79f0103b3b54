// Test runner: annuaire/contribute/browser/record-yaml.js in Node, driven by test_record_yaml.py.
// Reads one JSON request on stdin and writes one JSON answer on stdout:
//   {"scalars": [value, ...], "documents": [[key, value], ...], "renders": [[plan, values, today], ...]}
//   -> {"scalars": [text, ...], "documents": [text, ...], "renders": [text, ...]}
// A value the module refuses gives {"error": message} in its place.
'use strict'

const path = require('node:path')
const recordYaml = require(path.join(__dirname, '..', '..', 'annuaire', 'contribute', 'browser', 'record-yaml.js'))

function attempt(make) {
  try {
    return make()
  } catch (error) {
    return { error: String(error.message) }
  }
}

const chunks = []
process.stdin.on('data', (chunk) => chunks.push(chunk))
process.stdin.on('end', () => {
  const request = JSON.parse(Buffer.concat(chunks).toString('utf8'))
  const answer = {
    scalars: (request.scalars || []).map((value) => attempt(() => recordYaml.scalar(value))),
    documents: (request.documents || []).map(([key, value]) => attempt(() => recordYaml.document(key, value))),
    renders: (request.renders || []).map(([plan, values, today]) => attempt(() => recordYaml.render(plan, values, today))),
  }
  process.stdout.write(JSON.stringify(answer))
})
