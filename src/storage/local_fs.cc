#include "storage/local_fs.h"

#include <algorithm>
#include <cerrno>
#include <climits>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/macros.h"
#include "common/uri.h"
#include "storage/file_system_internal.h"
#include "storage/local_temp_file_internal.h"
#include "storage/posix_util_internal.h"

namespace ingot::storage {

using internal::ErrnoStatus;
using internal::UniqueFd;

namespace {

constexpr int64_t kCopyChunkSize = 1 << 20;

int64_t MtimeMillis(const struct stat& st) {
  return static_cast<int64_t>(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1000000;
}

FileInfo ToFileInfo(std::string path, const struct stat& st) {
  bool is_dir = S_ISDIR(st.st_mode);
  return FileInfo{std::move(path), is_dir ? 0 : static_cast<int64_t>(st.st_size), MtimeMillis(st),
                  is_dir};
}

Status CheckNotEmpty(const std::string& path) {
  if (path.empty()) return Status::InvalidArgument("empty path");
  return Status::OK();
}

// Opens a regular file for reading and reports its size.
Result<UniqueFd> OpenForRead(const std::string& path, int64_t* size) {
  INGOT_RETURN_NOT_OK(CheckNotEmpty(path));
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) return ErrnoStatus(errno, "open", path);
  struct stat st;
  if (::fstat(fd.get(), &st) != 0) return ErrnoStatus(errno, "stat", path);
  if (S_ISDIR(st.st_mode)) return Status::InvalidArgument("'", path, "' is a directory");
  *size = static_cast<int64_t>(st.st_size);
  return fd;
}

Result<std::string> ReadAtFd(int fd, const std::string& path, int64_t offset, int64_t length,
                             int64_t size) {
  INGOT_RETURN_NOT_OK(internal::CheckReadRange(path, offset, length, size));
  std::string out(static_cast<size_t>(length), '\0');
  INGOT_RETURN_NOT_OK(internal::PreadFully(fd, offset, length, out.data(), path));
  return out;
}

class LocalRandomAccessFile final : public RandomAccessFile {
 public:
  LocalRandomAccessFile(std::string path, UniqueFd fd, int64_t size)
      : path_(std::move(path)), fd_(std::move(fd)), size_(size) {}

  int64_t Size() const override { return size_; }
  Result<std::string> ReadAt(int64_t offset, int64_t length) const override {
    return ReadAtFd(fd_.get(), path_, offset, length, size_);
  }

 private:
  const std::string path_;
  const UniqueFd fd_;
  const int64_t size_;
};

class LocalOutputStream final : public OutputStream {
 public:
  explicit LocalOutputStream(std::unique_ptr<internal::LocalTempFile> file)
      : file_(std::move(file)), target_(file_->target()) {}
  ~LocalOutputStream() override { file_.reset(); }  // discards unless published

  Status Write(std::string_view data) override {
    INGOT_RETURN_NOT_OK(CheckOpen("write"));
    Status status = file_->Append(data);
    if (!status.ok()) broken_ = status;
    return status;
  }

  int64_t Tell() const override { return file_ == nullptr ? size_ : file_->size(); }

  Status Close() override {
    if (state_ == State::kClosed) return Status::OK();
    INGOT_RETURN_NOT_OK(CheckOpen("close"));
    size_ = file_->size();
    if (!broken_.ok()) {
      state_ = State::kAborted;
      file_.reset();
      return broken_.WithContext("close '", target_, "' after a failed write");
    }
    Status status = file_->Publish();
    file_.reset();
    state_ = status.ok() ? State::kClosed : State::kAborted;
    return status;
  }

  Status Abort() override {
    if (state_ != State::kOpen) return Status::OK();
    size_ = file_->size();
    file_.reset();
    state_ = State::kAborted;
    return Status::OK();
  }

 private:
  enum class State { kOpen, kClosed, kAborted };

  Status CheckOpen(std::string_view op) const {
    if (state_ == State::kOpen) return Status::OK();
    return Status::InvalidArgument(op, " '", target_, "': the stream is already ",
                                   state_ == State::kClosed ? "closed" : "aborted");
  }

  std::unique_ptr<internal::LocalTempFile> file_;
  const std::string target_;
  State state_ = State::kOpen;
  Status broken_;
  int64_t size_ = 0;
};

// Appends the entries below `dir` (an existing directory) to `out`, unsorted.
Status ListInto(const std::string& dir, const ListOptions& options, std::vector<FileInfo>* out) {
  std::unique_ptr<DIR, int (*)(DIR*)> handle(::opendir(dir.c_str()), &::closedir);
  if (handle == nullptr) {
    // The directory went away while we were listing its parent.
    if (errno == ENOENT) return Status::OK();
    return ErrnoStatus(errno, "open directory", dir);
  }
  int dir_fd = ::dirfd(handle.get());
  while (true) {
    errno = 0;
    const dirent* entry = ::readdir(handle.get());
    if (entry == nullptr) {
      if (errno != 0) return ErrnoStatus(errno, "read directory", dir);
      return Status::OK();
    }
    std::string_view name = entry->d_name;
    if (name == "." || name == "..") continue;
    if (!options.start_after.empty() && name <= options.start_after) continue;
    std::string path = JoinPath(dir, name);
    struct stat st;
    if (::fstatat(dir_fd, entry->d_name, &st, 0) != 0) {
      if (errno == ENOENT) continue;  // deleted meanwhile, or a dangling link
      return ErrnoStatus(errno, "stat", path);
    }
    if (S_ISREG(st.st_mode)) {
      out->push_back(ToFileInfo(std::move(path), st));
      continue;
    }
    if (!S_ISDIR(st.st_mode)) continue;
    bool is_link = entry->d_type == DT_LNK;
    if (entry->d_type == DT_UNKNOWN) {
      struct stat lst;
      is_link =
          ::fstatat(dir_fd, entry->d_name, &lst, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(lst.st_mode);
    }
    if (options.include_dirs) out->push_back(ToFileInfo(path, st));
    if (options.recursive && !is_link) INGOT_RETURN_NOT_OK(ListInto(path, options, out));
  }
}

}  // namespace

LocalFileSystem::LocalFileSystem(LocalFileSystemOptions options) : options_(options) {}

Capabilities LocalFileSystem::capabilities() const {
  return Capabilities{.atomic_put_if_absent = true,
                      .atomic_rename = true,
                      .implicit_directories = false,
                      .durable = options_.durable,
                      .local_paths = true};
}

Result<FileInfo> LocalFileSystem::GetFileInfo(const std::string& path) {
  INGOT_RETURN_NOT_OK(CheckNotEmpty(path));
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return ErrnoStatus(errno, "stat", path);
  return ToFileInfo(path, st);
}

Status LocalFileSystem::CheckIsDirectory(const std::string& path, std::string_view op) const {
  INGOT_RETURN_NOT_OK(CheckNotEmpty(path));
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return ErrnoStatus(errno, op, path);
  if (!S_ISDIR(st.st_mode)) {
    return Status::InvalidArgument(op, " '", path, "': not a directory");
  }
  return Status::OK();
}

Result<std::vector<FileInfo>> LocalFileSystem::List(const std::string& prefix,
                                                    const ListOptions& options) {
  if (options.recursive && !options.start_after.empty()) {
    return Status::InvalidArgument("list '", prefix, "': start_after needs a non-recursive list");
  }
  Status status = CheckIsDirectory(prefix, "list");
  if (status.IsNotFound()) return std::vector<FileInfo>();
  INGOT_RETURN_NOT_OK(status);
  std::vector<FileInfo> out;
  INGOT_RETURN_NOT_OK(ListInto(prefix, options, &out));
  std::sort(out.begin(), out.end(),
            [](const FileInfo& a, const FileInfo& b) { return a.path < b.path; });
  return out;
}

Status LocalFileSystem::CreateDir(const std::string& path) {
  INGOT_RETURN_NOT_OK(CheckNotEmpty(path));
  Status status = internal::CreateDirectories(path, options_.durable);
  if (status.IsInvalidArgument()) return Status::AlreadyExists(status.message());
  return status;
}

Result<std::string> LocalFileSystem::ReadFile(const std::string& path) {
  int64_t size = 0;
  INGOT_ASSIGN_OR_RAISE(UniqueFd fd, OpenForRead(path, &size));
  return ReadAtFd(fd.get(), path, 0, size, size);
}

Result<std::string> LocalFileSystem::ReadRange(const std::string& path, int64_t offset,
                                               int64_t length) {
  int64_t size = 0;
  INGOT_ASSIGN_OR_RAISE(UniqueFd fd, OpenForRead(path, &size));
  return ReadAtFd(fd.get(), path, offset, length, size);
}

Result<std::unique_ptr<RandomAccessFile>> LocalFileSystem::OpenInputFile(const std::string& path) {
  int64_t size = 0;
  INGOT_ASSIGN_OR_RAISE(UniqueFd fd, OpenForRead(path, &size));
  return std::unique_ptr<RandomAccessFile>(
      std::make_unique<LocalRandomAccessFile>(path, std::move(fd), size));
}

Result<std::unique_ptr<OutputStream>> LocalFileSystem::OpenOutputStream(const std::string& path) {
  INGOT_RETURN_NOT_OK(CheckNotEmpty(path));
  struct stat st;
  if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
    return Status::InvalidArgument("cannot write '", path, "': it is a directory");
  }
  INGOT_ASSIGN_OR_RAISE(auto file, internal::LocalTempFile::Create(path, options_.durable));
  return std::unique_ptr<OutputStream>(std::make_unique<LocalOutputStream>(std::move(file)));
}

Status LocalFileSystem::WriteFileAtomic(const std::string& path, std::string_view data) {
  INGOT_ASSIGN_OR_RAISE(auto stream, OpenOutputStream(path));
  INGOT_RETURN_NOT_OK(stream->Write(data));
  return stream->Close();
}

Status LocalFileSystem::PutIfAbsent(const std::string& path, std::string_view data) {
  INGOT_RETURN_NOT_OK(CheckNotEmpty(path));
  // Cheap early exit for the common losing case; link() below decides the real races.
  struct stat st;
  if (::stat(path.c_str(), &st) == 0) return Status::AlreadyExists("'", path, "' already exists");
  INGOT_ASSIGN_OR_RAISE(auto file, internal::LocalTempFile::Create(path, options_.durable));
  INGOT_RETURN_NOT_OK(file->Append(data));
  return file->PublishIfAbsent();
}

Status LocalFileSystem::Delete(const std::string& path) {
  INGOT_RETURN_NOT_OK(CheckNotEmpty(path));
  if (::unlink(path.c_str()) != 0) {
    int err = errno;
    if (err == EISDIR) return Status::InvalidArgument("delete '", path, "': it is a directory");
    return ErrnoStatus(err, "delete", path);
  }
  return options_.durable ? internal::SyncDirectory(internal::DirectoryOf(path)) : Status::OK();
}

Status LocalFileSystem::DeleteDir(const std::string& path) {
  INGOT_RETURN_NOT_OK(CheckIsDirectory(path, "delete directory"));
  struct stat st;
  if (::lstat(path.c_str(), &st) == 0 && S_ISLNK(st.st_mode)) {
    // Removing the tree behind the link and then failing to rmdir the link helps nobody.
    return Status::InvalidArgument("delete directory '", path,
                                   "': it is a symbolic link (delete it with Delete)");
  }
  INGOT_RETURN_NOT_OK(internal::RemoveTree(path, /*keep_root=*/false));
  return options_.durable ? internal::SyncDirectory(internal::DirectoryOf(path)) : Status::OK();
}

Status LocalFileSystem::DeleteDirContents(const std::string& path) {
  INGOT_RETURN_NOT_OK(CheckIsDirectory(path, "delete contents of"));
  INGOT_RETURN_NOT_OK(internal::RemoveTree(path, /*keep_root=*/true));
  return options_.durable ? internal::SyncDirectory(path) : Status::OK();
}

Status LocalFileSystem::Move(const std::string& from, const std::string& to) {
  INGOT_RETURN_NOT_OK(CheckNotEmpty(from));
  INGOT_RETURN_NOT_OK(CheckNotEmpty(to));
  struct stat st;
  if (::stat(from.c_str(), &st) != 0) return ErrnoStatus(errno, "move", from);
  if (S_ISDIR(st.st_mode)) {
    return Status::InvalidArgument("move '", from, "': it is a directory (only files move)");
  }
  if (::stat(to.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
    return Status::InvalidArgument("move '", from, "' to '", to, "': the target is a directory");
  }
  std::string to_dir = internal::DirectoryOf(to);
  INGOT_RETURN_NOT_OK(internal::CreateDirectories(to_dir, options_.durable));
  if (::rename(from.c_str(), to.c_str()) != 0) {
    return ErrnoStatus(errno, "move '" + from + "' to", to);
  }
  if (!options_.durable) return Status::OK();
  INGOT_RETURN_NOT_OK(internal::SyncDirectory(to_dir));
  std::string from_dir = internal::DirectoryOf(from);
  return from_dir == to_dir ? Status::OK() : internal::SyncDirectory(from_dir);
}

Status LocalFileSystem::Copy(const std::string& from, const std::string& to) {
  int64_t size = 0;
  INGOT_ASSIGN_OR_RAISE(UniqueFd fd, OpenForRead(from, &size));
  INGOT_ASSIGN_OR_RAISE(auto stream, OpenOutputStream(to));
  std::string chunk;
  for (int64_t offset = 0; offset < size; offset += kCopyChunkSize) {
    int64_t length = std::min(kCopyChunkSize, size - offset);
    chunk.resize(static_cast<size_t>(length));
    INGOT_RETURN_NOT_OK(internal::PreadFully(fd.get(), offset, length, chunk.data(), from));
    INGOT_RETURN_NOT_OK(stream->Write(chunk));
  }
  return stream->Close();
}

Result<std::string> LocalFileSystem::ToUri(const std::string& path) const {
  INGOT_RETURN_NOT_OK(CheckNotEmpty(path));
  if (path.front() == '/') return path;
  char cwd[PATH_MAX];
  if (::getcwd(cwd, sizeof(cwd)) == nullptr) return ErrnoStatus(errno, "getcwd for", path);
  return JoinPath(cwd, path);
}

}  // namespace ingot::storage
