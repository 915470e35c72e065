#pragma once

// Test helpers for the row-level operations (MERGE, DELETE, UPDATE).
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "delta/ops/delta_test_fixture.h"
#include "delta/snapshot/snapshot.h"

namespace ingot::delta::testing {

// The system clock that runs `hook` once, on the first reading: an operation reads the clock
// only after it loaded its snapshot (to stamp the files it writes), so the hook runs "between
// planning and commit" and can play a concurrent writer, deterministically.
class HookClock final : public Clock {
 public:
  explicit HookClock(std::function<void()> hook) : hook_(std::move(hook)) {}
  int64_t NowMillis() const override {
    Fire();
    return SystemClock::Default()->NowMillis();
  }
  int64_t NowMicros() const override {
    Fire();
    return SystemClock::Default()->NowMicros();
  }
  int64_t MonotonicNanos() const override { return SystemClock::Default()->MonotonicNanos(); }
  void SleepMillis(int64_t millis) override { SystemClock::Default()->SleepMillis(millis); }
  bool fired() const { return fired_; }

 private:
  void Fire() const {
    if (fired_) return;
    fired_ = true;
    hook_();
  }
  std::function<void()> hook_;
  mutable bool fired_ = false;
};

class DmlTest : public DeltaTableTest {
 protected:
  // Also registers the Delta SQL functions (deletion vectors in scans, delta_changes).
  void SetUp() override;
  // Creates the table from `sql` (version 0).
  void Create(const std::string& sql, std::vector<std::string> partitions = {},
              std::map<std::string, std::string> properties = {});
  // Appends the rows of `sql` (one more commit, one more file per partition).
  void Append(const std::string& sql);
  std::shared_ptr<const Snapshot> Load();
  // The table's rows ("v1|v2|..."), ordered by every column.
  std::vector<std::string> TableRows(const std::string& root = "");
  // The SQL reading the table's current rows.
  std::string TableSql(const std::string& root = "");
  // commitInfo.operationMetrics[key] of the newest commit.
  std::string LastMetric(const std::string& key);
  std::optional<std::string> LastOperation();
  std::string LastParameter(const std::string& key);
};

}  // namespace ingot::delta::testing
