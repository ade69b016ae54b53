#pragma once

#include <QString>

#include <memory>

namespace ib {

class SecretStore;

// Which store the desktop app and the CLI open, decided the same way for both:
// --db if given, else $IMAGEBUILDER_DB, else the Team Store setting (ib::Settings, which
// the app's Settings > Team Store writes), else the SQLite file in the app's data folder.
class StoreLocation final
{
public:
    StoreLocation() = delete;

    // The variable through which a process hands a PostgreSQL password to a child of its
    // own (the CLI's background build): the environment of a process is readable only by
    // its user, unlike a command line; the child takes it out at once.
    static constexpr const char *PasswordVariable = "IMAGEBUILDER_DB_PASSWORD";

    static QString resolve(const QString &explicitLocation = {});
    // The setting alone (empty: the default SQLite file): Settings::Key::StoreLocation.
    static QString configured();

    // Where a PostgreSQL store's password comes from: the one handed down by the parent
    // process (removed from the environment here, so no grandchild inherits it), else the
    // OS keychain. Null for SQLite. libpq's ~/.pgpass stays the fallback either way.
    static std::unique_ptr<SecretStore> passwordSource(const QString &location);
};

}  // namespace ib
