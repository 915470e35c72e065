#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "pipeline/runner.h"

namespace ingot::cli {

// Shows a pipeline run's progress on a stream (stderr). Live, on a terminal: the runner's lines
// scroll above a block of one line per table in progress ("  staging silver.orders  12.3s"),
// redrawn in place with ANSI escapes at most 4 times a second. Not live (a pipe, a file, CI):
// the runner's lines only, as they come.
class ProgressView : public pipeline::RunObserver {
 public:
  ProgressView(std::FILE* out, bool live);
  // Stops redrawing and clears the block.
  ~ProgressView() override;
  ProgressView(const ProgressView&) = delete;
  ProgressView& operator=(const ProgressView&) = delete;

  void Line(const std::string& line) override;
  void TableStarted(const std::string& table, const std::string& step) override;
  void TableFinished(const std::string& table) override;

 private:
  struct Active {
    std::string table;
    std::string step;
    std::chrono::steady_clock::time_point since;
  };
  // Under mu_: erases the block drawn last / draws it for the tables in progress now.
  void Erase();
  void Draw();

  std::FILE* out_;
  bool live_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::vector<Active> active_;
  size_t drawn_ = 0;  // lines of the block on screen
  std::thread ticker_;
};

// True when the stream is a terminal that understands ANSI escapes (not TERM=dumb).
bool IsLiveTerminal(std::FILE* stream);

}  // namespace ingot::cli
