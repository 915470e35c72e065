#include "storage/memory_fs.h"

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/clock.h"
#include "storage/file_system_conformance.h"
#include "storage/storage_test_util.h"

namespace ingot::storage::testing {
namespace {

INSTANTIATE_TEST_SUITE_P(
    Memory, FileSystemConformanceTest,
    ::testing::Values(
        ConformanceBackend{
            "memory",
            [] {
              return ConformanceEnv{std::make_shared<MemoryFileSystem>(), "work", {}};
            }},
        ConformanceBackend{"memory_at_root",
                           [] {
                             return ConformanceEnv{std::make_shared<MemoryFileSystem>(), "", {}};
                           }}),
    ConformanceBackendName);

TEST(MemoryFsTest, PathsAreNormalizedKeys) {
  MemoryFileSystem fs;
  ASSERT_OK(fs.WriteFileAtomic("/a//b/./c", "x"));
  for (const char* alias : {"a/b/c", "/a/b/c", "a/b/c/", "a/x/../b/c", "./a/b/c"}) {
    ASSERT_OK_AND_ASSIGN(std::string content, fs.ReadFile(alias));
    EXPECT_EQ(content, "x") << alias;
  }
  ASSERT_OK_AND_ASSIGN(FileInfo info, fs.GetFileInfo("/a//b/./c"));
  EXPECT_EQ(info.path, "/a//b/./c");  // reported as given
  ASSERT_CODE(kInvalidArgument, fs.ReadFile("../a/b/c"));
  ASSERT_CODE(kInvalidArgument, fs.WriteFileAtomic("a/../../x", "y"));
  EXPECT_EQ(fs.file_count(), 1u);
}

TEST(MemoryFsTest, RootIsAnAlwaysPresentDirectory) {
  MemoryFileSystem fs;
  ASSERT_OK_AND_ASSIGN(FileInfo root, fs.GetFileInfo(""));
  EXPECT_TRUE(root.is_dir);
  ASSERT_OK_AND_ASSIGN(auto empty, fs.List(""));
  EXPECT_TRUE(empty.empty());
  ASSERT_OK(fs.WriteFileAtomic("x", "1"));
  ASSERT_OK(fs.WriteFileAtomic("d/y", "2"));
  ASSERT_OK_AND_ASSIGN(auto listed, fs.List("/"));
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].path, "/d/y");
  EXPECT_EQ(listed[1].path, "/x");
  ASSERT_CODE(kInvalidArgument, fs.WriteFileAtomic("", "x"));
  ASSERT_OK(fs.DeleteDirContents(""));
  EXPECT_EQ(fs.file_count(), 0u);
}

TEST(MemoryFsTest, MtimesComeFromTheInjectedClock) {
  ManualClock clock(1700000000000000);  // micros
  MemoryFileSystem fs(MemoryFileSystemOptions{.clock = &clock});
  ASSERT_OK(fs.WriteFileAtomic("a", "x"));
  clock.AdvanceMicros(5000000);
  ASSERT_OK(fs.PutIfAbsent("b", "y"));
  ASSERT_OK_AND_ASSIGN(FileInfo a, fs.GetFileInfo("a"));
  ASSERT_OK_AND_ASSIGN(FileInfo b, fs.GetFileInfo("b"));
  EXPECT_EQ(a.mtime_millis, 1700000000000);
  EXPECT_EQ(b.mtime_millis, 1700000005000);
  clock.AdvanceMicros(1000000);
  ASSERT_OK(fs.Move("a", "moved"));  // a rename keeps the mtime
  ASSERT_OK_AND_ASSIGN(FileInfo moved, fs.GetFileInfo("moved"));
  EXPECT_EQ(moved.mtime_millis, 1700000000000);
  ASSERT_OK(fs.Copy("b", "copied"));  // a copy is a new file
  ASSERT_OK_AND_ASSIGN(FileInfo copied, fs.GetFileInfo("copied"));
  EXPECT_EQ(copied.mtime_millis, 1700000006000);
}

TEST(MemoryFsTest, OpenFilesAndStreamsOutliveTheFileSystem) {
  std::unique_ptr<RandomAccessFile> file;
  std::unique_ptr<OutputStream> stream;
  {
    auto fs = std::make_shared<MemoryFileSystem>();
    ASSERT_OK(fs->WriteFileAtomic("f", "content"));
    ASSERT_OK_AND_ASSIGN(file, fs->OpenInputFile("f"));
    ASSERT_OK_AND_ASSIGN(stream, fs->OpenOutputStream("g"));
    ASSERT_OK(fs->WriteFileAtomic("f", "replaced"));  // an open file keeps its snapshot
  }
  ASSERT_OK_AND_ASSIGN(std::string content, file->ReadAt(0, 7));
  EXPECT_EQ(content, "content");
  ASSERT_OK(stream->Write("late"));
  ASSERT_OK(stream->Close());
}

TEST(MemoryFsTest, StreamCloseRechecksTheTarget) {
  MemoryFileSystem fs;
  ASSERT_OK_AND_ASSIGN(auto stream, fs.OpenOutputStream("a/b"));
  ASSERT_OK(stream->Write("x"));
  ASSERT_OK(fs.WriteFileAtomic("a", "now a file"));  // the parent became a file meanwhile
  ASSERT_CODE(kInvalidArgument, stream->Close());
  ASSERT_CODE(kInvalidArgument, stream->Close());  // a failed Close counts as aborted
  EXPECT_EQ(fs.file_count(), 1u);
}

TEST(MemoryFsTest, ToUriUsesTheName) {
  MemoryFileSystem named(MemoryFileSystemOptions{.name = "tables"});
  ASSERT_OK_AND_ASSIGN(std::string uri, named.ToUri("/t1//_delta_log/0.json"));
  EXPECT_EQ(uri, "memory://tables/t1/_delta_log/0.json");
  MemoryFileSystem unnamed;
  ASSERT_CODE(kNotImplemented, unnamed.ToUri("x"));
  EXPECT_FALSE(unnamed.capabilities().local_paths);
  EXPECT_TRUE(unnamed.capabilities().implicit_directories);
}

// Many threads mixing PutIfAbsent, WriteFileAtomic, Delete and List: one winner per path, and
// listings only ever show complete files.
TEST(MemoryFsTest, ThreadsRacingPutIfAbsentAndListing) {
  MemoryFileSystem fs;
  constexpr int kThreads = 16;
  constexpr int kVersions = 200;
  std::vector<std::vector<int>> wins(kThreads);
  std::atomic<bool> stop{false};
  std::atomic<int> bad_listings{0};
  std::thread lister([&] {
    while (!stop.load()) {
      Result<std::vector<FileInfo>> infos = fs.List("log");
      if (!infos.ok()) ++bad_listings;
      for (const FileInfo& info : infos.ValueOr({})) {
        if (info.size != 12) ++bad_listings;
      }
    }
  });
  std::vector<std::thread> writers;
  for (int t = 0; t < kThreads; ++t) {
    writers.emplace_back([&, t] {
      for (int v = 0; v < kVersions; ++v) {
        char name[32];
        std::snprintf(name, sizeof(name), "log/%08d", v);
        char content[13];
        std::snprintf(content, sizeof(content), "writer %05d", t);
        if (fs.PutIfAbsent(name, content).ok()) wins[t].push_back(v);
      }
    });
  }
  for (std::thread& writer : writers) writer.join();
  stop = true;
  lister.join();
  EXPECT_EQ(bad_listings.load(), 0);
  std::vector<int> owner(kVersions, -1);
  for (int t = 0; t < kThreads; ++t) {
    for (int v : wins[t]) {
      EXPECT_EQ(owner[v], -1) << "version " << v << " won twice";
      owner[v] = t;
    }
  }
  for (int v = 0; v < kVersions; ++v) {
    ASSERT_NE(owner[v], -1) << "version " << v << " has no winner";
    char name[32];
    std::snprintf(name, sizeof(name), "log/%08d", v);
    char expected[13];
    std::snprintf(expected, sizeof(expected), "writer %05d", owner[v]);
    ASSERT_OK_AND_ASSIGN(std::string content, fs.ReadFile(name));
    EXPECT_EQ(content, expected);
  }
  EXPECT_EQ(fs.file_count(), static_cast<size_t>(kVersions));
}

}  // namespace
}  // namespace ingot::storage::testing
