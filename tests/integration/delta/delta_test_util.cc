#include "delta_test_util.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

namespace ingot::testing {

namespace fs = std::filesystem;

IngotProcess StartIngot(const std::vector<std::string>& args, const std::string& io_prefix) {
  IngotProcess process;
  process.out_path = io_prefix + ".out";
  process.err_path = io_prefix + ".err";
  // Everything the child needs is prepared before fork(): the test may have other threads.
  std::string binary = INGOT_BINARY_PATH;
  std::vector<std::string> copies = args;
  std::vector<char*> argv;
  argv.push_back(binary.data());
  for (std::string& a : copies) argv.push_back(a.data());
  argv.push_back(nullptr);
  int in = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  int out = ::open(process.out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  int err = ::open(process.err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (in < 0 || out < 0 || err < 0) {
    ADD_FAILURE() << "cannot open output files " << io_prefix << ": " << std::strerror(errno);
    for (int fd : {in, out, err}) {
      if (fd >= 0) ::close(fd);
    }
    return process;
  }
  pid_t pid = ::fork();
  if (pid == 0) {
    // dup2 clears close-on-exec on the copies; the originals close at exec.
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(err, 2);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(in);
  ::close(out);
  ::close(err);
  if (pid < 0) ADD_FAILURE() << "fork failed: " << std::strerror(errno);
  process.pid = pid;
  return process;
}

CliRun WaitIngot(const IngotProcess& process) {
  CliRun run;
  if (process.pid <= 0) return run;
  int status = 0;
  while (::waitpid(process.pid, &status, 0) < 0 && errno == EINTR) {
  }
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  run.out = ReadFileText(process.out_path);
  run.err = ReadFileText(process.err_path);
  std::error_code ignored;
  fs::remove(process.out_path, ignored);
  fs::remove(process.err_path, ignored);
  return run;
}

CliRun RunIngotProcess(const std::vector<std::string>& args, const std::string& io_prefix) {
  return WaitIngot(StartIngot(args, io_prefix));
}

std::vector<int64_t> CommitFileVersions(const std::string& table) {
  static const std::regex kCommit("([0-9]{20})\\.json");
  std::vector<int64_t> versions;
  for (const std::string& name : ListDir(table + "/_delta_log")) {
    std::smatch m;
    if (std::regex_match(name, m, kCommit)) versions.push_back(std::stoll(m[1].str()));
  }
  return versions;  // ListDir sorts by name, and the names are zero-padded
}

bool IsContiguousFromZero(const std::vector<int64_t>& versions) {
  for (size_t i = 0; i < versions.size(); ++i) {
    if (versions[i] != static_cast<int64_t>(i)) return false;
  }
  return true;
}

std::vector<int64_t> HistoryVersions(const std::string& table) {
  CliRun run = RunIngot({"table", "history", table, "--format", "csv"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  std::vector<int64_t> versions;
  std::istringstream lines(run.out);
  std::string line;
  std::getline(lines, line);  // header
  EXPECT_EQ(line, "version,timestamp,operation,parameters,metrics");
  while (std::getline(lines, line)) {
    versions.push_back(std::stoll(line.substr(0, line.find(','))));
  }
  return versions;
}

std::string ReadFileText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

std::set<std::string> PathsEverAdded(const std::string& table) {
  static const std::regex kAddPath("^\\{\"add\":\\{.*?\"path\":\"([^\"]*)\"");
  std::set<std::string> paths;
  for (int64_t version : CommitFileVersions(table)) {
    char name[32];
    std::snprintf(name, sizeof(name), "%020lld.json", static_cast<long long>(version));
    std::istringstream lines(ReadFileText(table + "/_delta_log/" + name));
    std::string line;
    while (std::getline(lines, line)) {
      std::smatch m;
      if (std::regex_search(line, m, kAddPath)) paths.insert(m[1].str());
    }
  }
  return paths;
}

std::set<std::string> ParquetFilesOnDisk(const std::string& table) {
  std::set<std::string> files;
  for (auto it = fs::recursive_directory_iterator(table); it != fs::recursive_directory_iterator();
       ++it) {
    std::string name = it->path().filename().string();
    if (it->is_directory() && (name == "_delta_log" || name.starts_with("."))) {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file() && name.ends_with(".parquet")) {
      files.insert(fs::relative(it->path(), table).string());
    }
  }
  return files;
}

Leftovers CountLeftovers(const std::string& table) {
  Leftovers leftovers;
  for (const std::string& name : ListDir(table)) {
    if (name.starts_with(".ingot-staging-")) ++leftovers.staging_dirs;
  }
  for (const std::string& name : ListDir(table + "/_delta_log")) {
    // ".<commit>.json.<unique>.ingot-tmp", ".<checkpoint>.parquet.<uuid>.tmp", ...
    if (name.starts_with(".")) ++leftovers.log_temp_files;
  }
  return leftovers;
}

std::string SqlCsv(const std::string& query) {
  CliRun run = RunIngot({"sql", "--format", "csv", query});
  EXPECT_EQ(run.exit_code, 0) << query << "\n" << run.err;
  size_t header_end = run.out.find('\n');
  return header_end == std::string::npos ? std::string() : run.out.substr(header_end + 1);
}

std::string SqlLiteral(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

}  // namespace ingot::testing
