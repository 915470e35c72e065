// The commit loop under storage faults: ambiguous writes (the file landed but the caller was told
// it failed), transient errors and permanent errors.

#include <memory>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "delta/txn/commit.h"
#include "delta/txn/txn_test_util.h"
#include "storage/fault_injecting_fs.h"

namespace ingot::delta::testing {
namespace {

using storage::FaultInjectingFileSystem;
using storage::FaultSpec;
using storage::FaultTiming;
using storage::FsOp;
using ::testing::HasSubstr;

// Version 1's commit file name, to aim faults at it.
constexpr char kVersion1[] = "00000000000000000001.json";

class DeltaTxnCommitFaultTest : public ::testing::Test {
 protected:
  DeltaTxnCommitFaultTest()
      : memory_(std::make_shared<storage::MemoryFileSystem>()),
        faulty_(std::make_shared<FaultInjectingFileSystem>(memory_)),
        store_(faulty_, "t") {}

  void SetUp() override { CreateTable(store_); }

  // Commit options with a manual clock, so backoff sleeps cost nothing.
  CommitOptions Options(int max_attempts = 10) {
    return CommitOptions{.max_attempts = max_attempts, .clock = &clock_};
  }

  // How many commit files exist.
  size_t CommitCount() {
    Result<std::vector<int64_t>> versions = store_.ListCommitVersions(0);
    EXPECT_TRUE(versions.ok()) << versions.status();
    return versions.ok() ? versions->size() : 0;
  }

  ManualClock clock_{1'000'000'000};
  std::shared_ptr<storage::MemoryFileSystem> memory_;
  std::shared_ptr<FaultInjectingFileSystem> faulty_;
  LogStore store_;
};

TEST_F(DeltaTxnCommitFaultTest, AmbiguousWriteThatLandedIsNotRepeated) {
  faulty_->AddFault(FaultSpec{.op = FsOp::kPutIfAbsent,
                              .timing = FaultTiming::kAfter,
                              .code = StatusCode::kUnavailable,
                              .message = "connection reset"});
  ASSERT_OK_AND_ASSIGN(CommitResult result,
                       Commit(store_, BlindAppendRequest(0, {"a"}), Options()));
  EXPECT_EQ(result.version, 1);
  EXPECT_EQ(result.attempts, 1);
  EXPECT_EQ(faulty_->call_count(FsOp::kPutIfAbsent), 2);  // create + the ambiguous one
  EXPECT_EQ(CommitCount(), 2u);
  EXPECT_THAT(AllAddedPaths(store_), ::testing::ElementsAre("a"));
  EXPECT_EQ(ReadCommitInfo(store_, 1).txn_id, result.txn_id);
}

TEST_F(DeltaTxnCommitFaultTest, AmbiguousWriteSeenLateIsRecognisedByTxnId) {
  // The put lands but reports kUnavailable, and the read-back does not see it yet (as on an
  // eventually consistent store): the loop retries the put, finds the version taken and must
  // recognise its own commit there instead of committing again at version 2.
  faulty_->AddFault(FaultSpec{
      .op = FsOp::kPutIfAbsent, .timing = FaultTiming::kAfter, .code = StatusCode::kUnavailable});
  faulty_->AddFault(FaultSpec{.op = FsOp::kReadFile,
                              .path_substring = kVersion1,
                              .code = StatusCode::kNotFound,
                              .message = "not visible yet"});
  ASSERT_OK_AND_ASSIGN(CommitResult result,
                       Commit(store_, BlindAppendRequest(0, {"a"}), Options()));
  EXPECT_EQ(result.version, 1);
  EXPECT_EQ(result.attempts, 2);
  EXPECT_EQ(CommitCount(), 2u);
  EXPECT_THAT(AllAddedPaths(store_), ::testing::ElementsAre("a"));
}

TEST_F(DeltaTxnCommitFaultTest, AmbiguousWriteThatLostTheRaceRetriesOnTop) {
  // Another writer took version 1; our put's response is lost: the read-back shows someone
  // else's commit, so the loop treats it as a lost race and lands at version 2.
  ASSERT_OK(Commit(store_, BlindAppendRequest(0, {"other"})));
  faulty_->AddFault(FaultSpec{
      .op = FsOp::kPutIfAbsent, .timing = FaultTiming::kAfter, .code = StatusCode::kUnavailable});
  ASSERT_OK_AND_ASSIGN(CommitResult result,
                       Commit(store_, BlindAppendRequest(0, {"mine"}), Options()));
  EXPECT_EQ(result.version, 2);
  EXPECT_EQ(result.attempts, 2);
  EXPECT_THAT(AllAddedPaths(store_), ::testing::ElementsAre("other", "mine"));
}

TEST_F(DeltaTxnCommitFaultTest, UnknownOutcomeIsReportedAsSuch) {
  faulty_->AddFault(FaultSpec{
      .op = FsOp::kPutIfAbsent, .timing = FaultTiming::kAfter, .code = StatusCode::kUnavailable});
  faulty_->AddFault(FaultSpec{
      .op = FsOp::kReadFile, .path_substring = kVersion1, .code = StatusCode::kUnavailable});
  Result<CommitResult> result = Commit(store_, BlindAppendRequest(0, {"a"}), Options());
  ASSERT_CODE(kUnavailable, result);
  EXPECT_THAT(result.status().message(), HasSubstr("the commit may have landed"));
  EXPECT_THAT(result.status().message(), HasSubstr("'faulty(memory):t'"));
}

TEST_F(DeltaTxnCommitFaultTest, TransientFailuresAreRetriedWithBackoff) {
  faulty_->AddFault(
      FaultSpec{.op = FsOp::kPutIfAbsent, .count = 2, .code = StatusCode::kUnavailable});
  int64_t before = clock_.NowMillis();
  ASSERT_OK_AND_ASSIGN(CommitResult result,
                       Commit(store_, BlindAppendRequest(0, {"a"}), Options()));
  EXPECT_EQ(result.version, 1);
  EXPECT_EQ(result.attempts, 3);
  EXPECT_EQ(clock_.NowMillis() - before, 50 + 100);  // slept 50 ms, then 100 ms
  EXPECT_EQ(CommitCount(), 2u);
}

TEST_F(DeltaTxnCommitFaultTest, PersistentUnavailabilityGivesUp) {
  faulty_->AddFault(
      FaultSpec{.op = FsOp::kPutIfAbsent, .count = -1, .code = StatusCode::kUnavailable});
  Result<CommitResult> result = Commit(store_, BlindAppendRequest(0, {"a"}), Options(3));
  ASSERT_CODE(kUnavailable, result);
  EXPECT_THAT(result.status().message(), HasSubstr("gave up after 3 attempts"));
  EXPECT_EQ(faulty_->call_count(FsOp::kPutIfAbsent), 1 + 3);
  EXPECT_EQ(CommitCount(), 1u);
}

TEST_F(DeltaTxnCommitFaultTest, PermanentWriteErrorIsReturned) {
  faulty_->AddFault(
      FaultSpec{.op = FsOp::kPutIfAbsent, .code = StatusCode::kIOError, .message = "disk full"});
  Result<CommitResult> result = Commit(store_, BlindAppendRequest(0, {"a"}), Options());
  ASSERT_CODE(kIOError, result);
  EXPECT_THAT(result.status().message(), HasSubstr("disk full"));
  EXPECT_THAT(result.status().message(), HasSubstr("the commit was not written"));
  EXPECT_EQ(CommitCount(), 1u);
}

TEST_F(DeltaTxnCommitFaultTest, BoundedRetriesGiveUpWithConflict) {
  // Every put reports the version taken, yet nothing is there to read: the loop keeps trying
  // the same version and must stop after max_attempts.
  faulty_->AddFault(
      FaultSpec{.op = FsOp::kPutIfAbsent, .count = -1, .code = StatusCode::kAlreadyExists});
  Result<CommitResult> result = Commit(store_, BlindAppendRequest(0, {"a"}), Options(4));
  ASSERT_CODE(kConflict, result);
  EXPECT_THAT(result.status().message(), HasSubstr("gave up after 4 attempts"));
  EXPECT_THAT(result.status().message(), HasSubstr("rule: retries exhausted"));
  EXPECT_EQ(faulty_->call_count(FsOp::kPutIfAbsent), 1 + 4);
}

}  // namespace
}  // namespace ingot::delta::testing
