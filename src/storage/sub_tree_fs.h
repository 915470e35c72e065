#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "storage/file_system.h"

namespace ingot::storage {

// Roots another FileSystem at a directory, e.g. a Delta table's location, so that code below can
// use table-relative paths ("_delta_log/00000000000000000000.json").
//
// Paths here are relative to the root: a leading '/', "//" and "." segments are ignored, "" is the
// root itself, and ".." may not climb above the root (kInvalidArgument). Path "x" maps to
// JoinPath(base_path, "x") in the base. FileInfo paths come back in this file system's terms;
// error messages keep the base's full paths, which is what one needs to debug. Capabilities are
// the base's; ToUri gives the base's URI for the full path.
//
// Thread-safe as the base is; holds no mutable state.
class SubTreeFileSystem final : public FileSystem {
 public:
  // `base_path` is a directory in `base`, which need not exist yet (writes create it). `base` must
  // not be null; it is shared.
  SubTreeFileSystem(std::string base_path, std::shared_ptr<FileSystem> base);

  const std::string& base_path() const { return base_path_; }
  const std::shared_ptr<FileSystem>& base_fs() const { return base_; }

  std::string type_name() const override;
  Capabilities capabilities() const override { return base_->capabilities(); }

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

  Result<std::string> ToUri(const std::string& path) const override;

 private:
  // The base's path for `path`; kInvalidArgument when it would leave the root.
  Result<std::string> FullPath(const std::string& path) const;

  std::string base_path_;
  std::shared_ptr<FileSystem> base_;
};

}  // namespace ingot::storage
