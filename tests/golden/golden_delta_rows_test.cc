// Reads the real Spark / delta-rs tables of the golden set (INGOT_DELTA_GOLDEN_DIR, see its
// MANIFEST.md) row by row through DuckDB with Ingot's delta_scan, at the latest version and at
// every version the MANIFEST describes, and compares the rows, column types and errors with what
// the MANIFEST and the upstream tests state. Each table is copied to a temp dir first.
//
// The snapshot-level checks (files, checkpoints, tombstones) are in
// src/delta/snapshot/golden_snapshot_test.cc; this test is about the rows a query sees.

#include <algorithm>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include "golden_rows.h"
#include "golden_test_util.h"
#include "storage/storage_test_util.h"

namespace ingot::golden {
namespace {

namespace fs = std::filesystem;
using ::testing::AnyOf;
using ::testing::HasSubstr;
using ::testing::Not;

// ExpectRows reports missing and unexpected rows (the harness is not vacuous).
TEST_F(GoldenRows, ExpectRowsReportsDifferences) {
  ::testing::TestPartResultArray failures;
  {
    ::testing::ScopedFakeTestPartResultReporter reporter(
        ::testing::ScopedFakeTestPartResultReporter::INTERCEPT_ONLY_CURRENT_THREAD, &failures);
    ExpectRows("SELECT 1 UNION ALL SELECT 2", "SELECT 1 UNION ALL SELECT 3");
    ExpectRows("SELECT 1", "SELECT 1 UNION ALL SELECT 1");
    ExpectRows("SELECT 1, 'a'", "SELECT 1, 'a'");
  }
  ASSERT_EQ(failures.size(), 2);
  EXPECT_THAT(failures.GetTestPartResult(0).message(), HasSubstr("missing | 3"));
  EXPECT_THAT(failures.GetTestPartResult(0).message(), HasSubstr("unexpected | 2"));
  EXPECT_THAT(failures.GetTestPartResult(1).message(), HasSubstr("missing | 1"));
}

// ---------------------------------------------------------------------------------------------
// Basic appends, overwrites, DML, vacuum

// data-k-x rows for x in 0..n-1.
std::string SnapshotData(int k, int n) {
  return "SELECT range::INTEGER AS col1, 'data-" + std::to_string(k) +
         "-' || range AS col2 FROM range(" + std::to_string(n) + ")";
}

TEST_F(GoldenRows, SnapshotData0) {
  COPY(root, "snapshot-data0");
  EXPECT_EQ(Columns(Scan(root)), "col1 INTEGER, col2 VARCHAR");
  ExpectScan(Scan(root), "*", SnapshotData(0, 10));
  ExpectScan(Scan(root, 0), "*", SnapshotData(0, 10));
}

TEST_F(GoldenRows, SnapshotRepartitionedEveryVersion) {
  COPY(root, "snapshot-repartitioned");
  const std::vector<std::string> expected = {
      SnapshotData(0, 10), SnapshotData(0, 10) + " UNION ALL " + SnapshotData(1, 10),
      SnapshotData(2, 10), SnapshotData(2, 10) + " UNION ALL " + SnapshotData(3, 20),
      SnapshotData(3, 20), SnapshotData(3, 20),
  };
  for (int64_t v = 0; v <= 5; ++v) {
    ExpectScan(Scan(root, v), "*", expected[v], "version " + std::to_string(v));
  }
  ExpectScan(Scan(root), "*", SnapshotData(3, 20), "latest");
  EXPECT_EQ(Count(Scan(root)), 20);
}

TEST_F(GoldenRows, SnapshotVacuumedOldVersionsFailOnTheirMissingFiles) {
  COPY(root, "snapshot-vacuumed");
  ExpectScan(Scan(root), "*", SnapshotData(3, 20), "latest");
  ExpectScan(Scan(root, 5), "*", SnapshotData(3, 20), "version 5");
  // The log of v0..v4 replays, but their data files were vacuumed: a read fails and names one.
  for (int64_t v = 0; v <= 4; ++v) {
    std::string error = Error("SELECT count(*) FROM " + Scan(root, v));
    EXPECT_THAT(error, HasSubstr(root + "/part-0000")) << "version " << v;
  }
}

TEST_F(GoldenRows, TimeTravelByTimestamp) {
  COPY(root, "time-travel-start-start20-start40");
  // Commit times are the commit files' mtimes: start, +20 min, +40 min (git drops mtimes).
  const int64_t start = 1540415658000;  // 2018-10-24T21:14:18Z
  for (int v = 0; v <= 2; ++v) {
    SetMtimeMillis(root + "/_delta_log/0000000000000000000" + std::to_string(v) + ".json",
                   start + v * 20 * 60 * 1000);
  }
  auto ids = [](int n) { return "SELECT range AS id FROM range(" + std::to_string(n) + ")"; };
  EXPECT_EQ(Columns(Scan(root)), "id BIGINT");
  for (int64_t v = 0; v <= 2; ++v) ExpectScan(Scan(root, v), "*", ids((v + 1) * 10));
  ExpectScan(Scan(root), "*", ids(30));
  // Exactly at each commit, and between commits (the newest commit at or before the time).
  ExpectScan(Scan(root, std::nullopt, "2018-10-24 21:14:18"), "*", ids(10), "start");
  ExpectScan(Scan(root, std::nullopt, "2018-10-24 21:24:18"), "*", ids(10), "start+10min");
  ExpectScan(Scan(root, std::nullopt, "2018-10-24T21:34:18Z"), "*", ids(20), "start+20min");
  ExpectScan(Scan(root, std::nullopt, "2018-10-24 21:34:17.999"), "*", ids(10), "start+20min-1ms");
  ExpectScan(Scan(root, std::nullopt, "2018-10-24 21:44:18"), "*", ids(20), "start+30min");
  ExpectScan(Scan(root, std::nullopt, "2018-10-24 21:54:18"), "*", ids(30), "start+40min");
  // After the latest commit, before the first, and versions that do not exist.
  EXPECT_THAT(Error("SELECT * FROM " + Scan(root, std::nullopt, "2018-10-24 22:04:18")),
              HasSubstr("after the latest version 2"));
  EXPECT_THAT(Error("SELECT * FROM " + Scan(root, std::nullopt, "2018-10-24 21:14:17")),
              HasSubstr("before the earliest available version 0"));
  EXPECT_THAT(Error("SELECT * FROM " + Scan(root, 3)), HasSubstr("latest version is 2"));
  EXPECT_THAT(Error("SELECT * FROM " + Scan(root, -1)), HasSubstr("-1"));
  // Without 0.json (and no checkpoint), version 0 cannot be reconstructed.
  fs::remove(root + "/_delta_log/00000000000000000000.json");
  EXPECT_THAT(Error("SELECT * FROM " + Scan(root, 0)), HasSubstr(root));
}

// Ids of basic-with-inserts-deletes-checkpoint at version v: 5 appends of 10 rows, 5 DELETEs of
// ids 5-9, 15-19, ..., 45-49, 3 appends of 10 rows, DELETE id >= 66.
std::string InsertsDeletesIds(int v) {
  int high = v <= 4 ? 10 * (v + 1) : (v <= 9 ? 50 : 50 + 10 * (v - 9));
  if (v == 13) high = 80;
  int deleted_blocks = v < 5 ? 0 : std::min(v - 4, 5);
  std::string sql = "SELECT range AS id FROM range(" + std::to_string(high) +
                    ") WHERE NOT (range < 50 AND range % 10 >= 5 AND range // 10 < " +
                    std::to_string(deleted_blocks) + ")";
  if (v == 13) sql += " AND range < 66";
  return sql;
}

TEST_F(GoldenRows, BasicWithInsertsDeletesCheckpointEveryVersion) {
  COPY(root, "basic-with-inserts-deletes-checkpoint");
  const std::vector<int64_t> counts = {10, 20, 30, 40, 50, 45, 40, 35, 30, 25, 35, 45, 55, 41};
  EXPECT_EQ(Columns(Scan(root)), "id BIGINT");
  for (int v = 0; v <= 13; ++v) {
    EXPECT_EQ(Count(Scan(root, v)), counts[v]) << "version " << v;
    ExpectScan(Scan(root, v), "*", InsertsDeletesIds(v), "version " + std::to_string(v));
  }
  // Latest: 0-4, 10-14, 20-24, 30-34, 40-44, 50-65.
  ExpectScan(Scan(root), "*",
             "SELECT range AS id FROM range(66) WHERE range >= 50 OR range % 10 < 5");
}

std::string ValRows(int from, int to) {
  return "SELECT range::INTEGER AS id, 'val=' || range AS str FROM range(" + std::to_string(from) +
         ", " + std::to_string(to) + ")";
}

TEST_F(GoldenRows, BasicWithInsertsUpdates) {
  COPY(root, "basic-with-inserts-updates");
  EXPECT_EQ(Columns(Scan(root)), "id INTEGER, str VARCHAR");
  ExpectScan(Scan(root, 0), "*", ValRows(0, 100));
  ExpectScan(Scan(root), "*",
             "SELECT range::INTEGER, 'N/A' FROM range(50) UNION ALL " + ValRows(50, 100));
}

TEST_F(GoldenRows, BasicWithInsertsMerge) {
  COPY(root, "basic-with-inserts-merge");
  EXPECT_EQ(Columns(Scan(root)), "id INTEGER, str VARCHAR");
  ExpectScan(Scan(root, 0), "*", ValRows(0, 100));
  ExpectScan(Scan(root), "*",
             ValRows(10, 50) + " UNION ALL SELECT range::INTEGER, 'N/A' FROM range(50, 100)" +
                 " UNION ALL SELECT range::INTEGER, 'EXT' FROM range(100, 150)");
  EXPECT_EQ(Count(Scan(root)), 140);
}

TEST_F(GoldenRows, BasicWithVacuumProtocolCheckFeature) {
  COPY(root, "basic-with-vacuum-protocol-check-feature");
  EXPECT_EQ(Columns(Scan(root)), "id INTEGER, str VARCHAR");
  ExpectScan(Scan(root), "*", ValRows(0, 100));
  ExpectScan(Scan(root, 0), "*", ValRows(0, 100));
}

TEST_F(GoldenRows, IteratorBug125EmptyParquetFiles) {
  COPY(root, "125-iterator-bug");
  // Appends of [], [1], [2], [], [3], [], [], [4], [], [], [], [5]; checkpoint at 10.
  const std::vector<int> max_value = {0, 1, 2, 2, 3, 3, 3, 4, 4, 4, 4, 5};
  EXPECT_EQ(Columns(Scan(root)), "col1 INTEGER");
  for (int v = 0; v <= 11; ++v) {
    ExpectScan(Scan(root, v), "*",
               "SELECT range::INTEGER FROM range(1, " + std::to_string(max_value[v] + 1) + ")",
               "version " + std::to_string(v));
  }
  ExpectScan(Scan(root), "*", "SELECT range::INTEGER FROM range(1, 6)");
}

TEST_F(GoldenRows, TimeTravelSchemaChanges) {
  COPY(root, "time-travel-schema-changes-b");
  EXPECT_EQ(Columns(Scan(root, 0)), "id BIGINT");
  ExpectScan(Scan(root, 0), "*", "SELECT range FROM range(10)");
  EXPECT_EQ(Columns(Scan(root)), "id BIGINT, part BIGINT");
  ExpectScan(Scan(root), "*",
             "SELECT range, NULL::BIGINT FROM range(10) UNION ALL SELECT range, range FROM "
             "range(10, 20)");
}

TEST_F(GoldenRows, LogReplayLatestMetadataAndProtocol) {
  COPY(root, "log-replay-latest-metadata-protocol");
  EXPECT_EQ(Columns(Scan(root, 0)), "col1 BIGINT");
  ExpectScan(Scan(root, 0), "*", "SELECT range FROM range(20)");
  EXPECT_EQ(Columns(Scan(root)), "col1 BIGINT, col2 BIGINT");
  const std::string expected =
      "SELECT range, NULL::BIGINT FROM range(20) UNION ALL SELECT range, range % 2 FROM range(20)";
  ExpectScan(Scan(root, 1), "*", expected, "version 1");
  ExpectScan(Scan(root), "*", expected, "latest");
}

// ---------------------------------------------------------------------------------------------
// Checkpoints

TEST_F(GoldenRows, OnlyCheckpointFiles) {
  COPY(root, "only-checkpoint-files");
  EXPECT_EQ(Columns(Scan(root)), "id BIGINT");
  ExpectScan(Scan(root, 0), "*", "SELECT range FROM range(10)");
  ExpectScan(Scan(root, 1), "*", "SELECT range FROM range(5, 10)");
  ExpectScan(Scan(root, 2), "*",
             "SELECT range FROM range(5, 10) UNION ALL SELECT range FROM range(20)");
  EXPECT_EQ(Count(Scan(root)), 25);
}

TEST_F(GoldenRows, CorruptedLastCheckpointEveryVersion) {
  COPY(root, "corrupted-last-checkpoint-kernel");
  ASSERT_EQ(fs::file_size(root + "/_delta_log/_last_checkpoint"), 0u);
  EXPECT_EQ(Columns(Scan(root)), "id BIGINT");
  // v0..v10: range(10) appended v+1 times; v11: overwrite with range(100).
  for (int v = 0; v <= 10; ++v) {
    ExpectScan(Scan(root, v), "*",
               "SELECT r.range FROM range(10) r, range(" + std::to_string(v + 1) + ") k",
               "version " + std::to_string(v));
  }
  ExpectScan(Scan(root, 11), "*", "SELECT range FROM range(100)");
  ExpectScan(Scan(root), "*", "SELECT range FROM range(100)");
}

TEST_F(GoldenRows, TransactionLogSchemaEvolvability) {
  COPY(root, "transaction_log_schema_evolvability");
  EXPECT_EQ(Columns(Scan(root)), "key INTEGER, value INTEGER");
  const std::vector<int> copies = {1, 1, 1, 2, 1, 2};  // 9, 9, 9, 18, 9, 18 rows
  for (int v = 0; v <= 5; ++v) {
    ExpectScan(Scan(root, v), "*",
               "SELECT r.range::INTEGER, r.range::INTEGER FROM range(1, 10) r, range(" +
                   std::to_string(copies[v]) + ") k",
               "version " + std::to_string(v));
  }
}

TEST_F(GoldenRows, V2CheckpointJsonAndParquet) {
  for (const char* table : {"v2-checkpoint-json", "v2-checkpoint-parquet"}) {
    COPY(root, table);
    EXPECT_EQ(Columns(Scan(root)), "id BIGINT") << table;
    ExpectScan(Scan(root), "*", "SELECT range FROM range(10)", table);
    EXPECT_EQ(Count(Scan(root, 0)), 0) << table;
    EXPECT_EQ(Count(Scan(root, 1)), 0) << table;
  }
}

TEST_F(GoldenRows, CheckpointV2TableFromDeltaRsEveryVersion) {
  COPY(root, "checkpoint-v2-table");
  EXPECT_EQ(Columns(Scan(root)), "id BIGINT, name VARCHAR, created_at TIMESTAMP WITH TIME ZONE");
  // An identity column: ids 1..n at every version.
  const std::vector<int> counts = {0, 10, 11, 21, 22, 22, 32, 33, 43, 44};
  for (int v = 0; v <= 9; ++v) {
    ExpectScan(Scan(root, v), "id",
               "SELECT range FROM range(1, " + std::to_string(counts[v] + 1) + ")",
               "version " + std::to_string(v));
  }
  EXPECT_EQ(Scalar("SELECT count(name) FROM " + Scan(root)), "44");
  EXPECT_EQ(Scalar("SELECT name FROM " + Scan(root) + " WHERE id = 1"), "Alice");
}

// ---------------------------------------------------------------------------------------------
// Log-only tables: their add paths are fake. One-row Parquet files are written at those paths,
// each holding a distinct value, so that the rows show exactly which files a version has live.

TEST_F(GoldenRows, CheckpointLogOnlyEveryVersion) {
  COPY(root, "checkpoint");
  for (int i = 1; i <= 15; ++i) {
    WriteParquet(root, std::to_string(i), "SELECT " + std::to_string(i) + "::INTEGER AS intCol");
  }
  EXPECT_EQ(Columns(Scan(root)), "intCol INTEGER");
  // Commit i adds file i+1 and removes file i: version v has exactly file v+1.
  for (int v = 0; v <= 14; ++v) {
    ExpectScan(Scan(root, v), "*", "SELECT " + std::to_string(v + 1),
               "version " + std::to_string(v));
  }
  ExpectScan(Scan(root), "*", "SELECT 15");
}

TEST_F(GoldenRows, CheckpointLogOnlyFailsOnMissingFile) {
  COPY(root, "checkpoint");
  EXPECT_THAT(Error("SELECT * FROM " + Scan(root)), HasSubstr(root + "/15"));
}

TEST_F(GoldenRows, DeleteReAddSameFileInDifferentTransactions) {
  COPY(root, "delete-re-add-same-file-different-transactions");
  WriteParquet(root, "foo", "SELECT 1::INTEGER AS intCol");
  WriteParquet(root, "bar", "SELECT 2::INTEGER AS intCol");
  ExpectScan(Scan(root, 0), "*", "SELECT 1", "version 0");
  ExpectScan(Scan(root, 1), "*", "SELECT 1 WHERE false", "version 1 (foo removed)");
  ExpectScan(Scan(root, 2), "*", "SELECT 1", "version 2 (foo re-added)");
  ExpectScan(Scan(root, 3), "*", "SELECT 1 UNION ALL SELECT 2", "version 3");
  ExpectScan(Scan(root), "*", "SELECT 1 UNION ALL SELECT 2", "latest");
}

TEST_F(GoldenRows, LogReplaySpecialCharactersInPath) {
  COPY(root, "log-replay-special-characters-a");
  // The add path is "special%20p@%23h": the file is "special p@#h".
  WriteParquet(root, "special p@#h", "SELECT 7::INTEGER AS intCol");
  EXPECT_EQ(Columns(Scan(root)), "intCol INTEGER");
  ExpectScan(Scan(root, 0), "*", "SELECT 7", "version 0");
  EXPECT_EQ(Count(Scan(root, 1)), 0);
  EXPECT_EQ(Count(Scan(root)), 0);
  fs::remove(root + "/special p@#h");
  EXPECT_THAT(Error("SELECT * FROM " + Scan(root, 0)), HasSubstr(root + "/special p@#h"));
}

TEST_F(GoldenRows, DeltaLogGetChangesLogOnly) {
  COPY(root, "deltalog-getChanges");
  WriteParquet(root, "fake/path/1", "SELECT 3::INTEGER AS part, 4::INTEGER AS id");
  EXPECT_EQ(Columns(Scan(root)), "part INTEGER, id INTEGER");
  ExpectScan(Scan(root, 0), "*", "SELECT 3, 4", "version 0");
  EXPECT_EQ(Count(Scan(root, 1)), 0);
  EXPECT_EQ(Count(Scan(root)), 0);
}

// ---------------------------------------------------------------------------------------------
// Types, partition values, timestamps

TEST_F(GoldenRows, DataReaderPrimitives) {
  COPY(root, "data-reader-primitives");
  EXPECT_EQ(Columns(Scan(root)),
            "as_int INTEGER, as_long BIGINT, as_byte TINYINT, as_short SMALLINT, as_boolean "
            "BOOLEAN, as_float FLOAT, as_double DOUBLE, as_string VARCHAR, as_binary BLOB, "
            "as_big_decimal DECIMAL(1,0)");
  ExpectScan(Scan(root), "*",
             "SELECT i::INTEGER, i::BIGINT, i::TINYINT, i::SMALLINT, i % 2 = 0, i::FLOAT, "
             "i::DOUBLE, i::VARCHAR, unhex(printf('%02x%02x', i, i)), i::DECIMAL(1,0) "
             "FROM range(10) t(i) UNION ALL SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
             "NULL, NULL, NULL");
}

TEST_F(GoldenRows, DataReaderPartitionValuesOfEveryType) {
  COPY(root, "data-reader-partition-values");
  EXPECT_EQ(Columns(Scan(root)),
            "as_int INTEGER, as_long BIGINT, as_byte TINYINT, as_short SMALLINT, as_boolean "
            "BOOLEAN, as_float FLOAT, as_double DOUBLE, as_string VARCHAR, as_string_lit_null "
            "VARCHAR, as_date DATE, as_timestamp TIMESTAMP WITH TIME ZONE, as_big_decimal "
            "DECIMAL(1,0), as_list_of_records STRUCT(val INTEGER)[], as_nested_struct "
            "STRUCT(aa VARCHAR, ab VARCHAR, ac STRUCT(aca INTEGER, acb BIGINT)), value VARCHAR");
  // Timestamp partition values carry no zone; like Delta Kernel, Ingot reads them as UTC.
  ExpectScan(
      Scan(root), "*",
      "SELECT i::INTEGER, i::BIGINT, i::TINYINT, i::SMALLINT, i % 2 = 0, i::FLOAT, i::DOUBLE, "
      "i::VARCHAR, 'null', DATE '2021-09-08', TIMESTAMPTZ '2021-09-08 11:11:11+00', "
      "i::DECIMAL(1,0), [{'val': i::INTEGER}, {'val': i::INTEGER}, {'val': i::INTEGER}], "
      "{'aa': i::VARCHAR, 'ab': i::VARCHAR, 'ac': {'aca': i::INTEGER, 'acb': i::BIGINT}}, "
      "i::VARCHAR FROM range(2) t(i) UNION ALL SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
      "NULL, NULL, NULL, NULL, NULL, [{'val': 2}, {'val': 2}, {'val': 2}], "
      "{'aa': '2', 'ab': '2', 'ac': {'aca': 2, 'acb': 2::BIGINT}}, '2'");
  // Partition filters select on the typed constants.
  EXPECT_EQ(Count(Scan(root) + " WHERE as_int = 1 AND as_boolean = false AND as_float = 1.0"), 1);
  EXPECT_EQ(Count(Scan(root) + " WHERE as_string_lit_null = 'null'"), 2);
  EXPECT_EQ(Count(Scan(root) + " WHERE as_string_lit_null IS NULL"), 1);
  EXPECT_EQ(Count(Scan(root) + " WHERE as_big_decimal = 1"), 1);
}

TEST_F(GoldenRows, BasicDecimalTable) {
  COPY(root, "basic-decimal-table");
  EXPECT_EQ(Columns(Scan(root)),
            "part DECIMAL(12,5), col1 DECIMAL(5,2), col2 DECIMAL(10,5), col3 DECIMAL(20,10)");
  ExpectScan(Scan(root), "part::VARCHAR, col1::VARCHAR, col2::VARCHAR, col3::VARCHAR",
             "VALUES ('234.00000', '1.00', '2.00000', '3.0000000000'), "
             "('2342222.23454', '111.11', '22222.22222', '3333333333.3333333333'), "
             "('0.00004', '0.00', '0.00000', '0.0000000000'), "
             "('-2342342.23423', '-999.99', '-99999.99999', '-9999999999.9999999999')");
}

TEST_F(GoldenRows, ParquetAllTypes) {
  COPY(root, "parquet-all-types");
  EXPECT_EQ(Columns(Scan(root)),
            "ByteType TINYINT, ShortType SMALLINT, IntegerType INTEGER, LongType BIGINT, "
            "FloatType FLOAT, DoubleType DOUBLE, decimal DECIMAL(10,2), BooleanType BOOLEAN, "
            "StringType VARCHAR, BinaryType BLOB, DateType DATE, TimestampType TIMESTAMP WITH "
            "TIME ZONE, TimestampNTZType TIMESTAMP, nested_struct STRUCT(aa VARCHAR, ac "
            "STRUCT(aca INTEGER)), array_of_prims INTEGER[], array_of_arrays INTEGER[][], "
            "array_of_structs STRUCT(ab BIGINT)[], map_of_prims MAP(INTEGER, BIGINT), "
            "map_of_rows MAP(INTEGER, STRUCT(ab BIGINT)), map_of_arrays MAP(BIGINT, INTEGER[])");
  EXPECT_EQ(Count(Scan(root)), 200);
  // GoldenTables.generateAllTypesTable, row i of 0..199 (written in UTC). The INT96 timestamp
  // column is compared in microseconds since the epoch.
  ExpectScan(
      Scan(root),
      "ByteType, ShortType, IntegerType, LongType, FloatType, DoubleType, decimal, BooleanType, "
      "StringType, BinaryType, DateType, epoch_us(TimestampType), nested_struct",
      "SELECT CASE WHEN i % 72 <> 0 THEN ((i + 128) % 256 - 128)::TINYINT END, "
      "CASE WHEN i % 56 <> 0 THEN i::SMALLINT END, CASE WHEN i % 23 <> 0 THEN i::INTEGER END, "
      "CASE WHEN i % 25 <> 0 THEN i + 1 END, "
      "CASE WHEN i % 28 <> 0 THEN (i * 0.234::DOUBLE)::FLOAT END, "
      "CASE WHEN i % 54 <> 0 THEN i * 234234.23::DOUBLE END, "
      "CASE WHEN i % 67 <> 0 THEN (i * 123.52)::DECIMAL(10,2) END, "
      "CASE WHEN i % 87 <> 0 THEN i % 2 = 0 END, CASE WHEN i % 57 <> 0 THEN i::VARCHAR END, "
      "CASE WHEN i % 59 <> 0 THEN i::VARCHAR::BLOB END, "
      "CASE WHEN i % 61 <> 0 THEN DATE '1970-01-01' + (i * 20000000 // 86400000)::INTEGER END, "
      "CASE WHEN i % 62 <> 0 THEN i * 23423523 * 1000 END, "
      "CASE WHEN i % 63 <> 0 THEN CASE WHEN i % 19 = 0 THEN "
      "{'aa': NULL::VARCHAR, 'ac': NULL::STRUCT(aca INTEGER)} ELSE {'aa': i::VARCHAR, 'ac': "
      "CASE WHEN i % 23 <> 0 THEN {'aca': i::INTEGER} END} END END "
      "FROM range(200) t(i)");
  // The log's stats (written by Spark) say every nested array and map column is null in all 200
  // rows, and give the timestamp_ntz column's bounds (milliseconds) and null count.
  EXPECT_EQ(Scalar("SELECT count(array_of_prims) + count(array_of_arrays) + "
                   "count(array_of_structs) + count(map_of_prims) + count(map_of_rows) + "
                   "count(map_of_arrays) FROM " +
                   Scan(root)),
            "0");
  EXPECT_EQ(Scalar("SELECT count(*) - count(TimestampNTZType) || ' ' || "
                   "strftime(min(TimestampNTZType), '%Y-%m-%dT%H:%M:%S') || ' ' || "
                   "strftime(max(TimestampNTZType), '%Y-%m-%dT%H:%M:%S') FROM " +
                   Scan(root)),
            "3 1970-01-03T17:03:54 1971-06-24T11:56:06");
}

TEST_F(GoldenRows, KernelTimestampMicros) {
  COPY(root, "kernel-timestamp-TIMESTAMP_MICROS");
  EXPECT_EQ(Columns(Scan(root)),
            "id INTEGER, part TIMESTAMP WITH TIME ZONE, time TIMESTAMP WITH TIME ZONE");
  ExpectScan(Scan(root), "id, epoch_us(part), epoch_us(\"time\")",
             "VALUES (0, 1577866150001000, 1580544550000000), "
             "(1, 1633075760000000, 915181200000000), (2, 1633075760000000, 946717200000000), "
             "(3, -31536000000000, -31536000000000), (4, NULL, NULL)");
}

TEST_F(GoldenRows, KernelTimestampPartitionIso8601) {
  COPY(root, "kernel-timestamp-partition-col-ISO8601");
  EXPECT_EQ(Columns(Scan(root)), "str VARCHAR, ts TIMESTAMP WITH TIME ZONE");
  ExpectScan(Scan(root), "str, epoch_us(ts)",
             "VALUES ('2024-01-01 10:00:00', 1704103200000000), "
             "('2024-01-02 12:30:00', 1704198600000000)");
  ExpectScan(Scan(root) + " WHERE ts = make_timestamptz(1704103200000000)", "str",
             "SELECT '2024-01-01 10:00:00'");
}

TEST_F(GoldenRows, DataReaderTimestampNtz) {
  COPY(root, "data-reader-timestamp_ntz");
  EXPECT_EQ(Columns(Scan(root)), "id INTEGER, tsNtz TIMESTAMP, tsNtzPartition TIMESTAMP");
  EXPECT_EQ(Columns(Scan(root, 0)), "id INTEGER, tsNtz TIMESTAMP, tsNtzPartition TIMESTAMP");
  EXPECT_EQ(Count(Scan(root, 0)), 0);
  ExpectScan(Scan(root), "id, epoch_us(tsNtz), epoch_us(tsNtzPartition)",
             "VALUES (0, 1637202600123456, 1637202600123456), "
             "(1, 1373043660123456, 1637202600123456), (2, NULL, 1637202600123456), "
             "(3, 1637202600123456, 1373043660123456), "
             "(4, 1373043660123456, 1373043660123456), (5, NULL, 1373043660123456), "
             "(6, 1637202600123456, NULL), (7, 1373043660123456, NULL), (8, NULL, NULL)");
  EXPECT_EQ(Count(Scan(root) + " WHERE tsNtzPartition = TIMESTAMP '2013-07-05 17:01:00.123456'"),
            3);
}

TEST_F(GoldenRows, DataSkippingBasicStatsAllTypes) {
  for (const char* table :
       {"data-skipping-basic-stats-all-types", "data-skipping-basic-stats-all-types-checkpoint"}) {
    COPY(root, table);
    EXPECT_EQ(Columns(Scan(root)),
              "as_int INTEGER, as_long BIGINT, as_byte TINYINT, as_short SMALLINT, as_float "
              "FLOAT, as_double DOUBLE, as_string VARCHAR, as_date DATE, as_timestamp TIMESTAMP "
              "WITH TIME ZONE, as_big_decimal DECIMAL(1,0)")
        << table;
    // 2000-01-01 00:00:00 in America/Los_Angeles.
    ExpectScan(Scan(root), "*",
               "SELECT 0::INTEGER, 0::BIGINT, 0::TINYINT, 0::SMALLINT, 0::FLOAT, 0::DOUBLE, '0', "
               "DATE '2000-01-01', TIMESTAMPTZ '2000-01-01 08:00:00+00', 0::DECIMAL(1,0)",
               table);
    for (const char* filter :
         {"as_int > 0", "as_long < 0", "as_byte > 0", "as_short > 0", "as_float > 0",
          "as_double < 0", "as_string > '0'", "as_date > DATE '2000-01-01'",
          "as_timestamp > TIMESTAMPTZ '2000-01-01 08:00:00+00'", "as_big_decimal > 0"}) {
      EXPECT_EQ(Count(Scan(root) + " WHERE " + filter), 0) << table << ": " << filter;
    }
    EXPECT_EQ(Count(Scan(root) + " WHERE as_int = 0 AND as_string = '0'"), 1) << table;
  }
}

// ---------------------------------------------------------------------------------------------
// Change data feed and in-commit timestamps (a snapshot read ignores the cdc files)

TEST_F(GoldenRows, CdfTableEveryVersion) {
  COPY(root, "cdf-table");
  EXPECT_EQ(Columns(Scan(root)), "id INTEGER, name VARCHAR, birthday DATE");
  const std::string v0 =
      "VALUES (1, 'Steve', DATE '2023-12-22'), (2, 'Bob', DATE '2023-12-23'), "
      "(3, 'Dave', DATE '2023-12-23'), (4, 'Kate', DATE '2023-12-23'), "
      "(5, 'Emily', DATE '2023-12-24'), (6, 'Carl', DATE '2023-12-24'), "
      "(7, 'Dennis', DATE '2023-12-24'), (8, 'Claire', DATE '2023-12-25'), "
      "(9, 'Ada', DATE '2023-12-25'), (10, 'Borb', DATE '2023-12-25')";
  // v1: UPDATE id IN (2,3,4) (birthday 2023-12-22), v2: UPDATE id IN (5,6,7) (2023-12-29),
  // v3: DELETE name = 'Dennis'.
  const std::string v1 =
      "SELECT id, name, CASE WHEN id IN (2, 3, 4) THEN DATE '2023-12-22' "
      "ELSE birthday END FROM (" +
      v0 + ") t(id, name, birthday)";
  const std::string v2 =
      "SELECT id, name, CASE WHEN id IN (5, 6, 7) THEN DATE '2023-12-29' "
      "ELSE birthday END FROM (" +
      v1 + ") t(id, name, birthday)";
  const std::string v3 = "SELECT * FROM (" + v2 + ") t(id, name, birthday) WHERE name <> 'Dennis'";
  ExpectScan(Scan(root, 0), "*", v0, "version 0");
  ExpectScan(Scan(root, 1), "*", v1, "version 1");
  ExpectScan(Scan(root, 2), "*", v2, "version 2");
  ExpectScan(Scan(root, 3), "*", v3, "version 3");
  EXPECT_EQ(Count(Scan(root)), 9);
}

TEST_F(GoldenRows, CdcInCommitTimestampTable) {
  COPY(root, "cdc_ict_table");
  EXPECT_EQ(Columns(Scan(root)), "name VARCHAR, birthyear INTEGER, age INTEGER");
  const std::string v1 =
      "VALUES ('Dan', 1995, 14), ('Dave', 1995, 22), ('Kate', 1995, 36), ('Steve', 1986, 40)";
  const std::string v2 = "VALUES ('Kate', 1995, 36), ('Steve', 1986, 40)";
  const std::string v3 = "VALUES ('Kate', 1995, 37), ('Steve', 1986, 41)";
  EXPECT_EQ(Count(Scan(root, 0)), 0);
  ExpectScan(Scan(root, 1), "*", v1, "version 1");
  ExpectScan(Scan(root, 2), "*", v2, "version 2");
  ExpectScan(Scan(root, 3), "*", v3, "version 3");
  // Time travel uses the in-commit timestamps (not the file mtimes): v2 at 1783874212175,
  // v3 at 1783874213881.
  ExpectScan(Scan(root, std::nullopt, "2026-07-12T16:36:52.175Z"), "*", v2, "ICT of v2");
  ExpectScan(Scan(root, std::nullopt, "2026-07-12T16:36:53.880Z"), "*", v2, "ICT of v3 - 1ms");
  ExpectScan(Scan(root, std::nullopt, "2026-07-12T16:36:53.881Z"), "*", v3, "ICT of v3");
  EXPECT_THAT(Error("SELECT * FROM " + Scan(root, std::nullopt, "2026-07-12T16:36:53.882Z")),
              HasSubstr("after the latest version 3"));
}

// The change data feed (delta_changes): cdc files where a commit has them, add/remove otherwise.
TEST_F(GoldenRows, CdfTableChanges) {
  COPY(root, "cdf-table");
  const std::string changes = "delta_changes(" + Lit(root) + ", 0)";
  EXPECT_EQ(Columns(changes),
            "id INTEGER, name VARCHAR, birthday DATE, _change_type VARCHAR, _commit_version "
            "BIGINT, _commit_timestamp TIMESTAMP WITH TIME ZONE");
  ExpectRows("SELECT _commit_version, _change_type, count(*) FROM " + changes + " GROUP BY ALL",
             "VALUES (0, 'insert', 10), (1, 'update_preimage', 3), (1, 'update_postimage', 3), "
             "(2, 'update_preimage', 3), (2, 'update_postimage', 3), (3, 'delete', 1)");
  ExpectScan(changes + " WHERE _commit_version > 0",
             "id, name, birthday, _change_type, _commit_version",
             "VALUES (2, 'Bob', DATE '2023-12-23', 'update_preimage', 1), "
             "(3, 'Dave', DATE '2023-12-23', 'update_preimage', 1), "
             "(4, 'Kate', DATE '2023-12-23', 'update_preimage', 1), "
             "(2, 'Bob', DATE '2023-12-22', 'update_postimage', 1), "
             "(3, 'Dave', DATE '2023-12-22', 'update_postimage', 1), "
             "(4, 'Kate', DATE '2023-12-22', 'update_postimage', 1), "
             "(5, 'Emily', DATE '2023-12-24', 'update_preimage', 2), "
             "(6, 'Carl', DATE '2023-12-24', 'update_preimage', 2), "
             "(7, 'Dennis', DATE '2023-12-24', 'update_preimage', 2), "
             "(5, 'Emily', DATE '2023-12-29', 'update_postimage', 2), "
             "(6, 'Carl', DATE '2023-12-29', 'update_postimage', 2), "
             "(7, 'Dennis', DATE '2023-12-29', 'update_postimage', 2), "
             "(7, 'Dennis', DATE '2023-12-29', 'delete', 3)");
  // _commit_timestamp is commitInfo.timestamp (delta-rs: v0 at 2023-12-22T17:10:18.828).
  EXPECT_EQ(Scalar("SELECT DISTINCT epoch_ms(_commit_timestamp) FROM " + changes +
                   " WHERE _commit_version = 0"),
            "1703265018828");
  // A range, and errors.
  EXPECT_EQ(Count("delta_changes(" + Lit(root) + ", 1, to_version => 2)"), 12);
  EXPECT_EQ(Count("delta_changes(" + Lit(root) + ", 3)"), 1);
  EXPECT_THAT(Error("SELECT * FROM delta_changes(" + Lit(root) + ", 3, to_version => 1)"),
              HasSubstr("the first version is after the last"));
  EXPECT_THAT(Error("SELECT * FROM delta_changes(" + Lit(root) + ", 0, to_version => 9)"),
              HasSubstr("latest version is 3"));
}

TEST_F(GoldenRows, CdcInCommitTimestampChanges) {
  COPY(root, "cdc_ict_table");
  // delta-rs test_respect_ict: the deletes at v2 and the updates at v3, stamped with the
  // in-commit timestamps.
  ExpectScan("delta_changes(" + Lit(root) + ", 2)",
             "name, birthyear, age, _change_type, _commit_version, "
             "strftime(_commit_timestamp, '%Y-%m-%dT%H:%M:%S.%g')",
             "VALUES ('Dan', 1995, 14, 'delete', 2, '2026-07-12T16:36:52.175'), "
             "('Dave', 1995, 22, 'delete', 2, '2026-07-12T16:36:52.175'), "
             "('Kate', 1995, 36, 'update_preimage', 3, '2026-07-12T16:36:53.881'), "
             "('Kate', 1995, 37, 'update_postimage', 3, '2026-07-12T16:36:53.881'), "
             "('Steve', 1986, 40, 'update_preimage', 3, '2026-07-12T16:36:53.881'), "
             "('Steve', 1986, 41, 'update_postimage', 3, '2026-07-12T16:36:53.881')");
  EXPECT_EQ(Count("delta_changes(" + Lit(root) + ", 0) WHERE _change_type = 'insert'"), 4);
}

// Without cdc files, a DELETE through a deletion vector reads as the old file's live rows deleted
// and the new file's live rows inserted; an append as inserts.
TEST_F(GoldenRows, ChangesFromAddAndRemoveActions) {
  COPY(root, "basic-with-inserts-deletes-checkpoint");
  ExpectScan("delta_changes(" + Lit(root) + ", 0, to_version => 4)", "id, _change_type",
             "SELECT range, 'insert' FROM range(50)");
}

TEST_F(GoldenRows, CommitInfoWithArbitraryOperationParameters) {
  COPY(root, "commit-info-containing-arbitrary-operationParams-types");
  EXPECT_EQ(Columns(Scan(root)), "id INTEGER, month INTEGER");
  ExpectScan(Scan(root, 0), "*", "VALUES (1, 1)", "version 0");
  ExpectScan(Scan(root), "*", "VALUES (1, 1), (2, 2)", "latest");
  ExpectScan(Scan(root, 1), "*", "VALUES (1, 1), (2, 2)", "version 1");
}

// ---------------------------------------------------------------------------------------------
// Errors and refused features

TEST_F(GoldenRows, VersionsNotContiguous) {
  COPY(root, "versions-not-contiguous");
  std::string error = Error("SELECT * FROM " + Scan(root));
  EXPECT_THAT(error, HasSubstr("versions are not contiguous"));
  EXPECT_THAT(error, HasSubstr("commit 1 is missing"));
  EXPECT_THAT(Error("SELECT * FROM " + Scan(root, 2)), HasSubstr("versions are not contiguous"));
}

// Version 0 of versions-not-contiguous replays (its metaData has no schemaString), and its data
// file 'foo' does not exist: a read must fail with an error about the table, not a DuckDB parser
// error on generated SQL.
TEST_F(GoldenRows, VersionsNotContiguousVersion0FailsClearly) {
  COPY(root, "versions-not-contiguous");
  std::string error = Error("SELECT * FROM " + Scan(root, 0));
  EXPECT_THAT(error, Not(HasSubstr("Parser Error")));
  EXPECT_THAT(error, AnyOf(HasSubstr("schema"), HasSubstr(root + "/foo")));
}

TEST_F(GoldenRows, InvalidProtocolVersion) {
  COPY(root, "deltalog-invalid-protocol-version");
  EXPECT_THAT(Error("SELECT * FROM " + Scan(root)), HasSubstr("requires Delta reader version 99"));
}

TEST_F(GoldenRows, MissingProtocolOrMetadata) {
  COPY(root, "deltalog-state-reconstruction-without-protocol");
  EXPECT_THAT(Error("SELECT * FROM " + Scan(root)), HasSubstr("No protocol found"));
  COPY(missing, "deltalog-state-reconstruction-from-checkpoint-missing-metadata");
  EXPECT_THAT(Error("SELECT * FROM " + Scan(missing)), HasSubstr("No metadata found"));
}

TEST_F(GoldenRows, NoDeltaLogFolder) {
  COPY(root, "no-delta-log-folder");
  EXPECT_THAT(Error("SELECT * FROM " + Scan(root)), HasSubstr("no Delta table at '" + root + "'"));
}

}  // namespace
}  // namespace ingot::golden
