#include "delta/scan/data_skipping.h"

#include <optional>
#include <set>

#include <nlohmann/json.hpp>

#include "common/ascii.h"
#include "common/logging.h"
#include "common/macros.h"
#include "delta/log/file_stats.h"
#include "delta/ops/type_mapping.h"
#include "delta/scan/parsed_sql_internal.h"
#include "duck/connection.h"

namespace ingot::delta {
namespace {

using nlohmann::json;

// Leaf tests on a column's bounds.
enum class Op { kEq, kNe, kLt, kLe, kGt, kGe, kIsNull, kIsNotNull };

std::optional<Op> ComparisonOp(std::string_view type) {
  if (type == "COMPARE_EQUAL") return Op::kEq;
  if (type == "COMPARE_NOTEQUAL") return Op::kNe;
  if (type == "COMPARE_LESSTHAN") return Op::kLt;
  if (type == "COMPARE_LESSTHANOREQUALTO") return Op::kLe;
  if (type == "COMPARE_GREATERTHAN") return Op::kGt;
  if (type == "COMPARE_GREATERTHANOREQUALTO") return Op::kGe;
  return std::nullopt;
}

// `K op c` as `c op' K`.
Op Flip(Op op) {
  switch (op) {
    case Op::kLt:
      return Op::kGt;
    case Op::kLe:
      return Op::kGe;
    case Op::kGt:
      return Op::kLt;
    case Op::kGe:
      return Op::kLe;
    default:
      return op;
  }
}

// NOT (c op K) for the rows where c is not null (null rows fail both).
Op Negate(Op op) {
  switch (op) {
    case Op::kEq:
      return Op::kNe;
    case Op::kNe:
      return Op::kEq;
    case Op::kLt:
      return Op::kGe;
    case Op::kLe:
      return Op::kGt;
    case Op::kGt:
      return Op::kLe;
    case Op::kGe:
      return Op::kLt;
    case Op::kIsNull:
      return Op::kIsNotNull;
    case Op::kIsNotNull:
      return Op::kIsNull;
  }
  return op;
}

bool SkippableType(TypeKind kind) {
  switch (kind) {
    case TypeKind::kString:
    case TypeKind::kLong:
    case TypeKind::kInteger:
    case TypeKind::kShort:
    case TypeKind::kByte:
    case TypeKind::kFloat:
    case TypeKind::kDouble:
    case TypeKind::kDate:
    case TypeKind::kTimestamp:
    case TypeKind::kTimestampNtz:
    case TypeKind::kDecimal:
      return true;
    default:
      return false;
  }
}

// An expression of constants only: no column, subquery, parameter, window or volatile function.
bool IsConstantNode(const json& expr) {
  if (expr.is_array()) {
    for (const json& child : expr) {
      if (!IsConstantNode(child)) return false;
    }
    return true;
  }
  if (!expr.is_object()) return true;
  auto cls = expr.find("class");
  if (cls != expr.end() && cls->is_string()) {
    const std::string& c = cls->get_ref<const std::string&>();
    if (c != "CONSTANT" && c != "CAST" && c != "FUNCTION" && c != "OPERATOR" && c != "CASE") {
      return false;
    }
  }
  for (const auto& [key, value] : expr.items()) {
    if (!IsConstantNode(value)) return false;
  }
  return true;
}

bool IsConstant(const json& expr) {
  return IsConstantNode(expr) && !internal::HasVolatileFunction(expr);
}

// A column the predicate tests, as the stats relation exposes it.
struct SkipColumn {
  const StructField* field = nullptr;
  std::string stats_key;  // key in stats and partitionValues (the physical name)
  std::string duck_type;
  bool partition = false;
};

// Turns a parsed predicate into "this file may hold a matching row", a boolean SQL expression
// over the stats relation (columns i, rows, and per tested column k: c<k>_min, c<k>_max,
// c<k>_nulls). Constants stay parse trees until the end; the text holds \x01<n>\x02 for them.
class Translator {
 public:
  explicit Translator(const ScanInput& input) : input_(input) {}

  Result<std::string> Translate(const json& expr, bool negate) {
    const std::string cls = internal::Str(expr, "class");
    const std::string type = internal::Str(expr, "type");
    if (type == "CONJUNCTION_AND" || type == "CONJUNCTION_OR") {
      bool all = (type == "CONJUNCTION_AND") != negate;
      std::string out;
      for (const json& child : expr["children"]) {
        INGOT_ASSIGN_OR_RAISE(std::string part, Translate(child, negate));
        out += (out.empty() ? "(" : (all ? " AND " : " OR ")) + part;
      }
      return out.empty() ? std::string("true") : out + ")";
    }
    if (type == "OPERATOR_NOT" && expr["children"].size() == 1) {
      return Translate(expr["children"][0], !negate);
    }
    if (cls == "COMPARISON") {
      std::optional<Op> op = ComparisonOp(type);
      if (!op) return std::string("true");
      const json& left = expr["left"];
      const json& right = expr["right"];
      if (auto column = ColumnOf(left); column && IsConstant(right)) {
        return Leaf(*column, negate ? Negate(*op) : *op, &right);
      }
      if (auto column = ColumnOf(right); column && IsConstant(left)) {
        Op flipped = Flip(*op);
        return Leaf(*column, negate ? Negate(flipped) : flipped, &left);
      }
      return std::string("true");
    }
    if (cls == "BETWEEN") {
      auto column = ColumnOf(expr["input"]);
      if (!column || !IsConstant(expr["lower"]) || !IsConstant(expr["upper"])) {
        return std::string("true");
      }
      INGOT_ASSIGN_OR_RAISE(std::string low,
                            Leaf(*column, negate ? Op::kLt : Op::kGe, &expr["lower"]));
      INGOT_ASSIGN_OR_RAISE(std::string high,
                            Leaf(*column, negate ? Op::kGt : Op::kLe, &expr["upper"]));
      return "(" + low + (negate ? " OR " : " AND ") + high + ")";
    }
    if (type == "OPERATOR_IS_NULL" || type == "OPERATOR_IS_NOT_NULL") {
      auto column = ColumnOf(expr["children"][0]);
      if (!column) return std::string("true");
      Op op = type == "OPERATOR_IS_NULL" ? Op::kIsNull : Op::kIsNotNull;
      return Leaf(*column, negate ? Negate(op) : op, nullptr);
    }
    // c IN (K1, K2, ...) may match where some Ki may; NOT IN keeps every file.
    if ((type == "COMPARE_IN" && !negate) || (type == "COMPARE_NOT_IN" && negate)) {
      const json& children = expr["children"];
      constexpr size_t kMaxInValues = 256;
      if (children.size() < 2 || children.size() > kMaxInValues + 1) return std::string("true");
      auto column = ColumnOf(children[0]);
      if (!column) return std::string("true");
      std::string out;
      for (size_t i = 1; i < children.size(); ++i) {
        if (!IsConstant(children[i])) return std::string("true");
        INGOT_ASSIGN_OR_RAISE(std::string part, Leaf(*column, Op::kEq, &children[i]));
        out += (i == 1 ? "(" : " OR ") + part;
      }
      return out + ")";
    }
    return std::string("true");
  }

  const std::vector<SkipColumn>& columns() const { return columns_; }
  const std::vector<const json*>& constants() const { return constants_; }

 private:
  // The index in columns_ of a top-level column reference with skippable statistics.
  std::optional<size_t> ColumnOf(const json& expr) {
    std::vector<std::string> names = internal::ColumnNames(expr);
    if (names.empty() || names.size() > 2) return std::nullopt;
    const std::vector<StructField>& fields = input_.schema.fields();
    const StructField* field = nullptr;
    auto find = [&](const std::string& name) -> const StructField* {
      for (const StructField& f : fields) {
        if (f.name == name) return &f;
      }
      const StructField* found = nullptr;
      for (const StructField& f : fields) {
        if (EqualsIgnoreCase(f.name, name)) {
          if (found != nullptr) return nullptr;  // ambiguous
          found = &f;
        }
      }
      return found;
    };
    // "a.b" is a field of struct column a when a is a column, else column b of table a.
    if (names.size() == 2 && find(names[0]) != nullptr) return std::nullopt;
    field = find(names.back());
    if (field == nullptr || !SkippableType(field->type.kind())) return std::nullopt;
    for (size_t k = 0; k < columns_.size(); ++k) {
      if (columns_[k].field == field) return k;
    }
    SkipColumn column{.field = field};
    column.stats_key = field->name;
    if (input_.column_mapping != ColumnMappingMode::kNone) {
      Result<std::string> physical = PhysicalName(*field);
      if (!physical.ok()) return std::nullopt;
      column.stats_key = *physical;
    }
    Result<std::string> duck_type = DuckTypeFromDelta(field->type);
    if (!duck_type.ok()) return std::nullopt;
    column.duck_type = *duck_type;
    for (const std::string& p : input_.partition_columns) {
      if (p == field->name) column.partition = true;
    }
    columns_.push_back(std::move(column));
    return columns_.size() - 1;
  }

  Result<std::string> Leaf(size_t k, Op op, const json* constant) {
    const std::string c = "c" + std::to_string(k);
    const std::string min = c + "_min", max = c + "_max", nulls = c + "_nulls";
    // Every row of the file is null in this column.
    const std::string all_null =
        columns_[k].partition ? nulls + " = 1" : "COALESCE(" + nulls + " = \"rows\", false)";
    std::string value;
    if (constant != nullptr) {
      value = "\x01" + std::to_string(constants_.size()) + "\x02";
      constants_.push_back(constant);
    }
    auto bound = [&](const std::string& column, const char* cmp) {
      return "COALESCE(" + column + " " + cmp + " " + value + ", true)";
    };
    switch (op) {
      case Op::kLt:
        return "(NOT " + all_null + " AND " + bound(min, "<") + ")";
      case Op::kLe:
        return "(NOT " + all_null + " AND " + bound(min, "<=") + ")";
      case Op::kGt:
        return "(NOT " + all_null + " AND " + bound(max, ">") + ")";
      case Op::kGe:
        return "(NOT " + all_null + " AND " + bound(max, ">=") + ")";
      case Op::kEq:
        return "(NOT " + all_null + " AND " + bound(min, "<=") + " AND " + bound(max, ">=") + ")";
      case Op::kNe:
        return "(NOT " + all_null + " AND NOT COALESCE(" + min + " = " + value + " AND " + max +
               " = " + value + ", false))";
      case Op::kIsNull:
        return columns_[k].partition ? "(" + nulls + " = 1)" : "COALESCE(" + nulls + " > 0, true)";
      case Op::kIsNotNull:
        return "(NOT " + all_null + ")";
    }
    return std::string("true");
  }

  const ScanInput& input_;
  std::vector<SkipColumn> columns_;
  std::vector<const json*> constants_;
};

// A stats literal (JSON text) as the text to cast: strings unquoted, numbers as written.
std::optional<std::string> LiteralText(const std::optional<std::string>& literal) {
  if (!literal) return std::nullopt;
  json value = json::parse(*literal, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded() || value.is_null()) return std::nullopt;
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number()) return *literal;
  return std::nullopt;
}

std::string SqlText(const std::optional<std::string>& text) {
  return text ? duck::QuoteLiteral(*text) : std::string("NULL");
}

// The stats relation: one row per file (i = its index) with each tested column's bounds typed.
std::string StatsRelation(const ScanInput& input, const std::vector<SkipColumn>& columns) {
  std::string values;
  for (size_t i = 0; i < input.files.size(); ++i) {
    const Add& add = input.files[i];
    std::optional<FileStats> stats;
    if (add.stats) {
      Result<FileStats> parsed = FileStats::Parse(*add.stats);
      if (parsed.ok()) stats = std::move(*parsed);
    }
    std::string row = "(" + std::to_string(i) + ", ";
    row += stats && stats->num_records ? std::to_string(*stats->num_records) : "NULL";
    for (const SkipColumn& column : columns) {
      std::optional<std::string> min, max, nulls;
      if (column.partition) {
        auto it = add.partition_values.find(column.stats_key);
        bool is_null = it == add.partition_values.end() || !it->second;
        if (!is_null) min = max = *it->second;
        nulls = is_null ? "1" : "0";
      } else if (stats) {
        if (const ColumnStats* s = stats->Find({column.stats_key}); s != nullptr) {
          min = LiteralText(s->min);
          TypeKind kind = column.field->type.kind();
          if (kind != TypeKind::kFloat && kind != TypeKind::kDouble) max = LiteralText(s->max);
          if (s->null_count) nulls = std::to_string(*s->null_count);
        }
      }
      row += ", " + SqlText(min) + ", " + SqlText(max) + ", " + (nulls ? *nulls : "NULL");
    }
    values += (i > 0 ? ",\n" : "") + row + ")";
  }
  std::string names = "i, \"rows\"";
  std::string select = "SELECT i, CAST(\"rows\" AS BIGINT) AS \"rows\"";
  for (size_t k = 0; k < columns.size(); ++k) {
    const std::string c = "c" + std::to_string(k);
    names += ", " + c + "_m, " + c + "_x, " + c + "_n";
    const SkipColumn& column = columns[k];
    TypeKind kind = column.field->type.kind();
    // Spark truncates timestamp statistics to milliseconds: widen the maximum.
    const bool widen =
        !column.partition && (kind == TypeKind::kTimestamp || kind == TypeKind::kTimestampNtz);
    select += ", TRY_CAST(CAST(" + c + "_m AS VARCHAR) AS " + column.duck_type + ") AS " + c +
              "_min, TRY_CAST(CAST(" + c + "_x AS VARCHAR) AS " + column.duck_type + ")" +
              (widen ? " + INTERVAL 1 MILLISECOND" : "") + " AS " + c + "_max, CAST(" + c +
              "_n AS BIGINT) AS " + c + "_nulls";
  }
  return select + " FROM (VALUES " + values + ") AS v(" + names + ")";
}

}  // namespace

Result<SkippingResult> SkipFiles(duck::Connection* con, const ScanInput& input,
                                 std::string_view predicate) {
  INGOT_ASSIGN_OR_RAISE(json expr, internal::ParseExpression(con, predicate));
  SkippingResult result;
  result.may_match.assign(input.files.size(), true);
  result.files_kept = static_cast<int64_t>(input.files.size());
  Translator translator(input);
  INGOT_ASSIGN_OR_RAISE(std::string test, translator.Translate(expr, /*negate=*/false));
  if (translator.columns().empty() || input.files.empty()) return result;

  INGOT_ASSIGN_OR_RAISE(std::vector<std::string> constants,
                        internal::ExpressionsToSql(con, translator.constants()));
  std::string where;
  for (size_t pos = 0; pos < test.size(); ++pos) {
    if (test[pos] != '\x01') {
      where += test[pos];
      continue;
    }
    size_t end = test.find('\x02', pos);
    where += "(" + constants[std::stoul(test.substr(pos + 1, end - pos - 1))] + ")";
    pos = end;
  }
  const std::string sql = "SELECT i FROM (" + StatsRelation(input, translator.columns()) +
                          ") WHERE NOT (" + where + ")";
  Result<std::unique_ptr<duck::QueryResult>> skipped = con->Query(sql);
  Status status = skipped.status();
  while (status.ok()) {
    Result<std::unique_ptr<duck::DataChunk>> chunk = (*skipped)->Next();
    if (!chunk.ok()) {
      status = chunk.status();
      break;
    }
    if (*chunk == nullptr) break;
    for (size_t row = 0; row < (*chunk)->size(); ++row) {
      result.may_match[(*chunk)->GetInt64(0, row)] = false;
    }
  }
  if (!status.ok()) {
    // The real query reports the predicate's error; until then, read every file.
    INGOT_LOG(kDebug, "data skipping off: the statistics test failed",
              {{"predicate", std::string(predicate)}, {"error", status.ToString()}});
    result.may_match.assign(input.files.size(), true);
    return result;
  }
  result.files_kept = 0;
  for (bool keep : result.may_match) result.files_kept += keep ? 1 : 0;
  return result;
}

}  // namespace ingot::delta
