#include "delta/scan/deleted_rows.h"

#include <atomic>
#include <thread>

#include <gtest/gtest.h>

namespace ingot::delta {
namespace {

std::vector<bool> KeepOf(const DeletedRows& rows, const std::vector<int64_t>& probe) {
  std::unique_ptr<bool[]> keep(new bool[probe.size()]);
  rows.Keep(probe.data(), probe.size(), keep.get());
  return std::vector<bool>(keep.get(), keep.get() + probe.size());
}

TEST(DeletedRowsTest, DenseAndSparseSetsAnswerAlike) {
  // Dense: a bitmap over 0..99 (13 words' worth of rows).
  DeletedRows dense = DeletedRows::FromSorted({0, 5, 63, 64, 99});
  std::vector<int64_t> probe = {-1, 0, 1, 5, 62, 63, 64, 65, 99, 100, 1'000'000'000'000};
  std::vector<bool> expected = {true,  false, true,  false, true, false,
                                false, true,  false, true,  true};
  EXPECT_EQ(KeepOf(dense, probe), expected);
  EXPECT_LE(dense.bytes(), 16u);
  // Sparse: two rows far apart keep the sorted list, not a terabit bitmap.
  DeletedRows sparse = DeletedRows::FromSorted({5, 1'000'000'000'000});
  EXPECT_EQ(KeepOf(sparse, {4, 5, 6, 1'000'000'000'000, -5}),
            (std::vector<bool>{true, false, true, false, true}));
  EXPECT_EQ(sparse.bytes(), 16u);
  // Empty: everything is kept.
  EXPECT_EQ(KeepOf(DeletedRows::FromSorted({}), {0, 1}), (std::vector<bool>{true, true}));
}

TEST(DeletedRowsCacheTest, LoadsOnceAndDoesNotCacheFailures) {
  DeletedRowsCache cache(1 << 20);
  std::atomic<int> loads{0};
  auto loader = [&]() -> Result<DeletedRows> {
    ++loads;
    return DeletedRows::FromSorted({1, 2, 3});
  };
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      for (int j = 0; j < 100; ++j) {
        auto rows = cache.Get("a", loader);
        ASSERT_TRUE(rows.ok()) << rows.status();
        EXPECT_EQ(KeepOf(**rows, {2}), std::vector<bool>{false});
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(loads.load(), 1);

  int failures = 0;
  auto failing = [&]() -> Result<DeletedRows> {
    ++failures;
    return Status::NotFound("deletion vector file x does not exist");
  };
  EXPECT_EQ(cache.Get("b", failing).status().message(), "deletion vector file x does not exist");
  EXPECT_FALSE(cache.Get("b", failing).ok());
  EXPECT_EQ(failures, 2);
}

TEST(DeletedRowsCacheTest, EvictsLeastRecentlyUsedBeyondItsBudget) {
  // Each set is a 1 MiB bitmap (rows up to 8M); the budget holds two.
  DeletedRowsCache cache(2 << 20);
  std::map<std::string, int> loads;
  auto get = [&](const std::string& key) {
    auto rows = cache.Get(key, [&]() -> Result<DeletedRows> {
      ++loads[key];
      return DeletedRows::FromSorted({0, (8 << 20) - 1});
    });
    ASSERT_TRUE(rows.ok());
  };
  get("a");
  get("b");
  get("a");  // a is now more recent than b
  get("c");  // evicts b
  get("a");
  get("b");  // reloaded
  EXPECT_EQ(loads["a"], 1);
  EXPECT_EQ(loads["b"], 2);
  EXPECT_EQ(loads["c"], 1);
}

}  // namespace
}  // namespace ingot::delta
