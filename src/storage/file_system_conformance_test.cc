// Conformance tests, part 1: metadata, reads, listing and directories. Part 2 (writes, deletes,
// concurrency) is in file_system_conformance_write_test.cc.

#include "storage/file_system_conformance.h"

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/clock.h"
#include "common/uri.h"
#include "storage/storage_test_util.h"

namespace ingot::storage::testing {
namespace {

using ::testing::HasSubstr;

std::string AllBytes() {
  std::string out;
  for (int i = 0; i < 256; ++i) out += static_cast<char>(i);
  return out;
}

TEST_P(FileSystemConformanceTest, GetFileInfoOfMissingPathIsNotFound) {
  Result<FileInfo> info = fs_->GetFileInfo(P("missing.txt"));
  ASSERT_CODE(kNotFound, info);
  EXPECT_THAT(info.status().message(), HasSubstr("missing.txt"));
}

TEST_P(FileSystemConformanceTest, WriteThenStatAndRead) {
  int64_t before = SystemClock::Default()->NowMillis();
  ASSERT_OK(fs_->WriteFileAtomic(P("a.txt"), "hello"));
  ASSERT_OK_AND_ASSIGN(FileInfo info, fs_->GetFileInfo(P("a.txt")));
  EXPECT_EQ(info.path, P("a.txt"));
  EXPECT_EQ(info.size, 5);
  EXPECT_FALSE(info.is_dir);
  // File systems store mtimes with coarse granularity; allow a few seconds either way.
  EXPECT_GE(info.mtime_millis, before - 5000);
  EXPECT_LE(info.mtime_millis, SystemClock::Default()->NowMillis() + 5000);
  ASSERT_OK_AND_ASSIGN(std::string content, fs_->ReadFile(P("a.txt")));
  EXPECT_EQ(content, "hello");
}

TEST_P(FileSystemConformanceTest, EmptyFile) {
  ASSERT_OK(fs_->WriteFileAtomic(P("empty"), ""));
  ASSERT_OK_AND_ASSIGN(FileInfo info, fs_->GetFileInfo(P("empty")));
  EXPECT_EQ(info.size, 0);
  EXPECT_FALSE(info.is_dir);
  ASSERT_OK_AND_ASSIGN(std::string content, fs_->ReadFile(P("empty")));
  EXPECT_EQ(content, "");
  ASSERT_OK_AND_ASSIGN(std::string range, fs_->ReadRange(P("empty"), 0, 0));
  EXPECT_EQ(range, "");
  ASSERT_CODE(kInvalidArgument, fs_->ReadRange(P("empty"), 0, 1));
  ASSERT_OK_AND_ASSIGN(auto file, fs_->OpenInputFile(P("empty")));
  EXPECT_EQ(file->Size(), 0);
}

TEST_P(FileSystemConformanceTest, BinaryContentRoundTrips) {
  std::string data = AllBytes() + std::string(3, '\0') + AllBytes();
  ASSERT_OK(fs_->WriteFileAtomic(P("bin"), data));
  ASSERT_OK_AND_ASSIGN(std::string content, fs_->ReadFile(P("bin")));
  EXPECT_EQ(content, data);
}

TEST_P(FileSystemConformanceTest, OverwriteReplacesContentAndSize) {
  ASSERT_OK(fs_->WriteFileAtomic(P("f"), "a much longer first version"));
  ASSERT_OK(fs_->WriteFileAtomic(P("f"), "short"));
  ASSERT_OK_AND_ASSIGN(std::string content, fs_->ReadFile(P("f")));
  EXPECT_EQ(content, "short");
  ASSERT_OK_AND_ASSIGN(FileInfo info, fs_->GetFileInfo(P("f")));
  EXPECT_EQ(info.size, 5);
}

TEST_P(FileSystemConformanceTest, ParentDirectoriesAreCreatedOnWrite) {
  ASSERT_OK(fs_->WriteFileAtomic(P("a/b/c/d.txt"), "x"));
  for (const char* dir : {"a", "a/b", "a/b/c"}) {
    ASSERT_OK_AND_ASSIGN(FileInfo info, fs_->GetFileInfo(P(dir)));
    EXPECT_TRUE(info.is_dir) << dir;
    EXPECT_EQ(info.size, 0) << dir;
  }
  ASSERT_OK_AND_ASSIGN(std::string content, fs_->ReadFile(P("a/b/c/d.txt")));
  EXPECT_EQ(content, "x");
}

TEST_P(FileSystemConformanceTest, UnicodeAndSpecialCharactersInNames) {
  const std::vector<std::string> names = {"dir with spaces/file name.txt",
                                          "ünïcödé/日本語 ファイル.json",
                                          "percent%20literal",
                                          "plus+and=equals&amp",
                                          "emoji 🚀/x",
                                          "-leading-dash",
                                          "#hash",
                                          "quote'd \"name\""};
  for (const std::string& name : names) {
    ASSERT_OK(fs_->WriteFileAtomic(P(name), name));
  }
  for (const std::string& name : names) {
    ASSERT_OK_AND_ASSIGN(std::string content, fs_->ReadFile(P(name)));
    EXPECT_EQ(content, name);
  }
  std::vector<std::string> expected = names;
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(ListRelative(""), expected);
}

TEST_P(FileSystemConformanceTest, ReadRangeWithinBounds) {
  ASSERT_OK(fs_->WriteFileAtomic(P("r"), "0123456789"));
  ASSERT_OK_AND_ASSIGN(std::string head, fs_->ReadRange(P("r"), 0, 3));
  EXPECT_EQ(head, "012");
  ASSERT_OK_AND_ASSIGN(std::string middle, fs_->ReadRange(P("r"), 4, 2));
  EXPECT_EQ(middle, "45");
  ASSERT_OK_AND_ASSIGN(std::string tail, fs_->ReadRange(P("r"), 7, 3));
  EXPECT_EQ(tail, "789");
  ASSERT_OK_AND_ASSIGN(std::string all, fs_->ReadRange(P("r"), 0, 10));
  EXPECT_EQ(all, "0123456789");
  ASSERT_OK_AND_ASSIGN(std::string at_end, fs_->ReadRange(P("r"), 10, 0));
  EXPECT_EQ(at_end, "");
}

TEST_P(FileSystemConformanceTest, ReadRangePastEndNamesPathOffsetAndSize) {
  ASSERT_OK(fs_->WriteFileAtomic(P("r"), "0123456789"));
  Result<std::string> past = fs_->ReadRange(P("r"), 8, 5);
  ASSERT_CODE(kInvalidArgument, past);
  EXPECT_THAT(past.status().message(), HasSubstr(P("r")));
  EXPECT_THAT(past.status().message(), HasSubstr("offset 8"));
  EXPECT_THAT(past.status().message(), HasSubstr("size 10"));
  ASSERT_CODE(kInvalidArgument, fs_->ReadRange(P("r"), 11, 0));
  ASSERT_CODE(kInvalidArgument, fs_->ReadRange(P("r"), -1, 2));
  ASSERT_CODE(kInvalidArgument, fs_->ReadRange(P("r"), 2, -1));
  ASSERT_CODE(kInvalidArgument, fs_->ReadRange(P("r"), 5, INT64_MAX));
}

TEST_P(FileSystemConformanceTest, ReadsOfMissingFilesAreNotFound) {
  ASSERT_CODE(kNotFound, fs_->ReadFile(P("nope")));
  ASSERT_CODE(kNotFound, fs_->ReadRange(P("nope"), 0, 0));
  ASSERT_CODE(kNotFound, fs_->OpenInputFile(P("nope")));
  ASSERT_CODE(kNotFound, fs_->ReadFile(P("no/such/dir/file")));
}

TEST_P(FileSystemConformanceTest, ReadingADirectoryFails) {
  ASSERT_OK(fs_->WriteFileAtomic(P("d/f"), "x"));
  ASSERT_CODE(kInvalidArgument, fs_->ReadFile(P("d")));
  ASSERT_CODE(kInvalidArgument, fs_->ReadRange(P("d"), 0, 0));
  ASSERT_CODE(kInvalidArgument, fs_->OpenInputFile(P("d")));
}

TEST_P(FileSystemConformanceTest, InputFileSizeAndReadAt) {
  std::string data(100000, '\0');
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>('a' + i % 26);
  ASSERT_OK(fs_->WriteFileAtomic(P("data.bin"), data));
  ASSERT_OK_AND_ASSIGN(auto file, fs_->OpenInputFile(P("data.bin")));
  EXPECT_EQ(file->Size(), 100000);
  ASSERT_OK_AND_ASSIGN(std::string footer, file->ReadAt(99990, 10));
  EXPECT_EQ(footer, data.substr(99990));
  ASSERT_OK_AND_ASSIGN(std::string middle, file->ReadAt(12345, 777));
  EXPECT_EQ(middle, data.substr(12345, 777));
  ASSERT_OK_AND_ASSIGN(std::string nothing, file->ReadAt(100000, 0));
  EXPECT_EQ(nothing, "");
  Result<std::string> past = file->ReadAt(99990, 11);
  ASSERT_CODE(kInvalidArgument, past);
  EXPECT_THAT(past.status().message(), HasSubstr("offset 99990"));
  EXPECT_THAT(past.status().message(), HasSubstr("size 100000"));
  ASSERT_CODE(kInvalidArgument, file->ReadAt(-5, 1));
}

TEST_P(FileSystemConformanceTest, ListOfMissingPrefixIsEmpty) {
  ASSERT_OK_AND_ASSIGN(auto infos, fs_->List(P("does/not/exist")));
  EXPECT_TRUE(infos.empty());
  ASSERT_OK_AND_ASSIGN(auto non_recursive,
                       fs_->List(P("does/not/exist"), ListOptions{.recursive = false}));
  EXPECT_TRUE(non_recursive.empty());
}

TEST_P(FileSystemConformanceTest, ListOfAFileIsInvalid) {
  ASSERT_OK(fs_->WriteFileAtomic(P("file"), "x"));
  ASSERT_CODE(kInvalidArgument, fs_->List(P("file")));
}

TEST_P(FileSystemConformanceTest, ListIsRecursiveSortedAndFilesOnlyByDefault) {
  for (const char* name : {"z", "a/2", "a/1", "a/b/c", "a.txt", "b/x", "a/b/a"}) {
    ASSERT_OK(fs_->WriteFileAtomic(P(name), name));
  }
  // Byte order of whole paths: '.' (0x2E) sorts before '/' (0x2F).
  EXPECT_EQ(ListRelative(""),
            (std::vector<std::string>{"a.txt", "a/1", "a/2", "a/b/a", "a/b/c", "b/x", "z"}));
  EXPECT_EQ(ListRelative("a"), (std::vector<std::string>{"a/1", "a/2", "a/b/a", "a/b/c"}));
}

TEST_P(FileSystemConformanceTest, ListStartAfterSkipsNamesUpToIt) {
  for (const char* name : {"log/00001.json", "log/00002.checkpoint", "log/00002.json",
                           "log/00003.json", "log/00002/x"}) {
    ASSERT_OK(fs_->WriteFileAtomic(P(name), name));
  }
  ASSERT_OK_AND_ASSIGN(auto infos,
                       fs_->List(P("log"), {.recursive = false, .start_after = "00002"}));
  std::vector<std::string> names;
  for (const FileInfo& info : infos) names.push_back(ingot::BaseName(info.path));
  EXPECT_EQ(names, (std::vector<std::string>{"00002.checkpoint", "00002.json", "00003.json"}));
  EXPECT_TRUE(fs_->List(P("log"), {.recursive = true, .start_after = "00002"})
                  .status()
                  .IsInvalidArgument());
}

TEST_P(FileSystemConformanceTest, ListWithDirectories) {
  for (const char* name : {"t/_delta_log/0.json", "t/p=1/f1", "t/p=1/sub/f2", "t/top"}) {
    ASSERT_OK(fs_->WriteFileAtomic(P(name), "x"));
  }
  EXPECT_EQ(ListRelative("t", ListOptions{.recursive = true, .include_dirs = true}),
            (std::vector<std::string>{"t/_delta_log/", "t/_delta_log/0.json", "t/p=1/", "t/p=1/f1",
                                      "t/p=1/sub/", "t/p=1/sub/f2", "t/top"}));
  EXPECT_EQ(ListRelative("t", ListOptions{.recursive = false, .include_dirs = true}),
            (std::vector<std::string>{"t/_delta_log/", "t/p=1/", "t/top"}));
  EXPECT_EQ(ListRelative("t", ListOptions{.recursive = false, .include_dirs = false}),
            (std::vector<std::string>{"t/top"}));
}

TEST_P(FileSystemConformanceTest, ListPrefixIsADirectoryNotAStringPrefix) {
  for (const char* name : {"a/b/in", "a/bc/out", "a/b.txt", "a/b-x/out"}) {
    ASSERT_OK(fs_->WriteFileAtomic(P(name), "x"));
  }
  EXPECT_EQ(ListRelative("a/b"), (std::vector<std::string>{"a/b/in"}));
  EXPECT_EQ(ListRelative("a/b/"), (std::vector<std::string>{"a/b/in"}));
}

TEST_P(FileSystemConformanceTest, ListReportsSizesAndFullPaths) {
  ASSERT_OK(fs_->WriteFileAtomic(P("d/one"), "1"));
  ASSERT_OK(fs_->WriteFileAtomic(P("d/three"), "333"));
  ASSERT_OK_AND_ASSIGN(auto infos, fs_->List(P("d")));
  ASSERT_EQ(infos.size(), 2u);
  EXPECT_EQ(infos[0].path, P("d/one"));
  EXPECT_EQ(infos[0].size, 1);
  EXPECT_EQ(infos[1].path, P("d/three"));
  EXPECT_EQ(infos[1].size, 3);
  for (const FileInfo& info : infos) {
    ASSERT_OK_AND_ASSIGN(FileInfo stat, fs_->GetFileInfo(info.path));
    EXPECT_EQ(stat, info);
  }
}

TEST_P(FileSystemConformanceTest, CreateDir) {
  ASSERT_OK(fs_->CreateDir(P("x/y/z")));
  ASSERT_OK(fs_->CreateDir(P("x/y/z")));  // idempotent
  Result<FileInfo> info = fs_->GetFileInfo(P("x/y/z"));
  if (caps().implicit_directories) {
    ASSERT_CODE(kNotFound, info);  // nothing below it yet
  } else {
    ASSERT_OK(info);
    EXPECT_TRUE(info->is_dir);
    EXPECT_EQ(ListRelative("x", ListOptions{.include_dirs = true}),
              (std::vector<std::string>{"x/y/", "x/y/z/"}));
  }
  ASSERT_OK(fs_->WriteFileAtomic(P("x/y/z/f"), "x"));
  ASSERT_OK_AND_ASSIGN(FileInfo dir, fs_->GetFileInfo(P("x/y/z")));
  EXPECT_TRUE(dir.is_dir);
}

TEST_P(FileSystemConformanceTest, CreateDirOverAFileFails) {
  ASSERT_OK(fs_->WriteFileAtomic(P("f"), "x"));
  ASSERT_CODE(kAlreadyExists, fs_->CreateDir(P("f")));
  ASSERT_CODE(kAlreadyExists, fs_->CreateDir(P("f/sub")));
  ASSERT_OK_AND_ASSIGN(std::string content, fs_->ReadFile(P("f")));
  EXPECT_EQ(content, "x");
}

TEST_P(FileSystemConformanceTest, WritingBelowAFileFails) {
  ASSERT_OK(fs_->WriteFileAtomic(P("f"), "x"));
  EXPECT_FALSE(fs_->WriteFileAtomic(P("f/child"), "y").ok());
  EXPECT_FALSE(fs_->PutIfAbsent(P("f/child"), "y").ok());
  ASSERT_OK_AND_ASSIGN(std::string content, fs_->ReadFile(P("f")));
  EXPECT_EQ(content, "x");
}

TEST_P(FileSystemConformanceTest, WritingOverADirectoryFails) {
  ASSERT_OK(fs_->WriteFileAtomic(P("d/f"), "x"));
  ASSERT_CODE(kInvalidArgument, fs_->WriteFileAtomic(P("d"), "y"));
  ASSERT_CODE(kAlreadyExists, fs_->PutIfAbsent(P("d"), "y"));
  ASSERT_CODE(kInvalidArgument, fs_->OpenOutputStream(P("d")));
  ASSERT_OK_AND_ASSIGN(FileInfo info, fs_->GetFileInfo(P("d")));
  EXPECT_TRUE(info.is_dir);
  EXPECT_EQ(ListRelative("d"), (std::vector<std::string>{"d/f"}));
}

TEST_P(FileSystemConformanceTest, ToUriOfLocalPathsIsOpenableByPath) {
  ASSERT_OK(fs_->WriteFileAtomic(P("dir/x.parquet"), "PAR1"));
  Result<std::string> uri = fs_->ToUri(P("dir/x.parquet"));
  if (!caps().local_paths) {
    if (uri.ok()) {
      EXPECT_NE(uri->front(), '/') << *uri;
    }
    return;
  }
  ASSERT_OK(uri);
  ASSERT_EQ(uri->front(), '/') << *uri;
  std::FILE* file = std::fopen(uri->c_str(), "rb");
  ASSERT_NE(file, nullptr) << *uri;
  char buffer[8] = {0};
  size_t n = std::fread(buffer, 1, sizeof(buffer), file);
  std::fclose(file);
  EXPECT_EQ(std::string(buffer, n), "PAR1");
}

}  // namespace
}  // namespace ingot::storage::testing
