#include "delta/ops/zorder.h"

#include <cstdint>

#include "duck/connection.h"

namespace ingot::delta {

Result<std::string> ZOrderKeySql(const std::string& rows_sql,
                                 const std::vector<std::string>& columns,
                                 const std::string& key_column) {
  const size_t n = columns.size();
  if (n == 0 || n > kMaxZOrderColumns) {
    return Status::InvalidArgument("Z-order needs 1 to ", kMaxZOrderColumns, " columns, got ", n);
  }
  const size_t bits = 64 / n;
  // 2^bits - 1 as a HUGEINT literal (bits may be 64).
  const std::string mask =
      bits >= 64 ? "CAST(18446744073709551615 AS HUGEINT)"
                 : "CAST(" + std::to_string((uint64_t{1} << bits) - 1) + " AS HUGEINT)";
  auto name = [](const char* what, size_t i) {
    return std::string("__ingot_z") + what + std::to_string(i);
  };
  // Ranks come from each column's distinct values (a small sort) joined back to the rows, not
  // from a window over the whole rows (a sort of every column per Z-order column).
  std::string sql = "WITH __ingot_zsrc AS (" + rows_sql + ")";
  std::string joins;
  std::string helper_columns;
  for (size_t i = 0; i < n; ++i) {
    const std::string column = duck::QuoteIdentifier(columns[i]);
    sql += ", " + name("r", i) + " AS (SELECT __ingot_v AS " + name("v", i) + ", CAST((CAST(" +
           "row_number() OVER (ORDER BY __ingot_v ASC NULLS FIRST) - 1 AS HUGEINT) * " + mask +
           ") // greatest(count(*) OVER () - 1, 1) AS UBIGINT) AS " + name("b", i) +
           " FROM (SELECT DISTINCT " + column + " AS __ingot_v FROM __ingot_zsrc))";
    joins += " LEFT JOIN " + name("r", i) + " ON __ingot_zsrc." + column +
             " IS NOT DISTINCT FROM " + name("r", i) + "." + name("v", i);
    helper_columns += (i > 0 ? ", " : "") + name("v", i) + ", " + name("b", i);
  }
  std::string key;
  for (size_t bit = 0; bit < bits; ++bit) {
    for (size_t i = 0; i < n; ++i) {
      if (!key.empty()) key += " | ";
      key += "(((" + name("b", i) + " >> " + std::to_string(bit) + ") & CAST(1 AS UBIGINT)) << " +
             std::to_string(bit * n + i) + ")";
    }
  }
  return sql + " SELECT * EXCLUDE (" + helper_columns + "), CAST(" + key + " AS UBIGINT) AS " +
         duck::QuoteIdentifier(key_column) + " FROM __ingot_zsrc" + joins;
}

}  // namespace ingot::delta
