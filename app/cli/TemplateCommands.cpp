// imagebuilder-cli: template and catalog commands, one handler per verb.
#include "Cli.h"
#include "TableOutput.h"

#include "catalog/ApplicationCatalog.h"
#include "storage/Store.h"
#include "templates/TemplateExport.h"
#include "templates/TemplateService.h"
#include "templates/UserScript.h"
#include "util/InertText.h"

#include <QCommandLineParser>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

namespace ib::cli {

namespace {

struct ScriptInput
{
    bool ok = true;
    QByteArray bytes;
    QString error;
};

ScriptInput readScript(const QString &path)
{
    ScriptInput in;
    QFile file;
    bool opened = false;
    if (path == QLatin1String("-")) {
        opened = file.open(stdin, QIODevice::ReadOnly);
    } else {
        file.setFileName(path);
        opened = file.open(QIODevice::ReadOnly);
    }
    if (!opened) {
        in.ok = false;
        in.error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return in;
    }
    // One byte past the limit is enough to tell that it is too large.
    in.bytes = file.read(TemplateRules::MaxScriptBytes * 4 + 1);
    return in;
}

void printRuleMessages(QTextStream &err, const RuleMessages &messages)
{
    for (const auto &m : messages) {
        err << TemplateRules::fieldKey(m.field) << ": " << (m.severity == Severity::Warning ? QStringLiteral("warning: ") : QString())
            << inertForTerminal(m.message);
        if (m.fix == SuggestedFix::ConvertCrlf)
            err << " (add --convert-crlf to convert them)";
        err << '\n';
    }
}

QString option(const char *name)
{
    return QString::fromLatin1(name);
}

// The image test's fields (issue 19): the test script has the user script's rules.
void applyTestFlags(const QCommandLineParser &p, ImageTemplate &t, RuleMessages &inputErrors)
{
    if (p.isSet(option("no-test-script")))
        t.testScript.clear();
    if (p.isSet(option("test-script"))) {
        const auto in = readScript(p.value(option("test-script")));
        if (!in.ok)
            inputErrors.append({TemplateField::TestScript, Severity::Error, in.error});
        else if (const auto text = userscript::decode(in.bytes))
            t.testScript = p.isSet(option("convert-crlf")) ? userscript::convertCrlfToLf(*text) : *text;
        else
            inputErrors += TemplateRules::checkTestScriptBytes(in.bytes);
    }
    if (p.isSet(option("no-boot-test")))
        t.bootTest = false;
    if (p.isSet(option("boot-test")))
        t.bootTest = true;
}

// The template's fields from the flags of create and update; what cannot be read goes to
// inputErrors (one message per field, as the rules word them).
void applyTemplateFlags(const QCommandLineParser &p, bool isCreate, const TemplateService &service, ImageTemplate &t,
                        RuleMessages &inputErrors)
{
    if (p.isSet(option("name")))
        t.name = p.value(option("name"));
    if (p.isSet(option("os"))) {
        const auto value = p.value(option("os"));
        const auto colon = value.indexOf(QLatin1Char(':'));
        if (colon <= 0 || colon == value.size() - 1) {
            inputErrors.append(
                {TemplateField::Os, Severity::Error,
                 QStringLiteral("Write the OS as DISTRO:VERSION, e.g. debian:12 (see `catalog os`); \"%1\" is not.").arg(value)});
        } else {
            t.os.distro = value.left(colon).toLower();
            t.os.version = value.mid(colon + 1);
        }
    }
    if (p.isSet(option("no-apps")))
        t.applications.clear();
    if (p.isSet(option("app"))) {
        t.applications.clear();
        for (const auto &v : p.values(option("app")))
            for (const auto &id : v.split(QLatin1Char(','), Qt::SkipEmptyParts))
                t.applications.append(id.trimmed());
    }
    if (p.isSet(option("min-storage"))) {
        bool ok = false;
        const int gb = p.value(option("min-storage")).toInt(&ok);
        if (!ok)
            inputErrors.append({TemplateField::MinStorage, Severity::Error,
                                QStringLiteral("Minimum block storage must be a whole number of GB from %1 to %2; \"%3\" is not.")
                                    .arg(TemplateRules::MinStorageGb)
                                    .arg(TemplateRules::MaxStorageGb)
                                    .arg(p.value(option("min-storage")))});
        else
            t.minStorageGb = gb;
    } else if (isCreate) {
        t.minStorageGb = service.rules().applicationsMinimumGb(t.applications);
    }
    if (p.isSet(option("no-script")))
        t.userScript.clear();
    if (p.isSet(option("script"))) {
        const auto in = readScript(p.value(option("script")));
        if (!in.ok)
            inputErrors.append({TemplateField::UserScript, Severity::Error, in.error});
        else if (const auto text = userscript::decode(in.bytes))
            t.userScript = p.isSet(option("convert-crlf")) ? userscript::convertCrlfToLf(*text) : *text;
        else
            inputErrors += TemplateRules::checkUserScriptBytes(in.bytes);
    }
    if (p.isSet(option("description")))
        t.description = p.value(option("description"));
    applyTestFlags(p, t, inputErrors);
}

void printTemplate(QTextStream &out, const ImageTemplate &t, const ApplicationCatalog &catalog)
{
    const auto *osEntry = catalog.findOs(t.os.key());
    QStringList apps;
    for (const auto &id : t.applications) {
        const auto *a = catalog.findApp(id);
        apps.append(a ? QStringLiteral("%1 %2 (%3)").arg(a->name, a->versionFor(t.os.key()), id) : id);
    }
    out << "ID:            " << t.id << '\n'
        << "Name:          " << inertForLine(t.name) << '\n'
        << "OS:            " << (osEntry ? osEntry->name : inertForLine(t.os.key())) << " [" << inertForLine(t.os.key()) << "]\n"
        << "Applications:  " << (apps.isEmpty() ? QStringLiteral("none") : inertForLine(apps.join(QStringLiteral(", ")))) << '\n'
        << "Min storage:   " << t.minStorageGb << " GB\n"
        << "Description:   " << inertForTerminal(t.description) << '\n'
        << "Revision:      " << t.revision << '\n'
        << "Created:       " << t.createdAt.toString(Qt::ISODate) << '\n'
        << "Updated:       " << t.updatedAt.toString(Qt::ISODate) << '\n'
        << "User script:   " << (t.userScript.isEmpty() ? QStringLiteral("none") : QString()) << '\n';
    if (!t.userScript.isEmpty())
        out << inertForTerminal(t.userScript) << (t.userScript.endsWith(QLatin1Char('\n')) ? "" : "\n");
    out << "Boot test:     " << (t.bootTest ? "on" : "off") << '\n'
        << "Test script:   " << (t.testScript.isEmpty() ? QStringLiteral("none") : QString()) << '\n';
    if (!t.testScript.isEmpty())
        out << inertForTerminal(t.testScript) << (t.testScript.endsWith(QLatin1Char('\n')) ? "" : "\n");
}

QJsonObject osJson(const OsEntry &os)
{
    return QJsonObject{
        {QStringLiteral("key"), os.key()},           {QStringLiteral("type"), os.type},
        {QStringLiteral("distro"), os.distro},       {QStringLiteral("version"), os.version},
        {QStringLiteral("name"), os.name},           {QStringLiteral("family"), os.family},
        {QStringLiteral("loginUser"), os.loginUser}, {QStringLiteral("endOfSupport"), os.endOfSupport.toString(Qt::ISODate)}};
}

QJsonObject appJson(const Application &a)
{
    QJsonArray supports, conflicts, ports;
    for (const auto &s : a.supports)
        supports.append(QJsonObject{{QStringLiteral("os"), s.osKey}, {QStringLiteral("version"), s.version}});
    for (const auto &c : a.conflicts)
        conflicts.append(QJsonObject{{QStringLiteral("id"), c.id}, {QStringLiteral("reason"), c.reason}});
    for (int port : a.ports)
        ports.append(port);
    return QJsonObject{{QStringLiteral("id"), a.id},
                       {QStringLiteral("name"), a.name},
                       {QStringLiteral("category"), a.category},
                       {QStringLiteral("description"), a.description},
                       {QStringLiteral("minDiskGb"), a.minDiskGb},
                       {QStringLiteral("ports"), ports},
                       {QStringLiteral("supports"), supports},
                       {QStringLiteral("conflicts"), conflicts}};
}

QString appConflicts(const Application &a)
{
    QStringList conflicts;
    for (const auto &c : a.conflicts)
        conflicts.append(c.id);
    return conflicts.isEmpty() ? QStringLiteral("-") : conflicts.join(QLatin1Char(','));
}

QString appSupports(const Application &a)
{
    QStringList supports;
    for (const auto &s : a.supports)
        supports.append(QStringLiteral("%1 (%2)").arg(s.osKey, s.version));
    return supports.join(QStringLiteral(", "));
}

}  // namespace

int Cli::reportLookup(const Error &e)
{
    m_err << "error: " << inertForTerminal(e.message) << '\n';
    return e.kind == ErrorKind::NotFound ? NotFound : (e.kind == ErrorKind::Invalid ? Invalid : Failure);
}

int Cli::reportSave(const TemplateError &e)
{
    if (e.kind == ErrorKind::Invalid && !e.violations.isEmpty()) {
        printRuleMessages(m_err, e.violations);
        return Invalid;
    }
    m_err << "error: " << inertForTerminal(e.message) << '\n';
    if (e.kind == ErrorKind::Conflict)
        return Conflict;
    return e.kind == ErrorKind::NotFound ? NotFound : Failure;
}

int Cli::templateCommand(const QString &verb, const QStringList &args)
{
    QCommandLineParser p;
    p.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption name(QStringLiteral("name"), QString(), QStringLiteral("N"));
    const QCommandLineOption noApps(QStringLiteral("no-apps"));
    const QCommandLineOption noScript(QStringLiteral("no-script"));
    const QCommandLineOption noTestScript(QStringLiteral("no-test-script"));
    const QCommandLineOption revision(QStringLiteral("revision"), QString(), QStringLiteral("R"));
    const bool isCreate = verb == QLatin1String("create");
    const bool isUpdate = verb == QLatin1String("update");
    if (isCreate || isUpdate) {
        p.addOptions({name,
                      {QStringLiteral("os"), QString(), QStringLiteral("DISTRO:VERSION")},
                      {QStringLiteral("app"), QString(), QStringLiteral("ID")},
                      {QStringLiteral("min-storage"), QString(), QStringLiteral("GB")},
                      {QStringLiteral("script"), QString(), QStringLiteral("FILE")},
                      {QStringLiteral("description"), QString(), QStringLiteral("TEXT")},
                      QCommandLineOption(QStringLiteral("convert-crlf")),
                      {QStringLiteral("test-script"), QString(), QStringLiteral("FILE")},
                      QCommandLineOption(QStringLiteral("no-boot-test")),
                      QCommandLineOption(QStringLiteral("boot-test")),
                      noApps,
                      noScript,
                      noTestScript,
                      revision});
    } else if (verb == QLatin1String("list") || verb == QLatin1String("show") || verb == QLatin1String("revisions")) {
        p.addOption(QCommandLineOption(QStringLiteral("json")));
    } else if (verb == QLatin1String("import")) {
        p.addOption(name);
    } else if (verb != QLatin1String("delete") && verb != QLatin1String("export")) {
        m_err << "unknown command \"template " << verb << "\"\n\n";
        return usage(Invalid);
    }
    if (!p.parse(QStringList{QStringLiteral("template")} + args)) {
        m_err << p.errorText() << '\n';
        return Invalid;
    }
    const auto positional = p.positionalArguments();
    const bool needsTarget = !isCreate && verb != QLatin1String("list");
    if (needsTarget && positional.size() != 1) {
        m_err << "template " << verb << " needs exactly one " << (verb == QLatin1String("import") ? "FILE" : "ID-OR-NAME") << '\n';
        return Invalid;
    }
    if (!needsTarget && !positional.isEmpty()) {
        m_err << "unexpected argument \"" << positional.first() << "\"\n";
        return Invalid;
    }
    if ((isCreate || isUpdate) && p.isSet(QStringLiteral("boot-test")) && p.isSet(QStringLiteral("no-boot-test"))) {
        m_err << "give --boot-test or --no-boot-test, not both\n";
        return Invalid;
    }
    if (isCreate) {
        for (const auto *updateOnly : {&noApps, &noScript, &noTestScript, &revision}) {
            if (p.isSet(*updateOnly)) {
                m_err << "--" << updateOnly->names().constFirst() << " is for template update only\n";
                return Invalid;
            }
        }
    }
    if (const int s = openStore(); s != Ok)
        return s;
    if (isCreate || isUpdate)
        return templateSave(p, isCreate);
    if (verb == QLatin1String("list"))
        return templateList(p);
    if (verb == QLatin1String("import"))
        return templateImport(p);
    return templateOne(verb, p);
}

int Cli::templateSave(const QCommandLineParser &p, bool isCreate)
{
    TemplateService service(*m_store, ApplicationCatalog::builtin());
    ImageTemplate t;
    RuleMessages inputErrors;
    if (!isCreate) {
        auto found = m_store->findTemplate(p.positionalArguments().constFirst());
        if (!found)
            return reportLookup(found.error());
        t = found.value();
        if (p.isSet(option("revision"))) {
            bool ok = false;
            t.revision = p.value(option("revision")).toInt(&ok);
            if (!ok || t.revision < 1) {
                m_err << "revision: give the revision you edited as a whole number (the current one is " << found->revision << ")\n";
                return Invalid;
            }
        }
    } else {
        if (!p.isSet(option("name")))
            inputErrors.append({TemplateField::Name, Severity::Error, QStringLiteral("Enter a name for the template with --name.")});
        if (!p.isSet(option("os")))
            inputErrors.append(
                {TemplateField::Os, Severity::Error, QStringLiteral("Choose the OS with --os DISTRO:VERSION (see `catalog os`).")});
    }
    applyTemplateFlags(p, isCreate, service, t, inputErrors);
    if (!inputErrors.isEmpty()) {
        // Report what else is wrong too, so one round fixes everything.
        auto rest = service.validate(t);
        rest.removeIf([&](const RuleMessage &m) {
            return std::any_of(inputErrors.cbegin(), inputErrors.cend(), [&](const RuleMessage &e) { return e.field == m.field; });
        });
        printRuleMessages(m_err, inputErrors + rest);
        return Invalid;
    }
    auto saved = isCreate ? service.create(t) : service.update(t);
    if (!saved)
        return reportSave(saved.error());
    printRuleMessages(m_err, userscript::shellcheckWarnings(saved->userScript));
    auto testWarnings = userscript::shellcheckWarnings(saved->testScript);
    for (auto &m : testWarnings)
        m.field = TemplateField::TestScript;
    printRuleMessages(m_err, testWarnings);
    if (isCreate)
        m_out << saved->id << '\n';
    else
        m_out << saved->id << " revision " << saved->revision << '\n';
    return Ok;
}

int Cli::templateList(const QCommandLineParser &p)
{
    auto list = m_store->listTemplates();
    if (!list) {
        m_err << "error: " << inertForTerminal(list.error().message) << '\n';
        return Failure;
    }
    printRecords<ImageTemplate>(
        m_out, list.value(), p.isSet(option("json")), &ImageTemplate::toJson,
        {{"ID", [](const ImageTemplate &t) { return t.id.left(8); }},
         {"NAME", [](const ImageTemplate &t) { return t.name; }},
         {"OS", [](const ImageTemplate &t) { return t.os.key(); }},
         {"APPLICATIONS",
          [](const ImageTemplate &t) { return t.applications.isEmpty() ? QStringLiteral("-") : t.applications.join(QLatin1Char(',')); }},
         {"STORAGE", [](const ImageTemplate &t) { return QStringLiteral("%1 GB").arg(t.minStorageGb); }},
         {"REV", [](const ImageTemplate &t) { return QString::number(t.revision); }},
         {"UPDATED", [](const ImageTemplate &t) { return tableTime(t.updatedAt); }}});
    return Ok;
}

int Cli::templateImport(const QCommandLineParser &p)
{
    const auto path = p.positionalArguments().constFirst();
    QFile file;
    const bool opened =
        path == QLatin1String("-") ? file.open(stdin, QIODevice::ReadOnly) : (file.setFileName(path), file.open(QIODevice::ReadOnly));
    if (!opened) {
        m_err << "error: cannot read " << inertForLine(path) << ": " << file.errorString() << '\n';
        return Failure;
    }
    QJsonParseError parseError;
    const auto doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (doc.isNull() || !doc.isObject()) {
        m_err << "error: " << path << " is not a template export (invalid JSON: " << parseError.errorString() << " at offset "
              << parseError.offset << ")\n";
        return Invalid;
    }
    const auto root = doc.object();
    if (root.value(QStringLiteral("format")).toString() != QLatin1String(kTemplateExportFormat)) {
        m_err << "error: " << path << " is not a template export; make one with `template export`\n";
        return Invalid;
    }
    if (root.value(QStringLiteral("formatVersion")).toInt() != 1) {
        m_err << "error: " << path << " has export format version " << root.value(QStringLiteral("formatVersion")).toInt()
              << "; this Image Builder reads version 1, so update Image Builder\n";
        return Invalid;
    }
    auto t = ImageTemplate::contentFromJson(root.value(QStringLiteral("template")).toObject());
    if (p.isSet(option("name")))
        t.name = p.value(option("name"));
    auto saved = TemplateService(*m_store, ApplicationCatalog::builtin()).create(t);
    if (!saved) {
        const int status = reportSave(saved.error());
        if (std::any_of(saved.error().violations.cbegin(), saved.error().violations.cend(),
                        [](const RuleMessage &m) { return m.field == TemplateField::Name; }))
            m_err << "(import it under another name with --name)\n";
        return status;
    }
    m_out << saved->id << '\n';
    return Ok;
}

// show, revisions, delete, export: the verbs that act on one stored template.
int Cli::templateOne(const QString &verb, const QCommandLineParser &p)
{
    auto found = m_store->findTemplate(p.positionalArguments().constFirst());
    if (!found)
        return reportLookup(found.error());
    const ImageTemplate &t = found.value();
    const bool json = verb != QLatin1String("delete") && verb != QLatin1String("export") && p.isSet(option("json"));
    if (verb == QLatin1String("show")) {
        if (json)
            printJson(m_out, QJsonDocument(t.toJson()));
        else
            printTemplate(m_out, t, ApplicationCatalog::builtin());
        return Ok;
    }
    if (verb == QLatin1String("revisions")) {
        auto revisions = m_store->templateRevisions(t.id);
        if (!revisions) {
            m_err << "error: " << inertForTerminal(revisions.error().message) << '\n';
            return Failure;
        }
        printRecords<ImageTemplate>(m_out, revisions.value(), json, &ImageTemplate::toJson,
                                    {{"REV", [](const ImageTemplate &r) { return QString::number(r.revision); }},
                                     {"SAVED", [](const ImageTemplate &r) { return r.updatedAt.toString(Qt::ISODate); }},
                                     {"NAME", [](const ImageTemplate &r) { return r.name; }},
                                     {"OS", [](const ImageTemplate &r) { return r.os.key(); }},
                                     {"APPLICATIONS", [](const ImageTemplate &r) { return r.applications.join(QLatin1Char(',')); }},
                                     {"STORAGE", [](const ImageTemplate &r) { return QStringLiteral("%1 GB").arg(r.minStorageGb); }}});
        return Ok;
    }
    if (verb == QLatin1String("delete")) {
        if (auto removed = TemplateService(*m_store, ApplicationCatalog::builtin()).remove(t.id); !removed)
            return reportSave(removed.error());
        m_out << "deleted " << inertForLine(t.id) << " (" << inertForLine(t.name) << ")\n";
        return Ok;
    }
    printJson(m_out, QJsonDocument(templateExportDocument(t)));  // export
    return Ok;
}

int Cli::catalogCommand(const QString &verb, const QStringList &args)
{
    QCommandLineParser p;
    p.addOption(QCommandLineOption(QStringLiteral("json")));
    if (!p.parse(QStringList{QStringLiteral("catalog")} + args)) {
        m_err << p.errorText() << '\n';
        return Invalid;
    }
    const auto &catalog = ApplicationCatalog::builtin();
    const bool json = p.isSet(option("json"));
    if (verb == QLatin1String("os")) {
        printRecords<OsEntry>(m_out, catalog.operatingSystems(), json, &osJson,
                              {{"OS", [](const OsEntry &os) { return os.key(); }},
                               {"NAME", [](const OsEntry &os) { return os.name; }},
                               {"FAMILY", [](const OsEntry &os) { return os.family; }},
                               {"LOGIN USER", [](const OsEntry &os) { return os.loginUser; }},
                               {"END OF SUPPORT", [](const OsEntry &os) { return os.endOfSupport.toString(Qt::ISODate); }}});
        return Ok;
    }
    if (verb == QLatin1String("apps")) {
        printRecords<Application>(m_out, catalog.applications(), json, &appJson,
                                  {{"ID", [](const Application &a) { return a.id; }},
                                   {"NAME", [](const Application &a) { return a.name; }},
                                   {"CATEGORY", [](const Application &a) { return a.category; }},
                                   {"MIN DISK", [](const Application &a) { return QStringLiteral("%1 GB").arg(a.minDiskGb); }},
                                   {"CONFLICTS WITH", &appConflicts},
                                   {"OS (VERSION)", &appSupports}});
        return Ok;
    }
    m_err << "unknown command \"catalog " << verb << "\"\n\n";
    return usage(Invalid);
}

}  // namespace ib::cli
