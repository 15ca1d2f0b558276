#include "host/store.hpp"

#include <memory>

#include "host/store_sql.hpp"
#include "parley/error.hpp"

namespace parley::host {

namespace {
bool is_postgres(const std::string& db) {
  return db.rfind("postgresql://", 0) == 0 || db.rfind("postgres://", 0) == 0;
}
}  // namespace

std::unique_ptr<Store> open_store(const std::string& db) {
  return is_postgres(db) ? open_postgres_store(db, true) : open_sqlite_store(db, true);
}

std::unique_ptr<Store> open_store_for_reading(const std::string& db) {
  return is_postgres(db) ? open_postgres_store(db, false) : open_sqlite_store(db, false);
}

Entry entry_of(std::int64_t seq, std::string time, std::string actor, std::string action, const std::string& detail,
               std::string prev, std::string hash) {
  Entry e;
  e.seq = seq;
  e.time = std::move(time);
  e.actor = std::move(actor);
  e.action = std::move(action);
  Diagnostics diags;
  auto tree = doc::parse_json(detail, std::make_shared<const std::string>("audit detail"), diags);
  if (!tree) throw Error(ExitCode::internal, "an audit entry's detail is not JSON");
  e.detail = std::move(*tree);
  e.prev = std::move(prev);
  e.hash = std::move(hash);
  return e;
}

}  // namespace parley::host
