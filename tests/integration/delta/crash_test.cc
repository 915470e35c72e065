// `ingot table append` killed with SIGKILL at random moments (while DuckDB writes the data files,
// around the commit, during the checkpoint): the table always loads, holds exactly the appends
// whose commit landed (all of their rows, never part of them), keeps contiguous versions, and
// takes the next append. Files left by a killed writer that no commit references are allowed
// (they are counted and printed).
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <signal.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "delta_test_util.h"

namespace ingot::testing {
namespace {

using ::testing::ElementsAreArray;

constexpr int kKills = 50;
constexpr int64_t kRowsPerAppend = 200000;
constexpr int kMinMaxDelayMillis = 400;

std::vector<int64_t> Range(int64_t from_inclusive, int64_t to_inclusive) {
  std::vector<int64_t> out;
  for (int64_t v = from_inclusive; v <= to_inclusive; ++v) out.push_back(v);
  return out;
}

// "b,count\n" lines for `batches`, as the check query prints them.
std::string BatchCounts(const std::map<int, int64_t>& batches) {
  std::string out;
  for (const auto& [batch, rows] : batches) {
    out += std::to_string(batch) + "," + std::to_string(rows) + "\n";
  }
  return out;
}

class DeltaCrashTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir(std::string("delta_crash_") +
                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    table_ = dir_ + "/t";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string dir_;
  std::string table_;
};

TEST_F(DeltaCrashTest, KilledAppendsNeverLeaveAPartialCommit) {
  CliRun created = RunIngot({"table", "create", table_, "--schema", "b INTEGER, i BIGINT"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  std::map<int, int64_t> expected;  // batch -> rows, for every append whose commit landed
  auto append_args = [this](int batch) {
    return std::vector<std::string>{"table", "append", table_, "--sql",
                                    "SELECT " + std::to_string(batch) + " AS b, range AS i FROM " +
                                        "range(" + std::to_string(kRowsPerAppend) + ")"};
  };

  // One uninterrupted append (batch 0) tells how long a whole one takes on this machine now; the
  // kills are spread over 0..max(400 ms, 1.25 x that), so that they land while the process
  // starts, while DuckDB writes the data file, around the commit and after it exited.
  auto began = std::chrono::steady_clock::now();
  CliRun first = RunIngotProcess(append_args(0), dir_ + "/append");
  int whole_millis = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                          std::chrono::steady_clock::now() - began)
                                          .count());
  ASSERT_EQ(first.exit_code, 0) << first.err;
  expected[0] = kRowsPerAppend;
  int max_delay = std::max(kMinMaxDelayMillis, whole_millis * 5 / 4);

  // INGOT_CRASH_SEED=<n> repeats a run's delays (where each kill lands still varies with load).
  uint64_t seed = std::random_device{}();
  if (const char* env = std::getenv("INGOT_CRASH_SEED")) seed = std::strtoull(env, nullptr, 10);
  std::printf(
      "[ crash    ] seed %llu (INGOT_CRASH_SEED=%llu repeats the delays); an append of "
      "%lld rows takes %d ms, kills after 0..%d ms\n",
      static_cast<unsigned long long>(seed), static_cast<unsigned long long>(seed),
      static_cast<long long>(kRowsPerAppend), whole_millis, max_delay);
  RecordProperty("seed", std::to_string(seed));
  std::mt19937_64 random(seed);
  std::uniform_int_distribution<int> delay_millis(0, max_delay);

  // What a killed writer left, to tell where the kill landed.
  struct Debris {
    int orphans = 0;
    Leftovers leftovers;
  };
  auto debris = [this] {
    Debris d;
    std::set<std::string> referenced = PathsEverAdded(table_);
    for (const std::string& path : ParquetFilesOnDisk(table_)) {
      d.orphans += referenced.contains(path) ? 0 : 1;
    }
    d.leftovers = CountLeftovers(table_);
    return d;
  };

  int64_t version = 1;  // the table's latest version
  // Where the kills landed.
  int finished = 0;        // the append had exited 0 already
  int after_commit = 0;    // its commit landed
  int writing_commit = 0;  // it left a temporary commit file
  int before_commit = 0;   // it left complete data files no commit references
  int writing_data = 0;    // it left a staging directory
  int before_writing = 0;  // it left nothing: starting, loading the snapshot
  for (int k = 1; k <= kKills; ++k) {
    int delay = delay_millis(random);
    SCOPED_TRACE("kill " + std::to_string(k) + " after " + std::to_string(delay) + " ms");
    Debris before = debris();
    IngotProcess append = StartIngot(append_args(k), dir_ + "/append");
    std::this_thread::sleep_for(std::chrono::milliseconds(delay));
    ::kill(append.pid, SIGKILL);  // a no-op when it has already exited (it is not reaped yet)
    CliRun run = WaitIngot(append);
    ASSERT_TRUE(run.exit_code == 0 || run.exit_code == 128 + SIGKILL)
        << "append exited " << run.exit_code << ": " << run.err;

    // The commit landed or it did not; nothing in between.
    std::vector<int64_t> versions = CommitFileVersions(table_);
    ASSERT_TRUE(IsContiguousFromZero(versions));
    ASSERT_TRUE(versions.back() == version || versions.back() == version + 1)
        << "latest version " << versions.back() << " after version " << version;
    bool landed = versions.back() == version + 1;
    Debris after = debris();
    if (run.exit_code == 0) {
      ASSERT_TRUE(landed) << "the append reported success but no commit landed: " << run.out;
      ++finished;
    } else if (landed) {
      ++after_commit;
    } else if (after.leftovers.log_temp_files > before.leftovers.log_temp_files) {
      ++writing_commit;
    } else if (after.orphans > before.orphans) {
      ++before_commit;
    } else if (after.leftovers.staging_dirs > before.leftovers.staging_dirs) {
      ++writing_data;
    } else {
      ++before_writing;
    }
    if (landed) {
      ++version;
      expected[k] = kRowsPerAppend;
    }

    // The table loads and holds exactly the landed appends, each with all of its rows.
    CliRun scan = RunIngot({"table", "scan", table_, "--format", "csv", "--limit", "1"});
    ASSERT_EQ(scan.exit_code, 0) << scan.err;
    ASSERT_EQ(SqlCsv("SELECT b, count(*) FROM delta_scan(" + SqlLiteral(table_) +
                     ") GROUP BY b ORDER BY b"),
              BatchCounts(expected));
    std::vector<int64_t> history = HistoryVersions(table_);
    std::reverse(history.begin(), history.end());
    ASSERT_THAT(history, ElementsAreArray(Range(0, version)));

    // And the next writer is not disturbed by what the killed one left.
    if (k % 10 == 0) {
      CliRun next = RunIngot({"table", "append", table_, "--sql",
                              "SELECT " + std::to_string(-k) + " AS b, 0::BIGINT AS i"});
      ASSERT_EQ(next.exit_code, 0) << next.err;
      ++version;
      expected[-k] = 1;
    }
  }

  // A full scan after all of it: every landed row, nothing else.
  CliRun scan = RunIngot({"table", "scan", table_, "--format", "csv"});
  ASSERT_EQ(scan.exit_code, 0) << scan.err;
  int64_t total = 0;
  for (const auto& [batch, rows] : expected) total += rows;
  EXPECT_EQ(std::count(scan.out.begin(), scan.out.end(), '\n'), total + 1);  // + header
  EXPECT_THAT(CommitFileVersions(table_), ElementsAreArray(Range(0, version)));

  std::set<std::string> referenced = PathsEverAdded(table_);
  std::set<std::string> on_disk = ParquetFilesOnDisk(table_);
  for (const std::string& path : referenced) {
    EXPECT_TRUE(on_disk.contains(path)) << "referenced data file is missing: " << path;
  }
  Debris left = debris();
  std::printf(
      "[ crash    ] %d kills: %d after the append exited, %d after its commit landed, %d while "
      "writing the commit file, %d after writing data files, %d while writing them, %d before "
      "(no trace)\n",
      kKills, finished, after_commit, writing_commit, before_commit, writing_data, before_writing);
  std::printf(
      "[ crash    ] left behind (allowed): %d orphaned data files, %d staging directories, %d "
      "temporary files in _delta_log\n",
      left.orphans, left.leftovers.staging_dirs, left.leftovers.log_temp_files);
  RecordProperty("orphaned_data_files", left.orphans);
  RecordProperty("staging_dirs", left.leftovers.staging_dirs);
  RecordProperty("log_temp_files", left.leftovers.log_temp_files);
}

}  // namespace
}  // namespace ingot::testing
