#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "common/uri.h"
#include "storage/file_system.h"

namespace ingot::storage {

// A backend and the path to use with it, resolved from a URI or a plain path.
struct ResolvedPath {
  std::shared_ptr<FileSystem> fs;
  std::string path;
};

// Maps URI schemes ("file", "memory", later "s3") to backends. Registration is explicit (no static
// initializers): Default() registers the builtins on first use, and other backends register
// themselves from the code that links them in. Thread-safe.
class FileSystemRegistry {
 public:
  // Makes (or reuses) a backend for a parsed URI and returns it with the backend's path for it.
  // Called without the registry's lock held, possibly from several threads at once.
  using Factory = std::function<Result<ResolvedPath>(const Uri& uri)>;

  // An empty registry; see RegisterBuiltinFileSystems.
  FileSystemRegistry() = default;
  FileSystemRegistry(const FileSystemRegistry&) = delete;
  FileSystemRegistry& operator=(const FileSystemRegistry&) = delete;

  // The process-wide registry with the builtins registered. Never null; lives until exit.
  static FileSystemRegistry& Default();

  // Registers `factory` for `scheme` (lower-case letters, digits, '+', '-', '.'; starting with a
  // letter). kAlreadyExists when the scheme is taken; kInvalidArgument for a bad scheme or an
  // empty factory.
  Status Register(std::string scheme, Factory factory);

  // Parses `uri_or_path` (see Uri::Parse: plain paths are "file") and calls the scheme's factory.
  // kInvalidArgument for an unparseable input or an unregistered scheme (the message names the
  // scheme and the registered ones); otherwise whatever the factory returns.
  Result<ResolvedPath> Resolve(std::string_view uri_or_path) const;

  // The registered schemes, sorted.
  std::vector<std::string> schemes() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, Factory> factories_;  // guarded by mutex_
};

// Registers the builtin schemes on `registry`:
//   file    plain paths and file:// URIs -> one shared LocalFileSystem (durable); the path is the
//           OS path ("file:///data/t" -> "/data/t").
//   memory  memory://<name>/<key> -> the MemoryFileSystem called <name>, created on first use and
//           kept for the registry's lifetime (shared by everyone resolving that name); the path
//           is <key> ("" for memory://<name>).
Status RegisterBuiltinFileSystems(FileSystemRegistry* registry);

// FileSystemRegistry::Default().Resolve(uri_or_path).
Result<ResolvedPath> FileSystemFromUri(std::string_view uri_or_path);

}  // namespace ingot::storage
