// Independent check of what Ingot writes and reads: tables written by Ingot in a small scenario
// (partitioned by values full of special characters, appends, overwrites with replaceWhere, many
// types, schema evolution, checkpoints) are read at every version by
//   - Ingot: SELECT ... FROM delta_scan(...) through DuckDB, and
//   - read_delta.mjs: a separate Delta log replay in JavaScript whose Parquet reader is hyparquet
//     (npm, pinned in package.json), run by node,
// and both must return the same rows. check_delta_log.mjs then checks each table's _delta_log
// against the protocol (required fields, percent-encoded relative paths, partitionValues keys,
// stats that parse and agree with the data, checkpoints, no orphan files).
//
// The same comparison runs over the golden Spark / delta-rs tables Ingot can read.
//
// node (INGOT_NODE, found at configure time) and hyparquet (node_modules) are required: the tests
// fail, never skip, when either is missing.

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "delta/log/actions.h"
#include "delta/log/schema.h"
#include "delta/ops/create_table.h"
#include "delta/ops/write_table.h"
#include "delta/snapshot/snapshot_loader.h"
#include "golden_test_util.h"
#include "storage/local_fs.h"
#include "storage/storage_test_util.h"

namespace ingot::golden {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

const std::string kJsDir = INGOT_GOLDEN_JS_DIR;

// ---------------------------------------------------------------------------------------------
// Canonical rows (see delta_log.mjs): the same JSON form from DuckDB and from hyparquet.

// A DuckDB expression giving `e` (of Delta type `t`) in the canonical form once rendered as JSON.
std::string Canonical(const std::string& e, const delta::DataType& t, int depth = 0) {
  using delta::TypeKind;
  std::string x = "x" + std::to_string(depth);
  switch (t.kind()) {
    case TypeKind::kLong:
    case TypeKind::kDecimal:
      return "CAST(" + e + " AS VARCHAR)";
    case TypeKind::kFloat:
    case TypeKind::kDouble:
      return "CAST(" + e + " AS DOUBLE)";
    case TypeKind::kBinary:
      return "lower(hex(" + e + "))";
    case TypeKind::kDate:
      return "(" + e + " - DATE '1970-01-01')";
    case TypeKind::kTimestamp:
    case TypeKind::kTimestampNtz:
      return "CAST(epoch_us(" + e + ") AS VARCHAR)";
    case TypeKind::kStruct: {
      std::string fields;
      for (const delta::StructField& field : t.fields()) {
        if (!fields.empty()) fields += ", ";
        fields +=
            duck::QuoteIdentifier(field.name) + " := " +
            Canonical("struct_extract(" + e + ", " + Lit(field.name) + ")", field.type, depth + 1);
      }
      return "CASE WHEN " + e + " IS NULL THEN NULL ELSE struct_pack(" + fields + ") END";
    }
    case TypeKind::kArray:
      return "list_transform(" + e + ", " + x + " -> " + Canonical(x, t.element_type(), depth + 1) +
             ")";
    case TypeKind::kMap:
      return "map_from_entries(list_transform(map_entries(" + e + "), " + x +
             " -> struct_pack(k := " + "CAST(" + x +
             ".key AS VARCHAR), v := " + Canonical(x + ".value", t.value_type(), depth + 1) + ")))";
    default:
      return e;
  }
}

// Normalizes a canonical JSON value of type `t` so that equal values compare equal: numbers as
// doubles (-0 as 0), non-finite floating point values as "NaN", "Infinity", "-Infinity".
void Normalize(json& v, const delta::DataType& t) {
  using delta::TypeKind;
  if (v.is_null()) return;
  switch (t.kind()) {
    case TypeKind::kStruct:
      if (!v.is_object()) return;
      for (const delta::StructField& field : t.fields()) {
        if (v.contains(field.name)) Normalize(v[field.name], field.type);
      }
      return;
    case TypeKind::kArray:
      if (!v.is_array()) return;
      for (json& element : v) Normalize(element, t.element_type());
      return;
    case TypeKind::kMap:
      if (!v.is_object()) return;
      for (auto& [key, value] : v.items()) Normalize(value, t.value_type());
      return;
    default:
      break;
  }
  if (v.is_string() && (t.kind() == TypeKind::kFloat || t.kind() == TypeKind::kDouble)) {
    std::string s = v.get<std::string>();
    if (s == "nan" || s == "-nan") v = "NaN";
    if (s == "inf") v = "Infinity";
    if (s == "-inf") v = "-Infinity";
  } else if (v.is_number()) {
    double d = v.get<double>();
    v = d == 0 ? 0.0 : d;
  }
}

struct TableRows {
  std::vector<std::string> rows;  // normalized JSON, sorted
  std::string error;              // set when reading failed
};

std::vector<std::string> NormalizeLines(const std::vector<std::string>& lines,
                                        const delta::DataType& schema, std::string* error) {
  std::vector<std::string> rows;
  for (const std::string& line : lines) {
    if (line.empty()) continue;
    json row = json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (row.is_discarded()) {
      *error = "not JSON: " + line;
      return {};
    }
    Normalize(row, schema);
    rows.push_back(row.dump());
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

// Lines of both sides that have no equal line on the other side (multisets), up to `limit`.
std::string RowDiff(const std::vector<std::string>& ingot, const std::vector<std::string>& js,
                    size_t limit = 8) {
  std::vector<std::string> only_ingot;
  std::vector<std::string> only_js;
  std::set_difference(ingot.begin(), ingot.end(), js.begin(), js.end(),
                      std::back_inserter(only_ingot));
  std::set_difference(js.begin(), js.end(), ingot.begin(), ingot.end(),
                      std::back_inserter(only_js));
  std::ostringstream out;
  out << ingot.size() << " rows from delta_scan, " << js.size() << " from hyparquet";
  for (size_t i = 0; i < only_ingot.size() && i < limit; ++i) {
    out << "\n  only delta_scan: " << only_ingot[i];
  }
  for (size_t i = 0; i < only_js.size() && i < limit; ++i)
    out << "\n  only hyparquet: " << only_js[i];
  return out.str();
}

class HyparquetCrossCheck : public ::testing::Test {
 protected:
  HyparquetCrossCheck()
      : fs_(std::make_shared<storage::LocalFileSystem>(
            storage::LocalFileSystemOptions{.durable = false})) {}

  std::string Table(const std::string& name) { return temp_.path() + "/" + name; }

  Result<ProcessResult> Node(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {INGOT_NODE};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunProcess(argv);
  }

  // Ingot's rows of the table at `version` (latest when nullopt), canonical.
  TableRows IngotRows(const std::string& root, std::optional<int64_t> version) {
    TableRows out;
    Result<std::shared_ptr<const delta::Snapshot>> snapshot =
        delta::LoadSnapshot(fs_, root, duck_.con(), delta::SnapshotOptions{.version = version});
    if (!snapshot.ok()) {
      out.error = snapshot.status().ToString();
      return out;
    }
    const delta::DataType& schema = (*snapshot)->schema();
    std::string select;
    for (const delta::StructField& field : schema.fields()) {
      if (!select.empty()) select += ", ";
      select += Canonical(duck::QuoteIdentifier(field.name), field.type) + " AS " +
                duck::QuoteIdentifier(field.name);
    }
    std::string scan = "delta_scan(" + Lit(root) +
                       (version.has_value() ? ", version => " + std::to_string(*version) : "") +
                       ")";
    Result<std::vector<std::string>> lines = duck_.JsonRows("SELECT " + select + " FROM " + scan);
    if (!lines.ok()) {
      out.error = lines.status().ToString();
      return out;
    }
    out.rows = NormalizeLines(*lines, schema, &out.error);
    return out;
  }

  // read_delta.mjs's rows of the table at each of `versions` (nullopt: latest), canonical, from
  // one node process; the schemas (Ingot's, only to normalize numbers) are per version.
  std::vector<TableRows> HyparquetRows(const std::string& root,
                                       const std::vector<std::optional<int64_t>>& versions,
                                       const std::vector<delta::DataType>& schemas) {
    std::vector<TableRows> out(versions.size());
    std::vector<std::string> args = {kJsDir + "/read_delta.mjs", root};
    for (const auto& version : versions) {
      args.push_back(version.has_value() ? std::to_string(*version) : "latest");
    }
    Result<ProcessResult> run = Node(args);
    std::string error;
    if (!run.ok()) {
      error = run.status().ToString();
    } else if (run->exit_code != 0) {
      error = "read_delta.mjs exited with " + std::to_string(run->exit_code) + ": " + run->err;
    }
    if (!error.empty()) {
      for (TableRows& rows : out) rows.error = error;
      return out;
    }
    std::vector<std::vector<std::string>> lines(versions.size());
    std::istringstream in(run->out);
    int index = -1;
    for (std::string line; std::getline(in, line);) {
      if (line.rfind("#version ", 0) == 0) {
        ++index;
        continue;
      }
      if (index >= 0 && index < static_cast<int>(versions.size())) lines[index].push_back(line);
    }
    for (size_t i = 0; i < versions.size(); ++i) {
      out[i].rows = NormalizeLines(lines[i], schemas[i], &out[i].error);
    }
    return out;
  }

  // Both readers return the same rows at each of `versions` (nullopt: latest); returns the row
  // counts (-1 where reading failed).
  std::vector<int64_t> ExpectSameRows(const std::string& root,
                                      const std::vector<std::optional<int64_t>>& versions) {
    std::vector<int64_t> counts(versions.size(), -1);
    std::vector<delta::DataType> schemas;
    for (const auto& version : versions) {
      Result<std::shared_ptr<const delta::Snapshot>> snapshot =
          delta::LoadSnapshot(fs_, root, duck_.con(), delta::SnapshotOptions{.version = version});
      if (!snapshot.ok()) {
        ADD_FAILURE() << root << ": " << snapshot.status();
        return counts;
      }
      schemas.push_back((*snapshot)->schema());
    }
    std::vector<TableRows> js = HyparquetRows(root, versions, schemas);
    for (size_t i = 0; i < versions.size(); ++i) {
      std::string what =
          root + (versions[i].has_value() ? " version " + std::to_string(*versions[i])
                                          : std::string(" (latest)"));
      TableRows ingot = IngotRows(root, versions[i]);
      EXPECT_EQ(ingot.error, "") << what << ": delta_scan failed";
      EXPECT_EQ(js[i].error, "") << what << ": hyparquet reader failed";
      if (!ingot.error.empty() || !js[i].error.empty()) continue;
      EXPECT_TRUE(ingot.rows == js[i].rows) << what << ": " << RowDiff(ingot.rows, js[i].rows);
      counts[i] = static_cast<int64_t>(ingot.rows.size());
    }
    return counts;
  }

  // Every version of the table, 0..latest, then the latest without a version; returns the row
  // counts of versions 0..latest.
  std::vector<int64_t> ExpectSameRowsAtEveryVersion(const std::string& root, int64_t latest) {
    std::vector<std::optional<int64_t>> versions;
    for (int64_t v = 0; v <= latest; ++v) versions.push_back(v);
    versions.push_back(std::nullopt);
    std::vector<int64_t> counts = ExpectSameRows(root, versions);
    EXPECT_EQ(counts.back(), counts[latest]) << root << ": latest != version " << latest;
    counts.pop_back();
    return counts;
  }

  // check_delta_log.mjs passes; returns its JSON summary.
  json ExpectValidLog(const std::string& root) {
    Result<ProcessResult> run = Node({kJsDir + "/check_delta_log.mjs", root});
    EXPECT_TRUE(run.ok()) << run.status();
    if (!run.ok()) return json();
    EXPECT_EQ(run->exit_code, 0) << root << ": the _delta_log check failed:\n" << run->err;
    json summary = json::parse(run->out, nullptr, false);
    EXPECT_FALSE(summary.is_discarded()) << run->out << run->err;
    return summary;
  }

  void Create(const delta::CreateTableOptions& options) {
    Result<delta::CommitResult> created = delta::CreateTable(duck_.con(), options);
    ASSERT_TRUE(created.ok()) << options.table_root << ": " << created.status();
  }

  void Write(const delta::WriteTableOptions& options) {
    Result<delta::WriteTableResult> written = delta::WriteTable(duck_.con(), options);
    ASSERT_TRUE(written.ok()) << options.table_root << ": " << written.status();
  }

  std::string Scalar(const std::string& sql) {
    Result<std::string> value = duck_.Scalar(sql);
    EXPECT_TRUE(value.ok()) << sql << ": " << value.status();
    return value.ok() ? *value : "error: " + value.status().ToString();
  }

  storage::testing::ScopedTempDir temp_;
  std::shared_ptr<storage::LocalFileSystem> fs_;
  DuckSession duck_;
};

TEST_F(HyparquetCrossCheck, NodeAndHyparquetAreInstalled) {
  Result<ProcessResult> run = Node({"--version"});
  ASSERT_TRUE(run.ok()) << "node (" INGOT_NODE ") cannot run: " << run.status()
                        << "; install Node.js (scripts/setup.sh)";
  EXPECT_EQ(run->exit_code, 0) << run->err;
  // Without arguments read_delta.mjs stops at its usage message (exit 2), after its imports:
  // a missing hyparquet fails the import instead (exit 1).
  run = Node({kJsDir + "/read_delta.mjs"});
  ASSERT_TRUE(run.ok()) << run.status();
  EXPECT_EQ(run->exit_code, 2) << "read_delta.mjs cannot load hyparquet (run `npm ci` in the "
                                  "repository root):\n"
                               << run->err;
}

// The comparison reports rows that differ (the harness is not vacuous).
TEST_F(HyparquetCrossCheck, RowDiffNamesTheRowsThatDiffer) {
  delta::DataType schema = delta::DataType::Struct(
      {delta::StructField{.name = "a", .type = delta::DataType(delta::TypeKind::kDouble)}});
  std::string error;
  std::vector<std::string> ingot =
      NormalizeLines({R"({"a":1.0})", R"({"a":"nan"})", R"({"a":-0.0})"}, schema, &error);
  std::vector<std::string> js =
      NormalizeLines({R"({"a":"NaN"})", R"({"a":0})", R"({"a":1})"}, schema, &error);
  EXPECT_EQ(error, "");
  EXPECT_EQ(ingot, js);
  js = NormalizeLines({R"({"a":"NaN"})", R"({"a":0})", R"({"a":2})"}, schema, &error);
  EXPECT_NE(ingot, js);
  EXPECT_THAT(RowDiff(ingot, js), ::testing::HasSubstr("only hyparquet: {\"a\":2.0}"));
  EXPECT_THAT(RowDiff(ingot, js), ::testing::HasSubstr("only delta_scan: {\"a\":1.0}"));
}

// Partition values with characters that need escaping in directory names (Hive) and in log
// paths (URI), across create, append and replaceWhere overwrites.
TEST_F(HyparquetCrossCheck, PartitionedWithSpecialCharacters) {
  std::string root = Table("special");
  const std::string values =
      "['plain', 'a b', 'x/y', 'p%q', '100%25', 'c:d', 'e=f', 'h#a?sh', 'br[ack]et*', "
      "'cu{rl}y', 'ü日本', 'q''uote', 'back\\slash', '+plus~', 'tab' || chr(9) || 'x', '', "
      "NULL, '__HIVE_DEFAULT_PARTITION__x', '%', '..', 'a&b$c,d;e@f']";
  Create({.table_root = root,
          .source_sql = "SELECT i AS id, (" + values +
                        ")[1 + i % 21] AS region, "
                        "CASE WHEN i % 3 = 0 THEN NULL ELSE DATE '2024-01-01' + (i % 2)::INT END "
                        "AS day, (i * 1.25)::DECIMAL(12,2) AS amount, 'n' || i AS note "
                        "FROM range(63) t(i)",
          .partition_columns = {"region", "day"}});
  Write({.table_root = root,
         .source_sql = "SELECT 100 + i AS id, ['new part', 'x/y', 'ü日本'][1 + i % 3] AS region, "
                       "DATE '2024-02-01' AS day, i::DECIMAL(12,2) AS amount, 'append' AS note "
                       "FROM range(6) t(i)"});
  Write({.table_root = root,
         .source_sql = "SELECT 200 + i AS id, 'x/y' AS region, DATE '2024-03-01' AS day, "
                       "0.5::DECIMAL(12,2) AS amount, 'replaced' AS note FROM range(4) t(i)",
         .mode = delta::WriteMode::kOverwrite,
         .replace_where = "region = 'x/y'"});
  Write({.table_root = root,
         .source_sql =
             "SELECT 300 + i AS id, ['p%q', 'h#a?sh'][1 + i % 2] AS region, NULL::DATE "
             "AS day, NULL::DECIMAL(12,2) AS amount, NULL::VARCHAR AS note FROM range(4) t(i)",
         .mode = delta::WriteMode::kOverwrite,
         .replace_where = "region IN ('p%q', 'h#a?sh', 'c:d')"});
  EXPECT_EQ(ExpectSameRowsAtEveryVersion(root, 3), (std::vector<int64_t>{63, 69, 68, 63}));
  std::string scan = "delta_scan(" + Lit(root) + ")";
  EXPECT_EQ(Scalar("SELECT count(*) FROM " + scan + " WHERE region = 'x/y'"), "4");
  EXPECT_EQ(Scalar("SELECT count(*) FROM " + scan + " WHERE region = 'c:d'"), "0");
  EXPECT_EQ(Scalar("SELECT count(*) FROM " + scan + " WHERE region = 'ü日本'"), "5");
  json summary = ExpectValidLog(root);
  EXPECT_EQ(summary.value("commits", 0), 4);
}

// One table with every type Ingot writes, a second append with merge_schema (old files lack the
// new column), and a timestamp_ntz table partitioned by typed columns.
TEST_F(HyparquetCrossCheck, ManyTypes) {
  std::string root = Table("types");
  const std::string source =
      "SELECT i::TINYINT AS t_byte, (i * 300 - 3000)::SMALLINT AS t_short, "
      "(i * 100000 - 7)::INTEGER AS t_int, (i * 9007199254740993 - 5)::BIGINT AS t_long, "
      "CASE i % 7 WHEN 1 THEN 'nan'::FLOAT WHEN 2 THEN 'inf'::FLOAT ELSE (i / 3)::FLOAT END "
      "AS t_float, CASE i % 9 WHEN 4 THEN '-inf'::DOUBLE ELSE i * 1.1e-5 - 0.3 END AS t_double, "
      "(i * 1.07 - 5)::DECIMAL(5,2) AS t_dec5, (i * 123456.789012 - 99)::DECIMAL(18,6) AS t_dec18, "
      "(i::HUGEINT * 12345678901234567890123 + 0.5)::DECIMAL(38,10) AS t_dec38, "
      "i % 2 = 0 AS t_bool, "
      "CASE i % 4 WHEN 0 THEN '' WHEN 1 THEN 'héllo ✓ ' || i WHEN 2 THEN repeat('long', 20) || i "
      "ELSE 'x' || i END AS t_string, "
      "('\\x00\\xFF' || i::VARCHAR)::BLOB AS t_binary, DATE '1969-12-25' + (i * 3)::INT AS t_date, "
      "make_timestamp(i * 86400123457 - 1000000)::TIMESTAMPTZ AS t_ts, "
      "make_timestamp(i * 3600000001) AS t_ts_local, i::UTINYINT AS t_ubyte, "
      "(i * 70000)::UINTEGER AS t_uint, "
      "'5b10c9d4-7a7f-4b41-94a0-1bd5c3a4f3e1'::UUID AS t_uuid, {'a': i::INTEGER, 'b': 's' || i, "
      "'c': {'d': [i, i + 1]}} AS t_struct, "
      "CASE WHEN i % 5 = 0 THEN NULL ELSE [i::INTEGER, NULL, i * 2] END AS t_list, "
      "[{'k': i::BIGINT}, NULL] AS t_list_struct, "
      "CASE WHEN i % 3 = 0 THEN MAP {} ELSE MAP {'one': i::INTEGER, 'two': NULL} END AS t_map, "
      "MAP {i::INTEGER: [i::BIGINT]} AS t_map_int, [[i::SMALLINT], []] AS t_nested_list "
      "FROM range(40) t(i) UNION ALL SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
      "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
      "NULL";
  Create({.table_root = root, .source_sql = source});
  Write({.table_root = root,
         .source_sql = "SELECT 7::TINYINT AS t_byte, 'added' AS t_new_column, "
                       "[1.5, 2.5]::DOUBLE[] AS t_new_list",
         .merge_schema = true});
  EXPECT_EQ(ExpectSameRowsAtEveryVersion(root, 1), (std::vector<int64_t>{41, 42}));
  EXPECT_EQ(Scalar("SELECT count(*) FROM delta_scan(" + Lit(root) + ")"), "42");
  ExpectValidLog(root);

  std::string ntz = Table("ntz-partitions");
  Create({.table_root = ntz,
          .source_sql = "SELECT i AS id, (i % 3)::INTEGER AS p_int, i % 2 = 0 AS p_bool, "
                        "(i / 8)::DECIMAL(10,3) AS p_dec, "
                        "TIMESTAMP '2024-05-06 07:08:09.123456' + INTERVAL (i % 2) HOUR AS p_ts, "
                        "DATE '1960-02-29' + (i % 2)::INT AS p_date, "
                        "(i % 2) * -9223372036854775807 AS p_long, "
                        "TIMESTAMP '1900-01-01 00:00:00' + INTERVAL (i) DAY AS ts FROM range(12) "
                        "t(i) UNION ALL SELECT 99, NULL, NULL, NULL, NULL, NULL, NULL, NULL",
          .partition_columns = {"p_int", "p_bool", "p_dec", "p_ts", "p_date", "p_long"},
          .timestamp_ntz = true});
  EXPECT_EQ(ExpectSameRowsAtEveryVersion(ntz, 0), (std::vector<int64_t>{13}));
  ExpectValidLog(ntz);
}

// A checkpoint every 2 commits: the JavaScript reader starts from Ingot's checkpoint (Parquet
// read by hyparquet) and the checker compares each checkpoint with the JSON replay.
TEST_F(HyparquetCrossCheck, CheckpointsEveryTwoCommits) {
  std::string root = Table("checkpointed");
  Create({.table_root = root,
          .source_sql = "SELECT i AS id, 'k' || (i % 3) AS k FROM range(5) t(i)",
          .partition_columns = {"k"},
          .properties = {{"delta.checkpointInterval", "2"}}});
  for (int n = 1; n <= 4; ++n) {
    // Commit 3 replaces partition k1; the others append to k0..k3.
    Write({.table_root = root,
           .source_sql = "SELECT " + std::to_string(n * 100) + " + i AS id, " +
                         (n == 3 ? std::string("'k1'") : std::string("'k' || (i % 4)")) +
                         " AS k FROM range(5) t(i)",
           .mode = n == 3 ? delta::WriteMode::kOverwrite : delta::WriteMode::kAppend,
           .replace_where = n == 3 ? "k = 'k1'" : ""});
  }
  EXPECT_EQ(ExpectSameRowsAtEveryVersion(root, 4), (std::vector<int64_t>{5, 10, 15, 16, 21}));
  json summary = ExpectValidLog(root);
  EXPECT_EQ(summary.value("checkpoints", json::array()), json::array({2, 4})) << summary.dump();
}

// Adds `names` (copies of one of the table's data files) to the table in a hand-written commit
// `version`, the way another writer could name its files; returns false on failure.
bool AddCopiesInCommit(const std::string& root, int64_t version,
                       const std::vector<std::string>& names) {
  std::string source;
  for (const auto& entry : fs::directory_iterator(root)) {
    if (entry.path().extension() == ".parquet") source = entry.path().string();
  }
  if (source.empty()) return false;
  std::string commit = R"({"commitInfo":{"timestamp":1700000000000,"operation":"WRITE"}})"
                       "\n";
  for (const std::string& name : names) {
    fs::copy_file(source, fs::path(root) / name);
    commit += R"({"add":{"path":")" + delta::EncodeLogPath(name) +
              R"(","partitionValues":{},"size":)" + std::to_string(fs::file_size(source)) +
              R"(,"modificationTime":1700000000000,"dataChange":true}})"
              "\n";
  }
  char file[32];
  std::snprintf(file, sizeof(file), "%020lld.json", static_cast<long long>(version));
  std::ofstream out(fs::path(root) / "_delta_log" / file);
  out << commit;
  return static_cast<bool>(out);
}

// Data file names (not written by Ingot, but allowed by the protocol) with characters that need
// escaping in a URI.
TEST_F(HyparquetCrossCheck, DataFileNamesWithSpecialCharacters) {
  std::string root = Table("names");
  Create({.table_root = root, .source_sql = "SELECT 1 AS id"});
  ASSERT_TRUE(AddCopiesInCommit(
      root, 1,
      {"sp ace.parquet", "pct%41.parquet", "hash#.parquet", "ü.parquet", "cu{r,l}y.parquet"}));
  EXPECT_EQ(ExpectSameRowsAtEveryVersion(root, 1), (std::vector<int64_t>{1, 6}));
  ExpectValidLog(root);
}

// A data file whose name holds glob characters ('*', '?', '[') must be read as that one file,
// even though read_parquet expands such names as patterns (delta_scan brackets them).
TEST_F(HyparquetCrossCheck, DataFileNamesWithGlobCharacters) {
  std::string root = Table("globs");
  Create({.table_root = root, .source_sql = "SELECT 1 AS id"});
  ASSERT_TRUE(AddCopiesInCommit(root, 1, {"x[1].parquet", "y*.parquet", "z?.parquet"}));
  // Files that are not part of the table but match the names as glob patterns.
  ASSERT_TRUE(
      duck_.Query("COPY (SELECT 100 AS id) TO " + Lit(root + "/x1.parquet") + " (FORMAT parquet)")
          .ok());
  ASSERT_TRUE(
      duck_.Query("COPY (SELECT 200 AS id) TO " + Lit(root + "/yz.parquet") + " (FORMAT parquet)")
          .ok());
  EXPECT_EQ(ExpectSameRowsAtEveryVersion(root, 1), (std::vector<int64_t>{1, 4}));
}

// The golden tables written by Spark and delta-rs (those Ingot reads): delta_scan and the
// independent reader agree at every version, and the row counts are the MANIFEST's.
TEST_F(HyparquetCrossCheck, GoldenTablesAgreeAtEveryVersion) {
  const std::vector<std::pair<std::string, std::vector<int64_t>>> tables = {
      {"snapshot-data0", {10}},
      {"snapshot-repartitioned", {10, 20, 10, 30, 20, 20}},
      {"time-travel-start-start20-start40", {10, 20, 30}},
      {"time-travel-schema-changes-b", {10, 20}},
      {"basic-with-inserts-updates", {100, 100}},
      {"basic-with-inserts-merge", {100, 140}},
      {"basic-with-inserts-deletes-checkpoint",
       {10, 20, 30, 40, 50, 45, 40, 35, 30, 25, 35, 45, 55, 41}},
      {"125-iterator-bug", {0, 1, 2, 2, 3, 3, 3, 4, 4, 4, 4, 5}},
      {"only-checkpoint-files", {10, 5, 25}},
      {"corrupted-last-checkpoint-kernel", {10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 100}},
      {"transaction_log_schema_evolvability", {9, 9, 9, 18, 9, 18}},
      {"log-replay-latest-metadata-protocol", {20, 40, 40}},
      {"basic-with-vacuum-protocol-check-feature", {100, 100}},
      {"v2-checkpoint-json", {0, 0, 10}},
      {"v2-checkpoint-parquet", {0, 0, 10}},
      {"checkpoint-v2-table", {0, 10, 11, 21, 22, 22, 32, 33, 43, 44}},
      {"data-reader-primitives", {11}},
      {"data-reader-partition-values", {3}},
      {"basic-decimal-table", {4}},
      {"parquet-all-types", {200}},
      {"kernel-timestamp-TIMESTAMP_MICROS", {5}},
      {"kernel-timestamp-partition-col-ISO8601", {2}},
      {"data-reader-timestamp_ntz", {0, 9}},
      {"data-skipping-basic-stats-all-types", {1}},
      {"data-skipping-basic-stats-all-types-checkpoint", {1}},
      {"cdf-table", {10, 10, 10, 9}},
      {"cdc_ict_table", {0, 4, 2, 2}},
      {"commit-info-containing-arbitrary-operationParams-types", {1, 2, 2}},
  };
  for (const auto& [table, counts] : tables) {
    std::string root = CopyGoldenTable(table, temp_.path());
    ASSERT_FALSE(root.empty()) << table;
    EXPECT_EQ(ExpectSameRowsAtEveryVersion(root, static_cast<int64_t>(counts.size()) - 1), counts)
        << table;
  }
}

}  // namespace
}  // namespace ingot::golden
