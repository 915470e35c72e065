#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace ingot::delta {

// A leaf column's path through nested structs: {"a", "b"} is column a.b. Under column mapping
// the names are physical names.
using ColumnPath = std::vector<std::string>;

// One leaf column's statistics. min/max are JSON literal text exactly as written (`5`, `0.00`,
// `0E-10`, `"foo0"` with its quotes, `"2021-11-18"`); the column's type says how to read them.
struct ColumnStats {
  std::optional<std::string> min;
  std::optional<std::string> max;
  std::optional<int64_t> null_count;

  bool operator==(const ColumnStats& other) const = default;
};

// The `stats` JSON string of an add/remove action (PROTOCOL.md "Per-file Statistics"):
//   {"numRecords":3,"minValues":{"a":1,"s":{"b":"x"}},"maxValues":{...},"nullCount":{...},
//    "tightBounds":false}
// Nested structs in minValues/maxValues/nullCount are flattened into leaf column paths.
struct FileStats {
  std::optional<int64_t> num_records;  // mandatory with a DV; counts physical rows
  std::map<ColumnPath, ColumnStats> columns;
  // false: min/max are bounds only (rows were deleted by a DV); absent means tight.
  std::optional<bool> tight_bounds;

  // Parses a stats string. Unknown top-level keys are ignored. A nullCount leaf that is not an
  // integer, or a non-object minValues/maxValues/nullCount, is kCorruption naming the path.
  static Result<FileStats> Parse(std::string_view json);

  // Compact JSON in Spark's key order (numRecords, minValues, maxValues, nullCount,
  // tightBounds), nesting paths back into objects; columns come in path order.
  std::string ToJson() const;

  // Statistics of one leaf column, or nullptr.
  const ColumnStats* Find(const ColumnPath& path) const;

  bool operator==(const FileStats& other) const = default;
};

}  // namespace ingot::delta
