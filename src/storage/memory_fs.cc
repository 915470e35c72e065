#include "storage/memory_fs.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <set>

#include "common/macros.h"
#include "common/uri.h"
#include "storage/file_system_internal.h"

namespace ingot::storage {
namespace {

using Content = std::shared_ptr<const std::string>;

struct Entry {
  Content data;
  int64_t mtime_millis = 0;
};

using Files = std::map<std::string, Entry>;

// The first file at or below the directory `key` (the end when there is none).
Files::const_iterator FirstBelow(const Files& files, const std::string& key) {
  return key.empty() ? files.begin() : files.lower_bound(key + "/");
}

bool IsBelow(const std::string& key, const std::string& file_key) {
  return key.empty() ||
         (file_key.size() > key.size() && file_key.starts_with(key) && file_key[key.size()] == '/');
}

}  // namespace

namespace internal {

struct MemoryState {
  Clock* clock;
  std::string name;
  mutable std::mutex mutex;
  Files files;  // guarded by mutex

  // The root always exists; other directories while some file lies below them.
  bool IsDirLocked(const std::string& key) const {
    if (key.empty()) return true;
    auto it = FirstBelow(files, key);
    return it != files.end() && IsBelow(key, it->first);
  }

  // The nearest ancestor of `key` that is a file, or "".
  std::string FileAncestorLocked(const std::string& key) const {
    for (size_t slash = key.find('/'); slash != std::string::npos;
         slash = key.find('/', slash + 1)) {
      std::string ancestor = key.substr(0, slash);
      if (files.count(ancestor) > 0) return ancestor;
    }
    return "";
  }

  Status CheckWritableLocked(const std::string& key, const std::string& path) const {
    if (key.empty()) return Status::InvalidArgument("cannot write '", path, "': it is the root");
    std::string ancestor = FileAncestorLocked(key);
    if (!ancestor.empty()) {
      return Status::InvalidArgument("cannot write '", path, "': '", ancestor, "' is a file");
    }
    if (IsDirLocked(key)) {
      return Status::InvalidArgument("cannot write '", path, "': it is a directory");
    }
    return Status::OK();
  }

  // The content of the file `key`; kInvalidArgument for a directory, kNotFound otherwise.
  Result<Content> FindLocked(const std::string& key, const std::string& path) const {
    auto it = files.find(key);
    if (it != files.end()) return it->second.data;
    if (IsDirLocked(key)) return Status::InvalidArgument("'", path, "' is a directory");
    return Status::NotFound("'", path, "': no such file");
  }

  Status Put(const std::string& key, const std::string& path, Content data) {
    std::lock_guard<std::mutex> lock(mutex);
    INGOT_RETURN_NOT_OK(CheckWritableLocked(key, path));
    files[key] = Entry{std::move(data), clock->NowMillis()};
    return Status::OK();
  }

  Result<Content> Find(const std::string& key, const std::string& path) const {
    std::lock_guard<std::mutex> lock(mutex);
    return FindLocked(key, path);
  }

  // Deletes the directory `key` and what is below it (the root: everything).
  Status DeleteTree(const std::string& key, const std::string& path) {
    std::lock_guard<std::mutex> lock(mutex);
    if (files.count(key) > 0) return Status::InvalidArgument("'", path, "' is a file");
    if (!IsDirLocked(key)) return Status::NotFound("'", path, "': no such directory");
    auto first = FirstBelow(files, key);
    auto last = first;
    while (last != files.end() && IsBelow(key, last->first)) ++last;
    files.erase(first, last);
    return Status::OK();
  }
};

}  // namespace internal

namespace {

class MemoryRandomAccessFile final : public RandomAccessFile {
 public:
  MemoryRandomAccessFile(std::string path, Content data)
      : path_(std::move(path)), data_(std::move(data)) {}

  int64_t Size() const override { return static_cast<int64_t>(data_->size()); }
  Result<std::string> ReadAt(int64_t offset, int64_t length) const override {
    INGOT_RETURN_NOT_OK(internal::CheckReadRange(path_, offset, length, Size()));
    return data_->substr(static_cast<size_t>(offset), static_cast<size_t>(length));
  }

 private:
  const std::string path_;
  const Content data_;
};

// Buffers everything and publishes with one Put at Close().
class MemoryOutputStream final : public OutputStream {
 public:
  MemoryOutputStream(std::shared_ptr<internal::MemoryState> state, std::string key,
                     std::string path)
      : state_(std::move(state)), key_(std::move(key)), path_(std::move(path)) {}

  Status Write(std::string_view data) override {
    INGOT_RETURN_NOT_OK(CheckOpen("write"));
    buffer_.append(data);
    return Status::OK();
  }

  int64_t Tell() const override { return static_cast<int64_t>(buffer_.size()); }

  Status Close() override {
    if (state_name_ == kClosed) return Status::OK();
    INGOT_RETURN_NOT_OK(CheckOpen("close"));
    Status status = state_->Put(key_, path_, std::make_shared<const std::string>(buffer_));
    state_name_ = status.ok() ? kClosed : kAborted;
    return status;
  }

  Status Abort() override {
    if (state_name_ == kOpen) state_name_ = kAborted;
    return Status::OK();
  }

 private:
  static constexpr int kOpen = 0, kClosed = 1, kAborted = 2;

  Status CheckOpen(std::string_view op) const {
    if (state_name_ == kOpen) return Status::OK();
    return Status::InvalidArgument(op, " '", path_, "': the stream is already ",
                                   state_name_ == kClosed ? "closed" : "aborted");
  }

  std::shared_ptr<internal::MemoryState> state_;
  const std::string key_;
  const std::string path_;
  std::string buffer_;
  int state_name_ = kOpen;
};

}  // namespace

MemoryFileSystem::MemoryFileSystem(MemoryFileSystemOptions options)
    : state_(std::make_shared<internal::MemoryState>()) {
  state_->clock = options.clock != nullptr ? options.clock : SystemClock::Default();
  state_->name = std::move(options.name);
}

MemoryFileSystem::~MemoryFileSystem() = default;

Capabilities MemoryFileSystem::capabilities() const {
  return Capabilities{.atomic_put_if_absent = true,
                      .atomic_rename = true,
                      .implicit_directories = true,
                      .durable = false,
                      .local_paths = false};
}

Result<FileInfo> MemoryFileSystem::GetFileInfo(const std::string& path) {
  INGOT_ASSIGN_OR_RAISE(std::string key, internal::NormalizeRootedPath(path));
  std::lock_guard<std::mutex> lock(state_->mutex);
  auto it = state_->files.find(key);
  if (it != state_->files.end()) {
    return FileInfo{path, static_cast<int64_t>(it->second.data->size()), it->second.mtime_millis,
                    false};
  }
  if (state_->IsDirLocked(key)) return FileInfo{path, 0, 0, true};
  return Status::NotFound("'", path, "': no such file or directory");
}

Result<std::vector<FileInfo>> MemoryFileSystem::List(const std::string& prefix,
                                                     const ListOptions& options) {
  if (options.recursive && !options.start_after.empty()) {
    return Status::InvalidArgument("list '", prefix, "': start_after needs a non-recursive list");
  }
  INGOT_ASSIGN_OR_RAISE(std::string key, internal::NormalizeRootedPath(prefix));
  std::vector<FileInfo> out;
  std::set<std::string> dirs;  // relative to the prefix
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    if (state_->files.count(key) > 0) {
      return Status::InvalidArgument("list '", prefix, "': not a directory");
    }
    for (auto it = FirstBelow(state_->files, key);
         it != state_->files.end() && IsBelow(key, it->first); ++it) {
      std::string relative = key.empty() ? it->first : it->first.substr(key.size() + 1);
      size_t slash = relative.find('/');
      if (options.include_dirs && options.recursive) {
        for (size_t at = slash; at != std::string::npos; at = relative.find('/', at + 1)) {
          dirs.insert(relative.substr(0, at));
        }
      } else if (options.include_dirs && slash != std::string::npos) {
        dirs.insert(relative.substr(0, slash));
      }
      if (!options.recursive && slash != std::string::npos) continue;
      out.push_back(FileInfo{JoinPath(prefix, relative),
                             static_cast<int64_t>(it->second.data->size()), it->second.mtime_millis,
                             false});
    }
  }
  for (const std::string& dir : dirs) out.push_back(FileInfo{JoinPath(prefix, dir), 0, 0, true});
  if (!options.start_after.empty()) {
    std::erase_if(out,
                  [&](const FileInfo& info) { return BaseName(info.path) <= options.start_after; });
  }
  std::sort(out.begin(), out.end(),
            [](const FileInfo& a, const FileInfo& b) { return a.path < b.path; });
  return out;
}

Status MemoryFileSystem::CreateDir(const std::string& path) {
  INGOT_ASSIGN_OR_RAISE(std::string key, internal::NormalizeRootedPath(path));
  std::lock_guard<std::mutex> lock(state_->mutex);
  std::string in_the_way = state_->files.count(key) > 0 ? key : state_->FileAncestorLocked(key);
  if (!in_the_way.empty()) {
    return Status::AlreadyExists("cannot create directory '", path, "': '", in_the_way,
                                 "' is a file");
  }
  return Status::OK();
}

Result<std::string> MemoryFileSystem::ReadFile(const std::string& path) {
  INGOT_ASSIGN_OR_RAISE(std::string key, internal::NormalizeRootedPath(path));
  INGOT_ASSIGN_OR_RAISE(Content data, state_->Find(key, path));
  return *data;
}

Result<std::string> MemoryFileSystem::ReadRange(const std::string& path, int64_t offset,
                                                int64_t length) {
  INGOT_ASSIGN_OR_RAISE(auto file, OpenInputFile(path));
  return file->ReadAt(offset, length);
}

Result<std::unique_ptr<RandomAccessFile>> MemoryFileSystem::OpenInputFile(const std::string& path) {
  INGOT_ASSIGN_OR_RAISE(std::string key, internal::NormalizeRootedPath(path));
  INGOT_ASSIGN_OR_RAISE(Content data, state_->Find(key, path));
  return std::unique_ptr<RandomAccessFile>(
      std::make_unique<MemoryRandomAccessFile>(path, std::move(data)));
}

Result<std::unique_ptr<OutputStream>> MemoryFileSystem::OpenOutputStream(const std::string& path) {
  INGOT_ASSIGN_OR_RAISE(std::string key, internal::NormalizeRootedPath(path));
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    INGOT_RETURN_NOT_OK(state_->CheckWritableLocked(key, path));
  }
  return std::unique_ptr<OutputStream>(
      std::make_unique<MemoryOutputStream>(state_, std::move(key), path));
}

Status MemoryFileSystem::WriteFileAtomic(const std::string& path, std::string_view data) {
  INGOT_ASSIGN_OR_RAISE(std::string key, internal::NormalizeRootedPath(path));
  return state_->Put(key, path, std::make_shared<const std::string>(data));
}

Status MemoryFileSystem::PutIfAbsent(const std::string& path, std::string_view data) {
  INGOT_ASSIGN_OR_RAISE(std::string key, internal::NormalizeRootedPath(path));
  auto content = std::make_shared<const std::string>(data);  // copied outside the lock
  std::lock_guard<std::mutex> lock(state_->mutex);
  if (state_->files.count(key) > 0 || state_->IsDirLocked(key)) {
    return Status::AlreadyExists("'", path, "' already exists");
  }
  INGOT_RETURN_NOT_OK(state_->CheckWritableLocked(key, path));
  state_->files[key] = Entry{std::move(content), state_->clock->NowMillis()};
  return Status::OK();
}

Status MemoryFileSystem::Delete(const std::string& path) {
  INGOT_ASSIGN_OR_RAISE(std::string key, internal::NormalizeRootedPath(path));
  std::lock_guard<std::mutex> lock(state_->mutex);
  if (state_->files.erase(key) > 0) return Status::OK();
  if (state_->IsDirLocked(key)) {
    return Status::InvalidArgument("delete '", path, "': it is a directory");
  }
  return Status::NotFound("delete '", path, "': no such file");
}

Status MemoryFileSystem::DeleteDir(const std::string& path) {
  INGOT_ASSIGN_OR_RAISE(std::string key, internal::NormalizeRootedPath(path));
  return state_->DeleteTree(key, path);
}

Status MemoryFileSystem::DeleteDirContents(const std::string& path) {
  // With implicit directories, emptying a directory removes it.
  return DeleteDir(path);
}

Status MemoryFileSystem::Move(const std::string& from, const std::string& to) {
  INGOT_ASSIGN_OR_RAISE(std::string from_key, internal::NormalizeRootedPath(from));
  INGOT_ASSIGN_OR_RAISE(std::string to_key, internal::NormalizeRootedPath(to));
  std::lock_guard<std::mutex> lock(state_->mutex);
  INGOT_RETURN_NOT_OK(state_->FindLocked(from_key, from).status().WithContext("move"));
  if (from_key == to_key) return Status::OK();
  INGOT_RETURN_NOT_OK(state_->CheckWritableLocked(to_key, to).WithContext("move '", from, "'"));
  Entry entry = std::move(state_->files.at(from_key));  // keeps its mtime, as rename(2) does
  state_->files.erase(from_key);
  state_->files[to_key] = std::move(entry);
  return Status::OK();
}

Status MemoryFileSystem::Copy(const std::string& from, const std::string& to) {
  INGOT_ASSIGN_OR_RAISE(std::string from_key, internal::NormalizeRootedPath(from));
  INGOT_ASSIGN_OR_RAISE(std::string to_key, internal::NormalizeRootedPath(to));
  std::lock_guard<std::mutex> lock(state_->mutex);
  INGOT_ASSIGN_OR_RAISE(Content data, state_->FindLocked(from_key, from));
  INGOT_RETURN_NOT_OK(state_->CheckWritableLocked(to_key, to).WithContext("copy '", from, "'"));
  state_->files[to_key] = Entry{std::move(data), state_->clock->NowMillis()};
  return Status::OK();
}

Result<std::string> MemoryFileSystem::ToUri(const std::string& path) const {
  if (state_->name.empty()) {
    return Status::NotImplemented("'", path, "' is in an unnamed memory file system (no URI)");
  }
  INGOT_ASSIGN_OR_RAISE(std::string key, internal::NormalizeRootedPath(path));
  return "memory://" + state_->name + "/" + key;
}

size_t MemoryFileSystem::file_count() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->files.size();
}

}  // namespace ingot::storage
