#include "delta/ops/data_writer.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <map>
#include <system_error>

#include <unistd.h>

#include "common/macros.h"
#include "common/uri.h"
#include "delta/log/partition_path.h"
#include "delta/ops/column_mapping_write.h"
#include "delta/ops/file_stats_builder.h"
#include "delta/ops/type_mapping.h"
#include "duck/connection.h"
#include "duck/query_result.h"
#include "duck/types.h"

namespace ingot::delta {
namespace {

namespace fs = std::filesystem;
using duck::QuoteIdentifier;
using duck::QuoteLiteral;

// The column alias carrying partition column i's serialised value through DuckDB's PARTITION_BY.
std::string PartitionAlias(size_t i) { return "__ingot_p" + std::to_string(i); }

const StructField* FindField(const DataType& schema, const std::string& name) {
  return schema.FindField(name);
}

// SELECT list: data columns cast to the table types, then one string column per partition column.
// A source column's name and DuckDB type.
struct SourceColumn {
  std::string name;
  duck::TypeId type = duck::TypeId::kInvalid;
};

// `value` (of the source column `column`, or NULL) as `duck_type`. A plain TIMESTAMP becomes a
// TIMESTAMPTZ through its microseconds: the same instant as CAST in the UTC session, without the
// time zone conversion per row that CAST does (a quarter of an append's time on wide tables).
std::string CastTo(const std::string& value, const SourceColumn* column,
                   const std::string& duck_type, const DataType& delta_type) {
  if (column != nullptr && column->type == duck::TypeId::kTimestamp &&
      delta_type.kind() == TypeKind::kTimestamp) {
    return "make_timestamptz(epoch_us(" + value + "))";
  }
  return "CAST(" + value + " AS " + duck_type + ")";
}

Result<std::string> BuildSelect(const DataWriteOptions& options,
                                const std::vector<SourceColumn>& source_columns) {
  std::string select;
  auto find = [&source_columns](const std::string& name) -> const SourceColumn* {
    for (const auto& c : source_columns) {
      if (c.name == name) return &c;
    }
    return nullptr;
  };
  for (const StructField& field : options.schema.fields()) {
    bool is_partition = false;
    for (const auto& p : options.partition_columns) is_partition |= p == field.name;
    if (is_partition) continue;
    INGOT_ASSIGN_OR_RAISE(std::string duck_type, DuckTypeFromDelta(field.type));
    const SourceColumn* column = find(field.name);
    std::string value = column != nullptr ? "src." + QuoteIdentifier(field.name) : "NULL";
    std::string cast = CastTo(value, column, duck_type, field.type);
    std::string name = field.name;
    if (options.column_mapping != ColumnMappingMode::kNone) {
      INGOT_ASSIGN_OR_RAISE(name, PhysicalName(field));
      INGOT_ASSIGN_OR_RAISE(cast, RenameFieldsExpr(field.type, cast, true));
    }
    if (!select.empty()) select += ", ";
    select += cast + " AS " + QuoteIdentifier(name);
  }
  for (size_t i = 0; i < options.partition_columns.size(); ++i) {
    const std::string& name = options.partition_columns[i];
    const StructField* field = FindField(options.schema, name);
    if (field == nullptr) {
      return Status::InvalidArgument("partition column '", name, "' is not in the schema");
    }
    INGOT_ASSIGN_OR_RAISE(std::string duck_type, DuckTypeFromDelta(field->type));
    const SourceColumn* column = find(name);
    std::string value = column != nullptr ? "src." + QuoteIdentifier(name) : "NULL";
    INGOT_ASSIGN_OR_RAISE(
        std::string expr,
        PartitionValueExpression(CastTo(value, column, duck_type, field->type), field->type));
    if (!select.empty()) select += ", ";
    // NULL cannot travel through a directory name unambiguously: mark it. An empty string is
    // null too, as in Spark (the protocol cannot tell them apart in a path).
    select += "coalesce(nullif(" + expr + ", ''), " + QuoteLiteral(kHiveDefaultPartition) +
              ") AS " + PartitionAlias(i);
  }
  if (select.empty())
    return Status::InvalidArgument("a Delta table needs at least one data column");
  return select;
}

Result<std::vector<SourceColumn>> SourceColumns(duck::Connection* con, const std::string& sql) {
  INGOT_ASSIGN_OR_RAISE(auto result, con->Query("SELECT * FROM (" + sql + ") LIMIT 0"));
  std::vector<SourceColumn> columns;
  for (size_t i = 0; i < result->column_count(); ++i) {
    columns.push_back({result->ColumnName(i), result->GetColumnType(i).id});
  }
  return columns;
}

std::string CodecSuffix(const std::string& compression) {
  if (compression == "uncompressed" || compression == "none") return "";
  return "." + compression;
}

}  // namespace

Result<std::string> PartitionValueExpression(const std::string& column, const DataType& type) {
  switch (type.kind()) {
    case TypeKind::kString:
      return column;
    case TypeKind::kLong:
    case TypeKind::kInteger:
    case TypeKind::kShort:
    case TypeKind::kByte:
    case TypeKind::kDecimal:
    case TypeKind::kFloat:
    case TypeKind::kDouble:
    case TypeKind::kBoolean:
      return "CAST(" + column + " AS VARCHAR)";
    case TypeKind::kDate:
      return "strftime(" + column + ", '%Y-%m-%d')";
    case TypeKind::kTimestamp:
      return "strftime(timezone('UTC', " + column + "), '%Y-%m-%d %H:%M:%S.%f')";
    case TypeKind::kTimestampNtz:
      return "strftime(" + column + ", '%Y-%m-%d %H:%M:%S.%f')";
    default:
      return Status::InvalidArgument("a column of type ", type.ToString(),
                                     " cannot be a partition column");
  }
}

Result<std::vector<Add>> WriteDataFiles(duck::Connection* con, const DataWriteOptions& options) {
  INGOT_ASSIGN_OR_RAISE(std::vector<SourceColumn> source_columns,
                        SourceColumns(con, options.source_sql));
  INGOT_ASSIGN_OR_RAISE(std::string select, BuildSelect(options, source_columns));
  // Names in the files, stats, partitionValues and directories: physical under column mapping.
  DataType file_schema = options.schema;
  std::vector<std::string> partition_keys = options.partition_columns;
  std::string field_ids;
  if (options.column_mapping != ColumnMappingMode::kNone) {
    INGOT_ASSIGN_OR_RAISE(file_schema, PhysicalType(options.schema));
    for (std::string& key : partition_keys) {
      const StructField* field = FindField(options.schema, key);
      if (field == nullptr) {
        return Status::InvalidArgument("partition column '", key, "' is not in the schema");
      }
      INGOT_ASSIGN_OR_RAISE(key, PhysicalName(*field));
    }
  }
  if (options.column_mapping == ColumnMappingMode::kId) {
    INGOT_ASSIGN_OR_RAISE(field_ids, FieldIdsOption(options.schema, options.partition_columns));
    field_ids = ", FIELD_IDS " + field_ids;
  }

  static std::atomic<int64_t> counter{0};
  std::string staging =
      JoinPath(options.table_root, ".ingot-staging-" + std::to_string(getpid()) + "-" +
                                       std::to_string(counter.fetch_add(1)) + "-" +
                                       std::to_string(options.clock->NowMicros()));
  auto remove_staging = [&staging] {
    std::error_code ignored;
    fs::remove_all(staging, ignored);
  };
  std::string copy = "COPY (SELECT " + select + " FROM (" + options.source_sql + ") AS src) TO " +
                     QuoteLiteral(staging) + " (FORMAT parquet, COMPRESSION " +
                     options.compression + ", RETURN_STATS, FILENAME_PATTERN " +
                     QuoteLiteral("part-00000-{uuid}-c000" + CodecSuffix(options.compression));
  if (options.partition_columns.empty()) {
    copy += ", FILE_SIZE_BYTES " + std::to_string(options.target_file_size);
  } else {
    copy += ", PARTITION_BY (";
    for (size_t i = 0; i < options.partition_columns.size(); ++i) {
      copy += (i > 0 ? ", " : "") + PartitionAlias(i);
    }
    copy += ")";
  }
  copy += field_ids + ")";

  std::vector<Add> adds;
  std::vector<std::pair<std::string, std::string>> moves;  // staged file -> final path
  // One staged file as an add: its partition values, stats and final place.
  auto add_file = [&](const std::string& staged, int64_t count, int64_t size,
                      const std::string& stats_json,
                      const PartitionValues& partition_values) -> Status {
    Add add;
    add.partition_values = partition_values;
    INGOT_ASSIGN_OR_RAISE(add.stats, BuildStatsJson(count, stats_json, file_schema));
    INGOT_ASSIGN_OR_RAISE(std::string dir,
                          PartitionDirectory(partition_keys, add.partition_values));
    std::string relative = dir.empty() ? BaseName(staged) : dir + "/" + BaseName(staged);
    add.path = EncodeLogPath(relative);
    add.size = size;
    add.modification_time = options.clock->NowMillis();
    add.data_change = true;
    moves.emplace_back(staged, JoinPath(options.table_root, relative));
    adds.push_back(std::move(add));
    return Status::OK();
  };
  Status status = [&]() -> Status {
    INGOT_ASSIGN_OR_RAISE(auto result, con->Query(copy));
    // DuckDB cannot split partitioned output by size: partitions that came out much larger than
    // the target are rewritten into target-sized files afterwards (only their bytes are written
    // twice).
    struct Oversized {
      std::string staged;
      PartitionValues partition_values;
      int64_t rows_per_file = 0;  // at the partition's bytes per row
    };
    std::vector<Oversized> oversized;
    // Columns: filename, count, file_size_bytes, footer_size_bytes, column_statistics,
    // partition_keys.
    while (true) {
      INGOT_ASSIGN_OR_RAISE(auto chunk, result->Next());
      if (chunk == nullptr) break;
      for (size_t row = 0; row < chunk->size(); ++row) {
        int64_t count = chunk->GetInt64(1, row);
        std::string staged(chunk->GetString(0, row));
        if (count == 0) continue;
        PartitionValues partition_values;
        for (const std::string& key : partition_keys) partition_values[key] = std::nullopt;
        if (!partition_keys.empty()) {
          // partition_keys is a MAP(VARCHAR, VARCHAR) rendered as JSON {"__ingot_p0":"v",...}.
          std::string keys;
          chunk->AppendJson(5, row, &keys);
          INGOT_RETURN_NOT_OK(ParsePartitionKeys(keys, partition_keys, &partition_values));
        }
        int64_t size = chunk->GetInt64(2, row);
        if (!partition_keys.empty() && size > options.target_file_size * 3 / 2) {
          oversized.push_back({std::move(staged), std::move(partition_values),
                               std::max<int64_t>(1, count * options.target_file_size / size)});
          continue;
        }
        std::string stats_json;
        chunk->AppendJson(4, row, &stats_json);
        INGOT_RETURN_NOT_OK(add_file(staged, count, size, stats_json, partition_values));
      }
    }
    for (size_t i = 0; i < oversized.size(); ++i) {
      const std::string split_dir = staging + "/split-" + std::to_string(i);
      INGOT_ASSIGN_OR_RAISE(
          auto split,
          con->Query(
              "COPY (SELECT * FROM read_parquet(" + duck::QuoteFilePath(oversized[i].staged) +
              ")) TO " + QuoteLiteral(split_dir) + " (FORMAT parquet, COMPRESSION " +
              options.compression + ", RETURN_STATS, FILENAME_PATTERN " +
              QuoteLiteral("part-00000-{uuid}-c000" + CodecSuffix(options.compression)) +
              ", FILE_SIZE_BYTES " + std::to_string(options.target_file_size) +
              // Files roll over between row groups: keep those well below the target size.
              ", ROW_GROUP_SIZE " +
              std::to_string(std::clamp<int64_t>(oversized[i].rows_per_file / 2, 2048, 122880)) +
              field_ids + ")"));
      while (true) {
        INGOT_ASSIGN_OR_RAISE(auto chunk, split->Next());
        if (chunk == nullptr) break;
        for (size_t row = 0; row < chunk->size(); ++row) {
          int64_t count = chunk->GetInt64(1, row);
          if (count == 0) continue;
          std::string stats_json;
          chunk->AppendJson(4, row, &stats_json);
          INGOT_RETURN_NOT_OK(add_file(std::string(chunk->GetString(0, row)), count,
                                       chunk->GetInt64(2, row), stats_json,
                                       oversized[i].partition_values));
        }
      }
      std::error_code ignored;
      fs::remove(oversized[i].staged, ignored);
    }
    for (const auto& [from, to] : moves) {
      std::error_code ec;
      fs::create_directories(fs::path(to).parent_path(), ec);
      fs::rename(from, to, ec);
      if (ec) {
        return Status::IOError("cannot move data file ", from, " to ", to, ": ", ec.message());
      }
    }
    return Status::OK();
  }();
  remove_staging();
  if (!status.ok()) {
    for (const auto& move : moves) {
      std::error_code ignored;
      fs::remove(move.second, ignored);
    }
    return status.WithContext("writing data files to ", options.table_root);
  }
  return adds;
}

}  // namespace ingot::delta
