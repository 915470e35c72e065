#include "pipeline/sql_refs.h"

#include <algorithm>
#include <cctype>
#include <numeric>

#include "common/ascii.h"

namespace ingot::pipeline {
namespace {

bool IsIdentStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool IsIdentChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

}  // namespace

std::vector<TableRef> FindTableRefs(std::string_view sql, const std::set<std::string>& layers) {
  std::vector<TableRef> refs;
  int line = 1;
  size_t line_start = 0;
  size_t i = 0;
  char previous = ' ';  // the last significant character before the current token
  auto advance_to = [&](size_t end) {
    for (; i < end && i < sql.size(); ++i) {
      if (sql[i] == '\n') {
        ++line;
        line_start = i + 1;
      }
    }
  };
  while (i < sql.size()) {
    char c = sql[i];
    if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      size_t end = sql.find('\n', i);
      advance_to(end == std::string_view::npos ? sql.size() : end);
      continue;
    }
    if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      size_t end = sql.find("*/", i + 2);
      advance_to(end == std::string_view::npos ? sql.size() : end + 2);
      continue;
    }
    if (c == '\'' || c == '"') {
      size_t j = i + 1;
      while (j < sql.size()) {
        if (sql[j] == c) {
          if (j + 1 < sql.size() && sql[j + 1] == c) {
            j += 2;
            continue;
          }
          break;
        }
        ++j;
      }
      advance_to(j + 1);
      previous = c;
      continue;
    }
    if (IsIdentStart(c)) {
      size_t start = i;
      size_t j = i;
      while (j < sql.size() && IsIdentChar(sql[j])) ++j;
      std::string first = AsciiLower(sql.substr(start, j - start));
      if (previous != '.' && j + 1 < sql.size() && sql[j] == '.' && IsIdentStart(sql[j + 1]) &&
          layers.count(first) > 0) {
        size_t k = j + 1;
        while (k < sql.size() && IsIdentChar(sql[k])) ++k;
        bool qualified_column = k < sql.size() && sql[k] == '.';
        if (!qualified_column) {
          TableRef ref;
          ref.layer = first;
          ref.name = AsciiLower(sql.substr(j + 1, k - j - 1));
          ref.offset = start;
          ref.length = k - start;
          ref.line = line;
          ref.column = static_cast<int>(start - line_start) + 1;
          refs.push_back(std::move(ref));
        }
        advance_to(k);
        previous = 'a';
        continue;
      }
      advance_to(j);
      previous = 'a';
      continue;
    }
    if (!std::isspace(static_cast<unsigned char>(c))) previous = c;
    advance_to(i + 1);
  }
  return refs;
}

std::string RewriteTableRefs(std::string_view sql, const std::vector<TableRef>& refs,
                             const std::vector<std::string>& replacements) {
  std::vector<size_t> order(refs.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return refs[a].offset < refs[b].offset; });
  std::string out;
  size_t pos = 0;
  for (size_t idx : order) {
    out.append(sql.substr(pos, refs[idx].offset - pos));
    out += replacements[idx];
    pos = refs[idx].offset + refs[idx].length;
  }
  out.append(sql.substr(pos));
  return out;
}

}  // namespace ingot::pipeline
