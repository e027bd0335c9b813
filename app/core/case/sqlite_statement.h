#pragma once
// A prepared SQLite statement that finalises itself, with typed binds and
// columns. Used only by CaseStore, under the mutex of its connection. Not
// thread-safe.
#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <vector>

namespace interceptor {

class SqliteStatement {
  public:
    SqliteStatement(sqlite3* db, const std::string& sql) : db_(db) {
        if (sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &stmt_, nullptr) !=
            SQLITE_OK)
            error_ = sqlite3_errmsg(db);
    }
    ~SqliteStatement() { sqlite3_finalize(stmt_); }
    SqliteStatement(const SqliteStatement&) = delete;
    SqliteStatement& operator=(const SqliteStatement&) = delete;

    // Binds are numbered from 1, as in SQL; each returns *this to chain.
    SqliteStatement& bind(int i, std::int64_t v) { return check(sqlite3_bind_int64(stmt_, i, v)); }
    SqliteStatement& bind(int i, int v) { return bind(i, static_cast<std::int64_t>(v)); }
    SqliteStatement& bind(int i, bool v) { return bind(i, static_cast<std::int64_t>(v ? 1 : 0)); }
    SqliteStatement& bind(int i, double v) { return check(sqlite3_bind_double(stmt_, i, v)); }
    SqliteStatement& bind(int i, const std::string& v) {
        return check(
            sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
    }
    SqliteStatement& bind_blob(int i, const void* data, std::size_t size) {
        return check(sqlite3_bind_blob64(stmt_, i, data, size, SQLITE_TRANSIENT));
    }
    SqliteStatement& bind_null(int i) { return check(sqlite3_bind_null(stmt_, i)); }

    // True while there is a row; false at the end or on an error (see error()).
    bool step() {
        if (!error_.empty()) return false;
        const int rc = sqlite3_step(stmt_);
        if (rc == SQLITE_ROW) return true;
        if (rc != SQLITE_DONE) error_ = sqlite3_errmsg(db_);
        return false;
    }
    // Runs a statement that returns no rows.
    bool run() {
        step();
        return error_.empty();
    }

    // A column read both ways, for one-value queries.
    struct Value {
        std::int64_t integer = 0;
        std::string text;
    };
    Value value(int c) const { return {integer(c), text(c)}; }

    std::int64_t integer(int c) const { return sqlite3_column_int64(stmt_, c); }
    double real(int c) const { return sqlite3_column_double(stmt_, c); }
    bool is_null(int c) const { return sqlite3_column_type(stmt_, c) == SQLITE_NULL; }
    std::string text(int c) const {
        const auto* p = sqlite3_column_text(stmt_, c);
        return p ? std::string(reinterpret_cast<const char*>(p),
                               static_cast<std::size_t>(sqlite3_column_bytes(stmt_, c)))
                 : std::string();
    }
    std::vector<unsigned char> blob(int c) const {
        const auto* p = static_cast<const unsigned char*>(sqlite3_column_blob(stmt_, c));
        return p ? std::vector<unsigned char>(p, p + sqlite3_column_bytes(stmt_, c))
                 : std::vector<unsigned char>();
    }

    const std::string& error() const { return error_; }

  private:
    SqliteStatement& check(int rc) {
        if (rc != SQLITE_OK && error_.empty()) error_ = sqlite3_errmsg(db_);
        return *this;
    }
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
    std::string error_;
};

}  // namespace interceptor
