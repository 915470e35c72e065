#!/usr/bin/env node
// Checks a Delta table's _delta_log against the protocol (PROTOCOL.md), independently of Ingot:
//
//   - commits 0..N are contiguous, one JSON object per line, each with exactly one known action;
//     version 0 has commitInfo, protocol and metaData;
//   - protocol versions and table features are consistent; metaData has an id, format parquet, a
//     schemaString that parses, partitionColumns that are top-level columns, string configuration;
//   - every add has path, partitionValues, size, modificationTime and dataChange; its path is a
//     relative RFC 2396 URI (only unreserved/reserved characters or %XX escapes, no '?' or '#',
//     no scheme) that decodes to an existing file whose size is `size`; Hive-style directories in
//     it agree with partitionValues; partitionValues keys equal metaData.partitionColumns;
//   - stats parse as JSON with numRecords equal to the file's Parquet row count (hyparquet), and
//     nullCount / minValues / maxValues agree with the file's data (exact null counts, bounds that
//     hold every value);
//   - every remove has path, deletionTimestamp and dataChange, and names a live file;
//   - classic checkpoints (read with hyparquet) hold the same live files as the JSON replay, and
//     _last_checkpoint names the newest checkpoint with its action count;
//   - every data file on disk is referenced by some add.
//
//   node check_delta_log.mjs <table_root>
//
// Prints a JSON summary on stdout; each problem on stderr as "error: ..."; exit status 1 when
// there are problems.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { ACTIONS, canonical, listLog, readCheckpoint, readCommit, readParquet } from './delta_log.mjs'

const root = process.argv[2]
if (!root) {
  console.error('usage: node check_delta_log.mjs <table_root>')
  process.exit(2)
}

const errors = []
const error = (where, message) => errors.push(`${where}: ${message}`)

const isInt = v => Number.isInteger(v)
const isObject = v => v !== null && typeof v === 'object' && !Array.isArray(v)

// RFC 2396: unreserved (alphanum, mark) and reserved characters, '%' only in %XX escapes; '?'
// and '#' would start a query or fragment and must be escaped in a path.
const URI_PATH = /^(?:[A-Za-z0-9\-_.!~*'()/;:@&=+$,]|%[0-9A-Fa-f]{2})*$/

function checkPath(where, path) {
  if (typeof path !== 'string' || path === '') {
    error(where, `path ${JSON.stringify(path)} is not a non-empty string`)
    return null
  }
  if (path.startsWith('/')) error(where, `path '${path}' is absolute`)
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(path)) error(where, `path '${path}' has a URI scheme`)
  if (!URI_PATH.test(path)) {
    const bad = [...path.replace(/%[0-9A-Fa-f]{2}/g, '')].filter(c => !URI_PATH.test(c))
    error(where, `path '${path}' is not percent-encoded: raw ${JSON.stringify([...new Set(bad)].join(''))}`)
  }
  let decoded
  try {
    decoded = decodeURIComponent(path)
  } catch (e) {
    error(where, `path '${path}' does not decode: ${e.message}`)
    return null
  }
  if (decoded.split('/').some(s => s === '.' || s === '..' || s === '')) {
    error(where, `path '${path}' has an empty, '.' or '..' segment`)
  }
  return decoded
}

// Spark's unescapePathName (Hive partition directories): %XX escapes are bytes of the UTF-8 text.
function unescapeHive(text) {
  const bytes = Buffer.from(text, 'utf8')
  const out = []
  const hex = b => (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66)
  for (let i = 0; i < bytes.length; ++i) {
    if (bytes[i] === 0x25 && i + 2 < bytes.length && hex(bytes[i + 1]) && hex(bytes[i + 2])) {
      out.push(parseInt(String.fromCharCode(bytes[i + 1], bytes[i + 2]), 16))
      i += 2
    } else {
      out.push(bytes[i])
    }
  }
  return Buffer.from(out).toString('utf8')
}

function checkPartitionDirectories(where, decoded, partitionValues, partitionColumns) {
  const dirs = decoded.split('/').slice(0, -1)
  if (dirs.length === 0) return
  if (dirs.length !== partitionColumns.length) {
    error(where, `file '${decoded}' is in ${dirs.length} directories, the table has ${partitionColumns.length} partition columns`)
    return
  }
  dirs.forEach((dir, i) => {
    const eq = dir.indexOf('=')
    const column = partitionColumns[i]
    if (eq < 0) {
      error(where, `directory '${dir}' of '${decoded}' is not <column>=<value>`)
      return
    }
    const key = unescapeHive(dir.slice(0, eq))
    const raw = dir.slice(eq + 1)
    const value = raw === '__HIVE_DEFAULT_PARTITION__' ? null : unescapeHive(raw)
    if (key !== column) error(where, `directory '${dir}' names column '${key}', expected '${column}'`)
    const expected = partitionValues[column] === '' ? null : partitionValues[column]
    if (value !== expected) {
      error(where, `directory '${dir}' has value ${JSON.stringify(value)}, partitionValues has ${JSON.stringify(partitionValues[column])}`)
    }
  })
}

// --- Values and stats ------------------------------------------------------------------------

// A stats bound (JSON) of a Delta primitive type as a comparable { kind, value } or null when the
// type's bounds are not checked.
function statValue(value, type) {
  if (value === null || value === undefined) return null
  if (typeof type !== 'string') return null
  const decimal = /^decimal\((\d+),\s*(\d+)\)$/.exec(type)
  // JSON.parse reads decimal bounds as doubles: compare decimals as doubles, with one part in
  // 1e15 of slack for the rounding of the bound.
  if (decimal) return { f: Number(value), slack: Math.abs(Number(value)) * 1e-15 }
  switch (type) {
    case 'byte': case 'short': case 'integer': case 'long': return { n: BigInt(value) }
    // A float bound is written as the shortest text of the float32: compare as float32.
    case 'float': return typeof value === 'number' ? { f: Math.fround(value) } : null
    case 'double': return typeof value === 'number' ? { f: value } : null
    case 'string': return { s: Buffer.from(value, 'utf8') }
    case 'date': return { n: BigInt(Date.parse(value + 'T00:00:00Z') / 86400000) }
    case 'timestamp': case 'timestamp_ntz': {
      const m = /^(.*?)(?:\.(\d{1,6}))?(Z|[+-]\d{2}:\d{2})?$/.exec(value)
      const seconds = Date.parse(m[1] + (m[3] ?? 'Z'))
      if (Number.isNaN(seconds)) return null
      return { n: BigInt(seconds) * 1000n + BigInt((m[2] ?? '').padEnd(6, '0')) }
    }
    default: return null
  }
}

// A data value (canonical form of delta_log.mjs) as a comparable, like statValue.
function dataValue(value, type) {
  if (value === null) return null
  if (/^decimal\(/.test(type)) return { f: Number(value) }
  switch (type) {
    case 'byte': case 'short': case 'integer': case 'long': case 'date': return { n: BigInt(value) }
    case 'timestamp': case 'timestamp_ntz': return { n: BigInt(value) }
    case 'float': case 'double': return typeof value === 'number' ? { f: value } : { nan: true }
    case 'string': return { s: Buffer.from(value, 'utf8') }
    default: return null
  }
}

function compare(a, b) {
  if ('n' in a) return a.n < b.n ? -1 : a.n > b.n ? 1 : 0
  if ('f' in a) {
    const slack = (a.slack ?? 0) + (b.slack ?? 0)
    return a.f < b.f - slack ? -1 : a.f > b.f + slack ? 1 : 0
  }
  return Buffer.compare(a.s, b.s)
}

// Checks stats against the file's values for the top-level columns and struct leaves.
function checkStats(where, stats, rows, fields, partitionColumns, timestampPrecisionMillis) {
  const nullCounts = stats.nullCount ?? {}
  const mins = stats.minValues ?? {}
  const maxs = stats.maxValues ?? {}
  for (const key of new Set([...Object.keys(nullCounts), ...Object.keys(mins), ...Object.keys(maxs)])) {
    if (!fields.some(f => f.name === key)) error(where, `stats name column '${key}' that is not in the schema`)
    if (partitionColumns.includes(key)) error(where, `stats name partition column '${key}'`)
  }
  const walk = (path, type, values, nullCount, min, max) => {
    if (typeof type === 'object' && type.type === 'struct') {
      for (const field of type.fields) {
        walk(path + '.' + field.name, field.type,
          values.map(v => (v === null ? null : v[field.name])),
          isObject(nullCount) ? nullCount[field.name] : undefined,
          isObject(min) ? min[field.name] : undefined, isObject(max) ? max[field.name] : undefined)
      }
      return
    }
    if (nullCount !== undefined && typeof type === 'string') {
      const actual = values.filter(v => v === null).length
      if (nullCount !== actual) error(where, `nullCount.${path} is ${JSON.stringify(nullCount)}, the file has ${actual} nulls`)
    }
    const lo = statValue(min, type)
    const hi = statValue(max, type)
    if (!lo && !hi) return
    const present = values.map(v => dataValue(v, type)).filter(v => v !== null)
    if (present.some(v => v.nan)) {
      return  // NaN: bounds may be absent or anything
    }
    for (const v of present) {
      let low = lo
      let high = hi
      if (timestampPrecisionMillis && (type === 'timestamp' || type === 'timestamp_ntz')) {
        // Stats hold milliseconds: a value within the same millisecond is within bounds.
        if (low) low = { n: low.n - (((low.n % 1000n) + 1000n) % 1000n) }
        if (high) high = { n: high.n + 999n - (((high.n % 1000n) + 1000n) % 1000n) }
      }
      if (low && compare(v, low) < 0) {
        error(where, `minValues.${path} = ${JSON.stringify(min)} is above a value in the file`)
        break
      }
      if (high && compare(v, high) > 0) {
        error(where, `maxValues.${path} = ${JSON.stringify(max)} is below a value in the file`)
        break
      }
    }
  }
  for (const field of fields) {
    if (partitionColumns.includes(field.name)) continue
    walk(field.name, field.type, rows.map(r => r[field.name]), nullCounts[field.name],
      mins[field.name], maxs[field.name])
  }
}

// --- Actions ---------------------------------------------------------------------------------

function checkProtocol(where, p) {
  if (!isInt(p.minReaderVersion) || p.minReaderVersion < 1 || p.minReaderVersion > 3) {
    error(where, `protocol.minReaderVersion ${JSON.stringify(p.minReaderVersion)}`)
  }
  if (!isInt(p.minWriterVersion) || p.minWriterVersion < 1 || p.minWriterVersion > 7) {
    error(where, `protocol.minWriterVersion ${JSON.stringify(p.minWriterVersion)}`)
  }
  if ((p.minReaderVersion === 3) !== Array.isArray(p.readerFeatures)) {
    error(where, 'protocol.readerFeatures must be present exactly when minReaderVersion is 3')
  }
  if ((p.minWriterVersion === 7) !== Array.isArray(p.writerFeatures)) {
    error(where, 'protocol.writerFeatures must be present exactly when minWriterVersion is 7')
  }
  for (const f of p.readerFeatures ?? []) {
    if (!(p.writerFeatures ?? []).includes(f)) error(where, `reader feature '${f}' is not a writer feature`)
  }
}

function checkMetadata(where, m) {
  if (typeof m.id !== 'string' || m.id === '') error(where, 'metaData.id is missing')
  if (m.format?.provider !== 'parquet') error(where, `metaData.format.provider is ${JSON.stringify(m.format?.provider)}`)
  let fields = []
  try {
    const schema = JSON.parse(m.schemaString)
    if (schema.type !== 'struct' || !Array.isArray(schema.fields)) throw new Error('not a struct')
    fields = schema.fields
    for (const f of fields) {
      if (typeof f.name !== 'string' || f.type === undefined || typeof f.nullable !== 'boolean' || !isObject(f.metadata)) {
        error(where, `schema field ${JSON.stringify(f)} lacks name/type/nullable/metadata`)
      }
    }
  } catch (e) {
    error(where, `metaData.schemaString does not parse: ${e.message}`)
  }
  if (!Array.isArray(m.partitionColumns)) {
    error(where, 'metaData.partitionColumns is not an array')
  } else {
    for (const c of m.partitionColumns) {
      const field = fields.find(f => f.name === c)
      if (!field) error(where, `partition column '${c}' is not in the schema`)
      else if (typeof field.type !== 'string') error(where, `partition column '${c}' has a nested type`)
    }
  }
  if (!isObject(m.configuration) || Object.values(m.configuration).some(v => typeof v !== 'string')) {
    error(where, 'metaData.configuration is not a map of strings')
  }
  if (m.createdTime !== undefined && !isInt(m.createdTime)) error(where, 'metaData.createdTime is not an integer')
  return fields
}

async function main() {
  const log = listLog(root)
  const summary = { commits: 0, adds: 0, removes: 0, checkpoints: [], liveFiles: 0, statsChecked: 0 }
  for (const name of log.other) {
    if (name === '_last_checkpoint' || /^\d{20}\.crc$/.test(name) || /^\..*\.crc$/.test(name)) continue
    error('_delta_log', `unexpected file '${name}'`)
  }
  const versions = [...log.commits.keys()].sort((a, b) => a - b)
  versions.forEach((v, i) => { if (v !== i) error('_delta_log', `commit ${i} is missing (found ${v})`) })
  if (versions.length === 0) error('_delta_log', 'no commits')

  let protocol = null
  let metadata = null
  let fields = []
  const live = new Map()  // decoded path -> add
  const everAdded = new Set()
  const liveAt = new Map()  // version -> Map (for checkpoint comparison)
  const fileCache = new Map()

  for (const version of versions) {
    const where = `commit ${version}`
    summary.commits++
    let actions
    try {
      actions = readCommit(log.dir, log.commits.get(version))
    } catch (e) {
      error(where, `not JSON lines: ${e.message}`)
      continue
    }
    const counts = {}
    for (const action of actions) {
      if (action.keys.length !== 1) error(`${where} line ${action.line}`, `has keys ${JSON.stringify(action.keys)}, expected one action`)
      else if (!ACTIONS.has(action.kind)) error(`${where} line ${action.line}`, `unknown action '${action.kind}'`)
      counts[action.kind] = (counts[action.kind] ?? 0) + 1
    }
    for (const kind of ['commitInfo', 'protocol', 'metaData']) {
      if ((counts[kind] ?? 0) > 1) error(where, `${counts[kind]} ${kind} actions`)
    }
    if (version === 0) {
      for (const kind of ['commitInfo', 'protocol', 'metaData']) {
        if (!counts[kind]) error(where, `version 0 has no ${kind}`)
      }
    }
    // protocol and metaData first: they apply to the adds of the same commit.
    for (const action of actions) {
      const at = `${where} line ${action.line}`
      if (action.kind === 'protocol') { protocol = action.value; checkProtocol(at, protocol) }
      if (action.kind === 'metaData') { metadata = action.value; fields = checkMetadata(at, metadata) }
      if (action.kind === 'commitInfo') {
        if (!isInt(action.value.timestamp) || action.value.timestamp <= 0) error(at, 'commitInfo.timestamp is not a positive integer')
        if (typeof action.value.operation !== 'string') error(at, 'commitInfo.operation is not a string')
      }
    }
    const addedHere = new Set()
    for (const action of actions) {
      const at = `${where} line ${action.line}`
      const a = action.value
      if (action.kind === 'add') {
        summary.adds++
        const decoded = checkPath(at, a.path)
        if (!isObject(a.partitionValues)) {
          error(at, 'add.partitionValues is missing')
        } else if (metadata) {
          const keys = Object.keys(a.partitionValues).sort()
          const expected = [...metadata.partitionColumns].sort()
          if (JSON.stringify(keys) !== JSON.stringify(expected)) {
            error(at, `partitionValues keys ${JSON.stringify(keys)} != partitionColumns ${JSON.stringify(expected)}`)
          }
          for (const [k, v] of Object.entries(a.partitionValues)) {
            if (v !== null && typeof v !== 'string') error(at, `partitionValues.${k} is not a string or null`)
          }
        }
        if (!isInt(a.size) || a.size < 0) error(at, 'add.size is not a non-negative integer')
        if (!isInt(a.modificationTime) || a.modificationTime <= 0) error(at, 'add.modificationTime is not a positive integer')
        if (typeof a.dataChange !== 'boolean') error(at, 'add.dataChange is not a boolean')
        if (a.deletionVector !== undefined && a.deletionVector !== null) error(at, 'add has a deletion vector')
        if (decoded === null) continue
        if (addedHere.has(decoded)) error(at, `file '${decoded}' added twice in one commit`)
        addedHere.add(decoded)
        everAdded.add(decoded)
        live.set(decoded, a)
        const full = join(root, decoded)
        if (!existsSync(full)) {
          error(at, `file '${decoded}' (path '${a.path}') does not exist`)
          continue
        }
        if (statSync(full).size !== a.size) error(at, `add.size ${a.size} != file size ${statSync(full).size} of '${decoded}'`)
        if (metadata && isObject(a.partitionValues)) {
          checkPartitionDirectories(at, decoded, a.partitionValues, metadata.partitionColumns)
        }
        let file = fileCache.get(decoded)
        if (!file) {
          try {
            file = await readParquet(full)
          } catch (e) {
            error(at, `hyparquet cannot read '${decoded}': ${e.message}`)
            continue
          }
          fileCache.set(decoded, file)
        }
        if (a.stats === undefined || a.stats === null) continue
        let stats
        try {
          stats = JSON.parse(a.stats)
        } catch (e) {
          error(at, `add.stats is not JSON: ${e.message}`)
          continue
        }
        if (!isInt(stats.numRecords)) {
          error(at, 'add.stats has no integer numRecords')
          continue
        }
        if (BigInt(stats.numRecords) !== BigInt(file.metadata.num_rows)) {
          error(at, `stats.numRecords ${stats.numRecords} != ${file.metadata.num_rows} rows in '${decoded}'`)
        }
        const rows = file.rows.map(row => {
          const out = {}
          for (const f of fields) if (!metadata.partitionColumns.includes(f.name)) out[f.name] = canonical(row[f.name], f.type)
          return out
        })
        checkStats(at, stats, rows, fields, metadata.partitionColumns, true)
        summary.statsChecked++
      } else if (action.kind === 'remove') {
        summary.removes++
        const decoded = checkPath(at, a.path)
        if (!isInt(a.deletionTimestamp)) error(at, 'remove.deletionTimestamp is not an integer')
        if (typeof a.dataChange !== 'boolean') error(at, 'remove.dataChange is not a boolean')
        if (a.extendedFileMetadata === true && (!isObject(a.partitionValues) || !isInt(a.size))) {
          error(at, 'remove.extendedFileMetadata without partitionValues and size')
        }
        if (decoded !== null) {
          if (!live.has(decoded)) error(at, `remove of '${decoded}', which is not live`)
          live.delete(decoded)
        }
      } else if (action.kind === 'txn') {
        if (typeof a.appId !== 'string' || !isInt(a.version)) error(at, 'txn needs appId and version')
      } else if (action.kind === 'domainMetadata') {
        if (typeof a.domain !== 'string' || typeof a.configuration !== 'string' || typeof a.removed !== 'boolean') {
          error(at, 'domainMetadata needs domain, configuration (string) and removed')
        }
      }
    }
    liveAt.set(version, new Map(live))
  }
  if (!protocol) error('log', 'no protocol')
  if (!metadata) error('log', 'no metaData')
  summary.liveFiles = live.size

  // Checkpoints: the same live files as the JSON replay.
  let newest = null
  for (const [version, names] of [...log.checkpoints.entries()].sort((a, b) => a[0] - b[0])) {
    const where = `checkpoint ${version}`
    summary.checkpoints.push(version)
    newest = { version, names }
    let actions
    try {
      actions = await readCheckpoint(log.dir, names)
    } catch (e) {
      error(where, `hyparquet cannot read it: ${e.message}`)
      continue
    }
    newest.size = actions.length
    const count = kind => actions.filter(a => a.kind === kind).length
    if (count('protocol') !== 1) error(where, `${count('protocol')} protocol actions`)
    if (count('metaData') !== 1) error(where, `${count('metaData')} metaData actions`)
    const adds = new Map(actions.filter(a => a.kind === 'add').map(a => [decodeURIComponent(a.value.path), a.value]))
    const expected = liveAt.get(version)
    if (!expected) {
      error(where, 'no commit with that version')
      continue
    }
    for (const [path, add] of expected) {
      const got = adds.get(path)
      if (!got) {
        error(where, `live file '${path}' is missing`)
        continue
      }
      if (Number(got.size) !== add.size) error(where, `'${path}' size ${got.size} != ${add.size}`)
      if (JSON.stringify(got.partitionValues ?? {}) !== JSON.stringify(add.partitionValues)) {
        error(where, `'${path}' partitionValues ${JSON.stringify(got.partitionValues)} != ${JSON.stringify(add.partitionValues)}`)
      }
    }
    for (const path of adds.keys()) if (!expected.has(path)) error(where, `'${path}' is not live at ${version}`)
  }
  const hintPath = join(log.dir, '_last_checkpoint')
  if (existsSync(hintPath)) {
    try {
      const hint = JSON.parse(readFileSync(hintPath, 'utf8'))
      if (!newest) error('_last_checkpoint', 'there is no checkpoint')
      else {
        if (hint.version !== newest.version) error('_last_checkpoint', `version ${hint.version} != newest checkpoint ${newest.version}`)
        if (newest.size !== undefined && hint.size !== newest.size) error('_last_checkpoint', `size ${hint.size} != ${newest.size} actions`)
      }
    } catch (e) {
      error('_last_checkpoint', `not JSON: ${e.message}`)
    }
  }

  // Every data file on disk is referenced by an add.
  const walk = dir => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const relative = dir ? `${dir}/${entry.name}` : entry.name
      if (entry.name.startsWith('.') || entry.name.startsWith('_')) {
        if (!(entry.isDirectory() && entry.name.includes('=') && !entry.name.startsWith('_delta_log'))) continue
      }
      if (entry.isDirectory()) walk(relative)
      else if (!everAdded.has(relative)) error('files', `'${relative}' is not referenced by any add`)
    }
  }
  walk('')

  process.stdout.write(JSON.stringify({ ok: errors.length === 0, ...summary, errors: errors.length }) + '\n')
  for (const e of errors) process.stderr.write(`error: ${e}\n`)
  process.exit(errors.length === 0 ? 0 : 1)
}

main().catch(e => {
  console.error(`check_delta_log: ${root}: ${e.stack ?? e}`)
  process.exit(1)
})
