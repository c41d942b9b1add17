// SPDX-License-Identifier: MIT
// OrderNumber: the one rule for out_trade_no, parseable back to its till.
#include "payments/ordernumber.h"
#include "wechatpay/apitypes.h"

#include <QRegularExpression>
#include <QTest>
#include <QTimeZone>

using namespace paydesk;

class TestOrderNumber : public QObject
{
    Q_OBJECT

private slots:
    void numberSaysWhichTillMadeIt_data();
    void numberSaysWhichTillMadeIt();
    void numbersOfOtherShapesHaveNoTill_data();
    void numbersOfOtherShapesHaveNoTill();
};

void TestOrderNumber::numberSaysWhichTillMadeIt_data()
{
    QTest::addColumn<QString>("terminalId");
    QTest::addColumn<int>("length");
    QTest::addColumn<QString>("prefix");
    QTest::newRow("training") << QStringLiteral("TRAINING-01") << 32 << QStringLiteral("TRAINING-01");
    QTest::newRow("combined parent") << QStringLiteral("TRAINING-01") << 29 << QStringLiteral("TRAINING-01");
    QTest::newRow("underscore") << QStringLiteral("till_2") << 32 << QStringLiteral("till-2");
    QTest::newRow("spaces and dots") << QStringLiteral("Till 3.A") << 32 << QStringLiteral("Till3A");
    QTest::newRow("long") << QStringLiteral("STORE0042-TILL-07") << 29 << QStringLiteral("STORE0042-TI");
    QTest::newRow("no terminal id") << QString() << 32 << QStringLiteral("PD");
    QTest::newRow("only Chinese") << QStringLiteral("收银台") << 32 << QStringLiteral("PD");
    QTest::newRow("mixed") << QStringLiteral("收银台2") << 32 << QStringLiteral("2");
}

void TestOrderNumber::numberSaysWhichTillMadeIt()
{
    QFETCH(QString, terminalId);
    QFETCH(int, length);
    QFETCH(QString, prefix);
    const QDateTime at(QDate(2026, 12, 7), QTime(23, 59, 58), QTimeZone(8 * 3600));
    const QString no = OrderNumber::generate(terminalId, length, at);
    QCOMPARE(no.size(), length);
    QVERIFY2(isValidOutTradeNo(no), qPrintable(no));
    QVERIFY2(QRegularExpression(QStringLiteral("^[0-9A-Za-z-]{1,12}_[0-9]{12}[0-9A-Za-z]{4,}$")).match(no).hasMatch(),
             qPrintable(no));
    QCOMPARE(OrderNumber::prefix(terminalId), prefix);
    QCOMPARE(OrderNumber::terminalOf(no), prefix);
    QCOMPARE(OrderNumber::timeOf(no), at.toUTC());
    QVERIFY(OrderNumber::madeBy(no, terminalId));
    // A sub-order's suffix keeps the till.
    QVERIFY(OrderNumber::madeBy(no + QStringLiteral("S1"), terminalId));
    QVERIFY(!OrderNumber::madeBy(no, terminalId + QStringLiteral("9")) || prefix.size() == OrderNumber::MaxPrefix);
    QVERIFY(OrderNumber::generate(terminalId, length, at) != no); // the random part
}

void TestOrderNumber::numbersOfOtherShapesHaveNoTill_data()
{
    QTest::addColumn<QString>("number");
    QTest::newRow("before this rule") << QStringLiteral("PD261207155958a1B2c3D4");
    QTest::newRow("no time") << QStringLiteral("TILL-1_abc");
    QTest::newRow("short time") << QStringLiteral("TILL-1_2612071559xyzw");
    QTest::newRow("terminal too long") << QStringLiteral("ABCDEFGHIJKLM_261207155958xyzw");
    QTest::newRow("leading separator") << QStringLiteral("_261207155958xyzwabcd");
    QTest::newRow("merchant platform") << QStringLiteral("2026120712345678");
}

void TestOrderNumber::numbersOfOtherShapesHaveNoTill()
{
    QFETCH(QString, number);
    QCOMPARE(OrderNumber::terminalOf(number), QString());
    QVERIFY(!OrderNumber::timeOf(number).isValid());
    QVERIFY(!OrderNumber::madeBy(number, QStringLiteral("PD")));
}

QTEST_GUILESS_MAIN(TestOrderNumber)
#include "tst_ordernumber.moc"
