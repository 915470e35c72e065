#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/result.h"

// The decoded rows of deletion vectors, shaped for testing many row numbers fast, and a bounded
// cache of them shared by the threads of a database.
namespace ingot::delta {

// A set of deleted row indexes. Dense sets are a bitmap over [0, max row] (one bit per row: a
// test is a shift and a mask); sets whose bitmap would be much larger than the sorted row list
// (a few rows far apart) keep the sorted list and binary-search it.
class DeletedRows {
 public:
  // `sorted_rows` ascending, without duplicates (as DecodeDeletionVectorBitmap returns them).
  static DeletedRows FromSorted(std::vector<uint64_t> sorted_rows);

  // keep[i] = whether row rows[i] is not deleted (negative indexes are never deleted).
  void Keep(const int64_t* rows, size_t count, bool* keep) const;

  // Memory held, in bytes.
  size_t bytes() const;

 private:
  std::vector<uint64_t> bits_;  // dense form: bit r set = row r deleted, r < bit_limit_
  uint64_t bit_limit_ = 0;
  std::vector<uint64_t> sparse_;  // sparse form: the sorted rows
};

// Decoded deletion vectors by key, loaded at most once while cached: concurrent Get calls for
// one key wait for a single load. Least recently used entries are dropped once the entries hold
// more than `max_bytes` (an entry in use stays alive with its users). Failed loads are not
// cached. Thread-safe.
class DeletedRowsCache {
 public:
  using Loader = std::function<Result<DeletedRows>()>;

  explicit DeletedRowsCache(size_t max_bytes) : max_bytes_(max_bytes) {}

  Result<std::shared_ptr<const DeletedRows>> Get(const std::string& key, const Loader& load);

 private:
  struct Entry {
    std::mutex load;
    std::shared_ptr<const DeletedRows> rows;
  };
  struct Slot {
    std::shared_ptr<Entry> entry;
    std::list<std::string>::iterator recency;
    size_t bytes = 0;
  };

  const size_t max_bytes_;
  std::mutex mutex_;
  std::list<std::string> recency_;  // most recently used first
  std::unordered_map<std::string, Slot> slots_;
  size_t bytes_ = 0;
};

}  // namespace ingot::delta
