#pragma once

// Renders values of DuckDB vectors as text or JSON (duck/ internal).
#include <string>

#include <duckdb.h>

#include "duck/types.h"

namespace ingot::duck::internal {

// Appends the value at `row` of `vector` (of logical type `type`).
// Text follows DuckDB's own rendering ("2024-01-31 10:00:00.5", "[1, 2]", "{'a': 1}", "NULL");
// JSON renders numbers bare, text quoted and escaped, nested types as arrays/objects, null as null.
void FormatValue(duckdb_vector vector, const ColumnType& type, idx_t row, bool json,
                 std::string* out);

// Appends `text` as a JSON string literal (quotes and escapes).
void AppendJsonString(std::string_view text, std::string* out);

}  // namespace ingot::duck::internal
