#pragma once

// Test-only helpers for the txn tests: tables, requests and log inspection.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "delta/log/actions.h"
#include "delta/txn/commit.h"
#include "delta/txn/log_store.h"
#include "storage/memory_fs.h"
#include "storage/storage_test_util.h"

namespace ingot::delta::testing {

using storage::testing::ScopedTempDir;

// A memory file system (mtimes from `clock` when given) and a LogStore for table "t" in it.
struct MemoryTable {
  explicit MemoryTable(Clock* clock = nullptr);
  std::shared_ptr<storage::MemoryFileSystem> fs;
  LogStore store;
};

Protocol TestProtocol();
// A one-column ("id" long) unpartitioned table's metadata with the given configuration.
Metadata TestMetadata(std::map<std::string, std::string> configuration = {});
Add TestAdd(const std::string& path, bool data_change = true);
Remove TestRemove(const std::string& path);

// Protocol + metadata for version 0, operation "CREATE TABLE".
CommitRequest CreateTableRequest();
// A blind append of `paths` planned against `read_version`.
CommitRequest BlindAppendRequest(int64_t read_version, const std::vector<std::string>& paths);

// Creates the table (version 0) and fails the test if that fails.
void CreateTable(LogStore& store);

// The actions of commit `version`; an empty vector (and a test failure) on error.
std::vector<Action> ReadActions(const LogStore& store, int64_t version);
// The commitInfo of commit `version`; a test failure when there is none.
CommitInfo ReadCommitInfo(const LogStore& store, int64_t version);
// Every add.path in commits 0..latest, in version order (a path added twice appears twice).
std::vector<std::string> AllAddedPaths(const LogStore& store);

// Options with a large attempt budget and no backoff, for races.
CommitOptions RaceOptions();

}  // namespace ingot::delta::testing
