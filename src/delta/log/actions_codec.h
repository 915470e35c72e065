#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "delta/log/actions.h"

// The JSON form of log actions: a commit file `NNNNNNNNNNNNNNNNNNNN.json` (and a V2 JSON
// checkpoint) is newline-delimited JSON with one action object per line, e.g.
//   {"add":{"path":"part-0.parquet","partitionValues":{},"size":1,...}}
namespace ingot::delta {

// What ParseCommit skipped. Unknown content is legal (forward compatibility), so it is counted
// rather than reported as an error.
struct CommitParseStats {
  int64_t actions = 0;          // actions returned
  int64_t unknown_actions = 0;  // lines whose only keys are unknown action kinds (or `{}`)
  int64_t unknown_fields = 0;   // unknown keys inside known actions or beside them on a line
  int64_t blank_lines = 0;
};

// Parses a commit's newline-delimited JSON. Blank lines ("\r\n" endings too) are skipped, as are
// unknown action kinds and unknown fields. A known action whose value is JSON null is ignored.
// Numbers are read as exact int64. Lenient where real logs vary: an optional field that is JSON
// null counts as absent, null entries in string maps (tags, configuration) are dropped,
// partitionValues "" and null both become nullopt, and a metaData without schemaString is
// accepted (empty schema_string). commitInfo never fails on content (see CommitInfo).
//
// Errors are kCorruption with the message "version <v> line <n>: <what was expected>", e.g.
// "version 3 line 2: add.size: expected an integer, got string", for malformed JSON, a line that
// is not an object, two actions on one line, a missing required field or a wrongly typed field.
// `version_for_errors` is used only in messages. `stats`, when non-null, receives the counts.
Result<std::vector<Action>> ParseCommit(std::string_view ndjson, int64_t version_for_errors,
                                        CommitParseStats* stats = nullptr);

// One action as a single-line JSON object (no newline), fields in the order Spark writes them.
// Optional fields that are absent (and empty tags) are omitted.
std::string SerializeAction(const Action& action);

// A commit file: one line per action, each ending in '\n', in the order Spark writes them:
// commitInfo first, then protocol, then metaData, then everything else in the given order.
std::string SerializeCommit(const std::vector<Action>& actions);

}  // namespace ingot::delta
