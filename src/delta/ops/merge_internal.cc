// MERGE's file pruning and read set.
#include "delta/ops/merge_internal.h"

#include <optional>
#include <utility>

#include "common/macros.h"
#include "delta/log/file_stats.h"
#include "delta/ops/data_writer.h"
#include "delta/ops/type_mapping.h"
#include "duck/connection.h"
#include "duck/query_result.h"

namespace ingot::delta::merge_internal {
namespace {

using duck::QuoteIdentifier;
using duck::QuoteLiteral;

// Up to this many files, pruning aggregates over the source once instead of joining.
constexpr size_t kMaxFilesAggregated = 32;

bool Contains(const std::vector<std::string>& names, const std::string& name) {
  for (const std::string& n : names) {
    if (n == name) return true;
  }
  return false;
}

// Key types whose add.stats min/max can prune files.
bool HasUsableBounds(const DataType& type) {
  switch (type.kind()) {
    case TypeKind::kString:
    case TypeKind::kLong:
    case TypeKind::kInteger:
    case TypeKind::kShort:
    case TypeKind::kByte:
    case TypeKind::kDecimal:
    case TypeKind::kDate:
    case TypeKind::kTimestamp:
    case TypeKind::kTimestampNtz:
      return true;
    default:
      return false;
  }
}

}  // namespace

Result<std::vector<size_t>> CandidateFiles(duck::Connection* con, const Snapshot& snapshot,
                                           const MergeTableOptions& options,
                                           const std::string& source) {
  std::vector<size_t> all;
  for (size_t i = 0; i < snapshot.files().size(); ++i) all.push_back(i);
  if (options.when_not_matched_by_source == NotMatchedBySourceAction::kDelete || all.empty()) {
    return all;
  }
  std::vector<std::string> partition_keys;
  std::vector<std::string> bound_keys;
  for (const std::string& key : options.keys) {
    if (Contains(snapshot.partition_columns(), key)) {
      partition_keys.push_back(key);
    } else if (HasUsableBounds(snapshot.schema().FindField(key)->type)) {
      bound_keys.push_back(key);
    }
  }
  if (partition_keys.empty() && bound_keys.empty()) return all;

  std::string names = "__ingot_idx";
  std::string typed = "__ingot_idx";
  std::string exists;
  std::vector<std::string> partition_types;
  std::vector<std::string> bound_types;
  for (size_t k = 0; k < partition_keys.size(); ++k) {
    INGOT_ASSIGN_OR_RAISE(std::string type,
                          DuckTypeFromDelta(snapshot.schema().FindField(partition_keys[k])->type));
    partition_types.push_back(type);
    std::string col = "__ingot_p" + std::to_string(k);
    names += ", " + col;
    typed += ", CAST(" + col + " AS " + type + ") AS " + col;
    exists += std::string(exists.empty() ? "" : " AND ") + "f." + col + " = s." +
              QuoteIdentifier(partition_keys[k]);
  }
  for (size_t k = 0; k < bound_keys.size(); ++k) {
    const std::string key = QuoteIdentifier(bound_keys[k]);
    INGOT_ASSIGN_OR_RAISE(std::string type,
                          DuckTypeFromDelta(snapshot.schema().FindField(bound_keys[k])->type));
    bound_types.push_back(type);
    std::string lo = "__ingot_lo" + std::to_string(k);
    std::string hi = "__ingot_hi" + std::to_string(k);
    names += ", " + lo + ", " + hi;
    // A missing bound becomes the source's own extreme: it then excludes nothing.
    typed += ", coalesce(TRY_CAST(json_extract_string(" + lo + ", '$') AS " + type +
             "), (SELECT min(" + key + ") FROM " + QuoteIdentifier(source) + ")) AS " + lo;
    typed += ", coalesce(TRY_CAST(json_extract_string(" + hi + ", '$') AS " + type +
             "), (SELECT max(" + key + ") FROM " + QuoteIdentifier(source) + ")) AS " + hi;
    exists += std::string(exists.empty() ? "" : " AND ") + "s." + key + " >= f." + lo + " AND s." +
              key + " <= f." + hi;
  }
  std::string values;
  // Few files: one pass over the source with a bool_or per file (a join of the files' ranges
  // with the source produces every source row in range, and costs far more).
  const bool aggregate = snapshot.files().size() <= kMaxFilesAggregated;
  std::string per_file;  // aggregate: bool_or(the file may hold a source key), ...
  for (size_t i = 0; i < snapshot.files().size(); ++i) {
    const Add& add = snapshot.files()[i];
    values += (i > 0 ? ", (" : "(") + std::to_string(i);
    std::string file_condition;
    auto conjoin = [&file_condition](const std::string& condition) {
      file_condition += (file_condition.empty() ? "" : " AND ") + condition;
    };
    for (size_t k = 0; k < partition_keys.size(); ++k) {
      auto it = add.partition_values.find(partition_keys[k]);
      bool null = it == add.partition_values.end() || !it->second || it->second->empty();
      values += ", " + (null ? std::string("NULL") : QuoteLiteral(*it->second));
      // A null partition value equals no key.
      conjoin(null ? "false"
                   : QuoteIdentifier(partition_keys[k]) + " = CAST(" + QuoteLiteral(*it->second) +
                         " AS " + partition_types[k] + ")");
    }
    std::optional<FileStats> stats;
    if (add.stats) {
      auto parsed = FileStats::Parse(*add.stats);
      if (parsed.ok()) stats = std::move(*parsed);
    }
    for (size_t k = 0; k < bound_keys.size(); ++k) {
      const ColumnStats* column = stats ? stats->Find({bound_keys[k]}) : nullptr;
      bool usable = column != nullptr && column->min && column->max;
      values += ", " + (usable ? QuoteLiteral(*column->min) : std::string("NULL"));
      values += ", " + (usable ? QuoteLiteral(*column->max) : std::string("NULL"));
      const std::string key = QuoteIdentifier(bound_keys[k]);
      conjoin(key + " IS NOT NULL");
      // A bound that does not cast excludes nothing.
      if (usable) {
        conjoin("coalesce(" + key + " >= TRY_CAST(json_extract_string(" +
                QuoteLiteral(*column->min) + ", '$') AS " + bound_types[k] + "), true)");
        conjoin("coalesce(" + key + " <= TRY_CAST(json_extract_string(" +
                QuoteLiteral(*column->max) + ", '$') AS " + bound_types[k] + "), true)");
      }
    }
    values += ")";
    per_file += (per_file.empty() ? "" : ", ") + std::string("bool_or(") + file_condition + ")";
  }
  if (aggregate) {
    INGOT_ASSIGN_OR_RAISE(auto result,
                          con->Query("SELECT " + per_file + " FROM " + QuoteIdentifier(source)));
    INGOT_ASSIGN_OR_RAISE(auto chunk, result->Next());
    std::vector<size_t> candidates;
    for (size_t i = 0; i < snapshot.files().size(); ++i) {
      // bool_or over no rows is NULL: an empty source matches no file.
      if (chunk != nullptr && !chunk->IsNull(i, 0) && chunk->GetBool(i, 0)) {
        candidates.push_back(i);
      }
    }
    return candidates;
  }
  std::string sql = "SELECT f.__ingot_idx FROM (SELECT " + typed + " FROM (VALUES " + values +
                    ") AS __ingot_v(" + names + ")) AS f WHERE EXISTS (SELECT 1 FROM " +
                    QuoteIdentifier(source) + " AS s WHERE " + exists + ") ORDER BY 1";
  INGOT_ASSIGN_OR_RAISE(auto result, con->Query(sql));
  std::vector<size_t> candidates;
  while (true) {
    INGOT_ASSIGN_OR_RAISE(auto chunk, result->Next());
    if (chunk == nullptr) break;
    for (size_t row = 0; row < chunk->size(); ++row) {
      candidates.push_back(static_cast<size_t>(chunk->GetInt64(0, row)));
    }
  }
  return candidates;
}

Result<ReadSet> MergeReadSet(duck::Connection* con, const Snapshot& snapshot,
                             const MergeTableOptions& options, const std::string& source,
                             const std::vector<const Add*>& read) {
  ReadSet read_set;
  for (const Add* add : read) read_set.files.insert(add->path);
  std::vector<std::string> partition_keys;
  for (const std::string& key : options.keys) {
    if (Contains(snapshot.partition_columns(), key)) partition_keys.push_back(key);
  }
  if (options.when_not_matched_by_source == NotMatchedBySourceAction::kDelete ||
      partition_keys.empty()) {
    read_set.whole_table = true;
    return read_set;
  }
  std::string select;
  std::string not_null;
  for (const std::string& key : partition_keys) {
    const DataType& type = snapshot.schema().FindField(key)->type;
    INGOT_ASSIGN_OR_RAISE(std::string duck_type, DuckTypeFromDelta(type));
    INGOT_ASSIGN_OR_RAISE(
        std::string expr,
        PartitionValueExpression("CAST(" + QuoteIdentifier(key) + " AS " + duck_type + ")", type));
    select += std::string(select.empty() ? "" : ", ") + "nullif(" + expr + ", '')";
    not_null +=
        std::string(not_null.empty() ? "" : " AND ") + QuoteIdentifier(key) + " IS NOT NULL";
  }
  INGOT_ASSIGN_OR_RAISE(auto result, con->Query("SELECT DISTINCT " + select + " FROM " +
                                                QuoteIdentifier(source) + " WHERE " + not_null));
  while (true) {
    INGOT_ASSIGN_OR_RAISE(auto chunk, result->Next());
    if (chunk == nullptr) break;
    for (size_t row = 0; row < chunk->size(); ++row) {
      PartitionValues entry;
      for (size_t k = 0; k < partition_keys.size(); ++k) {
        if (chunk->IsNull(k, row)) {
          entry[partition_keys[k]] = std::nullopt;
        } else {
          entry[partition_keys[k]] = std::string(chunk->GetString(k, row));
        }
      }
      read_set.partitions.push_back(std::move(entry));
    }
  }
  return read_set;
}

}  // namespace ingot::delta::merge_internal
