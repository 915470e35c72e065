// Golden tables with deletion vectors, column mapping and type widening, read row by row through
// delta_scan, and damaged copies whose errors must name the table, version, file and feature.
// The fixture and the plain tables are in golden_rows.h and golden_delta_rows_test.cc.

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "delta/log/deletion_vector.h"
#include "golden_rows.h"

namespace ingot::golden {
namespace {

namespace fs = std::filesystem;
using ::testing::AnyOf;
using ::testing::HasSubstr;
using ::testing::Not;

// ---------------------------------------------------------------------------------------------
// Deletion vectors

TEST_F(GoldenRows, BasicDvNoCheckpoint) {
  COPY(root, "basic-dv-no-checkpoint");
  EXPECT_EQ(Columns(Scan(root)), "id BIGINT");
  ExpectScan(Scan(root, 0), "*", "SELECT range FROM range(10)", "version 0");
  // v1: DELETE id < 2 through a DV.
  ExpectScan(Scan(root, 1), "*", "SELECT range FROM range(2, 10)", "version 1");
  ExpectScan(Scan(root), "*", "SELECT range FROM range(2, 10)", "latest");
  // Filters and projections still see only the live rows.
  EXPECT_EQ(Count(Scan(root) + " WHERE id < 5"), 3);
  EXPECT_EQ(Scalar("SELECT min(id) FROM " + Scan(root)), "2");
}

TEST_F(GoldenRows, BasicDvWithCheckpointEveryVersion) {
  COPY(root, "basic-dv-with-checkpoint");
  EXPECT_EQ(Columns(Scan(root)), "id BIGINT");
  // Version v deleted the ids 0, 11, ..., 11 * (v - 1), one DELETE per commit; checkpoints at 10,
  // 20, 30 and 40.
  for (int v = 0; v <= 46; ++v) {
    ExpectScan(Scan(root, v), "*",
               "SELECT range FROM range(500) WHERE NOT (range % 11 = 0 AND range < 11 * " +
                   std::to_string(v) + ")",
               "version " + std::to_string(v));
  }
  EXPECT_EQ(Count(Scan(root)), 454);
  ExpectScan(Scan(root), "*", "SELECT range FROM range(500) WHERE range % 11 <> 0", "latest");
}

TEST_F(GoldenRows, DvPartitionedWithCheckpointEveryVersion) {
  COPY(root, "dv-partitioned-with-checkpoint");
  EXPECT_EQ(Columns(Scan(root)), "part INTEGER, col1 INTEGER, col2 VARCHAR");
  // 50 rows (x % 10, x, 'foo' || x % 5); version v deleted col1 = 0, 2, ..., 2 * (v - 1).
  for (int v = 0; v <= 15; ++v) {
    ExpectScan(Scan(root, v), "*",
               "SELECT (x % 10)::INTEGER, x::INTEGER, 'foo' || x % 5 FROM range(50) t(x) "
               "WHERE NOT (x % 2 = 0 AND x < 2 * " +
                   std::to_string(v) + ")",
               "version " + std::to_string(v));
  }
  EXPECT_EQ(Count(Scan(root)), 35);
  // Of the 15 rows with part >= 7, 8, 18 and 28 are deleted.
  EXPECT_EQ(Count(Scan(root) + " WHERE part >= 7 AND col1 >= 0"), 12);
  EXPECT_EQ(Count(Scan(root) + " WHERE part >= 7 AND col1 = 28"), 0);
  EXPECT_EQ(Count(Scan(root) + " WHERE part >= 7 AND col1 = 37"), 1);
}

// Log-only: one classic checkpoint at v108 whose data files are absent (delta-rs ships the log
// only). The snapshot loads (deletionVectors, rowTracking, clustering, domainMetadata) and a
// read fails on a missing data file of the table.
TEST_F(GoldenRows, TableWithDomainMetadataReadsItsLogOnly) {
  COPY(root, "table-with-domain-metadata");
  EXPECT_THAT(Error("SELECT count(*) FROM " + Scan(root)), HasSubstr(root + "/"));
  EXPECT_THAT(Error("SELECT count(*) FROM " + Scan(root)), Not(HasSubstr("reader feature")));
}

// ---------------------------------------------------------------------------------------------
// Column mapping and type widening

const char kMappedColumns[] =
    "ByteType TINYINT, ShortType SMALLINT, IntegerType INTEGER, LongType BIGINT, FloatType FLOAT, "
    "DoubleType DOUBLE, decimal DECIMAL(10,2), BooleanType BOOLEAN, StringType VARCHAR, "
    "BinaryType BLOB, DateType DATE, TimestampType TIMESTAMP WITH TIME ZONE, nested_struct "
    "STRUCT(aa VARCHAR, ac STRUCT(aca INTEGER)), array_of_prims INTEGER[], array_of_arrays "
    "INTEGER[][], array_of_map_of_arrays MAP(INTEGER, INTEGER[])[], array_of_structs STRUCT(ab "
    "INTEGER)[], struct_of_arrays_maps_of_structs STRUCT(aa INTEGER[], ab MAP(INTEGER[], "
    "STRUCT(aca INTEGER))), map_of_prims MAP(INTEGER, BIGINT), map_of_rows MAP(INTEGER, STRUCT(ab "
    "BIGINT)), map_of_arrays MAP(BIGINT, INTEGER[]), map_of_maps MAP(BIGINT, MAP(INTEGER, "
    "INTEGER))";

// Rows i = 0..4 of the column-mapped tables (GoldenTables), then an all-null row; the primitive
// columns and the first two nested ones.
const char kMappedRows[] =
    "SELECT i::TINYINT, i::SMALLINT, i::INTEGER, i::BIGINT, i::FLOAT, i::DOUBLE, "
    "i::DECIMAL(10,2), i % 2 = 0, i::VARCHAR, i::VARCHAR::BLOB, DATE '2021-11-18', "
    "make_timestamptz(i * 1000), {'aa': i::VARCHAR, 'ac': {'aca': i::INTEGER}}, "
    "[i::INTEGER, (i + 1)::INTEGER] FROM range(5) t(i) UNION ALL SELECT NULL, NULL, NULL, NULL, "
    "NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL";

TEST_F(GoldenRows, ColumnMappingNameIdAndIcebergCompatV2) {
  COPY(name, "table-with-columnmapping-mode-name");
  COPY(id, "table-with-columnmapping-mode-id");
  COPY(iceberg, "table-with-icebegCompatV2Enabled");
  const std::string primitive =
      "ByteType, ShortType, IntegerType, LongType, FloatType, DoubleType, decimal, BooleanType, "
      "StringType, BinaryType, DateType, TimestampType, nested_struct, array_of_prims";
  for (const std::string& root : {name, id, iceberg}) {
    EXPECT_EQ(Columns(Scan(root)), kMappedColumns) << root;
    ExpectScan(Scan(root), primitive, kMappedRows, root);
    // Every nested column is read (5 non-null values each), not silently NULL.
    EXPECT_EQ(Scalar("SELECT count(array_of_arrays) || count(array_of_map_of_arrays) || "
                     "count(array_of_structs) || count(struct_of_arrays_maps_of_structs) || "
                     "count(map_of_prims) || count(map_of_rows) || count(map_of_arrays) || "
                     "count(map_of_maps) FROM " +
                     Scan(root)),
              "55555555")
        << root;
  }
  // The three tables hold the same rows, nested columns included.
  ExpectScan(Scan(id), "*", "SELECT * FROM " + Scan(name), "id mode vs name mode");
  ExpectScan(Scan(iceberg), "*", "SELECT * FROM " + Scan(name), "icebergCompatV2 vs name mode");
  EXPECT_EQ(Scalar("SELECT to_json(struct_pack(array_of_arrays, array_of_map_of_arrays, "
                   "array_of_structs, struct_of_arrays_maps_of_structs, map_of_prims, "
                   "map_of_rows, map_of_arrays, map_of_maps)) FROM " +
                   Scan(name) + " WHERE IntegerType = 3"),
            R"({"array_of_arrays":[[3,4],[5,6]],"array_of_map_of_arrays":[{"3":[2,3],"4":[4,5]}],)"
            R"("array_of_structs":[{"ab":3},{"ab":3}],"struct_of_arrays_maps_of_structs":)"
            R"({"aa":[3,4],"ab":{"[3, 4]":{"aca":5}}},"map_of_prims":{"3":4,"5":6},)"
            R"("map_of_rows":{"4":{"ab":60}},"map_of_arrays":{"3":[3,null,4],"4":[]},)"
            R"("map_of_maps":{"3":{"3":3},"4":{"5":3}}})");
}

TEST_F(GoldenRows, TimestampNtzWithColumnMapping) {
  for (const char* table :
       {"data-reader-timestamp_ntz-name-mode", "data-reader-timestamp_ntz-id-mode"}) {
    COPY(root, table);
    EXPECT_EQ(Columns(Scan(root)), "id INTEGER, tsNtz TIMESTAMP, tsNtzPartition TIMESTAMP");
    EXPECT_EQ(Count(Scan(root, 0)), 0) << table;
    // The partition values are keyed by the partition column's physical name.
    ExpectScan(Scan(root), "id, epoch_us(tsNtz), epoch_us(tsNtzPartition)",
               "VALUES (0, 1637202600123456, 1637202600123456), "
               "(1, 1373043660123456, 1637202600123456), (2, NULL, 1637202600123456), "
               "(3, 1637202600123456, 1373043660123456), "
               "(4, 1373043660123456, 1373043660123456), (5, NULL, 1373043660123456), "
               "(6, 1637202600123456, NULL), (7, 1373043660123456, NULL), (8, NULL, NULL)",
               table);
    EXPECT_EQ(Count(Scan(root) + " WHERE tsNtzPartition = TIMESTAMP '2013-07-05 17:01:00.123456'"),
              3)
        << table;
  }
}

TEST_F(GoldenRows, TypeWideningUpcastsOldFiles) {
  COPY(root, "type-widening");
  EXPECT_EQ(Columns(Scan(root, 0)),
            "byte_long TINYINT, int_long INTEGER, float_double FLOAT, byte_double TINYINT, "
            "short_double SMALLINT, int_double INTEGER, decimal_decimal_same_scale DECIMAL(10,2), "
            "decimal_decimal_greater_scale DECIMAL(10,2), byte_decimal TINYINT, short_decimal "
            "SMALLINT, int_decimal INTEGER, long_decimal BIGINT, date_timestamp_ntz DATE");
  EXPECT_EQ(Columns(Scan(root)),
            "byte_long BIGINT, int_long BIGINT, float_double DOUBLE, byte_double DOUBLE, "
            "short_double DOUBLE, int_double DOUBLE, decimal_decimal_same_scale DECIMAL(20,2), "
            "decimal_decimal_greater_scale DECIMAL(20,5), byte_decimal DECIMAL(11,1), "
            "short_decimal DECIMAL(11,1), int_decimal DECIMAL(11,1), long_decimal DECIMAL(21,1), "
            "date_timestamp_ntz TIMESTAMP");
  EXPECT_EQ(Count(Scan(root, 0)), 1);
  EXPECT_EQ(Count(Scan(root, 1)), 1);
  // The v0 file keeps its narrow Parquet types and is upcast; the v2 file has the wide ones.
  ExpectScan(Scan(root), "*",
             "VALUES (1::BIGINT, 2::BIGINT, 3.4::FLOAT::DOUBLE, 5.0::DOUBLE, 6.0::DOUBLE, "
             "7.0::DOUBLE, 123.45::DECIMAL(20,2), 67.89::DECIMAL(20,5), 1.0::DECIMAL(11,1), "
             "2.0::DECIMAL(11,1), 3.0::DECIMAL(11,1), 4.0::DECIMAL(21,1), "
             "TIMESTAMP '2024-09-09 00:00:00'), "
             "(9223372036854775807, 9223372036854775807, 1.234567890123, 1.234567890123, "
             "1.234567890123, 1.234567890123, 12345678901234.56, 12345678901.23456, 123.4, "
             "12345.6, 1234567890.1, 123456789012345678.9, "
             "TIMESTAMP '2024-09-09 12:34:56.123456')");
}

// ---------------------------------------------------------------------------------------------
// Bad input: golden tables copied and damaged. Every error names the table, the version, the
// data file and the deletion vector (or the feature).

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void WriteAll(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

// Replaces the one occurrence of `from` in the file (a test failure when it is not there).
void ReplaceInFile(const std::string& path, const std::string& from, const std::string& to) {
  std::string text = ReadAll(path);
  size_t at = text.find(from);
  ASSERT_NE(at, std::string::npos) << from << " not in " << path;
  WriteAll(path, text.replace(at, from.size(), to));
}

constexpr char kDvFile[] = "deletion_vector_899cef78-06b3-4c14-b024-03860e62cd40.bin";
constexpr char kDvDataFile[] =
    "part-00000-a489737f-d477-4d9a-8b4a-bd6a6536df5b-c000.snappy.parquet";
constexpr char kDvDescriptor[] =
    R"({"storageType":"u","pathOrInlineDv":"IjB3V2d3#qUP%s94R0WF","offset":1,"sizeInBytes":36,)"
    R"("cardinality":2})";

class GoldenBadInput : public GoldenRows {
 protected:
  // A second copy of a table in the same test, under temp/<sub>/<table>.
  std::string CopyAs(const std::string& table, const std::string& sub) {
    fs::create_directories(temp_.path() + "/" + sub);
    return CopyGoldenTable(table, temp_.path() + "/" + sub);
  }

  // The error of reading basic-dv-no-checkpoint after `damage`, with the common context checked.
  std::string DvError(const std::string& root) {
    std::string error = Error("SELECT * FROM " + Scan(root));
    EXPECT_THAT(error, HasSubstr("table '" + root + "' version 1"));
    EXPECT_THAT(error, HasSubstr(std::string("data file ") + kDvDataFile));
    EXPECT_THAT(error, HasSubstr("deletion vector u:IjB3V2d3#qUP%s94R0WF@1"));
    // Version 0 has no DV and still reads.
    EXPECT_EQ(Count(Scan(root, 0)), 10);
    return error;
  }
};

TEST_F(GoldenBadInput, MissingDeletionVectorFile) {
  COPY(root, "basic-dv-no-checkpoint");
  fs::remove(root + "/" + kDvFile);
  std::string error = DvError(root);
  EXPECT_THAT(error, HasSubstr(root + "/" + kDvFile + " does not exist"));
}

TEST_F(GoldenBadInput, DeletionVectorChecksumMismatch) {
  COPY(root, "basic-dv-no-checkpoint");
  std::string bytes = ReadAll(root + "/" + kDvFile);
  ASSERT_EQ(bytes.size(), 45u);
  bytes[30] ^= 0x01;  // inside the bitmap (bytes 5..40)
  WriteAll(root + "/" + kDvFile, bytes);
  EXPECT_THAT(DvError(root), HasSubstr("checksum mismatch"));
}

TEST_F(GoldenBadInput, DeletionVectorPastTheEndOfItsFile) {
  COPY(root, "basic-dv-no-checkpoint");
  fs::resize_file(root + "/" + kDvFile, 30);
  std::string error = DvError(root);
  EXPECT_THAT(error, HasSubstr("runs past the end of " + root + "/" + kDvFile + " (30 bytes)"));
  // An offset beyond the file, with the file intact.
  std::string offset_root = CopyAs("basic-dv-no-checkpoint", "offset_root");
  ASSERT_FALSE(offset_root.empty());
  ReplaceInFile(offset_root + "/_delta_log/00000000000000000001.json", R"("offset":1,)",
                R"("offset":100,)");
  EXPECT_THAT(Error("SELECT * FROM " + Scan(offset_root)),
              HasSubstr("deletion vector at offset 100 with sizeInBytes 36 runs past the end"));
}

TEST_F(GoldenBadInput, DeletionVectorCardinalityAndSizeMismatch) {
  COPY(root, "basic-dv-no-checkpoint");
  ReplaceInFile(root + "/_delta_log/00000000000000000001.json", R"("cardinality":2)",
                R"("cardinality":3)");
  std::string error = Error("SELECT * FROM " + Scan(root));
  EXPECT_THAT(error, HasSubstr("holds 2 row indexes but its descriptor says cardinality=3"));
  EXPECT_THAT(error, HasSubstr(std::string("data file ") + kDvDataFile));

  std::string size_root = CopyAs("basic-dv-no-checkpoint", "size_root");
  ASSERT_FALSE(size_root.empty());
  ReplaceInFile(size_root + "/_delta_log/00000000000000000001.json", R"("sizeInBytes":36)",
                R"("sizeInBytes":32)");
  EXPECT_THAT(Error("SELECT * FROM " + Scan(size_root)),
              HasSubstr("size in the file is 36 bytes but its descriptor says sizeInBytes=32"));
}

TEST_F(GoldenBadInput, UnknownReaderFeatureIsRefusedByName) {
  COPY(root, "basic-dv-no-checkpoint");
  ReplaceInFile(root + "/_delta_log/00000000000000000000.json",
                R"("readerFeatures":["deletionVectors"])",
                R"("readerFeatures":["deletionVectors","fancyNewFeature"])");
  std::string error = Error("SELECT * FROM " + Scan(root));
  EXPECT_THAT(error, HasSubstr("table '" + root +
                               "' requires the reader feature "
                               "'fancyNewFeature'"));
  EXPECT_THAT(error, HasSubstr("which Ingot does not know"));
  // A known feature Ingot cannot read yet is named with the reason.
  std::string variant = CopyAs("basic-dv-no-checkpoint", "variant");
  ASSERT_FALSE(variant.empty());
  ReplaceInFile(variant + "/_delta_log/00000000000000000000.json",
                R"("readerFeatures":["deletionVectors"])",
                R"("readerFeatures":["deletionVectors","variantType"])");
  EXPECT_THAT(Error("SELECT * FROM " + Scan(variant)),
              HasSubstr("requires the reader feature 'variantType' (columns of type variant)"));
}

// The same deletion as an inline ('i') DV and as an absolute-path ('p') DV.
TEST_F(GoldenBadInput, InlineAndAbsolutePathDeletionVectors) {
  COPY(root, "basic-dv-no-checkpoint");
  std::string bitmap = delta::EncodeDeletionVectorBitmap({0, 1});
  std::string padded = bitmap + std::string((4 - bitmap.size() % 4) % 4, '\0');
  Result<std::string> z85 = delta::Z85Encode(padded);
  ASSERT_TRUE(z85.ok()) << z85.status();
  ReplaceInFile(root + "/_delta_log/00000000000000000001.json", kDvDescriptor,
                R"({"storageType":"i","pathOrInlineDv":")" + *z85 + R"(","sizeInBytes":)" +
                    std::to_string(bitmap.size()) + R"(,"cardinality":2})");
  ExpectScan(Scan(root), "*", "SELECT range FROM range(2, 10)", "inline DV");

  std::string absolute = CopyAs("basic-dv-no-checkpoint", "absolute");
  ASSERT_FALSE(absolute.empty());
  fs::create_directories(temp_.path() + "/elsewhere");
  fs::rename(absolute + "/" + kDvFile, temp_.path() + "/elsewhere/dv.bin");
  ReplaceInFile(absolute + "/_delta_log/00000000000000000001.json", kDvDescriptor,
                R"({"storageType":"p","pathOrInlineDv":"file://)" + temp_.path() +
                    R"(/elsewhere/dv.bin","offset":1,"sizeInBytes":36,"cardinality":2})");
  ExpectScan(Scan(absolute), "*", "SELECT range FROM range(2, 10)", "absolute-path DV");
}

}  // namespace
}  // namespace ingot::golden
