#pragma once

#include <QCoreApplication>
#include <QString>

namespace ib {

// A sentence core says in two languages at once: English for logs (a build log is shared in
// the store and read by anyone, so it stays in one language) and the user's language for the
// GUI (QCoreApplication::translate, through the translator the GUI installs; the CLI installs
// none, so there both are English).
//
// `source` must be marked for lupdate where it is written: QT_TR_NOOP inside a class that has
// Q_DECLARE_TR_FUNCTIONS (its context is the class), or QT_TRANSLATE_NOOP(context, ...).
struct TwoTexts
{
    QString english;
    QString shown;

    static TwoTexts of(const char *context, const char *source)
    {
        return {QString::fromUtf8(source), QCoreApplication::translate(context, source)};
    }
    // Both texts take the same argument (a name, a path, an error from the system).
    TwoTexts arg(const QString &a) const { return {english.arg(a), shown.arg(a)}; }
    // Each text takes the other's text in its own language.
    TwoTexts arg(const TwoTexts &a) const { return {english.arg(a.english), shown.arg(a.shown)}; }
};

}  // namespace ib
