#include <cerrno>
#include <cstring>
#include <memory>
#include <vector>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/macros.h"
#include "common/uri.h"
#include "storage/posix_util_internal.h"

namespace ingot::storage::internal {
namespace {

// strerror_r comes in a GNU flavour (returns the text) and an XSI one (fills the buffer).
[[maybe_unused]] const char* StrerrorResult(const char* text, const char* /*buffer*/) {
  return text;
}
[[maybe_unused]] const char* StrerrorResult(int rc, const char* buffer) {
  return rc == 0 ? buffer : "unknown error";
}

struct DirCloser {
  void operator()(DIR* dir) const { closedir(dir); }
};
using UniqueDir = std::unique_ptr<DIR, DirCloser>;

}  // namespace

std::string ErrnoText(int err) {
  char buffer[256] = {0};
  return StrerrorResult(strerror_r(err, buffer, sizeof(buffer)), buffer);
}

Status ErrnoStatus(int err, std::string_view op, std::string_view path) {
  std::string message = ::ingot::internal::StrCat(op, " '", path, "': ", ErrnoText(err));
  switch (err) {
    case ENOENT:
      return Status(StatusCode::kNotFound, std::move(message));
    case EEXIST:
      return Status(StatusCode::kAlreadyExists, std::move(message));
    case EACCES:
    case EPERM:
    case EROFS:
      return Status(StatusCode::kPermissionDenied, std::move(message));
    case ENOTDIR:
    case EISDIR:
    case ENAMETOOLONG:
    case ELOOP:
    case EINVAL:
      return Status(StatusCode::kInvalidArgument, std::move(message));
    default:
      return Status(StatusCode::kIOError, std::move(message));
  }
}

std::string DirectoryOf(std::string_view path) {
  std::string parent = ParentPath(path);
  return parent.empty() ? "." : parent;
}

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
  if (this != &other) {
    Reset();
    fd_ = other.Release();
  }
  return *this;
}

int UniqueFd::Release() {
  int fd = fd_;
  fd_ = -1;
  return fd;
}

int UniqueFd::Reset() {
  if (fd_ < 0) return 0;
  int rc = ::close(fd_);
  fd_ = -1;
  // After EINTR Linux has closed the descriptor already; retrying could close a reused one.
  return rc == 0 || errno == EINTR ? 0 : errno;
}

Status SyncDirectory(const std::string& dir) {
  UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd.valid()) return ErrnoStatus(errno, "open directory", dir);
  if (::fsync(fd.get()) != 0) return ErrnoStatus(errno, "fsync directory", dir);
  return Status::OK();
}

Status CreateDirectories(const std::string& dir, bool durable) {
  struct stat st;
  if (::stat(dir.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) return Status::OK();
    return Status::InvalidArgument("cannot create directory '", dir, "': a file is in the way");
  }
  if (errno != ENOENT) return ErrnoStatus(errno, "stat", dir);
  std::string parent = ParentPath(dir);
  if (!parent.empty() && parent != dir) INGOT_RETURN_NOT_OK(CreateDirectories(parent, durable));
  if (::mkdir(dir.c_str(), 0777) != 0) {
    if (errno != EEXIST) return ErrnoStatus(errno, "mkdir", dir);
    // Lost a race with another creator: fine when what it created is a directory.
    if (::stat(dir.c_str(), &st) != 0) return ErrnoStatus(errno, "stat", dir);
    if (S_ISDIR(st.st_mode)) return Status::OK();
    return Status::InvalidArgument("cannot create directory '", dir, "': a file is in the way");
  }
  return durable ? SyncDirectory(DirectoryOf(dir)) : Status::OK();
}

Status WriteFully(int fd, std::string_view data, std::string_view path) {
  while (!data.empty()) {
    ssize_t written = ::write(fd, data.data(), data.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus(errno, "write", path);
    }
    data.remove_prefix(static_cast<size_t>(written));
  }
  return Status::OK();
}

Status PreadFully(int fd, int64_t offset, int64_t length, char* out, std::string_view path) {
  int64_t done = 0;
  while (done < length) {
    ssize_t n = ::pread(fd, out + done, static_cast<size_t>(length - done), offset + done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus(errno, "read", path);
    }
    if (n == 0) {
      return Status::IOError("read '", path, "': unexpected end of file at offset ", offset + done,
                             " (wanted ", length, " bytes from offset ", offset,
                             "; was the file truncated?)");
    }
    done += n;
  }
  return Status::OK();
}

Status RemoveTree(const std::string& dir, bool keep_root) {
  UniqueDir handle(::opendir(dir.c_str()));
  if (handle == nullptr) {
    if (errno == ENOENT) return Status::OK();
    return ErrnoStatus(errno, "open directory", dir);
  }
  int dir_fd = ::dirfd(handle.get());
  std::vector<std::string> subdirs;
  while (true) {
    errno = 0;
    const dirent* entry = ::readdir(handle.get());
    if (entry == nullptr) {
      if (errno != 0) return ErrnoStatus(errno, "read directory", dir);
      break;
    }
    std::string_view name = entry->d_name;
    if (name == "." || name == "..") continue;
    struct stat st;
    if (::fstatat(dir_fd, entry->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
      if (errno == ENOENT) continue;
      return ErrnoStatus(errno, "stat", JoinPath(dir, name));
    }
    if (S_ISDIR(st.st_mode)) {
      subdirs.emplace_back(name);
    } else if (::unlinkat(dir_fd, entry->d_name, 0) != 0 && errno != ENOENT) {
      return ErrnoStatus(errno, "unlink", JoinPath(dir, name));
    }
  }
  for (const std::string& name : subdirs) {
    INGOT_RETURN_NOT_OK(RemoveTree(JoinPath(dir, name), /*keep_root=*/false));
  }
  if (!keep_root && ::rmdir(dir.c_str()) != 0 && errno != ENOENT) {
    return ErrnoStatus(errno, "rmdir", dir);
  }
  return Status::OK();
}

}  // namespace ingot::storage::internal
