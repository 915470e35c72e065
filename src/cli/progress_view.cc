#include "cli/progress_view.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include <sys/ioctl.h>
#include <unistd.h>

namespace ingot::cli {
namespace {

constexpr auto kRedrawInterval = std::chrono::milliseconds(250);

size_t TerminalWidth(std::FILE* out) {
  winsize size{};
  if (ioctl(fileno(out), TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  return 80;
}

}  // namespace

bool IsLiveTerminal(std::FILE* stream) {
  const char* term = std::getenv("TERM");
  return isatty(fileno(stream)) != 0 && term != nullptr && std::strcmp(term, "dumb") != 0;
}

ProgressView::ProgressView(std::FILE* out, bool live) : out_(out), live_(live) {
  if (!live_) return;
  ticker_ = std::thread([this] {
    std::unique_lock<std::mutex> lock(mu_);
    while (!wake_.wait_for(lock, kRedrawInterval, [this] { return stop_; })) {
      if (active_.empty()) continue;
      Erase();
      Draw();
    }
  });
}

ProgressView::~ProgressView() {
  if (!live_) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
    active_.clear();
    Erase();
    std::fflush(out_);
  }
  wake_.notify_all();
  ticker_.join();
}

void ProgressView::Erase() {
  if (drawn_ == 0) return;
  // Up to the block's first line, then clear to the end of the screen.
  std::fprintf(out_, "\x1b[%zuA\r\x1b[J", drawn_);
  drawn_ = 0;
}

void ProgressView::Draw() {
  size_t width = TerminalWidth(out_);
  auto now = std::chrono::steady_clock::now();
  for (const Active& a : active_) {
    char seconds[32];
    std::snprintf(seconds, sizeof(seconds), "%.1fs",
                  std::chrono::duration<double>(now - a.since).count());
    std::string line = "  " + a.step + " " + a.table + "  " + seconds;
    // A wrapped line would break the cursor arithmetic of the next Erase.
    if (line.size() >= width) line.resize(width - 1);
    std::fprintf(out_, "%s\n", line.c_str());
    ++drawn_;
  }
  std::fflush(out_);
}

void ProgressView::Line(const std::string& line) {
  std::lock_guard<std::mutex> lock(mu_);
  Erase();
  std::fprintf(out_, "%s\n", line.c_str());
  if (live_) Draw();
  std::fflush(out_);
}

void ProgressView::TableStarted(const std::string& table, const std::string& step) {
  if (!live_) return;
  std::lock_guard<std::mutex> lock(mu_);
  active_.push_back({table, step, std::chrono::steady_clock::now()});
  Erase();
  Draw();
}

void ProgressView::TableFinished(const std::string& table) {
  if (!live_) return;
  std::lock_guard<std::mutex> lock(mu_);
  active_.erase(std::remove_if(active_.begin(), active_.end(),
                               [&](const Active& a) { return a.table == table; }),
                active_.end());
  Erase();
  Draw();
}

}  // namespace ingot::cli
