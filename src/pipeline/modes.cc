// The SQL behind the merge and scd2 modes: the whole table after applying a batch of rows, and
// for scd2 the history rows that change.
#include <algorithm>

#include "duck/connection.h"
#include "pipeline/runner_internal.h"

namespace ingot::pipeline::internal {
namespace {

std::string List(const std::vector<std::string>& names, const std::string& prefix = "") {
  std::string out;
  for (const std::string& n : names) {
    out += (out.empty() ? "" : ", ") + prefix + duck::QuoteIdentifier(n);
  }
  return out;
}

}  // namespace

std::string LatestRowIdsSql(const TableSpec& table, const std::string& source,
                            const std::vector<std::string>& columns, const std::string& row_id,
                            KeyPartition partition) {
  std::string where;
  if (partition.parts > 1) {
    where = " WHERE hash(" + List(table.keys) + ") % " + std::to_string(partition.parts) + " = " +
            std::to_string(partition.part);
  }
  // The window sees only keys, sequence, a hash of the row and the rowid (computed below it), so
  // it holds a few dozen bytes per row, not the row. Highest sequence_by first (NULLs last);
  // equal ones are ordered by the hash, so which of them is kept does not depend on the order
  // the rows arrived in.
  return "SELECT __ingot_rowid FROM (SELECT " + row_id + " AS __ingot_rowid, " + List(table.keys) +
         ", " + duck::QuoteIdentifier(table.sequence_by) + " AS __ingot_seq, hash(" +
         List(columns) + ") AS __ingot_hash FROM " + source + where +
         ") QUALIFY row_number() OVER (PARTITION BY " + List(table.keys) +
         " ORDER BY __ingot_seq DESC NULLS LAST, __ingot_hash DESC) = 1";
}

std::string WinnersSql(const TableSpec& table, const std::string& existing,
                       const std::string& latest) {
  if (table.sequence_by.empty()) return "SELECT * FROM " + latest;
  // A batch row loses to an existing row of its key that has a sequence value when its own is
  // NULL or older (the commit's MERGE condition: target IS NULL OR source >= target). Plain
  // equi-joins: an anti join with the inequality in its condition runs as a nested loop.
  std::string on;
  for (const std::string& k : table.keys) {
    std::string q = duck::QuoteIdentifier(k);
    on += (on.empty() ? "" : " AND ") + ("__ingot_b." + q) + " = __ingot_t." + q;
  }
  std::string seq = duck::QuoteIdentifier(table.sequence_by);
  std::string keys = List(table.keys);
  return "SELECT __ingot_b.* FROM " + latest + " AS __ingot_b LEFT JOIN (SELECT " + keys +
         ", max(" + seq + ") AS __ingot_tseq FROM " + existing + " SEMI JOIN " + latest +
         " USING (" + keys + ") GROUP BY " + keys + ") AS __ingot_t ON " + on +
         " WHERE __ingot_t.__ingot_tseq IS NULL OR __ingot_b." + seq + " >= __ingot_t.__ingot_tseq";
}

std::string MergedSql(const TableSpec& table, const std::string& existing,
                      const std::string& winners) {
  return "SELECT * FROM " + existing + " ANTI JOIN " + winners + " USING (" + List(table.keys) +
         ") UNION ALL BY NAME SELECT * FROM " + winners;
}

Scd2Plan Scd2Sql(const TableSpec& table, const std::string& existing, const std::string& source,
                 const std::vector<std::string>& columns) {
  std::vector<std::string> tracked = table.track_columns;
  if (tracked.empty()) {
    for (const std::string& c : columns) {
      if (std::find(table.keys.begin(), table.keys.end(), c) != table.keys.end()) continue;
      if (c == table.sequence_by || c.rfind('_', 0) == 0) continue;  // metadata columns
      tracked.push_back(c);
    }
  }
  if (tracked.empty()) tracked.push_back(table.sequence_by);
  std::string keys = List(table.keys);
  std::string seq = duck::QuoteIdentifier(table.sequence_by);
  std::string window = "OVER (PARTITION BY " + keys + " ORDER BY __ingot_seq)";
  // One row per key and sequence value from the batch.
  std::string batch = "SELECT *, " + seq +
                      " AS __ingot_seq, 1 AS __ingot_src FROM (SELECT DISTINCT ON (" + keys + ", " +
                      seq + ") * FROM " + source + " ORDER BY " + keys + ", " + seq + ")";
  std::string chain = batch;
  std::string kept;
  if (!existing.empty()) {
    std::string affected = "(SELECT DISTINCT " + keys + " FROM " + source + ")";
    // The current version of each key the batch touches joins the chain; closed history stays.
    chain =
        "SELECT * EXCLUDE (_valid_from, _valid_to, _is_current), _valid_from AS __ingot_seq, 0 AS "
        "__ingot_src FROM " +
        existing + " SEMI JOIN " + affected + " USING (" + keys +
        ") WHERE _is_current UNION ALL BY NAME " + batch;
    kept = "SELECT * FROM " + existing + " WHERE NOT _is_current UNION ALL SELECT * FROM " +
           existing + " ANTI JOIN " + affected + " USING (" + keys + ") WHERE _is_current";
  }
  // Batch rows not newer than a key's current version are history already recorded (or late
  // data, which scd2 does not re-thread into closed history): they are left out.
  std::string newer =
      "SELECT * EXCLUDE (__ingot_floor) FROM (SELECT *, max(CASE WHEN __ingot_src = 0 "
      "THEN __ingot_seq END) OVER (PARTITION BY " +
      keys + ") AS __ingot_floor FROM (" + chain +
      ")) WHERE __ingot_src = 0 OR __ingot_floor IS NULL OR __ingot_seq > __ingot_floor";
  std::string dedup = "SELECT DISTINCT ON (" + keys + ", __ingot_seq) * FROM (" + newer +
                      ") ORDER BY " + keys + ", __ingot_seq, __ingot_src";
  std::string flagged = "SELECT *, lag(row(" + List(tracked) + ")) " + window +
                        " AS __ingot_prev, row(" + List(tracked) + ") AS __ingot_cur FROM (" +
                        dedup + ")";
  std::string versions =
      "SELECT * EXCLUDE (__ingot_seq, __ingot_src, __ingot_prev, __ingot_cur, __ingot_next), "
      "__ingot_seq AS _valid_from, __ingot_next AS _valid_to, __ingot_next IS NULL AS _is_current "
      "FROM (SELECT *, lead(__ingot_seq) " +
      window + " AS __ingot_next FROM (" + flagged +
      ") WHERE __ingot_prev IS NULL OR __ingot_prev IS DISTINCT FROM __ingot_cur)";
  return {.kept = kept, .changes = versions};
}

}  // namespace ingot::pipeline::internal
