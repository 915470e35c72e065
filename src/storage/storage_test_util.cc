#include "storage/storage_test_util.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "storage/local_fs.h"

namespace ingot::storage::testing {

ScopedTempDir::ScopedTempDir() {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp");
  while (pattern.size() > 1 && pattern.back() == '/') pattern.pop_back();
  pattern += "/ingot-storage-test-XXXXXX";
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (::mkdtemp(buffer.data()) == nullptr) {
    ADD_FAILURE() << "mkdtemp " << pattern << ": " << std::strerror(errno);
    return;
  }
  path_ = buffer.data();
}

ScopedTempDir::~ScopedTempDir() {
  if (path_.empty()) return;
  Status status = LocalFileSystem(LocalFileSystemOptions{.durable = false}).DeleteDir(path_);
  if (!status.ok()) ADD_FAILURE() << "cleaning up " << path_ << ": " << status;
}

}  // namespace ingot::storage::testing
