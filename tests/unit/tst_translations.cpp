// SPDX-License-Identifier: MIT
// The stores are in China: an untranslated string is a bug a cashier sees.
// Reads translations/paydesk_zh_CN.ts as lupdate wrote it and checks every
// message is translated, finished, and keeps the source's placeholders.

#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QXmlStreamReader>

namespace {

struct Message
{
    QString context;
    QString source;
    QStringList translations; // one, or the numerus forms
    bool unfinished = false;
    bool obsolete = false;
};

QList<Message> readTs(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1").arg(path);
        return {};
    }
    QList<Message> messages;
    QXmlStreamReader xml(&file);
    QString context;
    Message current;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            const auto name = xml.name();
            if (name == QLatin1String("name"))
                context = xml.readElementText();
            else if (name == QLatin1String("message"))
                current = Message { context, QString(), {}, false, false };
            else if (name == QLatin1String("source"))
                current.source = xml.readElementText();
            else if (name == QLatin1String("translation")) {
                const QString type = xml.attributes().value(QLatin1String("type")).toString();
                current.unfinished = type == QLatin1String("unfinished");
                current.obsolete = type == QLatin1String("obsolete") || type == QLatin1String("vanished");
                if (xml.readNext() == QXmlStreamReader::Characters && !xml.isWhitespace()) {
                    current.translations << xml.text().toString();
                }
            } else if (name == QLatin1String("numerusform")) {
                current.translations << xml.readElementText();
            }
        } else if (xml.isEndElement() && xml.name() == QLatin1String("message")) {
            messages << current;
            current = Message();
        }
    }
    if (xml.hasError())
        *error = QStringLiteral("%1: %2 at line %3").arg(path, xml.errorString()).arg(xml.lineNumber());
    return messages;
}

QSet<QString> placeholders(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("%(\\d+|n)"));
    QSet<QString> found;
    for (const auto &match : pattern.globalMatch(text))
        found.insert(match.captured(0));
    return found;
}

} // namespace

class TestTranslations : public QObject
{
    Q_OBJECT

private slots:
    void chineseIsComplete();
};

void TestTranslations::chineseIsComplete()
{
    QString error;
    const QList<Message> messages
        = readTs(QStringLiteral(PAYDESK_TRANSLATIONS_DIR "/paydesk_zh_CN.ts"), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY2(messages.size() > 50, "the Chinese translation holds too few messages: run the update_translations target");

    QStringList problems;
    for (const Message &m : messages) {
        if (m.obsolete)
            continue;
        const QString where = QStringLiteral("%1: \"%2\"").arg(m.context, m.source.left(60));
        if (m.unfinished || m.translations.isEmpty()
            || std::any_of(m.translations.begin(), m.translations.end(), [](const QString &t) { return t.isEmpty(); })) {
            problems << where + QStringLiteral(" is not translated");
            continue;
        }
        for (const QString &translation : m.translations) {
            if (placeholders(translation) != placeholders(m.source))
                problems << where + QStringLiteral(" has other placeholders in \"%1\"").arg(translation);
        }
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.mid(0, 40).join(QLatin1Char('\n'))
                                            + QStringLiteral("\n(%1 in all)").arg(problems.size())));
}

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"
