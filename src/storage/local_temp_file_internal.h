#pragma once

// The staging file behind LocalFileSystem's atomic writes. Not part of the storage API.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/result.h"
#include "common/status.h"
#include "storage/posix_util_internal.h"

namespace ingot::storage::internal {

// Suffix of every staging file; they are named ".<target name>.<unique>.ingot-tmp" and live in the
// target's directory, so that publishing is a rename or link within one file system.
inline constexpr std::string_view kTempFileSuffix = ".ingot-tmp";

// A uniquely named file next to a target path, written sequentially and then published at the
// target by rename (replace) or link (create only). Destroying it before publishing removes it.
// Not thread-safe.
class LocalTempFile {
 public:
  // Creates the target's missing parent directories and an empty staging file. When `durable`,
  // every step that makes data or names visible is fsync()ed.
  static Result<std::unique_ptr<LocalTempFile>> Create(std::string target, bool durable);

  LocalTempFile(const LocalTempFile&) = delete;
  LocalTempFile& operator=(const LocalTempFile&) = delete;
  ~LocalTempFile() { Discard(); }

  // Appends `data` (buffered).
  Status Append(std::string_view data);
  int64_t size() const { return size_; }

  // Replaces the target with the staged content: flush, fsync, rename, fsync the directory.
  Status Publish();

  // Creates the target with the staged content only if nothing is there (kAlreadyExists
  // otherwise): flush, fsync, link() to the target, unlink the staging name, fsync the directory.
  // On file systems without hard links it falls back to renameat2(RENAME_NOREPLACE).
  Status PublishIfAbsent();

  // Closes and removes the staging file. Idempotent.
  void Discard();

  const std::string& target() const { return target_; }
  const std::string& temp_path() const { return temp_path_; }

 private:
  LocalTempFile(std::string target, std::string temp_path, UniqueFd fd, bool durable);

  // Writes out the buffer, fsyncs when durable and closes the descriptor.
  Status Seal();
  Status FlushBuffer();

  std::string target_;
  std::string temp_path_;
  UniqueFd fd_;
  bool durable_;
  bool exists_ = true;  // the staging name is still on disk
  int64_t size_ = 0;
  std::string buffer_;
};

}  // namespace ingot::storage::internal
