// Randomized MERGE / DELETE / UPDATE on small Delta tables (with and without partitions, several
// files, with and without deletion vectors), each result compared with the same statement run by
// DuckDB on an in-memory copy.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "delta/ops/delete_table.h"
#include "delta/ops/dml_test_util.h"
#include "delta/ops/merge_table.h"
#include "delta/ops/update_table.h"
#include "duck/connection.h"

namespace ingot::delta {
namespace {

constexpr char kColumns[] = "id, part, v, s, seq";

class DmlPropertyTest : public testing::DmlTest {
 protected:
  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return items[std::uniform_int_distribution<size_t>(0, items.size() - 1)(rng_)];
  }
  int Int(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool Chance(int percent) { return Int(1, 100) <= percent; }

  std::string Value(int null_percent, const std::string& value) {
    return Chance(null_percent) ? "NULL" : value;
  }

  // `rows` random rows as a query with the table's columns and types. Keys are unique when
  // `unique_keys`; seq values are always distinct.
  std::string RandomRows(int rows, bool unique_keys, int null_key_percent) {
    std::vector<int> ids;
    for (int i = 0; i < 40; ++i) ids.push_back(i);
    std::shuffle(ids.begin(), ids.end(), rng_);
    std::string values;
    if (rows == 0) values = "(NULL, NULL, NULL, NULL, NULL)";
    for (int r = 0; r < rows; ++r) {
      std::string id = unique_keys ? std::to_string(ids[r % ids.size()] + 40 * (r / 40))
                                   : std::to_string(Int(0, 12));
      values += values.empty() ? "(" : ", (";
      values += Value(null_key_percent, id) + ", " +
                Value(10, "'" + Pick<std::string>({"a", "b", "c"}) + "'") + ", " +
                Value(15, std::to_string(Int(-5, 50))) + ", " +
                Value(20, "'s" + std::to_string(Int(0, 9)) + "'") + ", " + std::to_string(seq_++) +
                ")";
    }
    return "SELECT CAST(id AS INTEGER) AS id, CAST(part AS VARCHAR) AS part, CAST(v AS "
           "INTEGER) AS v, CAST(s AS VARCHAR) AS s, CAST(seq AS INTEGER) AS seq FROM (VALUES " +
           values + ") AS r(id, part, v, s, seq)" + (rows == 0 ? " WHERE false" : "");
  }

  std::vector<std::string> Expected() {
    return Rows("SELECT " + std::string(kColumns) + " FROM expected ORDER BY ALL");
  }
  std::vector<std::string> Actual() {
    return Rows("SELECT " + std::string(kColumns) + " FROM (" + TableSql() + ") ORDER BY ALL");
  }

  // One random MERGE, run on both; returns a description for failure messages.
  std::string RandomMerge() {
    MergeTableOptions options;
    options.table_root = root_;
    options.keys =
        Chance(50) ? std::vector<std::string>{"id"} : std::vector<std::string>{"id", "part"};
    bool sequence = Chance(40);
    options.source_sql = RandomRows(Int(0, 12), !sequence, 10);
    if (sequence) options.sequence_by = "seq";
    options.when_matched = Pick<MatchedAction>({MatchedAction::kUpdate, MatchedAction::kUpdate,
                                                MatchedAction::kDelete, MatchedAction::kIgnore});
    options.matched_condition =
        Pick<std::string>({"", "", "source.v > target.v", "target.s IS NULL OR source.id < 6"});
    options.when_not_matched = Chance(75) ? NotMatchedAction::kInsert : NotMatchedAction::kIgnore;
    options.when_not_matched_by_source =
        Chance(25) ? NotMatchedBySourceAction::kDelete : NotMatchedBySourceAction::kIgnore;
    options.target_file_size = Chance(50) ? 1 : 128LL << 20;
    options.update_set = Pick<std::string>(
        {"", "", "", "v = source.v + 1", "s = source.s, v = coalesce(target.v, 0) - 1"});
    options.not_matched_condition =
        Pick<std::string>({"", "", "source.v > 10", "source.part = 'a' OR source.s IS NULL"});
    options.not_matched_by_source_condition =
        Pick<std::string>({"", "", "target.v < 20", "target.part IS NOT NULL"});

    std::string on;
    std::string any_null;
    std::string partition;
    for (const std::string& key : options.keys) {
      on += (on.empty() ? "" : " AND ") + ("target." + key + " = source." + key);
      any_null += (any_null.empty() ? "" : " OR ") + key + " IS NULL";
      partition += (partition.empty() ? "" : ", ") + key;
    }
    std::string source = "SELECT * FROM (" + options.source_sql + ")";
    if (sequence) {
      source += " QUALIFY " + any_null + " OR row_number() OVER (PARTITION BY " + partition +
                " ORDER BY seq DESC NULLS LAST) = 1";
    }
    std::string merge = "MERGE INTO expected AS target USING (" + source + ") AS source ON " + on;
    std::string when =
        options.matched_condition.empty() ? "" : " AND (" + options.matched_condition + ")";
    auto and_ = [](const std::string& condition) {
      return condition.empty() ? std::string() : " AND (" + condition + ")";
    };
    if (options.when_matched == MatchedAction::kUpdate) {
      merge += " WHEN MATCHED" + when + " THEN UPDATE SET " +
               (options.update_set.empty() ? "*" : options.update_set);
    } else if (options.when_matched == MatchedAction::kDelete) {
      merge += " WHEN MATCHED" + when + " THEN DELETE";
    }
    if (options.when_not_matched == NotMatchedAction::kInsert) {
      merge += " WHEN NOT MATCHED" + and_(options.not_matched_condition) + " THEN INSERT *";
    }
    if (options.when_not_matched_by_source == NotMatchedBySourceAction::kDelete) {
      merge += " WHEN NOT MATCHED BY SOURCE" + and_(options.not_matched_by_source_condition) +
               " THEN DELETE";
    }
    auto merged = MergeTable(con_.get(), options);
    EXPECT_TRUE(merged.ok()) << merged.status() << "\n" << merge;
    if (merged.ok()) {
      EXPECT_LE(merged->files_scanned, merged->files_total);
    }
    // DuckDB refuses a MERGE without any WHEN clause; it changes nothing.
    if (merge.find(" WHEN ") != std::string::npos) {
      Status expected = con_->Execute(merge);
      EXPECT_TRUE(expected.ok()) << expected << "\n" << merge;
    }
    return merge;
  }

  std::string RandomDelete() {
    std::string predicate =
        Pick<std::string>({"v > 20", "part = 'a'", "s IS NULL OR id < 5", "id % 3 = 0",
                           "part IS NULL", "part IN ('b', 'c') AND v < 10", "false"});
    auto deleted = DeleteFromTable(con_.get(), {.table_root = root_,
                                                .predicate = predicate,
                                                .target_file_size = Chance(50) ? 1 : 1 << 20});
    EXPECT_TRUE(deleted.ok()) << deleted.status() << "\n" << predicate;
    Status expected = con_->Execute("DELETE FROM expected WHERE " + predicate);
    EXPECT_TRUE(expected.ok()) << expected;
    return "DELETE WHERE " + predicate;
  }

  std::string RandomUpdate() {
    std::string set = Pick<std::string>(
        {"v = v + 1", "s = 'u' || id, v = NULL", "part = 'c'", "v = coalesce(v, 0) * 2, s = part"});
    std::string predicate =
        Pick<std::string>({"", "id < 6", "part = 'b'", "v IS NULL", "s = 's3' OR part IS NULL"});
    auto updated = UpdateTable(con_.get(), {.table_root = root_,
                                            .assignments = set,
                                            .predicate = predicate,
                                            .target_file_size = Chance(50) ? 1 : 1 << 20});
    EXPECT_TRUE(updated.ok()) << updated.status() << "\nSET " << set << " WHERE " << predicate;
    Status expected = con_->Execute("UPDATE expected SET " + set +
                                    (predicate.empty() ? "" : " WHERE " + predicate));
    EXPECT_TRUE(expected.ok()) << expected;
    return "UPDATE SET " + set + " WHERE " + predicate;
  }

  std::mt19937 rng_;
  int seq_ = 0;
};

TEST_F(DmlPropertyTest, RandomStatementsMatchDuckDB) {
  int iterations = 1000;  // the 1,000 random tables
  if (const char* env = std::getenv("INGOT_DML_PROPERTY_ITERATIONS")) {
    iterations = std::atoi(env);
  }
  for (int iteration = 0; iteration < iterations; ++iteration) {
    rng_.seed(static_cast<unsigned>(iteration));
    std::filesystem::remove_all(root_);
    ASSERT_TRUE(con_->Execute("DROP TABLE IF EXISTS expected").ok());
    bool partitioned = Chance(50);
    // Every other table writes deletion vectors (merge-on-read) instead of rewriting files.
    bool dvs = iteration % 2 == 1;
    std::string first = RandomRows(Int(1, 10), false, 5);
    std::map<std::string, std::string> properties;
    if (dvs) properties["delta.enableDeletionVectors"] = "true";
    Create(first, partitioned ? std::vector<std::string>{"part"} : std::vector<std::string>{},
           properties);
    ASSERT_TRUE(con_->Execute("CREATE TABLE expected AS " + first).ok());
    for (int file = Int(0, 3); file > 0; --file) {
      std::string more = RandomRows(Int(1, 8), false, 5);
      Append(more);
      ASSERT_TRUE(con_->Execute("INSERT INTO expected " + more).ok());
    }
    for (int statement = 0; statement < 3; ++statement) {
      int kind = Int(0, 3);
      std::string what = kind <= 1 ? RandomMerge() : kind == 2 ? RandomDelete() : RandomUpdate();
      ASSERT_EQ(Actual(), Expected())
          << "iteration " << iteration << " (partitioned: " << partitioned
          << ", deletion vectors: " << dvs << "), statement " << statement << ": " << what;
    }
  }
}

}  // namespace
}  // namespace ingot::delta
