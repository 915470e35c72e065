#include "delta/scan/deleted_rows.h"

#include <algorithm>

namespace ingot::delta {
namespace {

// A bitmap is used while it costs at most this much more memory than the sorted rows.
constexpr uint64_t kDenseSlackBytes = 4 << 20;

}  // namespace

DeletedRows DeletedRows::FromSorted(std::vector<uint64_t> sorted_rows) {
  DeletedRows out;
  if (sorted_rows.empty()) return out;
  const uint64_t limit = sorted_rows.back() + 1;
  const uint64_t bitmap_bytes = (limit + 63) / 64 * 8;
  if (bitmap_bytes > sorted_rows.size() * 8 + kDenseSlackBytes) {
    out.sparse_ = std::move(sorted_rows);
    return out;
  }
  out.bit_limit_ = limit;
  out.bits_.assign((limit + 63) / 64, 0);
  for (uint64_t row : sorted_rows) out.bits_[row >> 6] |= uint64_t{1} << (row & 63);
  return out;
}

void DeletedRows::Keep(const int64_t* rows, size_t count, bool* keep) const {
  if (!sparse_.empty()) {
    for (size_t i = 0; i < count; ++i) {
      keep[i] = rows[i] < 0 ||
                !std::binary_search(sparse_.begin(), sparse_.end(), static_cast<uint64_t>(rows[i]));
    }
    return;
  }
  const uint64_t* bits = bits_.data();
  const uint64_t limit = bit_limit_;
  for (size_t i = 0; i < count; ++i) {
    const auto row = static_cast<uint64_t>(rows[i]);  // negative: huge, never below the limit
    keep[i] = row >= limit || ((bits[row >> 6] >> (row & 63)) & 1) == 0;
  }
}

size_t DeletedRows::bytes() const { return (bits_.size() + sparse_.size()) * sizeof(uint64_t); }

Result<std::shared_ptr<const DeletedRows>> DeletedRowsCache::Get(const std::string& key,
                                                                 const Loader& load) {
  std::shared_ptr<Entry> entry;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = slots_.find(key);
    if (it != slots_.end()) {
      recency_.splice(recency_.begin(), recency_, it->second.recency);
      entry = it->second.entry;
    } else {
      entry = std::make_shared<Entry>();
      recency_.push_front(key);
      slots_.emplace(key, Slot{.entry = entry, .recency = recency_.begin()});
    }
  }
  std::shared_ptr<const DeletedRows> rows;
  size_t loaded_bytes = 0;
  {
    std::lock_guard<std::mutex> lock(entry->load);
    if (entry->rows != nullptr) return entry->rows;
    Result<DeletedRows> loaded = load();
    if (!loaded.ok()) return loaded.status();
    entry->rows = std::make_shared<const DeletedRows>(std::move(*loaded));
    rows = entry->rows;
    loaded_bytes = rows->bytes();
  }
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = slots_.find(key);
  if (it == slots_.end() || it->second.entry != entry) return rows;  // evicted while loading
  it->second.bytes = loaded_bytes;
  bytes_ += loaded_bytes;
  // Evict from the least recently used end, never the entry just loaded.
  while (bytes_ > max_bytes_ && recency_.size() > 1) {
    const std::string& victim = recency_.back();
    if (victim == key) break;
    auto victim_it = slots_.find(victim);
    bytes_ -= victim_it->second.bytes;
    slots_.erase(victim_it);
    recency_.pop_back();
  }
  return rows;
}

}  // namespace ingot::delta
