#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace ingot::delta {

// What one delta_scan call read: the snapshot's files and the ones left after data skipping.
struct ScanReport {
  std::string table;
  int64_t version = 0;
  std::string filter;  // empty: no filter
  int64_t files_total = 0;
  int64_t files_scanned = 0;
  int64_t bytes_total = 0;
  int64_t bytes_scanned = 0;
};

// Collects the reports of the delta_scan calls made through one database (thread-safe).
class ScanReportLog {
 public:
  void Add(ScanReport report) {
    std::lock_guard<std::mutex> lock(mutex_);
    // DuckDB may bind a table function call more than once per query.
    for (const ScanReport& r : reports_) {
      if (r.table == report.table && r.version == report.version && r.filter == report.filter) {
        return;
      }
    }
    reports_.push_back(std::move(report));
  }

  // The reports since the last call, oldest first.
  std::vector<ScanReport> Take() {
    std::lock_guard<std::mutex> lock(mutex_);
    return std::exchange(reports_, {});
  }

 private:
  std::mutex mutex_;
  std::vector<ScanReport> reports_;
};

}  // namespace ingot::delta
