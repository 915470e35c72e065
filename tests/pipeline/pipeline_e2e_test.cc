// End-to-end tests of declarative pipelines through the ingot binary: golden cases compared row
// by row, incremental re-runs, every expectation action, and failing runs that must leave every
// target table at its previous version.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/cli_runner.h"

namespace ingot::testing {
namespace {

namespace fs = std::filesystem;

std::string ReadText(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Columns whose values change from run to run.
constexpr const char* kStableColumns =
    "COLUMNS(c -> c NOT IN ('_ingested_at', '_run_id', '_quarantined_at', '_source_file'))";

class PipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir(::testing::UnitTest::GetInstance()->current_test_info()->name());
    warehouse_ = dir_ + "/wh";
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Copies a golden case into the temp dir, optionally without some input files.
  std::string CopyCase(const std::string& name, const std::vector<std::string>& skip = {}) {
    fs::path from = fs::path(INGOT_SOURCE_DIR) / "tests/golden/pipelines" / name;
    fs::path to = fs::path(dir_) / name;
    fs::copy(from, to, fs::copy_options::recursive);
    for (const std::string& s : skip) fs::remove(to / "input" / s);
    return to.string();
  }

  CliRun Run(const std::string& pipeline, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"run", pipeline, "--warehouse", warehouse_};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunIngot(args);
  }

  nlohmann::json RunJson(const std::string& pipeline, std::vector<std::string> extra = {}) {
    extra.push_back("--json");
    CliRun run = Run(pipeline, extra);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    auto doc = nlohmann::json::parse(run.out, nullptr, false);
    EXPECT_FALSE(doc.is_discarded()) << run.out;
    return doc;
  }

  static const nlohmann::json& Table(const nlohmann::json& doc, const std::string& id) {
    for (const auto& t : doc["tables"]) {
      if (t["table"] == id) return t;
    }
    static nlohmann::json none;
    ADD_FAILURE() << "no table " << id << " in " << doc.dump();
    return none;
  }

  std::string Sql(const std::string& sql) {
    CliRun run = RunIngot({"sql", "--warehouse", warehouse_, "--format", "csv", sql});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return run.out;
  }

  // The directory of table "layer.name" in the warehouse.
  fs::path TableDir(const std::string& id) {
    size_t dot = id.find('.');
    return fs::path(warehouse_) / id.substr(0, dot) / id.substr(dot + 1);
  }

  // The table's latest version as "N" (from its log).
  int64_t Version(const std::string& id) {
    fs::path log = TableDir(id) / "_delta_log";
    int64_t latest = -1;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(log, ec)) {
      if (entry.path().extension() == ".json") {
        latest = std::max<int64_t>(latest, std::stoll(entry.path().stem().string()));
      }
    }
    return latest;
  }

  // The Parquet data files in the table's directory (committed or not).
  int DataFiles(const std::string& id) {
    int n = 0;
    for (const auto& e : fs::recursive_directory_iterator(TableDir(id))) {
      n += e.path().extension() == ".parquet" &&
           e.path().string().find("_delta_log") == std::string::npos;
    }
    return n;
  }

  std::string dir_;
  std::string warehouse_;
};

TEST_F(PipelineTest, GoldenCasesMatchExpectedRows) {
  fs::path root = fs::path(INGOT_SOURCE_DIR) / "tests/golden/pipelines";
  int cases = 0;
  for (const auto& entry : fs::directory_iterator(root)) {
    std::string name = entry.path().filename().string();
    SCOPED_TRACE(name);
    warehouse_ = dir_ + "/wh_" + name;
    CliRun run = Run((entry.path() / "pipeline.yaml").string(),
                     {"--var", "data_dir=" + (entry.path() / "input").string()});
    ASSERT_EQ(run.exit_code, 0) << run.err << run.out;
    int tables = 0;
    for (const auto& expected : fs::directory_iterator(entry.path() / "expected")) {
      std::string id = expected.path().stem().string();
      SCOPED_TRACE(id);
      EXPECT_EQ(Sql("SELECT " + std::string(kStableColumns) + " FROM " + id + " ORDER BY ALL"),
                ReadText(expected.path()));
      ++tables;
    }
    EXPECT_GT(tables, 0);
    ++cases;
  }
  EXPECT_GT(cases, 0);
}

TEST_F(PipelineTest, ReportsEveryActionAndReconciles) {
  std::string shop = CopyCase("shop");
  nlohmann::json doc = RunJson(shop + "/pipeline.yaml");
  EXPECT_EQ(doc["status"], "succeeded");
  const auto& bronze = Table(doc, "bronze.orders");
  EXPECT_EQ(bronze["rows_in"], 11);
  EXPECT_EQ(bronze["rows_written"], 8);
  EXPECT_EQ(bronze["rows_quarantined"], 3);
  const auto& silver = Table(doc, "silver.orders");
  EXPECT_EQ(silver["rows_in"], 8);
  EXPECT_EQ(silver["rows_written"], 6);
  EXPECT_EQ(silver["rows_dropped"], 1);
  EXPECT_EQ(silver["rows_quarantined"], 1);
  EXPECT_EQ(silver["rows_warned"], 1);
  for (const auto& t : doc["tables"]) {
    EXPECT_EQ(t["rows_in"], t["rows_written"].get<int64_t>() + t["rows_dropped"].get<int64_t>() +
                                t["rows_quarantined"].get<int64_t>())
        << t.dump();
  }
  // The quarantine tables hold the rows as they arrived, with the reason.
  EXPECT_EQ(Sql("SELECT order_id, amount, updated_at, _expectation, _reason, _source_row FROM "
                "bronze.orders__quarantine ORDER BY _source_row"),
            "order_id,amount,updated_at,_expectation,_reason,_source_row\n"
            "x6,1.00,2026-01-01 15:00:00,schema,column 'order_id': cannot read 'x6' as BIGINT,6\n"
            "7,abc,2026-01-01 16:00:00,schema,\"column 'amount': cannot read 'abc' as "
            "DECIMAL(10,2)\",7\n"
            "8,10.00,,schema,column 'updated_at' is required,8\n");
  EXPECT_EQ(Sql("SELECT order_id, amount, _expectation FROM silver.orders__quarantine"),
            "order_id,amount,_expectation\n3,-5.00,positive_amount\n");
}

TEST_F(PipelineTest, Scd2KeepsHistoryRows) {
  std::string shop = CopyCase("shop");
  ASSERT_EQ(Run(shop + "/pipeline.yaml").exit_code, 0);
  EXPECT_EQ(Sql("SELECT customer_id, tier, _valid_from, _valid_to, _is_current FROM "
                "silver.customers ORDER BY customer_id, _valid_from"),
            "customer_id,tier,_valid_from,_valid_to,_is_current\n"
            "10,gold,2026-01-01 00:00:00+00,,true\n"
            "11,silver,2026-01-01 00:00:00+00,2026-01-05 00:00:00+00,false\n"
            "11,gold,2026-01-05 00:00:00+00,,true\n"
            "12,bronze,2026-01-01 00:00:00+00,,true\n");
  // A later change of a tracked column closes the current row and opens a new one.
  WriteFile(shop + "/input/customers_2.csv",
            "customer_id,name,tier,changed_at\n12,Cy,gold,2026-02-01 00:00:00\n");
  nlohmann::json second = RunJson(shop + "/pipeline.yaml");
  // Committed as a MERGE of the changed history rows, not a rewrite of the table.
  EXPECT_NE(Table(second, "silver.customers")["note"].get<std::string>().find(
                "scd2: 1 new versions, 1 closed"),
            std::string::npos)
      << second.dump();
  CliRun history =
      RunIngot({"table", "history", warehouse_ + "/silver/customers", "--format", "csv"});
  EXPECT_NE(history.out.find("MERGE"), std::string::npos) << history.out;
  EXPECT_EQ(Sql("SELECT tier, _valid_to, _is_current FROM silver.customers WHERE customer_id = 12 "
                "ORDER BY _valid_from"),
            "tier,_valid_to,_is_current\nbronze,2026-02-01 00:00:00+00,false\ngold,,true\n");
  // The rows of customer 11 read again are not new versions.
  EXPECT_EQ(Sql("SELECT count(*) AS n FROM silver.customers WHERE customer_id = 11"), "n\n2\n");
}

TEST_F(PipelineTest, IncrementalReRunsProcessOnlyNewFiles) {
  std::string shop = CopyCase("shop", {"orders_2.csv"});
  nlohmann::json first = RunJson(shop + "/pipeline.yaml");
  EXPECT_EQ(Table(first, "bronze.orders")["files_read"], 1);
  std::map<std::string, int64_t> versions;
  for (const auto& t : first["tables"]) versions[t["table"]] = Version(t["table"]);
  int64_t events = Version("_ingot.events");

  // Nothing new: every table is skipped and no table gets a commit.
  nlohmann::json again = RunJson(shop + "/pipeline.yaml");
  for (const auto& t : again["tables"]) {
    EXPECT_EQ(t["status"], "skipped") << t.dump();
    EXPECT_EQ(Version(t["table"]), versions[t["table"]]) << t["table"];
  }
  EXPECT_EQ(Version("_ingot.events"), events + 1);  // the run itself is logged

  // One new file: only it is read; merge applies its updates.
  fs::copy(fs::path(INGOT_SOURCE_DIR) / "tests/golden/pipelines/shop/input/orders_2.csv",
           shop + "/input/orders_2.csv");
  nlohmann::json third = RunJson(shop + "/pipeline.yaml");
  const auto& bronze = Table(third, "bronze.orders");
  EXPECT_EQ(bronze["files_read"], 1);
  EXPECT_EQ(bronze["rows_in"], 3);
  EXPECT_EQ(Table(third, "silver.orders")["rows_in"], 3);  // only the new bronze rows
  EXPECT_EQ(Table(third, "bronze.customers")["status"], "skipped");
  EXPECT_EQ(Sql("SELECT count(*) AS n FROM bronze.orders"), "n\n8\n");
  EXPECT_EQ(Sql("SELECT order_id, status, amount FROM silver.orders ORDER BY order_id"),
            "order_id,status,amount\n1,refunded,100.00\n2,paid,50.50\n5,paid,30.00\n"
            "9,paid,40.00\n");
}

TEST_F(PipelineTest, FailActionLeavesEveryTableAtItsPreviousVersion) {
  std::string shop = CopyCase("shop", {"orders_2.csv"});
  ASSERT_EQ(Run(shop + "/pipeline.yaml").exit_code, 0);
  std::vector<std::string> ids = {"bronze.orders", "silver.orders", "gold.revenue_by_customer"};
  std::map<std::string, int64_t> versions;
  for (const auto& id : ids) versions[id] = Version(id);
  // bronze.orders (typed: it quarantines) writes its data files while the run stages: a failed
  // run removes them again.
  auto bronze_files = [&] { return DataFiles("bronze.orders"); };
  int files = bronze_files();
  // A fail expectation that the new file breaks.
  std::string yaml = ReadText(shop + "/pipeline.yaml");
  size_t at = yaml.find("      has_customer:");
  yaml.insert(at, "      not_huge: {expr: amount < 1000, action: fail}\n");
  WriteFile(shop + "/pipeline.yaml", yaml);
  WriteFile(shop + "/input/orders_3.csv",
            "order_id,customer_id,amount,status,updated_at\n20,10,5000.00,paid,2026-01-03 "
            "00:00:00\n");
  CliRun run = Run(shop + "/pipeline.yaml");
  EXPECT_EQ(run.exit_code, 3) << run.err;
  EXPECT_NE(run.err.find("expectation 'not_huge' (amount < 1000) failed on 1 of"),
            std::string::npos)
      << run.err;
  for (const auto& id : ids) EXPECT_EQ(Version(id), versions[id]) << id;
  EXPECT_EQ(bronze_files(), files);
  EXPECT_EQ(Sql("SELECT count(*) AS n FROM bronze.orders"), "n\n5\n");
  EXPECT_EQ(Sql("SELECT status FROM _ingot.events WHERE kind = 'run' ORDER BY started_at DESC, "
                "status LIMIT 1"),
            "status\nfailed\n");
}

// A text-only source (nothing to reject, no expectations) writes its data files while it reads
// its files: rows numbered per file, committed with the run, removed when the run fails.
TEST_F(PipelineTest, TextSourceWritesItsFilesInOnePass) {
  std::string input = dir_ + "/input";
  fs::create_directories(input);
  // The first file quotes nothing; the second does.
  WriteFile(input + "/events_1.csv", "id,note\na,x\nb,y\nc,\n");
  WriteFile(input + "/events_2.csv", "id,note\nd,\"w, z\"\ne,v\n");
  std::string pipeline = dir_ + "/pipeline.yaml";
  auto write_pipeline = [&](const std::string& silver_sql) {
    WriteFile(pipeline, "name: text\nsources:\n  events:\n    path: " + input +
                            "/events_*.csv\n    schema: {id: VARCHAR, note: VARCHAR}\n"
                            "tables:\n  bronze.events: {from: events, incremental: true}\n"
                            "  silver.events: {sql: \"" +
                            silver_sql + "\", mode: overwrite}\n");
  };
  write_pipeline("SELECT id, note, _source_row FROM bronze.events");
  nlohmann::json first = RunJson(pipeline);
  EXPECT_EQ(Table(first, "bronze.events")["rows_in"], 5);
  EXPECT_EQ(Table(first, "bronze.events")["rows_written"], 5);
  EXPECT_EQ(Table(first, "silver.events")["rows_written"], 5);
  std::string rows =
      "id,note,file,_source_row\na,x,events_1.csv,1\nb,y,events_1.csv,2\n"
      "c,,events_1.csv,3\nd,\"w, z\",events_2.csv,1\ne,v,events_2.csv,2\n";
  EXPECT_EQ(Sql("SELECT id, note, parse_filename(_source_file) AS file, _source_row FROM "
                "bronze.events ORDER BY id"),
            rows);
  EXPECT_EQ(Sql("SELECT count(*) AS n FROM silver.events WHERE _source_row IS NOT NULL"), "n\n5\n");
  auto data_files = [&] { return DataFiles("bronze.events"); };
  int files = data_files();
  int64_t version = Version("bronze.events");

  // A new file, and a model that fails: the bronze files written while staging go away again.
  WriteFile(input + "/events_3.csv", "id,note\nf,u\n");
  write_pipeline("SELECT id, nope FROM bronze.events");
  EXPECT_EQ(Run(pipeline).exit_code, 3);
  EXPECT_EQ(Version("bronze.events"), version);
  EXPECT_EQ(data_files(), files);
  EXPECT_EQ(Sql("SELECT count(*) AS n FROM bronze.events"), "n\n5\n");

  // Fixed: only the new file is read and committed.
  write_pipeline("SELECT id, note, _source_row FROM bronze.events");
  nlohmann::json third = RunJson(pipeline);
  EXPECT_EQ(Table(third, "bronze.events")["rows_in"], 1);
  EXPECT_EQ(Sql("SELECT id, _source_row FROM bronze.events WHERE id = 'f'"),
            "id,_source_row\nf,1\n");
  EXPECT_EQ(Sql("SELECT count(*) AS n FROM silver.events"), "n\n6\n");
}

TEST_F(PipelineTest, SqlErrorNamesModelFileAndLine) {
  std::string shop = CopyCase("shop");
  WriteFile(shop + "/models/silver_orders.sql",
            "SELECT\n  order_id,\n  amout\nFROM bronze.orders\n");
  CliRun run = Run(shop + "/pipeline.yaml");
  EXPECT_EQ(run.exit_code, 3) << run.err;
  EXPECT_NE(run.err.find("models/silver_orders.sql:3: table 'silver.orders'"), std::string::npos)
      << run.err;
  EXPECT_EQ(Version("bronze.orders"), -1);  // staged fine, but nothing was committed
  EXPECT_NE(run.out.find("bronze.orders             append     not written"), std::string::npos)
      << run.out;
}

TEST_F(PipelineTest, MissingInputFailsAndWritesNothing) {
  std::string shop = CopyCase("shop");
  CliRun run = Run(shop + "/pipeline.yaml", {"--var", "data_dir=" + dir_ + "/nowhere"});
  EXPECT_EQ(run.exit_code, 4) << run.err;
  EXPECT_NE(run.err.find("no file matches"), std::string::npos) << run.err;
  EXPECT_EQ(Version("bronze.orders"), -1);
  EXPECT_EQ(Version("bronze.customers"), -1);
}

TEST_F(PipelineTest, ValidatePrintsLineAndColumn) {
  std::string shop = CopyCase("shop");
  CliRun ok = RunIngot({"validate", shop + "/pipeline.yaml"});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(ok.out, "OK: pipeline 'shop': 2 sources, 5 tables\n");
  std::string yaml = ReadText(shop + "/pipeline.yaml");
  yaml.replace(yaml.find("    sequence_by: updated_at"), 27, "    sequnce_by: updated_at");
  WriteFile(shop + "/pipeline.yaml", yaml);
  CliRun bad = RunIngot({"validate", shop + "/pipeline.yaml"});
  EXPECT_EQ(bad.exit_code, 3);
  EXPECT_NE(bad.err.find("pipeline.yaml:31:5: unknown key 'sequnce_by' in table 'silver.orders' "
                         "(did you mean 'sequence_by'?)"),
            std::string::npos)
      << bad.err;
}

TEST_F(PipelineTest, DryRunSelectAndRunsLog) {
  std::string shop = CopyCase("shop");
  CliRun dry = Run(shop + "/pipeline.yaml", {"--dry-run"});
  EXPECT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_FALSE(fs::exists(warehouse_ + "/silver"));
  EXPECT_NE(dry.out.find("gold.revenue_by_customer  overwrite  planned"), std::string::npos)
      << dry.out;
  ASSERT_EQ(Run(shop + "/pipeline.yaml").exit_code, 0);
  // --select a table and its downstream: the rest is not run.
  CliRun selected = Run(shop + "/pipeline.yaml", {"--select", "silver.orders+", "--full-refresh"});
  EXPECT_EQ(selected.exit_code, 0) << selected.err;
  EXPECT_NE(selected.out.find("gold.revenue_by_customer"), std::string::npos) << selected.out;
  EXPECT_EQ(selected.out.find("bronze.orders"), std::string::npos) << selected.out;
  CliRun runs = RunIngot({"runs", "--warehouse", warehouse_, "--format", "csv"});
  EXPECT_EQ(runs.exit_code, 0) << runs.err;
  EXPECT_NE(runs.out.find(",shop,succeeded,"), std::string::npos) << runs.out;
  std::string run_id = runs.out.substr(runs.out.find('\n') + 1);
  run_id = run_id.substr(0, run_id.find(','));
  CliRun show = RunIngot({"runs", "show", run_id, "--warehouse", warehouse_, "--format", "csv"});
  EXPECT_EQ(show.exit_code, 0) << show.err;
  EXPECT_NE(show.out.find("silver.orders,written,8,6,1,1,1,"), std::string::npos) << show.out;
}

// An upstream table with column mapping (physical column names in its Parquet files): a model
// reads it by logical names, in full and then only the file appended since (the incremental
// read goes through the snapshot's scan). The table is Spark's golden table with its two files
// committed as two versions.
TEST_F(PipelineTest, ReadsUpstreamWithColumnMappingIncrementally) {
  fs::path golden =
      fs::path(INGOT_SOURCE_DIR) / "tests/data/delta-golden/table-with-columnmapping-mode-name";
  fs::path table = fs::path(warehouse_) / "bronze" / "typed";
  fs::create_directories(table / "_delta_log");
  for (const auto& entry : fs::directory_iterator(golden)) {
    if (entry.path().extension() == ".parquet")
      fs::copy(entry.path(), table / entry.path().filename());
  }
  std::istringstream log(ReadText(golden / "_delta_log/00000000000000000000.json"));
  std::string line, first, second;
  while (std::getline(log, line)) {
    bool add = line.rfind("{\"add\"", 0) == 0;
    if (add && first.find("{\"add\"") != std::string::npos) {
      second += line + "\n";  // the second file: committed later as version 1
    } else {
      first += line + "\n";
    }
  }
  ASSERT_FALSE(second.empty());
  std::ofstream(table / "_delta_log/00000000000000000000.json") << first;
  std::ofstream(fs::path(dir_) / "unused.csv") << "a\n1\n";
  std::ofstream(fs::path(dir_) / "pipeline.yaml")
      << "name: cm\nsources:\n  unused: {path: unused.csv}\ntables:\n"
         "  bronze.typed: {from: unused}\n"
         "  silver.ints:\n"
         "    sql: SELECT IntegerType AS i, StringType AS s FROM bronze.typed\n"
         "    mode: append\n";
  std::string pipeline = dir_ + "/pipeline.yaml";
  nlohmann::json run1 = RunJson(pipeline, {"--select", "silver.ints"});
  EXPECT_EQ(Table(run1, "silver.ints")["rows_in"], 2);

  std::ofstream(table / "_delta_log/00000000000000000001.json") << second;
  nlohmann::json run2 = RunJson(pipeline, {"--select", "silver.ints"});
  const auto& ints = Table(run2, "silver.ints");
  EXPECT_EQ(ints["rows_in"], 4);  // only the appended file
  EXPECT_NE(ints["note"].get<std::string>().find("new rows of bronze.typed"), std::string::npos)
      << ints.dump();
  EXPECT_EQ(Sql("SELECT count(*) AS n, count(i) AS ni, sum(i) AS total, string_agg(s, '' ORDER BY "
                "s) AS s FROM silver.ints"),
            "n,ni,total,s\n6,5,10,01234\n");
}

// zorder_by: each commit that wrote rows is followed by OPTIMIZE ZORDER BY of the files it added
// (no data change); an incremental model downstream reads only the new rows all the same.
TEST_F(PipelineTest, ZOrderByClustersEachCommitsFilesAndKeepsDownstreamIncremental) {
  std::ofstream(fs::path(dir_) / "points_1.csv") << "x,y\n1,9\n5,5\n9,1\n";
  std::ofstream(fs::path(dir_) / "points_2.csv") << "x,y\n2,8\n7,3\n";
  std::ofstream(fs::path(dir_) / "pipeline.yaml")
      << "name: z\nsources:\n  points: {path: points_*.csv, schema: {x: INTEGER, y: INTEGER}}\n"
         "tables:\n  bronze.points: {from: points, zorder_by: [x, y]}\n"
         "  silver.points: {sql: 'SELECT x, y FROM bronze.points', mode: append}\n";
  nlohmann::json run = RunJson(dir_ + "/pipeline.yaml");
  const auto& points = Table(run, "bronze.points");
  EXPECT_NE(points["note"].get<std::string>().find("z-ordered"), std::string::npos)
      << points.dump();
  EXPECT_EQ(points["version"], 2);  // 0 create, 1 write, 2 optimize
  EXPECT_EQ(Version("bronze.points"), 2);
  CliRun history = RunIngot({"table", "history", warehouse_ + "/bronze/points", "--format", "csv"});
  EXPECT_NE(history.out.find("OPTIMIZE"), std::string::npos) << history.out;
  EXPECT_EQ(Sql("SELECT count(*) AS n, sum(x) AS sx, sum(y) AS sy FROM bronze.points"),
            "n,sx,sy\n5,24,26\n");
  // The whole table re-clustered by hand (dataChange=false), then a new file: only the new
  // commit's file is clustered, and the downstream model, run on its own, reads just its rows.
  CliRun optimized =
      RunIngot({"table", "optimize", warehouse_ + "/bronze/points", "--zorder-by", "y"});
  ASSERT_EQ(optimized.exit_code, 0) << optimized.err;
  std::ofstream(fs::path(dir_) / "points_3.csv") << "x,y\n3,3\n";
  nlohmann::json second = RunJson(dir_ + "/pipeline.yaml", {"--select", "bronze.points"});
  const auto& again = Table(second, "bronze.points");
  EXPECT_EQ(again["rows_in"], 1);
  EXPECT_NE(again["note"].get<std::string>().find("z-ordered: 1 files into 1"), std::string::npos)
      << again.dump();
  nlohmann::json third = RunJson(dir_ + "/pipeline.yaml", {"--select", "silver.points"});
  EXPECT_EQ(Table(third, "silver.points")["rows_in"], 1) << third.dump();
  EXPECT_EQ(Sql("SELECT count(*) AS n, sum(x) AS sx FROM silver.points"), "n,sx\n6,27\n");
  EXPECT_EQ(Sql("SELECT count(*) AS n, sum(x) AS sx FROM bronze.points"), "n,sx\n6,27\n");
}

// More independent model tables than workers (each query then gets a share of DuckDB's threads)
// and a model that reads two of them: every table is written with the right rows, and the
// parallel commits record the upstream versions the downstream table really read (committed
// before it), so a re-run with no new input skips everything.
TEST_F(PipelineTest, ManyIndependentModelsStageAndCommitInParallel) {
  fs::path root = fs::path(dir_) / "fanout";
  fs::create_directories(root / "input");
  std::ofstream(root / "input/sales.csv") << "id,region,amount\n1,north,10\n2,south,20\n"
                                             "3,north,30\n4,east,40\n5,south,50\n";
  std::ofstream(root / "pipeline.yaml")
      << "name: fanout\n"
         "sources:\n"
         "  sales: {path: ./input/*.csv}\n"
         "tables:\n"
         "  bronze.sales: {from: sales}\n"
         "  gold.by_region: {sql: \"SELECT region, sum(amount) AS total FROM bronze.sales GROUP BY "
         "region\", mode: overwrite}\n"
         "  gold.count: {sql: \"SELECT count(*) AS n FROM bronze.sales\", mode: overwrite}\n"
         "  gold.biggest: {sql: \"SELECT max(amount) AS top FROM bronze.sales\", mode: overwrite}\n"
         "  gold.north: {sql: \"SELECT id FROM bronze.sales WHERE region = 'north'\", mode: "
         "overwrite}\n"
         "  gold.summary: {sql: \"SELECT (SELECT n FROM gold.count) AS n, (SELECT top FROM "
         "gold.biggest) AS top, (SELECT count(*) FROM gold.by_region) AS regions\", mode: "
         "overwrite}\n";
  std::string pipeline = (root / "pipeline.yaml").string();
  CliRun first = RunIngot({"--threads", "2", "run", pipeline, "--warehouse", warehouse_,
                           "--parallelism", "2", "--json"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  auto doc = nlohmann::json::parse(first.out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << first.out;
  ASSERT_EQ(doc["tables"].size(), 6u);
  for (const auto& t : doc["tables"]) EXPECT_EQ(t["status"], "written") << t.dump();
  EXPECT_EQ(Sql("SELECT region, total FROM gold.by_region ORDER BY region"),
            "region,total\neast,40\nnorth,40\nsouth,70\n");
  EXPECT_EQ(Sql("SELECT * FROM gold.summary"), "n,top,regions\n5,50,3\n");
  EXPECT_EQ(Sql("SELECT id FROM gold.north ORDER BY id"), "id\n1\n3\n");

  CliRun again = RunIngot({"--threads", "2", "run", pipeline, "--warehouse", warehouse_,
                           "--parallelism", "2", "--json"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  auto second = nlohmann::json::parse(again.out, nullptr, false);
  ASSERT_FALSE(second.is_discarded()) << again.out;
  for (const auto& t : second["tables"]) EXPECT_EQ(t["status"], "skipped") << t.dump();
}

// A merge batch larger than its share of the memory limit is deduplicated in hash partitions of
// the keys; the result is the same as one window's, in the committed table and in what
// downstream models of the same run read, also when a later batch mixes newer and older rows.
TEST_F(PipelineTest, LargeMergeBatchIsDeduplicatedInKeyPartitions) {
  fs::path root = fs::path(dir_) / "big";
  fs::create_directories(root / "input");
  {
    // 300,000 rows, 4 versions of each of 75,000 ids: id i % 75000, seq i.
    std::ofstream out(root / "input/a.csv");
    out << "id,seq\n";
    for (int i = 0; i < 300000; ++i) out << i % 75000 << "," << i << "\n";
  }
  std::string wide;
  for (int c = 1; c <= 14; ++c)
    wide += ", 'x' || seq::BIGINT % " + std::to_string(c + 1) + " AS c" + std::to_string(c);
  std::ofstream(root / "pipeline.yaml")
      << "name: big\n"
         "sources:\n"
         "  rows: {path: ./input/*.csv}\n"
         "tables:\n"
         "  bronze.rows: {from: rows}\n"
         "  silver.latest:\n"
         "    sql: \"SELECT id::BIGINT AS id, seq::BIGINT AS seq"
      << wide
      << " FROM bronze.rows\"\n"
         "    mode: merge\n"
         "    keys: [id]\n"
         "    sequence_by: seq\n"
         "    incremental: true\n"
         "  gold.stats: {sql: \"SELECT count(*) AS n, sum(seq) AS s FROM silver.latest\", mode: "
         "overwrite}\n";
  std::string pipeline = (root / "pipeline.yaml").string();
  auto first = RunJson(pipeline, {"--memory-limit", "100MB"});
  std::string note = Table(first, "silver.latest")["note"].get<std::string>();
  EXPECT_NE(note.find("key partitions"), std::string::npos) << note;
  EXPECT_EQ(note.find("deduplicated in 1 "), std::string::npos) << note;
  // The latest seq of id k is k + 225000.
  EXPECT_EQ(Sql("SELECT n, s FROM gold.stats"), "n,s\n75000,19687462500\n");
  EXPECT_EQ(Sql("SELECT count(*) AS n, sum(seq) AS s FROM silver.latest"),
            "n,s\n75000,19687462500\n");

  {
    // Newer versions of ids 0..999, older ones of ids 1000..1999 (these lose).
    std::ofstream out(root / "input/b.csv");
    out << "id,seq\n";
    for (int i = 0; i < 1000; ++i) out << i << "," << 300000 + i << "\n";
    for (int i = 1000; i < 2000; ++i) out << i << ",5\n";
  }
  auto second = RunJson(pipeline, {"--memory-limit", "100MB"});
  EXPECT_EQ(Table(second, "silver.latest")["rows_in"], 2000);
  EXPECT_EQ(Sql("SELECT n, s FROM gold.stats"), "n,s\n75000,19762462500\n");
  EXPECT_EQ(Sql("SELECT count(*) AS n, sum(seq) AS s FROM silver.latest"),
            "n,s\n75000,19762462500\n");
  EXPECT_EQ(Sql("SELECT c3 FROM silver.latest WHERE id = 7"), "c3\nx3\n");
}

// A model column named rowid hides DuckDB's own: merge still keeps one row per key.
TEST_F(PipelineTest, MergeKeepsTheLatestRowWhenAColumnIsNamedRowid) {
  fs::path root = fs::path(dir_) / "rowid";
  fs::create_directories(root / "input");
  std::ofstream(root / "input/a.csv") << "id,seq\n1,1\n1,2\n2,5\n";
  std::ofstream(root / "pipeline.yaml")
      << "name: rowid\n"
         "sources:\n"
         "  rows: {path: ./input/*.csv}\n"
         "tables:\n"
         "  bronze.rows: {from: rows}\n"
         "  silver.latest:\n"
         "    sql: \"SELECT id::BIGINT AS id, seq::BIGINT AS seq, 7 AS rowid FROM bronze.rows\"\n"
         "    mode: merge\n"
         "    keys: [id]\n"
         "    sequence_by: seq\n";
  RunJson((root / "pipeline.yaml").string());
  EXPECT_EQ(Sql("SELECT id, seq, rowid FROM silver.latest ORDER BY id"),
            "id,seq,rowid\n1,2,7\n2,5,7\n");
}

}  // namespace
}  // namespace ingot::testing
