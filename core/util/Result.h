#pragma once

#include "util/TwoTexts.h"

#include <QString>

#include <optional>
#include <utility>
#include <variant>

namespace ib {

// The error half of a Result: a machine-readable kind and a sentence a person can act on.
// Each part of core has its own Kind enum; the default fits the common cases.
enum class ErrorKind {
    Invalid,      // the input breaks a rule; the message says what to change
    NotFound,     // no such template, build, image, ...
    Conflict,     // someone else changed it first (optimistic locking)
    InUse,        // refused because something still uses it
    Io,           // a file, a process or the database failed
    Unsupported,  // not possible on this machine or with this input
    Cancelled,
    Internal,
};

template <typename Kind = ErrorKind>
struct BasicError
{
    Kind kind{};
    QString message;         // English: logs, build failure causes (shared in the store), the CLI
    QString shownMessage{};  // the user's language for the GUI, when core has it (TwoTexts)

    // What a GUI label shows: the translated sentence where there is one, else the English.
    const QString &shown() const { return shownMessage.isEmpty() ? message : shownMessage; }
};

using Error = BasicError<ErrorKind>;

// A value or an error, in the manner of std::expected (C++23, not in GCC 12's C++20).
template <typename T, typename E = Error>
class [[nodiscard]] Result
{
public:
    Result(T value)
        : m_data(std::in_place_index<0>, std::move(value))
    {}  // NOLINT: implicit by design
    Result(E error)
        : m_data(std::in_place_index<1>, std::move(error))
    {}  // NOLINT: implicit by design

    bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }

    T &value() & { return std::get<0>(m_data); }
    const T &value() const & { return std::get<0>(m_data); }
    T &&value() && { return std::get<0>(std::move(m_data)); }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }
    T &operator*() & { return value(); }
    const T &operator*() const & { return value(); }

    const E &error() const { return std::get<1>(m_data); }

private:
    std::variant<T, E> m_data;
};

template <typename E>
class [[nodiscard]] Result<void, E>
{
public:
    Result() = default;
    Result(E error)
        : m_error(std::move(error))
    {}  // NOLINT: implicit by design

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const E &error() const { return *m_error; }

private:
    std::optional<E> m_error;
};

inline Error makeError(ErrorKind kind, QString message)
{
    return Error{kind, std::move(message), {}};
}

// English for the log, the user's language for the GUI (shown()).
inline Error makeError(ErrorKind kind, const TwoTexts &texts)
{
    return Error{kind, texts.english, texts.shown};
}

}  // namespace ib
