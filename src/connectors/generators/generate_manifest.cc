#include "connectors/generators/generate_manifest.h"

#include <exception>

#include <nlohmann/json.hpp>

#include "common/macros.h"
#include "connectors/generators/calendar.h"
#include "storage/file_system.h"

namespace ingot::generators {
namespace {

using nlohmann::json;

constexpr int kManifestVersion = 1;

json ToJson(const GenerateManifest& m) {
  json batches = json::array();
  for (const BatchWindow& b : m.batches) {
    batches.push_back({{"first_id", b.first_id},
                       {"end_id", b.end_id},
                       {"start_date", FormatIsoDate(b.start_day)},
                       {"days", b.days},
                       {"dirty_rate", b.dirty_rate}});
  }
  return {{"generator", "ecommerce"},
          {"version", kManifestVersion},
          {"seed", m.params.seed},
          {"customers", m.params.customers},
          {"products", m.params.products},
          {"base_date", FormatIsoDate(m.params.base_day)},
          {"format", m.format == OutputFormat::kCsv ? "csv" : "json"},
          {"files", m.files},
          {"batches", batches}};
}

// nlohmann's accessors raise C++ exceptions on a wrong type: this adapter turns that into a Status.
Result<GenerateManifest> FromJson(const json& j) {
  try {
    if (j.at("generator").get<std::string>() != "ecommerce" ||
        j.at("version").get<int>() != kManifestVersion) {
      return Status::Corruption("not an ecommerce generator manifest of version ",
                                kManifestVersion);
    }
    GenerateManifest m;
    m.params.seed = j.at("seed").get<uint64_t>();
    m.params.customers = j.at("customers").get<int64_t>();
    m.params.products = j.at("products").get<int64_t>();
    INGOT_ASSIGN_OR_RAISE(m.params.base_day, ParseIsoDate(j.at("base_date").get<std::string>()));
    const std::string format = j.at("format").get<std::string>();
    if (format != "csv" && format != "json") return Status::Corruption("unknown format ", format);
    m.format = format == "csv" ? OutputFormat::kCsv : OutputFormat::kJson;
    m.files = j.at("files").get<int32_t>();
    for (const json& b : j.at("batches")) {
      BatchWindow batch;
      batch.first_id = b.at("first_id").get<int64_t>();
      batch.end_id = b.at("end_id").get<int64_t>();
      INGOT_ASSIGN_OR_RAISE(batch.start_day, ParseIsoDate(b.at("start_date").get<std::string>()));
      batch.days = b.at("days").get<int32_t>();
      batch.dirty_rate = b.at("dirty_rate").get<double>();
      if (!m.batches.empty() && m.batches.back().end_id != batch.first_id) {
        return Status::Corruption("batch ids are not contiguous");
      }
      m.batches.push_back(batch);
    }
    if (m.batches.empty() || m.params.customers < 1 || m.params.products < 1) {
      return Status::Corruption("no batches, customers or products");
    }
    return m;
  } catch (const std::exception& e) {
    return Status::Corruption(e.what());
  }
}

}  // namespace

std::string ManifestPath(const std::string& out_dir) { return out_dir + "/_ingot_generate.json"; }

Result<std::optional<GenerateManifest>> ReadManifest(storage::FileSystem* fs,
                                                     const std::string& out_dir) {
  const std::string path = ManifestPath(out_dir);
  Result<std::string> text = fs->ReadFile(path);
  if (!text.ok() && text.status().IsNotFound()) return std::optional<GenerateManifest>();
  INGOT_RETURN_NOT_OK(text.status());
  json j = json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Status::Corruption(path, ": not valid JSON");
  Result<GenerateManifest> manifest = FromJson(j);
  if (!manifest.ok()) return manifest.status().WithContext(path);
  return std::optional<GenerateManifest>(std::move(manifest).ValueOrDie());
}

Status WriteManifest(storage::FileSystem* fs, const std::string& out_dir,
                     const GenerateManifest& manifest) {
  return fs->WriteFileAtomic(ManifestPath(out_dir), ToJson(manifest).dump(2) + "\n");
}

}  // namespace ingot::generators
