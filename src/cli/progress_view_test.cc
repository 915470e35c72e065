#include "cli/progress_view.h"

#include <cstdio>
#include <string>

#include <gtest/gtest.h>

namespace ingot::cli {
namespace {

std::string ReadAll(std::FILE* f) {
  std::fflush(f);
  std::rewind(f);
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof(buf), f)) > 0) out.append(buf, n);
  return out;
}

TEST(ProgressViewTest, PlainLinesWhenNotATerminal) {
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  {
    ProgressView view(f, false);
    view.TableStarted("bronze.orders", "staging");
    view.Line("[1/1] bronze.orders: 3 in, 3 written");
    view.TableFinished("bronze.orders");
  }
  EXPECT_EQ(ReadAll(f), "[1/1] bronze.orders: 3 in, 3 written\n");  // no escapes
  std::fclose(f);
}

TEST(ProgressViewTest, LiveBlockShowsRunningTablesAndIsClearedAtTheEnd) {
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  {
    ProgressView view(f, true);
    view.TableStarted("silver.orders", "staging");
    view.Line("run 1 of pipeline 'shop'");
    view.TableFinished("silver.orders");
  }
  std::string out = ReadAll(f);
  EXPECT_NE(out.find("  staging silver.orders  0.0s\n"), std::string::npos) << out;
  // The line scrolls above the block: the block is erased (cursor up, clear), the line printed,
  // the block drawn again below it.
  EXPECT_NE(out.find("\x1b[1A\r\x1b[Jrun 1 of pipeline 'shop'\n  staging silver.orders"),
            std::string::npos)
      << out;
  // Finished: the block is gone and nothing is drawn after the last erase.
  EXPECT_EQ(out.substr(out.size() - 8), "\x1b[1A\r\x1b[J") << out;
  std::fclose(f);
}

}  // namespace
}  // namespace ingot::cli
