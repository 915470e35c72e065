#include "delta/scan/data_skipping.h"

#include <random>

#include <gtest/gtest.h>

#include "delta/ops/create_table.h"
#include "delta/ops/delta_test_fixture.h"
#include "delta/ops/write_table.h"
#include "delta/scan/delta_functions.h"
#include "delta/scan/filter_pushdown.h"
#include "delta/scan/scan_report.h"
#include "duck/connection.h"

namespace ingot::delta {
namespace {

// Files with hand-written stats: SkipFiles never opens them.
class SkipFilesTest : public testing::DeltaTableTest {
 protected:
  static Add File(const std::string& path, std::string stats, PartitionValues partition = {}) {
    Add add{.path = path, .partition_values = std::move(partition), .size = 100};
    if (!stats.empty()) add.stats = std::move(stats);
    return add;
  }

  // Indexes of the files SkipFiles keeps for `predicate`.
  std::vector<size_t> Kept(const ScanInput& input, const std::string& predicate) {
    Result<SkippingResult> result = SkipFiles(con_.get(), input, predicate);
    EXPECT_TRUE(result.ok()) << predicate << ": " << result.status();
    std::vector<size_t> kept;
    if (!result.ok()) return kept;
    for (size_t i = 0; i < result->may_match.size(); ++i) {
      if (result->may_match[i]) kept.push_back(i);
    }
    EXPECT_EQ(result->files_kept, static_cast<int64_t>(kept.size()));
    return kept;
  }
};

using Indexes = std::vector<size_t>;

TEST_F(SkipFilesTest, ComparisonsOnMinMaxAndNullCounts) {
  ScanInput input{.table_root = "/t",
                  .schema = DataType::Struct({{"id", DataType(TypeKind::kLong)},
                                              {"s", DataType(TypeKind::kString)},
                                              {"d", DataType(TypeKind::kDate)},
                                              {"n", DataType(TypeKind::kInteger)}})};
  input.files = {
      File("a", R"({"numRecords":10,"minValues":{"id":1,"s":"apple","d":"2024-01-01"},)"
                R"("maxValues":{"id":10,"s":"cherry","d":"2024-01-31"},)"
                R"("nullCount":{"id":0,"s":2,"d":0,"n":10}})"),
      File("b", R"({"numRecords":10,"minValues":{"id":11,"s":"date","d":"2024-02-01","n":5},)"
                R"("maxValues":{"id":20,"s":"fig","d":"2024-02-29","n":7},)"
                R"("nullCount":{"id":0,"s":0,"d":0,"n":0}})"),
      File("c", ""),  // no stats: always read
  };
  EXPECT_EQ(Kept(input, "id = 5"), (Indexes{0, 2}));
  EXPECT_EQ(Kept(input, "5 = id"), (Indexes{0, 2}));
  EXPECT_EQ(Kept(input, "id > 10"), (Indexes{1, 2}));
  EXPECT_EQ(Kept(input, "id >= 10"), (Indexes{0, 1, 2}));
  EXPECT_EQ(Kept(input, "id < 11"), (Indexes{0, 2}));
  EXPECT_EQ(Kept(input, "10 < id"), (Indexes{1, 2}));
  EXPECT_EQ(Kept(input, "id BETWEEN 12 AND 15"), (Indexes{1, 2}));
  EXPECT_EQ(Kept(input, "id NOT BETWEEN 1 AND 10"), (Indexes{1, 2}));
  EXPECT_EQ(Kept(input, "id IN (3, 30)"), (Indexes{0, 2}));
  EXPECT_EQ(Kept(input, "id IN (30, 40)"), (Indexes{2}));
  EXPECT_EQ(Kept(input, "NOT id > 10"), (Indexes{0, 2}));
  EXPECT_EQ(Kept(input, "id = 5 OR s = 'elder'"), (Indexes{0, 1, 2}));
  EXPECT_EQ(Kept(input, "id = 5 AND s = 'elder'"), (Indexes{2}));
  EXPECT_EQ(Kept(input, "s < 'banana'"), (Indexes{0, 2}));
  EXPECT_EQ(Kept(input, "d = '2024-02-10'"), (Indexes{1, 2}));
  EXPECT_EQ(Kept(input, "d >= DATE '2024-01-01' + INTERVAL 40 DAY"), (Indexes{1, 2}));
  // Null counts: file a has nulls in s, file b none; n is all-null in file a.
  EXPECT_EQ(Kept(input, "s IS NULL"), (Indexes{0, 2}));
  EXPECT_EQ(Kept(input, "n IS NOT NULL"), (Indexes{1, 2}));
  EXPECT_EQ(Kept(input, "n = 6"), (Indexes{1, 2}));
  EXPECT_EQ(Kept(input, "n IS NULL"), (Indexes{0, 2}));
  // Leaves that cannot skip keep every file; so does a constant-free comparison.
  EXPECT_EQ(Kept(input, "id + 1 = 5"), (Indexes{0, 1, 2}));
  EXPECT_EQ(Kept(input, "s LIKE 'z%'"), (Indexes{0, 1, 2}));
  EXPECT_EQ(Kept(input, "id = n"), (Indexes{0, 1, 2}));
  EXPECT_EQ(Kept(input, "id NOT IN (1, 2)"), (Indexes{0, 1, 2}));
  EXPECT_EQ(Kept(input, "id > random() * 100"), (Indexes{0, 1, 2}));
  // Case-insensitive column names, as in DuckDB.
  EXPECT_EQ(Kept(input, "ID = 15"), (Indexes{1, 2}));
}

TEST_F(SkipFilesTest, BoundsThatAreNotExactStayConservative) {
  ScanInput input{.table_root = "/t",
                  .schema = DataType::Struct({{"ts", DataType(TypeKind::kTimestamp)},
                                              {"f", DataType(TypeKind::kDouble)}})};
  // Spark writes timestamp statistics truncated to milliseconds and leaves NaN out of them.
  input.files = {File("a", R"({"numRecords":2,"minValues":{"ts":"2024-01-01T00:00:00.000Z",)"
                           R"("f":1.0},"maxValues":{"ts":"2024-01-01T00:00:00.123Z","f":5.0},)"
                           R"("nullCount":{"ts":0,"f":0}})")};
  EXPECT_EQ(Kept(input, "ts >= TIMESTAMPTZ '2024-01-01 00:00:00.123456+00'"), (Indexes{0}));
  EXPECT_EQ(Kept(input, "ts > TIMESTAMPTZ '2024-01-01 00:00:01+00'"), (Indexes{}));
  EXPECT_EQ(Kept(input, "f > 10"), (Indexes{0}));  // a NaN row would match
  EXPECT_EQ(Kept(input, "f < 0.5"), (Indexes{}));
  // A predicate the statistics cannot be compared with keeps every file; the query reports it.
  EXPECT_EQ(Kept(input, "f > 'not a number'"), (Indexes{0}));
  EXPECT_FALSE(SkipFiles(con_.get(), input, "f >").ok());
}

TEST_F(SkipFilesTest, PartitionValuesAndColumnMapping) {
  const std::string mapped =
      R"({"delta.columnMapping.id":1,"delta.columnMapping.physicalName":"col-7f"})";
  ScanInput input{.table_root = "/t",
                  .schema = DataType::Struct({{"Region", DataType(TypeKind::kString), true, mapped},
                                              {"v", DataType(TypeKind::kInteger), true,
                                               R"({"delta.columnMapping.id":2,)"
                                               R"("delta.columnMapping.physicalName":"col-8a"})"}}),
                  .partition_columns = {"Region"},
                  .column_mapping = ColumnMappingMode::kName};
  input.files = {
      File("a", R"({"numRecords":3,"minValues":{"col-8a":1},"maxValues":{"col-8a":3}})",
           {{"col-7f", "eu"}}),
      File("b", R"({"numRecords":3,"minValues":{"col-8a":4},"maxValues":{"col-8a":6}})",
           {{"col-7f", std::nullopt}}),
      File("c", R"({"numRecords":3,"minValues":{"col-8a":7},"maxValues":{"col-8a":9}})",
           {{"col-7f", "us"}}),
  };
  EXPECT_EQ(Kept(input, "region = 'eu'"), (Indexes{0}));
  EXPECT_EQ(Kept(input, "region <> 'eu'"), (Indexes{2}));
  EXPECT_EQ(Kept(input, "region IS NULL"), (Indexes{1}));
  EXPECT_EQ(Kept(input, "region IS NOT NULL AND v > 5"), (Indexes{2}));
  EXPECT_EQ(Kept(input, "v BETWEEN 4 AND 6 OR region = 'us'"), (Indexes{1, 2}));
}

// Real tables: every filter returns exactly the rows WHERE returns, and skips files.
class DeltaScanFilterTest : public testing::DeltaTableTest {
 protected:
  void SetUp() override {
    DeltaTableTest::SetUp();
    reports_ = std::make_shared<ScanReportLog>();
    ASSERT_TRUE(RegisterDeltaFunctions(db_.get(), con_.get(), reports_).ok());
    // Ten appends of 200 rows, partitioned by p (with a null partition): 40 files whose id, d,
    // ts and amount ranges do not overlap between appends; s and f have nulls, f has NaN.
    for (int batch = 0; batch < 10; ++batch) {
      std::string sql =
          "SELECT i AS id, CASE WHEN i % 13 = 0 THEN NULL ELSE 'k' || lpad((i % 97)::VARCHAR, 2, "
          "'0') END AS s, DATE '2024-01-01' + (i // 50)::INT AS d, TIMESTAMPTZ '2024-01-01 "
          "00:00:00+00' + to_microseconds(i * 1000003) AS ts, (i * 0.25)::DECIMAL(12, 2) AS "
          "amount, CASE WHEN i % 17 = 0 THEN NULL WHEN i % 101 = 0 THEN 'NaN'::DOUBLE ELSE i / "
          "3.0 END AS f, CASE i % 4 WHEN 0 THEN 'a' WHEN 1 THEN 'b' WHEN 2 THEN 'c' END AS p "
          "FROM range(" +
          std::to_string(batch * 200) + ", " + std::to_string(batch * 200 + 200) + ") t(i)";
      Status status =
          batch == 0
              ? CreateTable(con_.get(),
                            {.table_root = root_, .source_sql = sql, .partition_columns = {"p"}})
                    .status()
              : WriteTable(con_.get(), {.table_root = root_, .source_sql = sql}).status();
      ASSERT_TRUE(status.ok()) << status;
    }
    table_ = "'" + root_ + "'";
  }

  // count and an order-independent checksum of the rows.
  std::string Digest(const std::string& from_where) {
    return Scalar(
        "SELECT count(*) || ':' || coalesce(sum(hash(id, s, d, ts, amount, f, p)), 0) "
        "FROM " +
        from_where);
  }

  std::shared_ptr<ScanReportLog> reports_;
  std::string table_;
};

TEST_F(DeltaScanFilterTest, FilterSkipsFilesAndReturnsTheSameRowsAsWhere) {
  reports_->Take();
  std::string filtered = Digest("delta_scan(" + table_ + ", filter => 'id BETWEEN 450 AND 460')");
  EXPECT_EQ(filtered, Digest("delta_scan(" + table_ + ") WHERE id BETWEEN 450 AND 460"));
  std::vector<ScanReport> reports = reports_->Take();
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_EQ(reports[0].filter, "id BETWEEN 450 AND 460");
  EXPECT_EQ(reports[0].files_total, 40);
  EXPECT_EQ(reports[0].files_scanned, 4);  // one append, its four partitions
  EXPECT_LT(reports[0].bytes_scanned, reports[0].bytes_total);
  EXPECT_EQ(reports[1].files_scanned, 40);

  EXPECT_EQ(Scalar("SELECT count(*) FROM delta_scan(" + table_ +
                   ", filter => 'p IS NULL AND d = ''2024-01-05''')"),
            "12");
  EXPECT_EQ(reports_->Take().at(0).files_scanned, 1);

  auto bad = con_->QueryScalar("SELECT * FROM delta_scan(" + table_ + ", filter => 'id >')");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("id >"), std::string::npos) << bad.status();
  EXPECT_NE(bad.status().message().find(root_), std::string::npos) << bad.status();
}

// Random predicates over every column kind: the filtered scan equals the WHERE, always.
TEST_F(DeltaScanFilterTest, RandomPredicatesMatchWhere) {
  std::mt19937 rng(20261122);
  auto pick = [&](std::vector<std::string> options) {
    return options[std::uniform_int_distribution<size_t>(0, options.size() - 1)(rng)];
  };
  auto number = [&](int low, int high) {
    return std::to_string(std::uniform_int_distribution<int>(low, high)(rng));
  };
  auto leaf = [&]() -> std::string {
    std::string op = pick({"=", "<>", "<", "<=", ">", ">="});
    switch (std::uniform_int_distribution<int>(0, 9)(rng)) {
      case 0:
        return "id " + op + " " + number(-10, 2100);
      case 1:
        return "s " + op + " 'k" + number(0, 99) + "'";
      case 2:
        return "d " + op + " DATE '2024-01-01' + " + number(-2, 45);
      case 3:
        return "ts " + op + " TIMESTAMPTZ '2024-01-01 00:00:00+00' + INTERVAL " + number(0, 2100) +
               " SECOND";
      case 4:
        return "amount " + op + " " + number(0, 520) + ".5";
      case 5:
        return "f " + op + " " + number(-5, 700);
      case 6:
        return "p " + op + " '" + pick({"a", "b", "c", "d"}) + "'";
      case 7:
        return pick({"id", "s", "f", "p"}) + pick({" IS NULL", " IS NOT NULL"});
      case 8:
        return "id BETWEEN " + number(0, 2000) + " AND " + number(0, 2000);
      default:
        return "id IN (" + number(0, 2000) + ", " + number(0, 2000) + ")";
    }
  };
  int64_t scanned = 0, total = 0;
  for (int i = 0; i < 120; ++i) {
    std::string predicate = leaf();
    int shape = std::uniform_int_distribution<int>(0, 3)(rng);
    if (shape == 1) predicate = "(" + predicate + ") AND (" + leaf() + ")";
    if (shape == 2) predicate = "(" + predicate + ") OR (" + leaf() + ")";
    if (shape == 3) predicate = "NOT ((" + predicate + ") AND (" + leaf() + "))";
    reports_->Take();
    std::string filtered =
        Digest("delta_scan(" + table_ + ", filter => " + duck::QuoteLiteral(predicate) + ")");
    std::vector<ScanReport> reports = reports_->Take();
    ASSERT_EQ(filtered, Digest("delta_scan(" + table_ + ") WHERE " + predicate)) << predicate;
    ASSERT_EQ(reports.size(), 1u);
    scanned += reports[0].files_scanned;
    total += reports[0].files_total;
  }
  // Skipping happened (a filter that never skips would pass the comparisons above too).
  EXPECT_LT(scanned * 4, total * 3);
}

TEST_F(DeltaScanFilterTest, PushdownMovesWhereConjunctsIntoTheScan) {
  auto run = [&](const std::string& sql, int expected_pushed) {
    PushdownResult pushed = PushFiltersIntoDeltaScans(con_.get(), sql);
    EXPECT_EQ(pushed.scans_filtered, expected_pushed) << sql << "\n -> " << pushed.sql;
    reports_->Take();
    std::vector<std::string> rewritten = Rows(pushed.sql);
    std::vector<ScanReport> reports = reports_->Take();
    EXPECT_EQ(rewritten, Rows(sql)) << pushed.sql;
    return reports;
  };
  auto reports = run("SELECT count(*) FROM delta_scan(" + table_ + ") WHERE id < 100", 1);
  ASSERT_FALSE(reports.empty());
  EXPECT_EQ(reports[0].files_scanned, 4);
  // Qualified columns, an existing filter, an untouched non-pushable conjunct.
  reports = run("SELECT x.p, count(*) FROM delta_scan(" + table_ +
                    ", filter => 'p = ''a''') AS x WHERE x.id >= 1800 AND length(x.s) > "
                    "(SELECT 1) GROUP BY ALL ORDER BY 1",
                1);
  ASSERT_FALSE(reports.empty());
  EXPECT_EQ(reports[0].files_scanned, 1);
  // Inner join: each side gets its own conjuncts.
  reports = run("SELECT count(*) FROM delta_scan(" + table_ + ") a JOIN delta_scan(" + table_ +
                    ") b ON a.id = b.id + 1 WHERE a.id < 150 AND b.p = 'b'",
                2);
  // A correlated reference to an outer table is not pushed (the filter could not bind it).
  run("SELECT count(*) FROM range(3) r(k) WHERE EXISTS (SELECT 1 FROM delta_scan(" + table_ +
          ") WHERE id = k)",
      0);
  // Left joins, non-SELECT statements and parse errors come back unchanged.
  run("SELECT count(*) FROM delta_scan(" + table_ + ") a LEFT JOIN delta_scan(" + table_ +
          ") b ON a.id = b.id WHERE b.id IS NULL",
      0);
  EXPECT_EQ(PushFiltersIntoDeltaScans(con_.get(), "CREATE TABLE z AS SELECT 1").sql,
            "CREATE TABLE z AS SELECT 1");
  EXPECT_EQ(PushFiltersIntoDeltaScans(con_.get(), "SELEC nonsense").sql, "SELEC nonsense");
  // A resolver turns schema-qualified names into scans (the warehouse's layer.table).
  ASSERT_TRUE(con_->Execute("CREATE SCHEMA gold; CREATE VIEW gold.t AS SELECT * FROM delta_scan(" +
                            table_ + ")")
                  .ok());
  DeltaTableResolver resolve = [&](const std::string& schema,
                                   const std::string& table) -> std::optional<std::string> {
    if (schema == "gold" && table == "t") return root_;
    return std::nullopt;
  };
  PushdownResult pushed =
      PushFiltersIntoDeltaScans(con_.get(), "SELECT sum(t.id) FROM gold.t WHERE id < 10", resolve);
  EXPECT_EQ(pushed.scans_filtered, 1) << pushed.sql;
  EXPECT_EQ(Scalar(pushed.sql), "45");
}

}  // namespace
}  // namespace ingot::delta
