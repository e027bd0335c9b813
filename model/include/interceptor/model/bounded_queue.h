#pragma once
// A blocking FIFO with a fixed capacity between two pipeline stages: push()
// waits while it is full (no frame is ever dropped), pop() waits while it is
// empty. close() wakes everyone: pushes then fail (leaving the value with the
// caller), pops drain what is left. take_all() empties it at once (cancelling
// what is queued). The one queue type of the project. Thread-safe.
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>

namespace interceptor {

template <typename T>
class BoundedQueue {
  public:
    explicit BoundedQueue(std::size_t capacity) : capacity_(capacity ? capacity : 1) {}

    // False when closed; the value is then not moved from.
    bool push(T&& value) {
        std::unique_lock<std::mutex> lock(mutex_);
        changed_.wait(lock, [&] { return items_.size() < capacity_ || closed_; });
        if (closed_) return false;
        items_.push_back(std::move(value));
        changed_.notify_all();
        return true;
    }

    std::optional<T> pop() {
        std::unique_lock<std::mutex> lock(mutex_);
        changed_.wait(lock, [&] { return !items_.empty() || closed_; });
        if (items_.empty()) return std::nullopt;
        T value = std::move(items_.front());
        items_.pop_front();
        changed_.notify_all();
        return value;
    }

    std::deque<T> take_all() {
        std::deque<T> all;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            all.swap(items_);
        }
        changed_.notify_all();
        return all;
    }

    void close() {
        std::lock_guard<std::mutex> lock(mutex_);
        closed_ = true;
        changed_.notify_all();
    }

  private:
    std::mutex mutex_;  // guards items_ and closed_
    std::condition_variable changed_;
    std::deque<T> items_;
    bool closed_ = false;
    const std::size_t capacity_;
};

}  // namespace interceptor
