#include "storage/file_system_conformance.h"

#include "common/uri.h"
#include "storage/file_system_internal.h"
#include "storage/storage_test_util.h"

namespace ingot::storage::testing {

void PrintTo(const ConformanceBackend& backend, std::ostream* out) { *out << backend.name; }

std::string ConformanceBackendName(const ::testing::TestParamInfo<ConformanceBackend>& info) {
  return info.param.name;
}

void FileSystemConformanceTest::SetUp() {
  env_ = GetParam().make();
  ASSERT_NE(env_.fs, nullptr);
  fs_ = env_.fs.get();
}

std::string FileSystemConformanceTest::P(std::string_view relative) const {
  return JoinPath(env_.root, relative);
}

std::vector<std::string> FileSystemConformanceTest::ListRelative(std::string_view relative_prefix,
                                                                 const ListOptions& options) {
  std::vector<std::string> out;
  Result<std::vector<FileInfo>> infos = fs_->List(P(relative_prefix), options);
  EXPECT_TRUE(infos.ok()) << infos.status();
  if (!infos.ok()) return out;
  for (const FileInfo& info : *infos) {
    out.push_back(internal::RelativeTo(env_.root, info.path) + (info.is_dir ? "/" : ""));
  }
  return out;
}

}  // namespace ingot::storage::testing
