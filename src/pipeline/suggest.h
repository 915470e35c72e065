#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ingot::pipeline {

// Levenshtein distance between two strings (bytes).
size_t EditDistance(std::string_view a, std::string_view b);

// The candidates closest to `word` (at most 3, nearest first), among those within a distance
// that scales with the word's length, or whose text contains `word` or is contained in it.
std::vector<std::string> NearMatches(std::string_view word,
                                     const std::vector<std::string>& candidates);

// " (did you mean 'x'?)", " (did you mean 'x' or 'y'?)", or "" when nothing is near.
std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace ingot::pipeline
