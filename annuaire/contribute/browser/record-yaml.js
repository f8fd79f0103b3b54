/*
 * The YAML file `make new` writes, written in the browser: the contribution form's
 * result is the same text, byte for byte, for the same values.
 *
 *   AnnuaireRecordYaml.scalar(value)   -> one line of YAML: plain when nothing can misread it,
 *                                         else double-quoted (annuaire/contribute/yaml_text.py
 *                                         `scalar`, whose docstring states the rules)
 *   AnnuaireRecordYaml.literal(value)  -> ['|' or '|-', lines] for a text of several lines that a
 *                                         literal block keeps exactly, else null
 *   AnnuaireRecordYaml.document(key, value) -> 'key: value\n' (a whole document, for tests)
 *   AnnuaireRecordYaml.render(plan, values, today) -> the commented record file:
 *                                         annuaire/contribute/scaffold.py `render_plan`; the plan is
 *                                         scaffold.plan(kind), values map dotted paths
 *                                         ('contact.email') or a list of groups ('partenaires':
 *                                         [{organisation, role, precisions}, ...]) to values, today
 *                                         is 'AAAA-MM-JJ' (or a Date, read as the local day)
 *
 * Every rule here repeats one of the Python side, line for line: change both together
 * (tests/contribute/test_record_yaml.py compares them on hundreds of values).
 */
(function (root, factory) {
  if (typeof module === 'object' && module.exports) {
    module.exports = factory()
  } else {
    root.AnnuaireRecordYaml = factory()
  }
}(typeof self !== 'undefined' ? self : this, function () {
  'use strict'

  var INDICATORS = '-?:,[]{}#&*!|>\'"%@`'
  var RESERVED = ['y', 'yes', 'n', 'no', 'on', 'off', 'true', 'false', 'null', '~', '=', '<<']
  var NUMBER = /^[-+]?(?:[0-9_][0-9a-fA-FxXoObB_.:,+-]*|\.[0-9_][0-9eE_.+-]*|\.(?:inf|Inf|INF|nan|NaN|NAN))$/
  var TIMESTAMP = /^[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)?$/
  var DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/
  var ESCAPES = { '"': '\\"', '\\': '\\\\', '\b': '\\b', '\t': '\\t', '\n': '\\n', '\f': '\\f', '\r': '\\r' }

  // YAML's printable characters, less the tab, the line breaks U+0085, U+2028, U+2029 and the BOM.
  function printable (code) {
    return (code >= 0x20 && code <= 0x7E) ||
      (code >= 0xA0 && code <= 0xD7FF && code !== 0x2028 && code !== 0x2029) ||
      (code >= 0xE000 && code <= 0xFFFD && code !== 0xFEFF) ||
      (code >= 0x10000 && code <= 0x10FFFF)
  }

  // The text's code points, as Python iterates a str (a lone surrogate is one of them).
  function codePoints (text) {
    var points = []
    for (var i = 0; i < text.length; i++) {
      var code = text.codePointAt(i)
      points.push(code)
      if (code > 0xFFFF) i++
    }
    return points
  }

  function isDate (text) {
    if (!DATE.test(text)) return false
    var year = Number(text.slice(0, 4))
    var month = Number(text.slice(5, 7))
    var day = Number(text.slice(8))
    if (year < 1 || month < 1 || month > 12 || day < 1) return false
    var leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
    var days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return day <= days[month - 1]
  }

  function plainOk (text) {
    if (!text || !codePoints(text).every(printable)) return false
    var first = text.charAt(0)
    var last = text.charAt(text.length - 1)
    return INDICATORS.indexOf(first) < 0 && first !== ' ' && last !== ' ' &&
      text.indexOf(': ') < 0 && text.indexOf(' #') < 0 && last !== ':' &&
      RESERVED.indexOf(text.toLowerCase()) < 0 &&
      (isDate(text) || !(NUMBER.test(text) || TIMESTAMP.test(text)))
  }

  function quoted (text) {
    var out = '"'
    codePoints(text).forEach(function (code) {
      var char = String.fromCodePoint(code)
      if (Object.hasOwn(ESCAPES, char)) {
        out += ESCAPES[char]
      } else if (printable(code)) {
        out += char
      } else {
        out += '\\u' + ('000' + code.toString(16).toUpperCase()).slice(-4)
      }
    })
    return out + '"'
  }

  // A number as yaml_text.scalar writes it: an integral value below 1e16 as an integer (Python's
  // int: JSON cannot tell 20.0 from 20), any other as yaml_text.number, with shortest round-trip digits.
  function number (value) {
    if (Number.isNaN(value)) return '.nan'
    if (!Number.isFinite(value)) return value > 0 ? '.inf' : '-.inf'
    if (Number.isInteger(value) && Math.abs(value) < 1e16) return String(value === 0 ? 0 : value)
    var sign = value < 0 ? '-' : ''
    var parts = Math.abs(value).toExponential().split('e')
    var power = parseInt(parts[1], 10)
    var digits = parts[0].replace('.', '').replace(/0+$/, '') || '0'
    var point = power + 1 // digits before the decimal point
    if (power >= -4 && power <= 15) {
      if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length) + '.0'
      if (point > 0) return sign + digits.slice(0, point) + '.' + digits.slice(point)
      return sign + '0.' + '0'.repeat(-point) + digits
    }
    return sign + digits.charAt(0) + '.' + (digits.slice(1) || '0') + 'e' + (power >= 0 ? '+' : '-') + Math.abs(power)
  }

  function isContainer (value) {
    return value !== null && typeof value === 'object'
  }

  function isFilled (value) {
    return Array.isArray(value) ? value.length > 0 : Object.keys(value).length > 0
  }

  function scalar (value) {
    if (value === null || value === undefined) return 'null'
    if (typeof value === 'boolean') return value ? 'true' : 'false'
    if (typeof value === 'number') return number(value)
    if (Array.isArray(value) && !value.length) return '[]'
    if (isContainer(value) && !Array.isArray(value) && !isFilled(value)) return '{}'
    if (typeof value !== 'string') throw new TypeError('no YAML scalar for ' + Object.prototype.toString.call(value))
    return plainOk(value) ? value : quoted(value)
  }

  function literal (value) {
    if (typeof value !== 'string' || value.indexOf('\n') < 0 || value.charAt(0) === ' ' || value.charAt(0) === '\n') return null
    if (value.slice(-2) === '\n\n') return null
    if (!codePoints(value).every(function (code) { return code === 10 || printable(code) })) return null
    var ends = value.slice(-1) === '\n'
    var lines = (ends ? value.slice(0, -1) : value).split('\n')
    if (lines.some(function (line) { return line.slice(-1) === ' ' })) return null
    return [ends ? '|' : '|-', lines]
  }

  // head ('nom:', '-', already indented) followed by value; what it holds indented by indent + 2 spaces.
  function entryLines (head, value, indent) {
    var inner = indent + '  '
    if (isContainer(value) && isFilled(value)) return [head].concat(blockLines(value, inner))
    var block = literal(value)
    if (block) {
      return [head + ' ' + block[0]].concat(block[1].map(function (line) { return line ? inner + line : '' }))
    }
    return [head + ' ' + scalar(value)]
  }

  function blockLines (value, indent) {
    var lines = []
    if (!Array.isArray(value)) {
      Object.keys(value).forEach(function (key) {
        lines = lines.concat(entryLines(indent + scalar(String(key)) + ':', value[key], indent))
      })
      return lines
    }
    value.forEach(function (item) {
      if (isContainer(item) && isFilled(item)) {
        var nested = blockLines(item, indent + '  ')
        lines = lines.concat([indent + '- ' + nested[0].slice(indent.length + 2)], nested.slice(1))
      } else {
        lines = lines.concat(entryLines(indent + '-', item, indent + '  '))
      }
    })
    return lines
  }

  function document (key, value) {
    return entryLines(scalar(key) + ':', value, '').join('\n') + '\n'
  }

  function isEmpty (value) {
    return value === null || value === undefined || value === '' || (Array.isArray(value) && !value.length)
  }

  function has (object, key) {
    return Object.hasOwn(object, key)
  }

  function isoDay (today) {
    if (typeof today === 'string') return today
    var pad = function (n) { return (n < 10 ? '0' : '') + n }
    return today.getFullYear() + '-' + pad(today.getMonth() + 1) + '-' + pad(today.getDate())
  }

  function render (plan, values, today) {
    var given = {}
    var day = isoDay(today)
    plan.today.forEach(function (name) { given[name] = day })
    Object.keys(values || {}).forEach(function (path) {
      if (!isEmpty(values[path])) given[path] = values[path]
    })
    var lines = plan.header.slice()
    plan.fields.forEach(function (field) {
      lines.push('')
      lines = lines.concat(fieldLines(plan, field, given))
    })
    return lines.join('\n') + '\n'
  }

  function fieldLines (plan, field, values) {
    var lines = ['# ' + field.comment]
    var sub = field.children
    if (!sub) {
      return lines.concat(valueLines(plan, field, values, '', !field.required && !has(values, field.path), ''))
    }
    var whole = values[field.path]
    var items = []
    var first = {}
    sub.forEach(function (child) {
      if (has(values, child.path)) first[child.path] = values[child.path]
    })
    if (field.many) {
      if (Array.isArray(whole)) items = whole.filter(function (item) { return isContainer(item) && !Array.isArray(item) })
    } else if (isContainer(whole) && !Array.isArray(whole)) {
      var merged = {}
      sub.forEach(function (child) {
        if (!isEmpty(whole[child.name])) merged[child.path] = whole[child.name]
      })
      Object.keys(first).forEach(function (path) { merged[path] = first[path] })
      first = merged
    }
    if (items.length) {
      first = {}
      sub.forEach(function (child) {
        if (!isEmpty(items[0][child.name])) first[child.path] = items[0][child.name]
      })
    }
    var commented = !field.required && !Object.keys(first).length
    lines.push((commented ? '# ' : '') + field.name + ':')
    sub.forEach(function (child, position) {
      var childCommented = commented || (!child.required && !has(first, child.path))
      // A list of groups: its first field opens each item with « - ».
      var itemPrefix = field.many && position === 0 ? '- ' : ''
      var indent = '  ' + (field.many && position ? '  ' : '')
      lines.push(indent + '# ' + child.comment)
      lines = lines.concat(valueLines(plan, child, first, indent, childCommented, itemPrefix))
    })
    items.slice(1).forEach(function (item) {
      var present = sub.filter(function (child) { return child.required || !isEmpty(item[child.name]) })
      present.forEach(function (child, position) {
        var one = {}
        if (!isEmpty(item[child.name])) one[child.path] = item[child.name]
        lines = lines.concat(valueLines(plan, child, one, position ? '    ' : '  ', false, position ? '' : '- '))
      })
    })
    return lines
  }

  function valueLines (plan, field, values, indent, commented, itemPrefix) {
    var mark = commented ? '# ' : ''
    var head = indent + mark + itemPrefix + field.name + ':'
    var inner = indent + mark + ' '.repeat(itemPrefix.length) // what the value's own lines start with, less 2 spaces
    if (has(values, field.path)) return entryLines(head, values[field.path], inner)
    if (commented && has(field, 'example')) return entryLines(head, field.example, inner)
    return [head + ' ' + scalar(field.many ? [] : '') + '  # ' + plan.todo]
  }

  return {
    scalar: scalar,
    literal: literal,
    document: document,
    render: render
  }
}))
