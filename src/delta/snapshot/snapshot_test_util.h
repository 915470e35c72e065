#pragma once

// Test-only helpers for the snapshot tests: golden tables, hand-written commits, DuckDB.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "delta/log/actions.h"
#include "duck/connection.h"
#include "duck/database.h"
#include "storage/file_system.h"

namespace ingot::delta::testing {

// <shared>/delta-golden/<table> (read-only).
std::string GoldenTablePath(const std::string& table);
bool GoldenTableExists(const std::string& table);

// Copies a golden table into `dest_dir`/<table> with writable permissions and returns the copy's
// path. Fails the test (and returns "") when the copy fails.
std::string CopyGoldenTable(const std::string& table, const std::string& dest_dir);

// Sets a local file's modification time.
void SetMtimeMillis(const std::string& path, int64_t millis);

// One DuckDB database for the whole test binary and a fresh connection to it.
std::unique_ptr<duck::Connection> NewConnection();

// Small action builders.
Protocol TestProtocol(int32_t reader = 1, int32_t writer = 2);
// Schema (id long, part string), partitioned by `part` when `partitioned`.
Metadata TestMetadata(bool partitioned = false);
Add TestAdd(const std::string& path, int64_t size = 100, const std::string& part = "");
Remove TestRemove(const std::string& path, int64_t deletion_timestamp);
CommitInfo TestCommitInfo(const std::string& operation, int64_t timestamp);

// Writes `actions` as commit `version` of the table at `root` (PutIfAbsent, SerializeCommit).
void WriteCommit(storage::FileSystem& fs, const std::string& root, int64_t version,
                 const std::vector<Action>& actions);

// The paths of a list of adds, in order.
std::vector<std::string> Paths(const std::vector<Add>& files);

}  // namespace ingot::delta::testing
