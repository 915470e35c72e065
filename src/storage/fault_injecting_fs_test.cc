#include "storage/fault_injecting_fs.h"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "storage/file_system_conformance.h"
#include "storage/local_fs.h"
#include "storage/memory_fs.h"
#include "storage/storage_test_util.h"

namespace ingot::storage::testing {
namespace {

using ::testing::HasSubstr;

// With no faults armed the decorator must be invisible.
INSTANTIATE_TEST_SUITE_P(
    FaultInjecting, FileSystemConformanceTest,
    ::testing::Values(
        ConformanceBackend{
            "faulty_memory",
            [] {
              auto base = std::make_shared<MemoryFileSystem>();
              return ConformanceEnv{std::make_shared<FaultInjectingFileSystem>(base), "root", {}};
            }},
        ConformanceBackend{"faulty_local",
                           [] {
                             auto dir = std::make_shared<ScopedTempDir>();
                             auto base = std::make_shared<LocalFileSystem>();
                             return ConformanceEnv{std::make_shared<FaultInjectingFileSystem>(base),
                                                   dir->path(), dir};
                           }}),
    ConformanceBackendName);

class FaultInjectingFsTest : public ::testing::Test {
 protected:
  std::shared_ptr<MemoryFileSystem> base_ = std::make_shared<MemoryFileSystem>();
  FaultInjectingFileSystem fs_{base_};
};

TEST_F(FaultInjectingFsTest, FailsOnlyMatchingOperationAndPath) {
  ASSERT_OK(base_->WriteFileAtomic("t/_delta_log/0.json", "{}"));
  ASSERT_OK(base_->WriteFileAtomic("t/part-0.parquet", "PAR1"));
  fs_.AddFault(FaultSpec{.op = FsOp::kReadFile, .path_substring = "_delta_log", .count = -1});

  Result<std::string> read = fs_.ReadFile("t/_delta_log/0.json");
  ASSERT_CODE(kIOError, read);
  EXPECT_THAT(read.status().message(), HasSubstr("injected"));
  EXPECT_THAT(read.status().message(), HasSubstr("ReadFile 't/_delta_log/0.json'"));
  ASSERT_OK(fs_.ReadFile("t/part-0.parquet"));            // other path
  ASSERT_OK(fs_.ReadRange("t/_delta_log/0.json", 0, 2));  // other operation
  ASSERT_OK(fs_.GetFileInfo("t/_delta_log/0.json"));
  EXPECT_EQ(fs_.injected_count(), 1);
  EXPECT_EQ(fs_.call_count(FsOp::kReadFile), 2);
  EXPECT_EQ(fs_.call_count(FsOp::kAny), 4);
}

TEST_F(FaultInjectingFsTest, FailAfterNCallsForACount) {
  fs_.AddFault(FaultSpec{.op = FsOp::kPutIfAbsent,
                         .skip = 2,
                         .count = 2,
                         .code = StatusCode::kUnavailable,
                         .message = "throttled"});
  ASSERT_OK(fs_.PutIfAbsent("v/0", "a"));
  ASSERT_OK(fs_.PutIfAbsent("v/1", "b"));
  Status third = fs_.PutIfAbsent("v/2", "c");
  ASSERT_CODE(kUnavailable, third);
  EXPECT_TRUE(third.IsRetryable());
  EXPECT_THAT(third.message(), HasSubstr("throttled"));
  ASSERT_CODE(kUnavailable, fs_.PutIfAbsent("v/2", "c"));
  ASSERT_OK(fs_.PutIfAbsent("v/2", "c"));  // the window is over
  ASSERT_CODE(kNotFound, base_->GetFileInfo("v/3"));
  EXPECT_EQ(base_->file_count(), 3u);  // the failed calls did nothing
}

TEST_F(FaultInjectingFsTest, AmbiguousPutIfAbsentHappensButReportsUnavailable) {
  fs_.AddFault(FaultSpec{.op = FsOp::kPutIfAbsent,
                         .timing = FaultTiming::kAfter,
                         .code = StatusCode::kUnavailable,
                         .message = "connection reset"});
  ASSERT_CODE(kUnavailable, fs_.PutIfAbsent("_delta_log/1.json", "mine"));
  // The write landed; a retry sees it and must work out that the existing file is its own.
  ASSERT_CODE(kAlreadyExists, fs_.PutIfAbsent("_delta_log/1.json", "mine"));
  ASSERT_OK_AND_ASSIGN(std::string content, fs_.ReadFile("_delta_log/1.json"));
  EXPECT_EQ(content, "mine");
}

TEST_F(FaultInjectingFsTest, AmbiguousWriteAndDelete) {
  fs_.AddFault(FaultSpec{
      .op = FsOp::kAny, .path_substring = "x", .count = 2, .timing = FaultTiming::kAfter});
  ASSERT_CODE(kIOError, fs_.WriteFileAtomic("x", "new"));
  ASSERT_OK_AND_ASSIGN(std::string content, base_->ReadFile("x"));
  EXPECT_EQ(content, "new");
  ASSERT_CODE(kIOError, fs_.Delete("x"));
  ASSERT_CODE(kNotFound, base_->GetFileInfo("x"));
}

TEST_F(FaultInjectingFsTest, MoveAndCopyMatchEitherPath) {
  ASSERT_OK(base_->WriteFileAtomic("a", "1"));
  int id = fs_.AddFault(FaultSpec{.path_substring = "target", .count = -1});
  ASSERT_CODE(kIOError, fs_.Move("a", "dir/target"));
  ASSERT_CODE(kIOError, fs_.Copy("a", "target2"));
  ASSERT_OK(fs_.Copy("a", "b"));
  fs_.RemoveFault(id);
  ASSERT_OK(fs_.Move("a", "dir/target"));
}

TEST_F(FaultInjectingFsTest, FailedStreamWritePublishesNothing) {
  fs_.AddFault(FaultSpec{.op = FsOp::kWrite, .skip = 1});
  ASSERT_OK_AND_ASSIGN(auto stream, fs_.OpenOutputStream("data/part-0"));
  ASSERT_OK(stream->Write("first"));
  ASSERT_CODE(kIOError, stream->Write("second"));
  ASSERT_OK(stream->Write("third"));  // the fault was for one call only
  Status closed = stream->Close();
  ASSERT_CODE(kIOError, closed);
  EXPECT_THAT(closed.message(), HasSubstr("after a failed write"));
  EXPECT_EQ(base_->file_count(), 0u);
}

TEST_F(FaultInjectingFsTest, FailedCloseBeforeOrAfterPublishing) {
  int before = fs_.AddFault(FaultSpec{.op = FsOp::kClose, .path_substring = "lost"});
  ASSERT_OK_AND_ASSIGN(auto lost, fs_.OpenOutputStream("lost"));
  ASSERT_OK(lost->Write("x"));
  ASSERT_CODE(kIOError, lost->Close());
  ASSERT_CODE(kNotFound, base_->GetFileInfo("lost"));
  fs_.RemoveFault(before);

  fs_.AddFault(FaultSpec{.op = FsOp::kClose, .timing = FaultTiming::kAfter});
  ASSERT_OK_AND_ASSIGN(auto landed, fs_.OpenOutputStream("landed"));
  ASSERT_OK(landed->Write("y"));
  ASSERT_CODE(kIOError, landed->Close());
  ASSERT_OK_AND_ASSIGN(std::string content, base_->ReadFile("landed"));
  EXPECT_EQ(content, "y");
}

TEST_F(FaultInjectingFsTest, InputFileReadsCanFail) {
  ASSERT_OK(base_->WriteFileAtomic("f.parquet", "0123456789"));
  ASSERT_OK_AND_ASSIGN(auto file, fs_.OpenInputFile("f.parquet"));
  fs_.AddFault(FaultSpec{.op = FsOp::kReadAt, .code = StatusCode::kCorruption});
  EXPECT_EQ(file->Size(), 10);
  ASSERT_CODE(kCorruption, file->ReadAt(6, 4));
  ASSERT_OK_AND_ASSIGN(std::string footer, file->ReadAt(6, 4));
  EXPECT_EQ(footer, "6789");
}

TEST_F(FaultInjectingFsTest, FailingOpenReturnsNoObject) {
  ASSERT_OK(base_->WriteFileAtomic("f", "x"));
  fs_.AddFault(FaultSpec{.op = FsOp::kOpenInputFile});
  fs_.AddFault(FaultSpec{.op = FsOp::kOpenOutputStream, .timing = FaultTiming::kAfter});
  ASSERT_CODE(kIOError, fs_.OpenInputFile("f"));
  ASSERT_CODE(kIOError, fs_.OpenOutputStream("g"));
  EXPECT_EQ(base_->file_count(), 1u);  // the stream opened by kAfter was abandoned
}

TEST_F(FaultInjectingFsTest, SimulatedCrashAbandonsOpenStreams) {
  ASSERT_OK_AND_ASSIGN(auto open_before, fs_.OpenOutputStream("before"));
  ASSERT_OK(open_before->Write("half"));
  fs_.SimulateCrash();
  ASSERT_CODE(kIOError, open_before->Write("rest"));
  Status closed = open_before->Close();
  ASSERT_CODE(kIOError, closed);
  EXPECT_THAT(closed.message(), HasSubstr("simulated crash"));
  ASSERT_CODE(kNotFound, fs_.GetFileInfo("before"));

  ASSERT_OK_AND_ASSIGN(auto open_after, fs_.OpenOutputStream("after"));
  ASSERT_OK(open_after->Write("whole"));
  ASSERT_OK(open_after->Close());
  ASSERT_OK_AND_ASSIGN(std::string content, fs_.ReadFile("after"));
  EXPECT_EQ(content, "whole");
}

TEST_F(FaultInjectingFsTest, ClearFaultsAndCounters) {
  fs_.AddFault(FaultSpec{.count = -1});
  ASSERT_CODE(kIOError, fs_.List(""));
  ASSERT_CODE(kIOError, fs_.CreateDir("d"));
  fs_.ClearFaults();
  ASSERT_OK(fs_.List(""));
  EXPECT_EQ(fs_.injected_count(), 2);
  EXPECT_EQ(fs_.call_count(FsOp::kList), 2);
  EXPECT_EQ(fs_.call_count(FsOp::kCreateDir), 1);
  EXPECT_EQ(fs_.type_name(), "faulty(memory)");
  EXPECT_EQ(FsOpName(FsOp::kPutIfAbsent), "PutIfAbsent");
  EXPECT_EQ(FsOpName(FsOp::kAny), "Any");
}

TEST_F(FaultInjectingFsTest, FirstFaultInWindowDecides) {
  fs_.AddFault(FaultSpec{.op = FsOp::kGetFileInfo, .skip = 1, .code = StatusCode::kUnavailable});
  fs_.AddFault(FaultSpec{.op = FsOp::kGetFileInfo, .code = StatusCode::kPermissionDenied});
  ASSERT_CODE(kPermissionDenied, fs_.GetFileInfo("x"));  // first fault still skipping
  ASSERT_CODE(kUnavailable, fs_.GetFileInfo("x"));
  ASSERT_CODE(kNotFound, fs_.GetFileInfo("x"));  // both windows are over
}

}  // namespace
}  // namespace ingot::storage::testing
