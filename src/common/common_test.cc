#include <gtest/gtest.h>

#include "common/clock.h"
#include "common/logging.h"
#include "common/macros.h"
#include "common/result.h"
#include "common/status.h"
#include "common/uri.h"

namespace ingot {
namespace {

Result<int> ParsePositive(int v) {
  if (v <= 0) return Status::InvalidArgument("expected a positive number, got ", v);
  return v;
}

Result<int> Doubled(int v) {
  INGOT_ASSIGN_OR_RAISE(int x, ParsePositive(v));
  return x * 2;
}

Status CheckBoth(int a, int b) {
  INGOT_RETURN_NOT_OK(ParsePositive(a).status());
  INGOT_RETURN_NOT_OK_CTX(ParsePositive(b).status(), "second argument");
  return Status::OK();
}

TEST(StatusTest, CodesAndMessages) {
  Status st = Status::IOError("put ", "s3://b/k", ": ", 503);
  EXPECT_FALSE(st.ok());
  EXPECT_TRUE(st.IsIOError());
  EXPECT_EQ(st.message(), "put s3://b/k: 503");
  EXPECT_EQ(st.ToString(), "I/O error: put s3://b/k: 503");
  EXPECT_TRUE(Status::Unavailable("busy").IsRetryable());
  EXPECT_FALSE(Status::Conflict("version 3 taken").IsRetryable());
  EXPECT_TRUE(Status::Conflict("x").IsConflict());
  EXPECT_TRUE(Status::OK().ok());
  EXPECT_EQ(Status::OK().ToString(), "OK");
}

TEST(StatusTest, ContextIsPrepended) {
  Status st = Status::NotFound("no such file").WithContext("table ", "/t", " version ", 4);
  EXPECT_EQ(st.message(), "table /t version 4: no such file");
  EXPECT_TRUE(st.IsNotFound());
  EXPECT_TRUE(Status::OK().WithContext("x").ok());
}

TEST(ResultTest, ValueAndErrorPropagation) {
  Result<int> good = Doubled(21);
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 42);
  Result<int> bad = Doubled(-1);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "expected a positive number, got -1");
  EXPECT_EQ(bad.ValueOr(7), 7);
  Status both = CheckBoth(1, -2);
  EXPECT_EQ(both.message(), "second argument: expected a positive number, got -2");
}

TEST(ResultTest, OkStatusWithoutValueBecomesInternalError) {
  Result<std::string> r(Status::OK());
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInternal);
}

TEST(ResultTest, MoveOnlyValues) {
  Result<std::unique_ptr<int>> r(std::make_unique<int>(5));
  ASSERT_TRUE(r.ok());
  std::unique_ptr<int> p = std::move(r).ValueOrDie();
  EXPECT_EQ(*p, 5);
}

TEST(ResultDeathTest, AccessingErrorValueAborts) {
  Result<int> r(Status::NotFound("gone"));
  EXPECT_DEATH((void)r.ValueOrDie(), "gone");
}

TEST(ClockTest, ManualClockAdvances) {
  ManualClock clock(1'000'000);
  EXPECT_EQ(clock.NowMillis(), 1000);
  clock.SleepMillis(250);
  EXPECT_EQ(clock.NowMicros(), 1'250'000);
  EXPECT_EQ(FormatIso8601Millis(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatIso8601Millis(1'700'000'000'123), "2023-11-14T22:13:20.123Z");
}

std::vector<std::string>* g_lines = nullptr;
void CaptureLine(const std::string& line) { g_lines->push_back(line); }

TEST(LoggingTest, TextAndJsonFormats) {
  std::vector<std::string> lines;
  g_lines = &lines;
  Logger::SetSinkForTesting(&CaptureLine);
  Logger::SetLevel(LogLevel::kInfo);
  Logger::SetFormat(LogFormat::kText);
  INGOT_LOG(kDebug, "hidden");
  INGOT_LOG(kInfo, "committed", {{"table", "/tmp/my table"}, {"version", "3"}});
  Logger::SetFormat(LogFormat::kJson);
  INGOT_LOG(kError, "failed \"x\"", {{"file", "a.csv"}});
  Logger::SetSinkForTesting(nullptr);
  Logger::SetFormat(LogFormat::kText);
  Logger::SetLevel(LogLevel::kWarn);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_NE(lines[0].find("INFO  committed table=\"/tmp/my table\" version=3"), std::string::npos)
      << lines[0];
  EXPECT_NE(lines[1].find(R"("level":"error","msg":"failed \"x\"","file":"a.csv"})"),
            std::string::npos)
      << lines[1];
}

TEST(UriTest, ParsesSchemesAndPlainPaths) {
  auto s3 = Uri::Parse("s3://bucket/a/b.parquet");
  ASSERT_TRUE(s3.ok());
  EXPECT_EQ(s3->scheme, "s3");
  EXPECT_EQ(s3->authority, "bucket");
  EXPECT_EQ(s3->path, "a/b.parquet");
  EXPECT_EQ(s3->ToString(), "s3://bucket/a/b.parquet");
  auto local = Uri::Parse("/tmp/x");
  ASSERT_TRUE(local.ok());
  EXPECT_EQ(local->scheme, "file");
  EXPECT_EQ(local->path, "/tmp/x");
  auto file = Uri::Parse("FILE:///tmp/y");
  ASSERT_TRUE(file.ok());
  EXPECT_EQ(file->scheme, "file");
  EXPECT_EQ(file->path, "/tmp/y");
  EXPECT_FALSE(Uri::Parse("").ok());
  EXPECT_FALSE(Uri::Parse("s3:///key").ok());
  EXPECT_FALSE(Uri::Parse("file://otherhost/x").ok());
  EXPECT_TRUE(HasScheme("memory://t"));
  EXPECT_FALSE(HasScheme("/a://b"));
}

TEST(UriTest, PathHelpers) {
  EXPECT_EQ(JoinPath("a/", "/b"), "a/b");
  EXPECT_EQ(JoinPath("/", "b"), "/b");
  EXPECT_EQ(JoinPath("", "b"), "b");
  EXPECT_EQ(ParentPath("a/b/c"), "a/b");
  EXPECT_EQ(ParentPath("/c"), "/");
  EXPECT_EQ(ParentPath("c"), "");
  EXPECT_EQ(BaseName("a/b/c.csv"), "c.csv");
  EXPECT_EQ(FileExtension("x/Data.CSV"), "csv");
  EXPECT_EQ(FileExtension("x.json.gz"), "json");
  EXPECT_EQ(FileExtension("README"), "");
  EXPECT_EQ(NormalizePath("/a//b/./c/../d"), "/a/b/d");
  EXPECT_EQ(NormalizePath("/../a"), "/a");
  EXPECT_EQ(NormalizePath("../a/b/.."), "../a");
}

TEST(UriTest, PercentEncoding) {
  EXPECT_EQ(PercentEncode("a b/c=d%"), "a%20b%2Fc%3Dd%25");
  auto decoded = PercentDecode("a%20b%2Fc%3Dd%25");
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded, "a b/c=d%");
  EXPECT_FALSE(PercentDecode("abc%2").ok());
  EXPECT_FALSE(PercentDecode("abc%zz").ok());
}

}  // namespace
}  // namespace ingot
