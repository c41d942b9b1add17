// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <optional>
#include <utility>
#include <variant>

namespace paydesk {

// A failure that says what went wrong and, where it can, what to do about it.
// `code` is stable and machine-readable ("key_mismatch", "bad_signature");
// `message` is for people.
struct Error
{
    QString code;
    QString message;
};

// A value or the reason there is none. Small on purpose: std::expected is C++23
// and not yet everywhere PayDesk builds (MSVC, Debian 12's GCC in C++20 mode).
template<typename T, typename E = Error>
class [[nodiscard]] Result
{
public:
    Result(T value) : m_value(std::in_place_index<0>, std::move(value)) {}
    Result(E error) : m_value(std::in_place_index<1>, std::move(error)) {}

    bool ok() const { return m_value.index() == 0; }
    explicit operator bool() const { return ok(); }

    const T &value() const & { return std::get<0>(m_value); }
    T &value() & { return std::get<0>(m_value); }
    T &&value() && { return std::get<0>(std::move(m_value)); }
    const T *operator->() const { return &std::get<0>(m_value); }
    T *operator->() { return &std::get<0>(m_value); }
    const T &operator*() const & { return value(); }

    const E &error() const { return std::get<1>(m_value); }

private:
    std::variant<T, E> m_value;
};

template<typename E>
class [[nodiscard]] Result<void, E>
{
public:
    Result() = default;
    Result(E error) : m_error(std::move(error)) {}

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const E &error() const { return *m_error; }

private:
    std::optional<E> m_error;
};

inline Error makeError(QString code, QString message)
{
    return Error{std::move(code), std::move(message)};
}

} // namespace paydesk
