#include <atomic>
#include <filesystem>
#include <thread>

#include <gtest/gtest.h>

#include "duck/appender.h"
#include "duck/connection.h"
#include "duck/database.h"
#include "duck/prepared_statement.h"
#include "duck/query_result.h"
#include "duck/scalar_function.h"

namespace ingot::duck {
namespace {

class DuckTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = Database::Open({.threads = 2, .memory_limit = "512MB"});
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = std::move(db).ValueOrDie();
    auto con = db_->Connect();
    ASSERT_TRUE(con.ok()) << con.status();
    con_ = std::move(con).ValueOrDie();
  }

  // All rows of a query, each rendered as "v1|v2|...".
  std::vector<std::string> Rows(const std::string& sql, bool json = false) {
    std::vector<std::string> rows;
    auto result = con_->Query(sql);
    EXPECT_TRUE(result.ok()) << result.status();
    if (!result.ok()) return rows;
    while (true) {
      auto chunk = (*result)->Next();
      EXPECT_TRUE(chunk.ok()) << chunk.status();
      if (!chunk.ok() || *chunk == nullptr) break;
      for (size_t r = 0; r < (*chunk)->size(); ++r) {
        std::string row;
        for (size_t c = 0; c < (*chunk)->column_count(); ++c) {
          if (c > 0) row += "|";
          if (json) {
            (*chunk)->AppendJson(c, r, &row);
          } else {
            row += (*chunk)->ToString(c, r);
          }
        }
        rows.push_back(row);
      }
    }
    return rows;
  }

  std::unique_ptr<Database> db_;
  std::unique_ptr<Connection> con_;
};

TEST_F(DuckTest, SettingsApply) {
  auto limit = con_->QueryScalar("SELECT current_setting('memory_limit')");
  ASSERT_TRUE(limit.ok()) << limit.status();
  EXPECT_NE(limit->find("488.2 MiB"), std::string::npos) << *limit;
  auto threads = con_->QueryScalar("SELECT current_setting('threads')");
  ASSERT_TRUE(threads.ok());
  EXPECT_EQ(*threads, "2");
  auto bytes = MemoryLimitBytes(con_.get());
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  EXPECT_NEAR(static_cast<double>(*bytes), 512e6, 0.001 * 512e6);
  EXPECT_TRUE(Database::Open({.memory_limit = "lots"}).status().IsInvalidArgument());
}

TEST_F(DuckTest, BuiltInExtensionsAreLoaded) {
  auto rows = Rows(
      "SELECT extension_name FROM duckdb_extensions() WHERE loaded AND extension_name IN "
      "('parquet','json','icu') ORDER BY 1");
  EXPECT_EQ(rows, (std::vector<std::string>{"icu", "json", "parquet"}));
}

TEST_F(DuckTest, FormatsEveryCommonType) {
  auto rows = Rows(
      "SELECT true, -5::TINYINT, 300::SMALLINT, 70000, 9000000000, 255::UTINYINT, "
      "170141183460469231731687303715884105727::HUGEINT, 1.5::FLOAT, 0.1::DOUBLE, "
      "123.450::DECIMAL(10,3), -0.05::DECIMAL(38,2), 'it''s', '\\x00ab'::BLOB, DATE '2024-02-29', "
      "TIME '12:34:56.5', TIMESTAMP '2024-01-31 10:00:00.25', TIMESTAMP '1969-12-31 23:59:59', "
      "'2024-01-01 00:00:00+00'::TIMESTAMPTZ, INTERVAL '1 year 2 days 3 hours', "
      "'12345678-1234-5678-1234-567812345678'::UUID, NULL::INTEGER");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0],
            "true|-5|300|70000|9000000000|255|170141183460469231731687303715884105727|1.5|0.1|"
            "123.450|-0.05|it's|\\x00ab|2024-02-29|12:34:56.5|2024-01-31 10:00:00.25|"
            "1969-12-31 23:59:59|2024-01-01 00:00:00+00|1 year 2 days 03:00:00|"
            "12345678-1234-5678-1234-567812345678|NULL");
}

TEST_F(DuckTest, FormatsNestedTypesAsTextAndJson) {
  std::string sql =
      "SELECT [1, NULL, 3], {'a': 1, 'b': 'x\"y'}, MAP {'k': 2.5}, [[1], []], "
      "['a', 'b']::VARCHAR[2], 'cat'::ENUM('dog', 'cat')";
  EXPECT_EQ(Rows(sql)[0], "[1, NULL, 3]|{'a': 1, 'b': x\"y}|{k=2.5}|[[1], []]|[a, b]|cat");
  EXPECT_EQ(Rows(sql, /*json=*/true)[0],
            R"([1,null,3]|{"a":1,"b":"x\"y"}|{"k":2.5}|[[1],[]]|["a","b"]|"cat")");
}

TEST_F(DuckTest, JsonValuesAreEmbeddedInJsonOutput) {
  std::string sql = R"(SELECT '{"a": [1, 2]}'::JSON, '{"a": 1}', [ '{"b":null}'::JSON ])";
  EXPECT_EQ(Rows(sql)[0], R"({"a": [1, 2]}|{"a": 1}|[{"b":null}])");
  EXPECT_EQ(Rows(sql, /*json=*/true)[0], R"({"a": [1, 2]}|"{\"a\": 1}"|[{"b":null}])");
}

TEST_F(DuckTest, TypedAccessAndColumnTypes) {
  auto result = con_->Query(
      "SELECT 42::BIGINT AS n, 2.5::DECIMAL(5,1) AS d, 'hi' AS s, "
      "[1]::INTEGER[] AS l, {'x': 1} AS st");
  ASSERT_TRUE(result.ok());
  EXPECT_EQ((*result)->ColumnName(0), "n");
  EXPECT_EQ((*result)->GetColumnType(0).id, TypeId::kBigInt);
  EXPECT_EQ((*result)->GetColumnType(1).sql_name, "DECIMAL(5,1)");
  EXPECT_EQ((*result)->GetColumnType(3).sql_name, "INTEGER[]");
  EXPECT_EQ((*result)->GetColumnType(4).sql_name, "STRUCT(\"x\" INTEGER)");
  auto chunk = (*result)->Next();
  ASSERT_TRUE(chunk.ok());
  EXPECT_EQ((*chunk)->GetInt64(0, 0), 42);
  EXPECT_DOUBLE_EQ((*chunk)->GetDouble(1, 0), 2.5);
  EXPECT_EQ((*chunk)->GetString(2, 0), "hi");
  EXPECT_FALSE((*chunk)->IsNull(0, 0));
}

TEST_F(DuckTest, StreamsLargeResultsInChunks) {
  auto result = con_->Query("SELECT range AS i FROM range(100000)");
  ASSERT_TRUE(result.ok());
  int64_t rows = 0, sum = 0, chunks = 0;
  while (true) {
    auto chunk = (*result)->Next();
    ASSERT_TRUE(chunk.ok());
    if (*chunk == nullptr) break;
    ++chunks;
    for (size_t r = 0; r < (*chunk)->size(); ++r) sum += (*chunk)->GetInt64(0, r);
    rows += static_cast<int64_t>((*chunk)->size());
  }
  EXPECT_EQ(rows, 100000);
  EXPECT_EQ(sum, 4999950000);
  EXPECT_GT(chunks, 10);
}

TEST_F(DuckTest, ErrorsMapToStatusCodes) {
  Status parse = con_->Execute("SELEC 1");
  EXPECT_TRUE(parse.IsInvalidArgument()) << parse;
  EXPECT_NE(parse.message().find("Parser Error"), std::string::npos);
  auto missing_table = con_->Query("SELECT * FROM nope");
  EXPECT_TRUE(missing_table.status().IsInvalidArgument());
  EXPECT_NE(missing_table.status().message().find("nope"), std::string::npos);
  auto missing_file = con_->Query("SELECT * FROM read_csv('/nonexistent/x.csv')");
  EXPECT_TRUE(missing_file.status().IsIOError()) << missing_file.status();
  EXPECT_NE(missing_file.status().message().find("/nonexistent/x.csv"), std::string::npos);
  EXPECT_TRUE(con_->Query("").status().IsInvalidArgument());
  // Over the memory limit with nowhere to spill: a resource limit, not a bug.
  auto small = Database::Open({.memory_limit = "20MB"});
  ASSERT_TRUE(small.ok()) << small.status();
  auto small_con = (*small)->Connect();
  ASSERT_TRUE(small_con.ok()) << small_con.status();
  Status oom = (*small_con)
                   ->Execute(
                       "SET temp_directory = ''; CREATE TABLE big AS SELECT i, i::VARCHAR || "
                       "'padding-padding' AS s FROM range(3000000) t(i)");
  EXPECT_EQ(oom.code(), StatusCode::kResourceExhausted) << oom;
}

TEST_F(DuckTest, MultipleStatementsReturnTheLastResult) {
  auto rows = Rows("CREATE TABLE t(a INT); INSERT INTO t VALUES (1), (2); SELECT sum(a) FROM t");
  EXPECT_EQ(rows, std::vector<std::string>{"3"});
  auto result = con_->Query("INSERT INTO t VALUES (3), (4), (5)");
  ASSERT_TRUE(result.ok());
  auto chunk = (*result)->Next();
  ASSERT_TRUE(chunk.ok());
  EXPECT_EQ((*chunk)->GetInt64(0, 0), 3);
}

TEST_F(DuckTest, PreparedStatementsBindParameters) {
  ASSERT_TRUE(con_->Execute("CREATE TABLE p(i BIGINT, d DOUBLE, s VARCHAR, b BOOLEAN)").ok());
  auto stmt = con_->Prepare("INSERT INTO p VALUES ($1, $2, $3, $4)");
  ASSERT_TRUE(stmt.ok()) << stmt.status();
  EXPECT_EQ((*stmt)->parameter_count(), 4u);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE((*stmt)->BindInt64(1, i).ok());
    ASSERT_TRUE((*stmt)->BindDouble(2, i * 0.5).ok());
    ASSERT_TRUE(i == 2 ? (*stmt)->BindNull(3).ok()
                       : (*stmt)->BindString(3, "row'" + std::to_string(i)).ok());
    ASSERT_TRUE((*stmt)->BindBool(4, i % 2 == 0).ok());
    auto changed = (*stmt)->ExecuteUpdate();
    ASSERT_TRUE(changed.ok()) << changed.status();
    EXPECT_EQ(*changed, 1);
  }
  EXPECT_FALSE((*stmt)->BindInt64(9, 1).ok());
  EXPECT_EQ(Rows("SELECT * FROM p ORDER BY i"),
            (std::vector<std::string>{"0|0.0|row'0|true", "1|0.5|row'1|false", "2|1.0|NULL|true"}));
  auto select = con_->Prepare("SELECT count(*) FROM p WHERE s = ?");
  ASSERT_TRUE(select.ok());
  ASSERT_TRUE((*select)->BindString(1, "row'1").ok());
  auto result = (*select)->Execute();
  ASSERT_TRUE(result.ok());
  auto chunk = (*result)->Next();
  ASSERT_TRUE(chunk.ok());
  EXPECT_EQ((*chunk)->GetInt64(0, 0), 1);
  EXPECT_FALSE(con_->Prepare("SELECT * FROM missing_table").ok());
}

TEST_F(DuckTest, AppenderBulkInsertsAndCastsText) {
  ASSERT_TRUE(con_->Execute("CREATE TABLE a(i BIGINT, d DATE, s VARCHAR)").ok());
  auto appender = con_->MakeAppender("a");
  ASSERT_TRUE(appender.ok()) << appender.status();
  for (int i = 0; i < 5000; ++i) {
    ASSERT_TRUE((*appender)->AppendInt64(i).ok());
    ASSERT_TRUE((*appender)->AppendString("2024-01-0" + std::to_string(1 + i % 9)).ok());
    ASSERT_TRUE(i % 2 ? (*appender)->AppendNull().ok() : (*appender)->AppendString("x").ok());
    ASSERT_TRUE((*appender)->EndRow().ok());
  }
  ASSERT_TRUE((*appender)->Close().ok());
  EXPECT_EQ(Rows("SELECT count(*), count(s), max(d) FROM a"),
            std::vector<std::string>{"5000|2500|2024-01-09"});
  auto bad = con_->MakeAppender("a");
  ASSERT_TRUE(bad.ok());
  ASSERT_TRUE((*bad)->AppendInt64(1).ok());
  Status st = (*bad)->AppendString("not a date");
  if (st.ok()) st = (*bad)->AppendNull();
  if (st.ok()) st = (*bad)->EndRow();
  if (st.ok()) st = (*bad)->Close();
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("table 'a'"), std::string::npos) << st;
  EXPECT_TRUE(con_->MakeAppender("no_such_table").status().IsInvalidArgument());
}

TEST_F(DuckTest, InterruptCancelsARunningQuery) {
  std::atomic<bool> started{false};
  std::thread stopper([&] {
    while (!started) std::this_thread::yield();
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    con_->Interrupt();
  });
  started = true;
  auto result = con_->Query("SELECT count(*) FROM range(10000000000) r(a) WHERE a % 7 = 3");
  Status st = result.status();
  if (result.ok()) {
    auto chunk = (*result)->Next();
    st = chunk.status();
  }
  stopper.join();
  EXPECT_EQ(st.code(), StatusCode::kCancelled) << st;
}

TEST_F(DuckTest, TextFunctionsFoldIntoTableFunctions) {
  Status st = RegisterTextFunction(
      con_.get(), "ingot_test_sql", 2,
      [](const std::vector<std::optional<std::string>>& args) -> Result<std::string> {
        if (!args[0]) return Status::InvalidArgument("first argument must not be NULL");
        return "SELECT " + *args[0] + " * " + args[1].value_or("1") + " AS v";
      });
  ASSERT_TRUE(st.ok()) << st;
  EXPECT_EQ(Rows("SELECT * FROM query(ingot_test_sql('6', '7'))"), std::vector<std::string>{"42"});
  EXPECT_EQ(Rows("SELECT * FROM query(ingot_test_sql('5', NULL))"), std::vector<std::string>{"5"});
  auto err = con_->Query("SELECT ingot_test_sql(NULL, '1')");
  Status error = err.status();
  if (err.ok()) error = (*err)->Next().status();
  EXPECT_FALSE(error.ok());
  EXPECT_NE(error.message().find("first argument must not be NULL"), std::string::npos) << error;
  EXPECT_TRUE(error.IsInvalidArgument()) << error;
  // The callback's status code survives the trip through DuckDB's text-only errors.
  st = RegisterTextFunction(
      con_.get(), "ingot_test_fail", 1,
      [](const std::vector<std::optional<std::string>>& args) -> Result<std::string> {
        return Status::Corruption("file ", args[0].value_or("?"), " is damaged");
      });
  ASSERT_TRUE(st.ok()) << st;
  auto corrupt = con_->QueryScalar("SELECT * FROM query(ingot_test_fail('x.parquet'))");
  EXPECT_TRUE(corrupt.status().IsCorruption()) << corrupt.status();
  EXPECT_NE(corrupt.status().message().find("file x.parquet is damaged"), std::string::npos);
  // Visible from another connection of the same database.
  auto other = db_->Connect();
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(*(*other)->QueryScalar("SELECT ingot_test_sql('2', '3')"), "SELECT 2 * 3 AS v");
}

// A filter keeping the values not divisible by the key's number; the callback sees runs of
// rows that share a key.
TEST_F(DuckTest, Int64FilterFunctionFiltersPerKeyRun) {
  std::atomic<int64_t> calls{0};
  Status st = RegisterInt64FilterFunction(
      con_.get(), "ingot_test_keep",
      [&calls](std::string_view key, const int64_t* values, size_t count, bool* keep) -> Status {
        ++calls;
        if (key == "bad") return Status::InvalidArgument("key 'bad' is refused");
        const int64_t divisor = std::stoll(std::string(key));
        for (size_t i = 0; i < count; ++i) keep[i] = values[i] % divisor != 0;
        return Status::OK();
      });
  ASSERT_TRUE(st.ok()) << st;
  // A constant key: one run per chunk.
  EXPECT_EQ(Rows("SELECT count(*) FROM range(100000) WHERE ingot_test_keep('2', range)"),
            std::vector<std::string>{"50000"});
  EXPECT_LE(calls.load(), 100);
  // A key per row, in runs: 0..9 by 2, 10..19 by 3 (also through long non-inlined keys).
  EXPECT_EQ(Rows("SELECT list(range ORDER BY range) FROM range(20) WHERE "
                 "ingot_test_keep(CASE WHEN range < 10 THEN '2' ELSE '3' END, range)"),
            std::vector<std::string>{"[1, 3, 5, 7, 9, 10, 11, 13, 14, 16, 17, 19]"});
  EXPECT_EQ(Rows("SELECT count(*) FROM range(20) WHERE ingot_test_keep(CASE WHEN range < 10 "
                 "THEN '000000000000000002' ELSE '000000000000000003' END, range)"),
            std::vector<std::string>{"12"});
  // A NULL value gives NULL; a NULL key and an error fail the query with the message.
  EXPECT_EQ(Rows("SELECT ingot_test_keep('2', NULL) IS NULL"), std::vector<std::string>{"true"});
  for (const char* sql : {"SELECT ingot_test_keep(NULL, range) FROM range(3)",
                          "SELECT ingot_test_keep('bad', range) FROM range(3)"}) {
    auto result = con_->Query(sql);
    Status error = result.status();
    if (result.ok()) error = (*result)->Next().status();
    EXPECT_FALSE(error.ok()) << sql;
    EXPECT_TRUE(error.message().find("NULL") != std::string::npos ||
                error.message().find("key 'bad' is refused") != std::string::npos)
        << error;
  }
}

TEST(DuckDatabaseTest, FileDatabasePersistsAndSpillsToTempDirectory) {
  std::string dir = ::testing::TempDir() + "duck_file_db";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  {
    auto db = Database::Open({.path = dir + "/x.duckdb", .temp_directory = dir + "/tmp"});
    ASSERT_TRUE(db.ok()) << db.status();
    auto con = (*db)->Connect();
    ASSERT_TRUE(con.ok());
    ASSERT_TRUE((*con)->Execute("CREATE TABLE t AS SELECT range i FROM range(10)").ok());
  }
  auto db = Database::Open({.path = dir + "/x.duckdb"});
  ASSERT_TRUE(db.ok());
  auto con = (*db)->Connect();
  auto sum = (*con)->QueryScalar("SELECT sum(i) FROM t");
  ASSERT_TRUE(sum.ok());
  EXPECT_EQ(*sum, "45");
  EXPECT_TRUE(Database::Open({.path = "/nonexistent/dir/x.duckdb"}).status().IsIOError());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace ingot::duck
