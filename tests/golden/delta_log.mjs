// An independent, minimal Delta Lake reader for the tests in this directory: lists and replays a
// table's _delta_log (JSON commits and classic single- or multi-part Parquet checkpoints), reads
// data files with hyparquet and turns values into the canonical JSON form that
// hyparquet_crosscheck_test.cc compares with Ingot's delta_scan:
//
//   byte/short/integer, float/double, date   JSON numbers (dates as days since the epoch;
//                                            NaN/Infinity/-Infinity as strings)
//   long                                     decimal string
//   decimal(p,s)                             string with exactly s fraction digits
//   timestamp, timestamp_ntz                 microseconds since the epoch, as a string
//   binary                                   lower-case hex string
//   boolean, string                          as is
//   struct / array / map                     object / array / object keyed by the key's text
//
// Nothing here comes from Ingot: the log is parsed with JSON.parse, Parquet with hyparquet.

import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet'

const COMMIT = /^(\d{20})\.json$/
const CHECKPOINT = /^(\d{20})\.checkpoint(?:\.(\d{10})\.(\d{10}))?\.parquet$/

// The log directory's commits and complete classic checkpoints.
export function listLog(root) {
  const dir = join(root, '_delta_log')
  const commits = new Map()  // version -> file name
  const parts = new Map()  // version -> { total, names: Map(part -> name) }
  const other = []
  for (const name of readdirSync(dir).sort()) {
    let m
    if ((m = COMMIT.exec(name))) {
      commits.set(Number(m[1]), name)
    } else if ((m = CHECKPOINT.exec(name))) {
      const version = Number(m[1])
      const total = m[2] === undefined ? 1 : Number(m[3])
      const part = m[2] === undefined ? 1 : Number(m[2])
      const entry = parts.get(version) ?? { total, names: new Map() }
      entry.names.set(part, name)
      parts.set(version, entry)
    } else {
      other.push(name)
    }
  }
  const checkpoints = new Map()  // version -> [file names] (complete ones only)
  for (const [version, entry] of parts) {
    if (entry.names.size === entry.total) {
      checkpoints.set(version, [...entry.names.keys()].sort((a, b) => a - b).map(p => entry.names.get(p)))
    }
  }
  return { dir, commits, checkpoints, other }
}

export const ACTIONS = new Set(['commitInfo', 'protocol', 'metaData', 'add', 'remove', 'txn',
  'domainMetadata', 'cdc', 'checkpointMetadata', 'sidecar'])

// The actions of one commit file, in order: [{ kind, value, line, keys }]. A line's action is its
// one known action key; other keys next to it are ignored (forward compatibility).
export function readCommit(dir, name) {
  const text = readFileSync(join(dir, name), 'utf8')
  const actions = []
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return
    const object = JSON.parse(line)
    const keys = Object.keys(object)
    const known = keys.filter(k => ACTIONS.has(k))
    const kind = known.length === 1 ? known[0] : (keys.length === 1 ? keys[0] : keys)
    actions.push({ kind, value: object[typeof kind === 'string' ? kind : keys[0]], line: index + 1, keys })
  })
  return actions
}

// The rows of a Parquet file read by hyparquet, with the custom parsers of the canonical form.
export async function readParquet(path) {
  const file = await asyncBufferFromFile(path)
  const metadata = await parquetMetadataAsync(file)
  // hyparquet turns decimals into floating point numbers; without the annotation it returns the
  // stored unscaled integers (number, bigint or big-endian bytes), which canonical() scales
  // exactly with the scale of the Delta type.
  for (const element of metadata.schema) {
    if (element.converted_type === 'DECIMAL' || element.logical_type?.type === 'DECIMAL') {
      element.converted_type = undefined
      element.logical_type = undefined
    }
  }
  const rows = await parquetReadObjects({ file, metadata, utf8: false, parsers: PARSERS })
  return { rows, metadata }
}

const PARSERS = {
  timestampFromMilliseconds: millis => BigInt(millis) * 1000n,
  timestampFromMicroseconds: micros => BigInt(micros),
  timestampFromNanoseconds: nanos => {
    const n = BigInt(nanos)
    return n >= 0n ? n / 1000n : -((-n + 999n) / 1000n)
  },
  dateFromDays: days => ({ days: Number(days) }),
}

// The checkpoint's actions as { kind, value } (one per non-null action column of each row).
export async function readCheckpoint(dir, names) {
  const actions = []
  for (const name of names) {
    const { rows } = await readParquet(join(dir, name))
    for (const row of rows) {
      for (const [kind, value] of Object.entries(row)) {
        if (ACTIONS.has(kind) && value !== null && value !== undefined) actions.push({ kind, value })
      }
    }
  }
  return actions
}

// The state at `version` (latest when undefined): { version, protocol, metadata, files }
// where files maps the decoded path to its add action.
export async function replay(root, version) {
  const log = listLog(root)
  const versions = [...log.commits.keys()]
  const latest = Math.max(...versions, ...log.checkpoints.keys())
  const target = version ?? latest
  if (!(target <= latest)) throw new Error(`version ${target} is after the latest version ${latest}`)
  let start = 0
  const state = { version: target, protocol: null, metadata: null, files: new Map(), checkpointVersion: null }
  const apply = action => {
    switch (action.kind) {
      case 'protocol': state.protocol = action.value; break
      case 'metaData': state.metadata = action.value; break
      case 'add': state.files.set(decodePath(action.value.path), action.value); break
      case 'remove': state.files.delete(decodePath(action.value.path)); break
      default: break
    }
  }
  const checkpointVersions = [...log.checkpoints.keys()].filter(v => v <= target).sort((a, b) => a - b)
  if (checkpointVersions.length > 0) {
    const cp = checkpointVersions[checkpointVersions.length - 1]
    for (const action of await readCheckpoint(log.dir, log.checkpoints.get(cp))) apply(action)
    state.checkpointVersion = cp
    start = cp + 1
  }
  for (let v = start; v <= target; ++v) {
    const name = log.commits.get(v)
    if (name === undefined) throw new Error(`commit ${v} is missing`)
    for (const action of readCommit(log.dir, name)) apply(action)
  }
  if (!state.protocol) throw new Error('no protocol')
  if (!state.metadata) throw new Error('no metaData')
  return state
}

// RFC 2396 percent-decoding of a log path (UTF-8).
export function decodePath(path) {
  return decodeURIComponent(path)
}

// The Delta schema of metaData.schemaString: [{ name, type }].
export function schemaOf(metadata) {
  return JSON.parse(metadata.schemaString).fields
}

const DECIMAL = /^decimal\((\d+),\s*(\d+)\)$/

// A canonical value of Delta type `type` from a hyparquet value.
export function canonical(value, type) {
  if (value === null || value === undefined) return null
  if (typeof type === 'object') {
    switch (type.type) {
      case 'struct': {
        const out = {}
        for (const field of type.fields) out[field.name] = canonical(value[field.name], field.type)
        return out
      }
      case 'array':
        return Array.from(value, element => canonical(element, type.elementType))
      case 'map': {
        const out = {}
        for (const [key, element] of Object.entries(value)) out[key] = canonical(element, type.valueType)
        return out
      }
      default:
        throw new Error(`unknown type ${JSON.stringify(type)}`)
    }
  }
  const decimal = DECIMAL.exec(type)
  if (decimal) return scaledDecimal(unscaledDecimal(value), Number(decimal[2]))
  switch (type) {
    case 'byte': case 'short': case 'integer':
      return Number(value)
    case 'long':
      return BigInt(value).toString()
    case 'float': case 'double': {
      const n = Number(value)
      return Number.isFinite(n) ? n : String(n)
    }
    case 'boolean':
      return Boolean(value)
    case 'string':
      return String(value)
    case 'binary':
      return Buffer.from(value).toString('hex')
    case 'date':
      return value.days
    case 'timestamp': case 'timestamp_ntz':
      return value.toString()
    default:
      throw new Error(`unsupported type ${type}`)
  }
}

// An unscaled decimal stored as INT32 (number), INT64 (bigint) or two's complement big-endian
// bytes (FIXED_LEN_BYTE_ARRAY / BYTE_ARRAY).
function unscaledDecimal(value) {
  if (value instanceof Uint8Array) {
    let n = 0n
    for (const byte of value) n = (n << 8n) | BigInt(byte)
    if (value.length > 0 && value[0] & 0x80) n -= 1n << BigInt(8 * value.length)
    return n
  }
  return BigInt(value)
}

// 12345n with scale 2 -> "123.45"; -5n with scale 3 -> "-0.005".
function scaledDecimal(unscaled, scale) {
  const negative = unscaled < 0n
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0')
  const text = scale > 0 ? digits.slice(0, -scale) + '.' + digits.slice(-scale) : digits
  return (negative ? '-' : '') + text
}

// The canonical value of a partition value string (PROTOCOL.md "Partition Value Serialization").
export function canonicalPartitionValue(text, type) {
  if (text === null || text === undefined) return null
  if (text === '' && type !== 'string') return null
  const decimal = DECIMAL.exec(type)
  if (decimal) return fixedDecimal(text, Number(decimal[2]))
  switch (type) {
    case 'string': return text === '' ? null : text
    case 'byte': case 'short': case 'integer': return Number(text)
    case 'long': return BigInt(text).toString()
    case 'float': case 'double': {
      const n = Number(text)
      return Number.isFinite(n) ? n : String(n)
    }
    case 'boolean':
      if (text !== 'true' && text !== 'false') throw new Error(`bad boolean partition value '${text}'`)
      return text === 'true'
    case 'date': {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
      if (!m) throw new Error(`bad date partition value '${text}'`)
      return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86400000
    }
    case 'timestamp': case 'timestamp_ntz': {
      // "YYYY-MM-DD HH:MM:SS[.ffffff]" (no zone: UTC) or ISO-8601 "YYYY-MM-DDTHH:MM:SS[.ffffff]Z".
      const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(Z?)$/.exec(text)
      if (!m) throw new Error(`bad timestamp partition value '${text}'`)
      const seconds = BigInt(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]),
        Number(m[5]), Number(m[6]))) / 1000n
      const micros = BigInt((m[7] ?? '').padEnd(6, '0'))
      return (seconds * 1000000n + micros).toString()
    }
    default:
      throw new Error(`unsupported partition column type ${JSON.stringify(type)}`)
  }
}

// "12.5" with scale 2 -> "12.50" (exact, by string arithmetic).
function fixedDecimal(text, scale) {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text)
  if (!m) throw new Error(`bad decimal partition value '${text}'`)
  const fraction = (m[3] ?? '').padEnd(scale, '0')
  if (fraction.length > scale && /[1-9]/.test(fraction.slice(scale))) {
    throw new Error(`decimal partition value '${text}' has more than ${scale} fraction digits`)
  }
  const whole = (m[2] || '0').replace(/^0+(?=\d)/, '')
  const digits = whole + (scale > 0 ? '.' + fraction.slice(0, scale) : '')
  const zero = /^[0.]*$/.test(digits)
  return (m[1] === '-' && !zero ? '-' : '') + digits
}

// The table's rows at `version` (latest when undefined), canonical, in file order.
export async function tableRows(root, version) {
  const state = await replay(root, version)
  const fields = schemaOf(state.metadata)
  const partitionColumns = new Set(state.metadata.partitionColumns)
  const out = []
  for (const [path, add] of [...state.files.entries()].sort()) {
    const { rows } = await readParquet(join(root, path))
    for (const row of rows) {
      const record = {}
      for (const field of fields) {
        record[field.name] = partitionColumns.has(field.name)
          ? canonicalPartitionValue(add.partitionValues[field.name], field.type)
          : canonical(row[field.name], field.type)
      }
      out.push(record)
    }
  }
  return { state, rows: out }
}
