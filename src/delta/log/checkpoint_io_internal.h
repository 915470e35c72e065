#pragma once

// Helpers shared by the checkpoint reader and writer: local files that DuckDB can open for files
// that live on any storage::FileSystem. Not part of the delta API.

#include <memory>
#include <string>
#include <string_view>

#include "common/result.h"
#include "common/status.h"
#include "storage/type_fwd.h"

namespace ingot::duck {
class Connection;
class Database;
}  // namespace ingot::duck

namespace ingot::delta::internal {

// A file in the local temp directory ($TMPDIR or /tmp) with a unique name ending in `suffix`,
// removed on destruction. Not thread-safe.
class ScopedTempFile {
 public:
  // Creates the (empty) file. kIOError when the temp directory is not writable.
  static Result<std::unique_ptr<ScopedTempFile>> Create(std::string_view suffix);
  ~ScopedTempFile();
  ScopedTempFile(const ScopedTempFile&) = delete;
  ScopedTempFile& operator=(const ScopedTempFile&) = delete;

  const std::string& path() const { return path_; }

  // Replaces the content with `data`.
  Status Write(std::string_view data) const;
  // The whole content.
  Result<std::string> Read() const;

 private:
  explicit ScopedTempFile(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

// A local path DuckDB can open for the file `path` of `fs`: the file itself when the backend has
// local paths (and the path is safe to hand to DuckDB, which would expand glob characters),
// otherwise a private temp copy that lives as long as this object.
class LocalFileView {
 public:
  // kNotFound (naming the path) when the file does not exist; other storage errors as reported.
  static Result<std::unique_ptr<LocalFileView>> Open(storage::FileSystem& fs,
                                                     const std::string& path);

  const std::string& local_path() const { return local_path_; }

 private:
  LocalFileView() = default;
  std::string local_path_;
  std::unique_ptr<ScopedTempFile> copy_;
};

// Whether DuckDB's table functions take `path` literally: an absolute path without glob
// characters ('*', '?', '[', '{').
bool IsLiteralDuckPath(std::string_view path);

// `con` when not null; otherwise a connection to a private in-memory database, which `*owned_db`
// and `*owned_con` keep alive.
Result<duck::Connection*> ConnectionOrPrivate(duck::Connection* con,
                                              std::unique_ptr<duck::Database>* owned_db,
                                              std::unique_ptr<duck::Connection>* owned_con);

}  // namespace ingot::delta::internal
