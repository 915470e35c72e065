#include "delta/scan/filter_pushdown.h"

#include <vector>

#include <nlohmann/json.hpp>

#include "common/ascii.h"
#include "common/macros.h"
#include "delta/scan/parsed_sql_internal.h"
#include "duck/connection.h"

namespace ingot::delta {
namespace {

using nlohmann::json;

bool IsDeltaScan(const json& from) {
  return internal::Str(from, "type") == "TABLE_FUNCTION" && from.contains("function") &&
         EqualsIgnoreCase(internal::Str(from["function"], "function_name"), "delta_scan");
}

// One delta_scan in a FROM clause.
struct ScanSite {
  json* node = nullptr;
  std::string qualifier;             // its alias, or "delta_scan"
  std::vector<std::string> columns;  // its output columns
  std::vector<const json*> pushed;   // conjuncts moved into its filter
};

class Rewriter {
 public:
  Rewriter(duck::Connection* con, const DeltaTableResolver& resolve)
      : con_(con), resolve_(resolve) {}

  Status Visit(json& j) {
    if (j.is_object()) {
      if (internal::Str(j, "type") == "SELECT_NODE") INGOT_RETURN_NOT_OK(RewriteSelect(j));
      for (auto& [key, value] : j.items()) INGOT_RETURN_NOT_OK(Visit(value));
    } else if (j.is_array()) {
      for (json& value : j) INGOT_RETURN_NOT_OK(Visit(value));
    }
    return Status::OK();
  }

  int scans_filtered() const { return scans_filtered_; }

 private:
  // The scans of a FROM clause conjuncts can be pushed into: a delta_scan, a table the resolver
  // maps to one (replaced by the call), and both sides of inner and cross joins of such.
  Status CollectScans(json& from, std::vector<ScanSite>* sites) {
    const std::string type = internal::Str(from, "type");
    if (type == "BASE_TABLE" && resolve_ && internal::Str(from, "catalog_name").empty() &&
        from["at_clause"].is_null()) {
      std::optional<std::string> path =
          resolve_(internal::Str(from, "schema_name"), internal::Str(from, "table_name"));
      if (!path) return Status::OK();
      INGOT_ASSIGN_OR_RAISE(json tree,
                            internal::SerializeSql(con_, "SELECT * FROM delta_scan('')"));
      json scan = tree["statements"][0]["node"]["from_table"];
      scan["function"]["children"][0]["value"]["value"] = *path;
      std::string alias = internal::Str(from, "alias");
      scan["alias"] = alias.empty() ? internal::Str(from, "table_name") : alias;
      from = std::move(scan);
    }
    if (IsDeltaScan(from)) {
      std::string alias = internal::Str(from, "alias");
      ScanSite site{.node = &from, .qualifier = alias.empty() ? "delta_scan" : alias};
      INGOT_ASSIGN_OR_RAISE(site.columns, ColumnsOf(from));
      sites->push_back(std::move(site));
      return Status::OK();
    }
    if (type == "JOIN") {
      const std::string ref = internal::Str(from, "ref_type");
      const std::string join = internal::Str(from, "join_type");
      if ((ref == "REGULAR" && join == "INNER") || ref == "CROSS") {
        INGOT_RETURN_NOT_OK(CollectScans(from["left"], sites));
        INGOT_RETURN_NOT_OK(CollectScans(from["right"], sites));
      }
    }
    return Status::OK();
  }

  Result<std::vector<std::string>> ColumnsOf(const json& scan) {
    INGOT_ASSIGN_OR_RAISE(json tree, internal::SerializeSql(con_, "SELECT * FROM t LIMIT 0"));
    json copy = scan;
    copy["alias"] = "";
    tree["statements"][0]["node"]["from_table"] = std::move(copy);
    INGOT_ASSIGN_OR_RAISE(std::string sql, internal::DeserializeSql(con_, tree));
    INGOT_ASSIGN_OR_RAISE(auto result, con_->Query(sql));
    std::vector<std::string> columns;
    for (size_t i = 0; i < result->column_count(); ++i) columns.push_back(result->ColumnName(i));
    return columns;
  }

  // The site every column of `expr` belongs to, or nullptr (none, several, or unknown columns).
  ScanSite* SiteOf(const json& expr, std::vector<ScanSite>& sites) {
    ScanSite* owner = nullptr;
    bool ok = true;
    auto visit = [&](const auto& self, const json& j) -> void {
      if (!ok) return;
      if (j.is_array()) {
        for (const json& v : j) self(self, v);
        return;
      }
      if (!j.is_object()) return;
      if (internal::Str(j, "class") == "COLUMN_REF") {
        std::vector<std::string> names = internal::ColumnNames(j);
        ScanSite* site = nullptr;
        for (ScanSite& s : sites) {
          bool qualified = names.size() >= 2 && EqualsIgnoreCase(names[0], s.qualifier);
          const std::string& column = qualified ? names[1] : names[0];
          bool known = false;
          for (const std::string& c : s.columns) known = known || EqualsIgnoreCase(c, column);
          if (known && (qualified || (names.size() <= 2 && sites.size() == 1))) {
            site = &s;
            break;
          }
        }
        if (site == nullptr || (owner != nullptr && owner != site)) ok = false;
        owner = site;
        return;
      }
      for (const auto& [key, value] : j.items()) self(self, value);
    };
    visit(visit, expr);
    return ok ? owner : nullptr;
  }

  // The conjunct with the scan's qualifier taken off its column references.
  static json Unqualified(const json& expr, const std::string& qualifier) {
    if (expr.is_array()) {
      json out = json::array();
      for (const json& v : expr) out.push_back(Unqualified(v, qualifier));
      return out;
    }
    if (!expr.is_object()) return expr;
    if (internal::Str(expr, "class") == "COLUMN_REF") {
      json out = expr;
      std::vector<std::string> names = internal::ColumnNames(expr);
      if (names.size() >= 2 && EqualsIgnoreCase(names[0], qualifier)) {
        out["column_names"].erase(0);
      }
      return out;
    }
    json out = json::object();
    for (const auto& [key, value] : expr.items()) out[key] = Unqualified(value, qualifier);
    return out;
  }

  Status RewriteSelect(json& node) {
    if (!node.contains("where_clause") || node["where_clause"].is_null() ||
        !node.contains("from_table")) {
      return Status::OK();
    }
    std::vector<ScanSite> sites;
    INGOT_RETURN_NOT_OK(CollectScans(node["from_table"], &sites));
    if (sites.empty()) return Status::OK();
    std::vector<const json*> conjuncts;
    internal::SplitConjuncts(node["where_clause"], &conjuncts);
    std::vector<json> unqualified;
    unqualified.reserve(conjuncts.size());
    for (const json* conjunct : conjuncts) {
      if (internal::ContainsClass(*conjunct, "SUBQUERY") ||
          internal::ContainsClass(*conjunct, "PARAMETER") ||
          internal::ContainsClass(*conjunct, "STAR") ||
          internal::ContainsClass(*conjunct, "WINDOW") ||
          internal::ContainsClass(*conjunct, "LAMBDA") ||
          internal::HasVolatileFunction(*conjunct)) {
        continue;
      }
      ScanSite* site = SiteOf(*conjunct, sites);
      if (site == nullptr) continue;
      unqualified.push_back(Unqualified(*conjunct, site->qualifier));
      site->pushed.push_back(&unqualified.back());
    }
    for (ScanSite& site : sites) {
      if (site.pushed.empty()) continue;
      INGOT_ASSIGN_OR_RAISE(std::vector<std::string> texts,
                            internal::ExpressionsToSql(con_, site.pushed));
      std::string filter;
      for (const std::string& text : texts)
        filter += (filter.empty() ? "(" : " AND (") + text + ")";
      json& children = (*site.node)["function"]["children"];
      bool merged = false;
      for (json& child : children) {
        if (internal::Str(child, "alias") != "filter") continue;
        if (internal::Str(child, "class") != "CONSTANT" || !child["value"]["value"].is_string()) {
          return Status::OK();  // a computed filter: leave this scan alone
        }
        child["value"]["value"] =
            "(" + child["value"]["value"].get<std::string>() + ") AND " + filter;
        merged = true;
      }
      if (!merged) {
        children.push_back({{"class", "CONSTANT"},
                            {"type", "VALUE_CONSTANT"},
                            {"alias", "filter"},
                            {"query_location", 0},
                            {"value",
                             {{"type", {{"id", "VARCHAR"}, {"type_info", nullptr}}},
                              {"is_null", false},
                              {"value", filter}}}});
      }
      ++scans_filtered_;
    }
    return Status::OK();
  }

  duck::Connection* con_;
  const DeltaTableResolver& resolve_;
  int scans_filtered_ = 0;
};

Result<PushdownResult> Rewrite(duck::Connection* con, std::string_view sql,
                               const DeltaTableResolver& resolve) {
  INGOT_ASSIGN_OR_RAISE(json tree, internal::SerializeSql(con, sql));
  Rewriter rewriter(con, resolve);
  INGOT_RETURN_NOT_OK(rewriter.Visit(tree["statements"]));
  PushdownResult result{.sql = std::string(sql)};
  if (rewriter.scans_filtered() == 0) return result;
  INGOT_ASSIGN_OR_RAISE(result.sql, internal::DeserializeSql(con, tree));
  result.scans_filtered = rewriter.scans_filtered();
  return result;
}

bool MentionsDeltaScan(std::string_view sql) {
  constexpr std::string_view kName = "delta_scan";
  for (size_t i = 0; i + kName.size() <= sql.size(); ++i) {
    if (EqualsIgnoreCase(sql.substr(i, kName.size()), kName)) return true;
  }
  return false;
}

}  // namespace

PushdownResult PushFiltersIntoDeltaScans(duck::Connection* con, std::string_view sql,
                                         const DeltaTableResolver& resolve) {
  if (!resolve && !MentionsDeltaScan(sql)) return {.sql = std::string(sql)};
  Result<PushdownResult> result = Rewrite(con, sql, resolve);
  if (!result.ok()) return {.sql = std::string(sql)};
  return std::move(*result);
}

}  // namespace ingot::delta
