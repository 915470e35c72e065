// Many writers race to commit to one table, as threads and as processes; every commit must land
// exactly once and the versions must be contiguous (delta-rs test/src/concurrent.rs).

#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "delta/txn/commit.h"
#include "delta/txn/txn_test_util.h"
#include "storage/local_fs.h"

namespace ingot::delta::testing {
namespace {

std::string FileOf(int writer, int commit) {
  return "w" + std::to_string(writer) + "-c" + std::to_string(commit) + ".parquet";
}

// One writer's loop: `commits` blind appends, each planned against the version its previous
// commit landed at (so most plans are stale and must retry). Returns the first error.
Status AppendLoop(LogStore& store, int writer, int commits) {
  int64_t read_version = 0;
  for (int commit = 0; commit < commits; ++commit) {
    Result<CommitResult> result =
        Commit(store, BlindAppendRequest(read_version, {FileOf(writer, commit)}), RaceOptions());
    if (!result.ok()) return result.status();
    read_version = result->version;
  }
  return Status::OK();
}

// Checks the log after `writers` x `commits` appends on top of version 0.
void ExpectEveryCommitOnce(const LogStore& store, int writers, int commits) {
  const int64_t last = static_cast<int64_t>(writers) * commits;
  ASSERT_OK_AND_ASSIGN(auto latest, store.LatestVersion());
  ASSERT_EQ(latest, last);
  ASSERT_OK_AND_ASSIGN(std::vector<int64_t> versions, store.ListCommitVersions(0));
  ASSERT_EQ(versions.size(), static_cast<size_t>(last + 1));
  for (int64_t version = 0; version <= last; ++version) {
    ASSERT_EQ(versions[static_cast<size_t>(version)], version) << "versions are not contiguous";
  }

  std::map<std::string, int> seen;
  for (const std::string& path : AllAddedPaths(store)) ++seen[path];
  EXPECT_EQ(seen.size(), static_cast<size_t>(last));
  for (int writer = 0; writer < writers; ++writer) {
    for (int commit = 0; commit < commits; ++commit) {
      EXPECT_EQ(seen[FileOf(writer, commit)], 1) << FileOf(writer, commit);
    }
  }

  // Each commit has one add and a timestamp above its predecessor's.
  int64_t previous = -1;
  for (int64_t version = 1; version <= last; ++version) {
    CommitInfo info = ReadCommitInfo(store, version);
    ASSERT_TRUE(info.timestamp.has_value());
    EXPECT_GT(*info.timestamp, previous) << "version " << version;
    previous = *info.timestamp;
  }
}

void RunThreadRace(std::shared_ptr<storage::FileSystem> fs, const std::string& root, int writers,
                   int commits) {
  LogStore store(std::move(fs), root);
  CreateTable(store);
  std::vector<Status> outcomes(static_cast<size_t>(writers));
  std::vector<std::thread> threads;
  for (int writer = 0; writer < writers; ++writer) {
    threads.emplace_back([&, writer] {
      outcomes[static_cast<size_t>(writer)] = AppendLoop(store, writer, commits);
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const Status& outcome : outcomes) ASSERT_OK(outcome);
  ExpectEveryCommitOnce(store, writers, commits);
}

TEST(DeltaTxnCommitRaceTest, ThreadsOnLocalFileSystem) {
  ScopedTempDir dir;
  RunThreadRace(
      std::make_shared<storage::LocalFileSystem>(storage::LocalFileSystemOptions{.durable = false}),
      dir.path() + "/t", /*writers=*/8, /*commits=*/20);
}

TEST(DeltaTxnCommitRaceTest, ThreadsOnMemoryFileSystem) {
  RunThreadRace(std::make_shared<storage::MemoryFileSystem>(), "t", /*writers=*/8,
                /*commits=*/20);
}

TEST(DeltaTxnCommitRaceTest, ConcurrentCreatesLetExactlyOneWin) {
  constexpr int kCreators = 6;
  ScopedTempDir dir;
  LogStore store(
      std::make_shared<storage::LocalFileSystem>(storage::LocalFileSystemOptions{.durable = false}),
      dir.path() + "/t");
  std::vector<Status> outcomes(kCreators);
  std::vector<std::thread> threads;
  for (int creator = 0; creator < kCreators; ++creator) {
    threads.emplace_back([&, creator] {
      outcomes[static_cast<size_t>(creator)] = Commit(store, CreateTableRequest()).status();
    });
  }
  for (std::thread& thread : threads) thread.join();
  int won = 0;
  for (const Status& outcome : outcomes) {
    if (outcome.ok()) {
      ++won;
    } else {
      EXPECT_TRUE(outcome.IsAlreadyExists()) << outcome;
      EXPECT_THAT(outcome.message(), ::testing::HasSubstr("cannot create table"));
    }
  }
  EXPECT_EQ(won, 1);
  ASSERT_OK_AND_ASSIGN(auto latest, store.LatestVersion());
  EXPECT_EQ(latest, 0);
}

TEST(DeltaTxnCommitRaceTest, ProcessesOnLocalFileSystem) {
  constexpr int kWriters = 4;
  constexpr int kCommits = 20;
  ScopedTempDir dir;
  auto fs =
      std::make_shared<storage::LocalFileSystem>(storage::LocalFileSystemOptions{.durable = false});
  LogStore store(fs, dir.path() + "/t");
  CreateTable(store);

  // The children block on a pipe until the parent closes it, so that they start together.
  int start[2];
  ASSERT_EQ(::pipe(start), 0);
  std::vector<pid_t> children;
  for (int writer = 0; writer < kWriters; ++writer) {
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      ::close(start[1]);
      char byte;
      while (::read(start[0], &byte, 1) < 0) {
      }
      LogStore child_store(std::make_shared<storage::LocalFileSystem>(
                               storage::LocalFileSystemOptions{.durable = false}),
                           dir.path() + "/t");
      Status status = AppendLoop(child_store, writer, kCommits);
      if (!status.ok()) std::fprintf(stderr, "writer %d: %s\n", writer, status.ToString().c_str());
      ::_exit(status.ok() ? 0 : 1);
    }
    children.push_back(pid);
  }
  ::close(start[0]);
  ::close(start[1]);  // go
  for (pid_t pid : children) {
    int wstatus = 0;
    ASSERT_EQ(::waitpid(pid, &wstatus, 0), pid);
    EXPECT_TRUE(WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0) << "child " << pid;
  }
  ExpectEveryCommitOnce(store, kWriters, kCommits);

  // Every process drew its own txnIds.
  std::map<std::string, int> txn_ids;
  for (int64_t version = 0; version <= kWriters * kCommits; ++version) {
    ++txn_ids[ReadCommitInfo(store, version).txn_id.value_or("")];
  }
  EXPECT_EQ(txn_ids.size(), static_cast<size_t>(kWriters * kCommits + 1));
}

}  // namespace
}  // namespace ingot::delta::testing
