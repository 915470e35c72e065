#include "delta/scan/scan_sql.h"

#include <map>

#include "common/macros.h"
#include "common/uri.h"
#include "delta/ops/type_mapping.h"
#include "delta/scan/column_mapping_scan.h"
#include "delta/scan/deletion_vector_scan.h"
#include "duck/connection.h"

namespace ingot::delta {
namespace {

using duck::QuoteIdentifier;
using duck::QuoteLiteral;

}  // namespace

Result<std::string> ScanSql(const ScanInput& input) {
  if (input.schema.fields().empty()) {
    return Status::Corruption("table ", input.table_root,
                              " has no columns: its metaData.schemaString is missing or empty");
  }
  std::vector<std::string> duck_types;
  for (const StructField& field : input.schema.fields()) {
    INGOT_ASSIGN_OR_RAISE(std::string type, DuckTypeFromDelta(field.type));
    duck_types.push_back(type);
  }
  auto type_of = [&](const std::string& column) -> const std::string* {
    for (size_t i = 0; i < input.schema.fields().size(); ++i) {
      if (input.schema.fields()[i].name == column) return &duck_types[i];
    }
    return nullptr;
  };

  // The anchor: no rows, every column with its table type.
  std::string anchor = "SELECT ";
  for (size_t i = 0; i < input.schema.fields().size(); ++i) {
    if (i > 0) anchor += ", ";
    anchor +=
        "CAST(NULL AS " + duck_types[i] + ") AS " + QuoteIdentifier(input.schema.fields()[i].name);
  }
  anchor += " WHERE false";

  // partitionValues are keyed by physical name under column mapping.
  std::map<std::string, std::string> partition_keys;
  for (const std::string& column : input.partition_columns) {
    const StructField* field = input.schema.FindField(column);
    partition_keys[column] = column;
    if (field != nullptr && input.column_mapping != ColumnMappingMode::kNone) {
      INGOT_ASSIGN_OR_RAISE(partition_keys[column], PhysicalName(*field));
    }
  }
  INGOT_ASSIGN_OR_RAISE(MappedColumnsSql mapped,
                        MappedColumns(input.schema, input.partition_columns, input.column_mapping));

  std::map<PartitionValues, std::vector<std::string>> groups;
  std::vector<std::pair<const Add*, std::string>> dv_files;
  auto key_of = [&](const Add& add) {
    PartitionValues key;
    for (const std::string& column : input.partition_columns) {
      auto it = add.partition_values.find(partition_keys[column]);
      key[column] = it == add.partition_values.end() ? std::nullopt : it->second;
    }
    return key;
  };
  for (const Add& add : input.files) {
    INGOT_ASSIGN_OR_RAISE(std::string path, add.LocalPath(input.table_root));
    if (add.deletion_vector) {
      dv_files.emplace_back(&add, std::move(path));
    } else {
      groups[key_of(add)].push_back(std::move(path));
    }
  }

  // SELECT list of one branch: the file's columns plus the partition constants.
  auto select_of = [&](const PartitionValues& values, bool with_row_number) -> Result<std::string> {
    std::string branch = "SELECT " + mapped.select;
    if (with_row_number && mapped.select == "*") {
      branch += " EXCLUDE (" + std::string(kFileRowNumberColumn) + ")";
    }
    // Partition values come from the log (data files do not hold partition columns), never from
    // directory names.
    if (!input.partition_columns.empty()) {
      for (const std::string& column : input.partition_columns) {
        const std::string* type = type_of(column);
        if (type == nullptr) {
          return Status::Corruption("partition column '", column, "' is not in the table schema");
        }
        const auto& value = values.at(column);
        branch += ", CAST(" + (value ? QuoteLiteral(*value) : std::string("NULL")) + " AS " +
                  *type + ") AS " + QuoteIdentifier(column);
      }
    }
    return branch;
  };

  // A Parquet schema (id mode) makes every file read alike and excludes union_by_name.
  const std::string options =
      (mapped.read_options.empty() ? ", union_by_name=true" : mapped.read_options) +
      ", hive_partitioning=false";
  std::string unioned = anchor;
  for (const auto& [values, paths] : groups) {
    INGOT_ASSIGN_OR_RAISE(std::string branch, select_of(values, false));
    std::string read = "read_parquet([";
    for (size_t i = 0; i < paths.size(); ++i)
      read += (i > 0 ? ", " : "") + duck::QuoteFilePath(paths[i]);
    branch += " FROM " + mapped.Source(read + "]" + options + ")");
    unioned += " UNION ALL BY NAME " + branch;
  }
  for (const auto& [add, path] : dv_files) {
    INGOT_ASSIGN_OR_RAISE(std::string branch, select_of(key_of(*add), true));
    branch += " FROM " + mapped.Source(DeletionVectorFromClause(input.table_root, input.version,
                                                                *add, path, options));
    unioned += " UNION ALL BY NAME " + branch;
  }

  std::string out = "SELECT ";
  for (size_t i = 0; i < input.schema.fields().size(); ++i) {
    const std::string& name = input.schema.fields()[i].name;
    if (i > 0) out += ", ";
    out +=
        "CAST(" + QuoteIdentifier(name) + " AS " + duck_types[i] + ") AS " + QuoteIdentifier(name);
  }
  return out + " FROM (" + unioned + ")";
}

}  // namespace ingot::delta
