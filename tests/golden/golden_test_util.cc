#include "golden_test_util.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include <fcntl.h>
#include <poll.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "common/macros.h"
#include "delta/scan/delta_functions.h"
#include "duck/query_result.h"

namespace ingot::golden {

namespace fs = std::filesystem;

std::string GoldenTablePath(const std::string& table) {
  return (fs::path(INGOT_DELTA_GOLDEN_DIR) / table).string();
}

std::string CopyGoldenTable(const std::string& table, const std::string& dest_dir) {
  fs::path source = GoldenTablePath(table);
  std::error_code error;
  if (!fs::is_directory(source, error)) {
    ADD_FAILURE() << "golden table " << source
                  << " is missing (INGOT_DELTA_GOLDEN_DIR=" INGOT_DELTA_GOLDEN_DIR ")";
    return "";
  }
  fs::path dest = fs::path(dest_dir) / table;
  fs::create_directories(dest, error);
  for (auto it = fs::recursive_directory_iterator(source, error);
       !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
    fs::path target = dest / fs::relative(it->path(), source);
    if (it->is_directory()) {
      fs::create_directories(target, error);
      if (!error) fs::permissions(target, fs::perms::owner_all, fs::perm_options::add, error);
    } else {
      fs::copy_file(it->path(), target, fs::copy_options::overwrite_existing, error);
      if (!error) {
        fs::permissions(target, fs::perms::owner_read | fs::perms::owner_write,
                        fs::perm_options::add, error);
      }
    }
    if (error) break;
  }
  if (error) {
    ADD_FAILURE() << "copy golden table " << table << ": " << error.message();
    return "";
  }
  return dest.string();
}

void SetMtimeMillis(const std::string& path, int64_t millis) {
  struct timeval times[2];
  times[0].tv_sec = times[1].tv_sec = millis / 1000;
  times[0].tv_usec = times[1].tv_usec = (millis % 1000) * 1000;
  if (::utimes(path.c_str(), times) != 0) {
    ADD_FAILURE() << "utimes " << path << ": " << std::strerror(errno);
  }
}

DuckSession::DuckSession() {
  Result<std::unique_ptr<duck::Database>> db = duck::Database::Open({.threads = 2});
  if (!db.ok()) {
    ADD_FAILURE() << "open DuckDB: " << db.status();
    return;
  }
  db_ = db.MoveValueUnsafe();
  Result<std::unique_ptr<duck::Connection>> con = db_->Connect();
  if (!con.ok()) {
    ADD_FAILURE() << "connect to DuckDB: " << con.status();
    return;
  }
  con_ = con.MoveValueUnsafe();
  Status status = delta::RegisterDeltaFunctions(db_.get(), con_.get());
  if (!status.ok()) ADD_FAILURE() << "RegisterDeltaFunctions: " << status;
}

Result<Rows> DuckSession::Query(const std::string& sql) {
  if (con_ == nullptr) return Status::Internal("no DuckDB connection");
  INGOT_ASSIGN_OR_RAISE(auto result, con_->Query(sql));
  Rows rows;
  while (true) {
    INGOT_ASSIGN_OR_RAISE(auto chunk, result->Next());
    if (chunk == nullptr) break;
    for (size_t r = 0; r < chunk->size(); ++r) {
      std::vector<std::string> row;
      for (size_t c = 0; c < chunk->column_count(); ++c) row.push_back(chunk->ToString(c, r));
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

Result<std::string> DuckSession::Scalar(const std::string& sql) {
  INGOT_ASSIGN_OR_RAISE(Rows rows, Query(sql));
  if (rows.empty() || rows[0].empty()) return Status::NotFound("no rows: ", sql);
  return rows[0][0];
}

Result<std::vector<std::string>> DuckSession::JsonRows(const std::string& sql) {
  if (con_ == nullptr) return Status::Internal("no DuckDB connection");
  INGOT_ASSIGN_OR_RAISE(auto result, con_->Query(sql));
  std::vector<std::string> lines;
  while (true) {
    INGOT_ASSIGN_OR_RAISE(auto chunk, result->Next());
    if (chunk == nullptr) break;
    for (size_t r = 0; r < chunk->size(); ++r) {
      std::string line = "{";
      for (size_t c = 0; c < chunk->column_count(); ++c) {
        if (c > 0) line += ",";
        line += "\"";
        for (char ch : result->ColumnName(c)) {
          if (ch == '"' || ch == '\\') line += '\\';
          line += ch;
        }
        line += "\":";
        chunk->AppendJson(c, r, &line);
      }
      line += "}";
      lines.push_back(std::move(line));
    }
  }
  return lines;
}

Result<std::string> DuckSession::Columns(const std::string& sql) {
  INGOT_ASSIGN_OR_RAISE(Rows rows, Query("DESCRIBE " + sql));
  std::string out;
  for (const auto& row : rows) {
    if (!out.empty()) out += ", ";
    out += row[0] + " " + row[1];
  }
  return out;
}

namespace {

// Reads whatever is available on `fd` into `out`; false at EOF or error.
bool Drain(int fd, std::string* out) {
  char buf[65536];
  ssize_t n = ::read(fd, buf, sizeof(buf));
  if (n > 0) {
    out->append(buf, static_cast<size_t>(n));
    return true;
  }
  return n < 0 && (errno == EINTR || errno == EAGAIN);
}

}  // namespace

Result<ProcessResult> RunProcess(const std::vector<std::string>& argv) {
  if (argv.empty()) return Status::InvalidArgument("RunProcess: empty argv");
  int out_pipe[2];
  int err_pipe[2];
  int exec_pipe[2];  // carries errno when exec fails; closed (CLOEXEC) when it succeeds
  if (::pipe(out_pipe) != 0 || ::pipe(err_pipe) != 0 || ::pipe2(exec_pipe, O_CLOEXEC) != 0) {
    return Status::IOError("pipe: ", std::strerror(errno));
  }
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  pid_t pid = ::fork();
  if (pid < 0) return Status::IOError("fork: ", std::strerror(errno));
  if (pid == 0) {
    int devnull = ::open("/dev/null", O_RDONLY);
    if (devnull >= 0) ::dup2(devnull, 0);
    ::dup2(out_pipe[1], 1);
    ::dup2(err_pipe[1], 2);
    ::close(out_pipe[0]);
    ::close(err_pipe[0]);
    ::close(exec_pipe[0]);
    ::execvp(args[0], args.data());
    int code = errno;
    ssize_t ignored = ::write(exec_pipe[1], &code, sizeof(code));
    (void)ignored;
    ::_exit(127);
  }
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  ::close(exec_pipe[1]);
  int exec_errno = 0;
  ssize_t got = ::read(exec_pipe[0], &exec_errno, sizeof(exec_errno));
  ::close(exec_pipe[0]);

  ProcessResult result;
  struct pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  std::string* sinks[2] = {&result.out, &result.err};
  int open_fds = 2;
  while (open_fds > 0) {
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd >= 0 && (fds[i].revents & (POLLIN | POLLHUP | POLLERR))) {
        if (!Drain(fds[i].fd, sinks[i])) {
          ::close(fds[i].fd);
          fds[i].fd = -1;
          --open_fds;
        }
      }
    }
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (got == static_cast<ssize_t>(sizeof(exec_errno))) {
    return Status::IOError("cannot run '", argv[0], "': ", std::strerror(exec_errno));
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::string Lit(const std::string& text) { return duck::QuoteLiteral(text); }

}  // namespace ingot::golden
