#include "storage/registry.h"

#include <cctype>
#include <cstdlib>
#include <iostream>

#include "common/macros.h"
#include "storage/local_fs.h"
#include "storage/memory_fs.h"

namespace ingot::storage {
namespace {

bool IsValidScheme(std::string_view scheme) {
  if (scheme.empty() || !std::islower(static_cast<unsigned char>(scheme.front()))) return false;
  for (char c : scheme) {
    auto u = static_cast<unsigned char>(c);
    if (!std::islower(u) && !std::isdigit(u) && c != '+' && c != '-' && c != '.') return false;
  }
  return true;
}

// The named memory file systems behind memory:// URIs, created on first use.
class NamedMemoryFileSystems {
 public:
  std::shared_ptr<MemoryFileSystem> GetOrCreate(const std::string& name) {
    std::lock_guard<std::mutex> lock(mutex_);
    std::shared_ptr<MemoryFileSystem>& fs = by_name_[name];
    if (fs == nullptr)
      fs = std::make_shared<MemoryFileSystem>(MemoryFileSystemOptions{.name = name});
    return fs;
  }

 private:
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<MemoryFileSystem>> by_name_;  // guarded by mutex_
};

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : ", ") + name;
  return out.empty() ? "none" : out;
}

}  // namespace

FileSystemRegistry& FileSystemRegistry::Default() {
  // Built on first use (thread-safe), never destroyed: file systems may be used until exit.
  static FileSystemRegistry* registry = [] {
    auto* created = new FileSystemRegistry();
    Status status = RegisterBuiltinFileSystems(created);
    if (!status.ok()) {
      std::cerr << "ingot: cannot register builtin file systems: " << status << "\n";
      std::abort();  // a bug: the builtins register into an empty registry
    }
    return created;
  }();
  return *registry;
}

Status FileSystemRegistry::Register(std::string scheme, Factory factory) {
  if (!IsValidScheme(scheme)) {
    return Status::InvalidArgument("invalid file system scheme '", scheme,
                                   "' (lower-case letters, digits, '+', '-', '.')");
  }
  if (!factory) return Status::InvalidArgument("empty factory for scheme '", scheme, "'");
  std::lock_guard<std::mutex> lock(mutex_);
  auto [it, inserted] = factories_.emplace(std::move(scheme), std::move(factory));
  if (!inserted) {
    return Status::AlreadyExists("file system scheme '", it->first, "' is already registered");
  }
  return Status::OK();
}

Result<ResolvedPath> FileSystemRegistry::Resolve(std::string_view uri_or_path) const {
  INGOT_ASSIGN_OR_RAISE(Uri uri, Uri::Parse(uri_or_path));
  Factory factory;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = factories_.find(uri.scheme);
    if (it != factories_.end()) factory = it->second;
  }
  if (!factory) {
    return Status::InvalidArgument("unsupported file system scheme '", uri.scheme, "' in '",
                                   uri_or_path, "' (supported: ", JoinNames(schemes()), ")");
  }
  return factory(uri);
}

std::vector<std::string> FileSystemRegistry::schemes() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::string> out;
  for (const auto& [scheme, factory] : factories_) out.push_back(scheme);
  return out;
}

Status RegisterBuiltinFileSystems(FileSystemRegistry* registry) {
  auto local = std::make_shared<LocalFileSystem>();
  INGOT_RETURN_NOT_OK(registry->Register("file", [local](const Uri& uri) -> Result<ResolvedPath> {
    return ResolvedPath{local, uri.path};
  }));
  auto memory = std::make_shared<NamedMemoryFileSystems>();
  return registry->Register("memory", [memory](const Uri& uri) -> Result<ResolvedPath> {
    return ResolvedPath{memory->GetOrCreate(uri.authority), uri.path};
  });
}

Result<ResolvedPath> FileSystemFromUri(std::string_view uri_or_path) {
  return FileSystemRegistry::Default().Resolve(uri_or_path);
}

}  // namespace ingot::storage
