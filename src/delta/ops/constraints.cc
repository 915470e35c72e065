#include "delta/ops/constraints.h"

#include <optional>

#include <nlohmann/json.hpp>

#include "common/macros.h"
#include "delta/log/column_mapping.h"
#include "delta/ops/dml_internal.h"
#include "duck/connection.h"
#include "duck/query_result.h"

namespace ingot::delta {
namespace {

// One rule a written row must satisfy: `violated` is a SQL condition true for a violating row.
struct Rule {
  std::string description;  // "CHECK constraint positive (amount > 0)"
  std::string violated;
  bool is_expression = false;  // a user's SQL (may fail to evaluate), not a NULL test
};

// "a.b" as SQL: "a"."b".
std::string PathSql(const std::vector<std::string>& path) {
  std::string out;
  for (const std::string& part : path) {
    out += (out.empty() ? "" : ".") + duck::QuoteIdentifier(part);
  }
  return out;
}

std::string PathName(const std::vector<std::string>& path) {
  std::string out;
  for (const std::string& part : path) out += (out.empty() ? "" : ".") + part;
  return out;
}

// The invariant of a field's metadata ("delta.invariants": a JSON string holding
// {"expression": {"expression": "<SQL>"}}), or nullopt.
Result<std::optional<std::string>> Invariant(const StructField& field,
                                             const std::string& path_name) {
  if (field.metadata.find("delta.invariants") == std::string::npos) return std::nullopt;
  nlohmann::json metadata = nlohmann::json::parse(field.metadata, nullptr, false);
  auto it = metadata.is_object() ? metadata.find("delta.invariants") : metadata.end();
  if (it == metadata.end()) return std::nullopt;
  nlohmann::json invariant =
      it->is_string() ? nlohmann::json::parse(it->get<std::string>(), nullptr, false) : *it;
  if (invariant.is_object() && invariant.contains("expression") &&
      invariant["expression"].is_object() && invariant["expression"].contains("expression") &&
      invariant["expression"]["expression"].is_string()) {
    return std::optional<std::string>(invariant["expression"]["expression"].get<std::string>());
  }
  return Status::Corruption("column '", path_name,
                            "': delta.invariants is not {\"expression\": {\"expression\": "
                            "\"<SQL>\"}}: ",
                            it->dump());
}

// A SQL condition true where `expr` (of `type`) holds a NULL that its type forbids below the
// top: an element of an array with containsNull=false, a value of a map with
// valueContainsNull=false, or a required field of a struct that is present. Empty when the type
// forbids none. `depth` keeps the names of nested lambda variables apart.
std::string NestedNullSql(const std::string& expr, const DataType& type, int depth) {
  const std::string var = "__ingot_e" + std::to_string(depth);
  // True where some item of the list `list` breaks `item_type`'s own rules.
  auto any_item = [&](const std::string& list, const DataType& item_type) -> std::string {
    std::string inner = NestedNullSql(var, item_type, depth + 1);
    if (inner.empty()) return "";
    return "list_bool_or(list_transform(" + list + ", lambda " + var + ": " + inner + "))";
  };
  std::vector<std::string> parts;
  switch (type.kind()) {
    case TypeKind::kArray:
      if (!type.contains_null()) parts.push_back("list_count(" + expr + ") < len(" + expr + ")");
      parts.push_back(any_item(expr, type.element_type()));
      break;
    case TypeKind::kMap: {
      const std::string values = "map_values(" + expr + ")";
      if (!type.value_contains_null()) {
        parts.push_back("list_count(" + values + ") < cardinality(" + expr + ")");
      }
      parts.push_back(any_item("map_keys(" + expr + ")", type.key_type()));
      parts.push_back(any_item(values, type.value_type()));
      break;
    }
    case TypeKind::kStruct:
      for (const StructField& field : type.fields()) {
        const std::string child = expr + "." + duck::QuoteIdentifier(field.name);
        if (!field.nullable) parts.push_back(child + " IS NULL");
        parts.push_back(NestedNullSql(child, field.type, depth));
      }
      break;
    default:
      break;
  }
  std::string any;
  for (const std::string& part : parts) {
    if (!part.empty()) any += (any.empty() ? "" : " OR ") + part;
  }
  if (any.empty()) return "";
  // A NULL struct, list or map has nothing inside to check.
  return "(" + expr + " IS NOT NULL AND (" + any + "))";
}

// NOT NULL fields and column invariants of `fields`, nested structs included. A nested field's
// NOT NULL holds where its parent struct is not NULL (a NULL struct has no fields to check).
// `sql_fields` has the same shape as `fields` and names the fields as the rows to check do
// (physical names under column mapping, below the top level).
Status CollectFieldRules(const std::vector<StructField>& fields,
                         const std::vector<StructField>& sql_fields, std::vector<std::string>* path,
                         std::vector<std::string>* sql_path, std::vector<Rule>* rules) {
  for (size_t i = 0; i < fields.size(); ++i) {
    const StructField& field = fields[i];
    path->push_back(field.name);
    sql_path->push_back(sql_path->empty() ? field.name : sql_fields[i].name);
    const std::string name = PathName(*path);
    const std::string sql = PathSql(*sql_path);
    if (!field.nullable) {
      std::string violated = sql + " IS NULL";
      if (path->size() > 1) {
        std::vector<std::string> parent(sql_path->begin(), sql_path->end() - 1);
        violated = "(" + PathSql(parent) + " IS NOT NULL AND " + violated + ")";
      }
      rules->push_back({"NOT NULL column '" + name + "' is NULL", violated});
    }
    INGOT_ASSIGN_OR_RAISE(std::optional<std::string> invariant, Invariant(field, name));
    if (invariant) {
      rules->push_back({"invariant of column '" + name + "' (" + *invariant + ")",
                        "NOT coalesce((" + *invariant + "), false)", true});
    }
    if (field.type.kind() == TypeKind::kStruct) {
      INGOT_RETURN_NOT_OK(CollectFieldRules(field.type.fields(), sql_fields[i].type.fields(), path,
                                            sql_path, rules));
    } else if (std::string inside = NestedNullSql(sql, sql_fields[i].type, 0); !inside.empty()) {
      rules->push_back({"column '" + name + "' holds a NULL that its type " +
                            field.type.ToString() +
                            " does not allow (a NOT NULL element, map value or struct field)",
                        "coalesce(" + inside + ", false)"});
    }
    path->pop_back();
    sql_path->pop_back();
  }
  return Status::OK();
}

// `sql_schema`: `schema` with the field names the checked rows use (see CollectFieldRules).
Result<std::vector<Rule>> Rules(const Metadata& metadata, const DataType& schema,
                                const DataType& sql_schema) {
  std::vector<Rule> rules;
  std::vector<std::string> path;
  std::vector<std::string> sql_path;
  INGOT_RETURN_NOT_OK(
      CollectFieldRules(schema.fields(), sql_schema.fields(), &path, &sql_path, &rules));
  for (const Constraint& constraint : CheckConstraints(metadata)) {
    rules.push_back({"CHECK constraint " + constraint.name + " (" + constraint.expression + ")",
                     "NOT coalesce((" + constraint.expression + "), false)", true});
  }
  return rules;
}

constexpr char kRuleColumn[] = "__ingot_rule";

// "id=3, amount=-5" for the first row of `sql`, or nullopt when it has none; `*rule` is set to
// the kRuleColumn value when the query has that column.
Result<std::optional<std::string>> FirstRow(duck::Connection* con, const std::string& sql,
                                            int64_t* rule = nullptr) {
  INGOT_ASSIGN_OR_RAISE(auto result, con->Query(sql));
  INGOT_ASSIGN_OR_RAISE(auto chunk, result->Next());
  if (chunk == nullptr || chunk->size() == 0) return std::optional<std::string>();
  std::string row;
  for (size_t c = 0; c < result->column_count(); ++c) {
    const std::string name = result->ColumnName(c);
    if (name == kRuleColumn) {
      if (rule != nullptr) *rule = chunk->GetInt64(c, 0);
      continue;
    }
    if (name == dml::kPathColumn || name == dml::kRowColumn) continue;
    row += (row.empty() ? "" : ", ") + name + "=" + chunk->ToString(c, 0);
  }
  return std::optional<std::string>(row);
}

Status Violation(const std::string& table, const Rule& rule, const std::string& row) {
  if (rule.is_expression) {
    return Status::InvalidArgument("table ", table, ": ", rule.description, " violated by row ",
                                   row);
  }
  return Status::InvalidArgument("table ", table, ": ", rule.description, " in row ", row);
}

// Fails with the first rule (in order) that some row of `rows_sql` violates, naming the row.
Status CheckRules(duck::Connection* con, const std::string& table, const std::vector<Rule>& rules,
                  const std::string& rows_sql) {
  if (rules.empty()) return Status::OK();
  // One pass over the rows for every rule; the first violated rule (in order) is named.
  std::string which = "CASE";
  std::string any;
  for (size_t i = 0; i < rules.size(); ++i) {
    which += " WHEN " + rules[i].violated + " THEN " + std::to_string(i);
    any += (any.empty() ? "(" : " OR (") + rules[i].violated + ")";
  }
  int64_t rule = -1;
  auto row = FirstRow(con,
                      "SELECT " + which + " END AS " + kRuleColumn + ", * FROM (" + rows_sql +
                          ") WHERE " + any + " LIMIT 1",
                      &rule);
  if (row.ok()) {
    if (!*row) return Status::OK();
    if (rule < 0 || static_cast<size_t>(rule) >= rules.size()) {
      return Status::Internal("table ", table, ": constraint check named no rule");
    }
    return Violation(table, rules[rule], **row);
  }
  // Some rule cannot be evaluated (or the rows cannot be read): name the first that fails.
  for (const Rule& r : rules) {
    auto one = FirstRow(con, "SELECT * FROM (" + rows_sql + ") WHERE " + r.violated + " LIMIT 1");
    if (!one.ok()) {
      if (!r.is_expression) return one.status();
      return Status::InvalidArgument("table ", table, ": ", r.description,
                                     " cannot be evaluated: ", one.status().message());
    }
  }
  return row.status();
}

}  // namespace

std::vector<Constraint> CheckConstraints(const Metadata& metadata) {
  std::vector<Constraint> out;
  const std::string prefix = kConstraintPropertyPrefix;
  for (const auto& [key, value] : metadata.configuration) {
    if (key.starts_with(prefix)) out.push_back({key.substr(prefix.size()), value});
  }
  return out;
}

bool HasConstraints(const Metadata& metadata, const DataType& schema) {
  auto rules = Rules(metadata, schema, schema);
  return !rules.ok() || !rules->empty();
}

Status CheckRowsSatisfyConstraints(duck::Connection* con, const std::string& table,
                                   const Metadata& metadata, const DataType& schema,
                                   const std::string& rows_sql) {
  INGOT_ASSIGN_OR_RAISE(std::vector<Rule> rules, Rules(metadata, schema, schema));
  return CheckRules(con, table, rules, rows_sql);
}

Status CheckWrittenFilesSatisfyConstraints(duck::Connection* con, const std::string& root,
                                           const Metadata& metadata, const DataType& schema,
                                           const std::vector<Add>& adds) {
  if (adds.empty() || !HasConstraints(metadata, schema)) {
    return Status::OK();
  }
  std::vector<const Add*> files;
  for (const Add& add : adds) files.push_back(&add);
  Status status = [&]() -> Status {
    INGOT_ASSIGN_OR_RAISE(ColumnMappingMode mode, ColumnMappingModeOf(metadata));
    if (mode == ColumnMappingMode::kNone) {
      INGOT_ASSIGN_OR_RAISE(std::string rows,
                            dml::FileScanSql(root, schema, metadata.partition_columns, files));
      return CheckRowsSatisfyConstraints(con, root, metadata, schema, rows);
    }
    // Column mapping: the files (and partition values) use physical names; read them by those
    // and rename the top-level columns back to the names constraints use.
    INGOT_ASSIGN_OR_RAISE(DataType physical, PhysicalType(schema));
    std::vector<std::string> partitions;
    for (const std::string& column : metadata.partition_columns) {
      const StructField* field = schema.FindField(column);
      if (field == nullptr) {
        return Status::Corruption("partition column '", column, "' of table ", root,
                                  " is not in its schema");
      }
      INGOT_ASSIGN_OR_RAISE(std::string name, PhysicalName(*field));
      partitions.push_back(std::move(name));
    }
    INGOT_ASSIGN_OR_RAISE(std::string scan, dml::FileScanSql(root, physical, partitions, files));
    std::string renamed;
    for (const StructField& field : schema.fields()) {
      INGOT_ASSIGN_OR_RAISE(std::string name, PhysicalName(field));
      renamed += (renamed.empty() ? "" : ", ") + duck::QuoteIdentifier(name) + " AS " +
                 duck::QuoteIdentifier(field.name);
    }
    // Nested fields keep their physical names in the files: the rules read them by those.
    INGOT_ASSIGN_OR_RAISE(std::vector<Rule> rules, Rules(metadata, schema, physical));
    return CheckRules(con, root, rules, "SELECT " + renamed + " FROM (" + scan + ")");
  }();
  if (!status.ok()) dml::DeleteDataFiles(root, adds);
  return status;
}

}  // namespace ingot::delta
