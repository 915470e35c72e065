#include "storage/sub_tree_fs.h"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/uri.h"
#include "storage/file_system_conformance.h"
#include "storage/local_fs.h"
#include "storage/memory_fs.h"
#include "storage/storage_test_util.h"

namespace ingot::storage::testing {
namespace {

INSTANTIATE_TEST_SUITE_P(
    SubTree, FileSystemConformanceTest,
    ::testing::Values(
        ConformanceBackend{
            "subtree_memory",
            [] {
              auto base = std::make_shared<MemoryFileSystem>();
              return ConformanceEnv{std::make_shared<SubTreeFileSystem>("tables/t1", base), "", {}};
            }},
        ConformanceBackend{"subtree_local",
                           [] {
                             auto dir = std::make_shared<ScopedTempDir>();
                             auto base = std::make_shared<LocalFileSystem>();
                             return ConformanceEnv{std::make_shared<SubTreeFileSystem>(
                                                       JoinPath(dir->path(), "table/"), base),
                                                   "", dir};
                           }}),
    ConformanceBackendName);

class SubTreeFsTest : public ::testing::Test {
 protected:
  std::shared_ptr<MemoryFileSystem> base_ =
      std::make_shared<MemoryFileSystem>(MemoryFileSystemOptions{.name = "wh"});
  SubTreeFileSystem fs_{"tables/t1/", base_};
};

TEST_F(SubTreeFsTest, PathsMapBelowTheBase) {
  EXPECT_EQ(fs_.base_path(), "tables/t1");
  ASSERT_OK(fs_.WriteFileAtomic("_delta_log/0.json", "{}"));
  ASSERT_OK(fs_.PutIfAbsent("/part-0.parquet", "PAR1"));
  ASSERT_OK_AND_ASSIGN(std::string content, base_->ReadFile("tables/t1/_delta_log/0.json"));
  EXPECT_EQ(content, "{}");
  ASSERT_OK_AND_ASSIGN(FileInfo info, fs_.GetFileInfo("part-0.parquet"));
  EXPECT_EQ(info.path, "part-0.parquet");
  EXPECT_EQ(info.size, 4);
  ASSERT_OK_AND_ASSIGN(auto infos, fs_.List("", ListOptions{.include_dirs = true}));
  ASSERT_EQ(infos.size(), 3u);
  EXPECT_EQ(infos[0].path, "_delta_log");
  EXPECT_EQ(infos[1].path, "_delta_log/0.json");
  EXPECT_EQ(infos[2].path, "part-0.parquet");
  ASSERT_OK_AND_ASSIGN(auto log, fs_.List("_delta_log/"));
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].path, "_delta_log/0.json");
}

TEST_F(SubTreeFsTest, PathsCannotEscapeTheRoot) {
  ASSERT_OK(base_->WriteFileAtomic("tables/t2/secret", "s"));
  ASSERT_CODE(kInvalidArgument, fs_.ReadFile("../t2/secret"));
  ASSERT_CODE(kInvalidArgument, fs_.ReadFile("a/../../t2/secret"));
  ASSERT_CODE(kInvalidArgument, fs_.Delete(".."));
  ASSERT_CODE(kInvalidArgument, fs_.DeleteDir("../t2"));
  ASSERT_CODE(kInvalidArgument, fs_.Move("x", "../t2/secret"));
  ASSERT_CODE(kInvalidArgument, fs_.List(".."));
  ASSERT_OK(fs_.WriteFileAtomic("a/../inside", "ok"));  // ".." that stays inside is fine
  ASSERT_OK_AND_ASSIGN(std::string content, base_->ReadFile("tables/t1/inside"));
  EXPECT_EQ(content, "ok");
}

TEST_F(SubTreeFsTest, DeletingTheRootContentsLeavesSiblingsAlone) {
  ASSERT_OK(base_->WriteFileAtomic("tables/t1/a", "1"));
  ASSERT_OK(base_->WriteFileAtomic("tables/t10/b", "2"));
  ASSERT_OK(base_->WriteFileAtomic("tables/t2/c", "3"));
  ASSERT_OK(fs_.DeleteDirContents(""));
  ASSERT_OK_AND_ASSIGN(auto remaining, base_->List(""));
  ASSERT_EQ(remaining.size(), 2u);
  EXPECT_EQ(remaining[0].path, "tables/t10/b");
  EXPECT_EQ(remaining[1].path, "tables/t2/c");
}

TEST_F(SubTreeFsTest, ToUriAndNameComeFromTheBase) {
  ASSERT_OK_AND_ASSIGN(std::string uri, fs_.ToUri("_delta_log/0.json"));
  EXPECT_EQ(uri, "memory://wh/tables/t1/_delta_log/0.json");
  EXPECT_EQ(fs_.type_name(), "subtree(memory)");
  EXPECT_TRUE(fs_.capabilities().implicit_directories);

  ScopedTempDir tmp;
  SubTreeFileSystem local(tmp.path(), std::make_shared<LocalFileSystem>());
  ASSERT_OK_AND_ASSIGN(std::string path, local.ToUri("t/x.parquet"));
  EXPECT_EQ(path, JoinPath(tmp.path(), "t/x.parquet"));
  EXPECT_TRUE(local.capabilities().local_paths);
}

TEST_F(SubTreeFsTest, SubTreesNest) {
  auto table = std::make_shared<SubTreeFileSystem>("tables", base_);
  SubTreeFileSystem log("t1/_delta_log", table);
  ASSERT_OK(log.PutIfAbsent("00000000000000000000.json", "{}"));
  ASSERT_OK_AND_ASSIGN(auto infos, log.List(""));
  ASSERT_EQ(infos.size(), 1u);
  EXPECT_EQ(infos[0].path, "00000000000000000000.json");
  ASSERT_OK(base_->GetFileInfo("tables/t1/_delta_log/00000000000000000000.json"));
}

}  // namespace
}  // namespace ingot::storage::testing
