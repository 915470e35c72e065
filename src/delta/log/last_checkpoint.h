#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"

namespace ingot::delta {

// The `_delta_log/_last_checkpoint` hint: which checkpoint is the newest. Readers must survive it
// being missing, empty, malformed or stale by listing the log instead.
struct LastCheckpoint {
  int64_t version = 0;
  int64_t size = 0;              // actions in the checkpoint
  std::optional<int32_t> parts;  // multi-part checkpoints only
  std::optional<int64_t> size_in_bytes;
  std::optional<int64_t> num_of_add_files;

  // Parses the file. `checkpointSchema`, `checksum`, `tags`, `v2Checkpoint` and unknown keys
  // are ignored (the checksum is not verified). Empty or malformed content, or a missing
  // version/size, is kCorruption.
  static Result<LastCheckpoint> Parse(std::string_view json);

  // Compact JSON with the fields above, in Spark's order.
  std::string ToJson() const;

  bool operator==(const LastCheckpoint& other) const = default;
};

}  // namespace ingot::delta
