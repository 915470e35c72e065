// The e-commerce generator: determinism, exact row counts, the dirty-row mix, bounded memory,
// files that DuckDB reads with the expected types, referential integrity, appended batches.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <sys/resource.h>

#include <gtest/gtest.h>

#include "connectors/generators/calendar.h"
#include "connectors/generators/ecommerce_generator.h"
#include "connectors/generators/random.h"
#include "duck/connection.h"
#include "duck/database.h"
#include "storage/local_fs.h"
#include "storage/storage_test_util.h"

namespace ingot::generators {
namespace {

using storage::testing::ScopedTempDir;

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

int64_t CountLines(const std::string& path) {
  std::string text = ReadAll(path);
  return static_cast<int64_t>(std::count(text.begin(), text.end(), '\n'));
}

// Every generated file below `dir`, relative path -> bytes.
std::map<std::string, std::string> Snapshot(const std::string& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) {
      files[std::filesystem::relative(entry.path(), dir).string()] = ReadAll(entry.path());
    }
  }
  return files;
}

class GeneratorTest : public ::testing::Test {
 protected:
  EcommerceOptions Small(const std::string& name) {
    EcommerceOptions o;
    o.out_dir = tmp_.path() + "/" + name;
    o.transactions = 20'000;
    o.customers = 500;
    o.products = 120;
    o.days = 90;
    o.files = 3;
    o.dirty_rate = 0.05;
    return o;
  }

  EcommerceStats Generate(const EcommerceOptions& options) {
    Result<EcommerceStats> stats = GenerateEcommerce(&fs_, options);
    EXPECT_TRUE(stats.ok()) << stats.status();
    return stats.ok() ? *stats : EcommerceStats{};
  }

  // The first column of the first row of `sql`, as text.
  std::string Sql(const std::string& sql) {
    if (!con_) {
      db_ = std::move(duck::Database::Open()).ValueOrDie();
      con_ = std::move(db_->Connect()).ValueOrDie();
    }
    Result<std::string> value = con_->QueryScalar(sql);
    EXPECT_TRUE(value.ok()) << value.status() << "\n" << sql;
    return value.ok() ? *value : "";
  }
  int64_t SqlInt(const std::string& sql) { return std::stoll(Sql(sql)); }

  // Transactions read with every column as text, as a pipeline's bronze layer would.
  void CreateRawView(const std::string& dir, const std::string& view = "raw") {
    Sql("CREATE OR REPLACE VIEW " + view + " AS SELECT * FROM read_csv('" + dir +
        "/transactions/*.csv', all_varchar = true, header = true); SELECT 1");
  }

  ScopedTempDir tmp_;
  storage::LocalFileSystem fs_{storage::LocalFileSystemOptions{.durable = false}};
  std::unique_ptr<duck::Database> db_;
  std::unique_ptr<duck::Connection> con_;
};

TEST(GeneratorRandomTest, WellDefinedSequences) {
  // Reference values of SplitMix64 from seed 0 (Vigna's reference implementation).
  EXPECT_EQ(Mix64(0), 0xe220a8397b1dcdafULL);
  Rng a(7), b(7), c(8);
  for (int i = 0; i < 100; ++i) {
    uint64_t x = a.Next();
    EXPECT_EQ(x, b.Next());
    EXPECT_NE(x, c.Next());
  }
  Rng r(1);
  for (int i = 0; i < 10'000; ++i) {
    int64_t v = r.Between(-3, 3);
    ASSERT_GE(v, -3);
    ASSERT_LE(v, 3);
  }
}

TEST(GeneratorCalendarTest, RoundTripsDates) {
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(*ParseIsoDate("2025-01-01"), 20089);
  EXPECT_EQ(FormatIsoDate(20089), "2025-01-01");
  EXPECT_EQ(Weekday(20089), 2);  // a Wednesday
  EXPECT_EQ(FormatIsoDate(*ParseIsoDate("2024-02-29")), "2024-02-29");
  EXPECT_FALSE(ParseIsoDate("2025-02-29").ok());
  EXPECT_FALSE(ParseIsoDate("2025-1-01").ok());
  for (int64_t d = -1000; d < 100'000; d += 37) {
    CivilDate c = CivilFromDays(d);
    ASSERT_EQ(DaysFromCivil(c.year, c.month, c.day), d);
  }
}

TEST_F(GeneratorTest, SameSeedSameBytesOtherSeedOtherBytes) {
  EcommerceOptions a = Small("a");
  a.threads = 1;
  EcommerceOptions b = Small("b");
  b.threads = 4;  // the thread count must not matter
  EcommerceOptions c = Small("c");
  c.seed = 43;
  Generate(a);
  Generate(b);
  Generate(c);
  auto files_a = Snapshot(a.out_dir);
  auto files_b = Snapshot(b.out_dir);
  auto files_c = Snapshot(c.out_dir);
  ASSERT_EQ(files_a.size(), 6u);  // customers, products, 3 transaction files, manifest
  EXPECT_TRUE(files_a == files_b);
  for (const auto& [path, bytes] : files_a) {
    if (path.rfind("transactions/", 0) == 0 || path.rfind("customers/", 0) == 0) {
      EXPECT_NE(bytes, files_c[path]) << path;
    }
  }
}

TEST_F(GeneratorTest, ExactRowCountsAndFileNames) {
  EcommerceOptions o = Small("counts");
  o.transactions = 10'001;
  EcommerceStats stats = Generate(o);
  EXPECT_EQ(stats.transaction_rows, 10'001);
  EXPECT_EQ(stats.customer_rows, 500);
  EXPECT_EQ(stats.product_rows, 120);
  EXPECT_EQ(CountLines(o.out_dir + "/customers/customers.csv"), 501);
  EXPECT_EQ(CountLines(o.out_dir + "/products/products.csv"), 121);
  int64_t lines = 0;
  for (const char* name : {"00001", "00002", "00003"}) {
    lines += CountLines(o.out_dir + "/transactions/transactions-" + name + ".csv") - 1;
  }
  EXPECT_EQ(lines, 10'001);
  int64_t per_kind = 0;
  for (int64_t n : stats.dirty) per_kind += n;
  EXPECT_EQ(per_kind, 10'001);
  EXPECT_EQ(stats.first_id, 1);
  // Re-sends take no new id: the new ids are the rows minus duplicates and late updates.
  EXPECT_EQ(stats.end_id - stats.first_id,
            10'001 - stats.dirty[static_cast<size_t>(DirtyKind::kDuplicate)] -
                stats.dirty[static_cast<size_t>(DirtyKind::kLateUpdate)]);
}

TEST_F(GeneratorTest, RefusesToClobberWithoutAppendOrOverwrite) {
  EcommerceOptions o = Small("again");
  Generate(o);
  Result<EcommerceStats> again = GenerateEcommerce(&fs_, o);
  EXPECT_TRUE(again.status().IsAlreadyExists()) << again.status();
  o.overwrite = true;
  o.files = 1;
  Generate(o);
  EXPECT_EQ(Snapshot(o.out_dir).size(), 4u);  // the old files 2 and 3 are gone
  EcommerceOptions bad = Small("bad");
  bad.dirty_rate = 0.9;
  EXPECT_TRUE(GenerateEcommerce(&fs_, bad).status().IsInvalidArgument());
  bad = Small("bad");
  bad.start_date = "2025-02-30";
  EXPECT_TRUE(GenerateEcommerce(&fs_, bad).status().IsInvalidArgument());
  bad = Small("nothing");
  bad.append = true;
  EXPECT_TRUE(GenerateEcommerce(&fs_, bad).status().IsNotFound());
}

TEST_F(GeneratorTest, DirtyRowsMatchTheRateAndEachKindIsWhatItSays) {
  EcommerceOptions o = Small("dirty");
  o.transactions = 200'000;
  o.dirty_rate = 0.04;
  EcommerceStats stats = Generate(o);
  const double rate = static_cast<double>(stats.dirty_rows()) / 200'000.0;
  EXPECT_NEAR(rate, 0.04, 0.004);
  for (int i = 1; i < kDirtyKindCount; ++i) {
    EXPECT_GT(stats.dirty[static_cast<size_t>(i)], 200) << DirtyKindName(DirtyKind(i));
  }
  auto count = [&](DirtyKind kind) { return stats.dirty[static_cast<size_t>(kind)]; };

  CreateRawView(o.out_dir);
  EXPECT_EQ(SqlInt("SELECT count(*) FROM raw"), 200'000);
  EXPECT_EQ(SqlInt("SELECT count(*) - (SELECT count(*) FROM (SELECT DISTINCT * FROM raw)) "
                   "FROM raw"),
            count(DirtyKind::kDuplicate));
  // Each spoiled kind, counted over distinct rows (a duplicate may repeat a spoiled row).
  const std::string distinct = "(SELECT DISTINCT * FROM raw)";
  EXPECT_EQ(SqlInt("SELECT count(*) FROM " + distinct + " WHERE TRY_CAST(amount AS DOUBLE) < 0"),
            count(DirtyKind::kNegativeAmount));
  EXPECT_EQ(
      SqlInt("SELECT count(*) FROM " + distinct + " WHERE TRY_CAST(product_id AS BIGINT) > 120"),
      count(DirtyKind::kUnknownProduct));
  EXPECT_EQ(SqlInt("SELECT count(*) FROM " + distinct +
                   " WHERE quantity IS NOT NULL AND TRY_CAST(quantity AS INTEGER) IS NULL"),
            count(DirtyKind::kNonNumericQuantity));
  EXPECT_EQ(SqlInt("SELECT count(*) FROM " + distinct +
                   " WHERE event_time IS NOT NULL AND TRY_CAST(event_time AS TIMESTAMPTZ) IS NULL"),
            count(DirtyKind::kMalformedDate));
  EXPECT_EQ(SqlInt("SELECT count(*) FROM " + distinct +
                   " WHERE transaction_id IS NULL OR customer_id IS NULL OR product_id IS NULL "
                   "OR quantity IS NULL OR amount IS NULL OR event_time IS NULL"),
            count(DirtyKind::kNullRequired));
  // A late update repeats a transaction id with another status and a later updated_at.
  const int64_t updated =
      SqlInt("SELECT count(*) FROM (SELECT transaction_id FROM " + distinct +
             " WHERE transaction_id IS NOT NULL GROUP BY 1 HAVING count(DISTINCT status) > 1 AND "
             "count(DISTINCT updated_at) > 1)");
  EXPECT_GE(updated, count(DirtyKind::kLateUpdate) * 8 / 10);
}

TEST_F(GeneratorTest, CleanRowsHaveTypesAndReferentialIntegrity) {
  EcommerceOptions o = Small("clean");
  o.dirty_rate = 0;
  Generate(o);
  const std::string tx = "read_csv('" + o.out_dir + "/transactions/*.csv')";
  EXPECT_EQ(Sql("SELECT string_agg(column_name || ' ' || column_type, ', ') FROM (DESCRIBE "
                "SELECT * FROM " +
                tx + ")"),
            "transaction_id BIGINT, order_id BIGINT, customer_id BIGINT, product_id BIGINT, "
            "quantity BIGINT, unit_price DOUBLE, discount DOUBLE, amount DOUBLE, currency "
            "VARCHAR, payment_method VARCHAR, country VARCHAR, status VARCHAR, event_time "
            "TIMESTAMP WITH TIME ZONE, updated_at TIMESTAMP WITH TIME ZONE");
  const std::string customers = "read_csv('" + o.out_dir + "/customers/customers.csv')";
  const std::string products = "read_csv('" + o.out_dir + "/products/products.csv')";
  EXPECT_EQ(Sql("SELECT string_agg(column_name || ' ' || column_type, ', ') FROM (DESCRIBE "
                "SELECT * FROM " +
                customers + ")"),
            "customer_id BIGINT, name VARCHAR, email VARCHAR, country VARCHAR, city VARCHAR, "
            "signup_date DATE, segment VARCHAR");
  EXPECT_EQ(
      SqlInt("SELECT count(*) FROM " + tx + " t ANTI JOIN " + customers + " c USING (customer_id)"),
      0);
  EXPECT_EQ(
      SqlInt("SELECT count(*) FROM " + tx + " t ANTI JOIN " + products + " p USING (product_id)"),
      0);
  // Countries follow the customer; amounts follow price, quantity and discount; every id once.
  EXPECT_EQ(SqlInt("SELECT count(*) FROM " + tx + " t JOIN " + customers +
                   " c USING (customer_id) WHERE t.country <> c.country"),
            0);
  EXPECT_EQ(SqlInt("SELECT count(*) FROM " + tx +
                   " WHERE abs(amount - quantity * unit_price * (1 - discount)) > 0.01 OR "
                   "quantity < 1 OR amount < 0 OR updated_at < event_time"),
            0);
  EXPECT_EQ(SqlInt("SELECT count(*) - count(DISTINCT transaction_id) FROM " + tx), 0);
  EXPECT_EQ(Sql("SELECT min(event_time)::DATE || ' ' || max(event_time)::DATE FROM " + tx),
            "2025-01-01 2025-03-31");
  EXPECT_EQ(Sql("SELECT string_agg(DISTINCT status, ',' ORDER BY status) FROM " + tx),
            "cancelled,completed,pending,returned");
  // Skew: the busiest 10% of customers place well over 10% of the orders.
  EXPECT_GT(std::stod(Sql("SELECT sum(n) FILTER (WHERE r <= 50) / sum(n) FROM (SELECT "
                          "customer_id, count(*) n, row_number() OVER (ORDER BY count(*) DESC) r "
                          "FROM " +
                          tx + " GROUP BY 1)")),
            0.25);
}

TEST_F(GeneratorTest, AppendAddsNewFilesWithLateUpdatesOfTheFirstBatch) {
  EcommerceOptions first = Small("batches");
  EcommerceStats one = Generate(first);
  auto before = Snapshot(first.out_dir);
  EcommerceOptions second = Small("batches");
  second.append = true;
  second.transactions = 5'000;
  second.files = 2;
  second.days = 30;
  second.dirty_rate = 0.1;
  second.seed = 999;  // ignored: the manifest's seed continues
  EcommerceStats two = Generate(second);
  EXPECT_EQ(two.batch, 2);
  EXPECT_EQ(two.first_id, one.end_id);
  EXPECT_EQ(two.start_date, "2025-04-01");
  EXPECT_EQ(two.customer_rows, 0);
  auto after = Snapshot(first.out_dir);
  for (const auto& [path, bytes] : before) {
    if (path != "_ingot_generate.json") {
      EXPECT_EQ(after[path], bytes) << path;
    }
  }
  EXPECT_EQ(after.size(), before.size() + 2);
  EXPECT_EQ(after.count("transactions/transactions-00004.csv"), 1u);
  EXPECT_EQ(after.count("transactions/transactions-00005.csv"), 1u);

  // Late updates in the new files repeat first-batch rows exactly, except status and updated_at.
  Sql("CREATE TABLE b1 AS SELECT * FROM read_csv(['" + first.out_dir +
      "/transactions/transactions-00001.csv', '" + first.out_dir +
      "/transactions/transactions-00002.csv', '" + first.out_dir +
      "/transactions/transactions-00003.csv'], all_varchar = true); SELECT 1");
  Sql("CREATE TABLE b2 AS SELECT * FROM read_csv(['" + first.out_dir +
      "/transactions/transactions-00004.csv', '" + first.out_dir +
      "/transactions/transactions-00005.csv'], all_varchar = true); SELECT 1");
  const int64_t old_ids = SqlInt("SELECT count(*) FROM b2 WHERE transaction_id::BIGINT < " +
                                 std::to_string(two.first_id));
  EXPECT_GT(old_ids, 25);
  EXPECT_EQ(
      SqlInt("SELECT count(*) FROM b2 WHERE transaction_id::BIGINT < " +
             std::to_string(two.first_id) +
             " AND transaction_id IN (SELECT transaction_id FROM b1 WHERE customer_id IS NOT NULL) "
             "AND NOT EXISTS (SELECT 1 FROM b1 WHERE b1.transaction_id = b2.transaction_id "
             "AND b1.customer_id = b2.customer_id AND b1.order_id = "
             "b2.order_id AND b1.unit_price = b2.unit_price AND b1.updated_at < "
             "b2.updated_at AND b1.status <> b2.status)"),
      0);
  // New rows fall in the new window.
  EXPECT_EQ(Sql("SELECT min(TRY_CAST(event_time AS TIMESTAMPTZ))::DATE FROM b2 WHERE "
                "transaction_id::BIGINT >= " +
                std::to_string(two.first_id)),
            "2025-04-01");
}

TEST_F(GeneratorTest, JsonLinesHoldTheSameRows) {
  EcommerceOptions csv = Small("csv");
  EcommerceOptions json = Small("json");
  json.format = OutputFormat::kJson;
  Generate(csv);
  Generate(json);
  EXPECT_EQ(Snapshot(json.out_dir).count("transactions/transactions-00001.json"), 1u);
  const std::string columns =
      "{transaction_id: 'VARCHAR', customer_id: 'VARCHAR', quantity: 'VARCHAR', amount: "
      "'VARCHAR', status: 'VARCHAR', event_time: 'VARCHAR', updated_at: 'VARCHAR'}";
  const std::string summary =
      "SELECT count(*) || ' ' || count(transaction_id) || ' ' || count(DISTINCT customer_id) || "
      "' ' || count(TRY_CAST(quantity AS INTEGER)) || ' ' || sum(TRY_CAST(amount AS "
      "DECIMAL(18,2))) || ' ' || count(DISTINCT status) || ' ' || "
      "count(TRY_CAST(event_time AS TIMESTAMPTZ)) || ' ' || max(updated_at::TIMESTAMPTZ) FROM ";
  const std::string from_csv =
      Sql(summary + "read_csv('" + csv.out_dir + "/transactions/*.csv', all_varchar = true)");
  EXPECT_EQ(from_csv, Sql(summary + "read_json('" + json.out_dir +
                          "/transactions/*.json', columns = " + columns + ")"));
  EXPECT_EQ(from_csv.substr(0, 6), "20000 ");
  EXPECT_EQ(SqlInt("SELECT count(*) FROM read_json('" + json.out_dir + "/customers/*.json')"), 500);
}

TEST_F(GeneratorTest, MemoryStaysBoundedForMillionsOfRows) {
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  const long before_kb = usage.ru_maxrss;
  EcommerceOptions o = Small("big");
  o.transactions = 2'000'000;
  o.customers = 100'000;
  o.products = 5'000;
  o.files = 2;
  o.threads = 2;
  EcommerceStats stats = Generate(o);
  EXPECT_EQ(stats.transaction_rows, 2'000'000);
  int64_t bytes = 0;
  for (const GeneratedFile& f : stats.files) bytes += f.bytes;
  EXPECT_GT(bytes, 200'000'000);  // far more than the memory allowed below
  getrusage(RUSAGE_SELF, &usage);
  EXPECT_LT(usage.ru_maxrss - before_kb, 32 * 1024)
      << "peak RSS grew by " << usage.ru_maxrss - before_kb << " KiB";
}

}  // namespace
}  // namespace ingot::generators
