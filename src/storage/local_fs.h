#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "storage/file_system.h"

namespace ingot::storage {

struct LocalFileSystemOptions {
  // fsync() every written file and every directory whose entries change (create, rename, link,
  // delete), so completed operations survive a machine crash. Off trades that for speed (scratch
  // space, some tests) and makes capabilities().durable false.
  bool durable = true;
};

// The local disk through POSIX calls. Paths are OS paths, absolute or relative to the working
// directory.
//
// Writes (OpenOutputStream, WriteFileAtomic, Copy) go to a staging file in the target's directory,
// named ".<name>.<unique>.ingot-tmp", which is then renamed over the target. PutIfAbsent stages the
// same way and then link()s the staging file to the target, which fails with EEXIST if anything is
// there: atomic across threads and processes, and the target is complete whenever it is visible.
// A crash can leave staging files behind; List reports them like any other file (their names start
// with '.', which Delta readers ignore).
//
// Symbolic links are followed by GetFileInfo, List and reads; List does not descend into linked
// directories. Deletes never follow links below the directory they are given: DeleteDir and
// DeleteDirContents remove such links, not what they point to; DeleteDir of a link itself is
// kInvalidArgument, DeleteDirContents of a link empties the directory it points to. List skips
// entries that are neither regular files nor directories (sockets, FIFOs).
//
// Thread-safe; holds no state besides its options.
class LocalFileSystem final : public FileSystem {
 public:
  explicit LocalFileSystem(LocalFileSystemOptions options = {});

  std::string type_name() const override { return "local"; }
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
  // Streams the copy through a staging file (constant memory).
  Status Copy(const std::string& from, const std::string& to) override;

  // The path made absolute against the working directory (DuckDB can open it directly).
  Result<std::string> ToUri(const std::string& path) const override;

 private:
  // Checks that `path` is a directory: kNotFound when absent, kInvalidArgument when a file.
  Status CheckIsDirectory(const std::string& path, std::string_view op) const;

  LocalFileSystemOptions options_;
};

}  // namespace ingot::storage
