// Concurrent writers on one Delta table, each a separate `ingot` process (as users run them):
// every blind append lands exactly once at its own version, and racing overwrites leave exactly
// one writer's rows, with the loser failing with exit code 6 or landing after the winner.
#include <chrono>
#include <filesystem>
#include <latch>
#include <map>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "delta_test_util.h"

namespace ingot::testing {
namespace {

using ::testing::ElementsAreArray;
using ::testing::HasSubstr;

// The version printed by a successful append/overwrite ("...: version 7, ..."), or -1.
int64_t PrintedVersion(const CliRun& run) {
  static const std::regex kVersion(": version ([0-9]+),");
  std::smatch m;
  if (!std::regex_search(run.out, m, kVersion)) return -1;
  return std::stoll(m[1].str());
}

class DeltaConcurrencyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir(std::string("delta_conc_") +
                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    table_ = dir_ + "/t";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string dir_;
  std::string table_;
};

// delta-rs test/src/concurrent.rs, through the CLI: 4 processes x 50 appends.
TEST_F(DeltaConcurrencyTest, FourWritersAppendFiftyTimesEachAndEveryCommitLandsOnce) {
  constexpr int kWriters = 4;
  constexpr int kAppends = 50;
  constexpr int kTotal = kWriters * kAppends;
  CliRun created = RunIngot({"table", "create", table_, "--schema", "w INTEGER, i INTEGER"});
  ASSERT_EQ(created.exit_code, 0) << created.err;

  std::vector<std::vector<CliRun>> runs(kWriters);
  std::latch start(kWriters);
  auto began = std::chrono::steady_clock::now();
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      start.arrive_and_wait();
      for (int i = 0; i < kAppends; ++i) {
        std::string sql = "SELECT " + std::to_string(w) + " AS w, " + std::to_string(i) + " AS i";
        // --log-level info: the "delta commit landed" line tells how many attempts it took.
        runs[w].push_back(
            RunIngotProcess({"--log-level", "info", "table", "append", table_, "--sql", sql},
                            dir_ + "/writer" + std::to_string(w)));
      }
    });
  }
  for (std::thread& t : writers) t.join();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();

  // Every append succeeded and reported its own version; together they are 1..200.
  std::map<int64_t, std::pair<int, int>> by_version;
  int retried = 0;
  int max_attempts = 1;
  static const std::regex kAttempts("attempts[=\":]+([0-9]+)");
  for (int w = 0; w < kWriters; ++w) {
    ASSERT_EQ(runs[w].size(), static_cast<size_t>(kAppends));
    for (int i = 0; i < kAppends; ++i) {
      const CliRun& run = runs[w][i];
      EXPECT_EQ(run.exit_code, 0) << "writer " << w << " append " << i << ": " << run.err;
      int64_t version = PrintedVersion(run);
      EXPECT_TRUE(by_version.emplace(version, std::make_pair(w, i)).second)
          << "writer " << w << " append " << i << " reported version " << version
          << ", already reported by another append";
      std::smatch m;
      if (std::regex_search(run.err, m, kAttempts)) {
        int attempts = std::stoi(m[1].str());
        if (attempts > 1) ++retried;
        max_attempts = std::max(max_attempts, attempts);
      }
    }
  }
  ASSERT_EQ(by_version.size(), static_cast<size_t>(kTotal));
  EXPECT_EQ(by_version.begin()->first, 1);
  EXPECT_EQ(by_version.rbegin()->first, kTotal);

  // The log holds versions 0..200, no gap, no extra; history lists the same, newest first.
  std::vector<int64_t> expected_versions;
  for (int64_t v = 0; v <= kTotal; ++v) expected_versions.push_back(v);
  EXPECT_THAT(CommitFileVersions(table_), ElementsAreArray(expected_versions));
  std::vector<int64_t> history = HistoryVersions(table_);
  std::reverse(history.begin(), history.end());
  EXPECT_THAT(history, ElementsAreArray(expected_versions));

  // Every (w, i) exactly once.
  std::string expected_rows;
  for (int w = 0; w < kWriters; ++w) {
    for (int i = 0; i < kAppends; ++i) {
      expected_rows += std::to_string(w) + "," + std::to_string(i) + ",1\n";
    }
  }
  EXPECT_EQ(SqlCsv("SELECT w, i, count(*) AS n FROM delta_scan(" + SqlLiteral(table_) +
                   ") GROUP BY ALL ORDER BY w, i"),
            expected_rows);

  // One data file per append, all referenced: a retried commit does not rewrite its data.
  std::set<std::string> added = PathsEverAdded(table_);
  EXPECT_EQ(added.size(), static_cast<size_t>(kTotal));
  EXPECT_EQ(ParquetFilesOnDisk(table_), added);

  std::printf(
      "[ delta    ] %d writers x %d appends in %.1f s; %d appends needed a retry, at most "
      "%d attempts\n",
      kWriters, kAppends, seconds, retried, max_attempts);
  RecordProperty("seconds", std::to_string(seconds));
  RecordProperty("appends_retried", retried);
}

// Two overwrites with different rows started together, 10 rounds.
TEST_F(DeltaConcurrencyTest, RacingOverwritesLeaveExactlyOneWritersRows) {
  constexpr int kRounds = 10;
  CliRun created = RunIngot({"table", "create", table_, "--schema", "w VARCHAR, i BIGINT"});
  ASSERT_EQ(created.exit_code, 0) << created.err;

  struct Writer {
    std::string name;
    int64_t rows;
  };
  int conflicts = 0;
  int both_landed = 0;
  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    // Different row counts, so the rows and the history's metrics tell the writers apart.
    const Writer writers[2] = {{"A" + std::to_string(round), 30000},
                               {"B" + std::to_string(round), 20000}};
    int64_t before = CommitFileVersions(table_).back();

    CliRun runs[2];
    std::latch start(2);
    std::vector<std::thread> threads;
    for (int k = 0; k < 2; ++k) {
      threads.emplace_back([&, k] {
        std::string sql = "SELECT '" + writers[k].name + "' AS w, range AS i FROM range(" +
                          std::to_string(writers[k].rows) + ")";
        start.arrive_and_wait();
        runs[k] = RunIngotProcess({"table", "overwrite", table_, "--sql", sql},
                                  dir_ + "/overwrite" + std::to_string(k));
      });
    }
    for (std::thread& t : threads) t.join();

    // Each either landed (0) or lost with a conflict (6), and at least one landed.
    int landed = 0;
    int winner = -1;  // whose commit is the newest
    int64_t newest = -1;
    for (int k = 0; k < 2; ++k) {
      const CliRun& run = runs[k];
      ASSERT_TRUE(run.exit_code == 0 || run.exit_code == 6)
          << writers[k].name << " exited " << run.exit_code << ": " << run.err;
      if (run.exit_code == 6) {
        // "error: commit to table 'T' (read version R, operation WRITE) conflicts with version
        // R+1 (rule: concurrent delete-read): ..."
        EXPECT_THAT(run.err,
                    HasSubstr("conflicts with version " + std::to_string(before + 1) + " (rule: "));
        EXPECT_THAT(run.err, HasSubstr(table_));
        EXPECT_TRUE(run.out.empty()) << run.out;
        continue;
      }
      ++landed;
      int64_t version = PrintedVersion(run);
      EXPECT_GT(version, before) << run.out;
      if (version > newest) {
        newest = version;
        winner = k;
      }
    }
    ASSERT_GE(landed, 1) << "both overwrites failed:\n" << runs[0].err << runs[1].err;
    if (landed == 2) {
      ++both_landed;
      // One after the other: the later one read the earlier one's table and replaced it.
      EXPECT_EQ(PrintedVersion(runs[1 - winner]), before + 1);
      EXPECT_EQ(newest, before + 2);
    } else {
      ++conflicts;
      EXPECT_EQ(newest, before + 1);
    }

    // The table is exactly the newest commit's rows: never a mix, never a partial winner.
    const Writer& w = writers[winner];
    EXPECT_EQ(SqlCsv("SELECT w, count(*), count(DISTINCT i), min(i), max(i) FROM delta_scan(" +
                     SqlLiteral(table_) + ") GROUP BY w"),
              w.name + "," + std::to_string(w.rows) + "," + std::to_string(w.rows) + ",0," +
                  std::to_string(w.rows - 1) + "\n");

    // The log and the history agree with the outcome.
    std::vector<int64_t> versions = CommitFileVersions(table_);
    EXPECT_TRUE(IsContiguousFromZero(versions));
    EXPECT_EQ(versions.back(), before + landed);
    std::vector<int64_t> history = HistoryVersions(table_);
    ASSERT_FALSE(history.empty());
    EXPECT_EQ(history.front(), before + landed);
    // The newest commits, newest first: the winner's overwrite, then (when both landed) the
    // other one's.
    CliRun latest = RunIngot(
        {"table", "history", table_, "--limit", std::to_string(landed), "--format", "json"});
    ASSERT_EQ(latest.exit_code, 0) << latest.err;
    // parameters and metrics are printed as JSON text inside a string: drop the escapes.
    std::erase(latest.out, '\\');
    std::vector<std::string> entries;
    for (size_t pos = 0; pos < latest.out.size();) {
      size_t end = latest.out.find('\n', pos);
      entries.push_back(latest.out.substr(pos, end - pos));
      pos = end == std::string::npos ? latest.out.size() : end + 1;
    }
    ASSERT_EQ(entries.size(), static_cast<size_t>(landed)) << latest.out;
    for (int e = 0; e < landed; ++e) {
      const Writer& committed = writers[e == 0 ? winner : 1 - winner];
      EXPECT_THAT(entries[e],
                  HasSubstr("\"version\":" + std::to_string(before + landed - e) + ","));
      EXPECT_THAT(entries[e], HasSubstr("\"mode\":\"Overwrite\""));
      EXPECT_THAT(entries[e],
                  HasSubstr("\"numOutputRows\":\"" + std::to_string(committed.rows) + "\""));
    }

    // A loser removed the data files it wrote: every Parquet file on disk is in the log.
    EXPECT_EQ(ParquetFilesOnDisk(table_), PathsEverAdded(table_));
  }
  std::printf(
      "[ delta    ] %d racing overwrite rounds: %d ended in a conflict (exit 6), %d had "
      "both land one after the other\n",
      kRounds, conflicts, both_landed);
  RecordProperty("conflicts", conflicts);
}

}  // namespace
}  // namespace ingot::testing
