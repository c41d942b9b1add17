// SPDX-License-Identifier: MIT
#include "pinstdin.h"

#include <QFile>

#include <cstdio>

namespace paydesk::cli {

Result<QString, CliError> readPinFromStdin()
{
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly))
        return CliError::usage(QStringLiteral("standard input cannot be read: pipe the PIN into --pin-stdin"));
    QByteArray line = in.readLine(64);
    while (line.endsWith('\n') || line.endsWith('\r'))
        line.chop(1);
    if (line.isEmpty())
        return CliError::usage(QStringLiteral("no PIN on standard input: pipe one line with the PIN into --pin-stdin"));
    return QString::fromUtf8(line);
}

} // namespace paydesk::cli
