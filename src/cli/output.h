#pragma once

#include <cstdint>
#include <cstdio>
#include <string_view>

#include "common/result.h"

namespace ingot::duck {
class QueryResult;
}

namespace ingot::cli {

enum class OutputFormat { kTable, kCsv, kJson };

// "table", "csv", "json" (newline-delimited objects).
Result<OutputFormat> ParseOutputFormat(std::string_view name);

// Prints every row of `result` to `out`, streaming. kTable aligns columns psql-style and shows at
// most `max_rows` rows (0 = all; the rest are counted, not held in memory) followed by a row count;
// kCsv writes a header and RFC 4180 quoting (NULL as an empty field); kJson writes one object per
// line. Returns the number of rows, or the first error the query raised while streaming.
Result<int64_t> PrintResult(duck::QueryResult* result, OutputFormat format, std::FILE* out,
                            int64_t max_rows = 1000);

}  // namespace ingot::cli
