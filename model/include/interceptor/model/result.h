#pragma once
// Errors as values at library boundaries: a Result holds either a value or a
// one-line, human-readable message that names what failed and why.
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

namespace interceptor {

struct Error {
    std::string message;
};

// The value of a Result that has nothing to return but success: Result<Done>.
struct Done {};

template <typename T>
class Result {
  public:
    Result(T value) : value_(std::move(value)) {}              // NOLINT: implicit by design
    Result(Error error) : error_(std::move(error.message)) {}  // NOLINT

    bool ok() const { return value_.has_value(); }
    explicit operator bool() const { return ok(); }
    const std::string& error() const { return error_; }

    T& value() {
        if (!value_) throw std::logic_error("Result::value() on an error: " + error_);
        return *value_;
    }
    const T& value() const { return const_cast<Result*>(this)->value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() { return value(); }

  private:
    std::optional<T> value_;
    std::string error_;
};

}  // namespace interceptor
