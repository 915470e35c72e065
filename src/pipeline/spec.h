#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "connectors/files/file_format.h"
#include "pipeline/config_node.h"

// A pipeline as typed data: what `ingot validate` checks and `ingot run` executes. The YAML format
// is documented in docs/pipeline.md.
namespace ingot::pipeline {

// One declared column of a file source.
struct ColumnSpec {
  std::string name;
  std::string type;  // a DuckDB type name, e.g. BIGINT, DECIMAL(10,2), DATE
  bool required = false;
  Location location;
};

// Files read by glob.
struct SourceSpec {
  std::string name;
  // The files (a path or glob), absolute or relative to the pipeline file's directory.
  std::string path;
  files::FileFormat format = files::FileFormat::kCsv;
  // Declared columns, in order; empty means inferred (no type quarantine).
  std::vector<ColumnSpec> schema;
  // CSV: the delimiter ("" = detect) and whether there is a header line (unset = detect).
  std::string delimiter;
  std::optional<bool> header;
  Location location;
};

enum class TableMode { kAppend, kOverwrite, kMerge, kScd2 };
std::string_view TableModeName(TableMode mode);

enum class ExpectAction { kWarn, kDrop, kQuarantine, kFail };
std::string_view ExpectActionName(ExpectAction action);

// A named SQL boolean every row must satisfy. A row fails when the expression is false or NULL.
struct ExpectationSpec {
  std::string name;
  std::string expr;
  ExpectAction action = ExpectAction::kWarn;
  Location location;
};

// One target table `<layer>.<name>`.
struct TableSpec {
  std::string id;  // "layer.name"
  std::string layer;
  std::string name;
  // Exactly one of `from` (a source name) and `sql` is set.
  std::string from;
  std::string sql;
  // Where the SQL text came from, for error messages: the .sql file (absolute) and the line of
  // the SQL's first line there (1 for a file, the YAML line for inline SQL).
  std::string sql_file;
  int sql_first_line = 1;
  TableMode mode = TableMode::kAppend;
  std::vector<std::string> keys;
  std::string sequence_by;
  // scd2: the columns whose change opens a new version (empty = every non-key column).
  std::vector<std::string> track_columns;
  std::vector<std::string> partition_by;
  std::vector<std::string> zorder_by;  // OPTIMIZE ZORDER BY after each commit that wrote rows
  std::vector<ExpectationSpec> expectations;
  // Process only new files / upstream commits. Unset: on for append tables.
  std::optional<bool> incremental;
  std::map<std::string, std::string> properties;
  std::string description;
  // The tables this one reads ("layer.name"), found in `sql`; filled by the parser.
  std::vector<std::string> depends_on;
  Location location;

  bool IsIncremental() const { return incremental.value_or(mode == TableMode::kAppend); }
};

struct PipelineSpec {
  std::string name;
  // The pipeline file (absolute) and its directory.
  std::string file;
  std::string dir;
  // The warehouse directory ("" when neither the file nor the command line gives one).
  std::string warehouse;
  std::string profile;
  // Variables after profile and --var overrides.
  std::map<std::string, std::string> variables;
  std::map<std::string, SourceSpec> sources;
  // In file order.
  std::vector<TableSpec> tables;

  const TableSpec* FindTable(const std::string& id) const;
};

}  // namespace ingot::pipeline
