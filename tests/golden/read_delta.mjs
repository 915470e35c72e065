#!/usr/bin/env node
// Prints the rows of a Delta table, read independently of Ingot (delta_log.mjs: JSON.parse for
// the log, hyparquet for Parquet), as canonical JSON lines, one object per row.
//
//   node read_delta.mjs <table_root>                      the latest version
//   node read_delta.mjs <table_root> <version|latest>...  each version's rows after a line
//                                                         "#version <version|latest>"
//
// Exit status 0 on success, 1 on any error (printed to stderr), 2 on bad usage.

import { tableRows } from './delta_log.mjs'

const [root, ...versions] = process.argv.slice(2)
if (!root || versions.some(v => v !== 'latest' && !/^\d+$/.test(v))) {
  console.error('usage: node read_delta.mjs <table_root> [<version>|latest ...]')
  process.exit(2)
}
try {
  const out = []
  for (const version of versions.length === 0 ? [null] : versions) {
    if (version !== null) out.push(`#version ${version}\n`)
    const { rows } = await tableRows(root, version === null || version === 'latest' ? undefined : Number(version))
    for (const row of rows) out.push(JSON.stringify(row) + '\n')
  }
  process.stdout.write(out.join(''))
} catch (error) {
  console.error(`read_delta: ${root}: ${error.stack ?? error}`)
  process.exit(1)
}
