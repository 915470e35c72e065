#include "storage/local_fs.h"

#include <climits>
#include <string>
#include <vector>

#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/uri.h"
#include "storage/file_system_conformance.h"
#include "storage/storage_test_util.h"

namespace ingot::storage::testing {
namespace {

using ::testing::HasSubstr;

ConformanceEnv MakeLocalEnv() {
  auto dir = std::make_shared<ScopedTempDir>();
  return ConformanceEnv{std::make_shared<LocalFileSystem>(), dir->path(), dir};
}

INSTANTIATE_TEST_SUITE_P(Local, FileSystemConformanceTest,
                         ::testing::Values(ConformanceBackend{"local", MakeLocalEnv}),
                         ConformanceBackendName);

std::vector<std::string> Names(const std::vector<FileInfo>& infos) {
  std::vector<std::string> out;
  for (const FileInfo& info : infos) out.push_back(BaseName(info.path));
  return out;
}

// Content a racing writer puts: its id and the path index, padded so that a torn or partial
// file cannot pass for a complete one.
std::string RaceContent(int child, int path) {
  std::string head = "child " + std::to_string(child) + " path " + std::to_string(path) + "\n";
  return head + std::string(64 * 1024, static_cast<char>('A' + child)) + "\nend\n";
}

bool IsSomeChildsContent(const std::string& content, int path, int children) {
  for (int child = 0; child < children; ++child) {
    if (content == RaceContent(child, path)) return true;
  }
  return false;
}

// Child process body: wait for the start signal, race on every path, report one letter per path
// ('W' won, 'L' lost with kAlreadyExists, 'E' anything else) and exit.
[[noreturn]] void RunRaceChild(int child, const std::string& dir, int paths, int start_fd,
                               int report_fd) {
  char byte;
  while (::read(start_fd, &byte, 1) < 0) {
  }  // EOF when the parent closes the write end: go
  LocalFileSystem fs;
  std::string report;
  for (int p = 0; p < paths; ++p) {
    Status status =
        fs.PutIfAbsent(JoinPath(dir, std::to_string(p) + ".json"), RaceContent(child, p));
    report += status.ok() ? 'W' : status.IsAlreadyExists() ? 'L' : 'E';
  }
  bool written =
      ::write(report_fd, report.data(), report.size()) == static_cast<ssize_t>(report.size());
  ::_exit(written ? 0 : 1);
}

TEST(LocalFsTest, ProcessesRacingPutIfAbsentHaveExactlyOneWinner) {
  constexpr int kChildren = 8;
  constexpr int kPaths = 12;
  constexpr int kRounds = 4;
  ScopedTempDir tmp;
  LocalFileSystem fs;
  for (int round = 0; round < kRounds; ++round) {
    std::string dir = JoinPath(tmp.path(), "round" + std::to_string(round) + "/_delta_log");
    int start[2];
    ASSERT_EQ(::pipe(start), 0);
    std::vector<pid_t> pids;
    std::vector<int> reports;
    for (int child = 0; child < kChildren; ++child) {
      int report[2];
      ASSERT_EQ(::pipe(report), 0);
      pid_t pid = ::fork();
      ASSERT_GE(pid, 0);
      if (pid == 0) {
        ::close(start[1]);
        ::close(report[0]);
        RunRaceChild(child, dir, kPaths, start[0], report[1]);
      }
      ::close(report[1]);
      pids.push_back(pid);
      reports.push_back(report[0]);
    }
    ::close(start[0]);
    ::close(start[1]);  // go

    // While the children race, every visible file must be some child's complete content.
    int torn_reads = 0;
    for (int poll = 0; poll < 200; ++poll) {
      for (int p = 0; p < kPaths; ++p) {
        Result<std::string> content = fs.ReadFile(JoinPath(dir, std::to_string(p) + ".json"));
        if (content.ok() ? !IsSomeChildsContent(*content, p, kChildren)
                         : !content.status().IsNotFound()) {
          ++torn_reads;
        }
      }
    }
    EXPECT_EQ(torn_reads, 0);

    std::vector<std::string> letters(kChildren);
    for (int child = 0; child < kChildren; ++child) {
      char buffer[kPaths];
      ssize_t n = ::read(reports[child], buffer, sizeof(buffer));
      ::close(reports[child]);
      letters[child] = n > 0 ? std::string(buffer, static_cast<size_t>(n)) : "";
      int wait_status = 0;
      ASSERT_EQ(::waitpid(pids[child], &wait_status, 0), pids[child]);
      EXPECT_TRUE(WIFEXITED(wait_status) && WEXITSTATUS(wait_status) == 0) << "child " << child;
      ASSERT_EQ(letters[child].size(), static_cast<size_t>(kPaths)) << "child " << child;
    }
    for (int p = 0; p < kPaths; ++p) {
      int winner = -1;
      for (int child = 0; child < kChildren; ++child) {
        char letter = letters[child][p];
        EXPECT_NE(letter, 'E') << "child " << child << " path " << p;
        if (letter != 'W') continue;
        EXPECT_EQ(winner, -1) << "round " << round << " path " << p << ": two winners";
        winner = child;
      }
      ASSERT_NE(winner, -1) << "round " << round << " path " << p << ": no winner";
      ASSERT_OK_AND_ASSIGN(std::string content,
                           fs.ReadFile(JoinPath(dir, std::to_string(p) + ".json")));
      EXPECT_EQ(content, RaceContent(winner, p));
    }
    // No staging files left behind, hidden or not.
    ASSERT_OK_AND_ASSIGN(auto infos, fs.List(dir, ListOptions{.include_dirs = true}));
    EXPECT_EQ(infos.size(), static_cast<size_t>(kPaths));
    for (const FileInfo& info : infos) EXPECT_THAT(info.path, ::testing::EndsWith(".json"));
  }
}

// A write error (here EFBIG from RLIMIT_FSIZE, in a child process so the limit stays there)
// breaks the stream: Close fails, and neither the target nor a staging file is left.
TEST(LocalFsTest, WriteErrorsPublishNothingAndLeaveNoStagingFiles) {
  ScopedTempDir tmp;
  std::string streamed = JoinPath(tmp.path(), "streamed.parquet");
  std::string put = JoinPath(tmp.path(), "_delta_log/0.json");
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::signal(SIGXFSZ, SIG_IGN);
    struct rlimit limit = {4096, 4096};
    ::setrlimit(RLIMIT_FSIZE, &limit);
    LocalFileSystem fs;
    const std::string big(1 << 20, 'x');
    int failures = 0;
    Result<std::unique_ptr<OutputStream>> stream = fs.OpenOutputStream(streamed);
    if (!stream.ok()) ::_exit(100);
    Status write = (*stream)->Write(big);
    if (write.code() != StatusCode::kIOError ||
        write.message().find("File too large") == std::string::npos) {
      failures |= 1;
    }
    if ((*stream)->Close().ok()) failures |= 2;
    if (fs.PutIfAbsent(put, big).code() != StatusCode::kIOError) failures |= 4;
    if (fs.WriteFileAtomic(put, big).ok()) failures |= 8;
    ::_exit(failures);
  }
  int wait_status = 0;
  ASSERT_EQ(::waitpid(pid, &wait_status, 0), pid);
  ASSERT_TRUE(WIFEXITED(wait_status));
  EXPECT_EQ(WEXITSTATUS(wait_status), 0) << "bit mask of failed checks in the child";
  LocalFileSystem fs;
  ASSERT_OK_AND_ASSIGN(auto left, fs.List(tmp.path()));
  EXPECT_TRUE(left.empty()) << left.size() << " files left behind";
}

TEST(LocalFsTest, ErrorsCarryTheOsErrorTextAndPath) {
  ScopedTempDir tmp;
  LocalFileSystem fs;
  std::string missing = JoinPath(tmp.path(), "missing.json");
  Result<std::string> read = fs.ReadFile(missing);
  ASSERT_CODE(kNotFound, read);
  EXPECT_THAT(read.status().message(), HasSubstr("No such file or directory"));
  EXPECT_THAT(read.status().message(), HasSubstr(missing));

  std::string file = JoinPath(tmp.path(), "file");
  ASSERT_OK(fs.WriteFileAtomic(file, "x"));
  Status below = fs.WriteFileAtomic(JoinPath(file, "child"), "y");
  ASSERT_CODE(kInvalidArgument, below);
  EXPECT_THAT(below.message(), HasSubstr(file));
  ASSERT_CODE(kInvalidArgument, fs.GetFileInfo(""));
}

TEST(LocalFsTest, PermissionErrorsAreReported) {
  ScopedTempDir tmp;
  LocalFileSystem fs;
  std::string locked = JoinPath(tmp.path(), "locked");
  ASSERT_OK(fs.CreateDir(locked));
  ASSERT_EQ(::chmod(locked.c_str(), 0500), 0);
  ASSERT_EQ(::chmod(tmp.path().c_str(), 0755), 0);  // "nobody" must reach `locked` itself
  // Root ignores file permissions: run the write in a child that drops to "nobody".
  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  pid_t pid = ::fork();
  if (pid == 0) {
    ::close(pipe_fds[0]);
    if (::geteuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0)) ::_exit(2);
    Status status = fs.PutIfAbsent(JoinPath(locked, "f"), "x");
    std::string report = std::to_string(static_cast<int>(status.code())) + "|" + status.message();
    ssize_t written = ::write(pipe_fds[1], report.data(), report.size());
    ::_exit(written == static_cast<ssize_t>(report.size()) ? 0 : 3);
  }
  ::close(pipe_fds[1]);
  std::string report;
  char buf[512];
  ssize_t n;
  while ((n = ::read(pipe_fds[0], buf, sizeof(buf))) > 0)
    report.append(buf, static_cast<size_t>(n));
  ::close(pipe_fds[0]);
  int wait_status = 0;
  ::waitpid(pid, &wait_status, 0);
  ::chmod(locked.c_str(), 0700);
  ASSERT_TRUE(WIFEXITED(wait_status) && WEXITSTATUS(wait_status) == 0) << report;
  EXPECT_EQ(report.substr(0, report.find('|')),
            std::to_string(static_cast<int>(StatusCode::kPermissionDenied)));
  EXPECT_THAT(report, HasSubstr("Permission denied"));
}

TEST(LocalFsTest, StreamStagesNextToTheTargetUnderAHiddenName) {
  ScopedTempDir tmp;
  LocalFileSystem fs;
  std::string target = JoinPath(tmp.path(), "part-00000.parquet");
  ASSERT_OK_AND_ASSIGN(auto stream, fs.OpenOutputStream(target));
  ASSERT_OK(stream->Write("data"));
  ASSERT_OK_AND_ASSIGN(auto during, fs.List(tmp.path()));
  ASSERT_EQ(during.size(), 1u);
  EXPECT_THAT(BaseName(during[0].path), ::testing::StartsWith(".part-00000.parquet."));
  EXPECT_THAT(during[0].path, ::testing::EndsWith(".ingot-tmp"));
  ASSERT_OK(stream->Close());
  ASSERT_OK_AND_ASSIGN(auto after, fs.List(tmp.path()));
  EXPECT_EQ(Names(after), (std::vector<std::string>{"part-00000.parquet"}));
}

TEST(LocalFsTest, VeryLongNamesStillGetAStagingFile) {
  ScopedTempDir tmp;
  LocalFileSystem fs;
  std::string target = JoinPath(tmp.path(), std::string(250, 'n'));
  ASSERT_OK(fs.WriteFileAtomic(target, "x"));
  ASSERT_OK(fs.PutIfAbsent(target + "2", "y"));  // 251 bytes, NAME_MAX is 255
  ASSERT_OK_AND_ASSIGN(auto infos, fs.List(tmp.path()));
  EXPECT_EQ(infos.size(), 2u);
}

TEST(LocalFsTest, SymlinksAreFollowedForFilesButNeverByDeletes) {
  ScopedTempDir tmp;
  ScopedTempDir outside;
  LocalFileSystem fs;
  ASSERT_OK(fs.WriteFileAtomic(JoinPath(outside.path(), "precious"), "keep me"));
  ASSERT_OK(fs.WriteFileAtomic(JoinPath(tmp.path(), "t/real"), "r"));
  ASSERT_EQ(::symlink(JoinPath(outside.path(), "precious").c_str(),
                      JoinPath(tmp.path(), "t/file_link").c_str()),
            0);
  ASSERT_EQ(::symlink(outside.path().c_str(), JoinPath(tmp.path(), "t/dir_link").c_str()), 0);
  ASSERT_EQ(::symlink("/nonexistent", JoinPath(tmp.path(), "t/dangling").c_str()), 0);

  ASSERT_OK_AND_ASSIGN(auto infos, fs.List(JoinPath(tmp.path(), "t"),
                                           ListOptions{.recursive = true, .include_dirs = true}));
  EXPECT_EQ(Names(infos), (std::vector<std::string>{"dir_link", "file_link", "real"}));
  ASSERT_OK_AND_ASSIGN(std::string via_link, fs.ReadFile(JoinPath(tmp.path(), "t/file_link")));
  EXPECT_EQ(via_link, "keep me");

  ASSERT_CODE(kInvalidArgument, fs.DeleteDir(JoinPath(tmp.path(), "t/dir_link")));
  ASSERT_OK(fs.DeleteDir(JoinPath(tmp.path(), "t")));
  ASSERT_OK_AND_ASSIGN(std::string still, fs.ReadFile(JoinPath(outside.path(), "precious")));
  EXPECT_EQ(still, "keep me");
}

TEST(LocalFsTest, ToUriMakesRelativePathsAbsolute) {
  LocalFileSystem fs;
  char cwd[PATH_MAX];
  ASSERT_NE(::getcwd(cwd, sizeof(cwd)), nullptr);
  ASSERT_OK_AND_ASSIGN(std::string uri, fs.ToUri("rel/x.parquet"));
  EXPECT_EQ(uri, JoinPath(cwd, "rel/x.parquet"));
  ASSERT_OK_AND_ASSIGN(std::string absolute, fs.ToUri("/abs/x"));
  EXPECT_EQ(absolute, "/abs/x");
}

TEST(LocalFsTest, CapabilitiesFollowTheDurableOption) {
  EXPECT_TRUE(LocalFileSystem().capabilities().durable);
  LocalFileSystem scratch(LocalFileSystemOptions{.durable = false});
  EXPECT_FALSE(scratch.capabilities().durable);
  EXPECT_TRUE(scratch.capabilities().atomic_put_if_absent);
  EXPECT_TRUE(scratch.capabilities().local_paths);
  ScopedTempDir tmp;
  ASSERT_OK(scratch.PutIfAbsent(JoinPath(tmp.path(), "a/b"), "x"));
  ASSERT_CODE(kAlreadyExists, scratch.PutIfAbsent(JoinPath(tmp.path(), "a/b"), "y"));
}

}  // namespace
}  // namespace ingot::storage::testing
