#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "storage/file_system.h"

namespace ingot::storage {

namespace internal {
struct MemoryState;
}  // namespace internal

struct MemoryFileSystemOptions {
  // Stamps modification times. nullptr means SystemClock::Default(). Not owned: it must outlive
  // the file system and every stream opened from it. A ManualClock makes mtimes deterministic.
  Clock* clock = nullptr;
  // Used by ToUri ("memory://<name>/<path>"); the registry sets it for memory:// URIs. With an
  // empty name ToUri returns kNotImplemented.
  std::string name;
};

// Files held in process memory, for unit tests. Behaves like an object store: paths are keys
// ("a/b/c"; a leading '/', "//" and "." segments are ignored, ".." may not climb above the root,
// "" is the root) and directories are implicit (they exist while some file lies below them, have
// mtime 0, and CreateDir only checks that no file is in the way). Unlike a real object store it
// refuses a file below another file, so every path is either a file or a directory.
//
// Every operation is atomic and linearizable (one mutex); file contents are immutable and shared,
// so open input files keep reading the content they opened and Copy costs no data copy. Nothing
// is durable. Thread-safe; streams and input files may outlive the file system.
class MemoryFileSystem final : public FileSystem {
 public:
  explicit MemoryFileSystem(MemoryFileSystemOptions options = {});
  ~MemoryFileSystem() override;

  std::string type_name() const override { return "memory"; }
  Capabilities capabilities() const override;

  Result<FileInfo> GetFileInfo(const std::string& path) override;
  Result<std::vector<FileInfo>> List(const std::string& prefix,
                                     const ListOptions& options = {}) override;
  Status CreateDir(const std::string& path) override;

  Result<std::string> ReadFile(const std::string& path) override;
  Result<std::string> ReadRange(const std::string& path, int64_t offset, int64_t length) override;
  Result<std::unique_ptr<RandomAccessFile>> OpenInputFile(const std::string& path) override;

  Result<std::unique_ptr<OutputStream>> OpenOutputStream(const std::string& path) override;
  Status WriteFileAtomic(const std::string& path, std::string_view data) override;
  Status PutIfAbsent(const std::string& path, std::string_view data) override;

  Status Delete(const std::string& path) override;
  Status DeleteDir(const std::string& path) override;
  Status DeleteDirContents(const std::string& path) override;
  Status Move(const std::string& from, const std::string& to) override;
  Status Copy(const std::string& from, const std::string& to) override;

  // "memory://<name>/<key>"; kNotImplemented without a name.
  Result<std::string> ToUri(const std::string& path) const override;

  // How many files the file system holds (for tests).
  size_t file_count() const;

 private:
  std::shared_ptr<internal::MemoryState> state_;
};

}  // namespace ingot::storage
