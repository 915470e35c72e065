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
  auto rank = [](size_t i) { return "__ingot_zrank" + std::to_string(i); };
  auto scaled = [](size_t i) { return "__ingot_zbits" + std::to_string(i); };
  std::string ranks;
  std::string scale;
  std::string rank_names;
  std::string scaled_names;
  // 2^bits - 1 as a HUGEINT literal (bits may be 64).
  const std::string mask =
      bits >= 64 ? "CAST(18446744073709551615 AS HUGEINT)"
                 : "CAST(" + std::to_string((uint64_t{1} << bits) - 1) + " AS HUGEINT)";
  for (size_t i = 0; i < n; ++i) {
    const std::string sep = i > 0 ? ", " : "";
    ranks += ", CAST(dense_rank() OVER (ORDER BY " + duck::QuoteIdentifier(columns[i]) +
             " ASC NULLS FIRST) - 1 AS HUGEINT) AS " + rank(i);
    scale += ", CAST(" + rank(i) + " * " + mask + " // greatest(max(" + rank(i) +
             ") OVER (), 1) AS UBIGINT) AS " + scaled(i);
    rank_names += sep + rank(i);
    scaled_names += sep + scaled(i);
  }
  std::string key;
  for (size_t bit = 0; bit < bits; ++bit) {
    for (size_t i = 0; i < n; ++i) {
      if (!key.empty()) key += " | ";
      key += "(((" + scaled(i) + " >> " + std::to_string(bit) + ") & CAST(1 AS UBIGINT)) << " +
             std::to_string(bit * n + i) + ")";
    }
  }
  return "SELECT * EXCLUDE (" + scaled_names + "), CAST(" + key + " AS UBIGINT) AS " +
         duck::QuoteIdentifier(key_column) + " FROM (SELECT * EXCLUDE (" + rank_names + ")" +
         scale + " FROM (SELECT *" + ranks + " FROM (" + rows_sql + ")))";
}

}  // namespace ingot::delta
