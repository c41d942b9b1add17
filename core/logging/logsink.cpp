// SPDX-License-Identifier: MIT
#include "logsink.h"

#include "redaction.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QLoggingCategory>
#include <QMutex>

#include <cstdio>
#include <memory>

namespace paydesk {

namespace {

struct SinkState
{
    QMutex mutex;
    LogSink::Options options;
    std::unique_ptr<QFile> file;
    QtMessageHandler previous = nullptr;
};

SinkState &state()
{
    static SinkState s;
    return s;
}

QString fileName(int index)
{
    const auto &o = state().options;
    return QDir(o.folder).filePath(index == 0 ? o.baseName + QStringLiteral(".log")
                                              : QStringLiteral("%1.%2.log").arg(o.baseName).arg(index));
}

void openFile()
{
    auto &s = state();
    s.file.reset();
    if (s.options.folder.isEmpty())
        return;
    QDir().mkpath(s.options.folder);
    auto file = std::make_unique<QFile>(fileName(0));
    if (file->open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text)) {
        file->setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        s.file = std::move(file);
    }
}

void rotateIfNeeded()
{
    auto &s = state();
    if (!s.file || s.file->size() < s.options.maxBytes)
        return;
    s.file.reset();
    QFile::remove(fileName(s.options.keepFiles - 1));
    for (int i = s.options.keepFiles - 2; i >= 0; --i)
        QFile::rename(fileName(i), fileName(i + 1));
    openFile();
}

const char *levelName(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg: return "debug";
    case QtInfoMsg: return "info";
    case QtWarningMsg: return "warning";
    case QtCriticalMsg: return "critical";
    case QtFatalMsg: return "fatal";
    }
    return "?";
}

void handler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    const QString line = QStringLiteral("%1 %2 %3: %4\n")
                             .arg(QDateTime::currentDateTime().toString(Qt::ISODateWithMs),
                                  QLatin1String(levelName(type)),
                                  QLatin1String(context.category ? context.category : "default"),
                                  Redaction::redact(message));
    const QByteArray bytes = line.toUtf8();
    auto &s = state();
    {
        QMutexLocker lock(&s.mutex);
        if (s.file) {
            s.file->write(bytes);
            s.file->flush();
            rotateIfNeeded();
        }
        if (s.options.alsoStderr) {
            std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
            std::fflush(stderr);
        }
    }
    if (type == QtFatalMsg)
        std::abort();
}

} // namespace

void LogSink::install(const Options &options)
{
    auto &s = state();
    {
        QMutexLocker lock(&s.mutex);
        s.options = options;
        if (s.options.keepFiles < 1)
            s.options.keepFiles = 1;
        openFile();
    }
    if (!options.rules.isEmpty())
        QLoggingCategory::setFilterRules(options.rules);
    QtMessageHandler previous = qInstallMessageHandler(handler);
    if (previous != handler)
        s.previous = previous;
}

void LogSink::uninstall()
{
    auto &s = state();
    qInstallMessageHandler(s.previous);
    QMutexLocker lock(&s.mutex);
    s.file.reset();
}

QString LogSink::currentFile()
{
    auto &s = state();
    QMutexLocker lock(&s.mutex);
    return s.file ? s.file->fileName() : QString();
}

} // namespace paydesk
