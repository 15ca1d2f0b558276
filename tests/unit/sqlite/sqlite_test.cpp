// The SQLite access layer both stores use (src/sqlite): values bound and read back, transactions that roll back
// unless committed, and SQLite's failures as parley's errors naming the store's kind.
#include "sqlite/sqlite.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "../test_support.hpp"
#include "parley/error.hpp"

namespace parley::sqlite {
namespace {

std::string fresh(const std::string& name) {
  const auto path = test::scratch_dir("sqlite") / name;
  std::filesystem::remove(path);
  return path.string();
}

TEST(Sqlite, BindsRunsAndReadsBack) {
  Connection db(fresh("values.db"), Open::create, "test store");
  db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, note TEXT)");
  db.run("INSERT INTO t (name, note) VALUES (?, ?)", {std::string_view("ru"), std::string_view("a \0 b", 5)});
  EXPECT_EQ(db.last_insert_rowid(), 1);
  Statement insert(db, "INSERT INTO t (name) VALUES (?)");
  for (const char* name : {"ua", "us"}) {
    insert.bind(1, std::string_view(name));
    insert.run();  // reset, so that it runs again
  }
  EXPECT_EQ(db.integer("SELECT count(*) FROM t"), 3);
  db.run("UPDATE t SET note = 'x' WHERE name <> ?", {std::string_view("ru")});
  EXPECT_EQ(db.changes(), 2);
  std::vector<std::string> names;
  std::optional<std::string> note_of_ru;
  db.run("SELECT name, note FROM t WHERE id >= ? ORDER BY id", {std::int64_t{1}}, [&](const Statement& s) {
    names.push_back(s.text(0));
    if (s.text(0) == "ru") note_of_ru = s.optional_text(1);
  });
  EXPECT_EQ(names, (std::vector<std::string>{"ru", "ua", "us"}));
  EXPECT_EQ(*note_of_ru, std::string("a \0 b", 5));  // text keeps its length, NUL included
  Statement empty(db, "SELECT note FROM t WHERE name = 'nobody'");
  EXPECT_FALSE(empty.step());
  EXPECT_EQ(db.integer("SELECT id FROM t WHERE name = 'nobody'"), 0);
}

TEST(Sqlite, ATransactionRollsBackUnlessCommitted) {
  Connection db(fresh("transactions.db"), Open::create, "test store");
  db.exec("CREATE TABLE t (x INTEGER)");
  {
    Transaction t(db);
    db.run("INSERT INTO t VALUES (1)");
  }
  EXPECT_EQ(db.integer("SELECT count(*) FROM t"), 0);
  {
    Transaction t(db);
    db.run("INSERT INTO t VALUES (2)");
    t.commit();
  }
  EXPECT_EQ(db.integer("SELECT sum(x) FROM t"), 2);
}

TEST(Sqlite, FailuresAreParleysErrorsNamingTheKindOfStore) {
  const std::string text = fresh("not-a-db.db");
  std::ofstream(text)
      << "parley: 1\ntitle: a scenario, not a database, long enough to have a header's worth of bytes\n";
  Connection db(text, Open::read_write, "run store");
  try {
    (void)db.integer("PRAGMA user_version");
    FAIL() << "read a text file as a database";
  } catch (const DataError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("not a parley run store (", 0), 0U) << e.what();
    EXPECT_EQ(e.where(), text);
  }
  try {
    Connection missing(fresh("missing.db"), Open::read_write, "negotiation store");
    FAIL() << "opened a missing file for reading";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("cannot open the negotiation store"), std::string::npos) << e.what();
  }
  Connection ok(fresh("syntax.db"), Open::create, "run store");
  try {
    ok.exec("NOT SQL", "creating the schema");
    FAIL() << "ran a statement that is not SQL";
  } catch (const OutputError& e) {
    EXPECT_NE(std::string(e.what()).find(": creating the schema: "), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace parley::sqlite
