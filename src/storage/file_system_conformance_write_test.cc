// Conformance tests, part 2: output streams, atomic writes, put-if-absent, deletes, moves and
// copies, and concurrent use. Part 1 is in file_system_conformance_test.cc.

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "storage/file_system_conformance.h"
#include "storage/storage_test_util.h"

namespace ingot::storage::testing {
namespace {

using ::testing::HasSubstr;

TEST_P(FileSystemConformanceTest, StreamPublishesOnlyOnClose) {
  ASSERT_OK_AND_ASSIGN(auto stream, fs_->OpenOutputStream(P("out/s.bin")));
  ASSERT_OK(stream->Write("abc"));
  ASSERT_OK(stream->Write(""));
  ASSERT_OK(stream->Write(std::string(300000, 'x')));  // larger than any internal buffer
  ASSERT_OK(stream->Write("def"));
  EXPECT_EQ(stream->Tell(), 300006);
  ASSERT_CODE(kNotFound, fs_->GetFileInfo(P("out/s.bin")));
  ASSERT_OK(stream->Close());
  ASSERT_OK(stream->Close());  // idempotent
  ASSERT_OK_AND_ASSIGN(std::string content, fs_->ReadFile(P("out/s.bin")));
  EXPECT_EQ(content, "abc" + std::string(300000, 'x') + "def");
  EXPECT_EQ(ListRelative("out"), (std::vector<std::string>{"out/s.bin"}));
  ASSERT_CODE(kInvalidArgument, stream->Write("more"));
  ASSERT_OK(stream->Abort());  // a no-op after Close
  ASSERT_OK_AND_ASSIGN(std::string still, fs_->ReadFile(P("out/s.bin")));
  EXPECT_EQ(still.size(), 300006u);
}

TEST_P(FileSystemConformanceTest, StreamOverwriteKeepsOldContentUntilClose) {
  ASSERT_OK(fs_->WriteFileAtomic(P("f"), "old"));
  ASSERT_OK_AND_ASSIGN(auto stream, fs_->OpenOutputStream(P("f")));
  ASSERT_OK(stream->Write("new content"));
  ASSERT_OK_AND_ASSIGN(std::string before, fs_->ReadFile(P("f")));
  EXPECT_EQ(before, "old");
  ASSERT_OK(stream->Close());
  ASSERT_OK_AND_ASSIGN(std::string after, fs_->ReadFile(P("f")));
  EXPECT_EQ(after, "new content");
}

TEST_P(FileSystemConformanceTest, EmptyStreamCreatesEmptyFile) {
  ASSERT_OK_AND_ASSIGN(auto stream, fs_->OpenOutputStream(P("e")));
  EXPECT_EQ(stream->Tell(), 0);
  ASSERT_OK(stream->Close());
  ASSERT_OK_AND_ASSIGN(FileInfo info, fs_->GetFileInfo(P("e")));
  EXPECT_EQ(info.size, 0);
}

TEST_P(FileSystemConformanceTest, AbortedStreamLeavesNothing) {
  ASSERT_OK_AND_ASSIGN(auto stream, fs_->OpenOutputStream(P("dir/aborted")));
  ASSERT_OK(stream->Write("partial"));
  ASSERT_OK(stream->Abort());
  ASSERT_OK(stream->Abort());  // idempotent
  ASSERT_CODE(kInvalidArgument, stream->Write("x"));
  ASSERT_CODE(kInvalidArgument, stream->Close());
  ASSERT_CODE(kNotFound, fs_->GetFileInfo(P("dir/aborted")));
  EXPECT_TRUE(ListRelative("dir").empty()) << "staging data left behind";
}

TEST_P(FileSystemConformanceTest, AbandonedStreamLeavesNothing) {
  {
    ASSERT_OK_AND_ASSIGN(auto stream, fs_->OpenOutputStream(P("dir/abandoned")));
    ASSERT_OK(stream->Write("partial"));
  }
  ASSERT_CODE(kNotFound, fs_->GetFileInfo(P("dir/abandoned")));
  EXPECT_TRUE(ListRelative("dir").empty()) << "staging data left behind";
}

TEST_P(FileSystemConformanceTest, AbortedOverwriteKeepsOldContent) {
  ASSERT_OK(fs_->WriteFileAtomic(P("f"), "old"));
  ASSERT_OK_AND_ASSIGN(auto stream, fs_->OpenOutputStream(P("f")));
  ASSERT_OK(stream->Write("new"));
  ASSERT_OK(stream->Abort());
  ASSERT_OK_AND_ASSIGN(std::string content, fs_->ReadFile(P("f")));
  EXPECT_EQ(content, "old");
  EXPECT_EQ(ListRelative(""), (std::vector<std::string>{"f"}));
}

TEST_P(FileSystemConformanceTest, PutIfAbsentCreatesOnce) {
  ASSERT_OK(fs_->PutIfAbsent(P("_delta_log/00000000000000000000.json"), "v0"));
  Status second = fs_->PutIfAbsent(P("_delta_log/00000000000000000000.json"), "other");
  ASSERT_CODE(kAlreadyExists, second);
  EXPECT_THAT(second.message(), HasSubstr("00000000000000000000.json"));
  ASSERT_OK_AND_ASSIGN(std::string content,
                       fs_->ReadFile(P("_delta_log/00000000000000000000.json")));
  EXPECT_EQ(content, "v0");
  ASSERT_OK(fs_->PutIfAbsent(P("_delta_log/00000000000000000001.json"), ""));
  ASSERT_OK_AND_ASSIGN(FileInfo info, fs_->GetFileInfo(P("_delta_log/00000000000000000001.json")));
  EXPECT_EQ(info.size, 0);
  EXPECT_EQ(ListRelative("_delta_log"),
            (std::vector<std::string>{"_delta_log/00000000000000000000.json",
                                      "_delta_log/00000000000000000001.json"}));
}

TEST_P(FileSystemConformanceTest, PutIfAbsentAfterDeleteSucceeds) {
  ASSERT_OK(fs_->PutIfAbsent(P("lock"), "a"));
  ASSERT_OK(fs_->Delete(P("lock")));
  ASSERT_OK(fs_->PutIfAbsent(P("lock"), "b"));
  ASSERT_OK_AND_ASSIGN(std::string content, fs_->ReadFile(P("lock")));
  EXPECT_EQ(content, "b");
}

TEST_P(FileSystemConformanceTest, DeleteFile) {
  ASSERT_OK(fs_->WriteFileAtomic(P("d/f"), "x"));
  ASSERT_OK(fs_->WriteFileAtomic(P("d/g"), "y"));
  ASSERT_OK(fs_->Delete(P("d/f")));
  ASSERT_CODE(kNotFound, fs_->GetFileInfo(P("d/f")));
  Status again = fs_->Delete(P("d/f"));
  ASSERT_CODE(kNotFound, again);
  EXPECT_THAT(again.message(), HasSubstr(P("d/f")));
  ASSERT_CODE(kInvalidArgument, fs_->Delete(P("d")));
  EXPECT_EQ(ListRelative("d"), (std::vector<std::string>{"d/g"}));
}

TEST_P(FileSystemConformanceTest, DeleteDirRemovesTheTree) {
  for (const char* name : {"t/a", "t/b/c", "t/b/d/e", "keep/x", "t2/y"}) {
    ASSERT_OK(fs_->WriteFileAtomic(P(name), "x"));
  }
  ASSERT_OK(fs_->DeleteDir(P("t")));
  ASSERT_CODE(kNotFound, fs_->GetFileInfo(P("t")));
  EXPECT_EQ(ListRelative(""), (std::vector<std::string>{"keep/x", "t2/y"}));
  ASSERT_CODE(kNotFound, fs_->DeleteDir(P("t")));
  ASSERT_CODE(kInvalidArgument, fs_->DeleteDir(P("keep/x")));
}

TEST_P(FileSystemConformanceTest, DeleteDirContentsKeepsTheDirectory) {
  for (const char* name : {"t/a", "t/b/c", "other/x"}) {
    ASSERT_OK(fs_->WriteFileAtomic(P(name), "x"));
  }
  ASSERT_OK(fs_->DeleteDirContents(P("t")));
  EXPECT_TRUE(ListRelative("t").empty());
  Result<FileInfo> info = fs_->GetFileInfo(P("t"));
  if (caps().implicit_directories) {
    ASSERT_CODE(kNotFound, info);
  } else {
    ASSERT_OK(info);
    EXPECT_TRUE(info->is_dir);
  }
  EXPECT_EQ(ListRelative("other"), (std::vector<std::string>{"other/x"}));
  ASSERT_CODE(kNotFound, fs_->DeleteDirContents(P("missing")));
  ASSERT_CODE(kInvalidArgument, fs_->DeleteDirContents(P("other/x")));
}

TEST_P(FileSystemConformanceTest, MoveFile) {
  ASSERT_OK(fs_->WriteFileAtomic(P("src"), "payload"));
  ASSERT_OK(fs_->Move(P("src"), P("new/dir/dst")));
  ASSERT_CODE(kNotFound, fs_->GetFileInfo(P("src")));
  ASSERT_OK_AND_ASSIGN(std::string content, fs_->ReadFile(P("new/dir/dst")));
  EXPECT_EQ(content, "payload");
  // Replaces an existing target.
  ASSERT_OK(fs_->WriteFileAtomic(P("src2"), "second"));
  ASSERT_OK(fs_->Move(P("src2"), P("new/dir/dst")));
  ASSERT_OK_AND_ASSIGN(std::string replaced, fs_->ReadFile(P("new/dir/dst")));
  EXPECT_EQ(replaced, "second");
  ASSERT_CODE(kNotFound, fs_->Move(P("src"), P("elsewhere")));
  ASSERT_CODE(kInvalidArgument, fs_->Move(P("new/dir"), P("moved_dir")));
  ASSERT_OK(fs_->WriteFileAtomic(P("f"), "x"));
  ASSERT_CODE(kInvalidArgument, fs_->Move(P("f"), P("new/dir")));
  EXPECT_EQ(ListRelative(""), (std::vector<std::string>{"f", "new/dir/dst"}));
}

TEST_P(FileSystemConformanceTest, CopyFile) {
  ASSERT_OK(fs_->WriteFileAtomic(P("src"), std::string(3 << 20, 'c') + "end"));
  ASSERT_OK(fs_->Copy(P("src"), P("copies/dst")));
  ASSERT_OK_AND_ASSIGN(std::string source, fs_->ReadFile(P("src")));
  ASSERT_OK_AND_ASSIGN(std::string copy, fs_->ReadFile(P("copies/dst")));
  EXPECT_EQ(copy, source);
  ASSERT_OK(fs_->WriteFileAtomic(P("small"), "s"));
  ASSERT_OK(fs_->Copy(P("small"), P("copies/dst")));
  ASSERT_OK_AND_ASSIGN(std::string replaced, fs_->ReadFile(P("copies/dst")));
  EXPECT_EQ(replaced, "s");
  ASSERT_CODE(kNotFound, fs_->Copy(P("missing"), P("x")));
  ASSERT_CODE(kInvalidArgument, fs_->Copy(P("copies"), P("x")));
  ASSERT_CODE(kInvalidArgument, fs_->Copy(P("small"), P("copies")));
  EXPECT_EQ(ListRelative(""), (std::vector<std::string>{"copies/dst", "small", "src"}));
}

TEST_P(FileSystemConformanceTest, CapabilitiesNeededByDelta) {
  EXPECT_TRUE(caps().atomic_put_if_absent) << fs_->type_name();
  EXPECT_FALSE(fs_->type_name().empty());
}

// Readers racing an overwriting writer see one complete version or the other, never a mix.
TEST_P(FileSystemConformanceTest, ConcurrentReadersNeverSeePartialWrites) {
  const std::string a(200000, 'a');
  const std::string b(150000, 'b');
  ASSERT_OK(fs_->WriteFileAtomic(P("hot"), a));
  std::atomic<bool> done{false};
  std::atomic<int> bad_reads{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 2; ++t) {
    readers.emplace_back([&] {
      while (!done.load()) {
        Result<std::string> content = fs_->ReadFile(P("hot"));
        if (!content.ok() || (*content != a && *content != b)) ++bad_reads;
      }
    });
  }
  for (int i = 0; i < 60; ++i) {
    ASSERT_OK(fs_->WriteFileAtomic(P("hot"), i % 2 == 0 ? b : a));
  }
  done = true;
  for (std::thread& reader : readers) reader.join();
  EXPECT_EQ(bad_reads.load(), 0);
}

// Threads racing PutIfAbsent on the same paths: exactly one wins each, and its content is there.
TEST_P(FileSystemConformanceTest, ThreadsRacingPutIfAbsentHaveOneWinner) {
  constexpr int kThreads = 8;
  constexpr int kPaths = 20;
  std::vector<std::vector<Status>> results(kThreads, std::vector<Status>(kPaths));
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      ++ready;
      while (ready.load() < kThreads) std::this_thread::yield();
      for (int p = 0; p < kPaths; ++p) {
        results[t][p] = fs_->PutIfAbsent(P("race/" + std::to_string(p)),
                                         "writer " + std::to_string(t) + std::string(5000, '.'));
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int p = 0; p < kPaths; ++p) {
    int winner = -1;
    for (int t = 0; t < kThreads; ++t) {
      if (results[t][p].ok()) {
        EXPECT_EQ(winner, -1) << "two winners for path " << p;
        winner = t;
      } else {
        EXPECT_EQ(results[t][p].code(), StatusCode::kAlreadyExists) << results[t][p];
      }
    }
    ASSERT_NE(winner, -1) << "no winner for path " << p;
    ASSERT_OK_AND_ASSIGN(std::string content, fs_->ReadFile(P("race/" + std::to_string(p))));
    EXPECT_EQ(content, "writer " + std::to_string(winner) + std::string(5000, '.'));
  }
  EXPECT_EQ(ListRelative("race").size(), static_cast<size_t>(kPaths)) << "staging files left";
}

}  // namespace
}  // namespace ingot::storage::testing
